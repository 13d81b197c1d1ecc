"""A sweep's result store as pandas DataFrames: ``read_runs`` (the rows and columns of
`dendrite runs`) and ``read_epochs`` (every run's per-epoch history).

The store (SQLite, framework/sweep/store_schema.sql) is opened as the report opens it
(dendrite.report.store: URI ``mode=ro``, plus ``immutable=1`` when nothing can write the file and no
-wal exists), so reading never changes it and never disturbs a sweep that is writing it: in WAL mode
each query reads one consistent snapshot, the results committed before it began.
"""
import json
import sqlite3

import pandas as pd

from dendrite.report.store import StoreError, _check_file, _open_read_only, _read_meta

# The columns of `dendrite runs` (tools/runs_command.cpp), in its order: the configuration and the
# main results first, then the other results, the execution and the key.
RUN_COLUMNS = (
    "model", "dataset", "dendrites", "somata", "synapses", "layers", "seed", "input_noise", "sequential", "epochs",
    "params", "status", "test_accuracy", "test_loss", "best_epoch", "seconds_per_epoch", "batch", "optimizer", "lr",
    "dropout", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "best_val_loss", "epochs_run",
    "train_samples_per_second", "wall_seconds", "cost", "attempts", "host", "rank", "started_at", "finished_at",
    "error", "run_key", "dataset_hash", "framework_version", "config")
# `dendrite runs`' order of the rows.
RUN_ORDER = "dataset, model, dendrites, somata, synapses, layers, input_noise, sequential, epochs, seed, run_key"
EPOCH_COLUMNS = ("run_key", "epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds")

# INTEGER columns, some NULL for some runs (dendrites of an MLP, results of a pending run): pandas'
# nullable Int64, so an integer stays an integer and NULL is <NA> rather than a float NaN.
_INTEGER = ("dendrites", "somata", "synapses", "layers", "seed", "epochs", "params", "best_epoch", "batch",
            "epochs_run", "attempts", "rank", "epoch")
_REAL = ("input_noise", "test_accuracy", "test_loss", "seconds_per_epoch", "lr", "dropout", "train_loss",
         "train_accuracy", "val_loss", "val_accuracy", "best_val_loss", "train_samples_per_second", "wall_seconds",
         "cost", "seconds")
_TIMES = ("started_at", "finished_at")
STATUSES = ("pending", "running", "done", "failed")


def _query(store, sql, parameters, columns):
    """Runs one SELECT on the store opened read-only; every failure is an OSError naming the file."""
    path = str(store)
    try:
        _check_file(path)
        conn = _open_read_only(path)
    except StoreError as e:
        raise OSError(str(e)) from None
    try:
        _read_meta(path, conn)
        rows = conn.execute(sql, parameters).fetchall()
    except StoreError as e:
        raise OSError(str(e)) from None
    except sqlite3.Error as e:
        raise OSError("%s: cannot read the store: %s" % (path, str(e).splitlines()[0])) from None
    finally:
        conn.close()
    return pd.DataFrame.from_records(rows, columns=list(columns))


def _typed(frame):
    for c in frame.columns:
        if c in _INTEGER:
            frame[c] = frame[c].astype("Int64")
        elif c in _REAL:
            frame[c] = frame[c].astype("float64")
        elif c in _TIMES:
            frame[c] = pd.to_datetime(frame[c], utc=True)
    return frame


def _parsed_config(text):
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return text  # as `dendrite runs --format json` does: a config that is not JSON stays text
    return value


def read_runs(store, status=None, dataset=None):
    """The runs of the result store `store` as a DataFrame with the columns of `dendrite runs`, in
    its order (data set, model, D, S, k, layers, noise, task, epochs, seed).

    status: only runs with this status (pending, running, done, failed); dataset: only runs on this
    data set. Integer columns are nullable (pandas Int64: <NA> where the store has NULL, such as the
    results of a run not done), `sequential` is a bool, `started_at`/`finished_at` are UTC
    timestamps and `config` is the run's configuration as a dict.

    Raises ValueError for an unknown status, OSError naming the file when it is not a readable
    dendrite store.
    """
    if status is not None and status not in STATUSES:
        raise ValueError("status must be one of %s, got %r" % (", ".join(STATUSES), status))
    sql = ("SELECT %s FROM runs WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR dataset = ?2) ORDER BY %s"
           % (", ".join(RUN_COLUMNS), RUN_ORDER))
    frame = _typed(_query(store, sql, (status, dataset), RUN_COLUMNS))
    frame["sequential"] = frame["sequential"].astype(bool)
    frame["config"] = frame["config"].map(_parsed_config).astype(object)
    return frame


def read_epochs(store, run_key=None):
    """Every run's per-epoch history (the store's epochs table) as a DataFrame: run_key, epoch
    (1-based), train_loss, train_accuracy, val_loss, val_accuracy, lr, seconds, ordered by run and
    epoch; with run_key, that run's alone. Join it with read_runs on run_key for the configuration:
    ``read_epochs(s).merge(read_runs(s), on="run_key", suffixes=("", "_run"))``.

    Raises OSError naming the file when it is not a readable dendrite store.
    """
    sql = ("SELECT %s FROM epochs WHERE (?1 IS NULL OR run_key = ?1) ORDER BY run_key, epoch"
           % ", ".join(EPOCH_COLUMNS))
    return _typed(_query(store, sql, (run_key,), EPOCH_COLUMNS))
