"""dendrite.Model: building, training, evaluating, predicting, saving, exporting, loading."""
import threading

import numpy as np
import pytest

import dendrite


def test_variant_fit_predict_evaluate(data, small_model):
    (x, y), (xt, yt) = data
    history = small_model.fit(x, y, epochs=4, batch_size=16, lr=0.01, validation_split=0.1, verbose=0)
    assert history.epoch == [0, 1, 2, 3]
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 4 for v in history.history.values())
    assert history.history["loss"][-1] < history.history["loss"][0]
    proba = small_model.predict(xt[:5])
    assert proba.dtype == np.float32 and proba.shape == (5, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    classes = small_model.predict_classes(xt)
    assert classes.dtype == np.int64 and classes.shape == (60,)
    np.testing.assert_array_equal(classes, np.argmax(small_model.predict(xt), axis=1))
    result = small_model.evaluate(xt, yt)
    assert set(result) == {"loss", "accuracy"}
    assert result["accuracy"] == pytest.approx(float(np.mean(classes == yt)))
    assert result["accuracy"] > 0.9  # the bands are easy to tell apart
    assert small_model.epochs_trained == 4


def test_layers_model_and_repr():
    model = dendrite.Model(layers=[{"type": "dendritic", "dendrites": 4, "somata": 8, "synapses": 4,
                                    "input_connectivity": "lrf"}, {"type": "dense", "units": 16}],
                           input_shape=(8, 8, 1), classes=3)
    assert model.parameter_count > 0
    assert "custom" in repr(model) and "3 classes" in repr(model)
    assert "layer0.dendrites" in model.summary()
    with pytest.raises(ValueError, match="layers"):
        dendrite.Model(layers="dense")


def test_variant_names_and_bad_variant():
    assert "dann-grf" in dendrite.variant_names() and "mlp" in dendrite.variant_names()
    with pytest.raises(ValueError, match="nope"):
        dendrite.Model.variant("nope", input_shape=(8, 8), classes=3)
    with pytest.raises(ValueError, match="somata"):
        dendrite.Model.variant("dann-r", somata=0, input_shape=(8, 8), classes=3)


def test_validation_data_callbacks_and_stop(data, small_model):
    (x, y), (xt, yt) = data
    seen = []

    def stop_after_two(metrics):
        seen.append(metrics)
        return metrics["epoch"] < 2

    history = small_model.fit(x, y, epochs=5, batch_size=32, validation_data=(xt, yt),
                              callbacks=[stop_after_two], verbose=0)
    assert [m["epoch"] for m in seen] == [1, 2]
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(seen[0])
    assert history.epoch == [0, 1]
    # the validation loss is the validation data's: evaluated again after epoch 2, same value
    assert history.history["val_loss"][-1] == pytest.approx(small_model.evaluate(xt, yt, batch_size=32)["loss"])


def test_verbose_prints_the_tools_epoch_line(data, small_model, capsys):
    (x, y), _ = data
    small_model.fit(x, y, epochs=2, batch_size=32, verbose=1)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("epoch 2/2  lr 0.001  train loss ")
    assert " val loss " in lines[1] and lines[1].endswith("samples/s)")
    small_model.fit(x, y, epochs=3, batch_size=32, verbose=0)
    assert capsys.readouterr().err == ""


def test_callback_exception_propagates(data, small_model):
    (x, y), _ = data

    def broken(metrics):
        raise RuntimeError("callback failed")

    with pytest.raises(RuntimeError, match="callback failed"):
        small_model.fit(x, y, epochs=2, callbacks=broken, verbose=0)


def test_early_stopping_and_schedule(data, small_model):
    (x, y), _ = data
    history = small_model.fit(x, y, epochs=4, batch_size=32, early_stopping=1, lr_schedule="cosine", verbose=0)
    assert 1 <= len(history.epoch) <= 4
    with pytest.raises(ValueError, match="lr_schedule|lr schedule|schedule"):
        small_model.fit(x, y, epochs=6, lr_schedule="sometimes", verbose=0)
    with pytest.raises(ValueError, match="optimizer"):
        small_model.fit(x, y, epochs=6, optimizer="rmsprop", verbose=0)


def test_normalize_builds_a_fitted_input_stage(data):
    (x, y), (xt, yt) = data
    model = dendrite.Model.variant("mlp", hidden=16, input_shape=(8, 8), classes=3)
    model.fit(x, y, epochs=4, batch_size=16, lr=0.01, normalize="feature", verbose=0)
    assert model.description["normalize"] == "feature"
    assert model.evaluate(xt, yt)["accuracy"] > 0.9
    with pytest.raises(ValueError, match="normalize"):
        model.fit(x, y, epochs=5, batch_size=16, normalize="global", verbose=0)


def test_save_load_export_import(tmp_path, data, small_model):
    (x, y), (xt, _) = data
    small_model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    small_model.save(tmp_path / "m.ckpt")
    again = dendrite.Model.load(tmp_path / "m.ckpt")
    assert again.epochs_trained == 2
    np.testing.assert_array_equal(again.predict(xt), small_model.predict(xt))
    small_model.export_onnx(tmp_path / "m.onnx")
    imported = dendrite.Model.import_onnx(str(tmp_path / "m.onnx"))
    np.testing.assert_array_equal(imported.predict(xt), small_model.predict(xt))
    # a loaded training checkpoint continues its run
    again.fit(x, y, epochs=3, batch_size=32, verbose=0)
    assert again.epochs_trained == 3


def test_bad_files_raise_os_error(tmp_path):
    with pytest.raises(OSError, match="missing.ckpt"):
        dendrite.Model.load(tmp_path / "missing.ckpt")
    bad = tmp_path / "bad.ckpt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(OSError, match="bad.ckpt"):
        dendrite.Model.load(bad)
    bad_onnx = tmp_path / "bad.onnx"
    bad_onnx.write_bytes(b"\x00\x01")
    with pytest.raises(OSError, match="bad.onnx"):
        dendrite.Model.import_onnx(bad_onnx)
    model = dendrite.Model.variant("mlp", hidden=8, input_shape=(8, 8), classes=3)
    with pytest.raises(OSError, match="no-such-folder"):
        model.save(tmp_path / "no-such-folder" / "m.ckpt")


def test_load_dataset_errors(tmp_path):
    with pytest.raises(ValueError, match="no-such-set"):
        dendrite.load_dataset("no-such-set", str(tmp_path))
    with pytest.raises(OSError, match="mnist"):
        dendrite.load_dataset("mnist", str(tmp_path))


def test_plugin_path():
    path = dendrite.plugin_path()
    assert path.endswith("libdendrite_ort_plugin.so")


def test_docstrings_on_public_names():
    for name in dendrite.__all__:
        obj = getattr(dendrite, name)
        if name != "__version__":
            assert obj.__doc__, name
    for name, member in vars(dendrite.Model).items():
        if not name.startswith("_"):
            assert getattr(member, "__doc__", None), f"Model.{name}"


@pytest.mark.parametrize("options, message", [
    ({"batch_size": 2 ** 70}, "batch_size: must be a positive integer up to 2\\^63 - 1"),
    ({"epochs": 2 ** 63}, "epochs: must be a positive integer up to 2\\^63 - 1"),
    ({"seed": 2 ** 64}, "seed: must be an integer in \\[0, 2\\^63 - 1\\]"),
    ({"seed": -1}, "seed: must be an integer in"),
    ({"lr": float("nan")}, "lr must be > 0, got nan"),
])
def test_numbers_out_of_range_are_refused_naming_the_option(data, small_model, options, message):
    (x, y), _ = data
    with pytest.raises(ValueError, match=message):
        small_model.fit(x, y, **{"epochs": 1, "verbose": 0, **options})
