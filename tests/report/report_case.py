"""Shared pieces of the report tests: a temporary folder per test, running the report in-process
(dendrite.report.cli.main) or as the real `dendrite report` binary, and reading its CSV files."""
import contextlib
import csv
import io
import os
import shutil
import subprocess
import tempfile
import unittest

from dendrite.report import cli

TOOL = os.environ.get("DENDRITE_TOOL", "")


class ReportCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dendrite-report-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def report(self, *args):
        """Runs the report in-process; returns (exit code, stdout, stderr)."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as e:  # --help
                code = e.code
        return code, out.getvalue(), err.getvalue()

    def report_ok(self, store, out=None, figures=False):
        """Runs the report (tables and page only, unless figures) and asserts it succeeded."""
        out = out or self.path("out")
        code, _, err = self.report("--store", store, "--out", out, "--quiet", *([] if figures else ["--tables-only"]))
        self.assertEqual(code, 0, err)
        return out

    def tool(self, *args, env=None):
        """Runs the real dendrite binary; returns the CompletedProcess (text)."""
        if not TOOL:
            self.skipTest("DENDRITE_TOOL is not set")
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run([TOOL] + list(args), capture_output=True, text=True, env=full_env, timeout=300)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(text):
    return None if text == "" else float(text)
