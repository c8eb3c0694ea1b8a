"""Tables as text: CSV and JSON for scripts, Markdown for notes, LaTeX (booktabs) for handouts.

Each report is laid out once, as a :class:`Sheet`: titled columns of cells that say what they
are (header, group, kind of value, colour scale).  The writers here (CSV, Markdown, LaTeX) and
the rich tables of :mod:`actviz.render.tables` decide how each kind of value looks, so each
format is written once.

- CSV: every float at full float64 precision (``repr``), fractions as fractions, infinities as
  ``inf``; headers are machine keys (``sigmoid f'(x)``, ``saturated_fraction``).
- Markdown and LaTeX: P significant digits (scientific where needed), fractions as
  percentages, grouped headers; LaTeX needs ``\\usepackage{booktabs}``.
- JSON: plain dicts for :func:`actviz.cli.echo_json`, floats at full precision, and
  ``"inf"``/``"-inf"``/``"nan"`` for the values JSON cannot hold (see
  :mod:`actviz.render.words`).

No rich here: ``actviz table --format csv`` never imports it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from actviz.analysis.depth import DepthResult
from actviz.analysis.precision import PrecisionReport, SidePrecision
from actviz.analysis.propagation import PropagationReport
from actviz.analysis.saturation import Saturation, SaturationReport
from actviz.analysis.softmax import EXP_OVERFLOW, EXP_UNDERFLOW, Explanation, SoftmaxReport
from actviz.analysis.tables import ValueTable
from actviz.jsonable import json_number, json_numbers
from actviz.render.labels import text
from actviz.render.words import (
    DEFAULT_PRECISION,
    class_name,
    interval_notation,
    latex,
    latex_math,
    listed,
    machine,
    peak_place,
    shortest,
    significant,
    temperature_text,
)


# --------------------------------------------------------------------------------------------
# Sheets: each report laid out once, as titled columns every format can write
# --------------------------------------------------------------------------------------------

# Kinds of cell value:
NUMBER = "number"  # a float: P significant digits for people, repr for machines
EXACT = "exact"  # a float the user typed: shown exactly as given
FRACTION = "fraction"  # a float in [0, 1]: a percentage for people, the fraction for machines
TEXT = "text"
INTERVALS = "intervals"  # a tuple of Interval

# Who a column is for:
EVERYONE, PEOPLE, MACHINES = "everyone", "people", "machines"

MAX_LAYER_COLUMNS = 12
# A cell whose number is not defined (None, e.g. a side of precision with no such point), one
# marker per format, each written only here: a sheet holds None, never a marker.
UNDEFINED = "—"  # rich, Markdown and HTML
LATEX_UNDEFINED = "---"  # the em dash in every TeX engine (a raw "—" needs a Unicode one)
MACHINE_UNDEFINED = ""  # CSV: an empty field (JSON has null)


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
    """One row per x; per activation a group of f(x), f'(x) and f''(x) columns (those asked)."""
    columns = [Column("x", "x", table.x, EXACT if table.x_given else NUMBER, latex="$x$")]
    for values in table.columns:
        columns.append(Column(f"{values.key} f(x)", "f(x)", values.f, group=values.label,
                              latex="$f(x)$"))
        if values.df is not None:
            columns.append(Column(f"{values.key} f'(x)", "f′(x)", values.df, group=values.label,
                                  latex="$f'(x)$"))
        if values.d2f is not None:
            columns.append(Column(f"{values.key} f''(x)", "f″(x)", values.d2f,
                                  group=values.label, latex="$f''(x)$"))
    shown = ("f(x)", "f′(x)" * table.has_derivative, "f″(x)" * table.has_second_derivative)
    title = listed(shown)
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
# actviz propagate
# --------------------------------------------------------------------------------------------

