"""dendrite: dendritic artificial neural networks (Chavlis & Poirazi, Nat. Commun. 2025) from Python.

A small pure-Python layer over the compiled core ``dendrite._core``, which binds dendrite's C++ API.
"""
from dendrite._core import __version__
from dendrite import report  # dendrite.report(store, out): a sweep's tables, figures and page

# Imported when first used, so that `import dendrite` (and `dendrite report`) needs no pandas.
_LAZY = {"read_runs": "dendrite.stores", "read_epochs": "dendrite.stores"}


def __getattr__(name):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError("module 'dendrite' has no attribute %r" % name)


__all__ = ["__version__", "report", "read_runs", "read_epochs"]
