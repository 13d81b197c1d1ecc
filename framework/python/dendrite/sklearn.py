"""dendrite.sklearn.DendriticClassifier: a dendritic ANN (Chavlis & Poirazi, Nat. Commun. 2025) as
a scikit-learn classifier, for Pipeline, cross_val_score, GridSearchCV and the rest.

It follows scikit-learn's estimator contract, as LightGBM's and XGBoost's wrappers do:
  * the constructor stores its arguments as given, and nothing else (get_params/set_params and
    clone come from BaseEstimator);
  * fit validates X and y (scikit-learn's own checks, so the messages are the familiar ones),
    learns the labels (``classes_``, of any type: ints, strings, ...) and the width
    (``n_features_in_``), builds a fresh ``dendrite.Model`` and trains it; it returns self;
  * predict_proba gives the model's probabilities with columns in the order of ``classes_``,
    predict the most probable label, score the accuracy (ClassifierMixin).
Rows of X are vectors; ``image_shape`` gives them back their image geometry for the variants with
local or global receptive fields (LRF, GRF).
"""
import inspect
import math
import os
import tempfile

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

# The checks of sklearn.utils.estimator_checks (scikit-learn 1.2) this estimator cannot pass, and
# why; tests/python/test_sklearn.py runs every check and expects exactly these to fail, and the
# README lists them.
XFAIL_CHECKS = {}

# The variants whose connectivity follows the image (local or global receptive fields).
_IMAGE_VARIANTS = ("lrf", "grf")


def _model_class():
    from dendrite import Model  # the compiled core, imported when first trained
    return Model


class DendriticClassifier(ClassifierMixin, BaseEstimator):
    """A dendritic ANN classifier with scikit-learn's interface.

    Parameters (stored as given; None leaves dendrite's own default):
      model: the paper's variant, e.g. "dann-r", "dann-lrf", "dann-grf", "pdann", "vann".
      dendrites, somata, synapses, layers: the architecture (D per soma, S somata, k synapses per
        dendrite, dendritic layers); synapses=None is dendrite's default k, capped at the number
        of features.
      epochs, batch_size, optimizer, lr, validation_split, early_stopping, normalize: the training
        protocol, as dendrite.Model.fit takes them (validation_split 0: every sample trains;
        normalize: the input stage fitted to the training data, None for none).
      seed: the seed of the connectivity, the initial weights and the shuffling (an int: the same
        seed gives the same model, as cross-validation and GridSearchCV expect).
      threads: compute threads (None: dendrite's default).
      image_shape: (H, W) or (H, W, C), the image each row of X is, for LRF/GRF variants; None
        takes a square single-channel image when the row length is a square, and plain vectors for
        the other variants.
      verbose: 0 prints nothing; 1 dendrite's progress line.

    Attributes after fit: classes_ (the labels, sorted), n_features_in_, feature_names_in_ (when X
    has column names), model_ (the trained dendrite.Model), history_ (its History).
    """

    def __init__(self, model="dann-r", dendrites=8, somata=64, synapses=None, layers=None, epochs=20,
                 batch_size=32, optimizer=None, lr=None, validation_split=0.0, early_stopping=None,
                 normalize=None, seed=1, threads=None, image_shape=None, verbose=0):
        self.model = model
        self.dendrites = dendrites
        self.somata = somata
        self.synapses = synapses
        self.layers = layers
        self.epochs = epochs
        self.batch_size = batch_size
        self.optimizer = optimizer
        self.lr = lr
        self.validation_split = validation_split
        self.early_stopping = early_stopping
        self.normalize = normalize
        self.seed = seed
        self.threads = threads
        self.image_shape = image_shape
        self.verbose = verbose

    # -- the contract --------------------------------------------------------------------------
    def fit(self, X, y):
        """Trains a new model on X ([n_samples, n_features], numbers) and y (n_samples labels of any
        type, at least two classes); returns self."""
        X, y = self._validate_data(X, y, dtype=np.float32, order="C", ensure_min_samples=2)
        check_classification_targets(y)
        self.classes_, encoded = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError("DendriticClassifier needs samples of at least two classes in y; got only class %r"
                             % (self.classes_[0],))
        shape = self._input_shape(X.shape[1])
        x = X.reshape((X.shape[0],) + shape)
        Model = _model_class()
        synapses = self.synapses
        if synapses is None:
            # dendrite's default k, but no more synapses per dendrite than there are inputs (a
            # table of a few columns), which a sampled connectivity could not draw.
            synapses = min(inspect.signature(Model.variant).parameters["synapses"].default, X.shape[1])
        self.model_ = Model.variant(self.model, input_shape=shape, classes=len(self.classes_), synapses=synapses,
                                    **self._given(dendrites=self.dendrites, somata=self.somata, layers=self.layers,
                                                  seed=self.seed))
        self.history_ = self.model_.fit(
            x, encoded.astype(np.int32), validation_split=self.validation_split, verbose=self.verbose,
            **self._given(epochs=self.epochs, batch_size=self.batch_size, optimizer=self.optimizer, lr=self.lr,
                          early_stopping=self.early_stopping, normalize=self.normalize, seed=self.seed,
                          threads=self.threads))
        return self

    def predict_proba(self, X):
        """The probability of each class (columns in the order of classes_), [n_samples, n_classes]."""
        check_is_fitted(self, "model_")
        X = self._validate_data(X, dtype=np.float32, order="C", reset=False)
        x = X.reshape((X.shape[0],) + self._input_shape(X.shape[1]))
        return np.asarray(self.model_.predict(x), dtype=np.float64)

    def predict(self, X):
        """The most probable label of each sample (a label of classes_)."""
        check_is_fitted(self, "model_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def _more_tags(self):
        return {"_xfail_checks": dict(XFAIL_CHECKS)}

    # -- pickling: the compiled model travels as its checkpoint file's bytes --------------------
    def __getstate__(self):
        state = self.__dict__.copy()
        model = state.pop("model_", None)
        if model is not None:
            with tempfile.TemporaryDirectory(prefix="dendrite-pickle-") as folder:
                path = os.path.join(folder, "model.ckpt")
                model.save(path)
                with open(path, "rb") as f:
                    state["_model_checkpoint"] = f.read()
        return state

    def __setstate__(self, state):
        state = dict(state)
        checkpoint = state.pop("_model_checkpoint", None)
        self.__dict__.update(state)
        if checkpoint is not None:
            with tempfile.TemporaryDirectory(prefix="dendrite-pickle-") as folder:
                path = os.path.join(folder, "model.ckpt")
                with open(path, "wb") as f:
                    f.write(checkpoint)
                self.model_ = _model_class().load(path)

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _given(**options):
        """The options that were given (None: dendrite's default)."""
        return {k: v for k, v in options.items() if v is not None}

    def _input_shape(self, n_features):
        """The shape of one sample: image_shape, a square image for LRF/GRF, else a vector."""
        if self.image_shape is not None:
            shape = tuple(int(d) for d in self.image_shape)
            if len(shape) not in (2, 3) or math.prod(shape) != n_features:
                raise ValueError("image_shape %r must be (H, W) or (H, W, C) with H*W*C = %d, the features of X"
                                 % (self.image_shape, n_features))
            return shape
        if any(kind in str(self.model) for kind in _IMAGE_VARIANTS):
            side = math.isqrt(n_features)
            if side * side != n_features:
                raise ValueError("model %r connects by image geometry, and X's %d features are no square image: "
                                 "give image_shape=(H, W) or (H, W, C)" % (self.model, n_features))
            return (side, side)
        return (n_features,)
