"""Reports laid out as sheets: titled columns of cells that every table format can write.

A :class:`Sheet` says what the columns are (header, group, kind of value, colour scale); the
writers in :mod:`actviz.render.export` (CSV, Markdown, LaTeX) and :mod:`actviz.render.tables`
(rich) decide how each kind of value looks.  So each report is laid out once, here, and each
format is written once, there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from actviz.analysis.depth import DepthResult
from actviz.analysis.saturation import SaturationReport
from actviz.analysis.softmax import SoftmaxReport
from actviz.analysis.tables import ValueTable
from actviz.render.labels import text
from actviz.render.numbers import significant
from actviz.render.peak_text import peak_place
from actviz.render.softmax_text import class_name, temperature_text

# Kinds of cell value:
NUMBER = "number"  # a float: P significant digits for people, repr for machines
EXACT = "exact"  # a float the user typed: shown exactly as given
FRACTION = "fraction"  # a float in [0, 1]: a percentage for people, the fraction for machines
TEXT = "text"
INTERVALS = "intervals"  # a tuple of Interval

# Who a column is for:
EVERYONE, PEOPLE, MACHINES = "everyone", "people", "machines"

MAX_LAYER_COLUMNS = 12


@dataclass(frozen=True)
class Column:
    key: str  # machine header (CSV): "sigmoid f'(x)", "saturated_fraction"
    header: str  # human header: "f′(x)", "saturated"
    values: Sequence[Any]
    kind: str = NUMBER
    group: str = ""  # consecutive columns of one group are shown under one heading
    latex: str = ""  # header in LaTeX, when it needs math: "$f'(x)$"
    scale: str = ""  # rich colour scale: "bad_fraction", "slope", "gradient"
    audience: str = EVERYONE

    @property
    def numeric(self) -> bool:
        return self.kind in (NUMBER, EXACT, FRACTION)


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    caption: str = ""
    prefix_groups: bool = True  # flat headers (Markdown) read "Sigmoid f(x)", not just "f(x)"

    def for_audience(self, audience: str) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.audience in (EVERYONE, audience))

    @property
    def row_count(self) -> int:
        return len(self.columns[0].values) if self.columns else 0


# --------------------------------------------------------------------------------------------
# actviz table
# --------------------------------------------------------------------------------------------


def value_sheet(table: ValueTable) -> Sheet:
    """One row per x; per activation a group of f(x) and f'(x) columns."""
    columns = [Column("x", "x", table.x, EXACT if table.x_given else NUMBER, latex="$x$")]
    for values in table.columns:
        columns.append(Column(f"{values.key} f(x)", "f(x)", values.f, group=values.label,
                              latex="$f(x)$"))
        if values.df is not None:
            columns.append(Column(f"{values.key} f'(x)", "f′(x)", values.df, group=values.label,
                                  latex="$f'(x)$"))
    title = "f(x) and f′(x)" if table.has_derivative else "f(x)"
    if table.dtype is not None:
        title += f", rounded to {table.dtype}"
    return Sheet(title, tuple(columns))


# --------------------------------------------------------------------------------------------
# actviz saturation
# --------------------------------------------------------------------------------------------


def saturation_sheet(report: SaturationReport, precision: int = 6) -> Sheet:
    """One row per activation: peak slope, where |f'| ≥ T, and the fractions under N(0, σ²)."""
    profiles = report.activations
    t, s = significant(report.threshold), significant(report.sigma)
    line, normal = "on the x axis", f"for x ~ N(0, {s}²)"
    columns = (
        Column("activation", "activation", [p.key for p in profiles], TEXT),
        Column("max_abs_derivative", "max |f′|", [p.max_abs_derivative for p in profiles],
               group=line, latex=r"$\max |f'|$", scale="slope"),
        Column("argmax", "argmax", [p.argmax for p in profiles], group=line, audience=MACHINES),
        Column("where", "at x", [peak_place(p.peak, precision=precision) for p in profiles], TEXT,
               group=line, audience=PEOPLE),
        Column("active_intervals", f"|f′| ≥ {t} on", [p.active_intervals for p in profiles],
               INTERVALS, group=line, latex=f"$|f'| \\geq {t}$ on"),
        Column("saturating", "→ 0 at", [p.saturating for p in profiles], TEXT, group=line,
               latex=r"$|f'| \to 0$ at"),
        Column("saturated_fraction", "saturated", [p.saturated_fraction for p in profiles],
               FRACTION, group=normal, scale="bad_fraction"),
        Column("dead_fraction", "dead", [p.dead_fraction for p in profiles], FRACTION,
               group=normal, scale="bad_fraction"),
        Column("mean_abs_derivative", "mean |f′|", [p.mean_abs_derivative for p in profiles],
               group=normal, latex=r"mean $|f'|$", scale="slope"),
    )
    caption = (
        f"saturated: P(|f′(x)| < {t}), dead: P(f′(x) = 0), mean |f′|: E|f′(x)|, "
        f"for x ~ N(0, {s}²)"
    )
    return Sheet(f"Gradient saturation at threshold {t}", columns, caption, prefix_groups=False)


