"""Configuration groups: the runs of one configuration over its seeds, and their statistics.

A configuration is a run's config JSON without its seed (every key whose name contains "seed", at
any depth: seed, run_seed, model.seed, ...), together with the data set, its content hash, the framework version and the configuration's
columns. Runs that differ in anything else (learning rate, dropout, epochs, ...) are never averaged
together. Statistics are over the group's done runs: the mean and the sample standard deviation
(n - 1; none for a single run).
"""
import json
import statistics

# The axes every summary row carries (the paper's grid), then the columns that set the condition a
# configuration is trained under; configurations are compared only within one condition.
STANDARD_AXES = ("dataset", "model", "dendrites", "somata", "synapses", "layers", "input_noise", "sequential")
CONDITION_AXES = ("dataset", "input_noise", "sequential", "epochs", "batch", "optimizer", "lr",
                  "dataset_hash", "framework_version")
COLUMN_AXES = STANDARD_AXES + ("epochs", "batch", "optimizer", "lr", "dropout", "dataset_hash", "framework_version")

# Per-run values averaged per group (results of the store, and the derived scores of scores.py).
METRICS = ("test_accuracy", "test_loss", "train_accuracy", "train_loss", "val_accuracy", "val_loss",
           "best_epoch", "loss_gap", "efficiency_f", "accuracy_efficiency", "loss_efficiency",
           "seconds_per_epoch")


def names_axis(key, names):
    """Whether a config key (its last dotted part) names one of the axes: "model.seed" names
    "seed", "input_noise" names "noise"."""
    last = key.split(".")[-1].lower()
    return any(n in last for n in names)


def flatten_config(config, prefix=""):
    """{"a": {"b": 1}, "seed": 3} -> {"a.b": 1}; lists become JSON text; seeds are dropped."""
    flat = {}
    for key in sorted(config):
        if names_axis(key, ("seed",)):
            continue
        value = config[key]
        name = prefix + key
        if isinstance(value, dict):
            flat.update(flatten_config(value, name + "."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, sort_keys=True, separators=(",", ":"))
        else:
            flat[name] = value
    return flat


def stat(values):
    """(n, mean, sd) of the values that are not None; mean None for n = 0, sd None for n < 2."""
    xs = [float(v) for v in values if v is not None]
    if not xs:
        return 0, None, None
    return len(xs), statistics.fmean(xs), (statistics.stdev(xs) if len(xs) > 1 else None)


class Group:
    """One configuration: its axes, flattened config, runs of every status and statistics."""

    def __init__(self, key, first_run):
        self.key = key
        self.axes = {a: first_run[a] for a in COLUMN_AXES}
        self.config = flatten_config(first_run["config"])
        self.runs = []

    @property
    def done(self):
        return [r for r in self.runs if r["status"] == "done"]

    def count(self, *statuses):
        return sum(1 for r in self.runs if r["status"] in statuses)

    def stat(self, metric):
        return stat(r.get(metric) for r in self.done)

    def mean(self, metric):
        return self.stat(metric)[1]

    @property
    def params(self):
        """The trainable parameters of the configuration (the rounded mean, should seeds differ)."""
        n, mean, _ = self.stat("params")
        return None if n == 0 else int(round(mean))

    def condition(self):
        return tuple(self.axes[a] for a in CONDITION_AXES)

    def scan_order(self):
        """The authors' D-major scan order: dendrites, then somata, then the rest of the key."""
        return (_none_last(self.axes["dendrites"]), _none_last(self.axes["somata"]),
                _none_last(self.axes["synapses"]), _none_last(self.axes["layers"]), self.key)


def _none_last(v):
    return (1, 0) if v is None else (0, v)


def group_key(run):
    identity = {a: run[a] for a in COLUMN_AXES}
    identity["config"] = flatten_config(run["config"])
    return json.dumps(identity, sort_keys=True, separators=(",", ":"))


def build_groups(runs, model_order):
    """Groups the runs by configuration, sorted by data set, condition, variant and size."""
    groups = {}
    for run in runs:
        key = group_key(run)
        if key not in groups:
            groups[key] = Group(key, run)
        groups[key].runs.append(run)
    rank = {m: i for i, m in enumerate(model_order)}

    def order(g):
        a = g.axes
        return (a["dataset"], a["sequential"], a["input_noise"], tuple(_none_last(g.axes[c]) for c in CONDITION_AXES[3:]),
                rank.get(a["model"], len(rank)), a["model"], g.scan_order(), _none_last(a["dropout"]))
    return sorted(groups.values(), key=order)


def varying_config_keys(groups, fixed_axes):
    """Config keys that tell apart groups sharing the same values of fixed_axes (and not already a
    column axis): the extra columns a table needs so that no two rows look alike."""
    by_fixed = {}
    for g in groups:
        by_fixed.setdefault(tuple(g.axes[a] for a in fixed_axes), []).append(g)
    keys = set()
    for members in by_fixed.values():
        if len(members) < 2:
            continue
        names = set().union(*(m.config.keys() for m in members))
        for name in names:
            if name.split(".")[-1] in COLUMN_AXES:
                continue
            if len({json.dumps(m.config.get(name)) for m in members}) > 1:
                keys.add(name)
    return sorted(keys)


def varying_columns(groups, candidates):
    """Column axes among candidates that take more than one value over the groups."""
    return [c for c in candidates if len({json.dumps(g.axes[c]) for g in groups}) > 1]


def identity_without(group, names):
    """The group's identity with the named axes left out (the columns, and the config keys that
    name them): the same configuration at another noise level, or in the other task."""
    axes = {a: v for a, v in group.axes.items() if not names_axis(a, names)}
    config = {k: v for k, v in group.config.items() if not names_axis(k, names)}
    return json.dumps({"axes": axes, "config": config}, sort_keys=True, separators=(",", ":"))
