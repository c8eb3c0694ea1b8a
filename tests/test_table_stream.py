"""`table`'s CSV and JSON streamed: the same text as the whole-table path, in memory flat in
the rows."""

from __future__ import annotations

import io
import json
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
from actviz.jsonable import json_numbers
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


# --------------------------------------------------------------------------------------------
# JSON, streamed column by column
# --------------------------------------------------------------------------------------------

def old_json(names, x, ascii_only=False, **how) -> str:
    """The whole-table JSON the stream replaces: ``json.dumps`` of the table's dict."""
    table = value_table(actviz.select(names), np.asarray(x, float), **how)
    return export.json_text(export.value_table_json(table), ascii_only)


@pytest.mark.parametrize("indent", [2, 6])
def test_a_json_list_in_blocks_is_json_dumps_of_it_on_hard_values(indent):
    values = np.array(HARD_VALUES)
    blocks = [values[:3], values[3:3], values[3:11], values[11:]]  # an empty block too
    expected = json.dumps({"v": json_numbers(values)}, indent=2).split(": ", 1)[1][:-2]
    expected = expected.replace("\n", "\n" + " " * (indent - 2))  # as if nested deeper
    assert "".join(export.json_list_chunks(blocks, indent)) == expected
    assert "".join(export.json_list_chunks([values[:0]], indent)) == "[]"
    assert "".join(export.json_list_chunks([], indent)) == "[]"


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=50))
def test_a_json_list_in_blocks_is_json_dumps_of_it_on_any_floats(values):
    expected = json.dumps({"v": json_numbers(values)}, indent=2).split(": ", 1)[1][:-2]
    blocks = [np.array(values[:7]), np.array(values[7:])]
    assert "".join(export.json_list_chunks(blocks, 2)) == expected


@pytest.mark.parametrize(("names", "how"), [
    (["sigmoid", "selu"], {}),
    (["elu:alpha=0.5", "gelu"], {"derivative": False}),
    (["softplus", "mish"], {"second_derivative": True}),
    (["softplus"], {"dtype": "bfloat16"}),
])
@pytest.mark.parametrize("ascii_only", [False, True])
def test_streamed_json_is_the_whole_table_json(names, how, ascii_only, monkeypatch):
    monkeypatch.setattr(tables, "TABLE_BLOCK_ROWS", 4)  # several blocks per list
    at = "-inf,-1e300,-0.0,0.1,5e-324,20,inf,-40,-3,-1,1,3,40"
    result = actviz.table(names, at=at, **how)
    chunks = list(result.json_chunks(ascii_only))
    assert len(chunks) > 10
    dtype = {"dtype": lookup_dtype(how["dtype"])} if "dtype" in how else {}
    expected = old_json(names, result.x, ascii_only, **{**how, **dtype})
    assert "".join(chunks) == result.to_json(ascii_only) == expected
    assert result.columns[0].f.shape == (13,)  # the table is now built; its columns are written
    assert result.to_json(ascii_only) == expected


def test_json_escapes_names_and_parameters_as_json_dumps_does(monkeypatch):
    monkeypatch.setattr(tables, "TABLE_BLOCK_ROWS", 2)
    result = actviz.table(["elu:alpha=0.5", "leaky_relu"], at="-1,0,1")
    data = json.loads(result.to_json())
    assert data == json.loads(old_json(["elu:alpha=0.5", "leaky_relu"], [-1, 0, 1]))
    assert data["activations"][0]["params"] == {"alpha": 0.5}


def peak_of(write) -> int:
    """The peak bytes Python allocated while ``write()`` ran (tracemalloc)."""
    tracemalloc.start()
    try:
        write()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_memory_of_a_streamed_table_and_its_warnings_is_flat_in_the_rows(fmt, tmp_path,
                                                                             monkeypatch):
    # Small blocks (not the 2^16 rows of the default: a peak near 6 MiB for any number of
    # rows, see benchmarks/table_stream.py) keep it fast: tracemalloc slows every allocation.
    monkeypatch.setattr(tables, "TABLE_BLOCK_ROWS", 1 << 12)
    monkeypatch.setattr(export, "CSV_BLOCK_ROWS", 1 << 10)

    def peak(points: int) -> int:
        result = actviz.table("sigmoid", xmin=-10, xmax=10, points=points)

        def write() -> None:  # what `actviz table` does: the warnings, then the rows
            assert result.warnings == []
            result.save_text(tmp_path / f"table.{fmt}", fmt)
        return peak_of(write)

    peak(100)  # the first run imports and caches what every run uses
    small, large = peak(10**4), peak(10**5)
    assert (tmp_path / f"table.{fmt}").stat().st_size > 4 * 2**20  # 10^5 rows, held whole: 4+ MiB
    assert large < 1.3 * small + 2**16


def test_save_text_leaves_no_file_when_the_rows_fail_midway(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "TABLE_BLOCK_ROWS", 4)
    result = actviz.table("sigmoid", xmin=-1, xmax=1, points=20)
    target = tmp_path / "table.json"
    target.write_text("old")
    monkeypatch.setattr(export, "json_list_chunks", _failing_after(export.json_list_chunks, 3))
    with pytest.raises(RuntimeError, match="disk gone"):
        result.save_text(target, "json")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["table.json"]


