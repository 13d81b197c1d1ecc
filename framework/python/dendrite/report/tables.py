"""The report's tables: rows built from groups and matches, written with the csv module.

Every table is a Table (name, columns, rows of dicts); the HTML page shows the same rows. Values
are written as Python prints them (floats round-trip exactly); an empty cell means no value
(no done run, or an sd of a single run).
"""
import csv
from dataclasses import dataclass, field
from typing import List

from dendrite.report import groups as G
from dendrite.report.matching import Match
from dendrite.report.names import config_label

SUMMARY_METRICS = ("test_accuracy", "test_loss", "train_accuracy", "train_loss", "val_accuracy", "val_loss",
                   "best_epoch", "loss_gap", "efficiency_f", "accuracy_efficiency", "loss_efficiency")
NONE_WITHIN_GRID = "none within the grid"


@dataclass
class Table:
    name: str                  # file stem: summary -> summary.csv
    title: str
    columns: List[str]
    rows: List[dict] = field(default_factory=list)


def write_csv(table, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=table.columns, extrasaction="raise")
        writer.writeheader()
        for row in table.rows:
            writer.writerow({c: ("" if row.get(c) is None else row.get(c)) for c in table.columns})


def varying_condition_columns(groups, candidates):
    """The candidate columns that vary in the store, and dataset_hash when one data set has runs on
    different files (the hash differs between data sets anyway)."""
    columns = G.varying_columns(groups, candidates)
    hashes = {}
    for g in groups:
        hashes.setdefault(g.axes["dataset"], set()).add(g.axes["dataset_hash"])
    return columns + (["dataset_hash"] if any(len(h) > 1 for h in hashes.values()) else [])


def extra_axes(groups):
    """(varying columns, distinguishing config keys) a table of these groups must show."""
    columns = varying_condition_columns(groups, ("epochs", "batch", "optimizer", "lr", "dropout", "framework_version"))
    return columns, G.varying_config_keys(groups, G.COLUMN_AXES)


def _axes_row(group, columns, config_keys, standard=G.STANDARD_AXES):
    row = {a: group.axes[a] for a in standard}
    row.update({c: group.axes[c] for c in columns})
    row.update({k: group.config.get(k) for k in config_keys})
    return row


def _stats(row, group, metric, with_sd=True):
    n, mean, sd = group.stat(metric)
    row[metric + "_mean"] = mean
    if with_sd:
        row[metric + "_sd"] = sd


def summary_table(groups):
    columns, config_keys = extra_axes(groups)
    header = list(G.STANDARD_AXES) + columns + config_keys + ["params", "runs", "runs_missing", "runs_failed"]
    for m in SUMMARY_METRICS:
        header += [m + "_mean", m + "_sd"]
    header.append("seconds_per_epoch_mean")
    table = Table("summary", "Summary: one row per configuration, mean and sample sd over seeds", header)
    for g in groups:
        row = _axes_row(g, columns, config_keys)
        row.update(params=g.params, runs=len(g.done), runs_missing=g.count("pending", "running"),
                   runs_failed=g.count("failed"))
        for m in SUMMARY_METRICS:
            _stats(row, g, m)
        _stats(row, g, "seconds_per_epoch", with_sd=False)
        table.rows.append(row)
    return table


def _rule_cells(prefix, match, group):
    if group is None:
        return {prefix + "_config": NONE_WITHIN_GRID}
    ratio = match.ratio(group)
    return {prefix + "_config": config_label(group.axes), prefix + "_dendrites": group.axes["dendrites"],
            prefix + "_somata": group.axes["somata"], prefix + "_params": group.params,
            prefix + "_mean": group.mean("test_" + match.metric), prefix + "_runs": len(group.done),
            prefix + "_param_ratio": None if ratio is None else round(ratio, 3)}


