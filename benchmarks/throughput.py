"""Print ns per element of every activation's f, f' and f'', beside the naive numpy formula.

    python benchmarks/throughput.py [--sizes 1e6,1e7] [--repeat 5] [--markdown] [--only NAME,...]

For each registered activation at its defaults: the median time of ``act(x)``,
``act.derivative(x)`` and ``act.derivative(x, order=2)`` on float64 x evenly spread over
[-10, 10], in ns per element, beside the textbook numpy formula (what a blog post writes: ``1 / (1 + np.exp(-x))``; scipy's where the
textbook uses it) and PyTorch float64 on the CPU when torch is installed (it is not a
dependency).  The machine may be shared, so actviz and the naive formula are timed in
alternation, call for call, and "ratio" is the median of the per-pair ratios actviz / naive:
a load that comes and goes slows both sides of a pair alike.  "peak" is the largest extra memory one call
allocates (tracemalloc, which numpy reports its buffers to) as a multiple of the input array's
size: the output itself counts 1.

The naive formulas are the reference for *speed* only: many of them overflow, cancel or return
0 in the tails, which is why actviz does not use them.

The f'' of a piecewise-linear entry is 0, and the textbook writes ``np.zeros_like(x)``, which
never reads x; actviz must read it once (NaN in gives NaN out), so these ratios include that
read.  actviz's zeros come from ``np.zeros`` (calloc): for arrays beyond glibc's mmap
threshold the pages are zeroed by the system when first touched, a cost this timing does not
see on either side of a later use, which is why such an f'' may time below the naive form at 10^7.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
import warnings
from typing import Callable

import numpy as np

import actviz

Naive = Callable[[np.ndarray], np.ndarray]


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _special():
    import scipy.special

    return scipy.special


def _naive_forms() -> dict[str, tuple[Naive, Naive, Naive | None]]:
    """The textbook formula for f, f' and f'' of each entry (at actviz's defaults), where one is
    commonly written.  Entries without one are measured alone."""
    sp = _special()
    phi = lambda x: np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)  # noqa: E731
    c = np.sqrt(2 / np.pi)
    pairs = {
        "relu": (lambda x: np.maximum(x, 0), lambda x: (x > 0).astype(float)),
        "leaky_relu": (lambda x: np.where(x > 0, x, 0.01 * x), lambda x: np.where(x > 0, 1.0, 0.01)),
        "relu6": (lambda x: np.clip(x, 0, 6), lambda x: ((x > 0) & (x < 6)).astype(float)),
        "identity": (lambda x: x.copy(), lambda x: np.ones_like(x)),
        "sigmoid": (_sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x))),
        "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
        "softsign": (lambda x: x / (1 + np.abs(x)), lambda x: 1 / (1 + np.abs(x)) ** 2),
        "arctan": (np.arctan, lambda x: 1 / (1 + x * x)),
        "silu": (lambda x: x * _sigmoid(x),
                 lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x)))),
        "swish": (lambda x: x * _sigmoid(x),
                  lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x)))),
        "gelu": (lambda x: x * sp.ndtr(x), lambda x: sp.ndtr(x) + x * phi(x)),
        "gelu_tanh": (
            lambda x: 0.5 * x * (1 + np.tanh(c * (x + 0.044715 * x**3))),
            lambda x: 0.5 * (1 + np.tanh(c * (x + 0.044715 * x**3)))
            + 0.5 * x * (1 - np.tanh(c * (x + 0.044715 * x**3)) ** 2) * c * (1 + 3 * 0.044715 * x**2),
        ),
        "softplus": (lambda x: np.log(1 + np.exp(x)), _sigmoid),
        "logsigmoid": (lambda x: np.log(_sigmoid(x)), lambda x: 1 - _sigmoid(x)),
        "mish": (
            lambda x: x * np.tanh(np.log(1 + np.exp(x))),
            lambda x: np.tanh(np.log(1 + np.exp(x)))
            + x * _sigmoid(x) * (1 - np.tanh(np.log(1 + np.exp(x))) ** 2),
        ),
        "elu": (lambda x: np.where(x > 0, x, np.exp(x) - 1), lambda x: np.where(x > 0, 1.0, np.exp(x))),
        "tanhshrink": (lambda x: x - np.tanh(x), lambda x: np.tanh(x) ** 2),
        "gaussian": (lambda x: np.exp(-x * x), lambda x: -2 * x * np.exp(-x * x)),
        "hardtanh": (lambda x: np.clip(x, -1, 1), lambda x: (np.abs(x) < 1).astype(float)),
        "hardsigmoid": (lambda x: np.clip(x / 6 + 0.5, 0, 1),
                        lambda x: np.where(np.abs(x) < 3, 1 / 6, 0.0)),
        "hardswish": (lambda x: x * np.clip(x + 3, 0, 6) / 6,
                      lambda x: np.where(x < -3, 0.0, np.where(x > 3, 1.0, (2 * x + 3) / 6))),
        "step": (lambda x: (x > 0).astype(float), lambda x: np.zeros_like(x)),
    }
    seconds = _naive_second_derivatives(phi)
    return {name: (f, df, seconds.get(name)) for name, (f, df) in pairs.items()}


def _naive_second_derivatives(phi) -> dict[str, Naive]:
    """The textbook f'' (a piecewise-linear entry's is 0 almost everywhere)."""
    zeros = np.zeros_like

    def sigmoid_slope(x):
        s = _sigmoid(x)
        return s * (1 - s)

    return {
        "relu": zeros, "leaky_relu": zeros, "relu6": zeros, "identity": zeros, "step": zeros,
        "hardtanh": zeros, "hardsigmoid": zeros,
        "sigmoid": lambda x: sigmoid_slope(x) * (1 - 2 * _sigmoid(x)),
        "tanh": lambda x: -2 * np.tanh(x) * (1 - np.tanh(x) ** 2),
        "softsign": lambda x: -2 * np.sign(x) / (1 + np.abs(x)) ** 3,
        "arctan": lambda x: -2 * x / (1 + x * x) ** 2,
        "silu": lambda x: sigmoid_slope(x) * (2 + x * (1 - 2 * _sigmoid(x))),
        "swish": lambda x: sigmoid_slope(x) * (2 + x * (1 - 2 * _sigmoid(x))),
        "gelu": lambda x: phi(x) * (2 - x * x),
        "softplus": sigmoid_slope,
        "logsigmoid": lambda x: -sigmoid_slope(x),
        "elu": lambda x: np.where(x > 0, 0.0, np.exp(x)),
        "tanhshrink": lambda x: 2 * np.tanh(x) * (1 - np.tanh(x) ** 2),
        "gaussian": lambda x: (4 * x * x - 2) * np.exp(-x * x),
        "hardswish": lambda x: np.where(np.abs(x) < 3, 1 / 3, 0.0),
    }


def _torch_forms() -> dict[str, tuple[Callable, Callable]] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    nn = torch.nn.functional

    def grad(fn):
        def run(t):
            t = t.detach().requires_grad_(True)
            (y,) = torch.autograd.grad(fn(t).sum(), t)
            return y
        return run

    forms = {"relu": nn.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "silu": nn.silu,
             "gelu": nn.gelu, "gelu_tanh": lambda t: nn.gelu(t, approximate="tanh"),
             "mish": nn.mish, "softplus": nn.softplus, "elu": nn.elu, "selu": nn.selu,
             "tanhshrink": nn.tanhshrink, "softsign": nn.softsign, "logsigmoid": nn.logsigmoid,
             "hardtanh": nn.hardtanh, "hardswish": nn.hardswish, "hardsigmoid": nn.hardsigmoid,
             "relu6": nn.relu6, "celu": nn.celu, "leaky_relu": nn.leaky_relu}
    return {name: (fn, grad(fn)) for name, fn in forms.items()}


def _seconds(fn: Callable, x) -> float:
    start = time.perf_counter()
    fn(x)
    return time.perf_counter() - start


def ns_per_element(fn: Callable, x, repeat: int) -> float:
    fn(x)  # warm: first-call imports and caches are not the kernel's speed
    return statistics.median(_seconds(fn, x) for _ in range(repeat)) / x.size * 1e9


def alternating(ours: Callable, naive: Callable, x, repeat: int) -> tuple[float, float, float]:
    """(ours, naive) in ns per element and the median ratio ours/naive, timed call for call in
    alternation so that a passing load slows both sides of each pair alike."""
    ours(x), naive(x)  # warm
    pairs = [(_seconds(ours, x), _seconds(naive, x)) for _ in range(repeat)]
    scale = 1e9 / x.size
    return (statistics.median(a for a, _ in pairs) * scale,
            statistics.median(b for _, b in pairs) * scale,
            statistics.median(a / b for a, b in pairs))


def peak_multiple(fn: Callable, x: np.ndarray) -> float:
    tracemalloc.start()
    try:
        fn(x)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / x.nbytes


# (column key, index into the naive triple, how to call the bound activation)
ORDERS = (("f", 0, lambda act: act),
          ("df", 1, lambda act: act.derivative),
          ("d2f", 2, lambda act: (lambda x: act.derivative(x, order=2))))


def measure(names: list[str], size: int, repeat: int) -> list[dict]:
    naive, torch_forms = _naive_forms(), _torch_forms()
    x = np.linspace(-10.0, 10.0, size)
    tx = None
    if torch_forms is not None:
        import torch

        tx = torch.from_numpy(x)
    rows = []
    for name in names:
        act = actviz.get(name)
        row = {"name": name}
        for key, index, bind in ORDERS:
            if key == "d2f" and act.activation.second_derivative is None:
                row.update({key: None, key + "_peak": None, key + "_naive": None,
                            key + "_ratio": None, key + "_torch": None})
                continue
            ours = bind(act)
            textbook = naive[name][index] if name in naive else None
            row[key + "_peak"] = peak_multiple(ours, x)
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                if textbook is None:
                    row[key] = ns_per_element(ours, x, repeat)
                    row[key + "_naive"] = row[key + "_ratio"] = None
                else:
                    row[key], row[key + "_naive"], row[key + "_ratio"] = alternating(
                        ours, textbook, x, repeat)
            row[key + "_torch"] = (ns_per_element(torch_forms[name][index], tx, repeat)
                                   if torch_forms and name in torch_forms and index < 2 else None)
        rows.append(row)
    return rows


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}×"


