"""Atomic writes: a failure leaves nothing behind and keeps the previous file."""

from __future__ import annotations

import pytest

from actviz.errors import OptionError, OutputError
from actviz.output import atomic_output, check_suffix, write_text_atomic


def test_atomic_write_creates_parents_and_replaces(tmp_path):
    target = tmp_path / "a" / "b" / "out.txt"
    write_text_atomic(target, "one")
    write_text_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_failure_keeps_previous_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("good")
    with pytest.raises(RuntimeError):
        with atomic_output(target, "w") as handle:
            handle.write("half")
            raise RuntimeError("boom")
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_unknown_suffix_and_folder_target_are_refused(tmp_path):
    with pytest.raises(OptionError, match="unknown file type '.gif'"):
        check_suffix(tmp_path / "f.gif", (".png", ".svg", ".pdf"))
    assert check_suffix(tmp_path / "F.PNG", (".png",)) == ".png"
    with pytest.raises(OutputError, match="is a folder"):
        write_text_atomic(tmp_path, "x")


def test_a_full_disk_is_one_output_error_and_leaves_nothing(tmp_path):
    import errno

    target = tmp_path / "out.txt"
    target.write_text("good")
    with pytest.raises(OutputError, match="cannot write .*No space left on device"):
        with atomic_output(target, "w"):
            raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_svg_figures_are_byte_for_byte_reproducible(tmp_path):
    from matplotlib.figure import Figure

    from actviz.render.canvas import save_figure

    def draw(path):
        figure = Figure()
        figure.add_subplot().plot([0, 1], [1, 0])
        save_figure(figure, path)
        return path.read_bytes()

    assert draw(tmp_path / "a.svg") == draw(tmp_path / "b.svg")


def test_a_range_whose_width_overflows_is_refused():
    from actviz.analysis.grid import check_range

    with pytest.raises(OptionError, match="narrow the range"):
        check_range(-1e308, 1e308, 3)
