"""The full report of a generated small sweep: every figure file exists and is a valid image
(PNG signature and decodes; SVG parses as XML with an <svg> root), index.html references only files
that exist, names the store, its run counts and framework version, and lists the missing and
failed runs with their errors."""
import html.parser
import os
import unittest
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402

import store_factory as sf  # noqa: E402
from report_case import ReportCase, read_csv  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.refs.append((tag, value))


class FullReport(ReportCase):
    @classmethod
    def setUpClass(cls):
        # One report for all the checks of this class (figures take a few seconds).
        import tempfile
        cls.dir = tempfile.mkdtemp(prefix="dendrite-report-full-")
        cls.store = os.path.join(cls.dir, "sweep.db")
        sf.make_sweep_store(cls.store).close()
        cls.out = os.path.join(cls.dir, "out")
        case = ReportCase()
        code, cls.stdout, err = case.report("--store", cls.store, "--out", cls.out)
        assert code == 0, err
        with open(os.path.join(cls.out, "index.html"), encoding="utf-8") as f:
            cls.page = f.read()

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.dir, True)

    def figure_files(self, ext):
        d = os.path.join(self.out, "figures")
        return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith("." + ext))

    def test_every_expected_figure_exists_in_both_formats(self):
        stems = {os.path.splitext(os.path.basename(p))[0] for p in self.figure_files("png")}
        expected = {"%s_%s" % (kind, d) for kind in ("accuracy_vs_params", "loss_vs_params", "curves")
                    for d in ("mnist", "fashion-mnist")} | {"noise_fashion-mnist", "sequential_mnist"}
        self.assertEqual(stems, expected)
        self.assertEqual(stems, {os.path.splitext(os.path.basename(p))[0] for p in self.figure_files("svg")})

    def test_png_files_are_valid_images(self):
        for path in self.figure_files("png"):
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), PNG_SIGNATURE, path)
            image = matplotlib.image.imread(path)
            self.assertGreater(image.shape[0], 300, path)
            self.assertGreater(image.shape[1], 500, path)
            # Not blank: a good share of pixels is not white.
            rgb = image[..., :3]
            self.assertGreater(float((rgb.min(axis=2) < 0.9).mean()), 0.02, path)

    def test_svg_files_parse_with_an_svg_root(self):
        for path in self.figure_files("svg"):
            root = ET.parse(path).getroot()
            self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg", path)

    def test_page_references_only_files_that_exist(self):
        parser = Links()
        parser.feed(self.page)
        self.assertGreater(len(parser.refs), 10)
        images = [v for tag, v in parser.refs if tag == "img"]
        self.assertEqual(len(images), len(self.figure_files("png")))
        for tag, ref in parser.refs:
            if ref.startswith("#"):
                self.assertIn('id="%s"' % ref[1:], self.page)
                continue
            self.assertNotIn("://", ref, "the page must need no network")
            self.assertFalse(os.path.isabs(ref), ref)
            self.assertTrue(os.path.isfile(os.path.join(self.out, ref)), ref)

    def test_page_names_store_counts_versions_and_lists_missing_and_failed_runs(self):
        self.assertIn(os.path.abspath(self.store), self.page)
        self.assertIn("498 in total: 492 done, 3 pending, 1 running, 2 failed", self.page)
        self.assertIn("Framework version(s)</th><td class=\"text\">0.1.0", self.page)
        self.assertIn("partial report", self.page)
        self.assertIn("non-finite loss (nan) in epoch 3; lower the learning rate", self.page)
        missing = read_csv(os.path.join(self.out, "missing_runs.csv"))
        self.assertEqual(sorted(r["status"] for r in missing), ["failed"] * 2 + ["pending"] * 3 + ["running"])
        for r in missing:
            self.assertIn(r["run_key"], self.page)

    def test_page_shows_every_table(self):
        for name in ("summary", "best_vs_vann", "noise", "sequential", "missing_runs"):
            self.assertTrue(os.path.isfile(os.path.join(self.out, name + ".csv")), name)
            self.assertIn('href="%s.csv"' % name, self.page)
        self.assertIn("By mean test accuracy", self.page)
        self.assertIn("By mean test loss", self.page)
        self.assertIn("none within the grid", self.page)

    def test_noise_and_sequential_tables(self):
        noise = read_csv(os.path.join(self.out, "noise.csv"))
        sigmas = sorted({float(r["input_noise"]) for r in noise})
        self.assertEqual(sigmas, [0.0, 0.25, 0.5, 0.75, 1.0])
        self.assertEqual(len(noise), 3 * 5)  # three configurations at five sigmas
        seq = read_csv(os.path.join(self.out, "sequential.csv"))
        done = [r for r in seq if r["runs"] != "0"]
        self.assertEqual(len(done), 3)
        for r in done:
            self.assertNotEqual(r["shuffled_test_accuracy_mean"], "")
            self.assertLess(float(r["test_accuracy_mean"]), float(r["shuffled_test_accuracy_mean"]))

    def test_same_store_same_files(self):
        again = self.path("again")
        code, _, err = self.report("--store", self.store, "--out", again, "--formats", "svg", "--quiet")
        self.assertEqual(code, 0, err)
        for name in ("summary.csv", "best_vs_vann.csv", "figures/noise_fashion-mnist.svg"):
            with open(os.path.join(self.out, name), "rb") as a, open(os.path.join(again, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)
        self.assertFalse(os.path.exists(os.path.join(again, "figures", "noise_fashion-mnist.png")))


class PendingOnly(ReportCase):
    def test_a_store_with_nothing_done_says_so_and_draws_no_empty_figures(self):
        store = self.path("pending.db")
        conn = sf.create_store(store)
        for model in ("vann", "dann-r"):
            sf.add_run(conn, model, 1, 32, 1, status="pending")
        sf.add_run(conn, "dann-r", 2, 32, 1, status="failed", error="non-finite loss")
        conn.commit()
        conn.close()
        out = self.report_ok(store, figures=True)
        self.assertFalse(os.path.exists(os.path.join(out, "figures")))
        with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertIn("No run is done yet: no figures.", page)
        self.assertIn("0 done, 2 pending, 0 running, 1 failed", page)
        self.assertIn("non-finite loss", page)
        rows = read_csv(os.path.join(out, "summary.csv"))
        self.assertEqual(sorted((r["model"], r["runs"], r["runs_missing"], r["runs_failed"]) for r in rows),
                         [("dann-r", "0", "0", "1"), ("dann-r", "0", "1", "0"), ("vann", "0", "1", "0")])


if __name__ == "__main__":
    unittest.main()
