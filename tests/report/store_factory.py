"""Result stores made by hand for the report's tests: the real schema file (executescript of
framework/sweep/store_schema.sql), then rows with known numbers.

    conn = create_store(path)
    key = add_run(conn, model="dann-r", dendrites=4, somata=32, seed=1, test_accuracy=0.9, ...)
    add_epochs(conn, key, [{"epoch": 1, "train_loss": ...}, ...])
    conn.commit()

make_sweep_store() writes a whole small sweep (two data sets, five variants, a (D, S) grid, three
seeds, noise and sequential runs, per-epoch histories, pending and failed runs) whose numbers follow
a smooth made-up law, for the figure and page tests.
"""
import hashlib
import json
import math
import os
import random
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("DENDRITE_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))
SCHEMA = os.path.join(SOURCE_DIR, "framework", "sweep", "store_schema.sql")
NOW = "2026-01-01T00:00:00Z"

RESULT_COLUMNS = ("params", "epochs_run", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "test_loss",
                  "test_accuracy", "best_epoch", "best_val_loss", "seconds_per_epoch", "train_samples_per_second",
                  "wall_seconds")


def create_store(path, fmt="dendrite-sweep-store", schema_version="1"):
    conn = sqlite3.connect(path)
    with open(SCHEMA, encoding="utf-8") as f:
        conn.executescript(f.read())
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                     [("format", fmt), ("schema_version", schema_version), ("created_at", NOW),
                      ("created_by", "0.1.0")])
    conn.execute("INSERT INTO sweeps (started_at, finished_at, command, host, workers, status) VALUES "
                 "(?, ?, ?, ?, ?, ?)", (NOW, None, "dendrite sweep --store test.db", "testhost", 2, "running"))
    conn.commit()
    return conn


def dann_params(d, s, k=16, n=784, c=10):
    return (k + 1) * d * s + (d + 1) * s + (s + 1) * c


def vann_params(d, s, n=784, c=10):
    return (n + 1) * d * s + (d * s + 1) * s + (s + 1) * c


def pdann_params(d, s, n=784, c=10):
    return (n + 1) * d * s + (d + 1) * s + (s + 1) * c


def params_of(model, d, s):
    if model == "vann":
        return vann_params(d, s)
    if model in ("pdann", "psann"):
        return pdann_params(d, s)
    return dann_params(d, s)


def add_run(conn, model, dendrites, somata, seed, dataset="mnist", status="done", synapses="auto", layers=1,
            input_noise=0.0, sequential=0, epochs=15, batch=128, optimizer="adam", lr=1e-3, dropout=0.0,
            error=None, framework_version="0.1.0", extra_config=None, **results):
    """Inserts one run; results (test_accuracy=..., ...) are set only when given. Returns its key.
    synapses "auto": 16, or None for the variants without synapses (dense or all-to-all input)."""
    if synapses == "auto":
        synapses = None if model in ("vann", "pdann", "psann", "mlp") else 16
    config = {"dataset": dataset, "model": model, "dendrites": dendrites, "somata": somata, "synapses": synapses,
              "layers": layers, "seed": seed, "input_noise": input_noise, "sequential": bool(sequential),
              "epochs": epochs, "batch": batch, "optimizer": optimizer, "lr": lr, "dropout": dropout}
    config.update(extra_config or {})
    text = json.dumps(config, sort_keys=True, separators=(",", ":"))
    key = hashlib.sha256((text + "\nhash\n" + framework_version).encode()).hexdigest()
    if status == "done":
        results.setdefault("params", params_of(model, dendrites, somata) if dendrites else 1000)
    row = {"run_key": key, "config": text, "dataset": dataset, "dataset_hash": "hash",
           "framework_version": framework_version, "model": model, "dendrites": dendrites, "somata": somata,
           "synapses": synapses, "layers": layers, "seed": seed, "input_noise": input_noise,
           "sequential": sequential, "epochs": epochs, "batch": batch, "optimizer": optimizer, "lr": lr,
           "dropout": dropout, "cost": 1.0, "status": status, "error": error,
           "attempts": 0 if status == "pending" else 1, "created_at": NOW}
    row.update({k: v for k, v in results.items() if k in RESULT_COLUMNS})
    unknown = set(results) - set(RESULT_COLUMNS)
    if unknown:
        raise ValueError("unknown result columns %s" % sorted(unknown))
    cols = ", ".join(row)
    conn.execute("INSERT INTO runs (%s) VALUES (%s)" % (cols, ", ".join("?" * len(row))), list(row.values()))
    return key


def add_epochs(conn, run_key, rows):
    for r in rows:
        conn.execute("INSERT INTO epochs (run_key, epoch, train_loss, train_accuracy, val_loss, val_accuracy, lr, "
                     "seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (run_key, r["epoch"], r.get("train_loss"), r.get("train_accuracy"), r.get("val_loss"),
                      r.get("val_accuracy"), 1e-3, 0.5))


