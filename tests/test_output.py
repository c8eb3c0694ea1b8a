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
