"""Fonts for figure text in Chinese: find an installed CJK font, or fall back to English.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs; it draws empty boxes.  A CJK
family is put first in ``font.sans-serif`` with DejaVu Sans behind it, so matplotlib's per-glyph
fallback still finds the Unicode minus sign (U+2212) and Greek letters if the CJK font lacks
them; that is why ``axes.unicode_minus`` can stay on (the course notes turn it off to dodge the
boxes, and get a hyphen instead of a minus).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

# Families that carry Simplified Chinese, most complete first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK JP",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)


@lru_cache(maxsize=1)
def find_cjk_family() -> str | None:
    """The first installed family of :data:`CJK_FAMILIES`, or ``None``."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


@dataclass(frozen=True)
class LanguageSetup:
    """What a figure in ``requested`` language gets: the language used, rcParams, a warning."""

    requested: str
    lang: str
    rc: dict = field(default_factory=dict)
    warning: str | None = None


def language_setup(lang: str) -> LanguageSetup:
    """rcParams for ``lang``; for ``zh`` without a CJK font, English and a one-line warning."""
    if lang != "zh":
        return LanguageSetup(lang, lang)
    family = find_cjk_family()
    if family is None:
        return LanguageSetup(
            lang,
            "en",
            warning="no CJK font found (install e.g. fonts-noto-cjk); labels are in English",
        )
    rc = {"font.family": "sans-serif", "font.sans-serif": [family, "DejaVu Sans"]}
    return LanguageSetup(lang, "zh", rc)
