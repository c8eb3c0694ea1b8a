"""Derive the series of the newer self-gated entries (QuickGELU, TanhExp, Smish, Serf) with
mpmath, and print them as Python.

Run ``python tools/derive_entry_constants.py`` and compare with the values in
``actviz/activations/smooth.py``; ``tests/test_derived_constants.py`` does exactly that.

Each f' or f'' of these units has simple zeros where its closed form is a difference of nearly
equal terms.  Around each zero x₀ (a double-double) a polynomial P with g(x₀ + h) = h·P(h) on
|h| ≤ radius is fitted with ``mpmath.chebyfit`` to better than 2^-62 relative, as
``tools/derive_constants.py`` does for the older units (see
``actviz.activations.numerics.RootSeries``).  Each minimum f(x₀) at a zero of f' is the low end
of the declared range.
"""

from __future__ import annotations

import mpmath

import actviz
from actviz.activations.registry import lookup

DIGITS = 50
MAX_DEGREE = 48
TARGET = mpmath.mpf(2) ** -62

# constant name: (activation, derivative order, a guess for the zero, radius of the series)
ZEROS = {
    "QUICK_GELU_CURVATURE_ZERO": ("quick_gelu", 2, 1.4098, 0.5),  # f'' is even: x ≥ 0 only
    "TANHEXP_SLOPE_ZERO": ("tanhexp", 1, -1.0789, 0.5),
    "TANHEXP_CURVATURE_ZEROS": ("tanhexp", 2, (-2.066, 0.6965), 0.5),
    "SMISH_SLOPE_ZERO": ("smish", 1, -1.3946, 0.5),
    "SMISH_CURVATURE_ZEROS": ("smish", 2, (-2.5512, 2.2154), 0.5),
    "SERF_SLOPE_ZERO": ("serf", 1, -1.1931, 0.5),
    "SERF_CURVATURE_ZEROS": ("serf", 2, (-2.2565, 1.0960), 0.5),
}
# constant name: the activation whose minimum (its f at the zero of f') it is
MINIMA = {"TANHEXP_MINIMUM": "tanhexp", "SMISH_MINIMUM": "smish", "SERF_MINIMUM": "serf"}


def _exact(name: str, order: int):
    declaration = lookup(name)
    form = {0: declaration.exact, 1: declaration.exact_derivative,
            2: declaration.exact_second_derivative}[order]
    params = declaration.defaults
    return lambda x: form(mpmath.mp, x, **params)


def root_series(name: str, order: int, guess: float, radius: float) -> tuple:
    """(x₀ high, x₀ low, radius, P's coefficients lowest order first)."""
    g = _exact(name, order)
    root = mpmath.findroot(g, guess)
    slope = mpmath.diff(g, root)

    def quotient(h):
        return slope if h == 0 else g(root + h) / h

    for degree in range(4, MAX_DEGREE + 1):
        poly, error = mpmath.chebyfit(quotient, [-radius, radius], degree + 1, error=True)
        if error < TARGET * abs(slope) / 4:
            break
    else:
        raise RuntimeError(f"{name}: no fit of degree ≤ {MAX_DEGREE} reaches 2^-62")
    high = float(root)
    return high, float(root - high), radius, tuple(float(c) for c in reversed(poly))


def series_constants() -> dict[str, tuple]:
    """Every series of ZEROS: one tuple, or a tuple of them where there are several zeros."""
    constants = {}
    for constant, (name, order, guess, radius) in ZEROS.items():
        if isinstance(guess, tuple):
            constants[constant] = tuple(root_series(name, order, g, radius) for g in guess)
        else:
            constants[constant] = root_series(name, order, guess, radius)
    return constants


def minimum(name: str) -> float:
    root = mpmath.findroot(_exact(name, 1), ZEROS[f"{name.upper()}_SLOPE_ZERO"][2])
    return float(_exact(name, 0)(root))


def _print_series(series: tuple, indent: str) -> None:
    high, low, radius, coefficients = series
    print(f"{indent}nx.RootSeries(")
    print(f"{indent}    root_high={high!r},")
    print(f"{indent}    root_low={low!r},")
    print(f"{indent}    radius={radius!r},")
    print(f"{indent}    coefficients=(")
    for i in range(0, len(coefficients), 3):
        print(f"{indent}        " + " ".join(f"{c!r}," for c in coefficients[i : i + 3]))
    print(f"{indent}    ),")
    print(f"{indent})" + ("," if indent else ""))


def main() -> None:
    mpmath.mp.dps = DIGITS
    for constant, series in series_constants().items():
        if isinstance(series[0], tuple):
            print(f"{constant} = (")
            for one in series:
                _print_series(one, "    ")
            print(")")
        else:
            print(f"{constant} = ", end="")
            _print_series(series, "")
    for constant, name in MINIMA.items():
        print(f"{constant} = {minimum(name)!r}")


if __name__ == "__main__":
    actviz.names()  # load the registry
    main()
