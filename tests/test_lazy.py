"""actviz.lazy: a stand-in bound at once that imports its module on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from actviz.lazy import LazyModule


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return done.stdout.split()


def test_the_module_is_imported_on_first_attribute_and_its_attributes_kept():
    # colorsys: a small standard-library module nothing imports on start-up.
    out = _run(
        "import sys\n"
        "from actviz.lazy import LazyModule\n"
        "lazy = LazyModule('colorsys')\n"
        "before = 'colorsys' in sys.modules\n"
        "value = lazy.rgb_to_hsv(1.0, 0.0, 0.0)\n"
        "import colorsys\n"
        "print(before, value == (0.0, 1.0, 1.0), lazy.rgb_to_hsv is colorsys.rgb_to_hsv,\n"
        "      'rgb_to_hsv' in vars(lazy))\n"
    )
    assert out == ["False", "True", "True", "True"]


def test_importing_actviz_defers_numpy_until_a_number_is_computed():
    out = _run(
        "import sys\n"
        "import actviz\n"
        "before = 'numpy' in sys.modules\n"
        "names = actviz.names()\n"
        "after_names = 'numpy' in sys.modules\n"
        "y = actviz.get('sigmoid')(0.0)\n"
        "print(before, after_names, 'numpy' in sys.modules, y == 0.5)\n"
    )
    assert out == ["False", "False", "True", "True"]


@pytest.mark.parametrize("first", [
    "import numpy.linalg",
    "from numpy.linalg import norm",
    "import numpy._core, scipy.special",
    "import pickle, io; pickle.loads(pickle.dumps(__import__('array').array('d', [1.0])))",
])
def test_numpy_works_whoever_imports_it_first(first):
    """The stand-in is not in sys.modules: numpy is imported the ordinary way, by anyone."""
    out = _run(f"import actviz\n{first}\nimport numpy.testing, scipy.special\n"
               "print(actviz.get('gelu')(1.0), float(numpy.linalg.norm([3.0, 4.0])))\n")
    assert out == ["0.8413447460685429", "5.0"]


def test_threads_may_be_the_first_to_compute():
    out = _run(
        "import threading, actviz\n"
        "names = ['relu', 'gelu', 'silu', 'tanh', 'mish', 'elu']\n"
        "acts = [actviz.get(n) for n in names]\n"
        "barrier = threading.Barrier(len(acts))\n"
        "results = {}\n"
        "def first_use(act):\n"
        "    barrier.wait()\n"
        "    results[act.name] = float(act(1.0))\n"
        "threads = [threading.Thread(target=first_use, args=(a,)) for a in acts]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(len(results), results['relu'], results['tanh'])\n"
    )
    assert out == ["6", "1.0", "0.7615941559557649"]


def test_a_missing_module_fails_on_first_use_like_import():
    lazy = LazyModule("no_such_module_here")
    with pytest.raises(ModuleNotFoundError, match="no_such_module_here"):
        lazy.anything
