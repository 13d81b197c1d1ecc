"""The per-run scores derived from a store's results: the train-test loss gap and the paper's
efficiency scores (Chavlis & Poirazi 2025).

Efficiency. The authors' Keras code takes e, the 0-based epoch of minimum validation loss, and
computes f = log10(params x (e + 1)). The store keeps best_epoch 1-based (e + 1), so here

    f_raw   = log10(params x best_epoch)
    f       = f_raw / min(f_raw over the done runs of the same data set and task)
    accuracy_efficiency = test_accuracy / f
    loss_efficiency     = test_loss x f

"Task" means the same input noise and the same sequential setting: a noisy or class-sorted version
of a data set is normalised on its own, so adding noise runs to a store never changes the scores of
the clean runs. f is at least 1; a model that needs fewer parameters and fewer epochs for the same
accuracy scores higher accuracy efficiency and lower loss efficiency.

Loss gap = test_loss - train_loss (last epoch): the paper's measure of overfitting.
"""
import math


def task_key(run):
    return (run["dataset"], run["input_noise"], run["sequential"])


def efficiency_raw(run):
    """log10(params x best_epoch), or None when either is missing or not positive."""
    params, best = run.get("params"), run.get("best_epoch")
    if params is None or best is None or params <= 0 or best <= 0:
        return None
    return math.log10(params * best)


def add_scores(runs):
    """Sets loss_gap, efficiency_f, accuracy_efficiency and loss_efficiency on every done run."""
    lowest = {}
    for run in runs:
        if run["status"] != "done":
            continue
        f = efficiency_raw(run)
        run["efficiency_raw"] = f
        if f is not None:
            key = task_key(run)
            lowest[key] = f if key not in lowest else min(lowest[key], f)
    for run in runs:
        if run["status"] != "done":
            continue
        train, test, acc = run.get("train_loss"), run.get("test_loss"), run.get("test_accuracy")
        run["loss_gap"] = None if train is None or test is None else test - train
        f_raw, low = run["efficiency_raw"], lowest.get(task_key(run))
        # params x best_epoch = 1 gives f_raw = 0 and nothing to normalise by.
        f = None if f_raw is None or not low else f_raw / low
        run["efficiency_f"] = f
        run["accuracy_efficiency"] = None if f is None or acc is None else acc / f
        run["loss_efficiency"] = None if f is None or test is None else test * f
