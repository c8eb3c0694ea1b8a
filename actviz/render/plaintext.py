"""Formulas written in matplotlib mathtext, turned into plain Unicode for terminals and tables.

``\\frac{1}{1 + e^{-x}}`` becomes ``1/(1 + e^(-x))``: Greek letters as symbols, superscripts
with ``^``, fractions with ``/``, parentheses wherever a part has more than one token.
"""

from __future__ import annotations

import re

_SYMBOLS = {
    r"\sigma": "σ", r"\alpha": "α", r"\beta": "β", r"\lambda": "λ", r"\Phi": "Φ",
    r"\varphi": "φ", r"\phi": "φ", r"\pi": "π", r"\tanh": "tanh", r"\log": "log", r"\ln": "ln",
    r"\max": "max", r"\min": "min", r"\leq": "≤", r"\geq": "≥", r"\neq": "≠", r"\cdot": "·",
    r"\infty": "∞", r"\exp": "exp", r"\operatorname": "", r"\left": "", r"\right": "",
    r"\,": " ", r"\ ": " ", r"\;": " ", r"\quad": " ",
}
_FUNCTIONS = ("tanh", "log", "ln", "max", "min", "exp")
_INNERMOST = r"\{([^{}]*)\}"
_RULES = (
    (re.compile(r"\\frac" + _INNERMOST + _INNERMOST), lambda m: f"{_group(m[1])}/{_group(m[2])}"),
    (re.compile(r"\\sqrt" + _INNERMOST), lambda m: f"√{_group(m[1])}"),
    (re.compile(r"\\mathrm" + _INNERMOST), lambda m: m[1]),
    (re.compile(r"\\operatorname" + _INNERMOST), lambda m: m[1]),
    (re.compile(r"\^" + _INNERMOST), lambda m: f"^{_group(m[1])}"),
    (re.compile(r"_" + _INNERMOST), lambda m: f"_{_group(m[1])}"),
    (re.compile(_INNERMOST), lambda m: _unwrap_bare(m)),
)
# What comes right before a group that is some command's argument (\frac{a}{b}, e^{x}).
_ARGUMENT_OF = re.compile(r"(\\[A-Za-z]+|[\^_}])$")


def _unwrap_bare(match: re.Match) -> str:
    """A group that is nobody's argument (sympy's ``\\left|{x}\\right|``) loses its braces,
    so that the group around it becomes innermost for its own rule."""
    if _ARGUMENT_OF.search(match.string, 0, match.start()):
        return match[0]
    return match[1]


def _group(term: str) -> str:
    """A part as text: bare if it is one token (x, 2, α, e^x), else in parentheses."""
    term = term.strip()
    bare = term.replace("\\", "").replace(".", "").replace("^", "")
    return term if bare.isalnum() or len(term) == 1 else f"({term})"


def to_plain(mathtext: str) -> str:
    """Plain Unicode for ``mathtext`` (no surrounding ``$``)."""
    text = mathtext
    for word, symbol in sorted(_SYMBOLS.items(), key=lambda item: -len(item[0])):
        # \alpha must not match the start of \alphabet; \, has no such neighbour.
        end = r"(?![A-Za-z])" if word[-1].isalpha() else ""
        if symbol in _FUNCTIONS:  # "\frac{1}{\beta}\ln(…)" reads "1/β ln(…)"
            symbol = " " + symbol
        text = re.sub(re.escape(word) + end, lambda _m, s=symbol: s, text)
    changed = True
    while changed:
        changed = False
        for pattern, replacement in _RULES:
            rewritten = pattern.sub(replacement, text)
            changed = changed or rewritten != text
            text = rewritten
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    text = re.sub(r"([(\[]) ", r"\1", text)  # "( ln" from a function after a bracket
    text = re.sub(r" ([)\]])", r"\1", text)  # "(x )" from sympy's "\left(x \right)"
    # A unary minus before a function: "= -log(…)", not "= - log(…)"; "a - ln(x)" stays.
    functions = "|".join(_FUNCTIONS)
    text = re.sub(r"((?:^|[=(,])\s*)-\s+(?=(?:" + functions + r")\b)", r"\1-", text)
    return re.sub(r"\s+", " ", text).strip()
