"""Checks shared by the command tests: one-line errors, and what a command imports."""

from __future__ import annotations

import os
import subprocess
import sys


def assert_one_line_error(result, message: str) -> None:
    """Exit code 2, nothing on stdout, one stderr line ``actviz: error: ...`` containing message."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("actviz: error: "), result.stderr
    assert message in lines[0]


def modules_after(code: str, modules: tuple[str, ...],
                  env: dict[str, str] | None = None) -> tuple[str, dict[str, bool]]:
    """Run ``code`` in a fresh interpreter; its stdout and which of ``modules`` it imported."""
    script = (f"{code}\nimport sys\n"
              f"print(*[m in sys.modules for m in {modules!r}], file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=None if env is None else {**os.environ, **env}, check=False)
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.strip().splitlines()[-1].split()
    return done.stdout, dict(zip(modules, (flag == "True" for flag in loaded)))


def run_and_list_modules(args: list[str], modules: tuple[str, ...],
                         env: dict[str, str] | None = None) -> tuple[str, dict[str, bool]]:
    """Run ``actviz ARGS`` in a fresh interpreter; its stdout and which ``modules`` it imported."""
    code = (
        "from actviz.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as stop:\n"
        "    assert stop.code in (0, None), stop.code\n"
    )
    return modules_after(code, modules, env)
