"""The vanishing-gradient experiment: how much gradient reaches each layer of a deep random net.

A batch of N(0, 1) inputs goes forward through L dense layers, z_k = h_{k-1} W_k and
h_k = f(z_k) (square W×W weights, no biases, drawn with the chosen initialisation).  A random
unit-norm gradient then comes back from the output: δ_k = g_k ⊙ f'(z_k) and g_{k-1} = δ_k W_kᵀ,
the product of diag(f'(z)) W factors the course notes derive.  For each layer we report

- ``gradient_norm[k]`` = ‖δ_k‖ / ‖δ_L‖: the gradient reaching layer k's pre-activations (what
  updates W_k) relative to the last layer's, so the last entry is 1.  If no gradient reaches
  the last layer at all (the step function), none reaches any layer, and every entry is 0.
- ``dead_fraction[k]``: the fraction of layer k's units with f'(z) = 0 for every input of the
  batch: units that pass no gradient and so cannot learn (dead ReLUs).

Every activation in one run sees the same inputs and weights, so rows are comparable; the
same seed gives the same numbers.  numpy only.  The norms are carried as logarithms, so a
sigmoid net of 1,000 layers gives 0 (below 1e-308) rather than NaN, and no step overflows.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from typing import Sequence

from actviz.activations.registry import BoundActivation
from actviz.analysis.keys import activation_key
from actviz.analysis.limits import Workload
from actviz.errors import OptionError, option_name
from actviz.lazy import numpy as np

INITS = ("xavier", "he", "lecun")
DEFAULT_INIT = "he"
DEFAULT_WIDTH = 256
DEFAULT_SEED = 0
DEFAULT_BATCH = 256
MAX_LAYERS = 1000
MAX_WIDTH = 4096
MAX_BATCH = 4096
# Weights and stored slopes beyond this are recomputed instead of kept: L = 1000 layers of
# 4096×4096 weights would take 134 GB.
_MEMORY_BUDGET = 256 * 2**20
_THREADED_WIDTH = 512


def weight_variance(init: str, fan_in: int, fan_out: int) -> float:
    """Var(W_ij) for an initialisation scheme.

    - ``xavier`` (Glorot & Bengio 2010): 2 / (fan_in + fan_out), for tanh and sigmoid;
    - ``he`` (He et al. 2015): 2 / fan_in, which keeps ReLU signals from halving per layer;
    - ``lecun`` (LeCun et al. 1998): 1 / fan_in, the SELU choice.

    Square layers (fan_in = fan_out) make xavier and lecun equal.
    """
    if init == "xavier":
        return 2.0 / (fan_in + fan_out)
    if init == "he":
        return 2.0 / fan_in
    if init == "lecun":
        return 1.0 / fan_in
    raise OptionError(f"must be one of {', '.join(INITS)}, got '{init}'", subject="init")


@dataclass(frozen=True)
class DepthSettings:
    """The network of the experiment; invalid values raise :class:`OptionError`."""

    layers: int
    width: int = DEFAULT_WIDTH
    init: str = DEFAULT_INIT
    seed: int = DEFAULT_SEED
    batch: int = DEFAULT_BATCH
    # Mean-field settings (actviz propagate): Var(W_ij) = sigma_w2/fan_in instead of the
    # init's, and biases b_i ~ N(0, sigma_b2) added to every layer's pre-activations.
    sigma_w2: float | None = None
    sigma_b2: float = 0.0

    def __post_init__(self) -> None:
        _check_count("depth", self.layers, MAX_LAYERS)
        _check_count("width", self.width, MAX_WIDTH)
        _check_count("batch", self.batch, MAX_BATCH)
        weight_variance(self.init, 1, 1)
        for name, value in (("sigma_w2", self.sigma_w2), ("sigma_b2", self.sigma_b2)):
            if value is not None and not (math.isfinite(value) and value >= 0):
                raise OptionError(f"must be a finite number ≥ 0, got {value!r}", subject=name)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise OptionError(f"must be a non-negative integer, got {self.seed!r}", subject="seed")

    @property
    def weight_std(self) -> float:
        """The standard deviation of each weight of a square layer."""
        if self.sigma_w2 is not None:
            return math.sqrt(self.sigma_w2 / self.width)
        return math.sqrt(weight_variance(self.init, self.width, self.width))

    @property
    def multiply_adds(self) -> int:
        """The work per activation: a forward pass, the backward pass and, for networks too
        big to keep, the forward pass again (~3 products of batch × W by W × W per layer)."""
        return 3 * self.layers * self.batch * self.width**2

    @property
    def workload(self) -> Workload:
        """The work per activation against the default network's (50 layers of 256, 0.2 s)."""
        return Workload(self.multiply_adds, 3 * 50 * DEFAULT_BATCH * DEFAULT_WIDTH**2, 0.2,
                        "per activation")

    @property
    def is_long(self) -> bool:
        """Worth a warning: more than 100 × the default network's work (0.2 s), so over ~20 s."""
        return self.workload.is_long

    def describe(self) -> str:
        """The settings that size the work, as options (spelled by each front end)."""
        return f"{option_name('depth')} {self.layers:,} {option_name('width')} {self.width:,}"

    def long_work(self) -> list[str]:
        """The line to say before the experiment when it :attr:`is_long`, else none."""
        return [self.workload.warning(self.describe())] if self.is_long else []


