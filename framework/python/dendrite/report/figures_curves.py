"""Training and validation curves (the per-epoch history of the store's epochs table) of the
best-vs-vANN configurations: the best vANN and, per variant, the configuration with the fewest
parameters that beats it. Each curve is the mean over the configuration's done runs at each epoch
(runs that stopped early count only for the epochs they ran)."""
from matplotlib.lines import Line2D

from dendrite.report.groups import stat
from dendrite.report.names import config_label, dataset_label, variant_style
from dendrite.report.plotting import Figure, new_figure, save

PANELS = (("loss", "Loss (cross-entropy, nats)"), ("accuracy", "Accuracy (fraction correct, 0-1)"))


def mean_history(store, group):
    """{epoch: {column: mean}} over the group's done runs."""
    per_epoch = {}
    for run in group.done:
        for row in store.epochs(run["run_key"]):
            per_epoch.setdefault(row["epoch"], []).append(row)
    return {e: {c: stat(r[c] for r in rows)[1] for c in rows[0] if c != "epoch"}
            for e, rows in sorted(per_epoch.items())}


def curves_figure(out_dir, formats, stem, store, configs, subtitle=""):
    """configs: the groups to draw, best vANN first. Returns None when no run has a history."""
    histories = [(g, mean_history(store, g)) for g in configs]
    histories = [(g, h) for g, h in histories if h]
    if not histories:
        return None
    fig, axes = new_figure(width=11.0, height=4.5, ncols=2)
    handles = []
    for g, _ in histories:
        colour, _, marker = variant_style(g.axes["model"])
        handles.append(Line2D([], [], color=colour, marker=marker, label=config_label(g.axes, g.params)))
    handles += [Line2D([], [], color="grey", linestyle="-", label="training set"),
                Line2D([], [], color="grey", linestyle="--", marker="o", markerfacecolor="white",
                       label="validation set")]
    for ax, (metric, name) in zip(axes, PANELS):
        for g, h in histories:
            colour, _, marker = variant_style(g.axes["model"])
            epochs = list(h)
            every = max(1, len(epochs) // 8)
            ax.plot(epochs, [h[e]["train_" + metric] for e in epochs], color=colour, linestyle="-", marker=marker,
                    markevery=every)
            val = [h[e]["val_" + metric] for e in epochs]
            if any(v is not None for v in val):
                ax.plot(epochs, val, color=colour, linestyle="--", marker=marker, markevery=every,
                        markerfacecolor="white")
        ax.set_xlabel("Epoch (1-based)")
        ax.set_ylabel(name)
    dataset = dataset_label(configs[0].axes["dataset"])
    title = "%s: training (solid) and validation (dashed) curves of the best-vs-vANN configurations" % dataset
    fig.suptitle(title + ("\n" + subtitle if subtitle else ""), fontsize=11)
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, frameon=False, fontsize=8)
    caption = ("Mean over seeds per epoch of the best vANN (by mean test accuracy) and of each variant's configuration "
               "with the fewest parameters that beats it; solid: training set, dashed: validation set.")
    return save(fig, out_dir, Figure(stem, title, caption), formats)
