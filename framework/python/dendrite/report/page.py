"""index.html: one self-contained page (inline style, no script, nothing fetched from a network)
showing the store's facts, every figure (relative links to the PNG/SVG files beside it) and every
table, and listing the runs that are missing or failed."""
import html
import os

from dendrite.report.store import STATUSES

MAX_LISTED = 200  # runs listed on the page per status; the CSV has them all
STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 1150px; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; font-size: 0.8em; margin: 0.5em 0 1.5em; display: block; overflow-x: auto; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: right; white-space: nowrap; }
th { background: #f2f2f2; position: sticky; top: 0; } td.text { text-align: left; }
tr.differ td { background: #fff3d6; }
figure { margin: 1em 0 2em; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.85em; color: #444; } .note { color: #8a4b00; } .error { color: #a00; white-space: normal; }
"""


def _cell(value, column):
    if value is None:
        return ""
    if isinstance(value, float):
        return "%.4g" % value
    if isinstance(value, int) and column.endswith("params"):
        return format(value, ",")
    return str(value)


def table_html(table, csv_rel=None, limit=None):
    rows = table.rows if limit is None else table.rows[:limit]
    out = ["<table><thead><tr>%s</tr></thead><tbody>" % "".join("<th>%s</th>" % html.escape(c) for c in table.columns)]
    for row in rows:
        attrs = ' class="differ"' if row.get("rules_differ") == "yes" else ""
        cells = []
        for c in table.columns:
            v = row.get(c)
            kind = "error" if c == "error" else ("text" if isinstance(v, str) else "")
            cells.append("<td%s>%s</td>" % (' class="%s"' % kind if kind else "", html.escape(_cell(v, c))))
        out.append("<tr%s>%s</tr>" % (attrs, "".join(cells)))
    out.append("</tbody></table>")
    if limit is not None and len(table.rows) > limit:
        out.append("<p class=\"note\">... and %d more rows (all in <a href=\"%s\">%s</a>).</p>"
                   % (len(table.rows) - limit, html.escape(csv_rel), html.escape(csv_rel)))
    return "\n".join(out)


def _facts(store, groups):
    counts = store.status_counts()
    total = sum(counts.values())
    items = [("Store", os.path.abspath(store.path)),
             ("Runs", "%d in total: %s" % (total, ", ".join("%d %s" % (counts[s], s) for s in STATUSES))),
             ("Configurations", "%d (runs of one configuration over its seeds)" % len(groups)),
             ("Framework version(s)", ", ".join(store.framework_versions())),
             ("Data sets", ", ".join(sorted({r["dataset"] for r in store.runs}))),
             ("Store created", "%s by dendrite %s" % (store.meta.get("created_at", "?"), store.meta.get("created_by", "?")))]
    for s in store.sweeps:
        items.append(("Sweep", "%s to %s, %s, %s workers on %s: %s" % (
            s["started_at"], s["finished_at"] or "(not finished)", s["status"], s["workers"], s["host"], s["command"])))
    out = ["<table>"] + ["<tr><th>%s</th><td class=\"text\">%s</td></tr>" % (html.escape(k), html.escape(str(v)))
                         for k, v in items] + ["</table>"]
    missing = counts["pending"] + counts["running"]
    if missing or counts["failed"]:
        out.append("<p class=\"note\">This is a partial report: %d of %d runs are done; %d missing (pending or "
                   "running) and %d failed are listed under <a href=\"#missing\">Runs not done</a>. Means and sds are "
                   "over the done runs only.</p>" % (counts["done"], total, missing, counts["failed"]))
    return "\n".join(out)


def _figure_html(fig):
    src = fig.files.get("png") or fig.files.get("svg")
    links = " ".join('<a href="%s">%s</a>' % (html.escape(rel), fmt.upper()) for fmt, rel in fig.files.items())
    return ('<figure><img src="%s" alt="%s"><figcaption>%s (%s)</figcaption></figure>'
            % (html.escape(src), html.escape(fig.title), html.escape(fig.caption), links))


def render(store, groups, sections):
    body = ["<h1>dendrite report: %s</h1>" % html.escape(os.path.basename(store.path)), _facts(store, groups)]
    for section in sections:
        if not (section.figures or section.tables or section.notes):
            continue
        anchor = ' id="missing"' if section.title == "Runs not done" else ""
        body.append("<h2%s>%s</h2>" % (anchor, html.escape(section.title)))
        body += ["<p class=\"note\">%s</p>" % html.escape(n) for n in section.notes]
        body += [_figure_html(f) for f in section.figures]
        for table, rel in section.tables:
            body.append('<h3>%s (<a href="%s">%s</a>)</h3>' % (html.escape(table.title), html.escape(rel),
                                                              html.escape(rel)))
            if table.name == "best_vs_vann":
                for metric in ("accuracy", "loss"):
                    part = type(table)(table.name, table.title, table.columns,
                                       [r for r in table.rows if r["metric"] == metric])
                    body.append("<h4>By mean test %s</h4>" % metric)
                    body.append("<p>Highlighted rows: the fewest-parameters rule and the authors' first-in-scan-order "
                                "rule pick different configurations.</p>")
                    body.append(table_html(part))
            else:
                limit = MAX_LISTED if table.name == "missing_runs" else None
                body.append(table_html(table, rel, limit))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dendrite report: %s</title>"
            "<style>%s</style></head><body>\n%s\n</body></html>\n"
            % (html.escape(os.path.basename(store.path)), STYLE, "\n".join(body)))


def write(path, store, groups, sections):
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(store, groups, sections))
