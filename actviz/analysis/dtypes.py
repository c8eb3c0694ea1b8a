"""Low-precision number formats: float32, float16, bfloat16 and the float8 variants, by name.

A :class:`Dtype` knows its NumPy dtype, its limits and how to round a float64 value to it::

    dtype = lookup_dtype("float8_e4m3fn")     # max 448, no inf (overflow is NaN)
    dtype.round(values)                       # float64 in, float64 out, each exactly rounded
    dtype.ceil(t)                             # the smallest representable value >= t (t >= 0)
    dtype.positive_values()                   # every representable value > 0, ascending

bfloat16 and float8 come from the ``ml_dtypes`` package, the implementation JAX and TensorFlow
use.  It is imported only here, and only when such a dtype is looked up, because nothing else in
actviz needs it and importing it costs start-up time.  Its casts from float64 round correctly
(round to nearest, ties to even, straight from float64, not through float32), and so do NumPy's
for float32 and float16.

The float8 names are exact: ``float8_e4m3fn`` (max 448, NaN but no inf, as in NVIDIA's FP8) is
not ``float8_e4m3`` (IEEE-like, max 240, with inf); ``fnuz`` variants have a single NaN and no
negative zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from actviz.errors import OptionError
from actviz.lazy import numpy as np

# In the order a table lists them: NumPy's own formats, then ml_dtypes'.
NUMPY_DTYPES = ("float32", "float16")
ML_DTYPES = (
    "bfloat16",
    "float8_e4m3fn",
    "float8_e4m3",
    "float8_e5m2",
    "float8_e4m3fnuz",
    "float8_e5m2fnuz",
    "float8_e4m3b11fnuz",
    "float8_e3m4",
)
DTYPE_NAMES = NUMPY_DTYPES + ML_DTYPES
DEFAULT_DTYPES = ("float32", "float16", "bfloat16")

# Formats of up to 16 bits are small enough to evaluate at every representable value; float32
# has 2^31 positive values, so :meth:`Dtype.positive_values` takes every 2^FLOAT32_STRIDE_BITS-th
# bit pattern (2^18 values, 1024 per binade, evenly spread in each).
FLOAT32_STRIDE_BITS = 13


@dataclass(frozen=True)
class Dtype:
    """A floating-point format: its name, NumPy dtype and limits (as float64 values)."""

    name: str
    numpy_dtype: Any
    bits: int
    mantissa_bits: int  # stored fraction bits; precision p = mantissa_bits + 1
    max: float  # largest finite value
    tiny: float  # smallest positive normal value
    smallest_subnormal: float
    eps: float  # 2^-mantissa_bits: the spacing just above 1
    has_inf: bool

    @property
    def digits(self) -> int:
        """Significant decimal digits that tell any two values apart: ⌈1 + p·log10 2⌉
        (9 for float32, 5 for float16, 4 for bfloat16, 3 for float8_e4m3fn)."""
        return math.ceil(1 + (self.mantissa_bits + 1) * math.log10(2))

    @property
    def exhaustive(self) -> bool:
        """Whether :meth:`positive_values` is every representable value (≤ 16 bits)."""
        return self.bits <= 16

    def round(self, values: Any) -> np.ndarray:
        """``values`` rounded to this format (to nearest, ties to even), back in float64.

        Values beyond the range become ±inf, or NaN in formats without inf (``fn``, ``fnuz``).
        """
        with np.errstate(all="ignore"):
            return np.asarray(values, dtype=np.float64).astype(self.numpy_dtype).astype(np.float64)

    def cast(self, values: Any) -> np.ndarray:
        """``values`` (float64, representable) as an array of this format."""
        with np.errstate(all="ignore"):
            return np.asarray(values, dtype=np.float64).astype(self.numpy_dtype)

    def ceil(self, t: float) -> float:
        """The smallest representable value ≥ ``t`` (0 ≤ t ≤ max)."""
        rounded = float(self.round(t))
        return rounded if rounded >= t else self.next_up(rounded)

    def next_up(self, value: float) -> float:
        """The representable value after ``value`` ≥ 0 (the next bit pattern)."""
        return float(self.from_patterns(self.patterns([value]) + 1)[0])

    def patterns(self, values: Any) -> np.ndarray:
        """The bit patterns of ``values`` (representable, ≥ 0) as int64: consecutive integers
        for consecutive values."""
        return self.cast(values).view(self._unsigned).astype(np.int64)

    def from_patterns(self, patterns: Any) -> np.ndarray:
        """The values (float64) of bit patterns of this format."""
        unsigned = np.asarray(patterns, dtype=np.int64).astype(self._unsigned)
        return unsigned.view(self.numpy_dtype).astype(np.float64)

    def positive_values(self) -> np.ndarray:
        """The representable values in (0, max], ascending, as float64: all of them for
        formats of ≤ 16 bits, every 2^13-th bit pattern (and max) for float32."""
        stride = 1 << FLOAT32_STRIDE_BITS if not self.exhaustive else 1
        top = int(self.patterns([self.max])[0])
        patterns = np.arange(1, top + 1, stride, dtype=np.int64)
        if patterns[-1] != top:
            patterns = np.append(patterns, top)
        return self.from_patterns(patterns)

    @property
    def _unsigned(self) -> Any:
        return np.dtype(f"u{self.bits // 8}")


def lookup_dtype(name: str) -> Dtype:
    """The format called ``name`` (one of :data:`DTYPE_NAMES`), or :class:`OptionError` with
    the nearest names."""
    key = name.strip().lower() if isinstance(name, str) else name
    if key not in DTYPE_NAMES:
        raise OptionError(_unknown_dtype_message(name))
    return _build(key)


def check_dtype_names(names: Any, subject: str) -> None:
    """:class:`OptionError` about option ``subject`` for a name among ``names`` (a name, a
    comma-separated text or a sequence) that is no format: a config is checked this way before
    anything is drawn, without building a format (no numpy, no ml_dtypes)."""
    listed = names.split(",") if isinstance(names, str) else list(names or ())
    for name in listed:
        key = str(name).strip().lower()
        if key and key not in DTYPE_NAMES:
            raise OptionError(_unknown_dtype_message(name), subject=subject, separator=": ")


def parse_dtypes(names: Any) -> tuple[Dtype, ...]:
    """Formats from a comma-separated text (``"float32,bfloat16"``) or a sequence of names,
    in order and without repeats; :data:`DEFAULT_DTYPES` when ``names`` is empty."""
    if isinstance(names, str):
        names = names.split(",") if names.strip() else []
    names = list(names or DEFAULT_DTYPES)
    if any(not str(n).strip() for n in names):
        listed = ",".join(str(n) for n in names)
        raise OptionError(f"an empty dtype name in '{listed}' (write e.g. float32,bfloat16)")
    chosen = [lookup_dtype(n) for n in names]
    return tuple({d.name: d for d in chosen}.values())


def _unknown_dtype_message(name: Any) -> str:
    import difflib

    close = difflib.get_close_matches(str(name).lower(), DTYPE_NAMES, n=2, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"unknown dtype {name!r}{hint} (choose from {', '.join(DTYPE_NAMES)})"


@lru_cache(maxsize=None)
def _build(name: str) -> Dtype:
    if name in NUMPY_DTYPES:
        numpy_dtype, info = np.dtype(name), np.finfo(name)
    else:
        import ml_dtypes  # only for bfloat16 and float8: see the module docstring

        numpy_dtype = np.dtype(getattr(ml_dtypes, name))
        info = ml_dtypes.finfo(numpy_dtype)
    with np.errstate(all="ignore"):
        has_inf = bool(np.isinf(np.array([np.inf]).astype(numpy_dtype))[0])
    return Dtype(
        name=name,
        numpy_dtype=numpy_dtype,
        bits=numpy_dtype.itemsize * 8,
        mantissa_bits=int(info.nmant),
        max=float(info.max),
        tiny=float(info.tiny),
        smallest_subnormal=float(info.smallest_subnormal),
        eps=float(info.eps),
        has_inf=has_inf,
    )
