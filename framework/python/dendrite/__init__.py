"""dendrite: dendritic artificial neural networks (Chavlis & Poirazi, Nat. Commun. 2025) from Python.

A small pure-Python layer over the compiled core ``dendrite._core``, which binds dendrite's C++ API.
"""
from dendrite._core import __version__
from dendrite import report  # dendrite.report(store, out): a sweep's tables, figures and page

__all__ = ["__version__", "report"]