# (key, human header, LaTeX header, what it is, group): the mean-field numbers, in order
_FIXED, _DEPTHS, _EDGE = "fixed points", "depth scales (layers)", "edge of chaos at this bias"
PROPAGATION_COLUMNS = (
    ("q_star", "q*", "$q^*$", "fixed point of the length map", _FIXED),
    ("chi1", "χ₁", r"$\chi_1$", "gradient factor per layer (squared norm)", _FIXED),
    ("c_star", "c*", "$c^*$", "fixed point of the correlation map", _FIXED),
    ("chi_c", "χ_c", r"$\chi_c$", "slope of the correlation map at c*", _FIXED),
    ("xi_q", "ξ_q", r"$\xi_q$", "depth scale of q", _DEPTHS),
    ("xi_c", "ξ_c", r"$\xi_c$", "depth scale of c", _DEPTHS),
    ("decade_depth", "10×", "10$\\times$", "layers for a 10× gradient change", _DEPTHS),
    ("critical_sigma_w2", "critical σ_w²", r"critical $\sigma_w^2$", "critical σ_w² (χ₁ = 1)", _EDGE),
    ("q_star_at_critical", "critical q*", "critical $q^*$", "the fixed point there", _EDGE),
)


def propagation_sheet(report: PropagationReport) -> Sheet:
    """One row per activation: its phase and the numbers of :data:`PROPAGATION_COLUMNS`."""
    rows = report.activations
    w, b = significant(report.sigma_w2), significant(report.sigma_b2)
    columns = [Column("activation", "activation", [r.key for r in rows], TEXT),
               Column("phase", "phase", [r.phase for r in rows], TEXT)]
    columns += [Column(key, header, [getattr(r, key) for r in rows], latex=latex_header,
                       group=group)
                for key, header, latex_header, _, group in PROPAGATION_COLUMNS]
    caption = ("q*: fixed point of the length map; χ₁: gradient factor per layer (squared "
               "norm); c*, χ_c: fixed point of the correlation map and its slope there; "
               "ξ_q, ξ_c: depth scales; 10×: layers for a tenfold gradient change; "
               f"σ_w², q*: the critical point (χ₁ = 1) at this σ_b²; {UNDEFINED} where "
               "undefined")
    return Sheet(f"Signal propagation at σ_w² = {w}, σ_b² = {b}", tuple(columns), caption,
                 prefix_groups=False)


def propagation_gradient_sheet(report: PropagationReport, measured: DepthResult | None,
                               layers: Sequence[int] | None = None) -> Sheet:
    """‖δ_k‖/‖δ_L‖ per layer, predicted and measured: in long form (every layer, one row
    each: CSV), or one row per activation and source over ``layers`` (people)."""
    runs = {run.key: run for run in measured.runs} if measured is not None else {}
    title = "Gradient reaching each layer, relative to the last"
    if layers is None:
        keys, numbers, predicted, observed = [], [], [], []
        for row in report.activations:
            curve, run = report.predicted[row.key], runs.get(row.key)
            keys += [row.key] * len(curve)
            numbers += [str(k) for k in range(1, len(curve) + 1)]
            predicted += [float(v) for v in curve]
            observed += [float(v) for v in run.gradient_norm] if run else [None] * len(curve)
        return Sheet(title, (Column("activation", "activation", keys, TEXT),
                             Column("layer", "layer", numbers, TEXT),
                             Column("predicted", "predicted", predicted),
                             Column("measured", "measured", observed)))
    names, sources, values = [], [], {k: [] for k in layers}
    for row in report.activations:
        entries = [("theory", report.predicted[row.key])]
        if row.key in runs:
            entries.append((f"measured, {measured.settings.width} units",
                            runs[row.key].gradient_norm))
        for source, curve in entries:
            names.append(row.key)
            sources.append(source)
            for k in layers:
                values[k].append(float(curve[k - 1]))
    columns = [Column("activation", "activation", names, TEXT),
               Column("source", "source", sources, TEXT)]
    columns += [Column(f"layer {k}", str(k), values[k], group="layer") for k in layers]
    return Sheet(title, tuple(columns), "‖∂loss/∂z‖ of layer k over the last layer's")


def propagation_sheets(report: PropagationReport, measured: DepthResult | None,
                       fmt: str) -> list[Sheet]:
    """The sheets of ``actviz propagate`` for a text format (as :func:`saturation_sheets`)."""
    sheets = [propagation_sheet(report)]
    if report.layers:
        layers = None if fmt == "csv" else shown_layers(report.layers)
        sheets.append(propagation_gradient_sheet(report, measured, layers))
    return sheets


