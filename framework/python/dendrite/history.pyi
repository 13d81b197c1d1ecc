"""Type stubs of dendrite.history."""
from typing import Any, Dict, List

class History:
    history: Dict[str, List[float]]
    epoch: List[int]
    params: Dict[str, Any]
    stopped_early: bool
    best_epoch: int
    def __init__(self, epochs: List[Dict[str, Any]], params: Dict[str, Any], stopped_early: bool = ...,
                 best_epoch: int = ...) -> None: ...
