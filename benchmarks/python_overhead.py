#!/usr/bin/env python3
"""The Python package's overhead over the command line (a benchmark, not a test).

  1. fit against dendrite train: dANN-R with D = 16 dendrites per soma, S = 64 somata on MNIST,
     3 epochs, the same seed, batch and threads: the wall time of fit() (array checks, setup,
     batches, validation) against the tool's three epochs (log.jsonl's epoch_seconds: batches,
     validation, checkpoint), the batches alone on both sides (train_seconds; the epoch
     "seconds" fit reports), and each whole process. The same weights come out (the test losses
     are compared).
  2. predict on the 10,000 MNIST test images against dendrite run on the exported model (ONNX
     Runtime with the plugin): samples per second of each.

    PYTHONPATH=build/python /usr/bin/python3 benchmarks/python_overhead.py \
        --tool build/dendrite --data-dir .deps/data [--threads 2] [--repeat 1]

The machine's load average is printed first: on a shared machine the ratios move with it.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

PYTHON_RUN = r"""
import json, sys, time
t0 = time.monotonic()
import dendrite
data_dir, threads, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
(x, y), (xt, yt) = dendrite.load_dataset("mnist", data_dir)
model = dendrite.Model.variant("dann-r", dendrites=16, somata=64, synapses=16, input_shape=x.shape[1:],
                               classes=10, seed=1)
loops = []
t1 = time.monotonic()
model.fit(x, y, epochs=3, batch_size=128, validation_split=0.1, seed=1, threads=threads, verbose=0,
          callbacks=lambda m: loops.append(m["seconds"]))
t2 = time.monotonic()
test = model.evaluate(xt, yt, batch_size=128)
model.export_onnx(out + "/model.onnx")
t3 = time.monotonic()
proba = model.predict(xt, batch_size=256)
t4 = time.monotonic()
json.dump({"fit_seconds": t2 - t1, "loop_seconds": sum(loops), "test_loss": test["loss"], "predict_seconds": t4 - t3,
           "wall_seconds": t3 - t0, "samples": int(proba.shape[0])}, open(out + "/python.json", "w"))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tool", default="build/dendrite")
    parser.add_argument("--data-dir", default=".deps/data")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side, the fastest kept")
    a = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"on {os.cpu_count()} cores")
    cli, py = [], []
    with tempfile.TemporaryDirectory() as work:
        for i in range(a.repeat):
            run = os.path.join(work, f"run{i}")
            start = time.monotonic()
            subprocess.run([a.tool, "train", "--dataset", "mnist", "--data-dir", a.data_dir, "--model", "dann-r",
                            "--dendrites", "16", "--somata", "64", "--synapses", "16", "--epochs", "3",
                            "--batch", "128", "--seed", "1", "--threads", str(a.threads), "--out", run,
                            "--quiet", "--no-progress"], check=True)
            wall = time.monotonic() - start
            s = json.load(open(os.path.join(run, "summary.json")))
            log = [json.loads(line) for line in open(os.path.join(run, "log.jsonl"))]
            cli.append({"loop_seconds": sum(e["train_seconds"] for e in log),
                        "epoch_seconds": sum(e["epoch_seconds"] for e in log), "wall_seconds": wall,
                        "test_loss": s["test_loss"]})
            out = os.path.join(work, f"py{i}")
            os.makedirs(out)
            start = time.monotonic()
            subprocess.run([sys.executable, "-c", PYTHON_RUN, a.data_dir, str(a.threads), out], check=True,
                           env=dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "passive")))
            p = json.load(open(os.path.join(out, "python.json")))
            p["process_seconds"] = time.monotonic() - start
            py.append(p)
        c = min(cli, key=lambda r: r["epoch_seconds"])
        p = min(py, key=lambda r: r["fit_seconds"])
        print(f"dendrite train: 3 epochs {c['epoch_seconds']:.3f} s (batches {c['loop_seconds']:.3f} s; process "
              f"{c['wall_seconds']:.2f} s), test loss {c['test_loss']!r}")
        print(f"Model.fit:      3 epochs {p['fit_seconds']:.3f} s (batches {p['loop_seconds']:.3f} s; process "
              f"{p['process_seconds']:.2f} s), test loss {p['test_loss']!r}")
        print(f"fit / train: {p['fit_seconds'] / c['epoch_seconds']:.3f} (fit() against the tool's epochs with "
              f"validation and checkpoints), {p['loop_seconds'] / c['loop_seconds']:.3f} (the batches alone), "
              f"{p['process_seconds'] / c['wall_seconds']:.3f} (whole process); same weights: "
              f"{p['test_loss'] == c['test_loss']}")
        summary = os.path.join(work, "run.json")
        subprocess.run([a.tool, "run", os.path.join(work, "py0", "model.onnx"), "--dataset", "mnist",
                        "--data-dir", a.data_dir, "--threads", str(a.threads), "--batch", "256",
                        "--summary", summary], check=True, stdout=subprocess.DEVNULL)
        r = json.load(open(summary))
        rate = p["samples"] / p["predict_seconds"]
        print(f"predict on {p['samples']}: {rate:.0f} samples/s; dendrite run (ONNX Runtime + plugin): "
              f"{r['samples_per_second']:.0f} samples/s; predict / run: {rate / r['samples_per_second']:.3f}")


if __name__ == "__main__":
    main()
