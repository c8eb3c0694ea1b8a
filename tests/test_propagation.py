"""Mean-field signal propagation: published facts, closed forms, and mpmath references.

The references are independent of actviz's float code: each activation's ``exact`` form
(the mpmath statement of f in its declaration) integrated by mpmath's tanh-sinh quadrature.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import actviz
from actviz.activations.registry import lookup
from actviz.analysis import propagation as prop
from actviz.analysis.quadrature import gaussian_expectation
from actviz.errors import OptionError
from tests.conftest import ALL_NAMES

mpmath = pytest.importorskip("mpmath")


def exact_expectation(name: str, q: float, which: str = "f", power: int = 2) -> float:
    """E[g(√q z)^power] for g = f or f' by mpmath, split at the breakpoints, 30 digits."""
    declaration = lookup(name)
    bound = actviz.get(name)
    exact = declaration.exact if which == "f" else declaration.exact_derivative
    mp = mpmath.mp
    with mp.workdps(30):
        root_q = mp.sqrt(q)
        density = lambda z: mp.exp(-z * z / 2) / mp.sqrt(2 * mp.pi)  # noqa: E731
        g = lambda z: exact(mp, root_q * z, **bound.params) ** power * density(z)  # noqa: E731
        cuts = [-mp.inf, *[mp.mpf(b) / root_q for b in bound.breakpoints], mp.inf]
        if len(cuts) == 2:
            cuts.insert(1, mp.mpf(0))
        return float(mp.quad(g, cuts))


# --------------------------------------------------------------------------------------------
# Published facts
# --------------------------------------------------------------------------------------------


def test_relu_is_critical_at_two_exactly():
    """He et al. 2015: σ_w² = 2.  χ₁ = 1 exactly (Gauss–Hermite alone gives 0.91)."""
    relu = actviz.get("relu")
    assert prop.critical_point(relu, 0.0)[0] == 2.0
    at_he = prop.propagation(relu, 2.0, 0.0)
    assert at_he.chi1 == 1.0 and at_he.phase == "critical"
    # and by quadrature, not only the closed form
    assert prop._Quadrature(relu).slope(np.array([1.7]))[0] * 2 == pytest.approx(1.0, rel=1e-13)


def test_tanh_is_critical_at_one_without_bias():
    tanh = actviz.get("tanh")
    assert prop.critical_point(tanh, 0.0) == (1.0, 0.0)
    result = prop.propagation(tanh, 1.0, 0.0)
    assert result.q_star == 0.0 and result.chi1 == 1.0 and result.phase == "critical"
    assert prop.propagation(tanh, 0.9, 0.0).phase == "ordered"
    assert prop.propagation(tanh, 1.1, 0.0).phase == "chaotic"


def test_selu_self_normalising_fixed_point():
    """Klambauer et al. 2017: with σ_w² = 1 and no bias, q* = 1 (and mean 0, so c* = 0)."""
    result = prop.propagation(actviz.get("selu"), 1.0, 0.0)
    assert result.q_star == pytest.approx(1.0, rel=1e-12)
    assert result.c_star == 0.0
    # χ₁ = E[selu'(z)²] = 1.0716 > 1: SELU at its fixed point is slightly chaotic
    assert result.chi1 == pytest.approx(exact_expectation("selu", 1.0, "f'"), rel=1e-11)
    assert result.phase == "chaotic"


def test_tanh_with_bias_moves_the_critical_line_right():
    """Poole et al. / Schoenholz et al.: the critical σ_w² grows with σ_b² for tanh."""
    tanh = actviz.get("tanh")
    critical = [prop.critical_point(tanh, b)[0] for b in (0.0, 0.05, 0.3, 1.0)]
    assert critical[0] == 1.0 and all(a < b for a, b in zip(critical, critical[1:]))
    sigma_w2, q_c = prop.critical_point(tanh, 0.05)
    assert prop.propagation(tanh, sigma_w2, 0.05).chi1 == pytest.approx(1.0, abs=1e-9)
    assert prop.propagation(tanh, sigma_w2, 0.05).q_star == pytest.approx(q_c, rel=1e-6)


