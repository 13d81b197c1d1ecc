"""Where dendrite's ONNX Runtime custom-op library is, for Python's onnxruntime."""
from __future__ import annotations

import os

_NAME = "libdendrite_ort_plugin.so"


def plugin_path() -> str:
    """The path of ``libdendrite_ort_plugin.so``, the custom ops (``ai.dendrite``) an exported model
    needs in ONNX Runtime::

        options = onnxruntime.SessionOptions()
        options.register_custom_ops_library(dendrite.plugin_path())

    Installed, it is ``<prefix>/lib/dendrite/``; in a build tree, ``<build>/export/plugin/``.
    Raises ``OSError`` when neither holds it.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [
        # <prefix>/lib/python3/dist-packages/dendrite -> <prefix>/lib/dendrite
        os.path.join(here, "..", "..", "..", "dendrite", _NAME),
        # <build>/python/dendrite -> <build>/export/plugin
        os.path.join(here, "..", "..", "export", "plugin", _NAME),
    ]
    for path in candidates:
        if os.path.isfile(path):
            return os.path.normpath(path)
    raise OSError(f"{_NAME}: not found beside the dendrite package ({here}); looked in "
                  + ", ".join(os.path.normpath(p) for p in candidates))