def best_vs_vann_table(matches: List[Match], groups):
    varying = varying_condition_columns(groups, ("epochs", "batch", "optimizer", "lr", "framework_version"))
    header = ["dataset", "input_noise", "sequential"] + varying + [
        "metric", "vann_config", "vann_params", "vann_mean", "vann_runs", "variant"]
    for prefix in ("fewest", "first"):
        header += [prefix + s for s in ("_config", "_dendrites", "_somata", "_params", "_mean", "_runs", "_param_ratio")]
    header += ["rules_differ", "variant_configs", "configs_incomplete"]
    table = Table("best_vs_vann", "Best vANN and the smallest configuration of each variant that beats it", header)
    for m in matches:
        a = m.vann.axes
        row = {"dataset": a["dataset"], "input_noise": a["input_noise"], "sequential": a["sequential"],
               "metric": m.metric, "vann_config": config_label(a), "vann_params": m.vann.params,
               "vann_mean": m.vann.mean("test_" + m.metric), "vann_runs": len(m.vann.done), "variant": m.variant,
               "rules_differ": "yes" if m.differ else "no", "variant_configs": m.configs,
               "configs_incomplete": m.incomplete}
        row.update({c: a[c] for c in varying})
        row.update(_rule_cells("fewest", m, m.fewest))
        row.update(_rule_cells("first", m, m.first))
        table.rows.append(row)
    return table


def _short_table(name, title, rows_groups, extra_header, extra_cells, groups):
    columns, config_keys = extra_axes(groups)
    standard = ("dataset", "model", "dendrites", "somata", "synapses", "layers")
    header = list(standard) + columns + config_keys + ["params"] + extra_header + [
        "runs", "test_accuracy_mean", "test_accuracy_sd", "test_loss_mean", "test_loss_sd"]
    table = Table(name, title, header)
    for g in rows_groups:
        row = _axes_row(g, columns, config_keys, standard)
        row.update(params=g.params, runs=len(g.done))
        row.update(extra_cells(g))
        _stats(row, g, "test_accuracy")
        _stats(row, g, "test_loss")
        table.rows.append(row)
    return table


NOISE_AXES = ("input_noise", "noise")


def noise_groups(groups):
    """The groups of every configuration that has runs with input noise, at each sigma (0 too)."""
    noisy = {G.identity_without(g, NOISE_AXES) for g in groups if g.axes["input_noise"] > 0}
    rows = [g for g in groups if G.identity_without(g, NOISE_AXES) in noisy and not g.axes["sequential"]]
    return sorted(rows, key=lambda g: (g.axes["dataset"], g.axes["input_noise"]))


def noise_table(groups):
    rows = noise_groups(groups)
    if not rows:
        return None
    return _short_table("noise", "Input noise: test accuracy and loss vs sigma", rows, ["input_noise"],
                        lambda g: {"input_noise": g.axes["input_noise"]}, groups)


SEQUENTIAL_AXES = ("sequential", "epoch")  # the sequential task also doubles the epochs


def shuffled_counterparts(groups):
    """identity without task and epochs -> the shuffled (standard) group of that configuration."""
    return {G.identity_without(g, SEQUENTIAL_AXES): g for g in groups if not g.axes["sequential"]}


def sequential_table(groups):
    rows = [g for g in groups if g.axes["sequential"]]
    if not rows:
        return None
    shuffled = shuffled_counterparts(groups)

    def cells(g):
        other = shuffled.get(G.identity_without(g, SEQUENTIAL_AXES))
        return {"input_noise": g.axes["input_noise"], "epochs": g.axes["epochs"],
                "shuffled_test_accuracy_mean": other.mean("test_accuracy") if other else None,
                "shuffled_test_loss_mean": other.mean("test_loss") if other else None}
    return _short_table("sequential", "Sequential task (class-sorted, unshuffled training)", rows,
                        ["input_noise", "epochs", "shuffled_test_accuracy_mean", "shuffled_test_loss_mean"],
                        cells, groups)


def missing_table(store):
    """Runs not done: pending and running (missing) and failed, with their errors."""
    order = {"failed": 0, "running": 1, "pending": 2}
    runs = sorted((r for r in store.runs if r["status"] != "done"),
                  key=lambda r: (order[r["status"]], r["dataset"], r["model"], r["run_key"]))
    if not runs:
        return None
    header = ["status", "dataset", "model", "dendrites", "somata", "synapses", "layers", "input_noise",
              "sequential", "seed", "attempts", "host", "rank", "started_at", "error", "run_key"]
    return Table("missing_runs", "Runs not done (pending, running, failed)", header,
                 [{c: r[c] for c in header} for r in runs])
