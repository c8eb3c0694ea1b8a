"""The rich table behind ``actviz compare``: one column per activation, side by side."""

from __future__ import annotations

from typing import Sequence

from rich.table import Table

from actviz.analysis.compare import Comparison
from actviz.render.intervals import interval_notation
from actviz.render.numbers import significant
from actviz.render.peak_text import peak_words


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


# (row heading, how to show one activation's value)
_ROWS = (
    ("range", lambda c: interval_notation([c.range])),
    ("f(0)", lambda c: significant(c.value_at_zero)),
    ("f′(0)", lambda c: significant(c.slope_at_zero)),
    ("max |f′|", lambda c: peak_words(c.peak)),
    ("zero-centred", lambda c: _yes_no(c.zero_centred)),
    ("monotonic", lambda c: _yes_no(c.monotonic)),
    ("saturating", lambda c: c.saturating),
)


def comparison_table(comparisons: Sequence[Comparison]) -> Table:
    """Rows: range, f(0), f'(0), max |f'| and where, zero-centred, monotonic, saturating."""
    table = Table(title="Comparison", header_style="bold", title_justify="left")
    table.add_column("", style="bold", no_wrap=True)
    for comparison in comparisons:
        table.add_column(comparison.label)
    for heading, show in _ROWS:
        table.add_row(heading, *(show(c) for c in comparisons))
    return table
