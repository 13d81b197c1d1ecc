"""The two task figures: test accuracy against input-noise sigma (one line per configuration that
has noisy runs), and the sequential task (test accuracy per configuration, class-sorted training
next to the standard shuffled training of the same configuration)."""
from dendrite.report import groups as G
from dendrite.report.names import config_label, dataset_label, variant_style
from dendrite.report.plotting import Figure, band, legend_below, legend_outside, new_figure, save
from dendrite.report.tables import NOISE_AXES, SEQUENTIAL_AXES, shuffled_counterparts


def noise_figure(out_dir, formats, stem, dataset_groups):
    """dataset_groups: the noise_groups() of one data set (every sigma, 0 included)."""
    by_config = {}
    for g in dataset_groups:
        by_config.setdefault(G.identity_without(g, NOISE_AXES), []).append(g)
    fig, (ax,) = new_figure(width=7.5, height=5.5)
    for gs in by_config.values():
        gs = sorted((g for g in gs if g.done), key=lambda g: g.axes["input_noise"])
        if not gs:
            continue
        colour, line, marker = variant_style(gs[0].axes["model"])
        xs = [g.axes["input_noise"] for g in gs]
        stats = [g.stat("test_accuracy") for g in gs]
        means, sds = [s[1] for s in stats], [s[2] for s in stats]
        ax.plot(xs, means, linestyle=line, marker=marker, color=colour,
                label=config_label(gs[0].axes, gs[0].params))
        band(ax, xs, means, sds, colour)
    dataset = dataset_label(dataset_groups[0].axes["dataset"])
    title = "%s: test accuracy vs input noise" % dataset
    ax.set_title(title)
    ax.set_xlabel("Input noise sigma (Gaussian, on pixel values scaled to [0, 1])")
    ax.set_ylabel("Test accuracy (fraction correct, 0-1)")
    legend_below(ax)
    caption = ("Mean test accuracy over seeds (band: +- one sample sd) of every configuration trained with input "
               "noise, at each sigma; sigma 0 is the same configuration without noise.")
    return save(fig, out_dir, Figure(stem, title, caption), formats)


def sequential_figure(out_dir, formats, stem, dataset_groups, all_groups):
    """dataset_groups: the sequential-task groups of one data set; bars per configuration."""
    shuffled = shuffled_counterparts(all_groups)
    gs = [g for g in dataset_groups if g.done]
    width = max(6.0, 1.0 + 0.75 * len(gs))
    fig, (ax_acc, ax_loss) = new_figure(width=min(width, 16.0) + 2.5, height=4.8, ncols=2)
    xs = list(range(len(gs)))
    labels = [config_label(g.axes) for g in gs]
    for ax, metric, name in ((ax_acc, "test_accuracy", "Test accuracy (fraction correct, 0-1)"),
                             (ax_loss, "test_loss", "Test loss (cross-entropy, nats)")):
        for x, g in zip(xs, gs):
            colour = variant_style(g.axes["model"])[0]
            _, mean, sd = g.stat(metric)
            ax.bar(x - 0.2, mean, 0.4, yerr=sd, color=colour, capsize=3, edgecolor="black", linewidth=0.5,
                   label="sequential (class-sorted)" if x == 0 else None)
            other = shuffled.get(G.identity_without(g, SEQUENTIAL_AXES))
            if other is not None and other.done:
                _, o_mean, o_sd = other.stat(metric)
                ax.bar(x + 0.2, o_mean, 0.4, yerr=o_sd, color="white", edgecolor=colour, hatch="//",
                       capsize=3, linewidth=1.0, label="shuffled (standard)" if x == 0 else None)
        ax.set_xticks(xs)
        ax.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
        ax.set_ylabel(name)
        ax.set_xlabel("Configuration")
        ax.grid(axis="x", visible=False)
    dataset = dataset_label(dataset_groups[0].axes["dataset"])
    title = "%s: sequential task" % dataset
    fig.suptitle(title)
    legend_outside(fig, ax_loss)
    caption = ("Mean over seeds (error bars: one sample sd) of each configuration trained on class-sorted, "
               "unshuffled data (filled, the variant's colour), next to the same configuration trained the standard "
               "way (hatched), where the store has it.")
    return save(fig, out_dir, Figure(stem, title, caption), formats)
