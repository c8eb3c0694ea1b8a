"""Shared by the batch tests: writing a config, running it, and reading the outputs' state."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from actviz.batch.manifest import MANIFEST_NAME

# Small and fast: 40 dpi, 201 samples.  Four outputs of three kinds.
SMALL = """
[defaults]
dpi = 40
points = 201

[[figure]]
kind = "plot"
activations = ["relu", "tanh"]
derivative = true
output = "functions/{name}.png"

[[figure]]
kind = "compare"
activations = ["sigmoid", "tanh"]
output = "compare.svg"

[[figure]]
kind = "table"
activations = ["sigmoid", "relu"]
at = [-1, 0, 2.5, inf]
output = "values.csv"
"""
SMALL_OUTPUTS = ["compare.svg", "functions/relu.png", "functions/tanh.png", "values.csv"]


def write_config(folder: Path, text: str, name: str = "notes.toml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(invoke, config: Path, *args):
    """``actviz batch CONFIG --jobs 1 ARGS...`` (one process unless ARGS say otherwise)."""
    jobs = () if "--jobs" in args else ("--jobs", "1")
    return invoke("batch", config, *jobs, *args)


def written(result) -> list[str]:
    """The outputs a run reported as written (its ``wrote X (0.12 s)`` lines), sorted."""
    return sorted(line.split()[1] for line in result.stdout.splitlines()
                  if line.startswith("wrote "))


def stamps(folder: Path) -> dict[str, int]:
    """Each output file's modification time, to see which were rewritten."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file() and p.name != MANIFEST_NAME and not p.name.endswith(".toml")}


def manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"]


def files(folder: Path) -> list[str]:
    """Every file below ``folder`` but the configs, as sorted relative paths."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and not p.name.endswith(".toml"))
