"""Arrays in: no copy for C-contiguous float32, one conversion otherwise, ValueError naming the
argument for anything the core cannot take."""
import numpy as np
import pytest

import dendrite
from dendrite import _arrays


def test_float32_c_contiguous_is_not_copied(data):
    (x, y), _ = data
    assert x.dtype == np.float32 and x.flags.c_contiguous
    ds = _arrays.dataset(x, y, (8, 8, 1), 3)
    assert ds.images_address == x.__array_interface__["data"][0]
    assert ds.size == 240 and ds.features == 64 and ds.sample_shape == [8, 8, 1]


def test_other_arrays_are_converted_once(data):
    (x, y), _ = data
    fortran = np.asfortranarray(x)
    ds = _arrays.dataset(fortran, y, (8, 8, 1), 3)
    assert ds.images_address != fortran.__array_interface__["data"][0]
    np.testing.assert_array_equal(ds.images(), x)
    as64 = _arrays.dataset(x.astype(np.float64), y, (8, 8, 1), 3)
    np.testing.assert_array_equal(as64.images(), x)
    # uint8 images are divided by 255 (as dendrite train reads uint8 files)
    u8 = np.arange(64, dtype=np.uint8).reshape(1, 8, 8)
    flat, shape = _arrays.features(u8)
    assert shape == (8, 8, 1)
    np.testing.assert_array_equal(flat[0], np.arange(64, dtype=np.float32) / np.float32(255))


def test_shapes_give_the_sample_geometry():
    assert _arrays.features(np.zeros((2, 5), np.float32))[1] == (5, 1, 1)
    assert _arrays.features(np.zeros((2, 4, 6), np.float32))[1] == (4, 6, 1)
    assert _arrays.features(np.zeros((2, 4, 6, 3), np.float32))[1] == (4, 6, 3)


def test_the_dataset_outlives_the_array(data):
    (x, y), _ = data
    copy = x.copy()
    ds = _arrays.dataset(copy, y, (8, 8, 1), 3)
    del copy
    np.testing.assert_array_equal(ds.images(), x)


@pytest.mark.parametrize("bad, message", [
    (np.zeros((4,), np.float32), "x: shape"),                       # wrong rank
    (np.zeros((4, 2, 2, 2, 2), np.float32), "x: shape"),            # wrong rank
    (np.array([[1.0], "a"], dtype=object), "x: dtype object"),      # object dtype
    ([[1.0, 2.0], [3.0]], "x: "),                                   # ragged lists
    (np.zeros((0, 8, 8), np.float32), "x: empty"),                  # empty
    (np.full((3, 8, 8), np.nan, np.float32), "x: value nan"),       # NaN
    (np.array([["a", "b"]]), "x: dtype"),                           # strings
])
def test_bad_samples_raise_value_error(small_model, bad, message):
    with pytest.raises(ValueError, match=message):
        small_model.fit(bad, np.zeros(len(bad) if hasattr(bad, "__len__") else 1, np.int64), verbose=0)


def test_bad_labels_raise_value_error(data, small_model):
    (x, y), _ = data
    with pytest.raises(ValueError, match="y: label 3 is outside"):
        small_model.fit(x, np.where(y == 0, 3, y), verbose=0)
    with pytest.raises(ValueError, match="y: label -1"):
        small_model.fit(x, np.where(y == 0, -1, y), verbose=0)
    with pytest.raises(ValueError, match="y: 10 labels for 240"):
        small_model.fit(x, y[:10], verbose=0)
    with pytest.raises(ValueError, match="y: dtype"):
        small_model.fit(x, y + 0.5, verbose=0)
    with pytest.raises(ValueError, match="y: "):
        small_model.evaluate(x, [[0, 1], [2]])


def test_wrong_sample_size_names_the_argument(data, small_model):
    (x, y), _ = data
    with pytest.raises(ValueError, match="x: samples of shape"):
        small_model.predict(np.zeros((2, 7, 7), np.float32))
    with pytest.raises(ValueError, match="validation_data\\[0\\]"):
        small_model.fit(x, y, validation_data=(np.zeros((2, 3), np.float32), y[:2]), verbose=0)


def test_bad_options_raise_value_error(data, small_model):
    (x, y), _ = data
    for kwargs, name in [({"epochs": 0}, "epochs"), ({"batch_size": -1}, "batch_size"),
                         ({"validation_split": 1.5}, "validation_split"), ({"threads": 0}, "threads"),
                         ({"lr": "fast"}, "lr"), ({"early_stopping": -2}, "early_stopping")]:
        with pytest.raises(ValueError, match=name):
            small_model.fit(x, y, verbose=0, **kwargs)
