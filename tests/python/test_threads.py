"""The GIL is released while training: two models train at once in two Python threads, each with
the result it has alone, and the main thread runs Python meanwhile."""
import threading

import numpy as np

import dendrite
from conftest import synthetic


def train(seed, x, y, results, key):
    model = dendrite.Model.variant("dann-r", dendrites=4, somata=8, synapses=4, input_shape=(8, 8), classes=3,
                                   seed=seed)
    model.fit(x, y, epochs=3, batch_size=16, threads=1, verbose=0)
    results[key] = model


def test_two_models_train_at_once(data):
    x, y = synthetic(3000, 9)
    _, (xt, _) = data
    together = {}
    threads = [threading.Thread(target=train, args=(seed, x, y, together, seed)) for seed in (3, 4)]
    ticks = 0
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        ticks += 1  # Python runs here while both train
        threads[0].join(0.001)
    for t in threads:
        t.join()
    assert ticks > 10
    alone = {}
    for seed in (3, 4):
        train(seed, x, y, alone, seed)
        np.testing.assert_array_equal(together[seed].predict(xt), alone[seed].predict(xt))
    assert not np.array_equal(alone[3].predict(xt), alone[4].predict(xt))


def test_one_model_from_two_threads_is_serialized(data):
    """A second thread's call on a model that is training waits for it instead of racing it."""
    x, y = synthetic(3000, 9)
    _, (xt, _) = data
    model = dendrite.Model.variant("dann-r", dendrites=4, somata=8, synapses=4, input_shape=(8, 8), classes=3,
                                   seed=3)
    started = threading.Event()
    seen = {}

    def first_epoch(metrics):
        started.set()
        return True

    def fit():
        model.fit(x, y, epochs=3, batch_size=16, threads=1, verbose=0, callbacks=first_epoch)

    trainer = threading.Thread(target=fit)
    trainer.start()
    started.wait(60)
    seen["epochs"] = model.epochs_trained  # waits for the fit to end
    trainer.join()
    assert seen["epochs"] == 3
    assert model.predict(xt).shape == (60, 3)
