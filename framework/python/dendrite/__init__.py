"""dendrite: dendritic artificial neural networks (Chavlis & Poirazi, Nat. Commun. 2025) from Python.

A small pure-Python layer over the compiled core ``dendrite._core``, which binds dendrite's C++ API:

    import dendrite
    (x_train, y_train), (x_test, y_test) = dendrite.load_dataset("mnist", ".deps/data")
    model = dendrite.Model.variant("dann-r", dendrites=16, somata=64, input_shape=(28, 28), classes=10)
    history = model.fit(x_train, y_train, epochs=3)
    print(model.evaluate(x_test, y_test))
"""
from dendrite._core import __version__
from dendrite.data import load_dataset
from dendrite.history import History
from dendrite.model import Model, variant_names
from dendrite.plugin import plugin_path

__all__ = ["__version__", "History", "Model", "load_dataset", "plugin_path", "variant_names"]
