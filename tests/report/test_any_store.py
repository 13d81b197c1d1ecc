"""The report survives any store: NaN, inf and text in numeric columns, a configuration whose every
run lost its numbers. Each such value is shown as missing (or its run left out, for an axis) with a
note on the page, never a traceback; the out folder ends with exactly this report's files."""
import os
import sqlite3
import unittest

import store_factory as sf
from report_case import ReportCase, number, read_csv


def summary_row(rows, model, dendrites):
    return next(r for r in rows if r["model"] == model and r["dendrites"] == str(dendrites))


class AnyStore(ReportCase):
    def make_store(self):
        store = self.path("odd.db")
        conn = sf.create_store(store)
        for seed in (1, 2, 3):
            sf.add_run(conn, "vann", 4, 32, seed, test_accuracy=0.90 + seed / 100, test_loss=0.30, train_loss=0.2,
                       best_epoch=5)
            sf.add_run(conn, "dann-r", 4, 32, seed, test_accuracy=0.91, test_loss=0.28, train_loss=0.2, best_epoch=4)
            sf.add_run(conn, "dann-grf", 4, 32, seed, test_accuracy=0.92, test_loss=0.27, train_loss=0.2,
                       best_epoch=4)
        # An infinite loss (9e999 is an infinite REAL), texts in REAL columns, an axis that is text.
        conn.execute("UPDATE runs SET test_loss = 9e999 WHERE model = 'vann' AND seed = 1")
        conn.execute("UPDATE runs SET test_accuracy = 'nan', train_loss = '-inf' WHERE model = 'dann-r' AND seed = 2")
        conn.execute("UPDATE runs SET test_accuracy = 'abc', test_loss = X'00ff' WHERE model = 'dann-grf'")
        conn.execute("UPDATE runs SET dendrites = 'four' WHERE model = 'dann-r' AND seed = 3")
        key = conn.execute("SELECT run_key FROM runs WHERE model = 'vann' AND seed = 2").fetchone()[0]
        sf.add_epochs(conn, key, [{"epoch": 1, "train_loss": float("inf"), "val_loss": 0.5},
                                  {"epoch": 2, "train_loss": 0.4, "val_loss": 0.45}])
        conn.commit()
        conn.close()
        return store

    def test_odd_values_are_missing_with_a_note_never_a_traceback(self):
        store = self.make_store()
        for figures in (False, True):
            out = self.path("out-figures" if figures else "out")
            code, _, err = self.report("--store", store, "--out", out, "--quiet",
                                       *([] if figures else ["--tables-only"]))
            self.assertEqual(code, 0, err)
            self.assertNotIn("Traceback", err)
            rows = read_csv(os.path.join(out, "summary.csv"))
            vann = summary_row(rows, "vann", 4)
            # The infinite loss is missing: the mean is over the two finite ones.
            self.assertAlmostEqual(number(vann["test_loss_mean"]), 0.30)
            self.assertEqual(vann["runs"], "3")
            dann = summary_row(rows, "dann-r", 4)
            self.assertEqual(dann["runs"], "2", "the run whose dendrites are text is left out")
            self.assertAlmostEqual(number(dann["test_accuracy_mean"]), 0.91)
            self.assertEqual(dann["test_accuracy_sd"], "", "one finite accuracy: no sd")
            grf = summary_row(rows, "dann-grf", 4)
            self.assertEqual(grf["test_accuracy_mean"], "", "no run of the group has an accuracy: missing")
            self.assertEqual(grf["test_loss_mean"], "")
            with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
                page = f.read()
            self.assertIn("Values the report could not use", page)
            self.assertIn("test_loss = inf is not a finite number; shown as missing.", page)
            self.assertIn("test_accuracy = &#x27;nan&#x27; is not a finite number; shown as missing.", page)
            self.assertIn("test_loss = a blob of 2 bytes is not a finite number; shown as missing.", page)
            self.assertIn("dendrites = &#x27;four&#x27; is not a finite number; the run is left out.", page)

    def test_the_out_folder_ends_with_exactly_this_reports_files(self):
        # An older report with figures and missing_runs.csv, then a report of a store with neither.
        with_missing = self.path("with-missing.db")
        conn = sf.make_sweep_store(with_missing, seeds=(1, 2))
        conn.close()
        out = self.path("out")
        code, _, err = self.report("--store", with_missing, "--out", out, "--quiet", "--formats", "svg")
        self.assertEqual(code, 0, err)
        self.assertTrue(os.path.exists(os.path.join(out, "missing_runs.csv")))
        self.assertTrue(os.listdir(os.path.join(out, "figures")))
        # The user's own files in the folder stay.
        for mine in ("notes.txt", os.path.join("figures", "my_sketch.png")):
            with open(os.path.join(out, mine), "w") as f:
                f.write("mine")
        complete = self.path("complete.db")
        sf.make_sweep_store(complete, seeds=(1, 2), pending=False, failed=False).close()
        code, _, err = self.report("--store", complete, "--out", out, "--quiet", "--tables-only")
        self.assertEqual(code, 0, err)
        fresh = self.path("fresh")
        code, _, err = self.report("--store", complete, "--out", fresh, "--quiet", "--tables-only")
        self.assertEqual(code, 0, err)
        files = sorted(os.path.relpath(os.path.join(d, n), out) for d, _, ns in os.walk(out) for n in ns)
        expected = sorted(os.listdir(fresh) + ["notes.txt", os.path.join("figures", "my_sketch.png")])
        self.assertEqual(files, expected)
        self.assertNotIn("missing_runs.csv", files)
        for name in os.listdir(fresh):
            with open(os.path.join(out, name), "rb") as a, open(os.path.join(fresh, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)

    def test_a_temporary_of_a_killed_report_is_removed(self):
        store = self.path("s.db")
        sf.make_sweep_store(store, seeds=(1,)).close()
        out = self.path("out")
        os.makedirs(out)
        dead = os.fork()
        if dead == 0:
            os._exit(0)
        os.waitpid(dead, 0)
        stale = os.path.join(out, ".summary.csv.tmp.%d" % dead)
        with open(stale, "w") as f:
            f.write("half a ta")
        self.report_ok(store, out)
        self.assertFalse(os.path.exists(stale))
        self.assertEqual([n for n in os.listdir(out) if ".tmp." in n], [])


if __name__ == "__main__":
    unittest.main()
