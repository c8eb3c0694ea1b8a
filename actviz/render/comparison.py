"""The rich table behind ``actviz compare``: one column per activation, side by side."""

from __future__ import annotations

from typing import Callable, Sequence

from rich.table import Table

from actviz.analysis.compare import Comparison
from actviz.render.intervals import interval_notation
from actviz.render.labels import text, yes_no
from actviz.render.numbers import significant
from actviz.render.peak_text import peak_words
from actviz.render.sheets import TEXT, Column, Sheet

Row = tuple[str, Callable[[Comparison, str], str]]


# (label of the row heading, how to show one activation's value)
_ROWS: tuple[Row, ...] = (
    ("info_range", lambda c, lang: interval_notation([c.range])),
    ("compare_f0", lambda c, lang: significant(c.value_at_zero)),
    ("compare_df0", lambda c, lang: significant(c.slope_at_zero)),
    ("info_max_slope", lambda c, lang: peak_words(c.peak, lang)),
    ("info_zero_centred", lambda c, lang: yes_no(c.zero_centred, lang)),
    ("info_monotonic", lambda c, lang: yes_no(c.monotonic, lang)),
    ("compare_saturating", lambda c, lang: text(f"saturating_{c.saturating}", lang)),
)


def comparison_table(comparisons: Sequence[Comparison], lang: str = "en") -> Table:
    """Rows: range, f(0), f'(0), max |f'| and where, zero-centred, monotonic, saturating."""
    table = Table(title=text("compare_table", lang), header_style="bold", title_justify="left")
    table.add_column("", style="bold", no_wrap=True)
    for comparison in comparisons:
        table.add_column(comparison.label)
    for heading, show in _ROWS:
        table.add_row(text(heading, lang), *(show(c, lang) for c in comparisons))
    return table


def comparison_sheet(comparisons: Sequence[Comparison], lang: str = "en") -> Sheet:
    """The same rows as a sheet (Markdown, LaTeX, HTML, CSV): a column per activation."""
    columns = [Column("property", "", [text(heading, lang) for heading, _ in _ROWS], TEXT)]
    columns += [Column(c.label, c.label, [show(c, lang) for _, show in _ROWS], TEXT)
                for c in comparisons]
    return Sheet(text("compare_table", lang), tuple(columns))