def propagation_json(report: PropagationReport, measured: DepthResult | None) -> dict[str, Any]:
    """The report: per activation the keys of :data:`PROPAGATION_COLUMNS` (``null`` where
    undefined), its ``phase``, and with ``depth`` the per-layer gradients."""
    def row_json(row) -> dict[str, Any]:
        numbers = {key: json_number(getattr(row, key)) for key, *_ in PROPAGATION_COLUMNS}
        return {"name": row.name, "params": dict(row.params), "label": row.label,
                "key": row.key, "phase": row.phase, **numbers}

    depth = None
    if report.layers:
        runs = {run.key: run for run in measured.runs} if measured is not None else {}
        depth = {
            "layers": report.layers,
            "width": measured.settings.width if measured is not None else None,
            "seed": measured.settings.seed if measured is not None else None,
            "predicted": {key: json_numbers(v) for key, v in report.predicted.items()},
            "measured": {key: json_numbers(run.gradient_norm) for key, run in runs.items()},
        }
    return {"sigma_w2": report.sigma_w2, "sigma_b2": report.sigma_b2,
            "activations": [row_json(row) for row in report.activations], "depth": depth}


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
                Column(f"dp_du{j + 1}(T={t})",
                       text("softmax_jacobian_column", lang, j=j + 1, t=t),
                       column.jacobian[:, j])
                for j in range(len(classes))
            ]
    jacobian = any(column.jacobian is not None for column in report.columns)
    caption = text("softmax_jacobian_caption", lang) if jacobian else ""
    return Sheet(text("softmax_table", lang), tuple(columns), caption)


# --------------------------------------------------------------------------------------------
# actviz precision: one row per activation, format and side.  People read the thresholds with
# the format's own digits (5 for float16, 4 for bfloat16), a textbook failure as "7.3398 (off)",
# and None where a side has no such point (each format writes its own UNDEFINED marker);
# machines (CSV) get every key of the JSON, unrounded.
# --------------------------------------------------------------------------------------------

_ERROR_DIGITS = 2  # a relative error is an order of magnitude: 2 digits say it
# How a textbook form fails, in a cell: it gives 0, ±inf, NaN, or a value more than 50% off.
_FAILURES = {"zero": "0", "inf": "inf", "nan": "nan", "wrong": "off"}
# Short groups of two columns, so that a narrow terminal splits the table between them.
_PRECISION_GROUPS = (  # (group, ((key, header, how it is shown), ...))
    ("f from |x|", (("saturates_from", "= limit", "at"), ("f_overflows_from", "overflows", "at"))),
    ("f′ from |x|", (("gradient_zero_from", "= 0", "at"),
                     ("gradient_overflows_from", "overflows", "at"))),
    ("textbook fails at", (("textbook_f", "f", "failure"), ("textbook_gradient", "f′", "failure"))),
    ("max error", (("f_error_in_dtype", "f", "error"), ("gradient_error_in_dtype", "f′", "error"))),
)
_PRECISION_CAPTION = (
    "|x| from which f rounds to its limit, f′ rounds to 0, f or f′ round to ±inf (NaN in "
    "formats without inf); the first |x| where the textbook form computed in the format gives "
    "0, inf, nan, or a value more than 50% off (off) where exact rounding does not; and its "
    "largest relative error over the format's inputs. Thresholds are representable inputs."
)


def precision_sheet(report: PrecisionReport) -> Sheet:
    """One row per activation, format and side (``actviz precision``)."""
    rows = [(entry.key, dtype, side, numbers)
            for entry in report.activations for dtype in report.dtypes
            for side, numbers in entry.sides[dtype.name].items()]

    def people(group: str, key: str, header: str, shown: str) -> Column:
        cells = [_precision_cell(n, key, shown, d.digits) for _, d, _, n in rows]
        return Column(key, header, cells, TEXT, group=group, audience=PEOPLE)

    columns = [
        Column("activation", "activation", [key for key, *_ in rows], TEXT),
        Column("dtype", "format", [dtype.name for _, dtype, _, _ in rows], TEXT),
        Column("side", "side", [side for _, _, side, _ in rows], TEXT),
        *(people(group, *column) for group, pair in _PRECISION_GROUPS for column in pair),
        *(Column(key, key, [getattr(n, key) for *_, n in rows],
                 TEXT if key.endswith("failure") else NUMBER, audience=MACHINES)
          for key in SidePrecision.__dataclass_fields__),
    ]
    names = ", ".join(dtype.name for dtype in report.dtypes)
    return Sheet(f"Low precision: {names}", tuple(columns), _PRECISION_CAPTION,
                 prefix_groups=True)


