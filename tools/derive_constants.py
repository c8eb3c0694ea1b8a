"""Derive the constants that actviz's numerics use, with mpmath, and print them as Python.

Run ``python tools/derive_constants.py`` and compare with the values in
``actviz/activations/smooth.py``; ``tests/test_derived_constants.py`` does exactly that, so a
constant cannot drift from its derivation.

- double-double constants: (float64 value, its rounding error);
- TanhShrink near 0: x − tanh x = x³·Q(x²) for |x| ≤ 1, Q fitted with ``mpmath.chebyfit``
  (the difference cancels there: x − tanh x ≈ x³/3);
- for each smooth unit whose derivative has a zero (GELU, GELU-tanh, SiLU, Mish): its minimum
  value f(x₀) (the low end of its range), the zero x₀
  as a double-double and a polynomial P with f'(x₀ + h) = h·P(h) on |h| ≤ radius, fitted with
  ``mpmath.chebyfit`` to better than 2^-62 relative (see ``actviz.activations.numerics.RootSeries``);
- the same for the zeros of f'' where its closed form cancels (SiLU, GELU-tanh, Mish).
"""

from __future__ import annotations

import mpmath

import actviz
from actviz.activations.registry import lookup

DIGITS = 50
# activation: (a guess for the zero of f', radius of the series around it)
SLOPE_ZEROS = {
    "gelu": (-0.75, 0.6),
    "gelu_tanh": (-0.75, 0.5),
    "silu": (-1.28, 0.5),
    "mish": (-1.19, 1.0),
}
# activation: the zeros of f'' where its closed form cancels, each (a guess, the series' radius).
# silu's is in u = βx (swish's f''(x) = β·silu''(βx)); the f'' of silu and gelu_tanh are even,
# so one zero each serves both signs.
CURVATURE_ZEROS = {
    "silu": ((2.4, 0.6),),
    "gelu_tanh": ((1.4, 0.5),),
    "mish": ((-2.26, 0.6), (1.49, 0.6)),
}
TANHSHRINK_RADIUS = 1.0
# Φ(x)·e^{x²/2} = ½·erfcx(−x/√2) by pieces of width 1 on −5.7 ≤ x ≤ −0.7, where scipy's erfcx
# is up to 6 ulp off: each piece a polynomial in h = x − centre, |h| ≤ 0.5.
NORMAL_TAIL_CENTRES = (-1.2, -2.2, -3.2, -4.2, -5.2)
NORMAL_TAIL_HALF_WIDTH = 0.5
# Below −5.7: √(2π)·|x|·Φ(x)·e^{x²/2} (Mills' ratio times |x|) as a polynomial in s = 1/x².
NORMAL_FAR_TAIL = -5.7
MAX_DEGREE = 40
TARGET = mpmath.mpf(2) ** -62


def double_double(value) -> tuple[float, float]:
    high = float(value)
    return high, float(value - high)


def double_double_constants() -> dict[str, tuple[float, float]]:
    mp = mpmath.mp
    return {
        "GELU_TANH_C2": double_double(2 * mp.sqrt(2 / mp.pi)),
        "GELU_TANH_K": double_double(mp.mpf("0.044715")),
    }


def minimum(name: str) -> float:
    """The smallest value of ``name`` (at the zero of its derivative), for its declared range."""
    mp = mpmath.mp
    declaration = lookup(name)
    params = declaration.defaults
    root = mp.findroot(lambda x: declaration.exact_derivative(mp, x, **params), SLOPE_ZEROS[name][0])
    return float(declaration.exact(mp, root, **params))


def slope_zero_series(name: str) -> tuple[float, float, float, tuple[float, ...]]:
    """(x₀ high, x₀ low, radius, P's coefficients lowest order first) for ``name``'s f'."""
    declaration = lookup(name)
    params = declaration.defaults
    return root_series(lambda x: declaration.exact_derivative(mpmath.mp, x, **params),
                       *SLOPE_ZEROS[name], name)


def curvature_zero_series(name: str) -> list[tuple[float, float, float, tuple[float, ...]]]:
    """The same for each zero of ``name``'s f'' in :data:`CURVATURE_ZEROS`."""
    declaration = lookup(name)
    params = declaration.defaults

    def curvature(x):
        return declaration.exact_second_derivative(mpmath.mp, x, **params)

    return [root_series(curvature, guess, radius, name)
            for guess, radius in CURVATURE_ZEROS[name]]


def root_series(function, guess: float, radius: float,
                name: str) -> tuple[float, float, float, tuple[float, ...]]:
    """(x₀ high, x₀ low, radius, P) with function(x₀ + h) = h·P(h) to 2^-62 on |h| ≤ radius."""
    mp = mpmath.mp
    # A bracket and Anderson's method: the default secant steps fail on gelu_tanh's f''.
    root = mp.findroot(function, (guess - 0.1, guess + 0.1), solver="anderson")
    curvature = mp.diff(function, root)

    def quotient(h):
        return curvature if h == 0 else function(root + h) / h

    for degree in range(4, MAX_DEGREE + 1):
        poly, error = mp.chebyfit(quotient, [-radius, radius], degree + 1, error=True)
        if error < TARGET * abs(curvature) / 4:
            break
    else:
        raise RuntimeError(f"{name}: no fit of degree ≤ {MAX_DEGREE} reaches 2^-62 at {guess}")
    high, low = double_double(root)
    return high, low, radius, tuple(float(c) for c in reversed(poly))