def _failing_after(chunks, count: int):
    """``chunks`` (a generator function) that raises after ``count`` pieces."""
    def failing(*args, **keywords):
        for made, piece in enumerate(chunks(*args, **keywords)):
            if made == count:
                raise RuntimeError("disk gone")
            yield piece
    return failing


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown", "latex"])
def test_save_text_writes_the_text_of_to_format(fmt, tmp_path):
    result = actviz.table(["sigmoid", "elu:alpha=0.5"], at="-1,0,0.1,inf")
    path = result.save_text(tmp_path / "sub" / f"table.{fmt}", fmt)
    assert path.read_text(encoding="utf-8") == getattr(result, f"to_{fmt}")()


def test_cli_json_streams_the_text_of_to_json_across_blocks(invoke):
    options = {"xmin": -5, "xmax": 5, "points": 70_001}  # more than one block of rows
    stdout = invoke("table", "tanh", "--format", "json",
                    *(f"--{k}={v}" for k, v in options.items())).stdout
    assert stdout == actviz.table("tanh", **options).to_json()
    assert len(json.loads(stdout)["activations"][0]["df"]) == 70_001


# --------------------------------------------------------------------------------------------
# --dtype: the format's overflows tallied a block at a time (issue 17: memory flat in --points)
# --------------------------------------------------------------------------------------------

def old_warnings(names, x, dtype, **how) -> list[str]:
    """The warnings of ``table --dtype`` as the whole table gave them: its overflows, then a
    formula's own inf or NaN at the finite x it shows."""
    from actviz.products.warnings import nonfinite_warnings

    activations = actviz.select(names)
    table = value_table(activations, np.asarray(x, float), dtype=lookup_dtype(dtype), **how)
    return [*table.overflows, *nonfinite_warnings(activations, table.x[np.isfinite(table.x)])]


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_the_memory_of_a_dtype_table_and_its_warnings_is_flat_in_the_rows(fmt, dtype, tmp_path,
                                                                          monkeypatch):
    # Before: the warnings built the whole table to find the format's overflows, so that
    # 2,000,000 rows of float16 took 240 MB against 62 MB without --dtype.
    monkeypatch.setattr(tables, "TABLE_BLOCK_ROWS", 1 << 12)
    monkeypatch.setattr(export, "CSV_BLOCK_ROWS", 1 << 10)

    def peak(points: int) -> int:
        # e^x overflows float16 beyond x = 11.09 and bfloat16 beyond 88.7: warnings to tally
        result = actviz.table("exponential", xmin=-10, xmax=100, points=points, dtype=dtype)

        def write() -> None:  # what `actviz table` does: the warnings, then the rows
            assert len(result.warnings) == 2  # f and f'
            result.save_text(tmp_path / f"table.{fmt}", fmt)
        return peak_of(write)

    peak(100)  # the first run imports and caches what every run uses
    small, large = peak(10**4), peak(10**5)
    assert (tmp_path / f"table.{fmt}").stat().st_size > 2**20  # 10^5 rows: 1+ MiB of text
    assert large < 1.3 * small + 2**16


# (activations, at, dtype, table keywords): losses in x itself, a column losing rows only in
# a late block and the next only in an early one, a formula's own inf among them
LOSSES = [
    (["sigmoid", "exponential"], "1,-3,500,2,1000,0.5,-1000,7,3,100", "float8_e4m3fn",
     {"second_derivative": True}),
    (["exponential", "selu"], "-3,65000,-0.0,1,12,0.25,20,1e6,11.2,-65000,3", "float16", {}),
    (["selu", "exponential"], "-3,65000,-0.0,1,12,0.25,20,1e6,11.2,-65000,3", "float16",
     {"derivative": False}),
    (["softplus", "gelu"], "-1e300,-1,0,1,1e300,3e38,-3.4e38,5e-324", "bfloat16", {}),
]


@pytest.mark.parametrize("names,at,dtype,how", LOSSES,
                         ids=[f"{'+'.join(n)}-{d}" for n, _, d, _ in LOSSES])
def test_dtype_warnings_tallied_in_blocks_are_the_whole_table_s(names, at, dtype, how,
                                                                monkeypatch):
    expected = old_warnings(names, [float(v) for v in at.split(",")], dtype, **how)
    assert expected  # something to tally
    monkeypatch.setattr(tables, "TABLE_BLOCK_ROWS", 3)  # each count and span over blocks
    result = actviz.table(names, at=at, dtype=dtype, **how)
    assert result.warnings == expected
    result.table  # built whole: the same lines
    assert result.warnings == expected


def test_cli_dtype_csv_and_warnings_across_blocks_are_the_whole_table_s(invoke):
    options = {"xmin": -5, "xmax": 20, "points": 70_001, "dtype": "float16"}
    result = invoke("table", "exponential", "tanh", "--format", "csv",
                    *(f"--{k}={v}" for k, v in options.items()))
    x = actviz.table("tanh", **options).x
    assert result.stdout == old_csv(["exponential", "tanh"], x, dtype=lookup_dtype("float16"))
    lines = old_warnings(["exponential", "tanh"], x, "float16")
    # the rows lost are in both blocks (2^16 rows each)
    assert len(lines) == 2 and "x from 11.0938 to 20 (24,949 of 70,001 rows)" in lines[0]
    assert result.stderr.splitlines() == [f"actviz: warning: {line}" for line in lines]
