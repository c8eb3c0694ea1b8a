"""``actviz softmax`` as text: rich tables, bars and the explanation; the exported documents.

CSV and Markdown are :func:`actviz.render.sheets.softmax_sheet` written by
:mod:`actviz.render.export`, as every table is (:func:`softmax_document`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from actviz.analysis.softmax import (
    EXP_OVERFLOW,
    EXP_UNDERFLOW,
    Explanation,
    SoftmaxColumn,
    SoftmaxReport,
)
from actviz.render.labels import text
from actviz.render.numbers import DEFAULT_PRECISION, significant

if TYPE_CHECKING:
    from rich.console import RenderableType

BAR_WIDTH = 40
_EIGHTHS = " ▏▎▍▌▋▊▉█"
# Terminal colours per temperature, in the order the figure's viridis runs (cold to hot).
BAR_STYLES = ("blue", "cyan", "green", "yellow", "magenta", "red")


def numbers(values: Sequence[float]) -> str:
    return "[" + ", ".join(significant(v) for v in values) + "]"


def class_name(index: int) -> str:
    return f"z{index + 1}"


def temperature_text(column: SoftmaxColumn) -> str:
    return significant(column.temperature)


# --------------------------------------------------------------------------------------------
# rich
# --------------------------------------------------------------------------------------------


def softmax_tables(report: SoftmaxReport, lang: str = "en",
                   precision: int = DEFAULT_PRECISION) -> "RenderableType":
    """What ``actviz softmax`` prints: the table, the Jacobians and the explanation if asked."""
    from rich.console import Group

    return Group(softmax_table(report, lang, precision), *jacobian_tables(report, lang, precision),
                 *explanation_panels(report, lang))


def softmax_table(report: SoftmaxReport, lang: str = "en",
                  precision: int = DEFAULT_PRECISION) -> "RenderableType":
    """One column per temperature; per class a row of p and, dimmed below it, a row of log p."""
    from rich.table import Table
    from rich.text import Text

    def number(value: float) -> str:
        return significant(value, precision)

    table = Table(title=Text(text("softmax_table", lang)), header_style="bold", show_edge=False)
    table.add_column("", style="bold cyan", no_wrap=True)
    table.add_column("z", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for k, column in enumerate(report.columns):
        cells = [number(v) for v in (*column.probabilities, *column.log_probabilities)]
        table.add_column(f"T = {temperature_text(column)}", justify="right", no_wrap=True,
                         min_width=max(len(c) for c in cells))
    n = report.logits.size
    for i, logit in enumerate(report.logits):
        table.add_row(class_name(i), number(logit), "p",
                      *(number(c.probabilities[i]) for c in report.columns))
        table.add_row("", "", "log p", *(number(c.log_probabilities[i]) for c in report.columns),
                      style="dim", end_section=i < n - 1)
    return table


def jacobian_tables(report: SoftmaxReport, lang: str = "en",
                    precision: int = DEFAULT_PRECISION) -> list["RenderableType"]:
    """diag(p) − ppᵀ as a matrix per temperature (rows i = p_i, columns j = z_j)."""
    from rich.table import Table
    from rich.text import Text

    tables = []
    for column in report.columns:
        if column.jacobian is None:
            continue
        table = Table(title=Text(text("jacobian_title", lang, value=temperature_text(column))),
                      caption=Text(text("jacobian_caption", lang)), header_style="bold")
        table.add_column("∂p_i/∂u_j", style="bold cyan", no_wrap=True)
        for j in range(report.logits.size):
            table.add_column(class_name(j), justify="right")
        for i, row in enumerate(column.jacobian):
            table.add_row(f"p{i + 1}", *(significant(v, precision) for v in row))
        tables.append(table)
    return tables


def probability_bars(report: SoftmaxReport, lang: str = "en") -> "RenderableType":
    """Horizontal grouped bars: for each class, one bar per temperature, full width = p of 1."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(text("softmax_bars", lang)), box=None, show_header=False,
                  pad_edge=False)
    table.add_column(no_wrap=True, style="bold cyan")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, min_width=BAR_WIDTH)
    table.add_column(no_wrap=True, justify="right")
    for i, logit in enumerate(report.logits):
        for k, column in enumerate(report.columns):
            style = BAR_STYLES[k % len(BAR_STYLES)] if len(report.columns) > 1 else "cyan"
            name = f"{class_name(i)} = {significant(logit)}" if k == 0 else ""
            table.add_row(name, f"T={temperature_text(column)}",
                          Text(bar(column.probabilities[i]), style=style),
                          significant(column.probabilities[i], 4))
    return table


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A bar of ``fraction`` × ``width`` cells, drawn to an eighth of a cell."""
    eighths = int(round(max(0.0, min(1.0, float(fraction))) * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def explanation_panels(report: SoftmaxReport, lang: str = "en") -> list["RenderableType"]:
    """For each temperature: the naive formula's result, then the shifted steps; then why."""
    from rich.panel import Panel
    from rich.text import Text

    panels = [
        Panel(Text("\n".join(explanation_lines(c.explanation, lang))), expand=False)
        for c in report.columns
        if c.explanation is not None
    ]
    if panels:
        panels.append(Panel(Text(text("why_shift", lang)),
                            title=Text(text("why_shift_title", lang)), expand=False))
    return panels


def explanation_lines(explanation: Explanation, lang: str = "en") -> list[str]:
    """The explanation at one temperature as plain lines (shared by rich and Markdown)."""
    naive, shifted = explanation.naive, explanation.shifted
    t = significant(naive.temperature)
    lines = [text("naive_title", lang, t=t)]
    lines.append(f"  exp(z/T) = {numbers(naive.exponentials)}")
    if naive.overflowed:
        lines.append("  " + text("naive_overflow", lang, limit=f"{EXP_OVERFLOW:.2f}",
                                 items=_classes(naive.overflowed)))
    if naive.underflowed:
        lines.append("  " + text("naive_underflow", lang, limit=f"{EXP_UNDERFLOW:.2f}",
                                 items=_classes(naive.underflowed)))
    lines.append(f"  Σ = {significant(naive.total)}    p = {numbers(naive.probabilities)}")
    lines.append("  " + (text("naive_failed", lang) if naive.failed
                         else text("naive_works", lang, limit=f"{EXP_OVERFLOW:.2f}")))
    lines.append("")
    lines.append(text("shifted_title", lang, m=significant(shifted.maximum)))
    lines.append(f"  (z − m)/T = {numbers(shifted.shifted)}    ({text('shifted_values', lang)})")
    lines.append(f"  exp((z − m)/T) = {numbers(shifted.exponentials)}"
                 f"    ({text('shifted_exps', lang)})")
    lines.append(f"  Σ = {significant(shifted.total)}    ({text('shifted_sum', lang)})")
    lines.append(f"  p = exp((z − m)/T) / Σ = {numbers(shifted.probabilities)}")
    lines.append(f"  log p = (z − m)/T − log Σ = {numbers(shifted.log_probabilities)}")
    return lines


def _classes(indices: Sequence[int]) -> str:
    return ", ".join(class_name(i) for i in indices)


def softmax_document(report: SoftmaxReport, fmt: str, lang: str = "en",
                     precision: int = DEFAULT_PRECISION) -> str:
    """The document of ``actviz softmax --format fmt`` (csv, markdown or json); Markdown ends
    with the explanation when it was asked for (CSV has no place for it)."""
    from actviz.render.export import json_text, sheets_text  # not needed by the rich output
    from actviz.render.sheets import softmax_sheet

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
