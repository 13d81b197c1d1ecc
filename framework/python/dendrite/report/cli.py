"""Command line of `dendrite report` (python3 -m dendrite.report): options, checks, exit codes.

Exit codes: 0 the report was written; 1 the store cannot be read, matplotlib is missing or a file
cannot be written; 2 bad options (checked before the store is opened); 130 interrupted.
Every error is one line on stderr.
"""
import argparse
import importlib
import os
import sys

PROG = "dendrite report"
FORMATS = ("png", "svg")


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit code 2, like the dendrite tool
        raise UsageError(message)


class Once(argparse.Action):
    """Stores an option's value, and refuses a second one (as the dendrite tool does) rather than
    letting the last one win silently."""

    def __call__(self, parser, namespace, values, option_string=None):
        def shown(value):
            return ",".join(value) if isinstance(value, list) else value

        given = getattr(namespace, "_given", set())
        if self.dest in given:
            raise UsageError("%s is given twice (%s, then %s); give it once"
                             % (option_string, shown(getattr(namespace, self.dest)), shown(values)))
        given.add(self.dest)
        namespace._given = given
        setattr(namespace, self.dest, values)


def parse_formats(text):
    names = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in names if f not in FORMATS]
    if not names or bad:
        raise argparse.ArgumentTypeError("must be a comma-separated list of %s, got '%s'" % (" and ".join(FORMATS), text))
    return list(dict.fromkeys(names))


def make_parser():
    p = Parser(prog=PROG, description="Tables (CSV), figures (PNG, SVG) and one HTML page from a dendrite "
                                      "sweep result store, complete or partial.")
    p.add_argument("--store", required=True, action=Once, help="the SQLite result store written by dendrite sweep")
    p.add_argument("--out", required=True, action=Once, help="output folder (created if missing; files in it are replaced)")
    p.add_argument("--formats", type=parse_formats, default=list(FORMATS), action=Once,
                   help="figure formats, comma-separated: png,svg (default: both)")
    p.add_argument("--tables-only", action="store_true",
                   help="write the CSV tables and the page without figures (fast, e.g. on a store still being filled)")
    p.add_argument("--quiet", action="store_true", help="print nothing on success")
    return p


def check_options(args):
    """Checks that need the file system but not the store's contents."""
    if not args.store:
        raise UsageError("--store: the path is empty")
    if not args.out:
        raise UsageError("--out: the path is empty")
    if os.path.exists(args.out) and not os.path.isdir(args.out):
        raise UsageError("--out '%s' exists and is not a folder" % args.out)
    if os.path.isdir(os.path.join(args.out, "index.html")):
        raise UsageError("--out '%s' holds a folder index.html, where the page goes" % args.out)
    if os.path.isdir(args.store):
        raise UsageError("--store '%s' is a folder; expected the store file" % args.store)
    parent = os.path.abspath(args.out)
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent) or not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError("--out '%s' cannot be written: cannot create files in '%s'" % (args.out, parent))


def check_matplotlib():
    try:
        importlib.import_module("matplotlib")
    except ImportError as e:
        raise RuntimeError("matplotlib is not installed for %s (%s); on Debian: apt-get install python3-matplotlib"
                           % (sys.executable, e)) from e


def main(argv):
    try:
        args = make_parser().parse_args(argv)
        check_options(args)
    except UsageError as e:
        print("%s: %s (try --help)" % (PROG, e), file=sys.stderr)
        return 2
    try:
        if not args.tables_only:
            check_matplotlib()
        from dendrite.report import report
        from dendrite.report.store import StoreError
    except (RuntimeError, ImportError) as e:
        print("%s: error: %s" % (PROG, e), file=sys.stderr)
        return 1
    try:
        store, sections = report.build(args.store, args.out, [] if args.tables_only else args.formats)
    except StoreError as e:
        print("%s: error: %s" % (PROG, e), file=sys.stderr)
        return 1
    except OSError as e:
        where = e.filename or args.out
        print("%s: error: cannot write '%s': %s" % (PROG, where, e.strerror or e), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("%s: interrupted; the report in %s is incomplete" % (PROG, args.out), file=sys.stderr)
        return 130
    if not args.quiet:
        figures = sum(len(s.figures) for s in sections)
        csvs = sum(len(s.tables) for s in sections)
        counts = store.status_counts()
        print("%s: %d tables, %d figures and index.html in %s (%d runs done, %d pending, %d running, %d failed)"
              % (PROG, csvs, figures, args.out, counts["done"], counts["pending"], counts["running"], counts["failed"]))
    return 0
