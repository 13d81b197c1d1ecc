"""History: what ``Model.fit`` returns, shaped like Keras' ``History``."""
from __future__ import annotations

import sys
from typing import Any, Dict, List, TextIO


def epoch_line(metrics: Dict[str, Any]) -> str:
    """One epoch as ``dendrite train`` prints it: "epoch 2/5  lr 0.001  train loss 0.2134 acc
    0.9371  val loss 0.1874 acc 0.9452  1.23 s (43902 samples/s)"."""
    def metric(key: str) -> str:
        return f"{metrics[key]:.4f}" if key in metrics else "-"
    seconds = float(metrics.get("seconds", 0.0))
    rate = metrics.get("samples", 0) / seconds if seconds > 0 else 0.0
    return (f"epoch {metrics['epoch']}/{metrics['epochs']}  lr {metrics.get('lr', 0.0):.3g}  "
            f"train loss {metrics['loss']:.4f} acc {metrics['accuracy']:.4f}  "
            f"val loss {metric('val_loss')} acc {metric('val_accuracy')}  {seconds:.2f} s ({rate:.0f} samples/s)")


def print_epoch(metrics: Dict[str, Any], stream: TextIO = None) -> None:  # type: ignore[assignment]
    """Prints ``epoch_line(metrics)`` on ``stream`` (default: sys.stderr, where the tool prints it)."""
    print(epoch_line(metrics), file=stream or sys.stderr, flush=True)


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
