"""History: what ``Model.fit`` returns, shaped like Keras' ``History``."""
from __future__ import annotations

from typing import Any, Dict, List


class History:
    """The metrics of every epoch a ``fit`` call trained.

    ``history["loss"]``, ``["accuracy"]`` (running values over the epoch's batches),
    ``["val_loss"]``, ``["val_accuracy"]`` (with validation data), one entry per epoch;
    ``epoch`` holds the 0-based epoch indices as Keras does; ``params`` the fit's options;
    ``stopped_early`` and ``best_epoch`` (1-based, 0 without early stopping) early stopping's outcome.
    """

    def __init__(self, epochs: List[Dict[str, Any]], params: Dict[str, Any],
                 stopped_early: bool = False, best_epoch: int = 0) -> None:
        self.history: Dict[str, List[float]] = {}
        self.epoch: List[int] = []
        self.params: Dict[str, Any] = dict(params)
        self.stopped_early = bool(stopped_early)
        self.best_epoch = int(best_epoch)
        for metrics in epochs:
            self.epoch.append(int(metrics["epoch"]) - 1)
            for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
                if key in metrics:
                    self.history.setdefault(key, []).append(float(metrics[key]))

    def __repr__(self) -> str:
        last = {k: round(v[-1], 4) for k, v in self.history.items() if v}
        return f"<dendrite.History: {len(self.epoch)} epochs, last {last}>"
