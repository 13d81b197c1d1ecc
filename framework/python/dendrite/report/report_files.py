"""The files of a report: each written whole or not at all, and the out folder left with exactly
this report's files.

Every file goes through atomic_file(): a temporary beside it (``.<name>.tmp.<pid>``), flushed and
fsynced, renamed over the file, then the folder synced, so a reader or an interruption (Ctrl-C,
SIGTERM, SIGHUP, a full disk) sees the previous file or the new one, never a part of one. The names
written are recorded; once the page is written, remove_stale() deletes the files an older report
left that this one did not write (a missing_runs.csv of a store that has none now, figures of a
condition that is gone), and only those: files whose names the report itself makes.
"""
import contextlib
import errno
import os
import re

FIGURE_DIR = "figures"
TMP_MARK = ".tmp."
# The names the report makes: its tables, its page, and its figures (prefix_<data set>[_n].<format>).
TABLE_FILES = ("summary.csv", "best_vs_vann.csv", "noise.csv", "sequential.csv", "missing_runs.csv")
PAGE_FILE = "index.html"
FIGURE_NAME = re.compile(r"^(accuracy_vs_params|loss_vs_params|curves|noise|sequential)_[A-Za-z0-9_.-]+\.(png|svg)$")
TEMPORARY_NAME = re.compile(r"^\.(.+)\.tmp\.(\d+)$")

_written = set()  # absolute paths written since begin()


def begin():
    """Starts recording the files of one report."""
    _written.clear()


def written():
    return set(_written)


def _sync_folder(folder):
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_file(path, mode="w", **open_args):
    """``with atomic_file(path, "wb") as f: ...``: f is a temporary file that replaces `path` when the
    block ends without an exception, and is removed otherwise. An OSError names `path`."""
    folder = os.path.dirname(path) or "."
    tmp = os.path.join(folder, ".%s%s%d" % (os.path.basename(path), TMP_MARK, os.getpid()))
    try:
        with open(tmp, mode, **open_args) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError) and e.filename != path:
            raise OSError(e.errno, e.strerror or str(e), path) from e
        raise
    _written.add(os.path.abspath(path))
    _sync_folder(folder)


def _pid_runs(pid):
    try:
        os.kill(pid, 0)
    except OSError as e:
        return e.errno == errno.EPERM
    return True


def remove_dead_temporaries(out_dir):
    """Removes the temporaries of report processes that were killed (SIGKILL leaves them)."""
    for folder in (out_dir, os.path.join(out_dir, FIGURE_DIR)):
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            m = TEMPORARY_NAME.match(name)
            if m and int(m.group(2)) != os.getpid() and not _pid_runs(int(m.group(2))):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))


def report_files_in(out_dir):
    """The files in out_dir whose names the report makes (whoever wrote them)."""
    found = []
    for name in TABLE_FILES + (PAGE_FILE,):
        path = os.path.join(out_dir, name)
        if os.path.isfile(path):
            found.append(path)
    figures = os.path.join(out_dir, FIGURE_DIR)
    if os.path.isdir(figures):
        found += [os.path.join(figures, n) for n in sorted(os.listdir(figures))
                  if FIGURE_NAME.match(n) and os.path.isfile(os.path.join(figures, n))]
    return found


def remove_stale(out_dir):
    """Deletes the report files of an older report that this one did not write; returns their paths
    relative to out_dir. The figures folder goes too when nothing is left in it."""
    removed = []
    for path in report_files_in(out_dir):
        if os.path.abspath(path) not in _written:
            os.unlink(path)
            removed.append(os.path.relpath(path, out_dir))
    figures = os.path.join(out_dir, FIGURE_DIR)
    if os.path.isdir(figures) and not os.listdir(figures):
        os.rmdir(figures)
    if removed:
        _sync_folder(out_dir)
    return removed
