"""Ctrl-C during fit (KeyboardInterrupt from a timer thread, as _thread.interrupt_main delivers
it): training stops at the next batch, the model is as after its last whole epoch, and
KeyboardInterrupt is raised; fit then continues the run as if it had not been interrupted."""
import _thread
import threading
import time

import numpy as np
import pytest

import dendrite
from conftest import synthetic


def new_model():
    return dendrite.Model.variant("dann-r", dendrites=4, somata=8, synapses=4, input_shape=(8, 8), classes=3,
                                  seed=3)


@pytest.mark.parametrize("after_epoch", [0, 2])
def test_keyboard_interrupt_returns_to_the_last_whole_epoch(data, after_epoch):
    x, y = synthetic(6000, 7)
    _, (xt, _) = data
    model = new_model()

    def interrupt_soon():
        threading.Timer(0.02, _thread.interrupt_main).start()

    def interrupt_after_epoch(metrics):
        if metrics["epoch"] == after_epoch:
            interrupt_soon()

    if after_epoch == 0:
        interrupt_soon()  # within the first epoch
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        model.fit(x, y, epochs=1000, batch_size=8, validation_split=0.0, verbose=0, callbacks=interrupt_after_epoch)
    assert time.monotonic() - start < 60  # stopped soon after the interrupt, not after 1000 epochs
    done = model.epochs_trained
    assert done >= after_epoch
    reference = new_model()
    if done > 0:
        reference.fit(x, y, epochs=done, batch_size=8, validation_split=0.0, verbose=0)
    np.testing.assert_array_equal(model.predict(xt), reference.predict(xt))
    # the run goes on from there: one more epoch, the same weights as an uninterrupted run
    model.fit(x, y, epochs=done + 1, batch_size=8, validation_split=0.0, verbose=0)
    reference.fit(x, y, epochs=done + 1, batch_size=8, validation_split=0.0, verbose=0)
    np.testing.assert_array_equal(model.predict(xt), reference.predict(xt))