# --------------------------------------------------------------------------------------------
# actviz saturation --depth
# --------------------------------------------------------------------------------------------


def shown_layers(layers: int, most: int = MAX_LAYER_COLUMNS) -> list[int]:
    """At most ``most`` layer numbers from 1 to ``layers``, evenly spaced, first and last kept."""
    most = max(2, most)
    if layers <= most:
        return list(range(1, layers + 1))
    return sorted({int(round(v)) for v in np.linspace(1, layers, most)})


def depth_sheets(depth: DepthResult, layers: Sequence[int]) -> tuple[Sheet, Sheet]:
    """The gradient-norm and dead-unit tables: a row per activation, the given layers as columns."""
    settings = depth.settings
    network = (
        f"{settings.layers} layers × {settings.width} units, {settings.init} init, "
        f"seed {settings.seed}"
    )

    def sheet(title: str, attribute: str, kind: str, scale: str, meaning: str) -> Sheet:
        columns = [Column("activation", "activation", [r.key for r in depth.runs], TEXT)]
        for layer in layers:
            values = [float(getattr(r, attribute)[layer - 1]) for r in depth.runs]
            columns.append(Column(f"layer {layer}", str(layer), values, kind, group="layer",
                                  scale=scale))
        return Sheet(title, tuple(columns), f"{meaning}; {network}")

    gradient = sheet(
        "Gradient reaching each layer", "gradient_norm", NUMBER, "gradient",
        "‖∂loss/∂z‖ relative to the last layer",
    )
    dead = sheet(
        "Dead units per layer", "dead_fraction", FRACTION, "bad_fraction",
        f"units with f′(z) = 0 for all {settings.batch} inputs",
    )
    return gradient, dead


def depth_long_sheet(depth: DepthResult) -> Sheet:
    """Every layer of every activation, one row each: the machine-readable depth table."""
    keys, layer_numbers, norms, dead = [], [], [], []
    for run in depth.runs:
        count = len(run.gradient_norm)
        keys += [run.key] * count
        layer_numbers += [str(k) for k in range(1, count + 1)]
        norms += [float(v) for v in run.gradient_norm]
        dead += [float(v) for v in run.dead_fraction]
    return Sheet("Depth experiment", (
        Column("activation", "activation", keys, TEXT),
        Column("layer", "layer", layer_numbers, TEXT),
        Column("gradient_norm", "gradient norm", norms),
        Column("dead_fraction", "dead units", dead, FRACTION),
    ))


def saturation_sheets(report: SaturationReport, fmt: str, precision: int = 6) -> list[Sheet]:
    """The sheets of ``actviz saturation`` for a text format: the saturation table, then with
    ``--depth`` every layer in long form for CSV, or 12 evenly spaced layers for Markdown/LaTeX."""
    sheets = [saturation_sheet(report, precision)]
    if report.depth is not None:
        if fmt == "csv":
            sheets.append(depth_long_sheet(report.depth))
        else:
            sheets.extend(depth_sheets(report.depth, shown_layers(report.depth.settings.layers)))
    return sheets


# --------------------------------------------------------------------------------------------
# actviz softmax
# --------------------------------------------------------------------------------------------


def softmax_sheet(report: SoftmaxReport, lang: str = "en") -> Sheet:
    """One row per class: its logit, then per temperature p, log p and, with ``--jacobian``,
    the class's row of the Jacobian J = diag(p) − ppᵀ (one column per class j)."""
    classes = [class_name(i) for i in range(report.logits.size)]
    columns = [Column("class", text("softmax_class_column", lang), classes, TEXT),
               Column("logit", text("softmax_logit_column", lang), report.logits)]
    for column in report.columns:
        t = temperature_text(column)
        columns += [
            Column(f"p(T={t})", text("softmax_p_column", lang, t=t), column.probabilities),
            Column(f"log_p(T={t})", text("softmax_log_p_column", lang, t=t),
                   column.log_probabilities),
        ]
        if column.jacobian is not None:
            columns += [
                Column(f"J_{name}(T={t})", text("softmax_jacobian_column", lang, j=name, t=t),
                       column.jacobian[:, j])
                for j, name in enumerate(classes)
            ]
    jacobian = any(column.jacobian is not None for column in report.columns)
    caption = text("softmax_jacobian_caption", lang) if jacobian else ""
    return Sheet(text("softmax_table", lang), tuple(columns), caption)
