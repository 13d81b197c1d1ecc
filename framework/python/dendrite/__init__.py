"""dendrite: dendritic artificial neural networks (Chavlis & Poirazi, Nat. Commun. 2025) from Python.

A small pure-Python layer over the compiled core ``dendrite._core``, which binds dendrite's C++ API:

    import dendrite
    (x_train, y_train), (x_test, y_test) = dendrite.load_dataset("mnist", ".deps/data")
    model = dendrite.Model.variant("dann-r", dendrites=16, somata=64, input_shape=(28, 28), classes=10)
    history = model.fit(x_train, y_train, epochs=3)
    print(model.evaluate(x_test, y_test))
"""
import importlib

from dendrite import report  # dendrite.report(store, out): a sweep's tables, figures and page

# Names imported from their modules when first used: `import dendrite` loads neither the compiled
# core nor pandas, so `dendrite report` (python3 -m dendrite.report, pure Python) runs without
# them, also beside a core built with sanitizers that Debian's interpreter cannot load.
_LAZY = {
    "__version__": "dendrite._core",
    "History": "dendrite.history",
    "Model": "dendrite.model",
    "variant_names": "dendrite.model",
    "load_dataset": "dendrite.data",
    "plugin_path": "dendrite.plugin",
    "read_runs": "dendrite.stores",
    "read_epochs": "dendrite.stores",
}


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError("module 'dendrite' has no attribute %r" % name)


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = ["__version__", "History", "Model", "load_dataset", "plugin_path", "read_epochs", "read_runs", "report",
           "variant_names"]
