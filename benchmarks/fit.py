"""How long `actviz fit` and `actviz softmax` take (a benchmark, not a test: it prints, never fails).

    python benchmarks/fit.py            # the issue asks for six activations in under 2 s

Prints the experiment alone (numpy training of the six default activations, best of 5 runs),
the whole command in a fresh process with and without a figure, and each activation's MSE for
the default seed.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall_time(args: list[str], repeats: int = 3) -> float:
    """Median wall time of ``python -m actviz ARGS`` in a fresh process (imports included)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "actviz", *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from actviz.analysis.fit import DEFAULT_ACTIVATIONS, FitConfig, run_fit

    config = FitConfig()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        experiment = run_fit(DEFAULT_ACTIVATIONS, None, config)
        times.append(time.perf_counter() - start)
    print(f"fit experiment, {len(DEFAULT_ACTIVATIONS)} activations × {config.restarts} restarts × "
          f"{config.epochs} epochs: best {min(times):.3f} s, median {statistics.median(times):.3f} s")
    for fit in experiment.fits:
        print(f"  {fit.label:<20} best MSE {fit.best_mse:.6f}  median {fit.median_mse:.4f}  "
              f"dead restarts {fit.dead_restarts}/{config.restarts}")
    print(f"  best straight line   MSE {experiment.line_mse:.6f}")

    with tempfile.TemporaryDirectory() as folder:
        figure = str(Path(folder) / "fit.png")
        print(f"actviz fit (table, fresh process):        {wall_time(['fit']):.3f} s")
        print(f"actviz fit -o fit.png (fresh process):    {wall_time(['fit', '-o', figure]):.3f} s")
    print(f"actviz softmax 3 1 -3 --temperature 0.5,1,2 --explain (fresh process): "
          f"{wall_time(['softmax', '3', '1', '-3', '--temperature', '0.5,1,2', '--explain']):.3f} s")
    print(f"python -m actviz --version (start-up floor): {wall_time(['--version']):.3f} s")


if __name__ == "__main__":
    main()
