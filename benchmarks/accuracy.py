"""Print the accuracy table: the worst error of every function and its derivatives against mpmath.

    python benchmarks/accuracy.py [--points N] [--only NAME,NAME]

For each registered activation, at its default parameters, with each parameter halved and
doubled, and at the ends of each parameter's valid interval (±1e300 where it is unbounded),
f, f' and f'' are evaluated on N log-uniform magnitudes over the whole float64 range (both
signs, plus special values, breakpoints and their neighbours, ±inf) and on dense scans around
every spot where the code switches form (``extra["scan_around"]``: N/16 points within ±5 % and
±1…8 ulp), and compared with the same function at 60 digits in mpmath (see
actviz/analysis/accuracy.py).  The table gives the largest error in ulp and where it occurs;
"floor" says whether every point met the guarantee (1e-12 relative where |value| ≥ 1e-290).
Its output is the accuracy table in README.md.
"""

from __future__ import annotations

import argparse
import time

import actviz
from actviz.activations.registry import lookup
from actviz.analysis.accuracy import (
    accuracy_inputs,
    exact_form,
    measure,
    parameter_extremes,
    parameter_variants,
)

FUNCTIONS = ("f", "f'", "f''")
HEADINGS = {"f": "f", "f'": "f′", "f''": "f″"}


def measure_all(points: int, only: list[str] | None = None) -> list[dict]:
    rows = []
    for name in only or actviz.names():
        declaration = lookup(name)
        worst = {which: (0.0, 0.0, "defaults") for which in FUNCTIONS}
        floor_ok, count = True, 0
        for variant in parameter_variants(declaration) + parameter_extremes(declaration):
            bound = actviz.get(name, **variant)
            xs = accuracy_inputs(bound, points)
            for which in FUNCTIONS:
                if exact_form(declaration, which) is None:
                    worst[which] = (float("nan"), 0.0, "no reference")
                    continue
                report = measure(bound, xs, which)
                count += report.points
                floor_ok = floor_ok and report.meets_floor
                if report.max_ulp >= worst[which][0]:
                    worst[which] = (report.max_ulp, report.worst_x, bound.spec)
        rows.append({"name": name, "worst": worst, "floor": floor_ok, "points": count})
    return rows


def _cell(entry: tuple[float, float, str]) -> str:
    ulp = entry[0]
    if ulp != ulp:
        return "—"
    return f"{ulp:.2f}" if ulp else "0"


def print_markdown(rows: list[dict], points: int, seconds: float) -> None:
    columns = " | ".join(f"{HEADINGS[w]}: max ulp" for w in FUNCTIONS)
    print(f"| activation | {columns} | floor | worst case |")
    print("|---|" + "---:|" * len(FUNCTIONS) + ":---:|---|")
    for row in rows:
        measured = [w for w in FUNCTIONS if row["worst"][w][0] == row["worst"][w][0]]  # not NaN
        which = max(measured, key=lambda w: row["worst"][w][0])
        ulp, x, spec = row["worst"][which]
        where = f"{HEADINGS[which]} at x = {x:.6g} ({spec})" if ulp else "exact"
        cells = " | ".join(_cell(row["worst"][w]) for w in FUNCTIONS)
        print(f"| {row['name']} | {cells} | {'✓' if row['floor'] else '✗'} | {where} |")
    total = sum(row["points"] for row in rows)
    print(f"\n{total:,} evaluations against mpmath ({points:,} magnitudes per sweep, parameter "
          f"extremes and dense scans included), {seconds:.0f} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000, help="magnitudes per sweep")
    parser.add_argument("--only", default="", help="comma-separated names (default: all)")
    args = parser.parse_args()
    start = time.perf_counter()
    rows = measure_all(args.points, [n for n in args.only.split(",") if n] or None)
    print_markdown(rows, args.points, time.perf_counter() - start)


if __name__ == "__main__":
    main()