def test_gelu_has_no_critical_point_without_bias():
    """Its signal leaves q = 0 at σ_w² = 4 (𝓛(q) ≈ q + 6q²/π), so the q = 0 candidate fails;
    with enough bias the line exists (Hayou et al. 2019 for Swish-like activations)."""
    gelu = actviz.get("gelu")
    assert prop.critical_point(gelu, 0.0) is None
    sigma_w2, q_c = prop.critical_point(gelu, 0.5)
    assert 1.9 < sigma_w2 < 2.0 and q_c > 1


# --------------------------------------------------------------------------------------------
# Closed forms against quadrature, quadrature against mpmath
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["relu", "leaky_relu:negative_slope=0.2", "identity", "prelu"])
def test_arc_cosine_closed_forms_match_quadrature(spec):
    act = actviz.get(spec)
    closed, numeric = prop.moments_of(act), prop._Quadrature(act)
    assert isinstance(closed, prop._LinearPieces)
    q = np.array([0.3, 1.0, 7.0])
    np.testing.assert_allclose(closed.length(q), numeric.length(q), rtol=1e-12)
    np.testing.assert_allclose(closed.slope(q), numeric.slope(q), rtol=1e-12)
    np.testing.assert_allclose(closed.length_derivative(q), numeric.length_derivative(q), rtol=1e-11)
    assert closed.mean(2.0) == pytest.approx(numeric.mean(2.0), rel=1e-12, abs=1e-15)
    for c in (-0.6, 0.2, 0.95):
        for derivative in (False, True):
            assert closed.correlation(1.3, c, derivative) == pytest.approx(
                numeric.correlation(1.3, c, derivative), rel=1e-10), (c, derivative)


def test_formulas_get_the_closed_form_too():
    assert isinstance(prop.moments_of(actviz.get("f(x)=max(x, 0.3*x)")), prop._LinearPieces)
    assert not isinstance(prop.moments_of(actviz.get("relu6")), prop._LinearPieces)


@pytest.mark.parametrize("name,q", [("tanh", 0.7), ("gelu", 2.5), ("selu", 1.0),
                                    ("hardtanh", 3.0), ("softsign", 40.0), ("sigmoid", 1e-3)])
def test_moments_match_mpmath(name, q):
    moments = prop._Quadrature(actviz.get(name))
    at = np.array([q])
    assert moments.length(at)[0] == pytest.approx(exact_expectation(name, q, "f"), rel=1e-12)
    assert moments.slope(at)[0] == pytest.approx(exact_expectation(name, q, "f'"), rel=1e-12)


def test_huge_scales_do_not_step_over_the_origin():
    """At q = 1e8 GELU' differs from ReLU' only within |z| < 1e-3; a rule that missed it
    returned E[gelu'(√q z)²] = 0.5 exactly."""
    moments = prop._Quadrature(actviz.get("gelu"))
    excess = float(moments.slope(np.array([1e8]))[0]) - 0.5
    assert excess == pytest.approx(exact_expectation("gelu", 1e8, "f'") - 0.5, rel=1e-6)


@pytest.mark.parametrize("q,c", [(1.3, 0.6), (0.2, -0.4), (25.0, 0.99)])
def test_correlation_matches_the_erf_arcsine_kernel(q, c):
    """Williams 1997: for f = erf, E[f(u₁) f(u₂)] = (2/π) arcsin(2qc/(1 + 2q)), and
    E[f'(u₁) f'(u₂)] = (4/π)/√((1 + 2q)² − 4q²c²): a closed form for the 2-D quadrature."""
    moments = prop._Quadrature(actviz.get("f(x)=erf(x)"))
    assert moments.correlation(q, c) == pytest.approx(
        2 / math.pi * math.asin(2 * q * c / (1 + 2 * q)), rel=1e-11)
    assert moments.correlation(q, c, derivative=True) == pytest.approx(
        4 / math.pi / math.sqrt((1 + 2 * q) ** 2 - 4 * q * q * c * c), rel=1e-11)


