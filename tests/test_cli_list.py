"""`actviz list`, `actviz --version`, and how the command line reports bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import actviz
from actviz.cli import cli
from tests.conftest import ALL_NAMES


def test_version(invoke):
    result = invoke("--version")
    assert result.exit_code == 0
    assert actviz.__version__ in result.output


def test_list_json_has_every_activation(invoke):
    result = invoke("list", "--format", "json")
    assert result.exit_code == 0
    records = json.loads(result.output)
    assert [r["name"] for r in records] == ALL_NAMES
    assert len(records) >= 27
    elu = next(r for r in records if r["name"] == "elu")
    assert elu["parameters"] == {"alpha": 1.0}
    assert elu["properties"]["saturating"] == "left"
    sigmoid = next(r for r in records if r["name"] == "sigmoid")
    assert sigmoid["aliases"] == ["logistic"]


def test_list_rich_names_every_activation(invoke):
    result = invoke("list")
    assert result.exit_code == 0
    for name in ALL_NAMES:
        assert name in result.output


def test_console_script_runs_as_module():
    completed = subprocess.run(
        [sys.executable, "-m", "actviz", "--version"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert actviz.__version__ in completed.stdout


def test_list_selects_patterns_and_parameter_values(invoke):
    result = invoke("list", "hard*", "elu:alpha=2", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert [r["name"] for r in records] == [
        "hard_mish", "hardshrink", "hardsigmoid", "hardswish", "hardtanh", "elu"]
    elu = records[-1]
    assert elu["params"] == {"alpha": 2.0} and elu["parameters"] == {"alpha": 1.0}
    assert elu["properties"]["range"] == "(-2, ∞)"
    assert elu["properties"]["identity_near_origin"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "gelux"], "actviz: error: unknown activation 'gelux'; did you mean 'gelu'"),
        (["list", "softplus:beta=0"], "parameter 'beta' of softplus must be in (0, 1e6], got 0"),
        (["list", "elu:alpah=1"], "unknown parameter 'alpah' for elu (did you mean 'alpha'?)"),
        (["list", "zz*"], "no activation matches 'zz*'"),
        (["list", "--format", "xml"], "Invalid value for '--format'"),
        (["lst"], "No such command 'lst'. Did you mean 'list'?"),
        (["--bogus"], "No such option '--bogus'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_exit_2(runner, args, message):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_console_script_reports_bad_names_without_a_traceback():
    script = Path(sys.executable).with_name("actviz")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "actviz"]
    completed = subprocess.run(
        [*command, "list", "sigmod"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 2
    assert completed.stderr.strip().splitlines() == [
        "actviz: error: unknown activation 'sigmod'; did you mean 'sigmoid' or 'logsigmoid'? "
        f"(`actviz list` shows all {len(ALL_NAMES)})"
    ]


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_terminal_without_unicode_gets_output_not_a_traceback(encoding):
    """σ, ∞ and ′ cannot be encoded: tables show ``?`` for them, JSON escapes them."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "100"}
    run = [sys.executable, "-m", "actviz"]
    as_json = subprocess.run([*run, "list", "--format", "json"], capture_output=True, env=env,
                             check=False)
    assert as_json.returncode == 0, as_json.stderr.decode(encoding)[-500:]
    records = json.loads(as_json.stdout.decode(encoding))
    assert next(r for r in records if r["name"] == "relu")["properties"]["range"] == "[0, ∞)"
    for argv in (["list", "sigmoid"], ["table", "sigmoid"], ["info", "sigmoid"]):
        shown = subprocess.run([*run, *argv], capture_output=True, env=env, check=False)
        assert shown.returncode == 0 and shown.stderr == b"", shown.stderr.decode(encoding)
        assert b"sigmoid" in shown.stdout.lower() and b"?" in shown.stdout
