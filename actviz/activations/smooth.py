"""Smooth self-gated units and softplus: GELU, SiLU/Swish, Mish, Softplus.

Their negative tails are tiny but not zero (gelu(−9.25) ≈ −1.1e-19): the forms below keep them.
"""

from __future__ import annotations

import numpy as np

from actviz.activations import numerics as nx
from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register

# |x·β| beyond which every gate here is exactly 0 or 1 in float64 (σ(−1000) < 1e-434): x is
# clamped there, which keeps inf·0 (NaN) and overflowing products out of the arithmetic.
_SATURATED = 1e3
# Below this gate argument y, σ(y) = e^y(1 − e^y + …) equals e^y to far better than an ulp
# (e^{−40} ≈ 4e-18), and so does every gate here; the tails are then computed as x·e^y by
# :func:`nx.exp_times`, which keeps the digits that a subnormal gate value would lose.
_TAIL = -40.0


def _self_gated_properties(minimum: float) -> Properties:
    return Properties(
        range=Interval.closed_open(minimum, INF),
        monotonic=False,
        derivative_monotonic=False,
        continuity="C∞",
        zero_centred=False,
        saturating="left",
        identity_near_origin=False,
    )


# f'(x) = 0 at x ≈ -0.751792: the closed form cancels there (tools/derive_constants.py).
GELU_SLOPE_ZERO = nx.RootSeries(
    root_high=-0.7517915246935645,
    root_low=1.4956759177009883e-17,
    radius=0.6,
    coefficients=(
        0.4314939923140469, 0.388284982990552, -0.018199676398671087,
        -0.1140082332972217, -0.014771522148244337, 0.019421679838189147,
        0.004539228379125384, -0.0022395380680757093, -0.0007448268386738251,
        0.00018633974626584368, 8.615947859819761e-05, -1.1214380493798711e-05,
        -7.748461188918302e-06, 4.3284680897722633e-07, 5.702758234225667e-07,
        -1.6107460491478944e-09, -3.545743036500794e-08, -1.3828645123690045e-09,
        1.897789289677231e-09, 1.27335374128024e-10, -8.273295276179003e-11,
    ),
)


def gelu_fwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_SATURATED, _SATURATED)
    return np.where(x > _SATURATED, x, nx.normal_cdf_times(xc, xc))


def gelu_bwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_SATURATED, _SATURATED)
    # Left of the zero of f': Φ(x) + xφ(x) = e^{−x²/2}·(½·erfcx(−x/√2) + x/√(2π)), the
    # exponential taken from the exact x²/2 so the tail keeps every digit.
    left = np.minimum(xc, 0.0)
    half_sq, half_sq_low = nx.half_square(left)
    bracket = 0.5 * _erfcx(-left * nx.INV_SQRT_2) + left * nx.INV_SQRT_2PI
    tail = nx.exp_times(bracket, -half_sq, -half_sq_low)
    right = nx.normal_cdf_times(1.0, xc) + nx.normal_pdf_times(xc, xc)
    return GELU_SLOPE_ZERO.patch(xc, np.where(xc < GELU_SLOPE_ZERO.root_high, tail, right))




def _exact_normal_cdf(mp, x):
    """Φ(x) in mpmath.  mpmath's erfc fails beyond |x| ≈ 1e154 (an int-to-float overflow inside
    it); for |x| > 1e10 the Mills-ratio series Φ(x) = φ(x)/|x|·(1 − 1/x² + 3/x⁴) is exact to
    far more than 60 digits (the next term is 15/x⁶ < 1e-60)."""
    if x < -1e10:
        return mp.npdf(x) / -x * (1 - 1 / x**2 + 3 / x**4)
    if x > 1e10:
        return 1 - mp.npdf(x) / x * (1 - 1 / x**2 + 3 / x**4)
    return mp.ncdf(x)


def _erfcx(t: np.ndarray) -> np.ndarray:
    from scipy.special import erfcx

    return erfcx(t)


# The minima of the non-monotonic units, f at the zero of f' (tools/derive_constants.py).
GELU_MINIMUM = -0.16997120747990366
GELU_TANH_MINIMUM = -0.17004075057125406
SILU_MINIMUM = -0.2784645427610738
MISH_MINIMUM = -0.30884341301725043


