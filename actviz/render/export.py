"""Tables as text: CSV and JSON for scripts, Markdown for notes, LaTeX (booktabs) for handouts.

- CSV: every float at full float64 precision (``repr``), fractions as fractions, infinities as
  ``inf``; headers are machine keys (``sigmoid f'(x)``, ``saturated_fraction``).
- Markdown and LaTeX: P significant digits (scientific where needed), fractions as
  percentages, grouped headers; LaTeX needs ``\\usepackage{booktabs}``.
- JSON: plain dicts for :func:`actviz.cli.echo_json`, floats at full precision, and
  ``"inf"``/``"-inf"``/``"nan"`` for the values JSON cannot hold (see
  :mod:`actviz.render.numbers`).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Sequence

from actviz.analysis.saturation import SaturationReport, Saturation
from actviz.analysis.tables import ValueTable
from actviz.jsonable import json_number, json_numbers
from actviz.render.intervals import interval_notation
from actviz.render.numbers import latex, latex_math, machine, shortest, significant
from actviz.render.sheets import (
    EXACT,
    FRACTION,
    INTERVALS,
    MACHINES,
    NUMBER,
    PEOPLE,
    Column,
    Sheet,
    saturation_sheets,
    value_sheet,
)

# --------------------------------------------------------------------------------------------
# Cells as text
# --------------------------------------------------------------------------------------------


def machine_cell(column: Column, value: Any) -> str:
    """A cell for CSV: floats at full precision, intervals with ``inf``, empty for ``None``."""
    if value is None:
        return ""
    if column.kind in (NUMBER, EXACT, FRACTION):
        return machine(value)
    if column.kind == INTERVALS:
        return interval_notation(value, machine, infinity="inf", empty="none")
    return str(value)


def human_cell(column: Column, value: Any, precision: int, union: str = " ∪ ") -> str:
    """A cell for people: P significant digits, percentages, typed x exactly as given."""
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


def to_csv(*sheets: Sheet) -> str:
    """CSV of each sheet; several sheets are separated by one empty line."""
    parts = []
    for sheet in sheets:
        columns = sheet.for_audience(MACHINES)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.key for c in columns])
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
    """The rows of ``sheet`` as dicts keyed by the machine headers (CSV's), values unrounded."""
    columns = sheet.for_audience(MACHINES)
    return [dict(zip((c.key for c in columns), row)) for row in _rows(columns)]


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
# --------------------------------------------------------------------------------------------


def value_table_json(table: ValueTable) -> dict[str, Any]:
    """``{"x": [...], "activations": [{"name", "params", "f", "df"}]}``; ``df`` is null when
    the derivative was left out; ``"dtype"`` names the format of ``table --dtype``."""
    return {
        "x": json_numbers(table.x),
        "activations": [
            {
                "name": column.name,
                "params": dict(column.params),
                "f": json_numbers(column.f),
                "df": None if column.df is None else json_numbers(column.df),
            }
            for column in table.columns
        ],
        # only with --dtype, so the JSON without it keeps its shape
        **({} if table.dtype is None else {"dtype": table.dtype}),
    }


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


def table_text(table: ValueTable, fmt: str, precision: int = 6) -> str:
    """The document of ``actviz table --format fmt`` (csv, markdown, latex or json)."""
    if fmt == "json":
        return json_text(value_table_json(table))
    return sheets_text([value_sheet(table)], fmt, precision)


def saturation_text(report: SaturationReport, fmt: str, precision: int = 4) -> str:
    """The document of ``actviz saturation --format fmt`` (csv, markdown, latex or json)."""
    if fmt == "json":
        return json_text(saturation_json(report))
    return sheets_text(saturation_sheets(report, fmt, precision), fmt, precision)
