"""Type stubs of dendrite.history."""
from typing import Any, Dict, List, Optional, TextIO

def epoch_line(metrics: Dict[str, Any]) -> str: ...
def print_epoch(metrics: Dict[str, Any], stream: Optional[TextIO] = ...) -> None: ...

class History:
    history: Dict[str, List[float]]
    epoch: List[int]
    params: Dict[str, Any]
    stopped_early: bool
    best_epoch: int
    def __init__(self, epochs: List[Dict[str, Any]], params: Dict[str, Any], stopped_early: bool = ...,
                 best_epoch: int = ...) -> None: ...
