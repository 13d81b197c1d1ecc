"""How variants and data sets are named and drawn, the same in every table and figure.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies). A variant's
colour is its input -> dendrite connectivity and its line style its dendrite -> soma connectivity,
so related variants look related: R blue, LRF orange, GRF green, all-to-all purple; structured
(dANN) solid, dense (vANN-*) dashed, random (sANN) dotted. The vANN is black, the MLP vermillion.
"""
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}

# model: (label, colour, line style, marker), in the order of legends and tables.
VARIANTS = {
    "vann": ("vANN", "black", "-", "s"),
    "dann-r": ("dANN-R", "blue", "-", "o"),
    "dann-lrf": ("dANN-LRF", "orange", "-", "o"),
    "dann-grf": ("dANN-GRF", "bluish_green", "-", "o"),
    "pdann": ("pdANN", "reddish_purple", "-", "o"),
    "vann-r": ("vANN-R", "blue", "--", "s"),
    "vann-lrf": ("vANN-LRF", "orange", "--", "s"),
    "vann-grf": ("vANN-GRF", "bluish_green", "--", "s"),
    "sann": ("sANN", "blue", ":", "^"),
    "sann-lrf": ("sANN-LRF", "orange", ":", "^"),
    "sann-grf": ("sANN-GRF", "bluish_green", ":", "^"),
    "psann": ("psANN", "reddish_purple", ":", "^"),
    "mlp": ("MLP", "vermillion", "-", "D"),
}
MODEL_ORDER = tuple(VARIANTS)
UNKNOWN_STYLE = ("sky_blue", "-.", "v")

DATASETS = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST", "kmnist": "KMNIST", "cifar10": "CIFAR-10",
            "cifar100": "CIFAR-100", "idx": "IDX data"}


def variant_label(model):
    return VARIANTS[model][0] if model in VARIANTS else model


def variant_style(model):
    """(colour hex, line style, marker) of a variant."""
    colour, line, marker = VARIANTS[model][1:] if model in VARIANTS else UNKNOWN_STYLE
    return OKABE_ITO[colour], line, marker


def dataset_label(name):
    if name in DATASETS:
        return DATASETS[name]
    if name.startswith("emnist-"):
        return "EMNIST (%s)" % name[len("emnist-"):]
    return name


def config_label(axes, params=None):
    """'dANN-GRF D=16 S=256' (plus the parameter count when given)."""
    text = variant_label(axes["model"])
    if axes.get("dendrites") is not None:
        text += " D=%d S=%d" % (axes["dendrites"], axes["somata"])
    if axes.get("layers") not in (None, 1):
        text += " L=%d" % axes["layers"]
    if params:
        text += " (%s params)" % format(params, ",")
    return text


def condition_text(condition_groups, varying):
    """'lr 0.01, epochs 25': the values of the varying condition axes of one condition."""
    a = condition_groups[0].axes
    return ", ".join("%s %s" % (c.replace("_", " "), a[c]) for c in varying)
