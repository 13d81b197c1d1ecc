"""The report only reads its store: a store on a read-only medium, archived without its -wal and
-shm, opens (immutable=1, since nothing can change it) and the report is written elsewhere."""
import os
import shutil
import sqlite3
import subprocess
import sys
import unittest

import store_factory as sf
from report_case import ReportCase


def can_mount():
    r = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind -o ro /tmp /mnt && test ! -w /mnt"],
                       capture_output=True)
    return r.returncode == 0


class ReadOnlyStore(ReportCase):
    def archived_store(self):
        """A WAL-mode store whose .db alone is copied into a folder of its own."""
        conn = sf.make_sweep_store(self.path("live.db"))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.mkdir(self.path("archive"))
        shutil.copyfile(self.path("live.db"), self.path("archive", "runs.db"))
        conn.close()
        return self.path("archive", "runs.db")

    def test_an_archived_store_on_a_read_only_mount_reads(self):
        if not can_mount():
            self.skipTest("cannot bind-mount read-only here (needs root and unshare)")
        store = self.archived_store()
        archive = os.path.dirname(store)
        script = ("from dendrite.report.store import open_store; s = open_store(%r); "
                  "print(len(s.runs), s.status_counts().get('done', 0))" % store)
        r = subprocess.run(["unshare", "-m", "sh", "-c",
                            "mount --bind -o ro %s %s && %s -c \"%s\" && touch %s/x"
                            % (archive, archive, sys.executable, script, archive)],
                           capture_output=True, text=True)
        self.assertIn("Read-only file system", r.stderr, "the mount was writable")
        lines = r.stdout.split()
        self.assertEqual(len(lines), 2, r.stderr)
        conn = sqlite3.connect(self.path("live.db"))
        total, done = conn.execute("SELECT count(*), sum(status = 'done') FROM runs").fetchone()
        conn.close()
        self.assertEqual([int(x) for x in lines], [total, done])
        self.assertGreater(done, 0)

    def test_a_writable_store_with_a_wal_is_not_immutable(self):
        from dendrite.report import store as reader
        conn = sf.make_sweep_store(self.path("live.db"))  # open: its -wal exists
        self.assertTrue(os.path.exists(self.path("live.db") + "-wal"))
        self.assertFalse(reader._read_as_immutable(self.path("live.db")))
        conn.close()


if __name__ == "__main__":
    unittest.main()
