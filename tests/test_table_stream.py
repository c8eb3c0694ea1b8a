"""`table`'s CSV streamed: the same text as the whole-table path, in memory flat in the rows."""

from __future__ import annotations

import io
import tracemalloc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import actviz
from actviz.analysis.dtypes import lookup_dtype
from actviz.analysis import tables
from actviz.analysis.tables import value_table, value_table_blocks
from actviz.render import export
from actviz.render.export import float_csv_lines, to_csv, value_csv_chunks, value_sheet
from actviz.render.words import machine

HARD_VALUES = [5e-324, -5e-324, 2.2250738585072014e-308, 1e-310, 1e300, -1e300, -0.0, 0.0,
               float("inf"), float("-inf"), float("nan"), 0.1, 1 / 3, 1e16, 1e-5, 1e22,
               123456789012345680.0, 1.7976931348623157e308, 0.5, -2.0]


def machine_lines(*columns) -> str:
    """The lines today's per-value formatting writes."""
    return "".join(",".join(machine(v) for v in row) + "\n" for row in zip(*columns))


def test_block_formatting_is_the_per_value_formatting_on_hard_values():
    values = np.array(HARD_VALUES)
    assert float_csv_lines([values, values[::-1]]) == machine_lines(values, values[::-1])
    assert float_csv_lines([values[:0]]) == ""


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=50))
def test_block_formatting_is_the_per_value_formatting_on_any_floats(values):
    assert float_csv_lines([np.array(values)]) == machine_lines(values)


def old_csv(names, x, **how) -> str:
    """The whole-table path the stream replaces."""
    return to_csv(value_sheet(value_table(actviz.select(names), np.asarray(x, float), **how)))


@pytest.mark.parametrize(("names", "how"), [
    (["sigmoid", "tanh", "relu"], {}),
    (["elu:alpha=0.5", "gelu"], {"derivative": False}),
    (["softplus"], {"dtype": lookup_dtype("bfloat16")}),
])
def test_streamed_blocks_give_the_whole_table_text(names, how, monkeypatch):
    x = np.concatenate([HARD_VALUES, np.linspace(-40, 40, 23)])
    monkeypatch.setattr(export, "CSV_BLOCK_ROWS", 4)  # several lines blocks per table block
    blocks = value_table_blocks(actviz.select(names), x, rows=9, **how)
    chunks = list(value_csv_chunks(blocks))
    assert len(chunks) > 5
    assert "".join(chunks) == old_csv(names, x, **how)


def test_an_empty_table_is_its_header():
    chunks = value_csv_chunks(value_table_blocks(actviz.select(["relu"]), np.array([])))
    assert "".join(chunks) == "x,relu f(x),relu f'(x)\n"


def test_to_csv_and_write_csv_are_the_old_text_before_and_after_the_table_is_built():
    result = actviz.table(["sigmoid", "selu"], at="-inf,-1e300,-0.0,0.1,5e-324,20,inf")
    file = io.StringIO()
    result.write_csv(file)
    expected = old_csv(["sigmoid", "selu"], result.x)
    assert file.getvalue() == result.to_csv() == expected
    assert result.columns[0].f.shape == (7,)  # the table is now built; its rows are written
    assert result.to_csv() == expected


def test_cli_csv_streams_the_text_of_to_csv_across_blocks(invoke):
    options = {"xmin": -5, "xmax": 5, "points": 70_001}  # more than one block of rows
    stdout = invoke("table", "tanh", "--format", "csv",
                    *(f"--{k}={v}" for k, v in options.items())).stdout
    assert stdout == actviz.table("tanh", **options).to_csv()
    assert stdout.count("\n") == 70_002


def test_the_rows_are_written_in_memory_far_below_their_text(tmp_path, monkeypatch):
    # Smaller blocks than the defaults (2^16 and 2^14 rows: a peak near 6 MiB for any number
    # of rows, 10^6 or 10^7, see benchmarks/table_stream.py) keep this test fast: tracemalloc
    # slows every allocation, and 10^6 rows take 20 s under it.
    monkeypatch.setattr(tables, "TABLE_BLOCK_ROWS", 1 << 12)
    monkeypatch.setattr(export, "CSV_BLOCK_ROWS", 1 << 10)
    result = actviz.table("sigmoid", xmin=-10, xmax=10, points=10**5)
    path = tmp_path / "table.csv"
    tracemalloc.start()
    try:
        with open(path, "w", encoding="utf-8", newline="") as file:
            result.write_csv(file)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    size = path.stat().st_size  # the old path held this text whole (one byte a character)
    assert size > 5 * 2**20
    assert peak < 1.5 * 2**20 < size / 3
