"""Reading a `dendrite sweep` result store, read-only.

The store is opened with SQLite's URI mode=ro, so a sweep that is still writing it (WAL mode) is
not disturbed: the report reads one consistent snapshot. Every way a file can fail to be a store
(missing, empty, not SQLite, truncated, malformed, foreign, another schema version, no runs) raises
StoreError with one line naming the file and the problem.
"""
import json
import math
import os
import sqlite3
import struct
import urllib.parse

from dendrite.report import FORMAT, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"

# The runs columns the report reads (a store of schema version 1 has all of them).
RUN_COLUMNS = (
    "run_key", "config", "dataset", "dataset_hash", "framework_version", "model", "dendrites",
    "somata", "synapses", "layers", "seed", "input_noise", "sequential", "epochs", "batch",
    "optimizer", "lr", "dropout", "status", "error", "attempts", "host", "rank", "started_at",
    "finished_at", "params", "epochs_run", "train_loss", "train_accuracy", "val_loss",
    "val_accuracy", "test_loss", "test_accuracy", "best_epoch", "best_val_loss",
    "seconds_per_epoch", "train_samples_per_second", "wall_seconds",
)
EPOCH_COLUMNS = ("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy")
# The numbers the report computes with. A store written by other hands may hold anything there:
# SQLite keeps a text 'nan' in a REAL column as text, and 9e999 is an infinite REAL. An axis that is
# not a finite number leaves its run out of the report; a result that is not one is shown as missing.
AXIS_NUMBERS = ("dendrites", "somata", "synapses", "layers", "seed", "input_noise", "sequential", "epochs",
                "batch", "lr", "dropout")
RESULT_NUMBERS = ("attempts", "rank", "params", "epochs_run", "train_loss", "train_accuracy", "val_loss",
                  "val_accuracy", "test_loss", "test_accuracy", "best_epoch", "best_val_loss", "seconds_per_epoch",
                  "train_samples_per_second", "wall_seconds")
MAX_NOTES = 20  # the notes listed on the page; the rest are counted
STATUSES = ("done", "pending", "running", "failed")


class StoreError(Exception):
    """A file that cannot be read as a result store; the message is one line."""


