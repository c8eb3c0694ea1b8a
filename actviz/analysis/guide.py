"""The numbers the "which activation should I use?" guide quotes, as plain data.

The advice is written in :mod:`actviz.activations.guide`; the numbers it quotes (σ′ ≤ 0.25,
0.25^10 ≈ 9.5e-7, tanh′(5) ≈ 1.8e-4) are computed here from the registry's own activations,
and put into its sentences by :func:`actviz.render.documents.build_guide`.
"""

from __future__ import annotations

from actviz.activations.registry import get
from actviz.analysis.cards import DEPTH
from actviz.analysis.peaks import peak_abs_derivative


def guide_facts() -> dict[str, float]:
    """The numbers the guide quotes, from the registry: peak slopes and what DEPTH layers do."""
    sigmoid_peak = peak_abs_derivative(get("sigmoid")).value
    relu_peak = peak_abs_derivative(get("relu")).value
    tanh = get("tanh")
    return {
        "depth": DEPTH,
        "sigmoid_peak": sigmoid_peak,
        "sigmoid_gain": sigmoid_peak**DEPTH,
        "tanh_peak": peak_abs_derivative(tanh).value,
        "tanh_at_2": float(tanh.derivative(2.0)),
        "tanh_at_5": float(tanh.derivative(5.0)),
        "relu_peak": relu_peak,
        "relu_gain": relu_peak**DEPTH,
    }
