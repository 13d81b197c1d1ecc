"""Stores that are not stores, and bad options: one line on stderr naming the problem, exit code 1
(store) or 2 (options, before the store is opened); nothing half-written as if it had worked."""
import os
import sqlite3
import subprocess
import sys
import unittest

import store_factory as sf
from report_case import ReportCase


def corrupt_stores(case):
    """(name, path, expected words in the message) of every kind of bad store."""
    p = case.path
    stores = []
    open(p("empty.db"), "wb").close()
    stores.append(("empty file", p("empty.db"), "empty (0 bytes)"))
    with open(p("text.db"), "w") as f:
        f.write("run_key,status\nabc,done\n")
    stores.append(("not SQLite", p("text.db"), "not an SQLite database"))
    conn = sqlite3.connect(p("blank.db"))
    conn.execute("PRAGMA user_version = 1")  # writes the header, no tables
    conn.commit()
    conn.close()
    stores.append(("SQLite without tables", p("blank.db"), "empty SQLite database"))
    conn = sqlite3.connect(p("foreign.db"))
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('format', 'someone-elses-store')")
    conn.commit()
    conn.close()
    stores.append(("foreign meta", p("foreign.db"), "not a dendrite sweep store (meta format is 'someone-elses-store'"))
    conn = sqlite3.connect(p("nometa.db"))
    conn.execute("CREATE TABLE results (x)")
    conn.commit()
    conn.close()
    stores.append(("no meta table", p("nometa.db"), "not a dendrite sweep store (no meta table)"))
    sf.create_store(p("v2.db"), schema_version="2").close()
    stores.append(("other schema version", p("v2.db"), "schema version '2' is not supported"))
    sf.create_store(p("noruns.db")).close()
    stores.append(("no runs", p("noruns.db"), "holds no runs yet"))
    # Truncated: a real store with many runs, cut in half.
    conn = sf.make_sweep_store(p("full.db"), seeds=(1,))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    with open(p("full.db"), "rb") as f:
        data = f.read()
    with open(p("truncated.db"), "wb") as f:
        f.write(data[: len(data) // 2])
    stores.append(("truncated", p("truncated.db"), "truncated SQLite file"))
    with open(p("header.db"), "wb") as f:
        f.write(data[:60])
    stores.append(("truncated header", p("header.db"), "shorter than its 100-byte header"))
    # Damaged pages inside the file (header intact).
    damaged = bytearray(data)
    page = 4096
    for i in range(2 * page, min(len(damaged), 6 * page)):
        damaged[i] = 0xA5
    with open(p("damaged.db"), "wb") as f:
        f.write(bytes(damaged))
    stores.append(("damaged pages", p("damaged.db"), "cannot be read (damaged?): database disk image is malformed"))
    stores.append(("missing", p("nothere.db"), "no such file"))
    return stores


class BadStores(ReportCase):
    def test_each_bad_store_gives_one_line_and_exit_1(self):
        for name, store, words in corrupt_stores(self):
            with self.subTest(name):
                out = self.path("out-" + name.replace(" ", "-"))
                code, stdout, err = self.report("--store", store, "--out", out)
                self.assertEqual(code, 1, (name, err))
                self.assertEqual(stdout, "")
                lines = err.strip().splitlines()
                self.assertEqual(len(lines), 1, err)
                self.assertTrue(lines[0].startswith("dendrite report: error: %s: " % store), lines[0])
                self.assertIn(words, lines[0])
                self.assertFalse(os.path.exists(os.path.join(out, "index.html")))

    def test_a_store_being_written_is_read_without_disturbing_it(self):
        store = self.path("live.db")
        writer = sf.create_store(store)
        sf.add_run(writer, "vann", 1, 32, 1, test_accuracy=0.9, test_loss=0.3)
        writer.commit()
        sf.add_run(writer, "dann-r", 1, 32, 1, test_accuracy=0.9, test_loss=0.3)  # not committed yet
        self.report_ok(store)
        writer.commit()  # the writer's transaction was not blocked by the report
        writer.close()
        with open(self.path("out", "summary.csv")) as f:
            self.assertEqual(len(f.read().strip().splitlines()), 2)  # header + the committed run only


class BadOptions(ReportCase):
    def test_bad_options_exit_2_with_one_line(self):
        store = self.path("s.db")
        sf.create_store(store).close()
        open(self.path("afile"), "w").close()
        os.makedirs(self.path("page", "index.html"))
        cases = [
            ((), "--store"),
            (("--store", store), "--out"),
            (("--store", store, "--out", self.path("o"), "--formats", "gif"), "--formats"),
            (("--store", store, "--out", self.path("o"), "--formats", ""), "--formats"),
            (("--store", store, "--out", self.path("afile")), "exists and is not a folder"),
            (("--store", store, "--out", self.path("afile", "sub")), "cannot create files in"),
            (("--store", self.tmp, "--out", self.path("o")), "is a folder"),
            (("--store", store, "--out", self.path("o"), "--bogus"), "unrecognized arguments: --bogus"),
            (("--store", store, "--store", store, "--out", self.path("o")), "--store is given twice"),
            (("--store", store, "--out", self.path("o"), "--formats", "png", "--formats", "svg"),
             "--formats is given twice (png, then svg)"),
            (("--store", store, "--out", self.path("page")), "holds a folder index.html"),
        ]
        for args, words in cases:
            with self.subTest(args=args):
                code, stdout, err = self.report(*args)
                self.assertEqual(code, 2, err)
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertIn(words, err)
                self.assertTrue(err.startswith("dendrite report: "), err)
                self.assertFalse(os.path.exists(self.path("o")))

    def test_help_exits_0(self):
        code, stdout, _ = self.report("--help")
        self.assertEqual(code, 0)
        self.assertIn("--store", stdout)


class MissingMatplotlib(ReportCase):
    def test_missing_matplotlib_is_a_clear_error(self):
        store = self.path("s.db")
        conn = sf.create_store(store)
        sf.add_run(conn, "vann", 1, 32, 1, test_accuracy=0.9, test_loss=0.3)
        conn.commit()
        conn.close()
        def run(*extra):
            # The real entry point, in a child whose import of matplotlib fails.
            code = ("import sys, runpy; sys.modules['matplotlib'] = None; "
                    "sys.argv = ['dendrite.report', '--store', %r, '--out', %r] + %r; "
                    "runpy.run_module('dendrite.report', run_name='__main__')" % (store, self.path("out"), list(extra)))
            return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
        r = run()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertIn("matplotlib is not installed", r.stderr)
        self.assertIn("apt-get install python3-matplotlib", r.stderr)
        self.assertFalse(os.path.exists(self.path("out")))
        # The tables need no matplotlib.
        r = run("--tables-only", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(self.path("out", "summary.csv")))


if __name__ == "__main__":
    unittest.main()
