"""matplotlib set-up shared by the figures: the Agg backend (no display), a paper-like style,
and saving one figure as PNG and SVG.

matplotlib is imported here and only here, after the backend is chosen; cli.py checks that it is
installed before any work.
"""
import os
from dataclasses import dataclass, field
from typing import Dict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend)

STYLE = {
    "figure.dpi": 100, "savefig.dpi": 150, "font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10,
    "legend.fontsize": 8.5, "axes.grid": True, "grid.alpha": 0.3, "axes.spines.top": False,
    "axes.spines.right": False, "lines.linewidth": 1.6, "lines.markersize": 4.5,
    "svg.hashsalt": "dendrite-report",  # stable SVG ids: the same store gives the same files
}
FIGURE_DIR = "figures"


@dataclass
class Figure:
    stem: str                   # file name without extension, under figures/
    title: str
    caption: str
    files: Dict[str, str] = field(default_factory=dict)  # format -> path relative to the out folder


def new_figure(width=7.5, height=4.5, ncols=1):
    plt.rcParams.update(STYLE)
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), squeeze=False)
    return fig, list(axes[0])


def legend_outside(fig, ax, **kw):
    """A legend right of the axes, so no line is hidden under it."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                  frameon=False, **kw)


def legend_below(ax, ncol=2, handles=None, labels=None):
    """A legend under the axes, for long labels."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=ncol, frameon=False)


def save(fig, out_dir, figure, formats):
    """Writes figures/<stem>.<format> for each format; records the relative paths in figure.files."""
    os.makedirs(os.path.join(out_dir, FIGURE_DIR), exist_ok=True)
    fig.tight_layout()
    for fmt in formats:
        rel = "%s/%s.%s" % (FIGURE_DIR, figure.stem, fmt)
        meta = {"Date": None} if fmt == "svg" else {"Software": "dendrite report (matplotlib)"}
        fig.savefig(os.path.join(out_dir, rel), format=fmt, metadata=meta, bbox_inches="tight")
        figure.files[fmt] = rel
    plt.close(fig)
    return figure


def band(ax, xs, means, sds, colour):
    """The mean +- sd band where an sd exists (n >= 2)."""
    pts = [(x, m, s) for x, m, s in zip(xs, means, sds) if s is not None]
    if len(pts) >= 2:
        ax.fill_between([p[0] for p in pts], [p[1] - p[2] for p in pts], [p[1] + p[2] for p in pts],
                        color=colour, alpha=0.15, linewidth=0)
    elif len(pts) == 1:
        ax.errorbar([pts[0][0]], [pts[0][1]], yerr=[pts[0][2]], color=colour, capsize=3, linewidth=1)
