"""dendrite.Model: a dendritic ANN (Chavlis & Poirazi, Nat. Commun. 2025) trained from NumPy.

    model = dendrite.Model.variant("dann-grf", dendrites=16, somata=256, synapses=16,
                                   input_shape=(28, 28), classes=10)
    history = model.fit(x_train, y_train, epochs=15, batch_size=128, validation_split=0.1)
    model.evaluate(x_test, y_test)          # {"loss": ..., "accuracy": ...}
    model.predict(x_test[:5])               # float32 [5, 10] probabilities

Training, evaluation and prediction run in the C++ core with the GIL released (other Python
threads go on; two models may train at once in two threads). ``fit`` maps its options onto the
run configuration of ``dendrite train``: the same options, seed and threads give the same weights.
"""
from __future__ import annotations

import json
import os
import threading
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from dendrite import _arrays, _core
from dendrite.history import History, print_epoch

Callback = Callable[[Dict[str, Any]], Optional[bool]]
LayerLike = Mapping[str, Any]


def _path(path: Union[str, "os.PathLike[str]"], name: str = "path") -> str:
    try:
        text = os.fspath(path)
    except TypeError:
        raise ValueError(f"{name}: a file path is needed, got {path!r}") from None
    if not text:
        raise ValueError(f"{name}: the path is empty")
    return text


def _readable(path: Union[str, "os.PathLike[str]"]) -> str:
    text = _path(path)
    if not os.path.isfile(text):
        raise FileNotFoundError(2, "no such file", text)
    return text


_INT_MAX = 2 ** 63 - 1  # the largest integer option, as on the command line


