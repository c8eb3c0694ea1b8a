"""Start-up and figure time of the actviz command line, against bare-Python baselines.

Prints, for each comparison, the median wall and CPU (user + system) time of several runs of
each command, run alternately, and their ratios; CPU time is the steadier figure on a busy
machine.  Targets (issue 3): ``actviz list`` ≤ 1.3 × ``python -c "import numpy, click, rich"``;
``actviz plot sigmoid --derivative -o f.png`` ≤ 1.2 × a bare pyplot script that draws the same
two curves and saves a PNG.  Also reports what ``import scipy.special`` adds on top of
matplotlib (only paid if a figure's activation needs scipy), what actviz's own start-up and
the first mathtext formula cost, what the interpreter's exit costs once matplotlib is loaded
with and without ``gc.freeze()`` (which ``actviz.cli.main`` calls before exiting), and which
heavy libraries ``--help``, ``list``, a terminal chart and a figure import (``list`` binds
numpy without importing it: see ``actviz.lazy``).

Run with the package installed as users install it (``pip install .``; an editable install
adds its own import hook to every start):  python benchmarks/startup.py [--runs N]
Not a test: timings depend on the machine; the script only measures and prints.
"""

from __future__ import annotations

import argparse
import os
import resource
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
# What a figure command pays beyond the bare script, each measured in its own process.
COSTS = {
    "import actviz.cli and bind sigmoid, beyond numpy": """
import time, numpy
t = time.perf_counter()
import actviz.cli, actviz
actviz.get("sigmoid")(0.0)
print(time.perf_counter() - t)
""",
    "first mathtext formula in the house style (panel titles)": """
import time, matplotlib.figure, matplotlib.backends.backend_agg, matplotlib.mathtext
from actviz.render.canvas import style_context
with style_context(None):
    t = time.perf_counter()
    parser = matplotlib.mathtext.MathTextParser("agg")
    parser.parse(r"$\\sigma(x) = \\frac{1}{1 + e^{-x}}$", dpi=100)
    print(time.perf_counter() - t)
""",
    "find the CJK font of --lang zh (none installed: recorded after one look)": """
import time
from matplotlib import font_manager
font_manager.fontManager
from actviz.render.canvas import find_cjk_family
t = time.perf_counter()
find_cjk_family()
print(time.perf_counter() - t)
""",
    "import scipy.special after matplotlib (if a figure needs it)": """
import time, numpy, matplotlib.figure, matplotlib.backends.backend_agg
t = time.perf_counter()
import scipy.special
print(time.perf_counter() - t)
""",
    "exit after a figure, final garbage collection included": """
import subprocess, sys, time
code = "import matplotlib.figure, time; print(time.time())"
done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
print(time.time() - float(done.stdout))
""",
    "exit after a figure, gc.freeze() first (what actviz does)": """
import subprocess, sys, time
code = "import gc, matplotlib.figure, time; gc.freeze(); print(time.time())"
done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
print(time.time() - float(done.stdout))
""",
}
NO_HEAVY_IMPORTS = """
import sys
from actviz.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
heavy = sorted(m for m in ("numpy", "matplotlib", "scipy", "sympy") if m in sys.modules)
print(",".join(heavy) or "none", file=sys.stderr)
"""


def actviz_command() -> list[str]:
    script = shutil.which("actviz", path=str(Path(PYTHON).parent)) or shutil.which("actviz")
    return [script] if script else [PYTHON, "-m", "actviz"]


def timed(command: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU (user + system) is steadier on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(title: str, ours: list[str], baseline: list[str], runs: int, target: float) -> float:
    """Median times of both commands, run alternately so that load drifts hit both alike."""
    timed(ours), timed(baseline)  # warm the file cache and matplotlib's font cache
    pairs = [(timed(ours), timed(baseline)) for _ in range(runs)]
    print(title)
    for index, kind in enumerate(("wall", "CPU")):
        mine = statistics.median(p[0][index] for p in pairs)
        base = statistics.median(p[1][index] for p in pairs)
        ratio = mine / base
        verdict = "ok" if ratio <= target else "ABOVE TARGET"
        print(f"  {kind:<4}  actviz {mine * 1000:6.0f} ms  baseline {base * 1000:6.0f} ms  "
              f"ratio {ratio:4.2f}  (target ≤ {target})  {verdict}")
        if kind == "wall":
            wall_base = base
    return wall_base


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
        print("  where the difference goes (wall, median; fraction of the baseline):")
        for what, script in COSTS.items():
            cost = statistics.median(
                float(subprocess.run([PYTHON, "-c", script], check=True, capture_output=True,
                                     text=True).stdout)
                for _ in range(runs)
            )
            print(f"    {what:<62} {cost * 1000:6.1f} ms  {cost / base:4.2f}")
        env = dict(os.environ, COLUMNS="100", LINES="30")
        figure = ["plot", "sigmoid", "-d", "-o", ours_png]
        for argv in (["--help"], ["list"], ["plot", "sigmoid", "-d"], figure):
            done = subprocess.run([PYTHON, "-c", NO_HEAVY_IMPORTS.format(argv=argv)], env=env,
                                  capture_output=True, text=True, check=True)
            heavy = done.stderr.strip().splitlines()[-1]
            shown = " ".join(argv).replace(ours_png, "f.png")
            print(f"actviz {shown:<28} imports of numpy/matplotlib/scipy/sympy: {heavy}")


if __name__ == "__main__":
    main()
