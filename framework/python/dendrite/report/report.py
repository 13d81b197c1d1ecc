"""The whole report of one store: which tables and figures exist, in which order, and what is
missing. build() computes and writes everything into the out folder; the page is written last.
The figure modules (and so matplotlib) are imported only when figures are drawn."""
import os
import re
from dataclasses import dataclass, field
from typing import List

from dendrite.report import groups as G
from dendrite.report import matching, page, tables
from dendrite.report.names import MODEL_ORDER, condition_text, dataset_label
from dendrite.report.scores import add_scores
from dendrite.report.store import open_store


@dataclass
class Section:
    title: str
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)   # (Table, csv path relative to the out folder)
    notes: List[str] = field(default_factory=list)


def _slug(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(text)).strip("_") or "data"


def _by(items, key):
    out = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return out


def _write_table(out_dir, table):
    rel = table.name + ".csv"
    tables.write_csv(table, os.path.join(out_dir, rel))
    return table, rel


def _main_conditions(groups):
    """{dataset: [groups of one condition], ...} for the clean, shuffled conditions."""
    main = [g for g in groups if g.axes["input_noise"] == 0 and not g.axes["sequential"]]
    return {d: list(_by(gs, lambda g: g.condition()).values()) for d, gs in _by(main, lambda g: g.axes["dataset"]).items()}


def _param_sections(out_dir, formats, store, groups, matches):
    """One section per data set: accuracy and loss vs parameters, and the curves, per condition."""
    sections = []
    for dataset, conditions in _main_conditions(groups).items():
        varying = G.varying_columns([g for c in conditions for g in c], G.CONDITION_AXES[3:])
        section = Section("%s: accuracy and loss vs trainable parameters" % dataset_label(dataset))
        for i, cond in enumerate(conditions):
            subtitle = condition_text(cond, varying)
            where = " (" + subtitle + ")" if subtitle else ""
            if not any(g.done for g in cond):
                section.notes.append("No run is done yet%s: no figures." % where)
                continue
            vann = matching.best_vann(cond, "accuracy")
            if vann is None:
                section.notes.append("No done vANN run%s, so no best-vs-vANN comparison or curves." % where)
            if not formats:
                continue
            from dendrite.report.figures_curves import curves_figure
            from dendrite.report.figures_params import params_figure
            suffix = _slug(dataset) + ("_%d" % (i + 1) if len(conditions) > 1 else "")
            for metric, name in (("test_accuracy", "accuracy"), ("test_loss", "loss")):
                section.figures.append(params_figure(out_dir, formats, "%s_vs_params_%s" % (name, suffix), cond,
                                                     metric, subtitle))
            if vann is None:
                continue
            configs = [vann] + [m.fewest for m in matches if m.condition == vann.condition() and
                                m.metric == "accuracy" and m.fewest is not None]
            fig = curves_figure(out_dir, formats, "curves_%s" % suffix, store, configs, subtitle)
            if fig is not None:
                section.figures.append(fig)
            else:
                section.notes.append("The best-vs-vANN configurations have no per-epoch history in the store.")
        sections.append(section)
    return sections


def _task_section(title, table, what, figure_groups, draw, out_dir, formats):
    """A task's table and one figure per data set: draw(stem, groups of one data set)."""
    section = Section(title)
    if table is None:
        section.notes.append("The store has no %s runs: no %s table or figure." % (what, what))
        return section
    section.tables.append(_write_table(out_dir, table))
    for dataset, gs in _by(figure_groups if formats else [], lambda g: g.axes["dataset"]).items():
        if any(g.done for g in gs):
            section.figures.append(draw("%s_%s" % (table.name, _slug(dataset)), gs))
    return section


def build(store_path, out_dir, formats):
    """Reads the store and writes the report (no figures when formats is empty); returns
    (store, sections)."""
    store = open_store(store_path)
    try:
        add_scores(store.runs)
        groups = G.build_groups(store.runs, MODEL_ORDER)
        os.makedirs(out_dir, exist_ok=True)
        matches = matching.compare(groups, "accuracy") + matching.compare(groups, "loss")
        # The page's order: the figures of each data set (the answer is a picture), the comparison,
        # the task sections, then the full summary and what is missing.
        sections = _param_sections(out_dir, formats, store, groups, matches)
        if not formats:
            sections.insert(0, Section("Figures", notes=["Figures were left out (--tables-only)."]))
        comparison = Section("Best vs vANN", tables=[_write_table(out_dir, tables.best_vs_vann_table(matches, groups))])
        if not matches:
            comparison.notes.append("best_vs_vann.csv is empty: no condition has both a done vANN and another variant.")
        if formats:
            from dendrite.report.figures_tasks import noise_figure, sequential_figure
        noise = _task_section("Input noise", tables.noise_table(groups), "input-noise", tables.noise_groups(groups),
                              lambda stem, gs: noise_figure(out_dir, formats, stem, gs), out_dir, formats)
        sequential = _task_section("Sequential task", tables.sequential_table(groups), "sequential-task",
                                   [g for g in groups if g.axes["sequential"]],
                                   lambda stem, gs: sequential_figure(out_dir, formats, stem, gs, groups), out_dir, formats)
        sections += [comparison, noise, sequential,
                     Section("Summary", tables=[_write_table(out_dir, tables.summary_table(groups))])]
        missing = tables.missing_table(store)
        if missing is not None:
            sections.append(Section("Runs not done", tables=[_write_table(out_dir, missing)]))
        page.write(os.path.join(out_dir, "index.html"), store, groups, sections)
        return store, sections
    finally:
        store.close()
