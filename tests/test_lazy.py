"""actviz.lazy: a module bound at once, run on first use, and then the module itself."""

from __future__ import annotations

import subprocess
import sys

import pytest

from actviz.lazy import lazy_module


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return done.stdout.split()


def test_a_lazy_module_runs_on_first_attribute_and_is_then_the_module():
    # colorsys is a small standard-library module nothing imports on start-up.
    out = _run(
        "import sys\n"
        "from actviz.lazy import lazy_module\n"
        "lazy = lazy_module('colorsys')\n"
        "ran = 'hls_to_rgb' in object.__getattribute__(lazy, '__dict__')\n"
        "value = lazy.rgb_to_hsv(1.0, 0.0, 0.0)\n"
        "import colorsys\n"
        "print(ran, value == (0.0, 1.0, 1.0), colorsys is lazy, type(lazy).__name__)\n"
    )
    assert out == ["False", "True", "True", "module"]


def test_importing_actviz_defers_numpy_until_a_number_is_computed():
    out = _run(
        "import sys\n"
        "import actviz\n"
        "before = 'numpy.linalg' in sys.modules\n"
        "names = actviz.names()\n"
        "after_names = 'numpy.linalg' in sys.modules\n"
        "y = actviz.get('sigmoid')(0.0)\n"
        "import numpy\n"
        "print(before, after_names, 'numpy.linalg' in sys.modules, y == 0.5,\n"
        "      isinstance(numpy.float64(1), numpy.generic))\n"
    )
    assert out == ["False", "False", "True", "True", "True"]


def test_an_imported_module_is_returned_as_it_is():
    assert lazy_module("sys") is sys


def test_a_missing_module_fails_like_import():
    with pytest.raises(ModuleNotFoundError, match="no_such_module_here"):
        lazy_module("no_such_module_here")
