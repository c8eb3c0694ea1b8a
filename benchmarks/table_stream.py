"""Time and peak memory of ``actviz table sigmoid --format csv`` streamed to a file.

Run:  python benchmarks/table_stream.py [POINTS...]   (default 10^5, 10^6, 10^7)
For each number of rows it writes the table of sigmoid, x from -10 to 10 (three float columns:
x, f, f'), to a temporary file with :meth:`TableValues.write_csv`, and prints its time and the
peak memory Python allocated meanwhile (tracemalloc), beside a plain ``repr`` join of the same
three columns (computed beforehand, not counted) written in one piece: the floor of any
formatting of these floats in Python.  tracemalloc slows both alike; the times are of a
second run without it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from typing import Callable

import numpy as np

import actviz

DEFAULT_POINTS = (10**5, 10**6, 10**7)
MIB = 2**20


def measured(write: Callable[[object], None]) -> tuple[float, float]:
    """(seconds, peak MiB) of ``write(file)`` into a temporary file: the time untraced."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "table.csv")
        tracemalloc.start()
        with open(path, "w", encoding="utf-8", newline="") as file:
            write(file)
        peak = tracemalloc.get_traced_memory()[1] / MIB
        tracemalloc.stop()
        start = time.perf_counter()
        with open(path, "w", encoding="utf-8", newline="") as file:
            write(file)
        return time.perf_counter() - start, peak


def repr_join(columns: list[np.ndarray]) -> Callable[[object], None]:
    """Writes the columns as one text: ``"\\n".join(",".join(map(repr, row)))``."""
    def write(file) -> None:
        rows = zip(*(map(repr, c.tolist()) for c in columns))
        file.write("\n".join(map(",".join, rows)) + "\n")
    return write


def main(points: tuple[int, ...]) -> None:
    print(f"{'rows':>10}  {'stream s':>9}  {'peak MiB':>9}  {'repr join s':>11}  "
          f"{'peak MiB':>9}  {'time ratio':>10}")
    for n in points:
        result = actviz.table("sigmoid", xmin=-10, xmax=10, points=n)
        stream_time, stream_peak = measured(result.write_csv)
        x = np.linspace(-10, 10, n)
        sigmoid = actviz.get("sigmoid")
        columns = [x, sigmoid(x), sigmoid.derivative(x)]
        join_time, join_peak = measured(repr_join(columns))
        print(f"{n:>10}  {stream_time:9.2f}  {stream_peak:9.1f}  {join_time:11.2f}  "
              f"{join_peak:9.1f}  {stream_time / join_time:10.2f}")


if __name__ == "__main__":
    main(tuple(int(float(a)) for a in sys.argv[1:]) or DEFAULT_POINTS)
