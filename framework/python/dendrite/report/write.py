"""dendrite.report(store, out, **options): the report of `dendrite report`, called from Python.

The same checks as the command line (cli.py), raised as exceptions instead of exit codes: a bad
option raises ValueError naming it, a store that cannot be read raises StoreError (one line naming
the file and the problem), a file that cannot be written raises OSError.
"""
import os

from dendrite.report import cli


def write_report(store, out, *, formats=cli.FORMATS, tables_only=False):
    """Writes the report of the result store `store` into the folder `out` (created if missing;
    files in it are replaced) and returns the path of its index.html.

    formats: the figure formats, a subset of ("png", "svg") as a list or a comma-separated string;
    tables_only: write the CSV tables and the page without figures (no matplotlib needed).
    """
    argv = ["--store", os.fspath(store), "--out", os.fspath(out)]
    if tables_only:
        argv.append("--tables-only")
    else:
        argv += ["--formats", formats if isinstance(formats, str) else ",".join(formats)]
    try:
        args = cli.make_parser().parse_args(argv)
        cli.check_options(args)
    except cli.UsageError as e:
        raise ValueError("dendrite.report: %s" % e) from None
    if not args.tables_only:
        cli.check_matplotlib()
    from dendrite.report import report
    report.build(args.store, args.out, [] if args.tables_only else args.formats)
    return os.path.join(args.out, "index.html")
