"""examples/python/quickstart.ipynb runs through headless (nbclient, a fresh kernel) on a
Fashion-MNIST subset (10,000 training images, 5 epochs), and leaves what it promises: the
comparison at about the same parameter count, the History plot and the ONNX file."""
import os
import re
import time

import nbformat
import onnx
import pytest
from nbclient import NotebookClient

SOURCE_DIR = os.environ.get("DENDRITE_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
NOTEBOOK = os.path.join(SOURCE_DIR, "examples", "python", "quickstart.ipynb")


def outputs(nb):
    text = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text.append(out.get("text", "") if out.get("output_type") == "stream" else "")
    return "".join(text)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebook")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    start = time.monotonic()
    # The kernel inherits this environment (PYTHONPATH to the package, the subset); a failing cell
    # raises CellExecutionError with its traceback.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DENDRITE_NOTEBOOK_SUBSET", "10000")
        env.setenv("DENDRITE_NOTEBOOK_EPOCHS", "5")
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
    return nb, folder, time.monotonic() - start


def test_the_notebook_runs_through_in_a_minute(executed):
    nb, _, seconds = executed
    assert seconds < 60, "the notebook took %.0f s on the subset" % seconds
    text = outputs(nb)
    assert "(10000, 28, 28) float32 (10000,) (5000, 28, 28)" in text, text


def test_the_dann_and_the_mlp_compare_at_about_the_same_size(executed):
    text = outputs(executed[0])
    dann = re.search(r"dANN-GRF: (\d+) parameters, test accuracy ([0-9.]+)", text)
    mlp = re.search(r"MLP \((\d+) hidden\): (\d+) parameters, test accuracy ([0-9.]+)", text)
    assert dann and mlp, text
    assert 0.95 < int(mlp.group(2)) / int(dann.group(1)) < 1.05
    # Ten classes: chance is 0.1; five epochs on 10,000 images reach about 0.8 (both).
    assert float(dann.group(2)) > 0.7 and float(mlp.group(3)) > 0.7, text


def test_the_history_plot_and_the_onnx_file_are_written(executed):
    folder = executed[1]
    png = folder / "quickstart-history.png"
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    model = onnx.load(str(folder / "quickstart-dann-grf.onnx"))
    assert "ai.dendrite" in {o.domain for o in model.opset_import}
    assert any(node.domain == "ai.dendrite" for node in model.graph.node)
