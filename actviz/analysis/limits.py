"""How much a command may be asked to do: the rules every command applies alike, before any work.

- **Refuse** a table for reading (rich, Markdown, LaTeX) longer than :data:`READING_MAX_ROWS`
  rows or wider than :data:`READING_MAX_COLUMNS` columns: 100,000 rich rows take minutes to
  lay out, and nobody reads them; CSV and JSON take any number of rows.
- **Refuse** a result array of more than :data:`MAX_RESULT_VALUES` numbers (softmax's Jacobian
  of 100,000 logits would be 75 GiB), whatever the format.
- **Warn** before work that is more than :data:`LONG_FACTOR` times the default run's
  (:class:`Workload`): it is allowed, and announced with how long it should take.

No numpy here: the checks run on sizes, before anything is computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from actviz.errors import OptionError, Spelled
from actviz.options import READING_FORMATS
READING_MAX_ROWS = 10_000
READING_MAX_COLUMNS = 100
MAX_RESULT_VALUES = 4_000_000  # 32 MB of float64, and ~15 s to print as JSON
LONG_FACTOR = 100  # work more than this many times the default's is announced


def check_reading_rows(rows: int, fmt: str, advice: str) -> None:
    """:class:`OptionError` when a table of ``rows`` rows is too long to read in ``fmt``
    (``advice`` says what to change)."""
    if fmt in READING_FORMATS and rows > READING_MAX_ROWS:
        raise OptionError(f"a {fmt} table holds at most {READING_MAX_ROWS:,} rows, not "
                          f"{rows:,}: {advice}")


def check_reading_columns(columns: int, fmt: str, advice: str) -> None:
    """:class:`OptionError` when a table of ``columns`` columns is too wide to read in ``fmt``."""
    if fmt in READING_FORMATS and columns > READING_MAX_COLUMNS:
        raise OptionError(f"a {fmt} table holds at most {READING_MAX_COLUMNS:,} columns, not "
                          f"{columns:,}: {advice}")


@dataclass(frozen=True)
class ReadingTable:
    """A table for people (rich, Markdown, LaTeX), counted before it exists: its ``rows`` and
    ``columns`` (0: not limited), what to change when they are too many (``advice``), and the
    options that make them (``rows_key``, ``columns_key``: a batch config names the key at
    fault).  Every command and a batch config's check call :meth:`check`: one rule."""

    rows: int
    columns: int = 0
    advice: str = ""
    rows_key: str | None = None
    columns_key: str | None = None

    def check(self, fmt: str) -> None:
        """:class:`OptionError` when the table is too long or too wide to read in ``fmt``."""
        check_reading_rows(self.rows, fmt, self.advice)
        check_reading_columns(self.columns, fmt, self.advice)

    def key_at_fault(self) -> str | None:
        """The option to blame when :meth:`check` refused the table."""
        return self.rows_key if self.rows > READING_MAX_ROWS else self.columns_key


def check_result_size(values: int, what: str, advice: str) -> None:
    """:class:`OptionError` when a result would hold more than :data:`MAX_RESULT_VALUES`
    numbers: ``what`` names it (``"the Jacobian"``), ``advice`` says what to change."""
    if values > MAX_RESULT_VALUES:
        raise OptionError(f"{what} would hold {values:,} numbers ({_bytes(8 * values)}); the "
                          f"limit is {MAX_RESULT_VALUES:,}: {advice}")


@dataclass(frozen=True)
class Workload:
    """An amount of work against the default run's, in the same unit (multiply-adds, values
    computed per step, ...): ``default_seconds`` is what the default takes (measured, 2 cores).

    ``is_long`` when it is more than :data:`LONG_FACTOR` times the default (exactly that
    many times is not); ``seconds`` is the estimate, proportional to the amount.
    """

    amount: float
    default: float
    default_seconds: float
    per: str = ""  # what the work is for, as in "per activation"

    @property
    def ratio(self) -> float:
        return self.amount / self.default

    @property
    def is_long(self) -> bool:
        return self.ratio > LONG_FACTOR

    @property
    def seconds(self) -> float:
        return self.ratio * self.default_seconds

    def warning(self, what: str) -> Spelled:
        """The one line to print before long work: ``what`` names the settings (with
        :func:`~actviz.errors.option_name`: each front end spells them its way)."""
        per = f" {self.per}" if self.per else ""
        return Spelled(f"{what} is {self.ratio:,.0f} times the default's work: this takes "
                       f"about {duration(self.seconds)}{per} (the default, "
                       f"{duration(self.default_seconds)})")


def duration(seconds: float) -> str:
    """``0.2 s``, ``40 s``, ``12 minutes``, ``3 hours``, ``9 days``: an estimate's order."""
    if seconds < 60:
        return f"{seconds:.2g} s"
    for unit, length in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= length:
            count = seconds / length
            return f"{count:,.0f} {unit}{'s' if round(count) != 1 else ''}"
    raise AssertionError("unreachable")


def _bytes(count: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= size:
            return f"{count / size:,.0f} {unit}"
    return f"{count} bytes"
