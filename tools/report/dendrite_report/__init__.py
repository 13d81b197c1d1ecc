"""dendrite_report: the tables, figures and HTML page of `dendrite report`.

Reads a result store written by `dendrite sweep` (SQLite, schema in framework/sweep/store_schema.sql)
and writes summary.csv, best_vs_vann.csv, the noise and sequential tables, the figures (PNG and
SVG, matplotlib) and index.html into one folder. Run it as `dendrite report --store S --out DIR`;
the tool starts `python3 -m dendrite_report` with this package on PYTHONPATH.
"""

FORMAT = "dendrite-sweep-store"
SCHEMA_VERSION = "1"