def _law(model, params, seed, sigma, rng):
    """A made-up but plausible accuracy: rises with log(params), dANNs more efficient, noise hurts vANNs more."""
    base = {"vann": 0.0, "dann-r": 0.045, "dann-lrf": 0.05, "dann-grf": 0.055, "pdann": 0.02}[model]
    acc = 0.80 + base + 0.03 * math.log10(params) - (0.12 if model == "vann" else 0.08) * sigma
    acc = min(0.995, acc + rng.gauss(0.0, 0.003))
    return acc, 0.05 + 2.2 * (1.0 - acc) + rng.gauss(0.0, 0.004)


def _history(rng, epochs, final_acc, final_loss, overfit):
    rows = []
    for e in range(1, epochs + 1):
        t = e / epochs
        train_loss = max(0.01, final_loss * (0.6 + 1.6 * (1 - t) ** 2) - overfit * t)
        val_loss = final_loss * (0.9 + 1.4 * (1 - t) ** 2) + overfit * 0.5 * t ** 2
        rows.append({"epoch": e, "train_loss": train_loss, "val_loss": val_loss,
                     "train_accuracy": min(0.999, final_acc - 0.1 * (1 - t) ** 2 + 0.01 * t),
                     "val_accuracy": final_acc - 0.12 * (1 - t) ** 2 + rng.gauss(0, 0.002)})
    return rows


def make_sweep_store(path, seeds=(1, 2, 3), pending=True, failed=True):
    """A small sweep on two data sets; returns the connection (committed)."""
    rng = random.Random(7)
    conn = create_store(path)
    models = ("vann", "dann-r", "dann-lrf", "dann-grf", "pdann")
    grid = [(d, s) for d in (1, 2, 4, 8, 16) for s in (32, 64, 128)]
    for dataset, epochs in (("mnist", 15), ("fashion-mnist", 25)):
        shift = 0.0 if dataset == "mnist" else 0.08
        for model in models:
            for d, s in grid:
                for seed in seeds:
                    params = params_of(model, d, s)
                    acc, loss = _law(model, params, seed, 0.0, rng)
                    acc, loss = acc - shift, loss + 2.2 * shift
                    if pending and dataset == "fashion-mnist" and model == "dann-grf" and d == 16 and seed == 3:
                        add_run(conn, model, d, s, seed, dataset, status="pending", epochs=epochs)
                        continue
                    overfit = 0.08 if model == "vann" else 0.02
                    hist = _history(rng, epochs, acc, loss, overfit)
                    best = min(hist, key=lambda r: r["val_loss"])
                    key = add_run(conn, model, d, s, seed, dataset, epochs=epochs, params=params, epochs_run=epochs,
                                  train_loss=hist[-1]["train_loss"], train_accuracy=hist[-1]["train_accuracy"],
                                  val_loss=hist[-1]["val_loss"], val_accuracy=hist[-1]["val_accuracy"],
                                  test_loss=loss, test_accuracy=acc, best_epoch=best["epoch"],
                                  best_val_loss=best["val_loss"], seconds_per_epoch=0.001 * params ** 0.5,
                                  train_samples_per_second=54000 / (0.001 * params ** 0.5), wall_seconds=1.0)
                    add_epochs(conn, key, hist)
        if failed:
            add_run(conn, "dann-r", 64, 512, 1, dataset, status="failed", epochs=epochs,
                    error="non-finite loss (nan) in epoch 3; lower the learning rate")
    # Noise (Fashion-MNIST) and the sequential task (MNIST) on two configurations per variant.
    for model, d, s in (("vann", 16, 128), ("dann-grf", 4, 64), ("dann-r", 4, 64)):
        params = params_of(model, d, s)
        for sigma in (0.25, 0.5, 0.75, 1.0):
            for seed in seeds:
                acc, loss = _law(model, params, seed, sigma, rng)
                add_run(conn, model, d, s, seed, "fashion-mnist", input_noise=sigma, epochs=25, params=params,
                        test_accuracy=acc - 0.08, test_loss=loss + 0.18, train_loss=loss, best_epoch=10)
        for seed in seeds:
            acc, loss = _law(model, params, seed, 0.0, rng)
            add_run(conn, model, d, s, seed, "mnist", sequential=1, epochs=30, params=params,
                    test_accuracy=acc * (0.5 if model == "vann" else 0.6), test_loss=loss * 4, train_loss=loss,
                    best_epoch=30)
    if pending:
        add_run(conn, "dann-lrf", 8, 64, 1, "mnist", status="running", sequential=1, epochs=30)
    conn.commit()
    return conn