register(
    Activation(
        name="gelu",
        title="GELU",
        family="smooth",
        formula=r"f(x) = x\,\Phi(x)",
        derivative_formula=r"f'(x) = \Phi(x) + x\,\varphi(x)",
        function=gelu_fwd,
        derivative=gelu_bwd,
        exact=lambda mp, x: x * _exact_normal_cdf(mp, x),
        exact_derivative=lambda mp, x: _exact_normal_cdf(mp, x) + x * mp.npdf(x),
        properties=_self_gated_properties(GELU_MINIMUM),
        summary="Weights x by the probability Φ(x) that a standard normal is below it; "
        "the default in transformers (BERT, GPT).",
        reference="Hendrycks & Gimpel, Gaussian error linear units (GELUs) (2016)",
    )
)

# z = 2u = 2√(2/π)·x·(1 + 0.044715x²), carried as a double-double: σ(z) in the tail is e^z with
# |z| up to 745, where rounding z to float64 would cost hundreds of ulp.  The constants'
# low parts are the rounding errors of their float64 values (tools/derive_constants.py).
GELU_TANH_C2 = (1.5957691216057308, -9.96930880911092e-17)  # 2√(2/π)
GELU_TANH_K = (0.044715, 2.1960211427085595e-18)  # 0.044715 (a decimal, not a binary number)
# Beyond |x| = 50 the gate is exactly 0 or 1 (|z| > 8000).
_GELU_TANH_SATURATED = 50.0


def _gelu_tanh_polynomial(
    xc: np.ndarray, square: tuple[np.ndarray, np.ndarray], times: float
) -> tuple[np.ndarray, np.ndarray]:
    """2√(2/π)·x·(1 + times·0.044715·x²) as a double-double: z for times = 1, x·dz/dx for 3."""
    k = nx.dd_mul(times, 0.0, *GELU_TANH_K)
    inner = nx.dd_add(1.0, *nx.dd_mul(*k, *square))
    return nx.dd_mul(*GELU_TANH_C2, *nx.dd_mul(xc, 0.0, *inner))


def _gelu_tanh_gate(x: np.ndarray) -> tuple[np.ndarray, tuple, tuple]:
    """x clamped to ±50, z = 2√(2/π)(x + 0.044715x³) and x·dz/dx, both double-doubles."""
    xc = np.clip(x, -_GELU_TANH_SATURATED, _GELU_TANH_SATURATED)
    square = nx.two_product(xc, xc)
    return xc, _gelu_tanh_polynomial(xc, square, 1.0), _gelu_tanh_polynomial(xc, square, 3.0)


# f'(x) = 0 at x ≈ -0.752461: the closed form cancels there (tools/derive_constants.py).
GELU_TANH_SLOPE_ZERO = nx.RootSeries(
    root_high=-0.7524614220710163,
    root_low=3.635560509207687e-17,
    radius=0.5,
    coefficients=(
        0.4304000910248585, 0.38751844613578895, -0.01578285352184803,
        -0.11394448308095897, -0.016619328343052554, 0.019682309459832365,
        0.005261059254921206, -0.002422731845845199, -0.0009274420229925151,
        0.00026392763987438634, 0.0001242522774142066, -3.495616312837888e-05,
        -1.5950888823282645e-05, 5.91854111470542e-06, 2.43348517445359e-06,
        -9.894964845739889e-07, -4.306770488997297e-07, 1.403917773956126e-07,
        7.408362416760761e-08, -1.4822520044633317e-08, -9.893444509446246e-09,
    ),
)


def gelu_tanh_fwd(x: np.ndarray) -> np.ndarray:
    # ½x(1 + tanh u) = x·σ(2u): the sigmoid form keeps the negative tail, where 1 + tanh u
    # would cancel to 0.
    xc, (z, z_low), _ = _gelu_tanh_gate(x)
    tail = nx.exp_times(xc, np.minimum(z, _TAIL), z_low)
    body = xc * nx.sigmoid_dd(z, z_low)
    return np.where(x > _GELU_TANH_SATURATED, x, np.where(z < _TAIL, tail, body))