def test_kinked_correlation_against_scipy_dblquad():
    """A jump of f' (SELU) in both variables: the split quadrature against scipy's dblquad."""
    from scipy.integrate import dblquad

    selu = actviz.get("selu")
    q, c = 2.0, 0.5
    s = math.sqrt(1 - c * c)
    density = lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    g = lambda z2, z1: (float(selu.derivative(math.sqrt(q) * z1))  # noqa: E731
                        * float(selu.derivative(math.sqrt(q) * (c * z1 + s * z2)))
                        * density(z1) * density(z2))
    # split where the kinks are: z1 = 0 and z2 = −c z1/s
    total = sum(dblquad(g, a, b, lambda z1: -8.0, lambda z1: -c * z1 / s, epsabs=1e-9)[0]
                + dblquad(g, a, b, lambda z1: -c * z1 / s, lambda z1: 8.0, epsabs=1e-9)[0]
                for a, b in ((-8.0, 0.0), (0.0, 8.0)))
    ours = prop._Quadrature(selu).correlation(q, c, derivative=True)
    assert ours == pytest.approx(total, rel=1e-8)


def test_gaussian_expectation_is_exact_for_polynomials_and_kinks():
    z2 = gaussian_expectation(np.square, np.array([1.0, 3.0]), [])
    np.testing.assert_allclose(z2, [1.0, 9.0], rtol=1e-14)
    # E[relu'(z)²] = 1/2 exactly, where Gauss–Hermite does not get 1/2
    half = gaussian_expectation(lambda x: (x > 0).astype(float), np.array([1.0]), [0.0])
    assert half[0] == pytest.approx(0.5, rel=1e-14)
    # a shifted normal: E[(m + s z)²] = m² + s²
    shifted = gaussian_expectation(np.square, np.array([2.0]), [], shifts=np.array([3.0]))
    assert shifted[0] == pytest.approx(13.0, rel=1e-14)


# --------------------------------------------------------------------------------------------
# Every registered activation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_activation_gives_consistent_numbers(name):
    act = actviz.get(name)
    sigma_w2, sigma_b2 = 1.5, 0.05
    result = prop.propagation(act, sigma_w2, sigma_b2)
    moments = prop.moments_of(act)
    if result.q_star is not None:
        mapped = sigma_w2 * float(moments.length(np.array([result.q_star]))[0]) + sigma_b2
        assert mapped == pytest.approx(result.q_star, rel=1e-9)
        # χ₁ = σ_w² E[f'(√q* z)²], by a rule of the test's own (not the module's moments)
        assert result.chi1 == pytest.approx(
            sigma_w2 * _gaussian_mean(lambda x: act.derivative(x) ** 2, result.q_star),
            rel=1e-4, abs=1e-12)
    if result.chi1 is not None:
        assert result.chi1 >= 0
        if 0 < result.chi1 != 1:
            assert result.decade_depth == pytest.approx(
                2 * math.log(10) / abs(math.log(result.chi1)), rel=1e-12)
    if result.c_star is not None:
        assert 0.0 <= result.c_star <= 1.0
        if result.c_star < 1.0:  # chaotic: c* is a fixed point of the correlation map
            q = result.q_star
            mapped = (sigma_w2 * moments.correlation(q, result.c_star) + sigma_b2) / q
            assert mapped == pytest.approx(result.c_star, rel=1e-9, abs=1e-12)
            assert result.chi_c < 1.0
    expected_phase = (None if result.chi1 is None else "critical"
                      if abs(result.chi1 - 1) <= 1e-9 else "ordered" if result.chi1 < 1
                      else "chaotic")
    assert result.phase == expected_phase
    if result.critical_sigma_w2 is not None and result.q_star_at_critical:
        chi = result.critical_sigma_w2 * moments.slope(np.array([result.q_star_at_critical]))[0]
        assert chi == pytest.approx(1.0, rel=1e-12)


