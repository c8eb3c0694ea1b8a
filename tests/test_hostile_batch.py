"""Issue 18, batch: configs, output names and manifests built to break a run.  Each is refused
(or set aside) in a few lines with exit 2, a traceback never, and before anything is written."""

from __future__ import annotations

import json
import math
import os

import pytest

from actviz.batch.manifest import MANIFEST_NAME, Manifest
from tests.batch_helpers import files, manifest, run, stamps, write_config


def refused(result, words: str, lines: int = 1) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    assert words in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) <= lines


# --------------------------------------------------------------------------------------------
# TOML nesting: the reader's (and the checks') recursion is a one-line error
# --------------------------------------------------------------------------------------------

DEEP = 50_000
NESTED = [
    ("an array", "[" * DEEP + "]" * DEEP),
    ("an inline table", "{a = " * DEEP + "1" + "}" * DEEP),
]


@pytest.mark.parametrize("value", [v for _, v in NESTED], ids=[n for n, _ in NESTED])
def test_toml_nested_50000_deep_is_one_line(invoke, tmp_path, value):
    # Before: tomllib's RecursionError came out as a traceback.
    config = write_config(tmp_path, f'[[figure]]\nkind = "plot"\nactivations = {value}\n'
                                    'output = "x.png"\n')
    refused(run(invoke, config), "nested too deep to read")
    assert files(tmp_path) == []


# --------------------------------------------------------------------------------------------
# Batch sizes: thousands of problems are a summary, not thousands of lines
# --------------------------------------------------------------------------------------------


def test_two_thousand_colliding_outputs_are_a_few_lines(invoke, tmp_path):
    # Before: 1,999 lines on stderr, one per collision.
    figure = '[[figure]]\nkind = "plot"\nactivations = ["relu"]\noutput = "same.png"\n'
    config = write_config(tmp_path, figure * 2_000)
    result = run(invoke, config, "--dry-run")
    refused(result, "and 1,996 more problems like", lines=4)
    assert "the same file as figure 1" in result.stderr


# --------------------------------------------------------------------------------------------
# Batch paths: names no file system takes, refused before anything is written
# --------------------------------------------------------------------------------------------

BAD_NAMES = [
    ("nul", "a\\u0000b.csv", "control character '\\x00'"),
    ("newline", "a\\nb.csv", "control character '\\n'"),
    ("tab", "dir\\t/x.csv", "control character '\\t'"),
    ("name over NAME_MAX", "x" * 300 + ".csv", "has a name of 304 bytes"),
    ("folder over NAME_MAX", "é" * 200 + "/x.csv", "has a name of 400 bytes"),
    ("path over PATH_MAX", "/".join(["d" * 200] * 25) + "/x.csv", "makes a path of"),
]


@pytest.mark.parametrize("output,words", [(o, w) for _, o, w in BAD_NAMES],
                         ids=[n for n, _, _ in BAD_NAMES])
def test_output_names_that_no_file_system_takes(invoke, tmp_path, output, words):
    good = '[[figure]]\nkind = "table"\nactivations = ["relu"]\noutput = "good.csv"\n'
    bad = f'[[figure]]\nkind = "table"\nactivations = ["relu"]\noutput = "{output}"\n'
    config = write_config(tmp_path, good + bad)
    for args in (("--dry-run",), ()):
        refused(run(invoke, config, *args), words)
    assert files(tmp_path) == []


def test_a_name_made_too_long_by_the_activation_is_refused(invoke, tmp_path):
    long_name = "f" * 250
    config = write_config(tmp_path, f'[activations]\n{long_name} = "x"\n[[figure]]\n'
                                    f'kind = "table"\nactivations = ["{long_name}"]\n'
                                    'output = "{name}_values.csv"\n')
    refused(run(invoke, config), "has a name of 261 bytes")
    assert files(tmp_path) == []