def _check_count(option: str, value: int, maximum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise OptionError(f"must be an integer from 1 to {maximum:,}, got {value!r}", subject=option)


@dataclass(frozen=True)
class DepthRun:
    """One activation's result: per layer, first layer first (index 0 is layer 1)."""

    key: str
    label: str
    gradient_norm: np.ndarray
    dead_fraction: np.ndarray
    finite: bool  # False when the forward pass overflowed (values then NaN)


@dataclass(frozen=True)
class DepthResult:
    settings: DepthSettings
    runs: tuple[DepthRun, ...]


def depth_experiment(
    activations: Sequence[BoundActivation], settings: DepthSettings
) -> DepthResult:
    """Run the experiment (see the module) for each activation on the same random network."""
    network = _Network(settings)
    with _blas_threads(settings.width):
        return DepthResult(settings, tuple(network.run(act) for act in activations))


def _blas_threads(width: int) -> contextlib.AbstractContextManager:
    """One BLAS thread for layers up to 512 wide.

    Products that small gain nothing from threads, and threaded OpenBLAS busy-waits when the
    cores are shared (tests in parallel, ``actviz batch`` workers): L = 50, W = 256 then took
    1–20 s instead of 0.3 s.  One thread also makes the numbers independent of the core count.
    """
    if width > _THREADED_WIDTH:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


class _Network:
    """Inputs, output gradient and weights drawn from independent streams of one seed.

    Layer k's weights come from their own stream, so they can be drawn again instead of kept
    when all L of them would not fit the memory budget.
    """

    def __init__(self, settings: DepthSettings):
        self.settings = settings
        # Bias streams come after the weights' (spawned children keep their keys), so the
        # numbers without biases are those of before biases existed.
        streams = np.random.SeedSequence(settings.seed).spawn(2 * settings.layers + 2)
        shape = (settings.batch, settings.width)
        self.inputs = np.random.default_rng(streams[0]).standard_normal(shape)
        output_gradient = np.random.default_rng(streams[1]).standard_normal(shape)
        self.output_gradient = output_gradient / _norm(output_gradient)
        self._streams = streams[2:settings.layers + 2]
        self._bias_streams = streams[settings.layers + 2:]
        self._std = settings.weight_std
        weight_bytes = settings.layers * settings.width**2 * 8
        self._cache: dict[int, np.ndarray] | None = {} if weight_bytes <= _MEMORY_BUDGET else None
        slope_bytes = settings.layers * settings.batch * settings.width * 8
        # Keep every layer's slopes if they fit, else recompute the forward pass in segments
        # of about √L layers from checkpoints (memory ∝ √L instead of L).
        fits = slope_bytes <= _MEMORY_BUDGET
        self.segment = settings.layers if fits else math.isqrt(settings.layers - 1) + 1

    def weight(self, layer: int) -> np.ndarray:
        if self._cache is not None and layer in self._cache:
            return self._cache[layer]
        size = self.settings.width
        w = np.random.default_rng(self._streams[layer]).standard_normal((size, size)) * self._std
        if self._cache is not None:
            self._cache[layer] = w
        return w

    def bias(self, layer: int) -> np.ndarray | float:
        """b_k, one per unit (0 without biases), the same for every input of the batch."""
        if self.settings.sigma_b2 == 0:
            return 0.0
        rng = np.random.default_rng(self._bias_streams[layer])
        return rng.standard_normal(self.settings.width) * math.sqrt(self.settings.sigma_b2)

    def pre_activation(self, h: np.ndarray, layer: int) -> np.ndarray:
        """z_k = h_(k−1) W_k + b_k."""
        return h @ self.weight(layer) + self.bias(layer)

    def run(self, act: BoundActivation) -> DepthRun:
        layers = self.settings.layers
        log_norm = np.empty(layers)
        dead = np.empty(layers)
        with np.errstate(over="ignore", invalid="ignore"):
            checkpoints = self._checkpoints(act)
            gradient, log_scale = self.output_gradient, 0.0
            for start in reversed(range(0, layers, self.segment)):
                stop = min(start + self.segment, layers)
                slopes = self._slopes(act, checkpoints[start], start, stop)
                for layer in reversed(range(start, stop)):
                    slope = slopes.pop()
                    delta = gradient * slope
                    size = _norm(delta)
                    log_norm[layer] = math.log(size) + log_scale if size > 0 else -math.inf
                    dead[layer] = np.mean(np.all(slope == 0, axis=0))
                    gradient = delta @ self.weight(layer).T
                    scale = _norm(gradient)
                    if 0 < scale < math.inf:  # keep the carried gradient at unit size
                        gradient = gradient / scale
                        log_scale += math.log(scale)
        return DepthRun(
            key=activation_key(act),
            label=act.label,
            gradient_norm=_relative(log_norm),
            dead_fraction=dead,
            finite=bool(np.all(np.isfinite(log_norm) | (log_norm == -math.inf))),
        )

    def _checkpoints(self, act: BoundActivation) -> dict[int, np.ndarray]:
        """The input h_{k-1} of each segment's first layer k, by one forward pass."""
        checkpoints = {0: self.inputs}
        h = self.inputs
        last_start = (self.settings.layers - 1) // self.segment * self.segment
        for layer in range(last_start):
            h = act(self.pre_activation(h, layer))
            if (layer + 1) % self.segment == 0:
                checkpoints[layer + 1] = h
        return checkpoints

    def _slopes(self, act: BoundActivation, h: np.ndarray, start: int, stop: int) -> list:
        """f'(z_k) for the layers start..stop-1, recomputed forward from their input ``h``."""
        slopes = []
        for layer in range(start, stop):
            z = self.pre_activation(h, layer)
            slopes.append(act.derivative(z))
            if layer + 1 < stop:
                h = act(z)
        return slopes


def _norm(a: np.ndarray) -> float:
    """The Frobenius norm, scaled so that squaring neither overflows nor underflows."""
    largest = float(np.max(np.abs(a)))
    if largest == 0 or not math.isfinite(largest):
        return largest
    return largest * math.sqrt(float(np.sum(np.square(a / largest))))


def _relative(log_norm: np.ndarray) -> np.ndarray:
    """exp(log ‖δ_k‖ − log ‖δ_L‖); all 0 when no gradient reaches the last layer."""
    last = log_norm[-1]
    if last == -math.inf:
        return np.zeros_like(log_norm)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.exp(log_norm - last)
