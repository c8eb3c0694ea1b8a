"""`actviz list` and `actviz --version`."""

from __future__ import annotations

import json
import subprocess
import sys

import actviz
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