def gelu_tanh_bwd(x: np.ndarray) -> np.ndarray:
    # f' = σ(z)·(1 + x·z'·σ(−z)).  For z < 0 that is e^z·(1 + x·z' + e^z)/(1 + e^z)², whose
    # numerator is summed in double-double (1 + x·z' cancels partly) and whose e^z factor is
    # scaled by nx.exp_times, so one form covers the whole left side down to the last subnormal.
    xc, (z, z_low), x_dz = _gelu_tanh_gate(x)
    left_z = np.minimum(z, 0.0)
    e = np.exp(left_z)
    numerator, numerator_low = nx.dd_add(1.0, *x_dz)
    left = nx.exp_times(numerator + (numerator_low + e), left_z, z_low) / ((1.0 + e) * (1.0 + e))
    right = nx.sigmoid_dd(z, z_low) * (1.0 + x_dz[0] * nx.sigmoid(-z))
    return GELU_TANH_SLOPE_ZERO.patch(xc, np.where(z < 0, left, right))


def _gelu_tanh_exact(mp, x):
    """x·σ(2u) in mpmath, with the float constants' exact decimal values."""
    u = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
    return x / (1 + mp.exp(-2 * u))


def _gelu_tanh_exact_derivative(mp, x):
    u = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
    du = mp.sqrt(2 / mp.pi) * (1 + 3 * mp.mpf("0.044715") * x**2)
    gate = 1 / (1 + mp.exp(-2 * u))
    return gate + x * du * 2 / ((1 + mp.exp(-2 * u)) * (1 + mp.exp(2 * u)))


register(
    Activation(
        name="gelu_tanh",
        aliases=("gelu_approx",),
        title="GELU (tanh)",
        family="smooth",
        formula=r"f(x) = \frac{x}{2}\left(1 + \tanh\left[\sqrt{2/\pi}\,(x + 0.044715x^3)\right]"
        r"\right)",
        derivative_formula=r"f'(x) = \sigma(2u) + x\,u'(x)\,2\sigma(2u)\sigma(-2u),\ "
        r"u = \sqrt{2/\pi}\,(x + 0.044715x^3)",
        function=gelu_tanh_fwd,
        derivative=gelu_tanh_bwd,
        exact=_gelu_tanh_exact,
        exact_derivative=_gelu_tanh_exact_derivative,
        properties=_self_gated_properties(GELU_TANH_MINIMUM),
        summary="The tanh approximation of GELU used by the original BERT and GPT-2 code.",
        reference="Hendrycks & Gimpel, Gaussian error linear units (GELUs) (2016)",
    )
)


def _swish_exact_derivative(mp, x, beta):
    """σ(βx)(1 + βx·σ(−βx)) in mpmath."""
    u = beta * x
    return (1 + u / (1 + mp.exp(u))) / (1 + mp.exp(-u))


# f'(x) = 0 at x ≈ -1.278465: the closed form cancels there (tools/derive_constants.py).
SILU_SLOPE_ZERO = nx.RootSeries(
    root_high=-1.2784645427610737,
    root_low=-1.0946994183093437e-16,
    radius=0.5,
    coefficients=(
        0.2178117057198001, 0.1466487969969469, 0.018874814223782312,
        -0.015222655223188017, -0.006606589138356692, 0.0001266274100800973,
        0.0007985218818394918, 0.00018570724364466978, -4.090534236441042e-05,
        -2.973354278225849e-05, -2.9426320605394226e-06, 2.3460354817002315e-06,
        8.599712591190215e-07, -3.054819125209455e-08, -9.267735045948044e-08,
        -1.8746556610921044e-08, 4.659700332440361e-09, 2.6542655109920334e-09,
        1.5376657949200558e-10,
    ),
)


