"""Type stubs of dendrite.report.write."""
import os
from typing import Sequence, Union

_Path = Union[str, "os.PathLike[str]"]

def write_report(store: _Path, out: _Path, *, formats: Union[str, Sequence[str]] = ...,
                 tables_only: bool = ...) -> str: ...
