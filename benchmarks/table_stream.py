"""Time and peak memory of ``actviz table sigmoid --format csv`` and ``--format json`` streamed
to a file, beside a plain ``repr`` join of the same numbers.

Run:  python benchmarks/table_stream.py [POINTS...]   (default 10^5, 10^6, 10^7)
For each number of rows it writes the table of sigmoid, x from -10 to 10 (three float columns:
x, f, f'), to a temporary file, as the command does (``TableValues.write(file, fmt)``: the
rows evaluated and formatted a block at a time), and prints for each way of writing its time
and the peak memory Python allocated meanwhile (tracemalloc):

- ``csv``, ``json``: the streamed CSV and JSON;
- ``json whole``: the JSON built whole, as before it streamed (``json.dumps`` of the table's
  dict), up to 10^6 rows (it takes about 500 bytes a row);
- ``repr join``: a plain ``repr`` join of the same three columns (computed beforehand, not
  counted) written in one piece, ``"\\n".join(",".join(map(repr, row)))``: the floor of any
  formatting of these floats in Python, and what the CSV's time is a ratio of.

tracemalloc slows every way alike, so the times are of runs without it: ``REPEATS`` rounds,
the ways taking turns in each, the best time of each way, and its ratio to the repr join the
median over the rounds of the ratio within a round (a machine shared with other work slows
the ways of one round alike, so that ratio is steadier than either time).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from typing import Callable

import numpy as np

import actviz
from actviz.render.export import json_text, value_table_json

DEFAULT_POINTS = (10**5, 10**6, 10**7)
WHOLE_JSON_MAX = 10**6  # rows up to which the whole-JSON way is measured (10^7: ~5 GiB)
REPEATS = 5
MIB = 2**20

Write = Callable[[object], None]


def sigmoid_table(n: int):
    return actviz.table("sigmoid", xmin=-10, xmax=10, points=n)


def streamed(n: int, fmt: str) -> Callable[[], Write]:
    """The command's way: a new result (nothing computed yet) that writes itself."""
    def make() -> Write:
        result = sigmoid_table(n)
        return lambda file: result.write(file, fmt)
    return make


def whole_json(n: int) -> Callable[[], Write]:
    """JSON as it was written before it streamed: the whole table, its dict, one text."""
    def make() -> Write:
        result = sigmoid_table(n)
        return lambda file: file.write(json_text(value_table_json(result.table)))
    return make


def repr_join(columns: list[np.ndarray]) -> Callable[[], Write]:
    """Writes the columns as one text: ``"\\n".join(",".join(map(repr, row)))``."""
    def write(file) -> None:
        rows = zip(*(map(repr, c.tolist()) for c in columns))
        file.write("\n".join(map(",".join, rows)) + "\n")
    return lambda: write


def run(make: Callable[[], Write], folder: str, traced: bool) -> float:
    """Seconds of one write into a file in ``folder``, or with ``traced`` its peak MiB."""
    write = make()
    with open(os.path.join(folder, "table.txt"), "w", encoding="utf-8", newline="") as file:
        if traced:
            tracemalloc.start()
            write(file)
            peak = tracemalloc.get_traced_memory()[1] / MIB
            tracemalloc.stop()
            return peak
        start = time.perf_counter()
        write(file)
        return time.perf_counter() - start


def measure(ways: dict[str, Callable[[], Write]], floor: str) -> dict[str, tuple[float, ...]]:
    """(best seconds, peak MiB, median ratio to the way ``floor``) of each way."""
    with tempfile.TemporaryDirectory() as folder:
        peaks = {name: run(make, folder, traced=True) for name, make in ways.items()}
        rounds = [{name: run(make, folder, traced=False) for name, make in ways.items()}
                  for _ in range(REPEATS)]
    return {name: (min(r[name] for r in rounds), peaks[name],
                   statistics.median(r[name] / r[floor] for r in rounds)) for name in ways}


def main(points: tuple[int, ...]) -> None:
    print(f"{'rows':>10}  {'way':<11} {'seconds':>8} {'peak MiB':>9} {'/ repr join':>12}")
    for n in points:
        x = np.linspace(-10, 10, n)
        sigmoid = actviz.get("sigmoid")
        ways = {"repr join": repr_join([x, sigmoid(x), sigmoid.derivative(x)]),
                "csv": streamed(n, "csv"), "json": streamed(n, "json")}
        if n <= WHOLE_JSON_MAX:
            ways["json whole"] = whole_json(n)
        for name, (seconds, peak, ratio) in measure(ways, "repr join").items():
            print(f"{n:>10}  {name:<11} {seconds:8.2f} {peak:9.1f} {ratio:12.2f}")


if __name__ == "__main__":
    main(tuple(int(float(a)) for a in sys.argv[1:]) or DEFAULT_POINTS)