def _peak(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}×"


def print_table(rows: list[dict], size: int, markdown: bool, torch: bool) -> None:
    head = ["activation"]
    for prime in ("", "′", "″"):
        head += [f"f{prime}", f"naive f{prime}", "ratio"] + ([f"torch f{prime}"] if torch and prime != "″" else [])
    head += ["peak f", "peak f′", "peak f″"]
    print(f"\n{size:,} float64 points in [-10, 10], ns per element (median), peak × input:")
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|---" + "|---:" * (len(head) - 1) + "|")
    else:
        print("  ".join(f"{h:>10}" for h in head))
    for r in rows:
        cells = [r["name"]]
        for key, _, _ in ORDERS:
            cells += [_num(r[key]), _num(r[key + "_naive"]), _ratio(r[key + "_ratio"])]
            if torch and key != "d2f":
                cells.append(_num(r[key + "_torch"]))
        cells += [_peak(r[key + "_peak"]) for key, _, _ in ORDERS]
        print(("| " + " | ".join(cells) + " |") if markdown
              else "  ".join(f"{c:>10}" for c in cells))
    for key, _, _ in ORDERS:
        ratios = [r[key + "_ratio"] for r in rows if r[key + "_ratio"] is not None]
        if ratios:
            worst = max(rows, key=lambda r: r[key + "_ratio"] or 0.0)
            print(f"{key}: median ratio to naive {statistics.median(ratios):.2f}×, worst "
                  f"{max(ratios):.2f}× ({worst['name']}), {len(ratios)} entries with a naive form")
    peaks = [(r[key + "_peak"], r["name"]) for r in rows for key, _, _ in ORDERS
             if r[key + "_peak"] is not None]
    print(f"largest peak {max(peaks)[0]:.2f}× the input ({max(peaks)[1]})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e6", help="comma-separated array sizes")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default=None, help="comma-separated names")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else actviz.names()
    for size in (int(float(s)) for s in args.sizes.split(",")):
        rows = measure(names, size, args.repeat)
        print_table(rows, size, args.markdown, any(r['f_torch'] is not None for r in rows))


if __name__ == "__main__":
    main()