def _gaussian_mean(g, q: float) -> float:
    """E[g(√q z)] for z ~ N(0, 1), by the trapezoid rule on 400,001 points of |z| ≤ 14 (beyond,
    the weight is below 1e-43).  A jump of g (f'² of relu at 0) costs O(h) ~ 3e-5 relative,
    so it checks to 1e-4: a wrong χ₁ (a factor, a missing term) is off by far more."""
    z = np.linspace(-14.0, 14.0, 400_001)
    return float(np.trapezoid(g(math.sqrt(q) * z) * np.exp(-z * z / 2), z) / math.sqrt(2 * math.pi))


def test_the_checks_of_every_activation_are_not_all_skipped():
    """Most activations have a fixed point q* at σ_w² = 1.5, σ_b² = 0.05, so the conditional
    checks above run for them; the chaotic and ordered phases both occur."""
    results = [prop.propagation(actviz.get(name), 1.5, 0.05) for name in ALL_NAMES]
    assert sum(r.q_star is not None for r in results) >= 30
    assert {"ordered", "chaotic"} <= {r.phase for r in results}
    assert sum(r.c_star is not None and r.c_star < 1 for r in results) >= 3


@settings(max_examples=6)
@given(sigma_w2=st.floats(0.2, 3.0), sigma_b2=st.floats(0.01, 1.0))
def test_tanh_fixed_point_against_scipy_quad(sigma_w2, sigma_b2):
    """q* solves q = σ_w² E[tanh(√q z)²] + σ_b², with the expectation by scipy.integrate.quad."""
    from scipy.integrate import quad

    q = prop.propagation(actviz.get("tanh"), sigma_w2, sigma_b2).q_star
    second = quad(lambda z: math.tanh(math.sqrt(q) * z) ** 2 * math.exp(-z * z / 2),
                  -40, 40, epsabs=0, epsrel=1e-13, limit=200)[0] / math.sqrt(2 * math.pi)
    assert sigma_w2 * second + sigma_b2 == pytest.approx(q, rel=1e-10)


def test_divergence_and_bad_settings():
    assert prop.propagation(actviz.get("relu"), 3.0, 0.0).q_star is None
    assert prop.propagation(actviz.get("relu"), 3.0, 0.0).chi1 == 1.5  # still defined
    assert prop.propagation(actviz.get("elu"), 2.0, 0.0).q_star is None  # q + const per layer
    for bad in (0.0, -1.0, math.nan, math.inf, 1e7):
        with pytest.raises(OptionError, match="sigma_w2"):
            prop.propagation(actviz.get("relu"), bad, 0.0)
    with pytest.raises(OptionError, match="sigma_b2"):
        prop.propagation(actviz.get("relu"), 1.0, -0.1)


def test_depth_scales_and_decades():
    assert prop.depth_scale(1.0) == math.inf and prop.depth_scale(0.0) == 0.0
    assert prop.depth_scale(math.exp(-1 / 7)) == pytest.approx(7.0)
    assert prop.depth_scale(1.2) is None
    # relu at σ_w² = 1: the gradient norm halves its square per layer: 10× in 2 ln 10/ln 2
    assert prop.propagation(actviz.get("relu"), 1.0, 0.0).decade_depth == pytest.approx(
        2 * math.log(10) / math.log(2))


def test_predicted_gradient_for_relu_is_geometric():
    gradient = prop.predicted_gradient(actviz.get("relu"), 1.0, 0.0, 5)
    np.testing.assert_allclose(gradient, [0.25, 0.5**1.5, 0.5, 0.5**0.5, 1.0], rtol=1e-14)
