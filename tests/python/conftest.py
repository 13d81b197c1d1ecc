"""What the Python package's tests share: small synthetic data sets (8x8 images of three classes,
like the C++ tests' synthetic data), the dendrite tool and a small dANN."""
import os
import shutil

import numpy as np
import pytest

import dendrite


def synthetic(samples, seed, classes=3, size=8):
    """Images [samples, size, size] float32 in [0, 1] whose class sets a bright band's row, and
    int64 labels, from a seeded generator."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, samples)
    x = rng.uniform(0.0, 0.3, (samples, size, size))
    for i, label in enumerate(y):
        x[i, 2 * label:2 * label + 2, :] += 0.6
    return np.clip(x, 0, 1).astype(np.float32), y.astype(np.int64)


@pytest.fixture(scope="session")
def data():
    """((x_train, y_train), (x_test, y_test)): 240 and 60 samples."""
    return synthetic(240, 1), synthetic(60, 2)


@pytest.fixture
def small_model():
    """A dANN-R with D = 4 dendrites per soma, S = 8 somata, k = 4 synapses on 8x8 images."""
    return dendrite.Model.variant("dann-r", dendrites=4, somata=8, synapses=4, input_shape=(8, 8), classes=3,
                                  seed=3)


@pytest.fixture(scope="session")
def tool():
    """The dendrite command (DENDRITE_TOOL, as ctest sets it, else on PATH)."""
    path = os.environ.get("DENDRITE_TOOL") or shutil.which("dendrite")
    if not path:
        pytest.skip("the dendrite tool is not known (set DENDRITE_TOOL)")
    return path
