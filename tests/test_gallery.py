"""Every figure kind of the gallery (benchmarks/gallery.py) passes the checks a textbook
illustrator makes (tests/figure_checks.py): no text over the data, no two texts overlapping,
every dashed line named, no legend over the data, nothing cut by the page's edge."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import pytest

from tests import figure_checks

_GALLERY = Path(__file__).parent.parent / "benchmarks" / "gallery.py"


def _gallery():
    spec = importlib.util.spec_from_file_location("gallery", _GALLERY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


KINDS = dict(_gallery().kinds())
# At 200 dpi the geometry scales with the text; a few kinds show that it does.
SHARP = ["compare8", "gelu_origin", "saturation_depth", "softmax_ten", "fit"]


@functools.lru_cache(maxsize=None)
def _result(name: str):
    """The kind's result, computed once for both resolutions (fit trains, propagate runs a
    depth experiment); the dpi only scales the drawing."""
    return KINDS[name]()


def _problems(name: str, dpi: int) -> list[str]:
    result = _result(name)
    with result._drawing() as lang:  # the style and fonts the saved file is drawn in
        figure = result._build(lang)
        figure.set_dpi(dpi)
        return figure_checks.problems(figure)


@pytest.mark.parametrize("name", list(KINDS))
def test_every_gallery_figure_reads_as_a_textbook_would_print_it(name):
    assert _problems(name, 100) == []


@pytest.mark.parametrize("name", SHARP)
def test_and_at_200_dpi(name):
    assert _problems(name, 200) == []


def test_the_gallery_has_every_figure_kind():
    names = set(KINDS)
    for expected in ("compare6", "compare8", "gelu_d2", "sweep_elu", "saturation_depth",
                     "propagate_depth", "softmax", "fit", "dtype_sigmoid_bfloat16",
                     "zh_compare", "zh_fit", "hardshrink_origin", "hardshrink_frame"):
        assert expected in names
    assert sum(name.startswith("family_") for name in names) >= 7  # those of two or more
