"""`dendrite report` interrupted at random moments (Ctrl-C, SIGTERM, SIGHUP to the real tool, 20
trials, each at a random moment after the tool has become the interpreter): every file of the out folder is then the previous report's or the new one's, byte for
byte, never a part of one (figures were written in place: a 103-byte PNG, a 0-byte file), no
temporary is left, and the exit code is 130 (or 0 when the report ended first). Label slow."""
import os
import random
import shutil
import signal
import subprocess
import time
import unittest

import store_factory as sf
from report_case import ReportCase, TOOL

TRIALS = 20


def folder_files(folder):
    """{relative path: bytes} of every file under folder."""
    out = {}
    for d, _, names in os.walk(folder):
        for n in names:
            path = os.path.join(d, n)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = f.read()
    return out


class InterruptedReport(ReportCase):
    def run_report(self, store, out):
        return subprocess.Popen([TOOL, "report", "--store", store, "--out", out, "--quiet", "--formats", "png,svg"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    @staticmethod
    def is_python(pid):
        try:
            return "python" in os.path.basename(os.readlink("/proc/%d/exe" % pid))
        except OSError:
            return False

    def test_an_interrupted_report_leaves_whole_files(self):
        if not TOOL:
            self.skipTest("DENDRITE_TOOL is not set")
        # The previous report (two seeds, pending and failed runs: missing_runs.csv) and the new one
        # (three seeds, nothing missing): every file differs, and one is stale.
        old_store, new_store = self.path("old.db"), self.path("new.db")
        sf.make_sweep_store(old_store, seeds=(1, 2)).close()
        sf.make_sweep_store(new_store, seeds=(1, 2, 3), pending=False, failed=False).close()
        old_ref, new_ref = self.path("old-ref"), self.path("new-ref")
        started = time.monotonic()
        for store, ref in ((old_store, old_ref), (new_store, new_ref)):
            p = self.run_report(store, ref)
            _, err = p.communicate(timeout=600)
            self.assertEqual(p.returncode, 0, err)
        duration = (time.monotonic() - started) / 2
        old, new = folder_files(old_ref), folder_files(new_ref)
        self.assertIn("missing_runs.csv", old)
        self.assertNotIn("missing_runs.csv", new)

        rng = random.Random(2025)
        signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        outcomes = {0: 0, 130: 0}
        for trial in range(TRIALS):
            out = self.path("out-%d" % trial)
            shutil.copytree(old_ref, out)
            sig = signals[trial % 3]
            delay = rng.uniform(0.0, duration * 1.1)
            p = self.run_report(new_store, out)
            # The report begins when the tool has become the interpreter (execve; before that, a
            # signal meets a process that has touched nothing).
            while p.poll() is None and not self.is_python(p.pid):
                time.sleep(0.001)
            time.sleep(delay)
            p.send_signal(sig)
            _, err = p.communicate(timeout=600)
            where = "trial %d: %s after %.2f s" % (trial, signal.Signals(sig).name, delay)
            self.assertIn(p.returncode, (0, 130), "%s: %s" % (where, err))
            self.assertNotIn("Traceback", err, where)
            outcomes[p.returncode] += 1
            got = folder_files(out)
            for rel, data in got.items():
                self.assertNotIn(".tmp.", rel, "%s: a temporary is left: %s" % (where, rel))
                self.assertTrue(data == old.get(rel) or data == new.get(rel),
                                "%s: %s (%d bytes) is neither the previous report's nor the new one's"
                                % (where, rel, len(data)))
            if p.returncode == 0:
                self.assertEqual(sorted(got), sorted(new), where)
            else:
                self.assertIn("interrupted; each file in the out folder is whole", err, where)
                for rel in old:  # nothing of the previous report is lost before the new one replaces it
                    self.assertTrue(rel in got or rel not in new, "%s: %s was removed" % (where, rel))
            shutil.rmtree(out)
        self.assertGreaterEqual(outcomes[130], TRIALS // 2, outcomes)


if __name__ == "__main__":
    unittest.main()
