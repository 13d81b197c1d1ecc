"""The real `dendrite report` binary: it finds its Python package and becomes the interpreter (exec),
so the exit code and signals are the interpreter's own; one-line errors for bad stores (1), bad
options (2, from the Python side), a missing interpreter or package (1)."""
import os
import signal
import subprocess
import time
import unittest

import store_factory as sf
from report_case import TOOL, ReportCase, read_csv
from test_errors import corrupt_stores


class Tool(ReportCase):
    def good_store(self):
        store = self.path("good.db")
        if os.path.exists(store):
            return store
        conn = sf.create_store(store)
        for seed in (1, 2):
            sf.add_run(conn, "vann", 1, 32, seed, test_accuracy=0.9 + seed / 100, test_loss=0.3)
        conn.commit()
        conn.close()
        return store

    def test_a_good_store_gives_exit_0_and_the_files(self):
        store = self.good_store()
        r = self.tool("report", "--store", store, "--out", self.path("out"), "--tables-only")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("index.html in %s" % self.path("out"), r.stdout)
        rows = read_csv(self.path("out", "summary.csv"))
        self.assertAlmostEqual(float(rows[0]["test_accuracy_mean"]), 0.915, delta=1e-12)
        self.assertTrue(os.path.isfile(self.path("out", "index.html")))

    def test_bad_stores_exit_1_with_one_line(self):
        for name, store, words in corrupt_stores(self):
            with self.subTest(name):
                r = self.tool("report", "--store", store, "--out", self.path("out"), "--tables-only")
                self.assertEqual(r.returncode, 1, (name, r.stderr))
                self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
                self.assertIn("dendrite report: error: %s: " % store, r.stderr)
                self.assertIn(words, r.stderr)

    def test_bad_options_exit_2(self):
        store = self.good_store()
        open(self.path("afile"), "w").close()
        cases = [(("report",), "--store"), (("report", "--store", store), "required: --out"),
                 (("report", "--store", store, "--store", store, "--out", self.path("o")), "--store is given twice"),
                 (("report", "--store", store, "--out", self.path("o"), "--formats", "gif"), "--formats"),
                 (("report", "--store", store, "--out", self.path("afile")), "exists and is not a folder"),
                 (("report", "--store", store, "--out", self.path("o"), "--nope"), "--nope")]
        for args, words in cases:
            with self.subTest(args=args):
                r = self.tool(*args)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
                self.assertIn(words, r.stderr)
                self.assertTrue(r.stderr.startswith("dendrite report: "), r.stderr)
                self.assertFalse(os.path.exists(self.path("o")))

    def test_help_is_the_reports_own(self):
        r = self.tool("report", "--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("usage: dendrite report", r.stdout)
        self.assertIn("--tables-only", r.stdout)

    def test_missing_python_is_a_clear_error(self):
        r = self.tool("report", "--store", self.good_store(), "--out", self.path("out"),
                      env={"DENDRITE_PYTHON": self.path("no-python3")})
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("the report needs Python 3 with matplotlib", r.stderr)
        self.assertIn("apt-get install python3 python3-matplotlib", r.stderr)

    def test_python_failure_is_passed_through(self):
        # An interpreter that fails: the tool must not turn it into success.
        fake = self.path("python3")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\necho 'fake python failed' >&2\nexit 3\n")
        os.chmod(fake, 0o755)
        r = self.tool("report", "--store", self.good_store(), "--out", self.path("out"), env={"DENDRITE_PYTHON": fake})
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("fake python failed", r.stderr)
        # The interpreter is the command's own process: a signal that ends it ends the command.
        killed = self.path("python-killed")
        with open(killed, "w") as f:
            f.write("#!/bin/sh\nkill -9 $$\n")
        os.chmod(killed, 0o755)
        r = self.tool("report", "--store", self.good_store(), "--out", self.path("out"), env={"DENDRITE_PYTHON": killed})
        self.assertEqual(r.returncode, -signal.SIGKILL, r.stderr)

    def test_the_interpreter_is_the_command_process(self):
        # exec, not a child: the interpreter has the command's process id, so SIGTERM sent to the
        # command reaches it with nothing in between.
        sleeper = self.path("python-sleeps")
        with open(sleeper, "w") as f:
            f.write("#!/bin/sh\necho $$ > '%s.tmp'\nmv '%s.tmp' '%s'\nexec sleep 60\n"
                    % ((self.path("started"),) * 3))
        os.chmod(sleeper, 0o755)
        env = dict(os.environ, DENDRITE_PYTHON=sleeper)
        proc = subprocess.Popen([TOOL, "report", "--store", self.good_store(), "--out", self.path("out")], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(600):
            if os.path.exists(self.path("started")):
                break
            time.sleep(0.1)
        with open(self.path("started")) as f:
            self.assertEqual(int(f.read()), proc.pid)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, -signal.SIGTERM, err)

    def test_package_lookup(self):
        store = self.good_store()
        r = self.tool("report", "--store", store, "--out", self.path("out"), env={"DENDRITE_PYTHONPATH": self.tmp})
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("DENDRITE_PYTHONPATH '%s' does not hold the dendrite.report package" % self.tmp, r.stderr)
        # The build tree's package (build/python, as configured) is found without any variable.
        laid_out = os.path.join(os.path.dirname(os.path.dirname(TOOL)), "python")
        self.assertTrue(os.path.isfile(os.path.join(laid_out, "dendrite", "report", "__main__.py")), laid_out)
        env = {"DENDRITE_PYTHONPATH": "", "PYTHONPATH": "/nonexistent", "PYTHONHOME": "/nonexistent"}
        r = self.tool("report", "--store", store, "--out", self.path("out"), "--tables-only", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)

if __name__ == "__main__":
    unittest.main()
