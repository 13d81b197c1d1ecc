"""Test accuracy and test loss against trainable parameters (log x): one line per variant, the
mean over seeds with a band of +- one sample sd, one figure per data set and condition."""
import json

from dendrite.report import groups as G
from dendrite.report.names import dataset_label, variant_label, variant_style
from dendrite.report.plotting import Figure, band, legend_outside, new_figure, save

LINE_AXES = ("synapses", "layers", "dropout")
METRIC_AXIS = {"test_accuracy": "Test accuracy (fraction correct, 0-1)",
               "test_loss": "Test loss (cross-entropy, nats)"}
METRIC_NAME = {"test_accuracy": "test accuracy", "test_loss": "test loss"}
ALT_LINES = ("-", "--", ":", "-.")


def lines(groups):
    """[(label, model, index among the model's lines, groups sorted by params)] of one condition.
    A variant gets several lines only when an axis other than D and S varies among its runs."""
    config_keys = G.varying_config_keys(groups, G.COLUMN_AXES)
    by_model = {}
    for g in groups:
        if g.params is not None:
            by_model.setdefault(g.axes["model"], []).append(g)
    result = []
    for model, members in by_model.items():
        axes = [a for a in LINE_AXES if len({json.dumps(m.axes[a]) for m in members}) > 1]
        keys = [k for k in config_keys if len({json.dumps(m.config.get(k)) for m in members}) > 1]
        sub = {}
        for m in members:
            label = ", ".join(["%s=%s" % (a, m.axes[a]) for a in axes] + ["%s=%s" % (k, m.config.get(k)) for k in keys])
            sub.setdefault(label, []).append(m)
        for i, (label, gs) in enumerate(sub.items()):
            name = variant_label(model) + (" (%s)" % label if label else "")
            result.append((name, model, i, sorted(gs, key=lambda g: (g.params, g.scan_order()))))
    return result


def draw_lines(ax, condition_groups, metric):
    for label, model, index, gs in lines(condition_groups):
        colour, line, marker = variant_style(model)
        if index:
            line = ALT_LINES[(ALT_LINES.index(line) + index) % len(ALT_LINES)]
        pts = [(g.params, g.stat(metric)) for g in gs]
        pts = [(x, mean, sd) for x, (n, mean, sd) in pts if n]
        if not pts:
            continue
        xs, means, sds = zip(*pts)
        ax.plot(xs, means, linestyle=line, marker=marker, color=colour, label=label)
        band(ax, xs, means, sds, colour)


def params_figure(out_dir, formats, stem, condition_groups, metric, subtitle):
    dataset = dataset_label(condition_groups[0].axes["dataset"])
    fig, (ax,) = new_figure()
    draw_lines(ax, condition_groups, metric)
    ax.set_xscale("log")
    ax.set_xlabel("Trainable parameters (count, log scale)")
    ax.set_ylabel(METRIC_AXIS[metric])
    title = "%s: %s vs trainable parameters" % (dataset, METRIC_NAME[metric])
    ax.set_title(title + ("\n" + subtitle if subtitle else ""))
    legend_outside(fig, ax)
    caption = ("Mean over seeds of each configuration's %s (band: +- one sample sd, where a configuration has "
               "two or more done runs), one line per variant%s." % (METRIC_NAME[metric],
                                                                     "; " + subtitle if subtitle else ""))
    return save(fig, out_dir, Figure(stem, title, caption), formats)
