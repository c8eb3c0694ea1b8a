"""Shared fixtures: a click runner and the registry's names for parametrization."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import actviz
from actviz.cli import cli

ALL_NAMES = actviz.names()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    """Run ``actviz ARGS...`` in-process and return click's Result."""

    def _invoke(*args: str, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return _invoke
