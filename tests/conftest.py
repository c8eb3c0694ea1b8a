"""Shared fixtures: a click runner, the registry's names for parametrization, and the accuracy
summary printed at the end of a run."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import settings

import actviz
from actviz.cli import cli

ALL_NAMES = actviz.names()

# No per-example deadline: on a loaded CI machine a slow example is not a failure (speed is
# measured by benchmarks/, never by a test).
settings.register_profile("actviz", deadline=None)
settings.load_profile("actviz")

# Filled by tests/test_accuracy.py: one ErrorReport per function measured against mpmath.
ACCURACY_RESULTS: list = []


@pytest.fixture(autouse=True)
def unhurried_simplification(monkeypatch):
    """Formulas' derivatives shown the same way however loaded the machine: sympy.simplify
    gets 30 s instead of 0.5 s (tests of the budget itself pass their own)."""
    from actviz.activations.formula import symbolic

    monkeypatch.setattr(symbolic, "SIMPLIFY_SECONDS", 30.0)


@pytest.fixture
def isolated_registry(monkeypatch):
    """Registrations made by a test vanish after it."""
    from actviz.activations import registry

    registry.names()
    for attribute in ("_REGISTRY", "_DEFERRED", "_ALIASES"):
        monkeypatch.setattr(registry, attribute, dict(getattr(registry, attribute)))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    """Run ``actviz ARGS...`` in-process and return click's Result."""

    def _invoke(*args: str, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return _invoke


def pytest_terminal_summary(terminalreporter) -> None:
    """The worst error of each function against mpmath, measured by this run."""
    if not ACCURACY_RESULTS:
        return
    worst: dict[str, float] = {}
    for report in ACCURACY_RESULTS:
        name = report.spec.split(":")[0] + " " + report.which
        worst[name] = max(worst.get(name, 0.0), report.max_ulp)
    terminalreporter.section("accuracy: max ulp against mpmath (all parameter variants)")
    cells = [f"{name:18s}{ulp:6.2f}" for name, ulp in sorted(worst.items())]
    for i in range(0, len(cells), 4):
        terminalreporter.write_line("   ".join(cells[i : i + 4]))
