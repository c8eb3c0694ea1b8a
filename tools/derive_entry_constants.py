"""Derive the series of the newer self-gated entries (TanhExp, Smish, Serf; QuickGELU is
swish with β = 1.702 and uses its series) with
mpmath, and print them as Python.

Run ``python tools/derive_entry_constants.py`` and compare with the values in
``actviz/activations/smooth.py``; ``tests/test_derived_constants.py`` does exactly that.

Each f' or f'' of these units has simple zeros where its closed form is a difference of nearly
equal terms.  Around each zero x₀ (a double-double) a polynomial P with g(x₀ + h) = h·P(h) on
|h| ≤ radius is fitted with ``mpmath.chebyfit`` to better than 2^-62 relative everywhere on
the interval (not only at x₀), as
``tools/derive_constants.py`` does for the older units (see
``actviz.activations.numerics.RootSeries``).  Each minimum f(x₀) at a zero of f' is the low end
of the declared range.
"""

from __future__ import annotations

import mpmath

import actviz
from actviz.activations.registry import lookup

DIGITS = 50
MAX_DEGREE = 60
TARGET = mpmath.mpf(2) ** -62

# constant name: (activation, derivative order, (a guess for the zero, radius of the series)
# for each zero).  Each radius is where the closed form is back to about 2 ulp; beyond it the
# float64 evaluation of the polynomial itself starts to lose digits.
ZEROS = {
    "TANHEXP_SLOPE_ZERO": ("tanhexp", 1, ((-1.0789, 0.8),)),
    "TANHEXP_CURVATURE_ZEROS": ("tanhexp", 2, ((-2.066, 0.6), (0.6965, 0.15))),
    "SMISH_SLOPE_ZERO": ("smish", 1, ((-1.3946, 0.8),)),
    "SMISH_CURVATURE_ZEROS": ("smish", 2, ((-2.5512, 1.4), (2.2154, 0.3))),
    "SERF_SLOPE_ZERO": ("serf", 1, ((-1.1931, 1.3),)),
    "SERF_CURVATURE_ZEROS": ("serf", 2, ((-2.2565, 1.0), (1.096, 0.6))),
}
# constant name: the activation whose minimum (its f at the zero of f') it is
MINIMA = {"TANHEXP_MINIMUM": "tanhexp", "SMISH_MINIMUM": "smish", "SERF_MINIMUM": "serf"}


def _exact(name: str, order: int):
    declaration = lookup(name)
    form = {0: declaration.exact, 1: declaration.exact_derivative,
            2: declaration.exact_second_derivative}[order]
    params = declaration.defaults
    return lambda x: form(mpmath.mp, x, **params)


def root_series(name: str, order: int, guess: float, radius: float,
                degree: int | None = None) -> tuple:
    """(x₀ high, x₀ low, radius, P's coefficients lowest order first): the lowest degree that
    meets the bound, or exactly ``degree`` (the test re-fits the stored degree only)."""
    g = _exact(name, order)
    root = mpmath.findroot(g, guess)
    slope = mpmath.diff(g, root)

    def quotient(h):
        return slope if h == 0 else g(root + h) / h

    # Relative accuracy everywhere on the interval: g/h shrinks away from the zero (f'' of these
    # units decays like e^{−x²} or faster), so the bound is set by its smallest value there.
    smallest = min(abs(quotient(radius * mpmath.mpf(k) / 20)) for k in range(-20, 21))
    for trial in range(4, MAX_DEGREE + 1) if degree is None else (degree,):
        poly, error = mpmath.chebyfit(quotient, [-radius, radius], trial + 1, error=True)
        if error < TARGET * smallest / 4:
            break
    else:
        raise RuntimeError(f"{name}: no fit of degree ≤ {MAX_DEGREE} reaches 2^-62")
    high = float(root)
    return high, float(root - high), radius, tuple(float(c) for c in reversed(poly))


def series_constants() -> dict[str, tuple]:
    """Every series of ZEROS: one tuple, or a tuple of them where there are several zeros."""
    constants = {}
    for constant, (name, order, zeros) in ZEROS.items():
        series = tuple(root_series(name, order, guess, radius) for guess, radius in zeros)
        constants[constant] = series if constant.endswith("ZEROS") else series[0]
    return constants


def minimum(name: str) -> float:
    root = mpmath.findroot(_exact(name, 1), ZEROS[f"{name.upper()}_SLOPE_ZERO"][2][0][0])
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
