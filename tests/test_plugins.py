"""Plugins: a package's activations appear through the entry-point group actviz.activations;
a broken plugin costs one warning line from the command line (the library stays silent), not
actviz.  The package here is a real (tiny)
distribution on sys.path: a *.dist-info folder with its entry_points.txt, used by a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

PLUGIN_MODULE = textwrap.dedent('''
    import actviz

    actviz.register("approx_gelu", formula="x*sigmoid(1.702*x)", summary="from a plugin")
    FORMULAS = {"plugin_swish": {"formula": "x*sigmoid(beta*x)", "parameters": {"beta": 1.5}}}
    CLASH = {"relu": "max(x, 0)"}


    def exploding():
        raise RuntimeError("the plugin's own bug")
''')

ENTRY_POINTS = textwrap.dedent('''
    [actviz.activations]
    fake = fakeacts_plugin
    formulas = fakeacts_plugin:FORMULAS
    missing = fakeacts_missing_module
    clash = fakeacts_plugin:CLASH
    exploding = fakeacts_plugin:exploding

    [console_scripts]
    unrelated = fakeacts_plugin:exploding
''')


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    info = root / "fakeacts-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeacts\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    (root / "fakeacts_plugin.py").write_text(PLUGIN_MODULE)
    return root


def _run(plugin_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(plugin_path)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          cwd=plugin_path, check=False)


# A formula's derivative is simplified within a time budget (0.5 s): on a loaded machine it
# would be listed unsimplified, so this process gets the 30 s that conftest gives the others.
UNHURRIED_LIST = ("from actviz.activations.formula import symbolic\n"
                  "symbolic.SIMPLIFY_SECONDS = 30.0\n"
                  "from actviz.cli import main\n"
                  "main(['list', '--format', 'json'])\n")


@pytest.fixture(scope="module")
def listing(plugin_path):
    return _run(plugin_path, "-c", UNHURRIED_LIST)


def test_plugin_activations_appear_in_the_list_with_both_formulas(listing):
    assert listing.returncode == 0, listing.stderr
    records = {r["name"]: r for r in json.loads(listing.stdout)}
    gelu = records["approx_gelu"]
    assert gelu["formula"] == r"f(x) = x \sigma\left(1.702 x\right)"
    assert gelu["derivative_formula"].startswith(r"f'(x) = \left(1.702 x \sigma")
    assert gelu["summary"] == "from a plugin"
    assert records["plugin_swish"]["parameters"] == {"beta": 1.5}
    assert records["relu"]["family"] == "rectifier"  # the clashing plugin replaced nothing
    assert "sigmoid" in records and "exploding" not in records


def test_each_broken_plugin_costs_one_warning_line_naming_it(listing):
    lines = listing.stderr.splitlines()
    assert lines == [
        "actviz: warning: plugin 'missing' (fakeacts_missing_module) was not loaded: "
        "ModuleNotFoundError: No module named 'fakeacts_missing_module'",
        "actviz: warning: plugin 'clash' (fakeacts_plugin:CLASH) was not loaded: "
        "ActvizError: cannot register: 'relu' is already registered",
        "actviz: warning: plugin 'exploding' (fakeacts_plugin:exploding) was not loaded: "
        "RuntimeError: the plugin's own bug",
    ]


def test_plugins_load_lazily_formulas_import_sympy_when_used_and_the_library_is_silent(
    plugin_path,
):
    script = ("import sys, actviz\n"
              "from actviz.activations.plugins import plugin_failures\n"
              "print('fakeacts_plugin' in sys.modules)\n"
              "act = actviz.get('relu')\n"
              "print('fakeacts_plugin' in sys.modules, 'sympy' in sys.modules)\n"
              "slope = float(actviz.get('approx_gelu').derivative(0.0))\n"
              "print(slope, 'sympy' in sys.modules)\n"
              "for failure in plugin_failures():\n"
              "    print(failure.name, '|', failure.reason)\n")
    completed = _run(plugin_path, "-c", script)
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert " ".join(lines[:3]).split() == ["False", "True", "False", "0.5", "True"]
    assert completed.stderr == ""  # warnings are the command line's to print, not the library's
    assert lines[3:] == [
        "missing | ModuleNotFoundError: No module named 'fakeacts_missing_module'",
        "clash | ActvizError: cannot register: 'relu' is already registered",
        "exploding | RuntimeError: the plugin's own bug",
    ]


@pytest.mark.parametrize("args", [["info", "relu"], ["plot", "relu", "-o", "relu.svg"],
                                  ["batch", "missing.toml"]])
def test_every_command_warns_once_before_its_output(plugin_path, args):
    completed = _run(plugin_path, "-m", "actviz", *args)
    warnings = [line for line in completed.stderr.splitlines() if "warning" in line]
    assert [line.split("'")[1] for line in warnings] == ["missing", "clash", "exploding"]
    assert completed.stderr.splitlines()[:3] == warnings  # before anything else


def test_softmax_needs_no_registry_so_loads_no_plugin(plugin_path):
    completed = _run(plugin_path, "-m", "actviz", "softmax", "1", "2", "--format", "json")
    assert completed.returncode == 0 and completed.stderr == ""


def test_help_loads_no_plugin(plugin_path):
    completed = _run(plugin_path, "-m", "actviz", "plot", "--help")
    assert completed.returncode == 0 and completed.stderr == ""
