"""``actviz list`` at 60, 80 and 120 columns: words fold onto the next line, never cut."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from actviz.products.listing import catalog


def render(renderable, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())


@pytest.fixture(scope="module")
def listing():
    return catalog().rich()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_no_word_is_cut(listing, width):
    text = render(listing, width)
    assert "…" not in text
    assert all(len(line) <= width for line in text.splitlines())
    for word in ("non-monotonic", "zero-centred", "saturates"):
        assert word in text


def test_narrow_terminals_get_the_name_and_the_rest_below_it(listing):
    rows = render(listing, 60).splitlines()
    start = next(i for i, line in enumerate(rows) if line.startswith("│ celu "))
    assert rows[start:start + 5] == [
        "│ celu             │ f(x) = x (x > 0), α(e^(x/α) - 1) (x ≤ │",
        "│                  │ 0)                                    │",
        "│                  │ range (-1, ∞); parameters alpha=1     │",
        "│                  │ C1, monotonic, saturates left, ≈ x    │",
        "│                  │ near 0                                │",
    ]


def test_wide_terminals_keep_five_columns(listing):
    header = render(listing, 120).splitlines()[2]
    assert header.split("┃")[1:-1] == [
        f" {name} ".ljust(len(cell)) for name, cell in zip(
            ("name", "formula", "range", "parameters", "properties"), header.split("┃")[1:-1])]
    assert len(render(listing, 120).splitlines()[2].split("┃")) == 7



def test_five_columns_only_where_no_name_range_or_word_is_cut(listing):
    for width in range(90, 121, 3):
        lines = render(listing, width).splitlines()
        assert "…" not in "\n".join(lines)
        assert all(len(line) <= width for line in lines)
        if len(lines[2].split("┃")) == 7:  # five columns: each closed by its border
            assert lines[2].endswith("┃")