def finite_number(value):
    """An int or float (not a bool) that is neither NaN nor infinite."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _shown(value):
    if isinstance(value, bytes):
        return "a blob of %d bytes" % len(value)
    return repr(value) if isinstance(value, str) else str(value)


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("the number %s is out of range" % text)
    return value


def _refuse_constant(name):
    raise ValueError("%s is not a JSON number" % name)


class Store:
    """One opened store: meta rows, sweeps, runs (dicts with the config parsed) and epochs."""

    def __init__(self, path, conn, meta, sweeps, runs, notes=()):
        self.path = path
        self._conn = conn
        self.meta = meta
        self.sweeps = sweeps
        self.runs = runs
        self.notes = list(notes)  # values the report could not use, one line each

    def status_counts(self):
        counts = {s: 0 for s in STATUSES}
        for r in self.runs:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        return counts

    def framework_versions(self):
        return sorted({r["framework_version"] for r in self.runs})

    def epochs(self, run_key):
        """The per-epoch history of one run, in epoch order, as dicts."""
        try:
            rows = self._conn.execute(
                "SELECT %s FROM epochs WHERE run_key = ? ORDER BY epoch" % ", ".join(EPOCH_COLUMNS),
                (run_key,)).fetchall()
        except sqlite3.DatabaseError as e:
            raise StoreError("%s: cannot read the epochs table: %s" % (self.path, e)) from e
        history = []
        for row in rows:
            values = dict(zip(EPOCH_COLUMNS, row))
            if not finite_number(values["epoch"]):
                continue  # an epoch that is not a number has no place on the curves
            history.append({c: (v if c == "epoch" or finite_number(v) else None) for c, v in values.items()})
        return history

    def close(self):
        self._conn.close()


def _check_file(path):
    """The checks that need no SQLite: exists, regular, not empty, SQLite header, not truncated."""
    if not os.path.exists(path):
        raise StoreError("%s: no such file" % path)
    if not os.path.isfile(path):
        raise StoreError("%s: not a regular file" % path)
    size = os.path.getsize(path)
    if size == 0:
        raise StoreError("%s: the file is empty (0 bytes), not a dendrite sweep store" % path)
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError as e:
        raise StoreError("%s: cannot read: %s" % (path, e.strerror)) from e
    if not header.startswith(SQLITE_MAGIC):
        raise StoreError("%s: not an SQLite database (no SQLite header), not a dendrite sweep store" % path)
    if len(header) < 100:
        raise StoreError("%s: truncated SQLite file (%d bytes, shorter than its 100-byte header)" % (path, size))
    # The page size (bytes 16-17, 1 meaning 65536) and the page count (bytes 28-31), valid when the
    # "version-valid-for" number (92-95) equals the change counter (24-27).
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, = struct.unpack(">I", header[24:28])
    page_count, = struct.unpack(">I", header[28:32])
    valid_for, = struct.unpack(">I", header[92:96])
    # A live store (its -wal beside it) can be caught mid-checkpoint: page 1, with the new count,
    # written before the pages after it. SQLite's own reading is consistent then; only a store
    # at rest is judged by its size.
    at_rest = not os.path.exists(path + "-wal")
    if at_rest and valid_for == change_counter and page_count * page_size > size:
        raise StoreError("%s: truncated SQLite file (%d bytes; its header says %d pages of %d bytes)"
                         % (path, size, page_count, page_size))


def _read_as_immutable(path):
    """Nothing can change the store (it, or its folder where SQLite keeps -wal and -shm, is not
    writable) and no -wal holds committed pages: SQLite then need not create -shm to read it (a
    read-only medium, another user's store, an archived .db without its -wal)."""
    if os.path.exists(path + "-wal"):
        return False
    folder = os.path.dirname(os.path.abspath(path))
    return not os.access(path, os.W_OK) or not os.access(folder, os.W_OK)


def _open_read_only(path):
    uri = "file:%s?mode=ro" % urllib.parse.quote(os.path.abspath(path))
    if _read_as_immutable(path):
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        conn.execute("PRAGMA query_only = 1")
        return conn
    except sqlite3.Error as e:
        raise StoreError("%s: cannot open read-only: %s" % (path, e)) from e


def _read_meta(path, conn):
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        raise StoreError("%s: an empty SQLite database (no tables), not a dendrite sweep store" % path)
    if "meta" not in tables:
        raise StoreError("%s: not a dendrite sweep store (no meta table)" % path)
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("format") != FORMAT:
        raise StoreError("%s: not a dendrite sweep store (meta format is %r, expected %r)"
                         % (path, meta.get("format"), FORMAT))
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise StoreError("%s: store schema version %r is not supported (this report reads version %s)"
                         % (path, meta.get("schema_version"), SCHEMA_VERSION))
    for table in ("runs", "epochs", "sweeps"):
        if table not in tables:
            raise StoreError("%s: a dendrite sweep store without its %s table" % (path, table))
    have = {row[1] for row in conn.execute("PRAGMA table_info(runs)")}
    missing = [c for c in RUN_COLUMNS if c not in have]
    if missing:
        raise StoreError("%s: the runs table lacks column(s) %s" % (path, ", ".join(missing)))
    return meta


def _clean_numbers(run, notes):
    """True when the run can be reported; results that are not finite numbers become None (a note
    each), an axis that is not one leaves the run out (a note)."""
    key = str(run["run_key"])[:12]
    for column in AXIS_NUMBERS:
        value = run[column]
        if value is not None and not finite_number(value):
            notes.append("Run %s: %s = %s is not a finite number; the run is left out." % (key, column, _shown(value)))
            return False
    for column in RESULT_NUMBERS:
        value = run[column]
        if value is not None and not finite_number(value):
            notes.append("Run %s: %s = %s is not a finite number; shown as missing." % (key, column, _shown(value)))
            run[column] = None
    return True


def _read_runs(path, conn, notes):
    runs = []
    for row in conn.execute("SELECT %s FROM runs ORDER BY run_key" % ", ".join(RUN_COLUMNS)):
        run = dict(zip(RUN_COLUMNS, row))
        if not _clean_numbers(run, notes):
            continue
        try:
            config = json.loads(run["config"], parse_float=_finite_float, parse_constant=_refuse_constant)
        except (TypeError, ValueError) as e:
            raise StoreError("%s: run %s has a config that is not JSON: %s" % (path, run["run_key"], e)) from e
        if not isinstance(config, dict):
            raise StoreError("%s: run %s has a config that is not a JSON object" % (path, run["run_key"]))
        run["config"] = config
        if run["status"] not in STATUSES:
            raise StoreError("%s: run %s has an unknown status %r" % (path, run["run_key"], run["status"]))
        runs.append(run)
    if not runs:
        raise StoreError("%s: the store holds no runs yet (nothing to report)" % path)
    return runs


def open_store(path):
    """Opens and validates a store; raises StoreError with a one-line message."""
    _check_file(path)
    conn = _open_read_only(path)
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise StoreError("%s: the SQLite file is damaged (quick_check: %s)"
                             % (path, check[0] if check else "no answer"))
        meta = _read_meta(path, conn)
        sweeps = [dict(zip(("started_at", "finished_at", "command", "host", "workers", "status"), row))
                  for row in conn.execute("SELECT started_at, finished_at, command, host, workers, status "
                                          "FROM sweeps ORDER BY id")]
        notes = []
        runs = _read_runs(path, conn, notes)
    except sqlite3.DatabaseError as e:
        conn.close()
        raise StoreError("%s: the SQLite file cannot be read (damaged?): %s" % (path, str(e).splitlines()[0])) from e
    except StoreError:
        conn.close()
        raise
    return Store(path, conn, meta, sweeps, runs, notes)
