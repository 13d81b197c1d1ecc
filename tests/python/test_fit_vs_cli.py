"""Same numbers as the command line: fit with the options, seed and threads of a `dendrite train`
run ends with the same weights (its test loss equals summary.json's, bitwise), and predict on an
exported model agrees with `dendrite run` in ONNX Runtime."""
import json
import subprocess

import numpy as np
import pytest

import dendrite


def write_npy(folder, data):
    (x, y), (xt, yt) = data
    paths = {}
    for name, array in [("train_images", x), ("train_labels", y), ("test_images", xt), ("test_labels", yt)]:
        paths[name] = str(folder / f"{name}.npy")
        np.save(paths[name], array)
    return paths


def data_options(paths, test_only=False):
    keys = ["test_images", "test_labels"] if test_only else list(paths)
    out = []
    for key in keys:
        out += ["--" + key.replace("_", "-"), paths[key]]
    return out


@pytest.mark.parametrize("model, options, fit_options", [
    ("dann-r", ["--dendrites", "4", "--somata", "8", "--synapses", "4"], dict(dendrites=4, somata=8, synapses=4)),
    ("mlp", ["--hidden", "16", "--lr", "0.01", "--optimizer", "sgd", "--momentum", "0.9", "--early-stop", "1",
             "--lr-schedule", "step", "--lr-step-size", "1"],
     dict(hidden=16)),
])
def test_fit_equals_dendrite_train_bitwise(tmp_path, data, tool, model, options, fit_options):
    paths = write_npy(tmp_path, data)
    run = tmp_path / "run"
    subprocess.run([tool, "train", "--model", model, *options, *data_options(paths), "--epochs", "3",
                    "--batch", "32", "--seed", "5", "--threads", "1", "--validation", "0.2", "--out", str(run),
                    "--quiet"], check=True)
    summary = json.loads((run / "summary.json").read_text())

    (x, y), (xt, yt) = data
    net = dendrite.Model.variant(model, input_shape=(8, 8), classes=3, seed=5, **fit_options)
    fit_kwargs = {}
    if model == "mlp":
        fit_kwargs = dict(lr=0.01, optimizer="sgd", momentum=0.9, early_stopping=1, lr_schedule="step",
                          lr_step_size=1)
    history = net.fit(x, y, epochs=3, batch_size=32, seed=5, threads=1, validation_split=0.2, verbose=0,
                      **fit_kwargs)
    test = net.evaluate(xt, yt, batch_size=32)
    assert test["loss"] == summary["test_loss"]  # bitwise: the same weights
    assert test["accuracy"] == summary["test_accuracy"]
    assert len(history.epoch) == summary["epochs"]


def test_predict_equals_dendrite_run(tmp_path, data, tool, small_model):
    paths = write_npy(tmp_path, data)
    (x, y), (xt, yt) = data
    small_model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    small_model.export_onnx(tmp_path / "m.onnx")
    subprocess.run([tool, "run", str(tmp_path / "m.onnx"), *data_options(paths, test_only=True),
                    "--predictions", str(tmp_path / "p.txt"), "--summary", str(tmp_path / "s.json"),
                    "--threads", "1"], check=True, stdout=subprocess.DEVNULL)
    classes = np.array([int(line) for line in (tmp_path / "p.txt").read_text().split()])
    np.testing.assert_array_equal(classes, small_model.predict_classes(xt))
    run = json.loads((tmp_path / "s.json").read_text())
    assert run["loss"] == pytest.approx(small_model.evaluate(xt, yt)["loss"], rel=1e-5)
