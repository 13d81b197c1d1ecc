"""Named data sets as NumPy arrays, in Keras' convention."""
from __future__ import annotations

import os
from typing import Optional, Tuple

import numpy as np

from dendrite import _core

Arrays = Tuple[Tuple[np.ndarray, np.ndarray], Tuple[np.ndarray, np.ndarray]]


def load_dataset(name: str, data_dir: Optional[str] = None) -> Arrays:
    """``((x_train, y_train), (x_test, y_test))`` of a named data set ("mnist", "fashion-mnist",
    "kmnist", "emnist-balanced", ...): images float32 [N, H, W] (or [N, H, W, C]) in [0, 1],
    labels int64 [N].

    ``data_dir`` is the folder holding the data set's files, or a data folder holding them in the
    data set's own subfolder (as ``dendrite train --data-dir`` takes it); None means
    ``$DENDRITE_DATA_DIR``. An unknown name raises ``ValueError``; missing files ``OSError``.
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name: a data set's name is needed, got {name!r}")
    folder = "" if data_dir is None else os.fspath(data_dir)
    return _core.load_dataset(name, folder)
