"""Issue 18, hostile environments: a closed or full stdout, a closed stderr, a huge terminal,
a locale without UTF-8, style sheets matplotlib reads but cannot draw with.  Each case runs
the real console script in its own process (all of them at once, to keep the test fast)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import pytest

from actviz.errors import OptionError
from actviz.render import canvas, terminal

# The console script as installed: actviz.cli.console_main, in a shell for the redirections.
SCRIPT = f"{sys.executable} -c 'from actviz.cli import console_main; console_main()'"

STYLES = {
    "usetex.mplstyle": "text.usetex: True\n",
    "infinite.mplstyle": "figure.figsize: inf, 4\n",
    "huge.mplstyle": "figure.figsize: 1e300, 1e300\n",
    "zero.mplstyle": "figure.figsize: 0, 4\n",
    "nan.mplstyle": "lines.linewidth: nan\n",
}


@dataclass(frozen=True)
class Case:
    """``actviz ARGS REDIRECTIONS`` in environment ``env``: its exit code, the words of its
    one stderr line (None: nothing on stderr but hints), and the files it must leave."""

    name: str
    args: str
    code: int
    words: str | None
    env: tuple[tuple[str, str], ...] = ()
    files: tuple[str, ...] = ()


CASES = [
    # stdout closed by the shell: compare crashed on sys.stdout.isatty()
    Case("compare, stdout closed", "compare relu tanh >&-", 1,
         "actviz: error: cannot write the output: standard output is closed"),
    Case("a figure, stdout closed", "plot relu -o f.png >&-", 0, "actviz: wrote f.png",
         files=("f.png",)),
    # a full disk: the OSError of the write was a traceback
    Case("compare, stdout full", "compare relu tanh >/dev/full", 1,
         "actviz: error: cannot write the output: No space left on device"),
    # stderr closed: the error cannot be said, its exit code still is
    Case("bad input, stderr closed", "list sigmod 2>&-", 2, None),
    # a terminal of 20,000 × 100,000 characters: plotext aborted the process (bad_alloc)
    Case("a huge terminal", "plot relu -d", 0, None,
         env=(("COLUMNS", "20000"), ("LINES", "100000"))),
    # locales without UTF-8: the tables fall back to ASCII
    Case("C locale", "compare sigmoid tanh", 0, None,
         env=(("LC_ALL", "C"), ("PYTHONUTF8", "0"), ("PYTHONCOERCECLOCALE", "0"))),
    Case("ASCII output", "compare sigmoid tanh", 0, None, env=(("PYTHONIOENCODING", "ascii"),)),
    # a style sheet matplotlib reads without complaint, then fails to draw with (the others
    # of STYLES are checked in-process below)
    Case("a style with usetex", "plot relu -o g.png --style usetex.mplstyle", 2,
         "actviz: error: --style: cannot use 'usetex.mplstyle': text.usetex is True but ",
         env=(("PATH", os.path.dirname(sys.executable)),)),  # no LaTeX on this PATH
]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Every case started at once, each in its own folder; (folder, completed) per case."""
    started = {}
    for case in CASES:
        folder = tmp_path_factory.mktemp("case")
        for name, text in STYLES.items():
            (folder / name).write_text(text, encoding="utf-8")
        env = {**os.environ, **dict(case.env)}
        started[case.name] = folder, subprocess.Popen(
            f"{SCRIPT} {case.args}", shell=True, cwd=folder, env=env, text=True,
            stdout=subprocess.PIPE if ">" not in case.args else None, stderr=subprocess.PIPE
            if "2>" not in case.args else None)
    results = {}
    for name, (folder, process) in started.items():
        stdout, stderr = process.communicate(timeout=300)
        results[name] = folder, process.returncode, stdout or "", stderr or ""
    return results


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_contract_holds_in_a_hostile_environment(outcomes, case):
    folder, code, stdout, stderr = outcomes[case.name]
    assert code == case.code, stderr
    assert "Traceback" not in stderr and "Error:" not in stderr.replace("error:", "")
    lines = [line for line in stderr.splitlines() if not line.startswith("actviz: hint:")]
    if case.words is None:
        assert lines == []
    else:
        assert len(lines) == 1 and case.words in lines[0], stderr
    made = sorted(p.name for p in folder.iterdir() if p.suffix != ".mplstyle")
    assert made == sorted(case.files)  # no partial file, nothing but what was asked


def test_a_huge_terminal_gets_a_chart_of_the_largest_size(outcomes):
    _, _, stdout, _ = outcomes["a huge terminal"]
    lines = stdout.splitlines()
    assert terminal.MAX_LINES - 10 < len(lines) <= terminal.MAX_LINES
    assert max(len(line) for line in lines) <= terminal.MAX_COLUMNS


def test_the_ascii_fallback_is_what_the_locales_get(outcomes):
    for name in ("C locale", "ASCII output"):
        _, _, stdout, _ = outcomes[name]
        assert "| range" in stdout and "┃" not in stdout


@pytest.mark.parametrize("size,expected", [
    ((20_000, 100_000), (terminal.MAX_COLUMNS, terminal.MAX_LINES)),
    ((10, 5), (terminal.MIN_COLUMNS, 5)),
    ((120, 40), (120, 40)),
])
def test_terminal_sizes_are_brought_within_limits(size, expected):
    assert terminal.within_limits(*size) == expected


def test_the_style_messages_say_what_is_wrong(tmp_path, monkeypatch):
    monkeypatch.setattr(canvas.shutil, "which", lambda tool: None)
    for name, text in STYLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    expected = {
        "usetex.mplstyle": "text.usetex is True but latex and dvipng are not installed",
        "infinite.mplstyle": "figure.figsize is [inf, 4.0]: it must be finite",
        "huge.mplstyle": "at most 100 inches a side, the largest figure actviz draws",
        "zero.mplstyle": "figure.figsize is [0.0, 4.0]: it must be positive",
        "nan.mplstyle": "lines.linewidth is nan: it must be finite",
    }
    for name, words in expected.items():
        with pytest.raises(OptionError) as refused:
            canvas.check_style(str(tmp_path / name))
        assert words in str(refused.value)
    canvas.check_style("ggplot")  # a usual sheet passes
    (tmp_path / "ok.mplstyle").write_text(textwrap.dedent("""\
        figure.figsize: 8, 5
        lines.linewidth: 2
    """), encoding="utf-8")
    canvas.check_style(str(tmp_path / "ok.mplstyle"))
