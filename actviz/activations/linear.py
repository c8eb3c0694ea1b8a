"""Linear and threshold units: identity and the binary step (Heaviside)."""

from __future__ import annotations

import numpy as np

from actviz.activations.registry import INF, Activation, Interval, Properties, register


def identity_fwd(x: np.ndarray) -> np.ndarray:
    return x.copy()


def identity_bwd(x: np.ndarray) -> np.ndarray:
    return np.ones_like(x)


register(
    Activation(
        name="identity",
        aliases=("linear",),
        title="Identity",
        family="linear",
        formula=r"f(x) = x",
        derivative_formula=r"f'(x) = 1",
        function=identity_fwd,
        derivative=identity_bwd,
        exact=lambda mp, x: x,
        exact_derivative=lambda mp, x: mp.one,
        properties=Properties(
            range=Interval.open(-INF, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C∞",
            zero_centred=True,
            saturating="none",
            identity_near_origin=True,
        ),
        summary="No non-linearity: a stack of linear layers stays one linear map.",
        reference="(the linear unit; regression outputs)",
    )
)


def step_fwd(x: np.ndarray) -> np.ndarray:
    return np.where(x >= 0, 1.0, 0.0)


def step_bwd(x: np.ndarray) -> np.ndarray:
    return np.zeros_like(x)


register(
    Activation(
        name="step",
        aliases=("binary_step", "heaviside"),
        title="Binary step",
        family="linear",
        formula=r"f(x) = 1\ \mathrm{if}\ x \geq 0\ \mathrm{else}\ 0",
        derivative_formula=r"f'(x) = 0\ (x \neq 0)",
        function=step_fwd,
        derivative=step_bwd,
        exact=lambda mp, x: mp.one if x >= 0 else mp.zero,
        exact_derivative=lambda mp, x: mp.zero,
        properties=Properties(
            range=Interval.closed(0.0, 1.0),
            monotonic=True,
            derivative_monotonic=True,
            continuity="discontinuous",
            zero_centred=False,
            saturating="both",
            identity_near_origin=False,
        ),
        breakpoints=(0.0,),
        at_breakpoints="f(0) = 1 (x ≥ 0 fires); f'(0) is reported as 0, the value on both sides "
        "(the jump has no derivative, which is why gradient descent cannot train a step).",
        summary="The perceptron's threshold: fires 1 for x ≥ 0; its zero gradient cannot be trained.",
        reference="Rosenblatt, The perceptron (1958)",
    )
)
