"""Issue 18, plugins: whatever a plugin does wrong costs one warning line naming it, and the
rest works, `actviz list` first.  A real (tiny) distribution on sys.path, used by a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import actviz
from actviz.activations.custom import guarded
from actviz.errors import ActvizError

PLUGIN_MODULE = textwrap.dedent('''
    import actviz
    import numpy as np


    class Unprintable(Exception):
        def __str__(self):
            raise RuntimeError("cannot print me")


    class Odd(BaseException):
        pass


    def unprintable():
        raise Unprintable()


    def _boom(x, **params):
        raise ZeroDivisionError("the plugin's function is broken")


    def _far_boom(x, **params):
        if np.max(np.abs(x)) > 1e100:
            raise OverflowError("too far")
        return np.tanh(x)


    def raising():
        actviz.register("broken_gate", function=_boom, derivative=_boom)


    def raising_far():
        actviz.register("far_gate", function=_far_boom, derivative=_far_boom)


    def half():
        actviz.register("half_good", function=np.tanh, derivative=lambda x: 1 - np.tanh(x)**2)
        actviz.register("half_bad", function=lambda x: np.zeros(3),
                        derivative=lambda x: np.zeros(3))


    def good():
        actviz.register("good_gate", function=np.tanh, derivative=lambda x: 1 - np.tanh(x)**2)


    def exiting():
        raise SystemExit(3)


    def odd():
        raise Odd("a BaseException of its own")


    def recursing():
        return recursing()


    def strange():
        return 42
''')

# (entry point, the warning line's end: the reason the plugin was left out)
BROKEN = [
    ("unprintable", "Unprintable: (its message cannot be printed)"),
    ("raising", "ActvizError: activation 'broken_gate': its function raised ZeroDivisionError: "
                "the plugin's function is broken"),
    ("raising_far", "ActvizError: activation 'far_gate': its function raised OverflowError: "
                    "too far"),
    ("half", "ActvizError: activation 'half_bad': its function returned shape (3,) for x of "
             "shape (41,)"),
    ("exiting", "SystemExit: 3"),
    ("odd", "Odd: a BaseException of its own"),
    ("recursing", "RecursionError: maximum recursion depth exceeded"),
    ("strange", "TypeError: the entry point must name a module"),
]


@pytest.fixture(scope="module")
def listing(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    info = root / "hostileacts-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: hostileacts\nVersion: 1.0\n")
    entries = [f"{name} = hostileacts_plugin:{name}" for name, _ in BROKEN]
    (info / "entry_points.txt").write_text(
        "[actviz.activations]\ngood = hostileacts_plugin:good\n" + "\n".join(entries) + "\n")
    (root / "hostileacts_plugin.py").write_text(PLUGIN_MODULE)
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([sys.executable, "-m", "actviz", "list", "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=root, check=False,
                          timeout=300)


def test_list_works_and_lists_the_good_plugin(listing):
    assert listing.returncode == 0, listing.stderr
    names = {record["name"] for record in json.loads(listing.stdout)}
    assert {"relu", "sigmoid", "good_gate"} <= names
    # all or nothing: the half of a plugin that registered before its failure is left out too
    assert not names & {"broken_gate", "far_gate", "half_good", "half_bad"}


@pytest.mark.parametrize("entry,reason", BROKEN, ids=[name for name, _ in BROKEN])
def test_each_broken_plugin_costs_one_warning_line(listing, entry, reason):
    lines = [line for line in listing.stderr.splitlines() if f"plugin '{entry}'" in line]
    assert len(lines) == 1, listing.stderr
    assert lines[0].startswith(f"actviz: warning: plugin '{entry}' (hostileacts_plugin:{entry}) "
                               "was not loaded: ")
    assert reason in lines[0]


def test_nothing_else_on_stderr(listing):
    assert len(listing.stderr.splitlines()) == len(BROKEN)
    assert "Traceback" not in listing.stderr


@pytest.mark.parametrize("function,words", [
    (lambda x: 1 / 0, "its function raised ZeroDivisionError: division by zero"),
    (lambda x: np.zeros(2), "its function returned shape (2,) for x of shape (5,)"),
    (lambda x: ["a"] * 5, "its function raised ValueError: could not convert string"),
])
def test_a_registered_function_fails_in_one_line(isolated_registry, function, words):
    guard = guarded("gate", "function", function)
    with pytest.raises(ActvizError) as refused:
        guard(np.linspace(-1, 1, 5))
    assert str(refused.value) == f"activation 'gate': {words}" or words in str(refused.value)
    assert np.array_equal(guarded("g", "function", lambda x: 2.0)(np.zeros(3)), [2.0, 2.0, 2.0])


def test_a_function_registered_from_a_notebook_fails_in_one_line_when_used(isolated_registry):
    actviz.register("lazy_bomb", function=lambda x: np.tanh(x) / (np.max(x) < 50),
                    derivative=lambda x: x)
    with pytest.raises(ActvizError, match="activation 'lazy_bomb': its function raised"):
        actviz.get("lazy_bomb")(np.array([100.0]))
