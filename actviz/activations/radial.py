"""Radial units: the Gaussian bump of RBF networks."""

from __future__ import annotations

import numpy as np

from actviz.activations import numerics as nx
from actviz.activations.registry import Activation, Interval, Properties, register

# e^{−x²} is 0 in float64 for |x| > 27.3; clamping keeps x² finite and the double-double
# product valid.
_RADIAL_CLAMP = 1e3


def _minus_square(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """−x² as a double-double: e^{−x²} turns the rounding of x² into a relative error of up to
    745 ulp in the tail."""
    xc = np.clip(x, -_RADIAL_CLAMP, _RADIAL_CLAMP)
    square, square_low = nx.two_product(xc, xc)
    return -square, -square_low


def gaussian_fwd(x: np.ndarray) -> np.ndarray:
    return nx.exp_times(1.0, *_minus_square(x))


def gaussian_bwd(x: np.ndarray) -> np.ndarray:
    # −2x·e^{−x²} through nx.exp_times: the product is up to 55 times larger than e^{−x²},
    # which is a subnormal with few digits for |x| > 26.6.
    xc = np.clip(x, -_RADIAL_CLAMP, _RADIAL_CLAMP)
    return nx.exp_times(-2.0 * xc, *_minus_square(x))


register(
    Activation(
        name="gaussian",
        aliases=("rbf",),
        title="Gaussian",
        family="radial",
        formula=r"f(x) = e^{-x^2}",
        derivative_formula=r"f'(x) = -2x\,e^{-x^2}",
        function=gaussian_fwd,
        derivative=gaussian_bwd,
        exact=lambda mp, x: mp.exp(-x * x),
        exact_derivative=lambda mp, x: -2 * x * mp.exp(-x * x),
        properties=Properties(
            range=Interval.open_closed(0.0, 1.0),
            monotonic=False,
            derivative_monotonic=False,
            continuity="C∞",
            zero_centred=False,
            saturating="both",
            identity_near_origin=False,
        ),
        summary="A bump that responds only near 0: the unit of radial-basis-function networks.",
        reference="Broomhead & Lowe, Multivariable functional interpolation and adaptive "
        "networks (1988)",
    )
)