def _positive(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 < value <= _INT_MAX:
        raise ValueError(f"{name}: must be a positive integer up to 2^63 - 1, got {value!r}")
    return int(value)


def _seed(value: Any, name: str = "seed") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value <= _INT_MAX:
        raise ValueError(f"{name}: must be an integer in [0, 2^63 - 1], got {value!r}")
    return int(value)


def _callbacks(callbacks: Union[None, Callback, Iterable[Callback]], verbose: bool) -> Optional[Callback]:
    listed: List[Callable[[Dict[str, Any]], Any]] = []
    if verbose:
        listed.append(print_epoch)  # from Python, so that a notebook shows it too
    if callbacks is not None:
        listed += [callbacks] if callable(callbacks) else list(callbacks)
    for c in listed:
        if not callable(c):
            raise ValueError(f"callbacks: {c!r} is not callable")
    if not listed:
        return None

    def every(metrics: Dict[str, Any]) -> bool:
        go_on = True
        for c in listed:
            if c(dict(metrics)) is False:
                go_on = False
        return go_on

    return every


# fit's keyword -> the core's TrainingConfig field (the one mapping; RunConfig's names in C++).
_FIT_OPTIONS = {
    "optimizer": "optimizer", "lr": "learning_rate", "momentum": "momentum", "weight_decay": "weight_decay",
    "lr_schedule": "lr_schedule", "warmup_epochs": "warmup_epochs", "lr_step_size": "lr_step_size",
    "lr_gamma": "lr_gamma", "lr_min": "lr_min", "lr_factor": "lr_factor", "lr_patience": "lr_patience",
    "min_delta": "min_delta", "restore_best": "restore_best", "shuffle": "shuffle",
}


class Model:
    """A dendritic (or dense) classifier with its weights.

    Build one with ``Model.variant(...)`` (the paper's variants by name), ``Model(layers=[...])``
    (layer by layer), ``Model.load(checkpoint)`` or ``Model.import_onnx(file)``.
    """

    def __init__(self, layers: Sequence[LayerLike], input_shape: Sequence[int] = (28, 28, 1),
                 classes: int = 10, seed: int = 1, name: str = "custom", normalize: str = "none") -> None:
        """A model layer by layer. Each layer is a dict: ``{"type": "dense", "units": 64,
        "activation": "relu"}`` or ``{"type": "dendritic", "dendrites": 16, "somata": 64,
        "synapses": 16, "input_connectivity": "lrf", "soma_connectivity": "block"}`` (optional:
        "dendrite_activation", "soma_activation", "dropout"). ``input_shape`` is one sample's shape
        ((features,), (height, width) or (height, width, channels)); ``seed`` draws the
        connectivity and the initial weights."""
        if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence):
            raise ValueError("layers: a list of layer dicts is needed")
        described = []
        for i, layer in enumerate(layers):
            if not isinstance(layer, Mapping):
                raise ValueError(f"layers[{i}]: a dict is needed, got {layer!r}")
            described.append(dict(layer))
        description = {"name": str(name), "input": list(_arrays.sample_shape(input_shape)),
                       "classes": _positive(classes, "classes"), "seed": _seed(seed), "layers": described,
                       "normalize": str(normalize)}
        self._core = _core.Model(json.dumps(description))
        self._lock = threading.RLock()

    @classmethod
    def _wrap(cls, core: "_core.Model") -> "Model":
        model = cls.__new__(cls)
        model._core = core
        # One call at a time on a model: the core runs without the GIL and a C++ Model is not
        # safe to use from two threads at once (a second thread waits here instead).
        model._lock = threading.RLock()
        return model

    @classmethod
    def variant(cls, name: str, dendrites: int = 16, somata: int = 64, synapses: int = 16, layers: int = 1,
                hidden: Union[int, Sequence[int]] = (128,), input_shape: Sequence[int] = (28, 28, 1),
                classes: int = 10, seed: int = 1, activation: Union[str, Sequence[str]] = "relu",
                dendrite_activation: str = "leaky_relu(0.1)", soma_activation: str = "leaky_relu(0.1)",
                dropout: float = 0.0) -> "Model":
        """One of the paper's variants by name (see ``dendrite.variant_names()``): "dann-r",
        "dann-lrf", "dann-grf", "pdann", "vann", "sann", ... with D = ``dendrites`` per soma,
        S = ``somata``, k = ``synapses`` per dendrite, ``layers`` stacked dendritic layers, or the
        dense "mlp" with ``hidden`` widths and ``activation``; built exactly as ``dendrite train
        --model NAME --seed SEED`` builds it for samples of ``input_shape`` and ``classes`` classes."""
        size = _core.VariantSize()
        size.dendrites = _positive(dendrites, "dendrites")
        size.somata = _positive(somata, "somata")
        size.synapses = _positive(synapses, "synapses")
        size.layers = _positive(layers, "layers")
        widths = [hidden] if isinstance(hidden, (int, np.integer)) else list(hidden)
        size.hidden = [_positive(w, "hidden") for w in widths]
        size.activations = [activation] if isinstance(activation, str) else list(activation)
        size.dendrite_activation = dendrite_activation
        size.soma_activation = soma_activation
        size.dropout = float(dropout)
        text = _core.variant_json(str(name), size, list(_arrays.sample_shape(input_shape)),
                                  _positive(classes, "classes"), _seed(seed))
        return cls._wrap(_core.Model(text))

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "Model":
        """A checkpoint (``save``, ``dendrite train``); one written during training carries the
        training state, so ``fit`` continues that run. A missing or damaged file raises OSError."""
        return cls._wrap(_core.Model.load(_readable(path)))

    @classmethod
    def import_onnx(cls, path: Union[str, "os.PathLike[str]"]) -> "Model":
        """A model from an ONNX file dendrite exported (its description and weights)."""
        return cls._wrap(_core.Model.import_onnx(_readable(path)))

    # --- what the model is -------------------------------------------------------------------
    @property
    def description(self) -> Dict[str, Any]:
        """The model's description (the JSON of ``dendrite train --model-file``) as a dict."""
        with self._lock:
            return json.loads(self._core.description_json())

    @property
    def input_shape(self) -> Tuple[int, int, int]:
        """One sample's (height, width, channels)."""
        return tuple(self.description["input"])  # type: ignore[return-value]

    @property
    def classes(self) -> int:
        """The number of classes (outputs)."""
        return int(self.description["classes"])

    @property
    def parameter_count(self) -> int:
        """Trainable weights and biases."""
        with self._lock:
            return int(self._core.parameter_count)

    @property
    def epochs_trained(self) -> int:
        """Epochs of the model's training run so far."""
        with self._lock:
            return int(self._core.epochs_trained)

    def summary(self) -> str:
        """The layer table: connectivity, units and parameters per layer (as ``dendrite train`` prints it)."""
        with self._lock:
            return self._core.summary()

    def __repr__(self) -> str:
        d = self.description
        return (f"<dendrite.Model {d['name']}: input {tuple(d['input'])}, {d['classes']} classes, "
                f"{self.parameter_count} parameters, {self.epochs_trained} epochs trained>")

    # --- training ----------------------------------------------------------------------------
    def _dataset(self, x: Any, y: Any, x_name: str = "x", y_name: str = "y") -> "_core.DataSet":
        return _arrays.dataset(x, y, self.input_shape, self.classes, x_name, y_name)

    def fit(self, x: Any, y: Any, epochs: int = 5, batch_size: int = 128, validation_split: float = 0.1,
            validation_data: Optional[Tuple[Any, Any]] = None, seed: Optional[int] = None,
            threads: Optional[int] = None, optimizer: str = "adam", lr: float = 1e-3, momentum: float = 0.0,
            weight_decay: float = 0.0, lr_schedule: str = "constant", warmup_epochs: int = 0,
            lr_step_size: int = 0, lr_gamma: float = 0.1, lr_min: float = 0.0, lr_factor: float = 0.1,
            lr_patience: int = 10, early_stopping: Optional[int] = None, min_delta: float = 0.0,
            restore_best: bool = True, normalize: Optional[str] = None, shuffle: bool = True,
            callbacks: Union[None, Callback, Iterable[Callback]] = None, verbose: int = 1) -> History:
        """Trains on samples ``x`` ([N, features], [N, H, W] or [N, H, W, C]) and integer labels
        ``y`` in [0, classes) until ``epochs`` epochs are done in the model's run (a loaded
        training checkpoint continues). Options as ``dendrite train``'s: the last
        ``validation_split`` of x is held out unless ``validation_data=(x_val, y_val)`` is given;
        ``seed`` (default: the model's) shuffles; ``threads`` (default: as set) computes;
        ``optimizer`` "adam" | "adamw" | "sgd" with ``lr``; ``lr_schedule`` "constant" | "step" |
        "cosine" | "plateau"; ``early_stopping`` = patience in epochs on the validation loss
        (Keras' rule, best weights restored unless ``restore_best=False``); ``normalize`` "feature"
        | "global" gives a new model an input stage fitted to the training split.

        ``callbacks``: callables receiving each epoch's metrics dict ({"epoch", "epochs", "loss",
        "accuracy", "val_loss", "val_accuracy", "seconds", "samples", "lr"}); returning False
        stops training.
        ``verbose``: 0 silent, 1 one line per epoch on sys.stderr in ``dendrite train``'s format
        (and its live progress line when stderr is a terminal). Ctrl-C stops at the next batch, puts the model back to its last whole
        epoch and raises KeyboardInterrupt. Returns a ``History``."""
        data = self._dataset(x, y)
        config = _core.TrainingConfig()
        config.epochs = _positive(epochs, "epochs")
        config.batch = _positive(batch_size, "batch_size")
        config.seed = _seed(self.description["seed"] if seed is None else seed)
        validation = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError("validation_data: a pair (x_val, y_val) is needed")
            validation = self._dataset(validation_data[0], validation_data[1],
                                       "validation_data[0]", "validation_data[1]")
        else:
            split = float(validation_split)
            if not 0.0 <= split < 1.0:
                raise ValueError(f"validation_split: must be in [0, 1), got {validation_split!r}")
            config.validation = split
        if threads is not None:
            config.threads = _positive(threads, "threads")
        options = dict(optimizer=optimizer, lr=lr, momentum=momentum, weight_decay=weight_decay,
                       lr_schedule=lr_schedule, warmup_epochs=warmup_epochs, lr_step_size=lr_step_size,
                       lr_gamma=lr_gamma, lr_min=lr_min, lr_factor=lr_factor, lr_patience=lr_patience,
                       min_delta=min_delta, restore_best=restore_best, shuffle=shuffle)
        for key, value in options.items():
            try:
                setattr(config, _FIT_OPTIONS[key], value)
            except TypeError:
                raise ValueError(f"{key}: {value!r} has the wrong type") from None
        if early_stopping is not None:
            if isinstance(early_stopping, bool) or not isinstance(early_stopping, (int, np.integer)) \
                    or early_stopping < 0:
                raise ValueError(f"early_stopping: a patience of 0 or more epochs is needed, got {early_stopping!r}")
            config.early_stopping = int(early_stopping)
        if normalize is not None:
            config.normalize = str(normalize)
        config.progress = bool(verbose)  # the tool's live line, on a terminal only
        with self._lock:
            result = self._core.train(data, validation, config, _callbacks(callbacks, bool(verbose)))
        params = dict(options, epochs=config.epochs, batch_size=config.batch, seed=config.seed,
                      validation_split=config.validation if validation is None else None,
                      early_stopping=early_stopping, normalize=normalize, threads=threads)
        return History(result["epochs"], params, result["stopped_early"], result["best_epoch"])

    # --- using it ----------------------------------------------------------------------------
    def evaluate(self, x: Any, y: Any, batch_size: int = 128) -> Dict[str, float]:
        """``{"loss": mean cross-entropy, "accuracy": fraction correct}`` on ``x``, ``y``
        (evaluated in batches of ``batch_size``, as ``dendrite train`` evaluates its test set in
        its training batch)."""
        data = self._dataset(x, y)
        with self._lock:
            return dict(self._core.evaluate(data, _positive(batch_size, "batch_size")))

    def predict(self, x: Any, batch_size: int = 256) -> np.ndarray:
        """The class probabilities (softmax of the logits), float32 [N, classes]."""
        data = self._dataset(x, None)
        with self._lock:
            return self._core.predict_probabilities(data, _positive(batch_size, "batch_size"))

    def predict_classes(self, x: Any, batch_size: int = 256) -> np.ndarray:
        """The most probable class of every sample, int64 [N] (ties to the lower class)."""
        return np.argmax(self.predict(x, batch_size), axis=1).astype(np.int64)

    def save(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes a checkpoint (description, weights, connectivity, training state), atomically;
        ``Model.load`` and ``dendrite export``/``inspect`` read it."""
        with self._lock:
            self._core.save(_path(path))

    def export_onnx(self, path: Union[str, "os.PathLike[str]"], one_node_per_layer: bool = True) -> None:
        """Writes an ONNX file (opset 17 and dendrite's ``ai.dendrite`` ops; see ``plugin_path``):
        input "x" float[N, features], outputs "logits" and "probabilities". With
        ``one_node_per_layer`` each dANN layer is one DendriticLayer node."""
        with self._lock:
            self._core.export_onnx(_path(path), bool(one_node_per_layer))


def variant_names() -> List[str]:
    """The names ``Model.variant`` takes: mlp, dann-r, dann-lrf, dann-grf, pdann, vann, ..."""
    return list(_core.variant_names())
