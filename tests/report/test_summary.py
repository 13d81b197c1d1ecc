"""summary.csv: means and sample sds equal those computed from the store's raw rows; groups are
configurations without the seed; efficiency scores follow the paper's definition."""
import math
import sqlite3
import unittest

import store_factory as sf
from report_case import ReportCase, number, read_csv

AXES = ("dataset", "model", "dendrites", "somata", "synapses", "layers", "input_noise", "sequential")
METRICS = ("test_accuracy", "test_loss", "train_accuracy", "train_loss", "val_accuracy", "val_loss", "best_epoch")


def mean_sd(xs):
    """Written out by hand (not the statistics module the report uses)."""
    n = len(xs)
    m = sum(xs) / n
    return m, (math.sqrt(sum((x - m) ** 2 for x in xs) / (n - 1)) if n > 1 else None)


def key_of(row):
    return tuple("" if row[a] is None else str(row[a]) for a in AXES)


class SummaryFromRawRows(ReportCase):
    def test_sweep_store_means_and_sds_match_raw_rows(self):
        store = self.path("sweep.db")
        sf.make_sweep_store(store).close()
        self.report_ok(store)
        rows = {tuple(r[a] for a in AXES): r for r in read_csv(self.path("out", "summary.csv"))}
        conn = sqlite3.connect(store)
        conn.row_factory = sqlite3.Row
        raw = {}
        for r in conn.execute("SELECT * FROM runs WHERE status = 'done'"):
            raw.setdefault(key_of(r), []).append(r)
        conn.close()
        self.assertGreater(len(raw), 100)
        for key, runs in raw.items():
            # sqlite gives 0.0 for REAL noise; the CSV writes Python's repr of the value read.
            row = rows[key]
            self.assertEqual(int(row["runs"]), len(runs), key)
            for metric in METRICS:
                values = [r[metric] for r in runs if r[metric] is not None]
                if not values:
                    self.assertEqual(row[metric + "_mean"], "", (key, metric))
                    continue
                m, sd = mean_sd([float(v) for v in values])
                self.assertAlmostEqual(number(row[metric + "_mean"]), m, delta=1e-12 * max(1.0, abs(m)), msg=(key, metric))
                if sd is None:
                    self.assertEqual(row[metric + "_sd"], "", (key, metric))
                else:
                    self.assertAlmostEqual(number(row[metric + "_sd"]), sd, delta=1e-12 * max(1.0, sd), msg=(key, metric))
            gap = [r["test_loss"] - r["train_loss"] for r in runs if r["train_loss"] is not None]
            if gap:
                self.assertAlmostEqual(number(row["loss_gap_mean"]), mean_sd(gap)[0], delta=1e-12)
        # Configurations with no done run yet still get a row that says so.
        pending = [r for r in rows.values() if r["runs"] == "0"]
        self.assertTrue(pending)
        self.assertTrue(all(r["test_accuracy_mean"] == "" and int(r["runs_missing"]) + int(r["runs_failed"]) > 0
                            for r in pending))
        partial = [r for r in rows.values() if r["runs_missing"] != "0" and r["runs"] != "0"]
        self.assertTrue(partial)  # means over the done seeds so far

    def test_known_numbers_single_run_and_seed_free_groups(self):
        store = self.path("known.db")
        conn = sf.create_store(store)
        for seed, acc in ((1, 0.90), (2, 0.92), (3, 0.94)):
            sf.add_run(conn, "dann-r", 2, 32, seed, test_accuracy=acc, test_loss=1 - acc, train_loss=0.5, best_epoch=4)
        # One run: sd empty. Two learning rates: two rows, never averaged, and an lr column.
        sf.add_run(conn, "vann", 1, 32, 1, test_accuracy=0.80, test_loss=0.7, best_epoch=2)
        sf.add_run(conn, "vann", 1, 32, 1, lr=1e-2, test_accuracy=0.60, test_loss=0.9, best_epoch=2)
        sf.add_run(conn, "vann", 1, 32, 2, lr=1e-2, test_accuracy=0.70, test_loss=0.8, best_epoch=2)
        conn.commit()
        conn.close()
        self.report_ok(store)
        rows = read_csv(self.path("out", "summary.csv"))
        self.assertIn("lr", rows[0])
        dann = [r for r in rows if r["model"] == "dann-r"]
        self.assertEqual(len(dann), 1)
        self.assertAlmostEqual(float(dann[0]["test_accuracy_mean"]), 0.92, delta=1e-12)
        self.assertAlmostEqual(float(dann[0]["test_accuracy_sd"]), 0.02, delta=1e-12)
        self.assertEqual(dann[0]["runs"], "3")
        self.assertEqual(dann[0]["params"], str(sf.dann_params(2, 32)))
        self.assertAlmostEqual(float(dann[0]["loss_gap_mean"]), -0.42, delta=1e-12)  # test 0.10/0.08/0.06, train 0.5
        vann = {float(r["lr"]): r for r in rows if r["model"] == "vann"}
        self.assertEqual(set(vann), {1e-3, 1e-2})
        self.assertEqual(vann[1e-3]["runs"], "1")
        self.assertEqual(vann[1e-3]["test_accuracy_sd"], "")
        self.assertAlmostEqual(float(vann[1e-2]["test_accuracy_mean"]), 0.65, delta=1e-12)
        self.assertAlmostEqual(float(vann[1e-2]["test_accuracy_sd"]), math.sqrt(0.005), delta=1e-12)

    def test_seeds_under_other_keys_are_still_left_out_of_the_configuration(self):
        store = self.path("seeds.db")
        conn = sf.create_store(store)
        for seed, acc in ((1, 0.5), (2, 0.7)):
            sf.add_run(conn, "dann-r", 1, 32, seed, test_accuracy=acc, test_loss=0.5,
                       extra_config={"run_seed": seed, "model_spec": {"seed": seed, "activation": "relu"}})
        sf.add_run(conn, "dann-r", 1, 32, 1, test_accuracy=0.1, test_loss=0.5,
                   extra_config={"run_seed": 1, "model_spec": {"seed": 1, "activation": "tanh"}})
        conn.commit()
        conn.close()
        self.report_ok(store)
        rows = read_csv(self.path("out", "summary.csv"))
        # Two configurations (relu over two seeds, tanh), told apart by the config key that varies.
        self.assertEqual(sorted((r["model_spec.activation"], r["runs"]) for r in rows), [("relu", "2"), ("tanh", "1")])
        relu = [r for r in rows if r["model_spec.activation"] == "relu"][0]
        self.assertAlmostEqual(float(relu["test_accuracy_mean"]), 0.6, delta=1e-12)

    def test_framework_versions_are_not_averaged_and_dataset_hash_shows_only_when_it_varies(self):
        store = self.path("versions.db")
        conn = sf.create_store(store)
        sf.add_run(conn, "dann-r", 1, 32, 1, test_accuracy=0.5, test_loss=0.5)
        sf.add_run(conn, "dann-r", 1, 32, 1, framework_version="0.2.0", test_accuracy=0.7, test_loss=0.5)
        sf.add_run(conn, "dann-r", 1, 32, 1, dataset="fashion-mnist", test_accuracy=0.6, test_loss=0.5)
        conn.execute("UPDATE runs SET dataset_hash = 'other' WHERE dataset = 'fashion-mnist'")
        conn.commit()
        conn.close()
        self.report_ok(store)
        rows = read_csv(self.path("out", "summary.csv"))
        self.assertNotIn("dataset_hash", rows[0])
        self.assertEqual(sorted((r["dataset"], r["framework_version"], r["test_accuracy_mean"]) for r in rows),
                         [("fashion-mnist", "0.1.0", "0.6"), ("mnist", "0.1.0", "0.5"), ("mnist", "0.2.0", "0.7")])
        with open(self.path("out", "index.html"), encoding="utf-8") as f:
            self.assertIn("0.1.0, 0.2.0", f.read())

    def test_efficiency_scores_follow_the_paper(self):
        store = self.path("eff.db")
        conn = sf.create_store(store)
        runs = [("dann-r", 1, 32, 1, 0.90, 0.30, 3), ("dann-r", 1, 32, 2, 0.92, 0.28, 5),
                ("vann", 4, 64, 1, 0.95, 0.20, 9)]
        for model, d, s, seed, acc, loss, best in runs:
            sf.add_run(conn, model, d, s, seed, test_accuracy=acc, test_loss=loss, best_epoch=best)
        # Noisy runs are normalised on their own and leave the clean scores alone.
        sf.add_run(conn, "dann-r", 1, 32, 1, input_noise=0.5, test_accuracy=0.5, test_loss=1.0, best_epoch=1)
        conn.commit()
        conn.close()
        self.report_ok(store)
        rows = read_csv(self.path("out", "summary.csv"))
        # f = log10(params x (0-based epoch of min val loss + 1)) = log10(params x best_epoch), / its minimum.
        f_raw = {(m, seed): math.log10(sf.params_of(m, d, s) * best) for m, d, s, seed, _, _, best in runs}
        low = min(f_raw.values())
        dann = [r for r in rows if r["model"] == "dann-r" and r["input_noise"] == "0.0"][0]
        f1, f2 = f_raw[("dann-r", 1)] / low, f_raw[("dann-r", 2)] / low
        self.assertAlmostEqual(float(dann["efficiency_f_mean"]), (f1 + f2) / 2, delta=1e-12)
        self.assertAlmostEqual(float(dann["accuracy_efficiency_mean"]), (0.90 / f1 + 0.92 / f2) / 2, delta=1e-12)
        self.assertAlmostEqual(float(dann["loss_efficiency_mean"]), (0.30 * f1 + 0.28 * f2) / 2, delta=1e-12)
        noisy = [r for r in rows if r["input_noise"] == "0.5"][0]
        self.assertAlmostEqual(float(noisy["efficiency_f_mean"]), 1.0, delta=1e-12)


if __name__ == "__main__":
    unittest.main()
