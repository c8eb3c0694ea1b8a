"""Print the accuracy table: the worst error of every function and derivative against mpmath.

    python benchmarks/accuracy.py [--points N] [--markdown]

For each registered activation, at its default parameters and with each parameter halved and
doubled, f and f' are evaluated on N log-uniform magnitudes over the whole float64 range (both
signs, plus special values, breakpoints and their neighbours, ±inf) and compared with the same
function at 60 digits in mpmath (see actviz/analysis/accuracy.py).  The table gives the largest
error in ulp and where it occurs; "floor" says whether every point met the guarantee (1e-12
relative where |value| ≥ 1e-290).  Its output is the accuracy table in README.md.
"""

from __future__ import annotations

import argparse
import time

import actviz
from actviz.activations.registry import lookup
from actviz.analysis.accuracy import accuracy_inputs, measure, parameter_variants


def measure_all(points: int) -> list[dict]:
    rows = []
    for name in actviz.names():
        worst = {"f": (0.0, 0.0, "defaults"), "f'": (0.0, 0.0, "defaults")}
        floor_ok, count = True, 0
        for variant in parameter_variants(lookup(name)):
            bound = actviz.get(name, **variant)
            xs = accuracy_inputs(bound, points)
            for which in ("f", "f'"):
                report = measure(bound, xs, which)
                count += report.points
                floor_ok = floor_ok and report.meets_floor
                if report.max_ulp >= worst[which][0]:
                    worst[which] = (report.max_ulp, report.worst_x, bound.spec)
        rows.append({"name": name, "f": worst["f"], "df": worst["f'"], "floor": floor_ok,
                     "points": count})
    return rows


def _cell(entry: tuple[float, float, str]) -> str:
    ulp, x, _spec = entry
    return f"{ulp:.2f}" if ulp else "0"


def print_markdown(rows: list[dict], points: int, seconds: float) -> None:
    print("| activation | f: max ulp | f′: max ulp | floor | worst case |")
    print("|---|---:|---:|:---:|---|")
    for row in rows:
        ulp, x, spec = max(row["f"], row["df"], key=lambda entry: entry[0])
        which = "f" if row["f"][0] >= row["df"][0] else "f′"
        where = f"{which} at x = {x:.6g} ({spec})" if ulp else "exact"
        print(f"| {row['name']} | {_cell(row['f'])} | {_cell(row['df'])} | "
              f"{'✓' if row['floor'] else '✗'} | {where} |")
    total = sum(row["points"] for row in rows)
    print(f"\n{total:,} evaluations against mpmath ({points:,} magnitudes per sweep), "
          f"{seconds:.0f} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000, help="magnitudes per sweep")
    args = parser.parse_args()
    start = time.perf_counter()
    rows = measure_all(args.points)
    print_markdown(rows, args.points, time.perf_counter() - start)


if __name__ == "__main__":
    main()
