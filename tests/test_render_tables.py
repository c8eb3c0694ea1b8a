"""Rich tables and number formats: exact text rendered into a fixed-width console."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from rich.console import Console

import actviz
from actviz.analysis.depth import DepthSettings
from actviz.analysis.saturation import saturation_report
from actviz.analysis.tables import value_table
from actviz.render.export import shown_layers, value_sheet
from actviz.render.tables import DepthTables, SheetTables, saturation_tables, scale_style
from actviz.render.words import latex, machine, shortest, significant


def render(renderable, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    # rich pads centred titles with spaces; they carry no information
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())


@pytest.mark.parametrize(
    ("value", "precision", "text"),
    [
        (4.248354255291589e-18, 6, "4.24835e-18"),
        (0.25, 6, "0.25"),
        (1.0, 6, "1"),
        (-0.0, 6, "0"),
        (1 / 3, 3, "0.333"),
        (1234567.0, 6, "1.23457e6"),
        (123456.0, 6, "123456"),
        (2.45765e-05, 6, "2.45765e-5"),
        (math.inf, 6, "inf"),
        (-math.inf, 6, "-inf"),
        (math.nan, 6, "nan"),
    ],
)
def test_significant_digits_never_hide_small_values(value, precision, text):
    assert significant(value, precision) == text


def test_exact_machine_and_latex_forms():
    assert [shortest(v) for v in (-40.0, 0.1, 1e-5, 0.30000000000000004, 1e22)] == [
        "-40", "0.1", "1e-5", "0.30000000000000004", "1e22"
    ]
    for value in (4.248354255291589e-18, 0.1, -2.5e300, 1 / 3):
        assert float(machine(value)) == value
    assert machine(math.inf) == "inf"
    assert latex("-4.25e-18") == r"$-4.25 \times 10^{-18}$"
    assert latex("1e6") == "$10^{6}$" and latex("-1e-5") == "$-10^{-5}$"
    assert latex("0.5") == "$0.5$" and latex("-inf") == r"$-\infty$"


def small_table():
    return value_table([actviz.get("sigmoid"), actviz.get("relu")], np.array([-40.0, 0.0, 2.5]))


def test_value_table_text_groups_columns_per_activation():
    assert render(SheetTables([value_sheet(small_table())]), 60) == "\n".join([
        "                 f(x) and f′(x)",
        "┏━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┓",
        "┃     ┃         Sigmoid          ┃    ReLU     ┃",
        "┃   x ┃        f(x)        f′(x) ┃ f(x)  f′(x) ┃",
        "┡━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━┩",
        "│ -40 │ 4.24835e-18  4.24835e-18 │    0      0 │",
        "│   0 │         0.5         0.25 │    0      0 │",
        "│ 2.5 │    0.924142    0.0701037 │  2.5      1 │",
        "└─────┴──────────────────────────┴─────────────┘",
    ])


def test_narrow_console_splits_between_groups_and_repeats_x():
    text = render(SheetTables([value_sheet(small_table())]), 40)
    assert text.count("┏") == 2 and text.count("f(x) and f′(x)") == 1
    first, second = text.split("\n\n")
    assert "Sigmoid" in first and "ReLU" not in first
    assert "ReLU" in second and "│ 2.5 │  2.5      1 │" in second
    assert all(len(line) <= 40 for line in text.splitlines())


def test_precision_changes_digits():
    text = render(SheetTables([value_sheet(small_table())], precision=3), 60)
    assert "4.25e-18" in text and "0.924" in text and "0.0701" in text


@pytest.fixture(scope="module")
def report():
    return saturation_report(
        [actviz.get(n) for n in ("sigmoid", "tanh", "relu")],
        depth=DepthSettings(layers=30, width=32),
    )


def test_saturation_table_fits_80_columns_and_splits_in_two(report):
    text = render(saturation_tables(report, precision=4), 80)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "on the x axis" in text and "for x ~ N(0, 1²)" in text
    assert "│ sigmoid    │     0.25  0      [-4.585, 4.585]  both   │" in text
    assert "│ relu       │        1  x > 0  (0, ∞)           left   │" in text
    assert "│ relu       │        50%   50%        0.5 │" in text
    wide = render(saturation_tables(report, precision=4), 140)
    assert "on the x axis" in wide.splitlines()[2] and "for x ~ N(0, 1²)" in wide.splitlines()[2]


@pytest.mark.parametrize("width", [50, 60, 80, 120, 200])
def test_depth_table_shows_as_many_evenly_spaced_layers_as_fit(report, width):
    tables = DepthTables(report.depth, 6)
    layers = [c.header for c in tables.sheets_for(width)[0].columns if c.group == "layer"]
    assert layers[0] == "1" and layers[-1] == "30" and 2 <= len(layers) <= 12
    text = render(tables, width)
    assert all(len(line) <= width for line in text.splitlines())
    if len(layers) < 12:  # one more layer would not have fitted
        from actviz.render.export import depth_sheets
        from actviz.render.tables import _table_width, _units

        wider = depth_sheets(report.depth, shown_layers(30, len(layers) + 1))[0]
        assert _table_width(_units(wider, tables.precision)) > width
    assert "Dead units per layer" in text  # relu loses units in 30 layers


def test_shown_layers_are_evenly_spaced():
    assert shown_layers(5) == [1, 2, 3, 4, 5]
    assert shown_layers(30, 4) == [1, 11, 20, 30]
    layers = shown_layers(1000)
    gaps = np.diff(layers)
    assert len(layers) == 12 and layers[0] == 1 and layers[-1] == 1000
    assert gaps.max() - gaps.min() <= 1


def test_colour_scales():
    assert [scale_style("bad_fraction", v) for v in (0.0, 0.05, 0.3829, 0.5, 1.0)] == [
        "green", "green", "yellow", "red", "red"  # relu's dead half is red
    ]
    assert [scale_style("slope", v) for v in (1.0, 0.6057, 0.25, 1 / 6, 0.0)] == [
        "green", "yellow", "red", "red", "red"  # sigmoid's 1/4 ceiling is red
    ]
    assert [scale_style("gradient", v) for v in (1.0, 2.8, 0.0102, 3e-15, 0.0, 723.0, 1e12)] == [
        "green", "green", "yellow", "red", "red", "yellow", "magenta"
    ]
    assert scale_style("", 0.5) == "" and scale_style("slope", math.nan) == ""


def test_colours_survive_a_16_colour_terminal():
    from rich.text import Text

    console = Console(file=io.StringIO(), color_system="standard", force_terminal=True)
    console.print(Text("50%", style=scale_style("bad_fraction", 0.3)))
    assert console.file.getvalue().startswith("\x1b[33m")  # yellow, not downgraded to red