def test_two_outputs_that_are_one_file_through_a_link_inside(invoke, tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to("real", target_is_directory=True)
    config = write_config(tmp_path, ''.join(
        f'[[figure]]\nkind = "table"\nactivations = ["{name}"]\noutput = "{folder}/v.csv"\n'
        for name, folder in (("relu", "real"), ("tanh", "alias"))))
    refused(run(invoke, config), "the same file as 'real/v.csv' through a symbolic link")
    assert files(tmp_path) == []


def test_a_link_to_another_folder_inside_is_still_fine(invoke, tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to("real", target_is_directory=True)
    config = write_config(tmp_path, ''.join(
        f'[[figure]]\nkind = "table"\nactivations = ["relu"]\noutput = "{out}"\n'
        for out in ("real/a.csv", "alias/b.csv")))
    assert run(invoke, config).exit_code == 0
    assert sorted(os.listdir(tmp_path / "real")) == ["a.csv", "b.csv"]


# --------------------------------------------------------------------------------------------
# The manifest: absurd content is set aside with a warning, and the run draws everything
# --------------------------------------------------------------------------------------------

# Text outputs only: a manifest's test needs files, not figures (drawing costs seconds).
TABLES = ''.join(f'[[figure]]\nkind = "table"\nactivations = ["{name}"]\noutput = "{name}.csv"\n'
                 for name in ("relu", "tanh"))
ENTRY = {"digest": "0" * 64, "size": 10, "seconds": 0.1, "config": "notes.toml"}
ABSURD = [
    ("nested", "[" * DEEP + "]" * DEEP, "nested too deep"),
    ("huge integer", '{"manifest": 1, "outputs": {"relu.csv": {"digest": "x", "size": '
                     + "9" * 5_000 + "}}}", "a number too long to read"),
    ("infinite seconds", {**ENTRY, "seconds": 1e999}, "not an actviz batch's"),
    ("NaN seconds", {**ENTRY, "seconds": float("nan")}, "not an actviz batch's"),
    ("negative size", {**ENTRY, "size": -1}, "not an actviz batch's"),
    ("size as text", {**ENTRY, "size": "10"}, "not an actviz batch's"),
    ("nested config", {**ENTRY, "config": [[["notes.toml"]]]}, "not an actviz batch's"),
    ("entry a number", 3, "not an actviz batch's"),
]


def _absurd_text(content) -> str:
    if isinstance(content, str):
        return content
    return json.dumps({"manifest": 1, "outputs": {"relu.csv": content}})


@pytest.mark.parametrize("content,words", [(c, w) for _, c, w in ABSURD],
                         ids=[n for n, _, _ in ABSURD])
def test_an_absurd_manifest_is_set_aside_and_everything_drawn(invoke, tmp_path, content, words):
    config = write_config(tmp_path, TABLES)
    (tmp_path / MANIFEST_NAME).write_text(_absurd_text(content), encoding="utf-8")
    assert Manifest.load(tmp_path).entries == {}
    result = run(invoke, config)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr and words in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert sorted(manifest(tmp_path)) == ["relu.csv", "tanh.csv"]  # all drawn, as --force would
    assert len(stamps(tmp_path)) == 2


def test_a_sound_manifest_is_still_trusted(invoke, tmp_path):
    config = write_config(tmp_path, TABLES)
    assert run(invoke, config).exit_code == 0
    before = stamps(tmp_path)
    again = run(invoke, config)
    assert again.exit_code == 0 and again.stderr == ""
    assert stamps(tmp_path) == before


# --------------------------------------------------------------------------------------------
# Batch sizes: a table too long for its format is refused by --dry-run, not while drawing
# --------------------------------------------------------------------------------------------

LONG_TABLES = [
    ("points = 20000", "v.md", "figure 1 points: a markdown table holds at most 10,000 rows, "
                               "not 20,000"),
    ("at = [" + ", ".join(["0"] * 10_001) + "]", "v.tex",
     "figure 1 at: a latex table holds at most 10,000 rows, not 10,001"),
]


@pytest.mark.parametrize("rows,output,words", LONG_TABLES, ids=["points", "at"])
def test_a_table_too_long_for_its_format_fails_the_dry_run(invoke, tmp_path, rows, output,
                                                            words):
    config = write_config(tmp_path, f'[[figure]]\nkind = "table"\nactivations = ["relu"]\n'
                                    f'{rows}\noutput = "{output}"\n')
    for args in (("--dry-run",), ()):
        refused(run(invoke, config, *args), words)
    assert files(tmp_path) == []


def _logits(count: int) -> str:
    return "logits = [" + ", ".join(["1"] * count) + "]"


# Every kind's tables for people, by the rule its command applies: (figure, words).
LONG_SOFTMAX = [
    (f'kind = "softmax"\n{_logits(10_001)}\noutput = "s.md"',
     "figure 1 logits: a markdown table holds at most 10,000 rows, not 10,001: use format csv "
     "or json for so many logits"),
    (f'kind = "softmax"\njacobian = true\n{_logits(150)}\noutput = "s.md"',
     "figure 1 jacobian: a markdown table holds at most 100 columns, not 151"),
]


@pytest.mark.parametrize("figure,words", LONG_SOFTMAX, ids=["rows", "jacobian columns"])
def test_a_softmax_table_too_big_to_read_fails_the_dry_run(invoke, tmp_path, figure, words):
    # Before: --dry-run said "would draw s.md"; the run failed while drawing it.
    config = write_config(tmp_path, f"[[figure]]\n{figure}\n")
    for args in (("--dry-run",), ()):
        refused(run(invoke, config, *args), words)
    assert files(tmp_path) == []


def test_the_same_softmax_as_csv_is_fine(invoke, tmp_path):
    config = write_config(tmp_path, f'[[figure]]\nkind = "softmax"\njacobian = true\n'
                                    f'{_logits(150)}\noutput = "s.csv"\n')
    result = run(invoke, config, "--dry-run")
    assert result.exit_code == 0 and "would draw  s.csv" in result.stdout


def test_a_long_table_as_csv_is_fine(invoke, tmp_path):
    config = write_config(tmp_path, '[[figure]]\nkind = "table"\nactivations = ["relu"]\n'
                                    'points = 20000\noutput = "v.csv"\n')
    result = run(invoke, config, "--dry-run")
    assert result.exit_code == 0 and "would draw  v.csv" in result.stdout


def test_a_megabyte_title_is_refused_before_drawing(invoke, tmp_path):
    config = write_config(tmp_path, '[[figure]]\nkind = "plot"\nactivations = ["relu"]\n'
                                    f'title = "{"x" * 1_000_000}"\noutput = "v.png"\n')
    for args in (("--dry-run",), ()):
        refused(run(invoke, config, *args), "title: holds at most 1,000 characters, got "
                                            "1,000,000")
    assert files(tmp_path) == []
    command = invoke("plot", "relu", "--title", "x" * 1_001, "-o", str(tmp_path / "t.png"))
    refused(command, "--title: holds at most 1,000 characters, got 1,001")
    assert files(tmp_path) == []


def _at_config(values: int) -> str:
    return ('[[figure]]\nkind = "table"\nactivations = ["relu"]\noutput = "v.csv"\n'
            f'at = [{", ".join(["0.5"] * values)}]\n')


def test_a_config_over_the_byte_limit_is_refused_before_it_is_parsed(invoke, tmp_path,
                                                                     monkeypatch):
    # Before: a million `at` values (5 MB) took tomllib 2.4-4 s, a million keys 67 s.
    import tomllib

    from actviz.batch import config as reading

    monkeypatch.setattr(tomllib, "loads", lambda text: pytest.fail("parsed"))
    path = write_config(tmp_path, _at_config(1_000_000))
    size = path.stat().st_size
    refused(run(invoke, path, "--dry-run"), f"{size:,} bytes, but a config holds at most "
                                            f"{reading.MAX_CONFIG_BYTES:,} bytes (1 MiB")
    assert files(tmp_path) == []


def test_the_byte_limit_is_the_last_byte_taken(tmp_path, monkeypatch):
    from actviz.batch import config as reading

    text = _at_config(3)
    monkeypatch.setattr(reading, "MAX_CONFIG_BYTES", len(text.encode()))
    assert len(reading.load_plan(write_config(tmp_path, text)).jobs) == 1
    over = f"{len(text) + 1:,} bytes, but a config holds at most {len(text):,} bytes"
    with pytest.raises(reading.ConfigError, match=over):
        reading.load_plan(write_config(tmp_path, text + "#"))


def test_a_piped_config_is_read_no_further_than_the_limit(tmp_path):
    # A pipe has no size to check first: it is counted while read, and the writer is left
    # with the rest (the process does not wait for 8 MB it will never use).
    import subprocess
    import sys

    from actviz.batch.config import MAX_CONFIG_BYTES

    script = "from actviz.cli import console_main; console_main()"
    done = subprocess.run([sys.executable, "-c", script, "batch", "/dev/stdin", "--dry-run",
                           "--out-dir", str(tmp_path)], input=_at_config(1_600_000).encode(),
                          capture_output=True, timeout=120)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert done.stderr.decode().splitlines() == [
        f"actviz: error: /dev/stdin: more, but a config holds at most {MAX_CONFIG_BYTES:,} "
        "bytes (1 MiB, about 1 s to read: TOML is read by pure Python): give many x values as "
        "xmin, xmax and points"]


def test_unknown_names_beyond_the_first_hundred_get_no_suggestion(tmp_path):
    # Before: each of 90,000 unknown keys ran difflib, 20 of the 24 s of checking them.
    from actviz.batch import config as reading

    keys = "".join(f"xmin{i} = 1\n" for i in range(150))
    with pytest.raises(reading.ConfigError) as error:
        reading.load_plan(write_config(tmp_path, f"[defaults]\n{keys}"))
    problems = error.value.problems
    assert len(problems) == 151  # the keys, and no [[figure]]
    assert sum("did you mean 'xmin'" in p for p in problems) == reading.MAX_SUGGESTIONS
    assert "did you mean" in problems[1] and "did you mean" not in problems[-1]


def test_a_long_list_of_points_is_read_without_a_message_per_item(monkeypatch):
    # Before: each item built an error message quoting the whole list, so a million `at`
    # values took minutes (quadratic) before --dry-run said anything.
    from actviz.analysis import lists
    from actviz.analysis.tables import parse_points

    calls = []
    real = lists.option_name
    monkeypatch.setattr(lists, "option_name", lambda name: calls.append(name) or real(name))
    assert parse_points(",".join(["0.5", "-inf", "2"] * 1_000)) == (0.5, -math.inf, 2.0) * 1_000
    assert len(calls) <= 1  # the empty-item check's, once for the list


@pytest.mark.parametrize("text,words", [("1,abc,2", ("'abc' in", "'1,abc,2' is not a number")),
                                        ("1,nan", ("'nan' in", "'1,nan' is NaN")),
                                        ("max(x,0),1", ("'max(x,0)' in", "is not a number"))])
def test_a_bad_point_still_names_itself_and_the_list(text, words):
    from actviz.analysis.tables import parse_points
    from actviz.errors import OptionError

    with pytest.raises(OptionError) as error:
        parse_points(text)
    assert all(word in str(error.value) for word in words)


@pytest.mark.parametrize("name,words", [
    ("x" * 300 + ".png", "a name of 304 bytes: a file system takes at most 255"),
    ("/".join(["d" * 200] * 25) + "/x.png", "a path of"),
], ids=["NAME_MAX", "PATH_MAX"])
def test_o_refuses_a_name_no_file_system_takes_before_any_work(invoke, tmp_path, name, words):
    # Before: computed and drawn, then exit 1 with "File name too long".
    result = invoke("plot", "relu", "-o", str(tmp_path / name))
    refused(result, words)
    assert files(tmp_path) == []
