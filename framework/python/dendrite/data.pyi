"""Type stubs of dendrite.data."""
from typing import Optional, Tuple

import numpy as np

Arrays = Tuple[Tuple[np.ndarray, np.ndarray], Tuple[np.ndarray, np.ndarray]]

def load_dataset(name: str, data_dir: Optional[str] = ...) -> Arrays: ...
