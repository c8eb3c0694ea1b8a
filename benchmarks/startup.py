"""Start-up and figure time of the actviz command line, against bare-Python baselines.

Prints, for each comparison, the median wall time of several runs of each command and their
ratio.  Targets (issue 3): ``actviz list`` ≤ 1.3 × ``python -c "import numpy, click, rich"``;
``actviz plot sigmoid --derivative -o f.png`` ≤ 1.2 × a bare pyplot script that draws the same
two curves and saves a PNG.  Also reports what a plain ``import scipy.special`` adds on top of
matplotlib (sigmoid's registry entry uses scipy's expit), and checks that ``--help``, ``list``
and terminal charts never import matplotlib.

Run from the repository with the package installed:  python benchmarks/startup.py [--runs N]
Not a test: timings depend on the machine; the script only measures and prints.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
BARE_PYPLOT = """
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
x = np.linspace(-6, 6, 2001)
s = 1 / (1 + np.exp(-x))
fig, (top, bottom) = plt.subplots(2, 1, sharex=True)
top.plot(x, s)
bottom.plot(x, s * (1 - s))
fig.savefig({path!r})
"""
SCIPY_AFTER_MATPLOTLIB = """
import time, numpy, matplotlib.figure, matplotlib.backends.backend_agg
t = time.perf_counter()
import scipy.special
print(time.perf_counter() - t)
"""
NO_HEAVY_IMPORTS = """
import sys
from actviz.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
heavy = sorted(m for m in ("matplotlib", "scipy", "sympy") if m in sys.modules)
print(",".join(heavy) or "none", file=sys.stderr)
"""


def actviz_command() -> list[str]:
    script = shutil.which("actviz", path=str(Path(PYTHON).parent)) or shutil.which("actviz")
    return [script] if script else [PYTHON, "-m", "actviz"]


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def compare(title: str, ours: list[str], baseline: list[str], runs: int, target: float) -> float:
    """Median times of both commands, run alternately so that load drifts hit both alike."""
    wall_time(ours), wall_time(baseline)  # warm the file cache and matplotlib's font cache
    pairs = [(wall_time(ours), wall_time(baseline)) for _ in range(runs)]
    mine = statistics.median(p[0] for p in pairs)
    base = statistics.median(p[1] for p in pairs)
    ratio = mine / base
    verdict = "ok" if ratio <= target else "ABOVE TARGET"
    print(f"{title}\n  actviz   {mine * 1000:7.1f} ms\n  baseline {base * 1000:7.1f} ms\n"
          f"  ratio    {ratio:7.2f}  (target ≤ {target})  {verdict}")
    return base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per command (median)")
    runs = parser.parse_args().runs
    actviz = actviz_command()
    with tempfile.TemporaryDirectory() as folder:
        ours_png, bare_png = os.path.join(folder, "f.png"), os.path.join(folder, "bare.png")
        print(f"python {sys.version.split()[0]}, {runs} runs each, median\n")
        compare("actviz --help  vs  python -c 'import numpy, click, rich'",
                actviz + ["--help"], [PYTHON, "-c", "import numpy, click, rich"], runs, 1.3)
        compare("actviz list  vs  python -c 'import numpy, click, rich'",
                actviz + ["list"], [PYTHON, "-c", "import numpy, click, rich"], runs, 1.3)
        bare = [PYTHON, "-c", BARE_PYPLOT.format(path=bare_png)]
        base = compare("actviz plot sigmoid --derivative -o f.png  vs  bare pyplot script",
                       actviz + ["plot", "sigmoid", "--derivative", "-o", ours_png], bare,
                       runs, 1.2)
        scipy_costs = [
            float(subprocess.run([PYTHON, "-c", SCIPY_AFTER_MATPLOTLIB], check=True,
                                 capture_output=True, text=True).stdout)
            for _ in range(runs)
        ]
        scipy_cost = statistics.median(scipy_costs)
        print(f"  of which 'import scipy.special' after matplotlib: {scipy_cost * 1000:.1f} ms "
              f"= {scipy_cost / base:.2f} of the baseline (sigmoid's registry entry uses expit)")
        compare("actviz plot relu --derivative -o f.png (no scipy)  vs  the same bare script",
                actviz + ["plot", "relu", "--derivative", "-o", ours_png], bare, runs, 1.2)
        env = dict(os.environ, COLUMNS="100", LINES="30")
        for argv in (["--help"], ["list"], ["plot", "sigmoid", "-d"]):
            done = subprocess.run([PYTHON, "-c", NO_HEAVY_IMPORTS.format(argv=argv)], env=env,
                                  capture_output=True, text=True, check=True)
            heavy = done.stderr.strip().splitlines()[-1]
            print(f"actviz {' '.join(argv):<18} imports of matplotlib/scipy/sympy: {heavy}")


if __name__ == "__main__":
    main()
