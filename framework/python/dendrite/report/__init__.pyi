"""Type stubs of dendrite.report: the subpackage is callable, dendrite.report(store, out, ...)."""
import os
from typing import Sequence, Union

_Path = Union[str, "os.PathLike[str]"]

FORMAT: str
SCHEMA_VERSION: str

def __call__(store: _Path, out: _Path, *, formats: Union[str, Sequence[str]] = ...,
             tables_only: bool = ...) -> str: ...
