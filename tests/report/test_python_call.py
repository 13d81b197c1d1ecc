"""dendrite.report(store, out, **options): the report called from Python writes what the command
line writes, and turns its checks into exceptions (ValueError for an option, StoreError for a store)."""
import os
import unittest

import dendrite
import store_factory as sf
from dendrite.report.store import StoreError
from report_case import ReportCase


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class ReportFromPython(ReportCase):
    def test_same_files_as_the_command_line(self):
        store = self.path("sweep.db")
        sf.make_sweep_store(store).close()
        page = dendrite.report(store, self.path("py"), tables_only=True)
        self.assertEqual(page, os.path.join(self.path("py"), "index.html"))
        self.assertTrue(os.path.isfile(page))
        self.report_ok(store, self.path("cli"))
        written = sorted(os.listdir(self.path("cli")))
        self.assertIn("summary.csv", written)
        self.assertEqual(sorted(os.listdir(self.path("py"))), written)
        for name in written:
            if name.endswith(".csv"):
                self.assertEqual(read(self.path("py", name)), read(self.path("cli", name)), name)

    def test_figures_in_the_formats_asked(self):
        store = self.path("sweep.db")
        sf.make_sweep_store(store, seeds=(1, 2)).close()
        dendrite.report(store, self.path("out"), formats=["svg"])
        names = os.listdir(self.path("out", "figures"))
        self.assertTrue(any(n.endswith(".svg") for n in names), names)
        self.assertFalse(any(n.endswith(".png") for n in names), names)

    def test_bad_options_and_stores_raise(self):
        store = self.path("sweep.db")
        sf.make_sweep_store(store).close()
        with self.assertRaisesRegex(ValueError, "--formats: .*png and svg, got 'gif'"):
            dendrite.report(store, self.path("out"), formats="gif")
        with self.assertRaises(TypeError):
            dendrite.report(store, self.path("out"), colour="red")
        with self.assertRaisesRegex(StoreError, "no such file"):
            dendrite.report(self.path("missing.db"), self.path("out"), tables_only=True)
        with open(self.path("file"), "w") as f:
            f.write("x")
        with self.assertRaisesRegex(ValueError, "--out .* is not a folder"):
            dendrite.report(store, self.path("file"), tables_only=True)


if __name__ == "__main__":
    unittest.main()