def _gate_argument(x: np.ndarray, beta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x clamped to |βx| ≤ 1000, and u = βx as a double-double (exact for β = 1)."""
    bound = _SATURATED / beta
    xc = np.clip(x, -bound, bound)
    u, u_low = nx.two_product(beta, xc)
    return xc, u, u_low


def swish_fwd(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    xc, u, u_low = _gate_argument(x, beta)
    tail = nx.exp_times(xc, np.minimum(u, _TAIL), u_low)
    body = xc * nx.sigmoid_dd(u, u_low)
    return np.where(x > _SATURATED / beta, x, np.where(u < _TAIL, tail, body))


def swish_bwd(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """d/dx x·σ(βx) = σ(u)(1 + u·σ(−u)) at u = βx: SiLU's slope at u (not the β = 1 formula).

    For u < 0 it is e^u·(1 + u + e^u)/(1 + e^u)²: 1 + u is summed exactly and e^u is scaled by
    nx.exp_times, so the form holds down to the last subnormal.
    """
    _, u, u_low = _gate_argument(x, beta)
    left_u = np.minimum(u, 0.0)
    e = np.exp(left_u)
    numerator, numerator_low = nx.dd_add(1.0, left_u, u_low)
    left = nx.exp_times(numerator + (numerator_low + e), left_u, u_low) / ((1.0 + e) * (1.0 + e))
    right = nx.sigmoid_dd(u, u_low) * (1.0 + u * nx.sigmoid(-u))
    return SILU_SLOPE_ZERO.patch(u, np.where(u < 0, left, right), u_low)


def silu_fwd(x: np.ndarray) -> np.ndarray:
    return swish_fwd(x)


def silu_bwd(x: np.ndarray) -> np.ndarray:
    return swish_bwd(x)


register(
    Activation(
        name="silu",
        title="SiLU",
        family="smooth",
        formula=r"f(x) = x\,\sigma(x)",
        derivative_formula=r"f'(x) = \sigma(x)\,(1 + x\,\sigma(-x))",
        function=silu_fwd,
        derivative=silu_bwd,
        exact=lambda mp, x: x / (1 + mp.exp(-x)),
        exact_derivative=lambda mp, x: _swish_exact_derivative(mp, x, 1),
        properties=_self_gated_properties(SILU_MINIMUM),
        summary="x gated by its own sigmoid; smooth, non-monotonic dip below 0.",
        reference="Elfwing, Uchibe & Doya, Sigmoid-weighted linear units (2017)",
    )
)


register(
    Activation(
        name="swish",
        title="Swish",
        family="smooth",
        formula=r"f(x) = x\,\sigma(\beta x)",
        derivative_formula=r"f'(x) = \sigma(\beta x)\,(1 + \beta x\,\sigma(-\beta x))",
        function=swish_fwd,
        derivative=swish_bwd,
        exact=lambda mp, x, beta: x / (1 + mp.exp(-beta * x)),
        exact_derivative=_swish_exact_derivative,
        parameters=(
            Parameter("beta", 1.0, "sharpness of the gate (β → ∞ tends to ReLU)", low=0.0,
                      low_open=True, high=1e6, symbol="β"),
        ),
        properties=lambda beta: _self_gated_properties(SILU_MINIMUM / beta),
        summary="SiLU with a sharpness β; found by automated search, β = 1 is SiLU.",
        reference="Ramachandran, Zoph & Le, Searching for activation functions (2017)",
    )
)


# f'(x) = 0 at x ≈ -1.192431: the closed form cancels there (tools/derive_constants.py).
MISH_SLOPE_ZERO = nx.RootSeries(
    root_high=-1.1924312145154952,
    root_low=-4.8484829848031044e-17,
    radius=1.0,
    coefficients=(
        0.2669479140495345, 0.20473126408010586, 0.04190782104360987,
        -0.02027182271668425, -0.01582112656173338, -0.003360684927023115,
        0.0010924055409445876, 0.0009898181021259223, 0.00025412936386186573,
        -4.1961495998556646e-05, -5.5828915673042e-05, -1.7299271040839175e-05,
        9.427361281698361e-07, 2.908821010153391e-06, 1.0716767279251027e-06,
        2.6875941177599763e-08, -1.4117265778037348e-07, -6.173624596025516e-08,
        -5.459907541037964e-09, 6.376413788735728e-09, 3.3598257977955842e-09,
        4.972700815863362e-10, -2.6664964466641633e-10, -1.871973501288251e-10,
        -3.485526996602688e-11, 1.7178733211246585e-11, 9.416728019976103e-12,
        -2.98650308853764e-13, -7.045469272383742e-13,
    ),
)


def mish_fwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_SATURATED, _SATURATED)
    # In the tail softplus(x) = e^x and tanh(s) = s, to far better than an ulp.
    tail = nx.exp_times(xc, np.minimum(xc, _TAIL))
    body = xc * np.tanh(nx.softplus(xc))
    return np.where(x > _SATURATED, x, np.where(xc < _TAIL, tail, body))


def mish_bwd(x: np.ndarray) -> np.ndarray:
    # tanh(s) + x·sech²(s)·σ(x), s = softplus(x).  For x < 0, with w = e^x and
    # D = w² + 2w + 2: tanh(s) = w(w + 2)/D and sech²(s)·σ(x) = 4w(1 + w)/D², so
    # f' = w·((w + 2)·D + 4x(1 + w))/D²: one rational expression with fewer roundings than
    # the three transcendental terms, and w·(…) scaled by nx.exp_times for the far tail.
    xc = np.clip(x, -_SATURATED, _SATURATED)
    left_x = np.minimum(xc, 0.0)
    w = np.exp(left_x)
    # The numerator's two terms cancel by up to a factor 2.4 near x = −2.4: sum them in
    # double-double, each rounding error carried.
    w_plus_2 = nx.dd_add(2.0, w, 0.0)
    d = nx.dd_add(2.0, *nx.dd_mul(*nx.dd_add(2.0, w, 0.0), w, 0.0))  # (w + 2)·w + 2
    gain = nx.dd_mul(*w_plus_2, *d)
    loss = nx.dd_mul(4.0 * left_x, 0.0, *nx.dd_add(1.0, w, 0.0))
    numerator, numerator_low = nx.dd_add(gain[0], loss[0], loss[1] + gain[1])
    d_value = d[0] + d[1]
    left = nx.exp_times((numerator + numerator_low) / (d_value * d_value), left_x)
    s = nx.softplus(xc)
    right = np.tanh(s) + xc * nx.sech2(s) * nx.sigmoid(xc)
    return MISH_SLOPE_ZERO.patch(xc, np.where(xc < 0, left, right))


def _mish_exact_derivative(mp, x):
    s = mp.log1p(mp.exp(x))
    return mp.tanh(s) + x * mp.sech(s) ** 2 / (1 + mp.exp(-x))


register(
    Activation(
        name="mish",
        title="Mish",
        family="smooth",
        formula=r"f(x) = x\,\tanh(\ln(1 + e^{x}))",
        derivative_formula=r"f'(x) = \tanh(s) + x\,\mathrm{sech}^2(s)\,\sigma(x),\ "
        r"s = \ln(1 + e^{x})",
        function=mish_fwd,
        derivative=mish_bwd,
        exact=lambda mp, x: x * mp.tanh(mp.log1p(mp.exp(x))),
        exact_derivative=_mish_exact_derivative,
        properties=_self_gated_properties(MISH_MINIMUM),
        summary="x times tanh of softplus: smooth, self-regularising, used in YOLOv4.",
        reference="Misra, Mish: a self regularized non-monotonic activation function (2019)",
    )
)


def softplus_fwd(x: np.ndarray, beta: float) -> np.ndarray:
    # The exact function everywhere: PyTorch's threshold shortcut (return x when βx > 20) is off
    # by up to 2e-9 and is not used.  softplus(u)/β = max(x, 0) + log1p(e^{−|u|})/β; the second
    # term is corrected for the rounding of u = βx (d/du log1p(e^{−|u|}) = −sign(u)·σ(−|u|)).
    xc, u, u_low = _gate_argument(x, beta)
    correction = np.sign(u) * u_low * nx.sigmoid(-np.abs(u))
    body = np.maximum(x, 0.0) + (np.log1p(np.exp(-np.abs(u))) - correction) / beta
    tail = nx.exp_times(1.0 / beta, np.minimum(u, _TAIL), u_low)  # softplus(u) = e^u there
    return np.where(u < _TAIL, tail, body)


def softplus_bwd(x: np.ndarray, beta: float) -> np.ndarray:
    _, u, u_low = _gate_argument(x, beta)
    return nx.sigmoid_dd(u, u_low)


register(
    Activation(
        name="softplus",
        title="Softplus",
        family="smooth",
        formula=r"f(x) = \frac{1}{\beta}\ln(1 + e^{\beta x})",
        derivative_formula=r"f'(x) = \sigma(\beta x)",
        function=softplus_fwd,
        derivative=softplus_bwd,
        exact=lambda mp, x, beta: mp.log1p(mp.exp(beta * x)) / beta,
        exact_derivative=lambda mp, x, beta: 1 / (1 + mp.exp(-beta * x)),
        parameters=(
            Parameter("beta", 1.0, "sharpness (β → ∞ tends to ReLU)", low=0.0, low_open=True,
                      high=1e6, symbol="β"),
        ),
        properties=Properties(
            range=Interval.open(0.0, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C∞",
            zero_centred=False,
            saturating="left",
            identity_near_origin=False,
        ),
        summary="A smooth ReLU whose derivative is the sigmoid.",
        reference="Dugas et al., Incorporating second-order functional knowledge for better "
        "option pricing (2001)",
    )
)
