"""Timings and accuracy of ``actviz propagate``.

Run:  python benchmarks/propagate.py
Prints (median of a few runs, after one warm-up so scipy's import is not counted):

- the mean-field numbers of every activation at one (σ_w², σ_b²), and at the default;
- the phase-diagram lines of tanh, ELU, SELU and GELU (what ``-o`` draws);
- the whole command through the console script, start-up included;
- how well the theory predicts the depth experiment: for widths 256 and 1024, the largest
  and the median |log10(measured / predicted)| of ‖δ_k‖/‖δ_L‖ over the layers, per setting.
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
import time

import numpy as np

import actviz
from actviz.analysis.depth import DepthSettings, depth_experiment
from actviz.analysis.propagation import phase_diagram, predicted_gradient, propagation

REPEATS = 3
SETTINGS = [  # (activation, σ_w², σ_b²): ordered, critical and chaotic cases
    ("tanh", 1.5, 0.05), ("tanh", 2.0, 0.0), ("relu", 2.0, 0.0), ("relu", 1.8, 0.0),
    ("selu", 1.0, 0.0), ("gelu", 2.0, 0.0),
]
LAYERS = 50
SEEDS = {256: (0, 1, 2), 1024: (0,)}  # a 1024-wide run is 16 times the work


def timed(fn, repeats: int = REPEATS) -> str:
    """Median wall-clock and CPU seconds (the CPU time does not grow with the machine's load)."""
    fn()
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return f"{statistics.median(walls):6.2f} s ({statistics.median(cpus):.2f} s CPU)"


def agreement(name: str, sigma_w2: float, sigma_b2: float, width: int) -> tuple[float, float]:
    """max and median over layers (and seeds) of |log10(measured/predicted)|."""
    act = actviz.get(name)
    predicted = predicted_gradient(act, sigma_w2, sigma_b2, LAYERS)
    errors = []
    for seed in SEEDS[width]:
        settings = DepthSettings(LAYERS, width=width, seed=seed, sigma_w2=sigma_w2,
                                 sigma_b2=sigma_b2)
        measured = depth_experiment([act], settings).runs[0].gradient_norm
        errors += [abs(math.log10(m / p)) for m, p in zip(measured[:-1], predicted[:-1])]
    return max(errors), statistics.median(errors)


def main() -> None:
    activations = actviz.select()
    for w, b in ((1.0, 0.0), (1.5, 0.05)):
        total = timed(lambda: [propagation(act, w, b) for act in activations])
        print(f"{len(activations)} activations at σ_w² = {w:g}, σ_b² = {b:g}: {total}")
    four = [actviz.get(n) for n in ("tanh", "elu", "selu", "gelu")]
    print(f"phase diagram lines, tanh ELU SELU GELU:    {timed(lambda: [phase_diagram(a) for a in four])}")
    command = [sys.executable, "-m", "actviz", "propagate", "tanh", "elu", "selu", "gelu",
               "-o", "/tmp/actviz-propagate-benchmark.png"]
    print("actviz propagate tanh elu selu gelu -o FIG: " + timed(
        lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL), 1).split(" (")[0] + " (wall)")
    print(f"\ntheory vs experiment, {LAYERS} layers, seeds {SEEDS}: |log10(measured/predicted)|")
    print(f"{'setting':28s} {'width 256: max':>15s} {'median':>7s} {'width 1024: max':>16s} {'median':>7s}")
    for name, w, b in SETTINGS:
        narrow, wide = agreement(name, w, b, 256), agreement(name, w, b, 1024)
        print(f"{name:8s} σ_w²={w:<4g} σ_b²={b:<5g}   {narrow[0]:15.3f} {narrow[1]:7.3f} "
              f"{wide[0]:16.3f} {wide[1]:7.3f}")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
