"""Type stubs of dendrite.stores."""
import os
from typing import Optional, Tuple, Union

import pandas as pd

_Path = Union[str, "os.PathLike[str]"]

RUN_COLUMNS: Tuple[str, ...]
EPOCH_COLUMNS: Tuple[str, ...]
STATUSES: Tuple[str, ...]

def read_runs(store: _Path, status: Optional[str] = ..., dataset: Optional[str] = ...) -> pd.DataFrame: ...
def read_epochs(store: _Path, run_key: Optional[str] = ...) -> pd.DataFrame: ...
