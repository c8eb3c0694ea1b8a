"""The course notes' experiment: fit a curve with one hidden layer of a few units of one activation.

    ŷ(x) = b + Σ_j v_j · f(w_j x + c_j),     j = 1..H        (H hidden units, linear output)
    loss = mean over the training points of (ŷ(x) − y(x))²

trained by full-batch Adam on y = cos(x) + 1 over [0, 2π] by default.  Written in numpy with
the registry's own analytic derivative f' for backpropagation, so it shows what each activation
can build: identity stays a straight line (a sum of lines is a line), ReLU builds the curve from
two hinges (or fewer, when a unit dies), sigmoid and tanh from two smooth steps.

All R restarts of one activation are trained at once as one batch of independent networks
(parameters carry a leading restart axis): Adam and the loss are per network, so this is R
separate trainings, vectorised.  Every activation starts from the same R initial weights.
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from actviz.activations.registry import BoundActivation, get, select
from actviz.analysis.grid import check_range
from actviz.analysis.limits import Workload
from actviz.analysis.lists import split_list
from actviz.errors import ActvizError, OptionError, UnknownActivationError, option_name
from actviz.jsonable import json_number
from actviz.lazy import numpy as np

DEFAULT_ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "silu")
DEFAULT_TARGET_LABEL = "cos(x) + 1"

# Adam's constants as Keras uses them (the course notes train with Keras).
ADAM_BETA1 = 0.9
ADAM_BETA2 = 0.999
ADAM_EPSILON = 1e-7

MAX_HIDDEN = 64
MAX_EPOCHS = 100_000
MAX_RESTARTS = 100
MAX_FIT_POINTS = 100_000
# Each training step holds a few arrays of restarts × points × hidden floats; 5·10⁶ is 40 MB
# each.  The course notes' run uses 20 × 100 × 2 = 4,000.
MAX_VALUES_PER_STEP = 5_000_000
DRAWING_POINTS = 400


@dataclass(frozen=True)
class FitConfig:
    """The experiment's knobs; defaults are those of the course notes (interval, H, lr, epochs)."""

    hidden: int = 2
    epochs: int = 300
    lr: float = 0.04
    seed: int = 0
    restarts: int = 20
    xmin: float = 0.0
    xmax: float = 2 * math.pi
    points: int = 100

    def check(self) -> None:
        """Raise :class:`OptionError` for a value the experiment cannot run with."""
        _check_count("hidden", self.hidden, 1, MAX_HIDDEN)
        _check_count("epochs", self.epochs, 1, MAX_EPOCHS)
        _check_count("restarts", self.restarts, 1, MAX_RESTARTS)
        if not (isinstance(self.lr, (int, float)) and math.isfinite(self.lr) and self.lr > 0):
            raise OptionError(f"must be a finite number > 0, got {self.lr}", subject="lr")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise OptionError(f"must be an integer ≥ 0, got {self.seed}", subject="seed")
        if not 2 <= self.points <= MAX_FIT_POINTS:
            raise OptionError(
                f"must be between 2 and {MAX_FIT_POINTS:,} for fit, got {self.points}",
                subject="points",
            )
        check_range(self.xmin, self.xmax, self.points)
        values = self.restarts * self.points * self.hidden
        if values > MAX_VALUES_PER_STEP:
            raise OptionError(
                f"{option_name('restarts')} × {option_name('points')} × {option_name('hidden')} is "
                f"{values:,}, more than "
                f"{MAX_VALUES_PER_STEP:,}: lower one of them"
            )

    @property
    def n_parameters(self) -> int:
        return 3 * self.hidden + 1

    @property
    def workload(self) -> Workload:
        """The training's work per activation, restarts × points × hidden × epochs values,
        against the course notes' run (``is_long``: worth a warning before it starts)."""
        return Workload(self.restarts * self.points * self.hidden * self.epochs,
                        _DEFAULT_WORK, DEFAULT_FIT_SECONDS, "per activation")

    def describe(self) -> str:
        """The settings that size the work, as options: for messages."""
        return " ".join(f"{option_name(name)} {getattr(self, name):,}"
                        for name in ("restarts", "points", "hidden", "epochs"))


# The course notes' run: 20 restarts × 100 points × 2 units × 300 epochs, ~0.15 s per
# activation (`actviz fit`'s six take ~1 s with start-up, 2 cores): ~0.2 µs per value.
_DEFAULT_WORK = 20 * 100 * 2 * 300
DEFAULT_FIT_SECONDS = 0.15


