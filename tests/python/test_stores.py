"""dendrite.read_runs and dendrite.read_epochs: a result store as pandas DataFrames with the columns
and rows of `dendrite runs`, read-only, and safe while a real `dendrite sweep` writes the store."""
import hashlib
import json
import math
import os
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import pytest

import dendrite

SOURCE_DIR = os.environ.get("DENDRITE_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
TOOL = os.environ.get("DENDRITE_TOOL", "")
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "report"))
import store_factory as sf  # noqa: E402  (the report tests' stores made by hand)
from test_real_sweep import RealSweep  # noqa: E402  (its generated 8x8 IDX data)

needs_tool = pytest.mark.skipif(not TOOL, reason="DENDRITE_TOOL is not set")


def tool(*args):
    return subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=300)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def plain(value):
    """A DataFrame cell as `dendrite runs --format json` writes it."""
    if value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if hasattr(value, "item"):
        return value.item()
    return value


@pytest.fixture
def hand_store(tmp_path):
    path = str(tmp_path / "sweep.db")
    sf.make_sweep_store(path).close()
    return path


@needs_tool
def test_columns_and_rows_are_those_of_dendrite_runs(hand_store):
    runs = dendrite.read_runs(hand_store)
    r = tool("runs", "--store", hand_store, "--format", "json")
    assert r.returncode == 0, r.stderr
    expected = json.loads(r.stdout)
    assert list(runs.columns) == list(expected[0].keys())
    assert len(runs) == len(expected) > 100
    for row, want in zip(runs.to_dict("records"), expected):
        for column, value in want.items():
            assert plain(row[column]) == value, (row["run_key"], column)
    assert runs["dendrites"].dtype == "Int64" and runs["sequential"].dtype == bool
    assert isinstance(runs["config"].iloc[0], dict)
    assert str(runs["started_at"].dtype) == "datetime64[ns, UTC]"


@needs_tool
def test_filters_as_dendrite_runs(hand_store):
    for status in ("done", "pending", "failed"):
        r = tool("runs", "--store", hand_store, "--format", "json", "--status", status)
        assert r.returncode == 0, r.stderr
        keys = [row["run_key"] for row in json.loads(r.stdout)]
        assert dendrite.read_runs(hand_store, status=status)["run_key"].tolist() == keys
        assert keys
    fashion = dendrite.read_runs(hand_store, dataset="fashion-mnist")
    assert len(fashion) > 0 and set(fashion["dataset"]) == {"fashion-mnist"}
    assert len(dendrite.read_runs(hand_store, dataset="cifar10")) == 0


def test_epochs_are_the_stored_history(hand_store):
    epochs = dendrite.read_epochs(hand_store)
    conn = sqlite3.connect(hand_store)
    raw = conn.execute("SELECT run_key, epoch, train_loss, val_accuracy FROM epochs ORDER BY run_key, epoch").fetchall()
    conn.close()
    assert len(raw) > 100
    assert list(epochs.columns) == ["run_key", "epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy",
                                    "lr", "seconds"]
    assert [tuple(plain(v) for v in t) for t in epochs[["run_key", "epoch", "train_loss", "val_accuracy"]]
            .itertuples(index=False)] == raw
    one = epochs["run_key"].iloc[0]
    mine = dendrite.read_epochs(hand_store, run_key=one)
    assert mine["epoch"].tolist() == list(range(1, len(mine) + 1))
    assert (mine["run_key"] == one).all()
    joined = epochs.merge(dendrite.read_runs(hand_store), on="run_key", suffixes=("", "_run"))
    assert len(joined) == len(epochs)


def test_reading_changes_nothing(hand_store):
    before = digest(hand_store)
    dendrite.read_runs(hand_store)
    dendrite.read_epochs(hand_store)
    assert digest(hand_store) == before
    # SQLite may lay out an empty -wal beside a WAL-mode store a reader opens: no page is in it.
    assert not os.path.exists(hand_store + "-wal") or os.path.getsize(hand_store + "-wal") == 0


def test_an_empty_store_gives_empty_frames_with_the_columns(tmp_path):
    path = str(tmp_path / "empty.db")
    sf.create_store(path).close()
    runs = dendrite.read_runs(path)
    assert len(runs) == 0 and "test_accuracy" in runs.columns
    assert len(dendrite.read_epochs(path)) == 0


def test_bad_stores_and_arguments_are_named(tmp_path, hand_store):
    missing = str(tmp_path / "missing.db")
    with pytest.raises(OSError, match="missing.db: no such file"):
        dendrite.read_runs(missing)
    text = tmp_path / "notes.db"
    text.write_text("not a store")
    with pytest.raises(OSError, match="notes.db: not an SQLite database"):
        dendrite.read_epochs(str(text))
    foreign = str(tmp_path / "foreign.db")
    sf.create_store(foreign, fmt="something-else").close()
    with pytest.raises(OSError, match="foreign.db: not a dendrite sweep store"):
        dendrite.read_runs(foreign)
    with pytest.raises(ValueError, match="status must be one of .* got 'finished'"):
        dendrite.read_runs(hand_store, status="finished")


@needs_tool
def test_read_runs_while_a_real_sweep_writes(tmp_path):
    """A real sweep fills the store while read_runs reads it over and over: every read after the
    first that finds the store succeeds, sees all the sweep's runs, and never fewer done ones."""
    data = RealSweep()
    data.tmp = str(tmp_path)
    store = str(tmp_path / "live.db")
    grid = ["--models", "dann-r,vann", "--dendrites", "2", "--somata", "4,8,12", "--synapses", "4",
            "--seeds", "1,2,3,4", "--epochs", "2", "--jobs", "1"]
    sweep = subprocess.Popen([TOOL, "sweep", "--store", store, *data.make_data(), *grid],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    done_seen, reads, partial = [], 0, 0
    deadline = time.monotonic() + 300
    try:
        while sweep.poll() is None and time.monotonic() < deadline:
            try:
                runs = dendrite.read_runs(store)
            except OSError:
                # Before the sweep has laid out its tables, the file is not a store yet.
                assert not done_seen, "a read failed after an earlier one succeeded"
                time.sleep(0.01)
                continue
            reads += 1
            if len(runs) == 0:
                continue  # the tables exist, the pending rows come next in one transaction
            assert len(runs) == 24
            done = int((runs["status"] == "done").sum())
            assert not done_seen or done >= done_seen[-1]
            partial += 0 < done < 24
            done_seen.append(done)
    finally:
        if sweep.poll() is None:
            sweep.kill()
        out = sweep.communicate()[0]
    assert sweep.returncode == 0, out
    assert reads > 10 and partial > 0, (reads, done_seen)
    final = dendrite.read_runs(store)
    assert (final["status"] == "done").all() and len(final) == 24
