"""Formula timings: refusing hostile input, importing sympy, the first formula, a cached one.

Run: python benchmarks/formula.py   (each cold measurement is a fresh interpreter)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

HOSTILE = [
    "__import__('os').system('touch pwned')", "x.__class__.__mro__", "(lambda: 0)()",
    "[c for c in 'ab']", "x**x**x**x**99999", "'a'*10**9", "9**9**9", "(10**300*x)**100",
    "x" + "+x" * 600, "sigmoid(" * 51 + "x" + ")" * 51, "-" * 900 + "x", "exp(x, base=2)",
    "exp(x+10**8*log(10))", "sin(e^e^e^e)*x", "sin(1e300**1000)*x", "x\udcff",  # issue 18
]


def fresh(code: str, repeat: int = 5) -> float:
    """Median seconds that ``code`` reports (it prints one number) in fresh interpreters."""
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeat)]
    return statistics.median(runs)


def main() -> None:
    import actviz

    actviz.names()
    times = []
    for body in HOSTILE:
        started = time.perf_counter()
        try:
            actviz.get(f"f(x)={body}")
            raise AssertionError(f"accepted: {body}")
        except actviz.FormulaError:
            times.append(time.perf_counter() - started)
    print(f"refuse a hostile formula:                 median {statistics.median(times) * 1e3:.3f}"
          f" ms, max {max(times) * 1e3:.3f} ms ({len(HOSTILE)} inputs; sympy imported: "
          f"{'sympy' in sys.modules})")
    timer = "import time; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
    print(f"import sympy (cold):                      "
          f"{fresh(timer.format('import sympy')) * 1e3:7.0f} ms")
    relu = timer.format("import actviz; actviz.get('relu')")
    print(f"import actviz + get('relu') (cold):       {fresh(relu) * 1e3:7.0f} ms")
    first = ("import numpy as np, actviz, time; t = time.perf_counter(); "
             "a = actviz.get('f(x; beta=1.5)=x*sigmoid(beta*x)'); x = np.linspace(-6, 6, 2001); "
             "a(x); a.derivative(x); print(time.perf_counter() - t)")
    print(f"first formula, f and f' on 2001 points:   {fresh(first) * 1e3:7.0f} ms "
          "(sympy import included)")
    actviz.get("f(x; beta=1.5)=x*sigmoid(beta*x)")
    started = time.perf_counter()
    for _ in range(1000):
        actviz.get("f(x; beta=1.5)=x*sigmoid(beta*x)", beta=2)
    print(f"the same formula again (cached):          "
          f"{(time.perf_counter() - started) * 1e3:7.3f} µs")


if __name__ == "__main__":
    main()