def _precision_cell(numbers: SidePrecision, key: str, shown: str, digits: int) -> str | None:
    """A threshold with the format's digits, a failure as ``7.3398 (off)``, an error with 2
    digits; None where the side has none."""
    if shown == "failure":
        value, how = getattr(numbers, f"{key}_fails_from"), getattr(numbers, f"{key}_failure")
    else:
        value, how = getattr(numbers, key), None
    if value is None:
        return None
    text = significant(value, _ERROR_DIGITS if shown == "error" else digits)
    return f"{text} ({_FAILURES[how]})" if how else text


# --------------------------------------------------------------------------------------------
# Cells, and the formats that write them
# --------------------------------------------------------------------------------------------

def machine_cell(column: Column, value: Any) -> str:
    """A cell for CSV: floats at full precision, intervals with ``inf``; empty for ``None``
    (a number that is not defined: propagate's q* of a diverging net)."""
    if value is None:
        return MACHINE_UNDEFINED
    if column.kind in (NUMBER, EXACT, FRACTION):
        return machine(value)
    if column.kind == INTERVALS:
        return interval_notation(value, machine, infinity="inf", empty="none")
    return str(value)


def human_cell(column: Column, value: Any, precision: int, union: str = " ∪ ") -> str:
    """A cell for people: P significant digits, percentages, typed x exactly as given; ``—``
    for ``None``."""
    if value is None:
        return UNDEFINED
    if column.kind == NUMBER:
        return significant(value, precision)
    if column.kind == EXACT:
        return shortest(value)
    if column.kind == FRACTION:
        return significant(100 * value, precision) + "%"
    if column.kind == INTERVALS:
        return interval_notation(value, lambda v: significant(v, precision), union=union)
    return str(value)


def _rows(columns: tuple[Column, ...]) -> Iterable[tuple[Any, ...]]:
    return zip(*(c.values for c in columns))


def _human_header(sheet: Sheet, column: Column) -> str:
    if column.group and sheet.prefix_groups:
        return f"{column.group} {column.header}"
    return column.header


# --------------------------------------------------------------------------------------------
# CSV and Markdown
# --------------------------------------------------------------------------------------------


