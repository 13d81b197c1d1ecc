"""`dendrite report` on a store that a real `dendrite sweep` filled (not one built by hand): a tiny
grid of dANN-R and vANN runs on generated 8x8 IDX files, then the report. The summary must agree
with `dendrite runs --format csv` run by run, and the best-vs-vANN table must name the vANN."""
import os
import random
import statistics
import struct
import unittest

from report_case import ReportCase, read_csv


def write_idx(path, magic, dims, values):
    """An uncompressed IDX file: big-endian magic and dimensions, then one unsigned byte per value."""
    with open(path, "wb") as f:
        f.write(struct.pack(">I", magic))
        f.write(b"".join(struct.pack(">I", d) for d in dims))
        f.write(bytes(values))


def quadrant_images(count, seed):
    """Four classes: a bright 4x4 quadrant of an 8x8 image on a noisy background."""
    rng = random.Random(seed)
    images, labels = [], []
    for i in range(count):
        label = i % 4
        top, left = (label // 2) * 4, (label % 2) * 4
        for r in range(8):
            for c in range(8):
                inside = top <= r < top + 4 and left <= c < left + 4
                images.append(rng.randint(170, 255) if inside else rng.randint(0, 60))
        labels.append(label)
    return images, labels


class RealSweep(ReportCase):
    def make_data(self):
        files = {}
        for split, count, seed in (("train", 400, 1), ("test", 80, 2)):
            images, labels = quadrant_images(count, seed)
            files[split + "-images"] = self.path(split + "-images.idx")
            files[split + "-labels"] = self.path(split + "-labels.idx")
            write_idx(files[split + "-images"], 0x00000803, (count, 8, 8), images)
            write_idx(files[split + "-labels"], 0x00000801, (count,), labels)
        return ["--" + name + "=" + path for name, path in files.items()]

    def test_report_of_a_real_sweep_agrees_with_dendrite_runs(self):
        store = self.path("runs.db")
        grid = ["--models", "dann-r,vann", "--dendrites", "2", "--somata", "4,8", "--synapses", "4",
                "--seeds", "1,2", "--epochs", "2", "--jobs", "2"]
        r = self.tool("sweep", "--store", store, *self.make_data(), *grid)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

        r = self.tool("runs", "--store", store, "--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.path("runs.csv"), "w", encoding="utf-8") as f:
            f.write(r.stdout)
        runs = read_csv(self.path("runs.csv"))
        self.assertEqual(len(runs), 8)
        self.assertTrue(all(run["status"] == "done" for run in runs), runs)

        r = self.tool("report", "--store", store, "--out", self.path("out"), "--tables-only")
        self.assertEqual(r.returncode, 0, r.stderr)
        summary = read_csv(self.path("out", "summary.csv"))
        self.assertEqual(len(summary), 4)  # (model, somata) groups of two seeds each
        for row in summary:
            with self.subTest(model=row["model"], somata=row["somata"]):
                mine = [run for run in runs if run["model"] == row["model"] and run["somata"] == row["somata"]]
                self.assertEqual(int(row["runs"]), 2)
                self.assertEqual(len(mine), 2)
                self.assertEqual(int(row["params"]), int(mine[0]["params"]))
                accuracies = [float(run["test_accuracy"]) for run in mine]
                self.assertAlmostEqual(float(row["test_accuracy_mean"]), statistics.mean(accuracies), delta=1e-9)
                self.assertAlmostEqual(float(row["test_accuracy_sd"]), statistics.stdev(accuracies), delta=1e-9)
                losses = [float(run["test_loss"]) for run in mine]
                self.assertAlmostEqual(float(row["test_loss_mean"]), statistics.mean(losses), delta=1e-9)

        # The best vANN by mean test accuracy, and whether a dANN-R configuration beats it.
        vanns = [row for row in summary if row["model"] == "vann"]
        danns = [row for row in summary if row["model"] == "dann-r"]
        best_vann = max(vanns, key=lambda row: float(row["test_accuracy_mean"]))
        best = [row for row in read_csv(self.path("out", "best_vs_vann.csv")) if row["metric"] == "accuracy"]
        self.assertEqual(len(best), 1, best)
        self.assertEqual(best[0]["variant"], "dann-r")
        self.assertEqual(int(best[0]["vann_params"]), int(best_vann["params"]))
        self.assertAlmostEqual(float(best[0]["vann_mean"]), float(best_vann["test_accuracy_mean"]), delta=1e-9)
        beating = [row for row in danns if float(row["test_accuracy_mean"]) > float(best_vann["test_accuracy_mean"])]
        if beating:
            fewest = min(beating, key=lambda row: int(row["params"]))
            self.assertEqual(int(best[0]["fewest_params"]), int(fewest["params"]))
        else:
            self.assertEqual(best[0]["fewest_config"], "none within the grid")
        self.assertTrue(os.path.isfile(self.path("out", "index.html")))


if __name__ == "__main__":
    unittest.main()
