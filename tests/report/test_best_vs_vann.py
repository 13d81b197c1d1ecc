"""best_vs_vann.csv on a hand-made store whose answer is known: the best vANN by accuracy and by
loss, the fewest-parameters rule and the authors' first-in-D-major-order rule (a case where they
differ), "none within the grid", and a tie that does not count as beating."""
import unittest

import store_factory as sf
from report_case import ReportCase, read_csv

SEEDS = (1, 2, 3)


def add_config(conn, model, d, s, acc, loss, dataset="mnist", **kw):
    """Three seeds with mean acc and mean loss exactly (offsets -0.01, 0, +0.01)."""
    for seed, off in zip(SEEDS, (-0.01, 0.0, 0.01)):
        sf.add_run(conn, model, d, s, seed, dataset=dataset, test_accuracy=acc + off, test_loss=loss - off,
                   best_epoch=5, **kw)


class BestVsVann(ReportCase):
    def setUp(self):
        super().setUp()
        self.store = self.path("known.db")
        conn = sf.create_store(self.store)
        add_config(conn, "vann", 1, 32, 0.90, 0.35)
        add_config(conn, "vann", 2, 32, 0.93, 0.25)  # best vANN by accuracy and by loss
        add_config(conn, "vann", 4, 32, 0.92, 0.28)
        # dANN-R: in D-major order (1,32) (1,64) (2,32); (1,64) is the first to beat 0.93, but (2,32)
        # has fewer parameters (1,514 vs 1,866): the two rules differ. By loss only (1,64) beats 0.25.
        add_config(conn, "dann-r", 1, 32, 0.91, 0.30)
        add_config(conn, "dann-r", 1, 64, 0.94, 0.20)
        add_config(conn, "dann-r", 2, 32, 0.935, 0.26)
        # dANN-LRF never beats by accuracy; by loss (4, 32) does.
        add_config(conn, "dann-lrf", 1, 32, 0.85, 0.40)
        add_config(conn, "dann-lrf", 4, 32, 0.929, 0.24)
        # dANN-GRF: (1, 32) beats; (2, 64) only ties the vANN's accuracy, which is not beating.
        add_config(conn, "dann-grf", 2, 64, 0.93, 0.25)
        add_config(conn, "dann-grf", 1, 32, 0.95, 0.19)
        # A better vANN at another learning rate is another condition and is not compared here.
        add_config(conn, "vann", 8, 64, 0.99, 0.05, lr=1e-2)
        # A pending dANN-GRF configuration: counted as incomplete.
        sf.add_run(conn, "dann-grf", 16, 512, 1, status="pending")
        conn.commit()
        conn.close()
        self.report_ok(self.store)
        rows = read_csv(self.path("out", "best_vs_vann.csv"))
        self.rows = {(r["metric"], r["variant"], r["lr"]): r for r in rows}

    def row(self, metric, variant, lr="0.001"):
        return self.rows[(metric, variant, lr)]

    def test_best_vann(self):
        for metric in ("accuracy", "loss"):
            r = self.row(metric, "dann-r")
            self.assertEqual(r["vann_config"], "vANN D=2 S=32")
            self.assertEqual(int(r["vann_params"]), sf.vann_params(2, 32))
        self.assertAlmostEqual(float(self.row("accuracy", "dann-r")["vann_mean"]), 0.93, delta=1e-12)
        self.assertAlmostEqual(float(self.row("loss", "dann-r")["vann_mean"]), 0.25, delta=1e-12)

    def test_rules_differ(self):
        r = self.row("accuracy", "dann-r")
        self.assertEqual((r["fewest_dendrites"], r["fewest_somata"]), ("2", "32"))
        self.assertEqual((r["first_dendrites"], r["first_somata"]), ("1", "64"))
        self.assertEqual(int(r["fewest_params"]), sf.dann_params(2, 32))
        self.assertEqual(int(r["first_params"]), sf.dann_params(1, 64))
        self.assertLess(int(r["fewest_params"]), int(r["first_params"]))
        self.assertEqual(r["rules_differ"], "yes")
        self.assertAlmostEqual(float(r["fewest_param_ratio"]), round(sf.vann_params(2, 32) / sf.dann_params(2, 32), 3))
        loss = self.row("loss", "dann-r")
        self.assertEqual((loss["fewest_dendrites"], loss["fewest_somata"], loss["first_dendrites"]), ("1", "64", "1"))
        self.assertEqual(loss["rules_differ"], "no")

    def test_none_within_the_grid(self):
        r = self.row("accuracy", "dann-lrf")
        self.assertEqual(r["fewest_config"], "none within the grid")
        self.assertEqual(r["first_config"], "none within the grid")
        self.assertEqual((r["fewest_params"], r["fewest_param_ratio"], r["rules_differ"]), ("", "", "no"))
        loss = self.row("loss", "dann-lrf")
        self.assertEqual((loss["fewest_dendrites"], loss["fewest_somata"]), ("4", "32"))

    def test_a_tie_does_not_beat_and_incomplete_configs_are_counted(self):
        r = self.row("accuracy", "dann-grf")
        self.assertEqual((r["fewest_dendrites"], r["fewest_somata"]), ("1", "32"))
        self.assertEqual((r["first_dendrites"], r["first_somata"]), ("1", "32"))
        self.assertEqual(r["variant_configs"], "3")
        self.assertEqual(r["configs_incomplete"], "1")

    def test_conditions_are_compared_separately(self):
        self.assertNotIn(("accuracy", "dann-r", "0.01"), self.rows)  # the lr 1e-2 condition has only a vANN
        self.assertEqual(len([k for k in self.rows if k[0] == "accuracy"]), 3)


class NoVannNoComparison(ReportCase):
    def test_store_without_vann_has_an_empty_table_and_says_so(self):
        store = self.path("novann.db")
        conn = sf.create_store(store)
        add_config(conn, "dann-r", 1, 32, 0.91, 0.30)
        conn.commit()
        conn.close()
        self.report_ok(store)
        self.assertEqual(read_csv(self.path("out", "best_vs_vann.csv")), [])
        with open(self.path("out", "index.html"), encoding="utf-8") as f:
            self.assertIn("No done vANN run", f.read())


if __name__ == "__main__":
    unittest.main()