def tanhshrink_series() -> tuple[float, ...]:
    """Q's coefficients, lowest order first: x − tanh x = x³·Q(x²) for |x| ≤ 1."""
    mp = mpmath.mp

    def quotient(square):
        if square == 0:
            return mp.mpf(1) / 3
        x = mp.sqrt(square)
        with mp.extraprec(2 * max(0, -int(mp.mag(x))) + 20):  # the difference cancels
            return (x - mp.tanh(x)) / x**3

    for terms in range(4, MAX_DEGREE + 1):
        poly, error = mp.chebyfit(quotient, [0, TANHSHRINK_RADIUS**2], terms, error=True)
        if error < TARGET * mp.mpf("0.17") / 4:  # Q ≥ 0.17 on the interval
            return tuple(float(c) for c in reversed(poly))
    raise RuntimeError("tanhshrink: no fit reaches 2^-62")


def normal_tail_pieces() -> tuple[tuple[float, tuple[float, ...]], ...]:
    """(centre, coefficients lowest order first) of each piece of Φ(x)·e^{x²/2}, fitted with
    ``mpmath.chebyfit`` to 2^-62 relative."""
    mp = mpmath.mp

    def scaled(x):
        return mp.ncdf(x) * mp.exp(x * x / 2)

    pieces = []
    for centre in NORMAL_TAIL_CENTRES:
        smallest = scaled(mp.mpf(centre) - NORMAL_TAIL_HALF_WIDTH)  # it grows with x
        for terms in range(4, MAX_DEGREE + 1):
            poly, error = mp.chebyfit(lambda h: scaled(centre + h),
                                      [-NORMAL_TAIL_HALF_WIDTH, NORMAL_TAIL_HALF_WIDTH], terms,
                                      error=True)
            if error < TARGET * smallest / 4:
                break
        else:
            raise RuntimeError(f"normal tail at {centre}: no fit reaches 2^-62")
        pieces.append((centre, tuple(float(c) for c in reversed(poly))))
    return tuple(pieces)


def mills_series() -> tuple[float, ...]:
    """Coefficients (lowest order first) of M(s) = √(2π)·|x|·Φ(x)·e^{x²/2} at s = 1/x², for
    x ≤ −5.7 (0 ≤ s ≤ 1/5.7²; M(0) = 1), fitted with ``mpmath.chebyfit`` to 2^-62."""
    mp = mpmath.mp

    def mills(s):
        if s == 0:
            return mp.one
        x = -1 / mp.sqrt(s)
        return mp.ncdf(x) * mp.exp(x * x / 2) * -x * mp.sqrt(2 * mp.pi)

    top = 1 / mp.mpf(NORMAL_FAR_TAIL) ** 2
    for terms in range(4, MAX_DEGREE + 1):
        poly, error = mp.chebyfit(mills, [0, top], terms, error=True)
        if error < TARGET * mills(top) / 4:
            return tuple(float(c) for c in reversed(poly))
    raise RuntimeError("Mills' ratio: no fit reaches 2^-62")


def print_coefficients(coefficients: tuple[float, ...], indent: str) -> None:
    for i in range(0, len(coefficients), 3):
        print(indent + " ".join(f"{c!r}," for c in coefficients[i : i + 3]))


def print_series(series: tuple[float, float, float, tuple[float, ...]]) -> None:
    high, low, radius, coefficients = series
    print("nx.RootSeries(")
    print(f"    root_high={high!r},")
    print(f"    root_low={low!r},")
    print(f"    radius={radius!r},")
    print("    coefficients=(")
    print_coefficients(coefficients, "        ")
    print("    ),")
    print(")")


def main() -> None:
    mpmath.mp.dps = DIGITS
    for constant, value in double_double_constants().items():
        print(f"{constant} = {value!r}")
    for name in SLOPE_ZEROS:
        series = slope_zero_series(name)
        print(f"# {name}: degree {len(series[3]) - 1}; minimum f = {minimum(name)!r}")
        print_series(series)
    for name in CURVATURE_ZEROS:
        for series in curvature_zero_series(name):
            print(f"# {name}'': degree {len(series[3]) - 1}")
            print_series(series)
    print("NORMAL_TAIL_PIECES = (")
    for centre, coefficients in normal_tail_pieces():
        print(f"    ({centre!r}, (")
        print_coefficients(coefficients, "        ")
        print("    )),")
    print(")")
    print("MILLS_SERIES = (")
    print_coefficients(mills_series(), "    ")
    print(")")
    print("_TANHSHRINK_SERIES = (")
    print_coefficients(tanhshrink_series(), "    ")
    print(")")


if __name__ == "__main__":
    actviz.names()  # load the registry
    main()
