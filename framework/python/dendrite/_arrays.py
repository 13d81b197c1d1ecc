"""NumPy arrays in: checks and the one conversion before the compiled core sees them.

Samples follow the rules of ``dendrite train``'s own-data formats: an array of shape [N, H, W] or
[N, H, W, C] holds images (channel last), [N, F] holds vectors of F features. uint8 values are
divided by 255 (as the CLI does for uint8 files), other numeric types are taken as they are. A
C-contiguous float32 array reaches the core without a copy; anything else is converted once.
Every problem raises ``ValueError`` naming the argument (non-finite values are found by the core).
"""
from __future__ import annotations

from typing import Any, Sequence, Tuple

import numpy as np

from dendrite import _core


def sample_shape(shape: Sequence[int], name: str = "input_shape") -> Tuple[int, int, int]:
    """(height, width, channels) of one sample of shape (F,), (H, W) or (H, W, C)."""
    dims = tuple(int(d) for d in shape)
    if len(dims) == 1:
        dims = (dims[0], 1, 1)
    elif len(dims) == 2:
        dims = (dims[0], dims[1], 1)
    if len(dims) != 3 or any(d <= 0 for d in dims):
        raise ValueError(f"{name}: one sample must be (features,), (height, width) or "
                         f"(height, width, channels) of positive sizes, got {tuple(shape)}")
    return dims


def _as_array(values: Any, name: str) -> np.ndarray:
    try:
        array = np.asarray(values)
    except (ValueError, TypeError) as e:  # ragged nested lists, objects numpy cannot hold
        raise ValueError(f"{name}: not a rectangular numeric array ({e})") from None
    if array.dtype == object:
        raise ValueError(f"{name}: dtype object (ragged lists or mixed objects); give a numeric array")
    return array


def features(x: Any, name: str = "x") -> Tuple[np.ndarray, Tuple[int, int, int]]:
    """x as a C-contiguous float32 [N, features] array (a view of x when x already is one) and the
    sample shape (height, width, channels) its dimensions give. (Whether every value is finite is
    checked by the core, in one pass without a temporary array.)"""
    array = _as_array(x, name)
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{name}: dtype {array.dtype}; samples must be numbers (uint8 is divided by 255)")
    if array.ndim not in (2, 3, 4):
        raise ValueError(f"{name}: shape {array.shape}; expected [N, features], [N, height, width] or "
                         f"[N, height, width, channels]")
    if array.size == 0:
        raise ValueError(f"{name}: empty array of shape {array.shape}")
    shape = sample_shape(array.shape[1:], name)
    if array.dtype == np.uint8:
        flat = array.astype(np.float32) / np.float32(255)
    else:
        flat = np.ascontiguousarray(array, dtype=np.float32)
    return flat.reshape(array.shape[0], -1), shape


def labels(y: Any, samples: int, classes: int, name: str = "y") -> np.ndarray:
    """y as int32 [N]: integers in [0, classes), one per sample."""
    array = _as_array(y, name)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(f"{name}: shape {array.shape}; expected one label per sample, [N]")
    if array.dtype.kind not in "iu":
        if array.dtype.kind == "f" and array.size and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
            pass  # whole numbers stored as floats
        else:
            raise ValueError(f"{name}: dtype {array.dtype}; labels must be integers in [0, classes)")
    if array.shape[0] != samples:
        raise ValueError(f"{name}: {array.shape[0]} labels for {samples} samples")
    if array.size and (array.min() < 0 or array.max() >= classes):
        bad = array[(array < 0) | (array >= classes)][0]
        raise ValueError(f"{name}: label {bad} is outside the model's {classes} classes [0, {classes})")
    return np.ascontiguousarray(array, dtype=np.int32)


def dataset(x: Any, y: Any, input_shape: Sequence[int], classes: int,
            x_name: str = "x", y_name: str = "y") -> "_core.DataSet":
    """The core's DataSet over x and y, checked against a model's input shape and class count."""
    flat, shape = features(x, x_name)
    expected = tuple(input_shape)
    if flat.shape[1] != int(np.prod(expected)):
        raise ValueError(f"{x_name}: samples of shape {shape} ({flat.shape[1]} values); the model takes "
                         f"{expected} ({int(np.prod(expected))} values)")
    if y is None:
        y32 = np.zeros(flat.shape[0], dtype=np.int32)
    else:
        y32 = labels(y, flat.shape[0], classes, y_name)
    return _core.DataSet(flat, y32, list(expected), int(classes), x_name, y_name)
