"""Best vs vANN: at what parameter budget does each variant beat the best dense network?

Within one condition (data set, noise, task, epochs, batch, optimizer, learning rate, data and
framework version), the best vANN configuration is the one with the highest mean test accuracy
(or, in the loss table, the lowest mean test loss); ties go to fewer parameters. For every other
variant with a (D, S) grid, two rules pick the configuration that beats it:

- fewest: the configuration with the fewest trainable parameters whose mean beats the best vANN
  (ties: the better mean, then scan order);
- first: the authors' rule, the first configuration in D-major scan order (D ascending, then S)
  whose mean beats the best vANN; it is not always the one with the fewest parameters.

"Beats" is strict: a higher mean accuracy, or a lower mean loss. The parameter ratio is the vANN's
parameters over the variant's: how many times fewer parameters the variant needs.
"""
from dataclasses import dataclass
from typing import Optional

from dendrite.report.groups import Group

METRICS = {"accuracy": "test_accuracy", "loss": "test_loss"}
REFERENCE_MODEL = "vann"


def beats(metric, a, b):
    return a > b if metric == "accuracy" else a < b


@dataclass
class Match:
    condition: tuple
    metric: str                 # "accuracy" or "loss"
    vann: Group
    variant: str
    fewest: Optional[Group]     # None: none within the grid
    first: Optional[Group]
    configs: int                # the variant's configurations in the condition
    incomplete: int             # of which some runs are not done yet

    @property
    def differ(self):
        return self.fewest is not None and self.first is not None and self.fewest is not self.first

    def ratio(self, group):
        if group is None or not group.params or not self.vann.params:
            return None
        return self.vann.params / group.params


def _params_or_inf(g):
    return float("inf") if g.params is None else g.params


def best_vann(groups, metric):
    column = METRICS[metric]
    vanns = [g for g in groups if g.axes["model"] == REFERENCE_MODEL and g.mean(column) is not None]
    if not vanns:
        return None
    sign = -1 if metric == "accuracy" else 1
    return min(vanns, key=lambda g: (sign * g.mean(column), _params_or_inf(g), g.scan_order()))


def compare(groups, metric):
    """The Match rows of every condition that has a done vANN, in the groups' order."""
    column = METRICS[metric]
    sign = -1 if metric == "accuracy" else 1
    by_condition = {}
    for g in groups:
        by_condition.setdefault(g.condition(), []).append(g)
    matches = []
    for condition, members in by_condition.items():
        vann = best_vann(members, metric)
        if vann is None:
            continue
        target = vann.mean(column)
        variants = []
        for g in members:
            m = g.axes["model"]
            if m != REFERENCE_MODEL and g.axes["dendrites"] is not None and m not in variants:
                variants.append(m)
        for variant in variants:
            mine = [g for g in members if g.axes["model"] == variant]
            winners = [g for g in mine if g.mean(column) is not None and beats(metric, g.mean(column), target)]
            fewest = min(winners, key=lambda g: (_params_or_inf(g), sign * g.mean(column), g.scan_order()), default=None)
            first = min(winners, key=lambda g: g.scan_order(), default=None)
            incomplete = sum(1 for g in mine if g.count("pending", "running", "failed") or not g.done)
            matches.append(Match(condition, metric, vann, variant, fewest, first, len(mine), incomplete))
    return matches
