"""Softmax with a temperature, computed stably; its Jacobian; and the naive formula for contrast.

    p_i(T) = exp(z_i / T) / Σ_j exp(z_j / T)
    log p_i(T) = (z_i − m) / T − log Σ_j exp((z_j − m) / T),   m = max_j z_j

Subtracting the maximum m changes nothing mathematically (the common factor e^(−m/T) cancels
between numerator and denominator) but everything numerically: every exponent is ≤ 0, so no
exp overflows, and the largest term is exactly exp(0) = 1, so the sum is ≥ 1 and never 0.

scipy.special.softmax/log_softmax shift by the max too, but compute log Σ as log(1 + rest);
when the other classes are tiny (rest < 1e-16) that rounds to log(1) = 0, and the winner's
log-probability comes out as exactly 0 where the truth is −rest (e.g. −4.2e-18 for logits
[0, −40]).  Here log Σ = log1p(rest), so log p is right to a few ulp there too.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Sequence

from actviz.analysis.limits import ReadingTable, check_result_size
from actviz.analysis.lists import parse_number, read_number, split_list
from actviz.errors import OptionError, option_name
from actviz.jsonable import json_number, json_numbers
from actviz.lazy import numpy as np  # a batch config checks temperatures without numpy

#: exp(x) overflows float64 for x above this (log of the largest double, ≈ 709.78).
EXP_OVERFLOW = math.log(sys.float_info.max)
#: exp(x) underflows to exactly 0 below this (log of the smallest subnormal, ≈ −744.44).
EXP_UNDERFLOW = math.log(math.ulp(0.0))

MIN_LOGITS = 2


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


def parse_logits(tokens: Sequence[str | float]) -> np.ndarray:
    """The logits (strings or numbers) as a float64 array (see :func:`read_logits`)."""
    return np.array(read_logits(tokens), dtype=np.float64)


def read_logits(tokens: Sequence[str | float]) -> list[float]:
    """The logits (strings or numbers) as floats; :class:`OptionError` if one is bad.

    Logits must be finite: +inf has no softmax (inf − inf), and a class masked with −inf is
    better left out of the list than shown with p = 0 and log p = −inf.
    """
    values = [_parse_logit(str(token), position) for position, token in enumerate(tokens, 1)]
    if len(values) < MIN_LOGITS:
        got = "none" if not values else f"only {len(values)}"
        raise OptionError(f"softmax needs at least {MIN_LOGITS} logits, got {got}")
    return values


def _parse_logit(token: str, position: int) -> float:
    value = read_number(token, f"logit {position} ('{token}')")
    if math.isinf(value):
        raise OptionError(
            f"logit {position} is {token.strip()}: logits must be finite numbers "
            "(leave a masked class out instead of giving it -inf)"
        )
    return value


def parse_temperatures(text: str | Sequence[float]) -> tuple[float, ...]:
    """``"0.5,1,2"`` (or numbers) as a tuple of distinct, finite, positive temperatures."""
    if isinstance(text, str):
        values = [(item, parse_number(item, "temperature", text))
                  for item in split_list(text, "temperature", "0.5,1,2")]
    else:
        values = [(str(value), float(value)) for value in text]
    temperatures: list[float] = []
    for raw, value in values:
        if not math.isfinite(value) or value <= 0:
            raise OptionError(f"must be a finite number > 0, got {raw}", subject="temperature")
        if value in temperatures:
            raise OptionError(f"{raw} is given twice", subject="temperature")
        temperatures.append(value)
    return tuple(temperatures)


# --------------------------------------------------------------------------------------------
# The stable computation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftedSoftmax:
    """The stable computation, step by step, at one temperature.

    ``shifted`` = (z − m)/T (all ≤ 0, the winner's exactly 0), ``exponentials`` = exp(shifted)
    (all in [0, 1]), ``total`` = their sum = 1 + ``rest`` (≥ 1), and the results.
    """

    temperature: float
    maximum: float
    winner: int
    shifted: np.ndarray
    exponentials: np.ndarray
    rest: float
    probabilities: np.ndarray
    log_probabilities: np.ndarray

    @property
    def total(self) -> float:
        return 1.0 + self.rest

    @property
    def log_total(self) -> float:
        return math.log1p(self.rest)


def shifted_softmax(
    logits: Sequence[float] | np.ndarray, temperature: float = 1.0
) -> ShiftedSoftmax:
    """Softmax and log-softmax of ``logits / temperature``, shifting by the maximum first.

    (z − m)/T is formed before dividing, so a small T cannot overflow the logits themselves;
    a difference too large for float64 becomes −inf, whose exp is the correct 0.
    """
    z = np.asarray(logits, dtype=np.float64)
    winner = int(np.argmax(z))
    maximum = float(z[winner])
    with np.errstate(over="ignore", under="ignore"):
        shifted = (z - maximum) / temperature
        exponentials = np.exp(shifted)
    rest = float(np.sum(np.delete(exponentials, winner)))
    probabilities = exponentials / (1.0 + rest)
    log_probabilities = shifted - math.log1p(rest)
    return ShiftedSoftmax(
        temperature, maximum, winner, shifted, exponentials, rest, probabilities, log_probabilities
    )


def softmax(logits: Sequence[float] | np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """p_i = exp(z_i/T) / Σ_j exp(z_j/T), computed as exp((z_i − m)/T) / Σ_j exp((z_j − m)/T).
    """
    return shifted_softmax(logits, temperature).probabilities


def log_softmax(logits: Sequence[float] | np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """log p_i = (z_i − m)/T − log1p(Σ_{j≠winner} exp((z_j − m)/T)).

    Finite where p itself underflows to 0 (e.g. −800 for logits [0, −800]).
    """
    return shifted_softmax(logits, temperature).log_probabilities


def softmax_jacobian(probabilities: np.ndarray, winner: int | None = None) -> np.ndarray:
    """J = diag(p) − p pᵀ: J_ij = ∂p_i/∂u_j with u = z/T (so ∂p/∂z = J / T).

    The diagonal p_i(1 − p_i) is formed as p_i · Σ_{j≠i} p_j for the winner, whose 1 − p_i
    would cancel to 0 when p_i rounds to 1; for every other class p_i ≤ 1/2 and 1 − p_i is exact
    enough.
    """
    p = np.asarray(probabilities, dtype=np.float64)
    if winner is None:
        winner = int(np.argmax(p))
    complement = 1.0 - p
    complement[winner] = float(np.sum(np.delete(p, winner)))
    jacobian = -np.outer(p, p)
    np.fill_diagonal(jacobian, p * complement)
    return jacobian


# --------------------------------------------------------------------------------------------
# The naive formula, for the lesson
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NaiveSoftmax:
    """What exp(z_i/T) / Σ exp(z_j/T) gives in float64, evaluated as written.

    ``overflowed``: classes whose exp(z/T) became inf (z/T > 709.78); ``underflowed``: classes
    whose exp(z/T) became 0 although the true value is positive (z/T < −744.44).
    """

    temperature: float
    scaled: np.ndarray
    exponentials: np.ndarray
    total: float
    probabilities: np.ndarray
    overflowed: tuple[int, ...]
    underflowed: tuple[int, ...]

    @property
    def failed(self) -> bool:
        """The naive result is not a probability vector (nan, or a sum of 0 or inf)."""
        return not bool(np.all(np.isfinite(self.probabilities)))


def naive_softmax(logits: Sequence[float] | np.ndarray, temperature: float = 1.0) -> NaiveSoftmax:
    """The textbook formula evaluated literally, with float64's overflow captured, not warned."""
    z = np.asarray(logits, dtype=np.float64)
    with np.errstate(all="ignore"):
        scaled = z / temperature
        exponentials = np.exp(scaled)
        total = float(np.sum(exponentials))
        probabilities = exponentials / total
    overflowed = tuple(int(i) for i in np.flatnonzero(np.isinf(exponentials)))
    underflowed = tuple(int(i) for i in np.flatnonzero(exponentials == 0.0))
    return NaiveSoftmax(
        temperature, scaled, exponentials, total, probabilities, overflowed, underflowed
    )


# --------------------------------------------------------------------------------------------
# The report behind `actviz softmax`
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    """The naive formula next to the shifted computation, at one temperature."""

    naive: NaiveSoftmax
    shifted: ShiftedSoftmax


@dataclass(frozen=True)
class SoftmaxColumn:
    """The distribution at one temperature (and its Jacobian if asked for)."""

    temperature: float
    probabilities: np.ndarray
    log_probabilities: np.ndarray
    jacobian: np.ndarray | None = None
    explanation: Explanation | None = None


@dataclass(frozen=True)
class SoftmaxReport:
    logits: np.ndarray
    columns: tuple[SoftmaxColumn, ...]

    @property
    def temperatures(self) -> tuple[float, ...]:
        return tuple(column.temperature for column in self.columns)

    def to_json(self) -> dict:
        return {
            "logits": json_numbers(self.logits),
            "temperatures": [column_json(column) for column in self.columns],
        }


def softmax_report(
    logits: Sequence[str | float] | np.ndarray,
    temperatures: str | Sequence[float] = (1.0,),
    *,
    jacobian: bool = False,
    explain: bool = False,
    fmt: str | None = None,
) -> SoftmaxReport:
    """Softmax of ``logits`` at each temperature, with the Jacobian and explanation on request.

    The sizes are checked first (:mod:`actviz.analysis.limits`): the Jacobians hold at most
    :data:`~actviz.analysis.limits.MAX_RESULT_VALUES` numbers, and a table for reading (``fmt``
    rich or markdown) one row per class, up to the rows and columns it may have.
    """
    tokens = np.ravel(logits).tolist()
    chosen = parse_temperatures(temperatures)
    check_softmax_size(len(tokens), len(chosen), jacobian, fmt)
    z = parse_logits(tokens)
    columns = []
    for temperature in chosen:
        stable = shifted_softmax(z, temperature)
        columns.append(
            SoftmaxColumn(
                temperature,
                stable.probabilities,
                stable.log_probabilities,
                softmax_jacobian(stable.probabilities, stable.winner) if jacobian else None,
                Explanation(naive_softmax(z, temperature), stable) if explain else None,
            )
        )
    return SoftmaxReport(z, tuple(columns))


def check_softmax_size(classes: int, temperatures: int, jacobian: bool,
                       fmt: str | None = None) -> None:
    """:class:`OptionError` for a report too large to compute or to show in ``fmt``."""
    if jacobian:
        check_result_size(classes * classes * temperatures, "the Jacobian (n² numbers per "
                          "temperature)", "give fewer logits or temperatures, or leave out "
                          f"{option_name('jacobian')}")
    if fmt is not None:
        softmax_reading(classes, jacobian).check(fmt)


def softmax_reading(classes: int, jacobian: bool) -> ReadingTable:
    """The table people read: one row per class and, with the Jacobian, a column per class
    (and the class's own) at each temperature, shown one temperature at a time."""
    what = "the Jacobian of so many logits" if jacobian else "so many logits"
    return ReadingTable(classes, classes + 1 if jacobian else 0,
                        f"use {option_name('format')} csv or json for {what}",
                        rows_key="logits", columns_key="jacobian")


def column_json(column: SoftmaxColumn) -> dict:
    record: dict = {
        "temperature": column.temperature,
        "probabilities": json_numbers(column.probabilities),
        "log_probabilities": json_numbers(column.log_probabilities),
    }
    if column.jacobian is not None:
        record["jacobian"] = [json_numbers(row) for row in column.jacobian]
        # what the rows and columns hold, as the tables' captions say it
        record["jacobian_holds"] = "dp_i/du_j with u = z/T (dp_i/dz_j is it divided by T)"
    if column.explanation is not None:
        naive, shifted = column.explanation.naive, column.explanation.shifted
        record["naive"] = {
            "exponentials": json_numbers(naive.exponentials),
            "sum": json_number(naive.total),
            "probabilities": json_numbers(naive.probabilities),
            "overflowed": list(naive.overflowed),
            "underflowed": list(naive.underflowed),
        }
        record["shifted"] = {
            "maximum": shifted.maximum,
            "shifted": json_numbers(shifted.shifted),
            "exponentials": json_numbers(shifted.exponentials),
            "sum": shifted.total,
        }
    return record
