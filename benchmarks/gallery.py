"""A gallery of every figure kind, to look at before calling a figure change done (issue 13).

Renders, through the public API as users call it: every activation family (one compare per
family, with f'), single activations with -d in both axes placements, a 6-curve and an
8-curve compare, sweeps, a saturation and a softmax figure, Chinese labels, SVG and PDF, at
100 and 200 dpi.  Writes into a folder (default: ``gallery/``) and prints what it wrote.

    python benchmarks/gallery.py [--out DIR] [--quick]

Not a test: open the PNGs and look.  The checks that can be made by program (no tick label
over a curve, every asymptote labelled, eight curves apart in greyscale) are tests in
``tests/test_figure_print.py``.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import actviz

SIX = ["relu", "gelu", "silu", "elu", "tanh", "sigmoid"]
EIGHT = SIX + ["selu", "softplus"]
SINGLES = ["gelu", "hardshrink", "hardtanh", "selu", "sigmoid", "leaky_relu", "step"]
SWEEPS = [("elu", "alpha=0.5,1,2"), ("leaky_relu", "negative_slope=0.01,0.1,0.3")]


def families() -> dict[str, list[str]]:
    """Built-in activations by family, as the registry declares them."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in actviz.names():
        groups[actviz.get(name).activation.family].append(name)
    return dict(groups)


def jobs(quick: bool):
    """(file name, result) for every figure of the gallery."""
    for dpi in (100,) if quick else (100, 200):
        look = {"dpi": dpi}
        for family, names in families().items():
            if len(names) > 1:
                yield f"family_{family}_{dpi}.png", actviz.compare(names, derivative=True, **look)
        for name in SINGLES:
            for axes in ("frame", "origin"):
                yield (f"{name}_{axes}_{dpi}.png",
                       actviz.plot(name, derivative=True, axes=axes, **look))
        yield f"compare6_{dpi}.png", actviz.compare(SIX, derivative=True, **look)
        yield f"compare8_{dpi}.png", actviz.compare(EIGHT, derivative=True, **look)
        for name, sweep in SWEEPS:
            yield (f"sweep_{name}_{dpi}.png",
                   actviz.plot(name, sweep=sweep, derivative=True, **look))
        yield f"saturation_{dpi}.png", actviz.saturation(["sigmoid", "tanh", "relu"], **look)
        yield (f"softmax_{dpi}.png",
               actviz.softmax([3, 1, -3, 0.5], temperature="0.5,1,2", **look))
        yield f"zh_gelu_{dpi}.png", actviz.plot("gelu", derivative=True, lang="zh", **look)
        yield f"zh_compare_{dpi}.png", actviz.compare(SIX, derivative=True, lang="zh", **look)
    yield "compare6.svg", actviz.compare(SIX, derivative=True)
    yield "compare6.pdf", actviz.compare(SIX, derivative=True)


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
