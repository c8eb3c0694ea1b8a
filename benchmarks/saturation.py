"""Timings of ``actviz saturation``: the per-activation analysis and the depth experiment.

Run:  python benchmarks/saturation.py
Prints the median of a few runs for each part (after one warm-up, so scipy's import is not
counted), then the whole command through the console script, start-up included.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import actviz
from actviz.analysis.depth import DepthSettings, depth_experiment
from actviz.analysis.saturation import saturation

REPEATS = 3


def timed(fn, repeats: int = REPEATS) -> float:
    fn()  # warm-up: imports, caches
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    activations = actviz.select()
    print(f"{len(activations)} activations")

    total = timed(lambda: [saturation(act) for act in activations])
    print(f"saturation analysis, all activations:        {total * 1e3:8.1f} ms")
    slowest = max(activations, key=lambda act: timed(lambda: saturation(act), 1))
    print(f"  slowest single activation ({slowest.name}):   "
          f"{timed(lambda: saturation(slowest)) * 1e3:8.1f} ms")

    settings = DepthSettings(layers=50, width=256)
    for name in ("sigmoid", "relu", "gelu"):
        act = actviz.get(name)
        seconds = timed(lambda act=act: depth_experiment([act], settings))
        print(f"depth experiment L=50 W=256, {name:8s}:        {seconds * 1e3:8.1f} ms")
    seconds = timed(lambda: depth_experiment(activations, settings), 1)
    print(f"depth experiment L=50 W=256, all activations: {seconds:8.2f} s")

    for args in (["saturation"], ["saturation", "sigmoid", "tanh", "relu", "--depth", "30"]):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "actviz", *args], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"actviz {' '.join(args):42s} {time.perf_counter() - start:8.2f} s (whole command)")


if __name__ == "__main__":
    main()
