"""The package as cmake --install lays it out: imported from a temporary prefix with a clean
environment (no PYTHONPATH but the prefix's site folder), it trains, predicts and finds its plugin."""
import os
import subprocess

import pytest

SCRIPT = """
import numpy as np, dendrite
assert dendrite.__file__.startswith(PREFIX), dendrite.__file__
x = np.random.default_rng(1).uniform(size=(64, 8, 8)).astype(np.float32)
y = (x[:, 0, 0] > 0.5).astype(np.int64)
m = dendrite.Model.variant("dann-r", dendrites=4, somata=4, synapses=4, input_shape=(8, 8), classes=2)
m.fit(x, y, epochs=1, batch_size=16, verbose=0)
assert m.predict(x).shape == (64, 2)
assert dendrite.plugin_path().startswith(PREFIX), dendrite.plugin_path()
print("ok", dendrite.__version__)
"""


def test_import_from_an_installed_prefix(tmp_path):
    build = os.environ.get("DENDRITE_BUILD_DIR")
    if not build:
        pytest.skip("DENDRITE_BUILD_DIR is not set")
    prefix = tmp_path / "prefix"
    subprocess.run(["cmake", "--install", build, "--prefix", str(prefix)], check=True, stdout=subprocess.DEVNULL)
    site = prefix / "lib" / "python3" / "dist-packages"
    for name in ("__init__.py", "model.py", "_core.pyi", "py.typed"):
        assert (site / "dendrite" / name).is_file(), name
    assert list((site / "dendrite").glob("_core*.so")), "the compiled core is not installed"
    out = subprocess.run(["env", "-i", f"PYTHONPATH={site}", "/usr/bin/python3", "-c",
                          f"PREFIX = {str(prefix)!r}\n" + SCRIPT],
                         check=True, capture_output=True, text=True, cwd=str(tmp_path))
    assert out.stdout.startswith("ok "), out.stdout + out.stderr
