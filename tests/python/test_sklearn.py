"""dendrite.sklearn.DendriticClassifier under scikit-learn's estimator contract: every check of
sklearn.utils.estimator_checks (scikit-learn 1.2), string labels, Pipeline, cross_val_score,
GridSearchCV, clone and pickle, on the digits set scikit-learn ships (8x8 images)."""
import os
import pickle
import re

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from dendrite.sklearn import XFAIL_CHECKS, DendriticClassifier

SOURCE_DIR = os.environ.get("DENDRITE_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
NAMES = np.array(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])


def small(**options):
    """A small, fast classifier: one thread, so every fit is reproducible and cheap."""
    defaults = dict(dendrites=4, somata=32, epochs=30, batch_size=16, threads=1, seed=3)
    defaults.update(options)
    return DendriticClassifier(**defaults)


@pytest.fixture(scope="module")
def digits():
    x, y = load_digits(return_X_y=True)
    return (x / 16.0).astype(np.float32), y


# Every check scikit-learn 1.2 runs on a classifier; the ones listed in XFAIL_CHECKS (with their
# reasons, in dendrite/sklearn.py and the README) are marked xfail by scikit-learn itself.
@parametrize_with_checks([small()])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_the_readme_lists_the_checks_that_fail():
    with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme[readme.index("## Use dendrite from Python"):]
    section = section[:section.find("\n## ", 1)]
    listed = set(re.findall(r"^\| `(check_\w+)` \|", section, flags=re.M))
    assert listed == set(XFAIL_CHECKS), "README lists %s, dendrite/sklearn.py %s" % (listed, set(XFAIL_CHECKS))


def test_string_labels(digits):
    x, y = digits
    labels = NAMES[y]
    x_train, x_test, y_train, y_test = train_test_split(x, labels, test_size=0.25, random_state=0, stratify=labels)
    clf = small().fit(x_train, y_train)
    assert list(clf.classes_) == sorted(NAMES)
    assert clf.n_features_in_ == 64
    predicted = clf.predict(x_test)
    assert predicted.dtype.kind == "U" and set(predicted) <= set(NAMES)
    proba = clf.predict_proba(x_test)
    assert proba.shape == (len(x_test), 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    assert np.array_equal(clf.classes_[proba.argmax(axis=1)], predicted)
    assert clf.score(x_test, y_test) > 0.9


def test_image_geometry_for_receptive_fields(digits):
    x, y = digits
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=0)
    square = small(model="dann-lrf").fit(x_train, y_train)  # 64 features: an 8x8 image
    given = small(model="dann-lrf", image_shape=(8, 8)).fit(x_train, y_train)
    np.testing.assert_array_equal(square.predict_proba(x_test), given.predict_proba(x_test))
    assert square.score(x_test, y_test) > 0.85
    with pytest.raises(ValueError, match=r"image_shape \(7, 7\) must be .* H\*W\*C = 64"):
        small(image_shape=(7, 7)).fit(x_train, y_train)
    with pytest.raises(ValueError, match="63 features are no square image: give image_shape"):
        small(model="dann-grf").fit(x_train[:, :63], y_train)


def test_cross_validation_in_a_pipeline(digits):
    x, y = digits
    pipeline = make_pipeline(MinMaxScaler(), small())
    scores = cross_val_score(pipeline, x[:1200], NAMES[y[:1200]], cv=3)
    assert scores.shape == (3,)
    assert scores.min() > 0.85, scores


def test_grid_search_refits_the_best(digits):
    x, y = digits
    search = GridSearchCV(small(epochs=10), {"somata": [8, 32], "lr": [1e-3, 1e-2]}, cv=2)
    search.fit(x[:600], y[:600])
    assert search.best_params_["somata"] in (8, 32)
    assert set(search.cv_results_["params"][0]) == {"somata", "lr"}
    best = search.best_estimator_
    assert best.somata == search.best_params_["somata"] and best.lr == search.best_params_["lr"]
    assert search.score(x[600:900], y[600:900]) > 0.8


def test_clone_and_params():
    clf = small(model="dann-grf", image_shape=(8, 8))
    twin = clone(clf)
    assert twin is not clf and twin.get_params() == clf.get_params()
    assert twin.image_shape == (8, 8) and twin.model == "dann-grf"
    twin.set_params(somata=16, epochs=2)
    assert (twin.somata, twin.epochs, clf.somata) == (16, 2, 32)
    with pytest.raises(ValueError, match="Invalid parameter 'colour'"):
        twin.set_params(colour="red")


def test_the_same_seed_gives_the_same_model_and_pickle_keeps_it(digits):
    x, y = digits
    a = small(epochs=5).fit(x[:400], y[:400])
    b = small(epochs=5).fit(x[:400], y[:400])
    np.testing.assert_array_equal(a.predict_proba(x[400:600]), b.predict_proba(x[400:600]))
    restored = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(restored.predict_proba(x[400:600]), a.predict_proba(x[400:600]))
    assert list(restored.classes_) == list(a.classes_) and restored.n_features_in_ == 64


def test_bad_input_is_named(digits):
    x, y = digits
    with pytest.raises(ValueError, match="at least two classes"):
        small().fit(x[:20], np.zeros(20))
    with pytest.raises(ValueError, match="Unknown label type: 'continuous'"):
        small().fit(x[:20], np.linspace(0, 1, 20))
    with pytest.raises(ValueError, match="Input X contains NaN"):
        bad = x[:20].copy()
        bad[3, 5] = np.nan
        small().fit(bad, y[:20])
    fitted = small(epochs=1).fit(x[:100], y[:100])
    with pytest.raises(ValueError, match="X has 10 features, but DendriticClassifier is expecting 64 features"):
        fitted.predict(x[:5, :10])
