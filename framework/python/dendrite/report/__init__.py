"""dendrite.report: the tables, figures and HTML page of `dendrite report`.

Reads a result store written by `dendrite sweep` (SQLite, schema in framework/sweep/store_schema.sql)
and writes summary.csv, best_vs_vann.csv, the noise and sequential tables, the figures (PNG and
SVG, matplotlib) and index.html into one folder. Run it as `dendrite report --store S --out DIR`
(the tool starts `python3 -m dendrite.report` with the package on PYTHONPATH), or from Python as
``dendrite.report(store, out, **options)``: this module is callable (see write.py).
"""
import sys
import types

FORMAT = "dendrite-sweep-store"
SCHEMA_VERSION = "1"


class _CallableModule(types.ModuleType):
    """``dendrite.report`` is both this package and the function that writes a report, so the
    module itself is callable (Python lets a module's class be replaced by a ModuleType subclass)."""

    def __call__(self, store, out, **options):
        from dendrite.report.write import write_report
        return write_report(store, out, **options)


sys.modules[__name__].__class__ = _CallableModule
