"""Radial units: the Gaussian bump of RBF networks."""

from __future__ import annotations

import numpy as np

from actviz.activations.registry import Activation, Interval, Properties, register

# e^{−x²} is far below the smallest subnormal for |x| > 30; clamping keeps x² finite.
_RADIAL_CLAMP = 1e10


def gaussian_fwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_RADIAL_CLAMP, _RADIAL_CLAMP)
    return np.exp(-xc * xc)


def gaussian_bwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_RADIAL_CLAMP, _RADIAL_CLAMP)
    return -2.0 * xc * np.exp(-xc * xc)


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