def _csv_header(columns: tuple[Column, ...]) -> tuple[io.StringIO, Any]:
    """A buffer holding the CSV header line of ``columns``, and the writer that wrote it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    return buffer, writer


def to_csv(*sheets: Sheet) -> str:
    """CSV of each sheet; several sheets are separated by one empty line."""
    parts = []
    for sheet in sheets:
        columns = sheet.for_audience(MACHINES)
        buffer, writer = _csv_header(columns)
        for row in _rows(columns):
            writer.writerow([machine_cell(c, v) for c, v in zip(columns, row)])
        parts.append(buffer.getvalue())
    return "\n".join(parts)


def to_markdown(*sheets: Sheet, precision: int = 6) -> str:
    """GitHub-flavoured pipe tables, numbers right-aligned; a caption line under each sheet."""
    parts = []
    for sheet in sheets:
        columns = sheet.for_audience(PEOPLE)
        lines = [
            _pipe_row(_human_header(sheet, c) for c in columns),
            _pipe_row("---:" if c.numeric else ":---" for c in columns),
        ]
        lines += [
            _pipe_row(human_cell(c, v, precision) for c, v in zip(columns, row))
            for row in _rows(columns)
        ]
        if sheet.caption:
            lines += ["", f"*{_markdown_escape(sheet.caption)}*"]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def to_html(*sheets: Sheet, precision: int = 6) -> str:
    """HTML tables for a notebook: the Markdown's cells (P significant digits, percentages),
    numbers right-aligned, the caption under each sheet."""
    from html import escape

    parts = []
    for sheet in sheets:
        columns = sheet.for_audience(PEOPLE)
        align = ['style="text-align: right"' if c.numeric else 'style="text-align: left"'
                 for c in columns]
        head = "".join(f"<th {a}>{escape(_human_header(sheet, c))}</th>"
                       for a, c in zip(align, columns))
        body = "".join(
            "<tr>" + "".join(f"<td {a}>{escape(human_cell(c, v, precision))}</td>"
                             for a, c, v in zip(align, columns, row)) + "</tr>"
            for row in _rows(columns))
        caption = f"<caption>{escape(sheet.title)}</caption>" if sheet.title else ""
        note = f"<p><em>{escape(sheet.caption)}</em></p>" if sheet.caption else ""
        parts.append(f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
                     f"</table>{note}")
    return "\n".join(parts)


def sheet_records(sheet: Sheet) -> list[dict[str, Any]]:
    """The rows of ``sheet`` as dicts keyed by the machine headers (CSV's), values unrounded
    (plain Python floats, not numpy scalars)."""
    columns = sheet.for_audience(MACHINES)
    return [{c.key: value.item() if isinstance(value, np.generic) else value
             for c, value in zip(columns, row)} for row in _rows(columns)]


def _pipe_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_markdown_escape(c) for c in cells) + " |"


def _markdown_escape(text: str) -> str:
    return text.replace("|", r"\|").replace("*", r"\*")


# --------------------------------------------------------------------------------------------
# LaTeX
# --------------------------------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"$\sim$", "^": r"\textasciicircum{}",
}
# Every Greek letter a title or parameter may hold (formula parameters get Greek symbols by name).
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta",
    "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi",
    "Ω": "Omega",
}
_LATEX_SYMBOLS = {
    **{letter: f"$\\{name}$" for letter, name in _GREEK.items()},
    "′": "'", "∞": r"$\infty$", "∪": r"$\cup$", "≥": r"$\geq$", "≤": r"$\leq$", "→": r"$\to$",
    "‖": r"$\|$", "∂": r"$\partial$", "±": r"$\pm$", "×": r"$\times$", "²": r"$^2$",
    "∅": r"$\emptyset$", "|": r"$|$", "<": r"$<$", ">": r"$>$",
}


def latex_text(text: str) -> str:
    """Plain text (labels, headers) for LaTeX: specials escaped, Unicode symbols as math."""
    return "".join(_LATEX_SPECIALS.get(ch, _LATEX_SYMBOLS.get(ch, ch)) for ch in text)


def _latex_cell(column: Column, value: Any, precision: int) -> str:
    if value is None:
        return LATEX_UNDEFINED
    if column.kind in (NUMBER, FRACTION):
        scaled = 100 * value if column.kind == FRACTION else value
        cell = latex(significant(scaled, precision))
        return cell + r"\,\%" if column.kind == FRACTION else cell
    if column.kind == EXACT:
        return latex(shortest(value))
    if column.kind == INTERVALS:
        text = interval_notation(
            value, lambda v: latex_math(significant(v, precision)), infinity=r"\infty",
            empty=r"\emptyset",
            union=r" \cup ",
        )
        return f"${text}$"
    return latex_text(str(value))


def to_latex(*sheets: Sheet, precision: int = 6) -> str:
    """A booktabs ``tabular`` per sheet, grouped headers with ``\\cmidrule``."""
    return "\n".join(_latex_sheet(sheet, precision) for sheet in sheets)


def _latex_sheet(sheet: Sheet, precision: int) -> str:
    columns = sheet.for_audience(PEOPLE)
    spec = "".join("r" if c.numeric else "l" for c in columns)
    lines = [
        f"% {sheet.title} (actviz; needs \\usepackage{{booktabs}})",
        f"\\begin{{tabular}}{{{spec}}}",
        r"\toprule",
    ]
    groups = _groups(columns)
    if any(name for name, _, _ in groups):
        heads, rules = [], []
        for name, first, count in groups:
            if name:
                heads.append(f"\\multicolumn{{{count}}}{{c}}{{{latex_text(name)}}}")
                rules.append(f"\\cmidrule(lr){{{first + 1}-{first + count}}}")
            else:
                heads += [""] * count
        lines += [" & ".join(heads) + r" \\", " ".join(rules)]
    lines.append(" & ".join(c.latex or latex_text(c.header) for c in columns) + r" \\")
    lines.append(r"\midrule")
    for row in _rows(columns):
        lines.append(" & ".join(_latex_cell(c, v, precision) for c, v in zip(columns, row))
                     + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    if sheet.caption:
        lines.append(f"% {sheet.caption}")
    return "\n".join(lines) + "\n"


def _groups(columns: tuple[Column, ...]) -> list[tuple[str, int, int]]:
    """(group name, index of its first column, number of columns) for runs of one group."""
    runs: list[tuple[str, int, int]] = []
    for index, column in enumerate(columns):
        if runs and runs[-1][0] == column.group:
            name, first, count = runs[-1]
            runs[-1] = (name, first, count + 1)
        else:
            runs.append((column.group, index, 1))
    return runs


# --------------------------------------------------------------------------------------------
# JSON
# CSV lines formatted at once by float_csv_lines: a few MiB of text.
CSV_BLOCK_ROWS = 1 << 14


def float_csv_lines(columns: Sequence[np.ndarray]) -> str:
    """Rows of float columns as CSV lines, each ending in a newline: the cells of
    :func:`machine_cell` (``repr``, ``inf``, ``nan``), made at C speed.  ``tolist`` gives
    Python floats and ``repr`` of one is the shortest text that reads back, which is what
    :func:`~actviz.render.words.machine` writes; no float's text holds a comma or a quote,
    so no cell needs the csv module's quoting.  One ``%`` of a template of every row on all
    the cells at once (``%r`` is ``repr``) makes no string per row: 5% faster than joining
    rows, which leaves the time that of ``repr`` itself."""
    if not columns:
        return ""
    cells = np.column_stack([np.asarray(c, dtype=np.float64) for c in columns])
    template = (",".join(["%r"] * cells.shape[1]) + "\n") * cells.shape[0]
    return template % tuple(cells.ravel().tolist())


def value_csv_chunks(blocks: Iterable[ValueTable]) -> Iterator[str]:
    """The CSV of :func:`value_sheet` (what :func:`to_csv` writes, byte for byte) in pieces:
    the header, then the rows of each block of a table (:func:`value_table_blocks
    <actviz.analysis.tables.value_table_blocks>`), at most :data:`CSV_BLOCK_ROWS` at a time."""
    header_written = False
    for block in blocks:
        columns = value_sheet(block).for_audience(MACHINES)
        if not header_written:
            yield _csv_header(columns)[0].getvalue()
            header_written = True
        for start in range(0, len(block.x), CSV_BLOCK_ROWS):
            yield float_csv_lines([c.values[start:start + CSV_BLOCK_ROWS] for c in columns])


# --------------------------------------------------------------------------------------------


def value_table_json(table: ValueTable) -> dict[str, Any]:
    """``{"x": [...], "activations": [{"name", "params", "f", "df"}]}``; ``df`` is null when
    the derivative was left out; ``"d2f"`` (f'') beside it only when asked, and ``"dtype"``
    the format of ``table --dtype``, so the JSON without them keeps its shape."""
    return {
        "x": json_numbers(table.x),
        "activations": [
            {
                "name": column.name,
                "params": dict(column.params),
                "f": json_numbers(column.f),
                "df": None if column.df is None else json_numbers(column.df),
                **({} if column.d2f is None else {"d2f": json_numbers(column.d2f)}),
            }
            for column in table.columns
        ],
        # only with --dtype, so the JSON without it keeps its shape
        **({} if table.dtype is None else {"dtype": table.dtype}),
    }


# A placeholder for each streamed list in the JSON's frame; a JSON string never holds a raw
# control character (json.dumps escapes it), so no name or parameter can be mistaken for one.
_JSON_SLOT = "\x00actviz list\x00"
_JSON_NONFINITE = {"inf": '"inf"', "-inf": '"-inf"', "nan": '"nan"'}  # as json_number writes


def value_json_chunks(header: ValueTable, lists: Iterable[Iterable[np.ndarray]],
                      ascii_only: bool = False) -> Iterator[str]:
    """The JSON of :func:`value_table_json` (what :func:`json_text` writes of it, byte for
    byte) in pieces.  ``header`` says the shape (activations, derivatives, dtype; its arrays
    are not read), ``lists`` gives each list of numbers in the blocks it is made in, in the
    order the JSON holds them: x, then each activation's f, df (unless left out) and d2f
    (when asked).  The frame is ``json.dumps``'s own, so names and parameters are escaped
    exactly as :func:`json_text` escapes them."""
    frame = value_table_json(header)
    frame["x"] = _JSON_SLOT
    for entry in frame["activations"]:
        for key in ("f", "df", "d2f"):
            if entry.get(key) is not None:
                entry[key] = _JSON_SLOT
    pieces = json_text(frame, ascii_only).split(json.dumps(_JSON_SLOT, ensure_ascii=ascii_only))
    lists = iter(lists)
    yield pieces[0]
    for piece, previous in zip(pieces[1:], pieces):
        # the list's items are indented one level (2 spaces) deeper than the line it opens on
        line = previous[previous.rfind("\n") + 1:]
        yield from json_list_chunks(next(lists), len(line) - len(line.lstrip(" ")))
        yield piece


def json_list_chunks(blocks: Iterable[np.ndarray], indent: int) -> Iterator[str]:
    """A list of floats as ``json.dumps(json_numbers(...), indent=2)`` writes it inside an
    object whose line is indented by ``indent`` spaces, a block at a time: each item on its
    own line (``repr``, as ``json`` writes a float), ``"inf"``/``"-inf"``/``"nan"`` for the
    values JSON cannot hold, ``[]`` when there is none."""
    separator = ",\n" + " " * (indent + 2)
    opening = "[\n" + " " * (indent + 2)
    for block in blocks:
        if len(block):
            items = map(repr, np.asarray(block, dtype=np.float64).tolist())
            if not np.isfinite(block).all():
                items = (_JSON_NONFINITE.get(item, item) for item in items)
            yield opening + separator.join(items)
            opening = separator
    yield "[]" if opening != separator else "\n" + " " * indent + "]"


def saturation_json(report: SaturationReport) -> dict[str, Any]:
    """The saturation report; ``depth`` is null without ``--depth``.

    Intervals are ``[low, high, low_closed, high_closed]`` (the registry's form for ranges),
    an infinite end ``"inf"``/``"-inf"`` and always open.  Depth lists are per layer, first
    layer first, keyed by activation (``"elu"``, or ``"elu:alpha=0.5"`` with parameters).
    """
    depth = report.depth
    return {
        "threshold": report.threshold,
        "sigma": report.sigma,
        "activations": [_profile_json(p) for p in report.activations],
        "depth": None if depth is None else {
            "layers": depth.settings.layers,
            "width": depth.settings.width,
            "init": depth.settings.init,
            "seed": depth.settings.seed,
            "batch": depth.settings.batch,
            "gradient_norm": {run.key: json_numbers(run.gradient_norm) for run in depth.runs},
            "dead_fraction": {run.key: json_numbers(run.dead_fraction) for run in depth.runs},
        },
    }


def _profile_json(profile: Saturation) -> dict[str, Any]:
    return {
        "name": profile.name,
        "params": dict(profile.params),
        "label": profile.label,
        **profile.peak.to_json(),
        "active_intervals": [interval.to_json() for interval in profile.active_intervals],
        "saturating": profile.saturating,
        "saturated_fraction": json_number(profile.saturated_fraction),
        "dead_fraction": json_number(profile.dead_fraction),
        "mean_abs_derivative": json_number(profile.mean_abs_derivative),
    }


# --------------------------------------------------------------------------------------------
# Whole documents: what `actviz table` and `actviz saturation` print, and what batch writes
# --------------------------------------------------------------------------------------------


def json_text(data: Any, ascii_only: bool = False) -> str:
    """``data`` as indented JSON, ending with a newline: UTF-8 kept readable (σ, ∞), or
    written as ``\\u`` escapes with ``ascii_only`` (the same data, for any encoding)."""
    return json.dumps(data, indent=2, ensure_ascii=ascii_only) + "\n"


def sheets_text(sheets: Sequence[Sheet], fmt: str, precision: int = 6) -> str:
    """``sheets`` as CSV, Markdown or LaTeX (``fmt``); ``precision`` rounds the last two."""
    if fmt == "csv":
        return to_csv(*sheets)
    if fmt == "markdown":
        return to_markdown(*sheets, precision=precision)
    if fmt == "latex":
        return to_latex(*sheets, precision=precision)
    raise ValueError(f"no sheet format {fmt!r}")


def saturation_text(report: SaturationReport, fmt: str, precision: int = 4) -> str:
    """The document of ``actviz saturation --format fmt`` (csv, markdown, latex or json)."""
    if fmt == "json":
        return json_text(saturation_json(report))
    return sheets_text(saturation_sheets(report, fmt, precision), fmt, precision)


# --------------------------------------------------------------------------------------------
# actviz softmax: the explanation, and the exported documents
# --------------------------------------------------------------------------------------------

def bracketed(values: Sequence[float]) -> str:
    return "[" + ", ".join(significant(v) for v in values) + "]"


def explanation_lines(explanation: Explanation, lang: str = "en") -> list[str]:
    """The explanation at one temperature as plain lines (shared by rich and Markdown)."""
    naive, shifted = explanation.naive, explanation.shifted
    t = significant(naive.temperature)
    lines = [text("naive_title", lang, t=t)]
    lines.append(f"  exp(z/T) = {bracketed(naive.exponentials)}")
    if naive.overflowed:
        lines.append("  " + text("naive_overflow", lang, limit=f"{EXP_OVERFLOW:.2f}",
                                 items=_classes(naive.overflowed)))
    if naive.underflowed:
        lines.append("  " + text("naive_underflow", lang, limit=f"{EXP_UNDERFLOW:.2f}",
                                 items=_classes(naive.underflowed)))
    lines.append(f"  Σ = {significant(naive.total)}    p = {bracketed(naive.probabilities)}")
    lines.append("  " + (text("naive_failed", lang) if naive.failed
                         else text("naive_works", lang, limit=f"{EXP_OVERFLOW:.2f}")))
    lines.append("")
    lines.append(text("shifted_title", lang, m=significant(shifted.maximum)))
    lines.append(f"  (z − m)/T = {bracketed(shifted.shifted)}    ({text('shifted_values', lang)})")
    lines.append(f"  exp((z − m)/T) = {bracketed(shifted.exponentials)}"
                 f"    ({text('shifted_exps', lang)})")
    lines.append(f"  Σ = {significant(shifted.total)}    ({text('shifted_sum', lang)})")
    lines.append(f"  p = exp((z − m)/T) / Σ = {bracketed(shifted.probabilities)}")
    lines.append(f"  log p = (z − m)/T − log Σ = {bracketed(shifted.log_probabilities)}")
    return lines


def _classes(indices: Sequence[int]) -> str:
    return ", ".join(class_name(i) for i in indices)


def softmax_document(report: SoftmaxReport, fmt: str, lang: str = "en",
                     precision: int = DEFAULT_PRECISION) -> str:
    """The document of ``actviz softmax --format fmt`` (csv, markdown or json); Markdown ends
    with the explanation when it was asked for (CSV has no place for it)."""
    if fmt == "json":
        return json_text(report.to_json())
    text = sheets_text([softmax_sheet(report, lang)], fmt, precision)
    if fmt == "markdown":
        text += explanation_markdown(report, lang)
    return text


def explanation_markdown(report: SoftmaxReport, lang: str = "en") -> str:
    """The explanation as Markdown code blocks to follow the table; empty when not asked for."""
    explained = [c.explanation for c in report.columns if c.explanation is not None]
    if not explained:
        return ""
    lines: list[str] = []
    for explanation in explained:
        lines += ["", "```text", *explanation_lines(explanation, lang), "```"]
    lines += ["", f"**{text('why_shift_title', lang)}**", "", "```text", text("why_shift", lang),
              "```"]
    return "\n".join(lines) + "\n"
