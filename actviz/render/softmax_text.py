"""``actviz softmax`` as text: rich tables, bars and the explanation; CSV and Markdown exports."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Sequence

from actviz.analysis.softmax import (
    EXP_OVERFLOW,
    EXP_UNDERFLOW,
    Explanation,
    SoftmaxColumn,
    SoftmaxReport,
)
from actviz.render.labels import text

if TYPE_CHECKING:
    from rich.console import RenderableType

BAR_WIDTH = 40
_EIGHTHS = " ▏▎▍▌▋▊▉█"
# Terminal colours per temperature, in the order the figure's viridis runs (cold to hot).
BAR_STYLES = ("blue", "cyan", "green", "yellow", "magenta", "red")


def number(value: float) -> str:
    """Six significant digits: enough to read, short enough for a column."""
    return f"{value:.6g}"


def numbers(values: Sequence[float]) -> str:
    return "[" + ", ".join(number(v) for v in values) + "]"


def class_name(index: int) -> str:
    return f"z{index + 1}"


def _t(column: SoftmaxColumn) -> str:
    return f"{column.temperature:g}"


# --------------------------------------------------------------------------------------------
# rich
# --------------------------------------------------------------------------------------------


def softmax_table(report: SoftmaxReport, lang: str = "en") -> "RenderableType":
    """One column per temperature; per class a row of p and, dimmed below it, a row of log p."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(text("softmax_table", lang)), header_style="bold", show_edge=False)
    table.add_column("", style="bold cyan", no_wrap=True)
    table.add_column("z", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for k, column in enumerate(report.columns):
        cells = [number(v) for v in (*column.probabilities, *column.log_probabilities)]
        table.add_column(f"T = {_t(column)}", justify="right", no_wrap=True,
                         min_width=max(len(c) for c in cells))
    n = report.logits.size
    for i, logit in enumerate(report.logits):
        table.add_row(class_name(i), number(logit), "p",
                      *(number(c.probabilities[i]) for c in report.columns))
        table.add_row("", "", "log p", *(number(c.log_probabilities[i]) for c in report.columns),
                      style="dim", end_section=i < n - 1)
    return table


def jacobian_tables(report: SoftmaxReport, lang: str = "en") -> list["RenderableType"]:
    """diag(p) − ppᵀ as a matrix per temperature (rows i = p_i, columns j = z_j)."""
    from rich.table import Table
    from rich.text import Text

    tables = []
    for column in report.columns:
        if column.jacobian is None:
            continue
        table = Table(title=Text(text("jacobian_title", lang, value=_t(column))),
                      caption=Text(text("jacobian_caption", lang)), header_style="bold")
        table.add_column("∂p_i/∂u_j", style="bold cyan", no_wrap=True)
        for j in range(report.logits.size):
            table.add_column(class_name(j), justify="right")
        for i, row in enumerate(column.jacobian):
            table.add_row(f"p{i + 1}", *(number(v) for v in row))
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
            name = f"{class_name(i)} = {number(logit)}" if k == 0 else ""
            table.add_row(name, f"T={_t(column)}", Text(bar(column.probabilities[i]), style=style),
                          f"{column.probabilities[i]:.4g}")
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
    t = f"{naive.temperature:g}"
    lines = [text("naive_title", lang, t=t)]
    lines.append(f"  exp(z/T) = {numbers(naive.exponentials)}")
    if naive.overflowed:
        lines.append("  " + text("naive_overflow", lang, limit=f"{EXP_OVERFLOW:.2f}",
                                 items=_classes(naive.overflowed)))
    if naive.underflowed:
        lines.append("  " + text("naive_underflow", lang, limit=f"{EXP_UNDERFLOW:.2f}",
                                 items=_classes(naive.underflowed)))
    lines.append(f"  Σ = {number(naive.total)}    p = {numbers(naive.probabilities)}")
    lines.append("  " + (text("naive_failed", lang) if naive.failed
                         else text("naive_works", lang, limit=f"{EXP_OVERFLOW:.2f}")))
    lines.append("")
    lines.append(text("shifted_title", lang, m=number(shifted.maximum)))
    lines.append(f"  (z − m)/T = {numbers(shifted.shifted)}    ({text('shifted_values', lang)})")
    lines.append(f"  exp((z − m)/T) = {numbers(shifted.exponentials)}"
                 f"    ({text('shifted_exps', lang)})")
    lines.append(f"  Σ = {number(shifted.total)}    ({text('shifted_sum', lang)})")
    lines.append(f"  p = exp((z − m)/T) / Σ = {numbers(shifted.probabilities)}")
    lines.append(f"  log p = (z − m)/T − log Σ = {numbers(shifted.log_probabilities)}")
    return lines


def _classes(indices: Sequence[int]) -> str:
    return ", ".join(class_name(i) for i in indices)


# --------------------------------------------------------------------------------------------
# CSV and Markdown
# --------------------------------------------------------------------------------------------


def _header(report: SoftmaxReport) -> list[str]:
    header = ["class", "logit"]
    for column in report.columns:
        header += [f"p(T={_t(column)})", f"log_p(T={_t(column)})"]
        if column.jacobian is not None:
            header += [f"J_{class_name(j)}(T={_t(column)})" for j in range(report.logits.size)]
    return header


def _rows(report: SoftmaxReport, fmt) -> list[list[str]]:
    rows = []
    for i, logit in enumerate(report.logits):
        row = [class_name(i), fmt(logit)]
        for column in report.columns:
            row += [fmt(column.probabilities[i]), fmt(column.log_probabilities[i])]
            if column.jacobian is not None:
                row += [fmt(v) for v in column.jacobian[i]]
        rows.append(row)
    return rows


def softmax_csv(report: SoftmaxReport) -> str:
    """One row per class: p and log p per temperature, then the Jacobian row J[i, :] if asked.

    Numbers are written with full float64 precision (``repr``), so they read back exactly.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_header(report))
    writer.writerows(_rows(report, lambda v: repr(float(v))))
    return buffer.getvalue()


def softmax_markdown(report: SoftmaxReport, lang: str = "en") -> str:
    """The same table in Markdown (six significant digits), then the explanation if asked."""
    header = _header(report)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(report, number)]
    for column in report.columns:
        if column.explanation is not None:
            lines += ["", "```text", *explanation_lines(column.explanation, lang), "```"]
    if any(column.explanation is not None for column in report.columns):
        lines += ["", f"**{text('why_shift_title', lang)}**", "",
                  "```text", text("why_shift", lang), "```"]
    return "\n".join(lines) + "\n"

