"""A gallery of every figure kind, to look at before calling a figure change done (issue 13).

Renders, through the public API as users call it: every activation family (one compare per
family, with f'), single activations with -d in both axes placements and with -d -2, a
6-curve and an 8-curve compare, sweeps, curves rounded to a low precision (--dtype), the
saturation, propagate, softmax and fit figures (with and without their depth experiments, few
and many curves or classes), Chinese labels, SVG and PDF, at 100 and 200 dpi.  (precision and
info print tables and cards; they draw no figure.)  Writes into a folder (default:
``gallery/``) and prints what it wrote.

    python benchmarks/gallery.py [--out DIR] [--quick]

Not a test: open the PNGs and look.  The checks that can be made by program (no tick label
over the data, no two texts overlapping, every dashed line labelled, no legend over the data,
nothing cut off at the page's edge) run over every figure kind of :func:`kinds` in
``tests/test_gallery.py``; eight curves apart in greyscale is ``tests/test_figure_print.py``.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterator

import actviz

SIX = ["relu", "gelu", "silu", "elu", "tanh", "sigmoid"]
EIGHT = SIX + ["selu", "softplus"]
MANY = EIGHT + ["mish", "softsign", "hardtanh", "leaky_relu"]  # a legend beside the panel
SINGLES = ["gelu", "hardshrink", "hardtanh", "selu", "sigmoid", "leaky_relu", "step"]
SECOND = ["hardswish", "gelu", "elu"]  # with -d -2
SWEEPS = [("elu", "alpha=0.5,1,2"), ("leaky_relu", "negative_slope=0.01,0.1,0.3")]
LOGITS = [3, 1, -3, 0.5]
TEN_LOGITS = [2.5, 1, -1, 0.3, 0, 4, -2, 1.5, 0.7, -0.4]  # tilted class labels

Make = Callable[..., Any]  # look (dpi, lang) -> a result with .save(path) and .figure()


def families() -> dict[str, list[str]]:
    """Built-in activations by family, as the registry declares them."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in actviz.names():
        groups[actviz.get(name).activation.family].append(name)
    return dict(groups)


def _curve_kinds() -> Iterator[tuple[str, Make]]:
    for family, names in families().items():
        if len(names) > 1:
            yield f"family_{family}", lambda names=names, **look: actviz.compare(
                names, derivative=True, **look)
    for name in SINGLES:
        for axes in ("frame", "origin"):
            yield f"{name}_{axes}", lambda name=name, axes=axes, **look: actviz.plot(
                name, derivative=True, axes=axes, **look)
    for name in SECOND:
        yield f"{name}_d2", lambda name=name, **look: actviz.plot(
            name, derivative=True, second_derivative=True, **look)
    yield "compare6", lambda **look: actviz.compare(SIX, derivative=True, **look)
    yield "compare6_origin", lambda **look: actviz.compare(SIX, derivative=True,
                                                            axes="origin", **look)
    yield "compare8", lambda **look: actviz.compare(EIGHT, derivative=True, **look)
    yield "compare8_d2", lambda **look: actviz.compare(EIGHT, derivative=True,
                                                        second_derivative=True, **look)
    for name, sweep in SWEEPS:
        yield f"sweep_{name}", lambda name=name, sweep=sweep, **look: actviz.plot(
            name, sweep=sweep, derivative=True, **look)
    yield "dtype_sigmoid_bfloat16", lambda **look: actviz.plot(
        "sigmoid", derivative=True, dtype="bfloat16", **look)
    yield "dtype_staircase_e4m3fn", lambda **look: actviz.plot(
        "sigmoid", derivative=True, dtype="float8_e4m3fn", xmin=-8, xmax=8, **look)
    yield "dtype_compare_float16", lambda **look: actviz.compare(
        ["tanh", "gelu"], derivative=True, dtype="float16", xmin=-10, xmax=10, **look)


def _report_kinds() -> Iterator[tuple[str, Make]]:
    yield "saturation", lambda **look: actviz.saturation(["sigmoid", "tanh", "relu"], **look)
    yield "saturation_depth", lambda **look: actviz.saturation(
        ["sigmoid", "tanh", "relu"], depth=20, **look)
    yield "saturation_many", lambda **look: actviz.saturation(MANY, **look)
    yield "propagate", lambda **look: actviz.propagate(["tanh", "relu", "selu"],
                                                       **look)
    yield "propagate_depth", lambda **look: actviz.propagate(
        ["tanh", "relu", "selu"], depth=30, **look)
    yield "softmax", lambda **look: actviz.softmax(LOGITS, temperature="0.5,1,2", **look)
    yield "softmax_ten", lambda **look: actviz.softmax(TEN_LOGITS, temperature="0.5,2", **look)
    yield "fit", lambda **look: actviz.fit(**look)
    yield "fit_sine_wide", lambda **look: actviz.fit(
        target="sin(x)", activations="relu,tanh,gelu,sine", hidden=8, **look)


def _language_kinds() -> Iterator[tuple[str, Make]]:
    zh = {"lang": "zh"}
    yield "zh_gelu", lambda **look: actviz.plot("gelu", derivative=True, **zh, **look)
    yield "zh_compare", lambda **look: actviz.compare(SIX, derivative=True, **zh, **look)
    yield "zh_saturation", lambda **look: actviz.saturation(["sigmoid", "relu"], depth=10,
                                                            **zh, **look)
    yield "zh_propagate", lambda **look: actviz.propagate(["tanh", "relu"], **zh, **look)
    yield "zh_softmax", lambda **look: actviz.softmax(LOGITS, temperature="1,2", **zh, **look)
    yield "zh_fit", lambda **look: actviz.fit(activations="relu,tanh", **zh, **look)


def kinds() -> list[tuple[str, Make]]:
    """(name, make) for every figure kind of the gallery; ``make(dpi=…)`` returns the result."""
    return [*_curve_kinds(), *_report_kinds(), *_language_kinds()]


VECTOR = ["compare6", "gelu_d2", "saturation_depth", "propagate_depth", "softmax", "fit"]


def jobs(quick: bool) -> Iterator[tuple[str, Any]]:
    """(file name, result) for every figure of the gallery."""
    every = kinds()
    for dpi in (100,) if quick else (100, 200):
        for name, make in every:
            yield f"{name}_{dpi}.png", make(dpi=dpi)
    by_name = dict(every)
    for name in VECTOR:
        result = by_name[name]()
        yield f"{name}.svg", result
        yield f"{name}.pdf", result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="gallery", help="folder to write into")
    parser.add_argument("--quick", action="store_true", help="100 dpi only")
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    for file_name, result in jobs(options.quick):
        print(result.save(out / file_name))


if __name__ == "__main__":
    main()