def _check_count(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise OptionError(f"must be an integer from {low} to {high:,}, got {value}", subject=name)


# --------------------------------------------------------------------------------------------
# What to fit and with what
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The curve to fit: a label for titles and a vectorised function of x."""

    label: str
    function: Callable[[np.ndarray], np.ndarray]


def default_target() -> Target:
    """y = cos(x) + 1, the course notes' target (numpy only: no formula parser needed)."""
    return Target(DEFAULT_TARGET_LABEL, lambda x: np.cos(x) + 1.0)


_REGISTRY_SPEC = re.compile(r"^\s*[A-Za-z_][\w-]*\s*(:.*)?$")


def resolve_target(spec: str | None) -> Target:
    """The target named by ``spec``: ``None`` for cos(x) + 1, a registry spec, or a formula.

    A formula may be written ``f(x)=cos(x)+1`` or bare, ``cos(x)+1``; both go to
    :func:`actviz.get`.  A bare word is first a registry name (``tanh``, ``elu:alpha=0.5``);
    if no activation has that name it is tried as a formula (``x``), and if that fails too the
    registry's error (with its suggestions) is the one reported.  Errors start with --target.
    """
    if spec is None:
        return default_target()
    text = spec.strip()
    if not text:
        raise OptionError("is empty: give a formula such as 'cos(x)+1' or a name",
                          subject="target")
    with _naming_option("target"):
        if text.startswith("f(") or not _REGISTRY_SPEC.match(text):
            return _target_from(get(text if text.startswith("f(") else f"f(x)={text}"))
        try:
            return _target_from(get(text))
        except UnknownActivationError as registry_error:
            try:
                return _target_from(get(f"f(x)={text}"))
            except ActvizError:
                raise registry_error from None


@contextlib.contextmanager
def _naming_option(option: str) -> Iterator[None]:
    """Prefix a library error with the option it came from (same error class, same exit code)."""
    try:
        yield
    except ActvizError as error:
        raise type(error)(error.spelled(option_name), subject=option, separator=": ") from None


def _target_from(act: BoundActivation) -> Target:
    return Target(act.label, act)


def parse_activation_list(text: str) -> list[str]:
    """Split ``"tanh,elu:alpha=0.5,beta=1,relu"`` into specs (names, patterns or formulas).

    A comma inside parentheses (a formula's ``max(x,0)``) or before a ``key=value`` item that
    continues the previous spec's parameters does not start a new activation.
    """
    specs: list[str] = []
    for item in split_list(text, "activations", "tanh,relu"):
        continues_parameters = (
            specs and "=" in item and ":" not in item and not item.startswith("f(")
            and ":" in specs[-1]
        )
        if continues_parameters:
            specs[-1] += "," + item
        else:
            specs.append(item)
    return specs


def resolve_activations(specs: Sequence[str | BoundActivation]) -> list[BoundActivation]:
    """Bind every spec, or every activation a pattern (``*relu*``) selects, as ``table`` and
    ``saturation`` do; the same activation twice is an error (its panel would repeat)."""
    with _naming_option("activations"):
        bound = [act for spec in specs
                 for act in ([spec] if isinstance(spec, BoundActivation) else select(spec))]
    seen: set[str] = set()
    for act in bound:
        if act.spec in seen:
            raise OptionError(f"names {act.spec} twice", subject="activations")
        seen.add(act.spec)
    return bound


# --------------------------------------------------------------------------------------------
# The network: parameters θ = [w (H), c (H), v (H), b] per restart, shape (R, 3H + 1)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Network:
    """Views into θ: input weights w, hidden biases c, output weights v (each (R, H)), bias b (R,).
    """

    w: np.ndarray
    c: np.ndarray
    v: np.ndarray
    b: np.ndarray


def unpack(theta: np.ndarray, hidden: int) -> Network:
    """Split θ of shape (R, 3H + 1) into views (no copies)."""
    h = hidden
    return Network(theta[:, :h], theta[:, h : 2 * h], theta[:, 2 * h : 3 * h], theta[:, 3 * h])


def glorot_uniform_init(rng: np.random.Generator, restarts: int, hidden: int) -> np.ndarray:
    """Initial θ as Keras builds a Dense layer: Glorot-uniform weights, zero biases.

    Glorot uniform draws from U(−L, L) with L = √(6 / (fan_in + fan_out)): the hidden layer has
    fan_in 1 and fan_out H, the output layer fan_in H and fan_out 1, so both use √(6 / (1 + H))
    (≈ 1.41 for H = 2), which keeps the signal's variance about the same through each layer.
    """
    limit = math.sqrt(6.0 / (1 + hidden))
    theta = np.zeros((restarts, 3 * hidden + 1))
    net = unpack(theta, hidden)
    net.w[...] = rng.uniform(-limit, limit, size=(restarts, hidden))
    net.v[...] = rng.uniform(-limit, limit, size=(restarts, hidden))
    return theta


def pre_activations(theta: np.ndarray, hidden: int, x: np.ndarray) -> np.ndarray:
    """u[r, n, j] = w_j x_n + c_j for each restart r."""
    net = unpack(theta, hidden)
    return x[None, :, None] * net.w[:, None, :] + net.c[:, None, :]


def predict(theta: np.ndarray, hidden: int, act: BoundActivation, x: np.ndarray) -> np.ndarray:
    """ŷ[r, n] = b + Σ_j v_j f(w_j x_n + c_j)."""
    net = unpack(theta, hidden)
    return np.einsum("rnj,rj->rn", act(pre_activations(theta, hidden, x)), net.v) + net.b[:, None]


def loss_and_gradient(
    theta: np.ndarray, hidden: int, act: BoundActivation, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean squared error per restart (R,) and its gradient with respect to θ (R, 3H + 1).

    Backpropagation with the registry's f' (sums over the training points):
    e = 2(ŷ − y)/N,  ∂/∂b = Σ e,  ∂/∂v_j = Σ e f(u_j),  ∂/∂c_j = Σ e v_j f'(u_j),
    ∂/∂w_j = Σ e v_j f'(u_j) x.
    """
    net = unpack(theta, hidden)
    u = pre_activations(theta, hidden, x)
    hidden_out = act(u)
    residual = np.einsum("rnj,rj->rn", hidden_out, net.v) + net.b[:, None] - y[None, :]
    loss = np.mean(residual**2, axis=1)
    error = residual * (2.0 / x.size)
    gradient = np.empty_like(theta)
    grad = unpack(gradient, hidden)
    grad.b[...] = error.sum(axis=1)
    grad.v[...] = np.einsum("rn,rnj->rj", error, hidden_out)
    delta = error[:, :, None] * net.v[:, None, :] * act.derivative(u)
    grad.c[...] = delta.sum(axis=1)
    grad.w[...] = np.einsum("rnj,n->rj", delta, x)
    return loss, gradient


def dead_units(theta: np.ndarray, hidden: int, act: BoundActivation, x: np.ndarray) -> np.ndarray:
    """(R, H) mask of units with f'(w_j x + c_j) == 0 at every training point: no gradient can
    ever reach w_j or c_j again, so the unit is frozen (a dead ReLU)."""
    return np.all(act.derivative(pre_activations(theta, hidden, x)) == 0.0, axis=1)


def train(
    act: BoundActivation, x: np.ndarray, y: np.ndarray, theta0: np.ndarray, config: FitConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch Adam from θ0 for ``config.epochs`` steps; returns final θ and its MSE (R,).

    A restart whose loss stops being finite keeps NaN as its MSE (it diverged) and is never
    picked as the best; float overflow inside it raises no warning.
    """
    theta = theta0.copy()
    first = np.zeros_like(theta)
    second = np.zeros_like(theta)
    with np.errstate(all="ignore"):
        for step in range(1, config.epochs + 1):
            _, gradient = loss_and_gradient(theta, config.hidden, act, x, y)
            first = ADAM_BETA1 * first + (1 - ADAM_BETA1) * gradient
            second = ADAM_BETA2 * second + (1 - ADAM_BETA2) * gradient**2
            rate = config.lr * math.sqrt(1 - ADAM_BETA2**step) / (1 - ADAM_BETA1**step)
            theta -= rate * first / (np.sqrt(second) + ADAM_EPSILON)
        final = np.mean((predict(theta, config.hidden, act, x) - y[None, :]) ** 2, axis=1)
    final = np.where(np.isfinite(final), final, np.nan)
    return theta, final


# --------------------------------------------------------------------------------------------
# The experiment
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivationFit:
    """One activation's result: every restart's MSE, the best network and its pieces for drawing.

    ``contributions[j]`` is unit j's share v_j f(w_j x + c_j) on the drawing grid; the fit is
    their sum plus ``output_bias``.
    """

    spec: str
    label: str
    mse: np.ndarray
    dead: np.ndarray
    best: int
    parameters: dict[str, list[float]]
    contributions: np.ndarray
    output_bias: float
    fit: np.ndarray

    @property
    def best_mse(self) -> float:
        return float(self.mse[self.best]) if self.best >= 0 else math.nan

    @property
    def median_mse(self) -> float:
        """The typical restart (diverged ones left out): far above the best when most get stuck."""
        finite = self.mse[~np.isnan(self.mse)]
        return float(np.median(finite)) if finite.size else math.nan

    @property
    def dead_restarts(self) -> int:
        """Restarts that ended with at least one dead unit."""
        return int(np.sum(np.any(self.dead, axis=1)))

    @property
    def diverged_restarts(self) -> int:
        return int(np.sum(np.isnan(self.mse)))


@dataclass(frozen=True)
class FitExperiment:
    config: FitConfig
    target: str
    x: np.ndarray
    y: np.ndarray
    grid: np.ndarray
    target_on_grid: np.ndarray
    line_mse: float
    fits: tuple[ActivationFit, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        config = self.config
        return {
            "target": self.target,
            "interval": [config.xmin, config.xmax],
            "points": config.points,
            "hidden": config.hidden,
            "epochs": config.epochs,
            "lr": config.lr,
            "seed": config.seed,
            "restarts": config.restarts,
            "best_line_mse": self.line_mse,
            "activations": [fit_json(fit) for fit in self.fits],
        }


def fit_json(fit: ActivationFit) -> dict:
    """``fit`` for JSON: a diverged restart's MSE is null, an infinite one "inf"."""
    return {
        "activation": fit.spec,
        "label": fit.label,
        "best_mse": _mse_json(fit.best_mse),
        "median_mse": _mse_json(fit.median_mse),
        "mse_per_restart": [_mse_json(m) for m in fit.mse.tolist()],
        "dead_restarts": fit.dead_restarts,
        "diverged_restarts": fit.diverged_restarts,
        "best_restart": fit.best if fit.best >= 0 else None,
        "best_parameters": fit.parameters,
    }


def _mse_json(mse: float) -> float | str | None:
    return None if math.isnan(mse) else json_number(mse)


def best_line_mse(x: np.ndarray, y: np.ndarray) -> float:
    """MSE of the least-squares straight line: the floor for an identity network."""
    slope, intercept = np.polyfit(x, y, 1)
    return float(np.mean((slope * x + intercept - y) ** 2))


def training_data(target: Target, config: FitConfig) -> tuple[np.ndarray, np.ndarray]:
    """The training points x (evenly spaced, ends included) and y = target(x), checked finite."""
    x = np.linspace(config.xmin, config.xmax, config.points)
    y = _evaluate_target(target, x)
    return x, y


def _evaluate_target(target: Target, x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        y = np.asarray(target.function(x), dtype=np.float64) * np.ones_like(x)
    bad = ~np.isfinite(y)
    if bad.any():
        raise OptionError(
            f"the target {target.label} is not finite at x = {x[bad][0]:.6g}; "
            f"choose another interval with {option_name('xmin')}/{option_name('xmax')}"
        )
    return y


def fit_activation(
    act: BoundActivation, x: np.ndarray, y: np.ndarray, theta0: np.ndarray, config: FitConfig,
    grid: np.ndarray,
) -> ActivationFit:
    """Train R restarts of one activation and keep the best (lowest final MSE)."""
    theta, mse = train(act, x, y, theta0, config)
    dead = dead_units(theta, config.hidden, act, x)
    finite = np.flatnonzero(~np.isnan(mse))
    best = int(finite[np.argmin(mse[finite])]) if finite.size else -1
    h = config.hidden
    if best < 0:
        nan_curves = np.full((h, grid.size), np.nan)
        return ActivationFit(act.spec, act.label, mse, dead, best, {}, nan_curves, math.nan,
                             np.full(grid.size, np.nan))
    chosen = theta[best : best + 1]
    net = unpack(chosen, h)
    with np.errstate(all="ignore"):
        contributions = (act(pre_activations(chosen, h, grid)) * net.v[:, None, :])[0].T
    parameters = {
        "input_weights": net.w[0].tolist(),
        "hidden_biases": net.c[0].tolist(),
        "output_weights": net.v[0].tolist(),
        "output_bias": float(net.b[0]),
    }
    output_bias = float(net.b[0])
    return ActivationFit(act.spec, act.label, mse, dead, best, parameters, contributions,
                         output_bias, contributions.sum(axis=0) + output_bias)


def run_fit(
    activations: Sequence[str | BoundActivation] = DEFAULT_ACTIVATIONS,
    target: Target | None = None,
    config: FitConfig = FitConfig(),
) -> FitExperiment:
    """The whole experiment: the same R initial networks trained with each activation."""
    config.check()
    target = target or default_target()
    bound = resolve_activations(activations)
    x, y = training_data(target, config)
    grid = np.linspace(config.xmin, config.xmax, DRAWING_POINTS)
    theta0 = glorot_uniform_init(np.random.default_rng(config.seed), config.restarts, config.hidden)
    fits = tuple(fit_activation(act, x, y, theta0, config, grid) for act in bound)
    return FitExperiment(config, target.label, x, y, grid, _evaluate_target(target, grid),
                         best_line_mse(x, y), fits)
