"""Reading a formula without running it: the spec syntax, the limits and the ``ast`` whitelist.

This module never imports sympy: every hostile or mistyped formula is refused here, in well
under a millisecond, before the symbolic machinery (and its slow import) is touched.
Nothing here evaluates user text; ``ast.parse`` only builds a tree, which is then inspected.

Spec syntax (what ``actviz.get`` and every command accept in place of a name)::

    f(x)=x*sigmoid(1.702*x)
    f(x; beta=1.5, k=2)=x*sigmoid(beta*x)**k     parameters, each with its default
    f(x; beta=1.5)=x*sigmoid(beta*x):beta=2      an override, as in "elu:alpha=0.5"

Errors name the column (1-based, in the text as typed) and quote the offending part, on one line.
"""

from __future__ import annotations

import ast
import difflib
import keyword
import math
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from actviz.errors import FormulaError, not_text

MAX_LENGTH = 1000  # characters of the whole spec
MAX_NESTING = 50  # levels of brackets, and of operations in the expression tree
MAX_EXPONENT = 1000  # |n| for an integer exponent n
MAX_CONSTANT_BITS = 4096  # exact integers sympy may build from the formula's numbers

VARIABLE = "x"
CONSTANTS = ("e", "pi")
# Allowed functions: name -> (fewest, most) arguments; None = any number.
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    **{name: (1, 1) for name in (
        "exp", "log", "log1p", "expm1", "sqrt", "abs", "sin", "cos", "tan", "sinh", "cosh",
        "tanh", "asinh", "erf", "erfc", "sigmoid", "softplus", "relu",
    )},
    "max": (2, None),
    "min": (2, None),
    "where": (3, 3),
}
# Names people reach for that are spelled differently here.
_SPELLING_HINTS = {"ln": "log", "fabs": "abs", "logistic": "sigmoid", "expit": "sigmoid",
                   "maximum": "max", "minimum": "min", "arcsinh": "asinh", "E": "e", "PI": "pi"}

_HEADER = re.compile(r"\s*([A-Za-z_]\w*)\s*\(([^()]*)\)\s*=(?!=)")
_OVERRIDES = re.compile(r":\s*([A-Za-z_]\w*\s*=[^:=,]+(?:,\s*[A-Za-z_]\w*\s*=[^:=,]+)*)$")
_PARAMETER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME_PART = re.compile(r"[\w\s.-]*")  # what a registry name (with its stray spaces) can hold

_REFUSED_OPERATORS = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
    ast.LShift: "<<", ast.RShift: ">>",
}
_COMPARISONS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
                ast.NotEq: "!="}
# Operators whose chains sympy flattens: x+y-z is one level of nesting, not two.
_CHAIN_GROUP = {ast.Add: "sum", ast.Sub: "sum", ast.Mult: "product", ast.Div: "product"}
_REFUSED_NODES = {
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "subscripts are not allowed",
    ast.Slice: "slices are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "generator expressions are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.JoinedStr: "f-strings are not allowed",
    ast.Starred: "starred arguments are not allowed",
    ast.NamedExpr: "assignments (:=) are not allowed",
    ast.IfExp: "'a if c else b' is not allowed (write where(c, a, b))",
    ast.BoolOp: "'and'/'or' are not allowed (write a chained comparison such as 0 < x < 1, "
    "or nest where)",
    ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed",
    ast.YieldFrom: "yield is not allowed",
}


@dataclass(frozen=True)
class FormulaText:
    """A formula split into its parts.  Positions index ``source``, the text as typed."""

    source: str
    function: str  # the name in the header, "f" when there is none
    parameters: tuple[tuple[str, float], ...]
    body: str
    body_start: int
    overrides: tuple[tuple[str, str], ...] = ()
    definition_end: int = -1  # where the overrides start (the end of the formula proper)

    @property
    def definition(self) -> str:
        """The formula without its overrides: the activation's name when it has no other."""
        end = len(self.source) if self.definition_end < 0 else self.definition_end
        return self.source[:end].strip()

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.parameters)


@dataclass(frozen=True)
class CheckedFormula:
    """A formula whose tree passed every check: safe to hand to the symbolic builder.

    ``parsed`` is the body as given to ``ast.parse`` (``^`` spelled ``**``); ``origin[i]`` is
    where its character i came from in the body, so that errors point into the text as typed.
    """

    text: FormulaText
    tree: ast.Expression
    parsed: str
    origin: tuple[int, ...]

    def locator(self) -> "Locator":
        return Locator(self.text, self.parsed, self.origin)


# --------------------------------------------------------------------------------------------
# Recognising and splitting specs
# --------------------------------------------------------------------------------------------


def is_formula(spec: str) -> bool:
    """True when ``spec`` starts like a formula, ``name(...)=``."""
    return _HEADER.match(spec) is not None


def looks_like_expression(spec: str) -> bool:
    """True for text that cannot be an activation name but parses as an expression, such as
    ``x*sigmoid(x)`` (not ``*relu*``, a wildcard, which the registry reports as unknown)."""
    name = spec.partition(":")[0]
    if _NAME_PART.fullmatch(name) is not None or len(spec) > MAX_LENGTH:
        return False
    try:
        ast.parse(_caret_as_power(spec.strip())[0], mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def read_spec(spec: str) -> FormulaText:
    """Split ``name(x; p=v, ...)=body[:p=v,...]`` into its parts (the header is required)."""
    _check_length(spec)
    header = _HEADER.match(spec)
    if header is None:
        raise FormulaError(
            f"{quote(spec)} is neither an activation name nor a formula: write a formula as "
            f"f(x)={spec.strip()}"
        )
    return _split(spec, header)


def read_definition(text: str, parameters: dict[str, float] | None = None) -> FormulaText:
    """A formula given with or without its ``f(x)=`` header (``actviz.register``, batch configs).

    ``parameters`` declares parameters (name -> default) for a body without a header.
    """
    _check_length(text)
    header = _HEADER.match(text)
    if header is not None:
        if parameters:
            raise FormulaError(
                "give the parameters either in the formula's header, f(x; beta=1)=..., or "
                "separately, not both"
            )
        return _split(text, header)
    declared = []
    for name, value in (parameters or {}).items():
        problem = _parameter_name_problem(name) or _default_problem(name, value)
        if problem:
            raise FormulaError(f"formula error: {problem}")
        declared.append((name, float(value)))
    _check_distinct(declared)
    return FormulaText(text, "f", tuple(declared), text, 0)


def _split(spec: str, header: re.Match) -> FormulaText:
    function = header.group(1)
    if not function.isascii() or function.startswith("__"):
        raise _refusal(header.start(1), f"the function name {quote(function)} must be a plain "
                                        "ASCII name, like f")
    parameters = _read_header(header.start(2), header.group(2))
    rest_start = header.end()
    rest = spec[rest_start:]
    overrides: tuple[tuple[str, str], ...] = ()
    end = len(spec)
    found = _OVERRIDES.search(rest.rstrip())
    if found is not None:
        end = rest_start + found.start()
        overrides = tuple(
            (key.strip(), value.strip())
            for key, _, value in (item.partition("=") for item in found.group(1).split(","))
        )
    return FormulaText(spec, function, parameters, spec[rest_start:end], rest_start, overrides,
                       end)


def _read_header(start: int, inside: str) -> tuple[tuple[str, float], ...]:
    """``x; beta=1.5, k=2`` -> (("beta", 1.5), ("k", 2.0)), with errors at their columns."""
    variable, semicolon, rest = inside.partition(";")
    if variable.strip() != VARIABLE:
        hint = "; separate parameters with ';', as in f(x; beta=1.5)" if "," in variable else ""
        raise _refusal(start, "a formula is a function of x: write f(x)=... or "
                              f"f(x; beta=1.5)=...{hint}")
    if not semicolon:
        return ()
    position = start + len(variable) + 1
    if ";" in rest:
        raise _refusal(position + rest.index(";"), "the header has one ';', between x and the "
                                                   "parameters")
    declared = []
    for item in rest.split(","):
        name, equals, value = item.partition("=")
        name_start = position + len(name) - len(name.lstrip())
        value_start = position + len(item) - len(value.lstrip())
        name, value = name.strip(), value.strip()
        if not equals:
            raise _refusal(name_start, f"parameter {quote(name or item)} needs a default "
                                       f"value, e.g. {name or 'beta'}=1")
        problem = _parameter_name_problem(name)
        if problem:
            raise _refusal(name_start, problem)
        if not _NUMBER.fullmatch(value):
            raise _refusal(value_start, f"the default of {name} must be a number, got "
                                        f"{quote(value)}")
        problem = _default_problem(name, float(value))
        if problem:
            raise _refusal(value_start, problem)
        declared.append((name, float(value)))
        position += len(item) + 1
    _check_distinct(declared)
    return tuple(declared)


def _parameter_name_problem(name) -> str | None:
    if not isinstance(name, str) or not _PARAMETER_NAME.fullmatch(name) or not name.isascii():
        return (f"parameter name {quote(str(name))} must be a letter followed by letters, "
                "digits or _")
    reserved = (
        "the variable" if name == VARIABLE
        else "a constant" if name in CONSTANTS
        else "a function" if name in FUNCTIONS
        else "a Python keyword" if keyword.iskeyword(name)
        else None
    )
    return f"parameter name {quote(name)} is {reserved}; choose another" if reserved else None


def _default_problem(name: str, value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"the default of {name} must be a number, got {value!r}"
    if not math.isfinite(value):
        return f"the default of {name} must be a finite number, got {value!r}"
    return None


def _check_distinct(declared: list[tuple[str, float]]) -> None:
    names = [name for name, _ in declared]
    for name in names:
        if names.count(name) > 1:
            raise FormulaError(f"formula error: parameter {quote(name)} is declared twice")


def _check_length(spec: str) -> None:
    if not isinstance(spec, str):
        raise FormulaError(f"a formula must be text, got {type(spec).__name__}")
    if len(spec) > MAX_LENGTH:
        raise FormulaError(
            f"formula error: the formula is {len(spec)} characters long; the limit is "
            f"{MAX_LENGTH}"
        )
    _check_encoding(spec)


def _check_encoding(spec: str) -> None:
    """Refuse what is not Unicode text (a byte that is not UTF-8), naming its column."""
    found = not_text(spec)
    if found is not None:
        at, why = found
        raise _refusal(at, f"{why} (is the terminal or the file in another encoding?)")


# --------------------------------------------------------------------------------------------
# Checking the body
# --------------------------------------------------------------------------------------------


def check(text: FormulaText) -> CheckedFormula:
    """Parse the body with ``ast`` and check it against the whitelist and the limits.

    Raises :class:`FormulaError` pointing at the leftmost offending part.
    """
    body = _flatten_whitespace(text)
    if not body.strip():
        raise _refusal(text.body_start, "the formula after '=' is empty")
    _check_brackets(text, body)
    parsed, origin = _caret_as_power(body)
    try:
        tree = ast.parse(parsed, mode="eval")
    except SyntaxError as error:
        offset = min(max((error.offset or 1) - 1, 0), len(parsed))
        column = text.body_start + origin[offset]
        problem = error.msg if error.msg.startswith("invalid syntax") else \
            f"invalid syntax: {error.msg}"
        raise _refusal(column, problem) from None
    except (RecursionError, MemoryError):
        raise _refusal(text.body_start, f"operations nested deeper than {MAX_NESTING} levels") \
            from None
    inspector = _Inspector(Locator(text, parsed, origin))
    inspector.inspect(tree.body)
    inspector.raise_first()
    _ConstantSizes(inspector).check(tree.body)
    return CheckedFormula(text, tree, parsed, origin)


def _caret_as_power(body: str) -> tuple[str, tuple[int, ...]]:
    """``x^2`` is read as ``x**2``, as in mathematics (Python's ``^`` is xor, which means nothing
    here, and binds more loosely than +: read as Python, x^2+1 would be x xor 3).
    Returns the text to parse and, for each of its characters, its position in ``body``."""
    parsed, origin = [], []
    lead = len(body) - len(body.lstrip(" "))  # "f(x) = x": ast.parse refuses an indent
    for index, char in enumerate(body):
        if index < lead:
            continue
        replacement = "**" if char == "^" else char
        parsed.append(replacement)
        origin.extend([index] * len(replacement))
    origin.append(len(body))
    return "".join(parsed), tuple(origin)


def _flatten_whitespace(text: FormulaText) -> str:
    """The body on one line (tabs and newlines become spaces, positions unchanged)."""
    body = text.body.translate({9: " ", 10: " ", 13: " "})
    for index, char in enumerate(body):
        if ord(char) < 32 or ord(char) == 127:
            at = text.body_start + index
            raise _refusal(at, f"control character {char!r} is not allowed")
    return body


def _check_brackets(text: FormulaText, body: str) -> None:
    """Refuse deep bracket nesting before the parser sees it (it recurses on brackets)."""
    depth = 0
    for index, char in enumerate(body):
        if char in "([{":
            depth += 1
            if depth > MAX_NESTING:
                at = text.body_start + index
                raise _refusal(at, f"brackets nested deeper than {MAX_NESTING} levels")
        elif char in ")]}":
            depth -= 1


_VALUE, _CONDITION = "value", "condition"


class Locator:
    """Positions of tree nodes in the text as typed (``ast`` reports UTF-8 byte offsets into
    the parsed text, which spells ``^`` as ``**``)."""

    def __init__(self, text: FormulaText, parsed: str, origin: tuple[int, ...]):
        self.text = text
        self._char_at = [origin[char] for char in _byte_to_char(parsed)]

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.text.body_start + self._char_at[node.col_offset]
        end = self.text.body_start + self._char_at[node.end_col_offset]
        return start, end

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text.source[start:end]

    def refuse(self, node: ast.AST, problem: str) -> FormulaError:
        return _refusal(self.span(node)[0], problem)


class _Inspector:
    """Walks the tree (iteratively: a 1000-character chain is 500 levels deep) and records
    every construct outside the whitelist; :meth:`raise_first` reports the leftmost."""

    def __init__(self, locator: Locator):
        self.text = text = locator.text
        self.parameters = set(text.parameter_names)
        self.values = {VARIABLE, *CONSTANTS, *self.parameters}
        self.locator = locator
        self.span = self.locator.span
        self.segment = self.locator.segment
        self.problems: list[tuple[int, int, int, str]] = []  # start, order, end, message

    def report(self, node: ast.AST, message: str, span: tuple[int, int] | None = None) -> None:
        start, end = span or self.span(node)
        self.problems.append((start, len(self.problems), end, message))

    def raise_first(self) -> None:
        if self.problems:
            start, _, _, message = min(self.problems)
            raise _refusal(start, message)

    # -- the walk ------------------------------------------------------------------------
    def inspect(self, root: ast.expr) -> None:
        stack: list[tuple[ast.AST, int, str, str | None]] = [(root, 0, _VALUE, None)]
        while stack:
            node, depth, role, chain = stack.pop()
            children = self.visit(node, depth, role, chain)
            stack.extend(reversed(children))

    def visit(self, node, depth, role, chain):
        """Check one node; return its children as (node, depth, role, chain) to visit."""
        if not isinstance(node, (ast.Name, ast.Constant)):
            continues_chain = (isinstance(node, ast.BinOp) and chain is not None
                               and _CHAIN_GROUP.get(type(node.op)) == chain)
            depth = depth if continues_chain else depth + 1
            if depth > MAX_NESTING:
                self.report(node, f"operations nested deeper than {MAX_NESTING} levels: "
                                  f"{quote(self.segment(node))}")
                return []
        if role == _CONDITION and not isinstance(node, ast.Compare):
            return self.refuse_condition(node, depth)
        if isinstance(node, ast.Attribute):
            return self.attribute(node, depth)
        refused = _REFUSED_NODES.get(type(node))
        if refused:
            self.report(node, f"{refused}: {quote(self.segment(node))}")
            return []
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            self.report(node, f"{quote(self.segment(node))} is not allowed in a formula")
            return []
        return method(node, depth, role)

    def child(self, node, depth, role=_VALUE, chain=None):
        return (node, depth, role, chain)

    def visit_Constant(self, node: ast.Constant, depth: int, role: str):
        value = node.value
        problem = None
        if isinstance(value, bool) or value is None or value is Ellipsis:
            problem = f"{value!r} is not allowed"
        elif isinstance(value, str):
            problem = "strings are not allowed"
        elif isinstance(value, bytes):
            problem = "bytes are not allowed"
        elif isinstance(value, complex):
            problem = "complex numbers are not allowed"
        elif isinstance(value, float) and value in (float("inf"), float("-inf")):
            problem = "the number is too large for float64"
        if problem:
            self.report(node, f"{problem}: {quote(self.segment(node))}")
        return []

    def visit_Name(self, node: ast.Name, depth: int, role: str):
        name = node.id
        if name in self.values:
            return []
        if name in FUNCTIONS:
            example = "where(x > 0, x, 0)" if name == "where" else f"{name}(x)"
            self.report(node, f"{quote(name)} is a function: call it, e.g. {example}")
        else:
            self.report(node, self.unknown(name, self.values, "name"))
        return []

    def visit_BinOp(self, node: ast.BinOp, depth: int, role: str):
        refused = _REFUSED_OPERATORS.get(type(node.op))
        if refused:
            self.report(node, f"the operator {quote(refused)} is not allowed (use + - * / ** ^)",
                        self.operator_span(node, refused))
        chain = _CHAIN_GROUP.get(type(node.op))
        return [self.child(node.left, depth, chain=chain), self.child(node.right, depth,
                                                                        chain=chain)]

    def visit_UnaryOp(self, node: ast.UnaryOp, depth: int, role: str):
        if isinstance(node.op, ast.Not):
            self.report(node, f"'not' is not allowed: {quote(self.segment(node))}")
        elif isinstance(node.op, ast.Invert):
            self.report(node, f"the operator '~' is not allowed: {quote(self.segment(node))}")
        return [self.child(node.operand, depth)]

    def visit_Compare(self, node: ast.Compare, depth: int, role: str):
        if role != _CONDITION:
            self.report(node, "comparisons are only allowed as the first argument of "
                              f"where(...): {quote(self.segment(node))}")
        for op in node.ops:
            if type(op) not in _COMPARISONS:
                word = {ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
                self.report(node, f"{quote(word.get(type(op), '?'))} is not allowed "
                                  "(compare with < <= > >= == !=)")
        return [self.child(operand, depth) for operand in (node.left, *node.comparators)]

    def visit_Call(self, node: ast.Call, depth: int, role: str):
        func = node.func
        children = []
        if isinstance(func, ast.Name):
            if func.id in FUNCTIONS:
                self.check_arguments(node, func.id)
            elif func.id in self.values:
                self.report(func, f"{quote(func.id)} is not a function and cannot be called")
            else:
                self.report(func, self.unknown(func.id, FUNCTIONS, "function"))
        elif type(func) in _REFUSED_NODES:
            children.append(self.child(func, depth))
        else:
            self.report(func, "only the allowed functions can be called, not "
                              f"{quote(self.segment(func))}")
        for keyword_argument in node.keywords:
            self.report(keyword_argument, "keyword arguments are not allowed: "
                                          f"{quote(self.segment(keyword_argument))}")
        for index, argument in enumerate(node.args):
            is_condition = isinstance(func, ast.Name) and func.id == "where" and index == 0
            children.append(self.child(argument, depth, _CONDITION if is_condition else _VALUE))
        return children

    def check_arguments(self, node: ast.Call, name: str) -> None:
        if any(isinstance(a, ast.Starred) for a in node.args) or node.keywords:
            return  # reported as such
        fewest, most = FUNCTIONS[name]
        count = len(node.args)
        if fewest <= count and (most is None or count <= most):
            return
        if most is None:
            wanted = f"at least {fewest} arguments"
        else:
            wanted = f"{fewest} argument{'s' if fewest > 1 else ''}"
        usage = " (where(condition, value if true, value if false))" if name == "where" else ""
        self.report(node, f"{name} takes {wanted}, got {count}{usage}: "
                          f"{quote(self.segment(node))}")

    def refuse_condition(self, node, depth):
        if isinstance(node, ast.BoolOp):
            self.report(node, f"{_REFUSED_NODES[ast.BoolOp]}: {quote(self.segment(node))}")
            return [self.child(value, depth, _CONDITION) for value in node.values]
        self.report(node, "the first argument of where must be a comparison, such as x > 0: "
                          f"{quote(self.segment(node))}")
        return []

    def attribute(self, node: ast.Attribute, depth: int):
        """``a.b``: point at ``.b``; a bare name before the dot (np.exp) is part of the problem."""
        if isinstance(node.value, ast.Name):
            hint = f" (write {node.attr}(...))" if node.attr in FUNCTIONS else ""
            self.report(node, f"attribute access is not allowed: {quote(self.segment(node))}"
                              f"{hint}")
            return []
        start, end = self.span(node)
        dot = start + len(self.segment(node.value))
        dot = self.text.source.index(".", dot, end) if "." in self.text.source[dot:end] else dot
        self.report(node, f"attribute access is not allowed: {quote('.' + node.attr)}",
                    (dot, end))
        return [self.child(node.value, depth)]

    # -- messages ------------------------------------------------------------------------
    def unknown(self, name: str, candidates, kind: str) -> str:
        if name.startswith("__"):
            return f"{quote(name)} is not allowed: names with double underscores never are"
        greek = _greek_name(name)
        suggestion = _SPELLING_HINTS.get(name) or greek
        if suggestion not in candidates and not _is_activation(name):
            lowered = {c.lower(): c for c in candidates}
            close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
            suggestion = lowered[close[0]] if close else None
        if suggestion:
            return f"unknown {kind} {quote(name)} (did you mean {quote(suggestion)}?)"
        if kind == "function":
            what = (f"{quote(name)} is an activation, not a formula function"
                    if _is_activation(name) else f"unknown function {quote(name)}")
            return f"{what}; the allowed functions are {', '.join(FUNCTIONS)}"
        declared = ", ".join(sorted(self.parameters)) or "none"
        spelled = f"; write Greek letters by name, {greek}" if greek else ""
        return (f"unknown name {quote(name)}{spelled}; a formula may use x, e, pi and its "
                f"parameters (declared: {declared}; declare one as f(x; {greek or name}=1)=...)")

    def operator_span(self, node: ast.BinOp, symbol: str) -> tuple[int, int]:
        left_end = self.span(node.left)[1]
        right_start = self.span(node.right)[0]
        gap = self.text.source[left_end:right_start]
        at = left_end + max(gap.find(symbol), 0)
        return at, at + len(symbol)


class _Size(NamedTuple):
    """What :class:`_ConstantSizes` knows of a subtree.

    ``value``: its exact (Fraction) or approximate (float) value when it is a constant, else
    None.  ``bits``: an upper bound on the size in bits of the integers sympy may form from it.
    ``offset``: an upper bound on the sum of |constant terms| it adds, once sympy has
    distributed constant factors (``3*(x + log(10))`` is ``3*x + 3*log(10)``).
    """

    value: Fraction | float | None
    bits: int
    offset: float = 0.0


class _ConstantSizes:
    """Exact arithmetic on the formula's numbers, to apply the numeric limits before sympy.

    sympy computes with exact integers, and with as many digits as a constant needs:

    - ``9**9**9`` or ``(10**300*x)**1000`` would make it build integers of millions of digits.
      Integer exponents are limited to |n| <= MAX_EXPONENT and every bound to
      MAX_CONSTANT_BITS; the bound is checked before an integer is computed.
    - ``exp(x + 10**8*log(10))`` is folded into the integer 10**(10**8) times exp(x), in one
      C call that nothing can interrupt: the constant terms of an exponent (of exp, sinh, cosh
      and of a power of a constant base) count as bits too, |c| / ln 2 for e**c.
    - ``sin(e^e^e^e)``: to decide the sign of a constant, sympy evaluates it with as many
      digits as its magnitude (here 1.6 million, which runs for ever).  A constant that is not
      exact must therefore be finite in float64, as every number of the evaluation is anyway.
    """

    def __init__(self, inspector: _Inspector):
        self.inspector = inspector

    def check(self, root: ast.expr) -> None:
        info: dict[int, _Size] = {}
        nodes = [n for n in ast.walk(root) if isinstance(n, ast.expr)]
        for node in reversed(nodes):  # ast.walk is breadth-first: children come after parents
            size = self.size(node, info)
            self.check_finite(node, size.value)
            info[id(node)] = size

    def refuse(self, node: ast.AST, message: str):
        return self.inspector.locator.refuse(node, message)

    def size(self, node, info) -> _Size:
        if isinstance(node, ast.Constant):
            value = node.value
            exact = isinstance(value, int)
            return _constant(Fraction(value) if exact else value,
                             value.bit_length() if exact else 0)
        if isinstance(node, ast.Name):
            return _constant(_CONSTANT_VALUES[node.id], 2) if node.id in _CONSTANT_VALUES \
                else _Size(None, 0)
        if isinstance(node, ast.UnaryOp):
            operand = info[id(node.operand)]
            return operand._replace(value=None if operand.value is None else -operand.value)
        if isinstance(node, ast.BinOp):
            return self.binary(node, info[id(node.left)], info[id(node.right)])
        if isinstance(node, ast.Call):
            return self.call(node, [info[id(a)] for a in node.args])
        children = [info[id(child)] for child in ast.iter_child_nodes(node) if id(child) in info]
        return _Size(None, max((c.bits for c in children), default=0))

    def call(self, node: ast.Call, arguments: list[_Size]) -> _Size:
        self.check_domain(node, [a.value for a in arguments])
        bits = max((a.bits for a in arguments), default=0)
        name = node.func.id
        if name in _EXPONENTIALS:
            bits = max(bits, self.exponent_bits(node, arguments[0].offset, math.e))
        values = [a.value for a in arguments]
        if name not in _FLOAT_FUNCTIONS or any(v is None for v in values):
            return _Size(None, bits)
        try:
            value = _FLOAT_FUNCTIONS[name](*(float(v) for v in values))
        except OverflowError:
            value = math.inf
        except ValueError:  # outside the domain: sympy refuses it, with the same column
            return _Size(None, bits)
        return _constant(value, bits)

    def exponent_bits(self, node: ast.AST, offset: float, base: float) -> int:
        """The bits of the integers that base**(constant terms) may fold into, checked."""
        if offset == 0 or base == 0:
            return 0
        try:
            bits = offset * abs(math.log2(abs(base)))
        except OverflowError:  # an exact base beyond float64
            bits = math.inf
        self.check_bits(node, bits)
        return int(bits)

    def check_finite(self, node: ast.AST, value) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            raise self.refuse(node, f"{quote(self.inspector.segment(node))} is too large for "
                                    "float64")

    def check_domain(self, node: ast.Call, values: list) -> None:
        """sqrt(−1), log(0) of constants: the symbolic layer would refuse them too, later."""
        if len(values) != 1 or values[0] is None:
            return
        value, name = values[0], node.func.id
        outside = {"sqrt": value < 0, "log": value <= 0, "log1p": value <= -1}.get(name, False)
        if outside:
            segment = quote(self.inspector.segment(node))
            what = "not a real number" if value < {"log1p": -1}.get(name, 0) else \
                "not a finite number"
            raise self.refuse(node, f"{segment} is {what}")

    def binary(self, node: ast.BinOp, left: _Size, right: _Size) -> _Size:
        a, b = left.value, right.value
        op = type(node.op)
        if op is ast.Pow:
            return self.power(node, left, right)
        bits = max(left.bits, right.bits) + 1 if op in (ast.Add, ast.Sub) else \
            left.bits + right.bits
        self.check_bits(node, bits)
        if a is None or b is None:
            return _Size(None, bits, _offset(op, left, right))
        if op is ast.Div and b == 0:
            raise self.refuse(node, f"division by zero: {quote(self.inspector.segment(node))}")
        try:
            value = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b,
                     ast.Div: lambda: a / b}[op]()
        except (OverflowError, ZeroDivisionError):
            value = math.inf  # a float quotient or product beyond float64
        return _constant(value, _bits(value) if isinstance(value, Fraction) else bits)

    def power(self, node: ast.BinOp, base: _Size, exponent: _Size) -> _Size:
        integer = _as_integer(exponent.value)
        if base.value is not None and exponent.value is None:  # 10**(x + c), e**(x + c)
            bits = max(base.bits, self.exponent_bits(node, exponent.offset, base.value))
            return _Size(None, bits)
        if integer is None:
            bits = base.bits + exponent.bits
            self.check_bits(node, bits)
            return _constant(_real_power(base.value, exponent.value), bits)
        if abs(integer) > MAX_EXPONENT:
            raise self.refuse(node.right, f"the integer exponent {integer} is too large "
                                          f"(at most {MAX_EXPONENT} in size)")
        bits = abs(integer) * base.bits
        self.check_bits(node, bits)
        if isinstance(base.value, Fraction):
            if base.value == 0 and integer < 0:
                raise self.refuse(node, "division by zero: "
                                        f"{quote(self.inspector.segment(node))}")
            return _constant(base.value**integer, bits)
        return _constant(_real_power(base.value, exponent.value), bits)

    def check_bits(self, node: ast.AST, bits: float) -> None:
        if bits > MAX_CONSTANT_BITS:
            raise self.refuse(node, "the numbers in "
                                    f"{quote(self.inspector.segment(node))} grow too large "
                                    f"(exact integers are limited to {MAX_CONSTANT_BITS} bits)")


# Functions whose argument's constant terms sympy may fold into exact powers: exp(c*log(b)) is
# b**c, and sinh and cosh are written with exp.
_EXPONENTIALS = frozenset({"exp", "sinh", "cosh"})
_CONSTANT_VALUES = {"e": math.e, "pi": math.pi}


def _sigmoid(u: float) -> float:
    return 1 / (1 + math.exp(-u)) if u >= 0 else math.exp(u) / (1 + math.exp(u))


# Float approximations of the allowed functions, to follow constants through them.
_FLOAT_FUNCTIONS = {
    "exp": math.exp, "log": math.log, "log1p": math.log1p, "expm1": math.expm1,
    "sqrt": math.sqrt, "abs": abs, "sin": math.sin, "cos": math.cos, "tan": math.tan,
    "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh, "asinh": math.asinh,
    "erf": math.erf, "erfc": math.erfc, "sigmoid": _sigmoid,
    "softplus": lambda u: max(u, 0.0) + math.log1p(math.exp(-abs(u))),
    "relu": lambda u: max(u, 0.0), "max": max, "min": min,
}


def _constant(value, bits: int) -> _Size:
    """The size of a constant: its constant term is its own magnitude."""
    if value is None:
        return _Size(None, bits)
    try:
        magnitude = abs(float(value))
    except OverflowError:  # an exact integer beyond float64
        magnitude = math.inf
    return _Size(value, bits, magnitude)


def _offset(op: type, left: _Size, right: _Size) -> float:
    """The constant terms of ``left op right`` when one side at least is not constant."""
    if op in (ast.Add, ast.Sub):
        return left.offset + right.offset
    if op is ast.Mult and (left.value is not None or right.value is not None):
        return 0.0 if 0 in (left.offset, right.offset) else left.offset * right.offset
    if op is ast.Div and right.value is not None and left.offset and right.offset:
        return left.offset / right.offset
    return 0.0


def _as_integer(value) -> int | None:
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _real_power(base, exponent) -> float | None:
    if base is None or exponent is None or base < 0:
        return None
    try:
        return float(base) ** float(exponent)
    except ZeroDivisionError:
        return None
    except OverflowError:
        return math.inf


def _bits(value: Fraction) -> int:
    return max(value.numerator.bit_length(), value.denominator.bit_length())


def _is_activation(name: str) -> bool:
    """Whether ``name`` is a registered activation (gelu(x) is not available in formulas)."""
    from actviz.activations.registry import names

    return name.lower() in names()


def _greek_name(name: str) -> str | None:
    """'β' -> 'beta', so a formula typed with Greek letters gets a useful suggestion."""
    if len(name) != 1:
        return None
    try:
        words = unicodedata.name(name).split()
    except ValueError:
        return None
    return words[-1].lower() if words[:1] == ["GREEK"] else None


def _byte_to_char(text: str) -> list[int]:
    """Map the byte offsets ``ast`` reports (UTF-8) to character offsets."""
    table = []
    for index, char in enumerate(text):
        table.extend([index] * len(char.encode("utf-8")))
    table.append(len(text))
    return table


def quote(text: str, limit: int = 40) -> str:
    """``text`` in quotes for a message, shortened to ``limit`` characters."""
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    mark = '"' if "'" in text else "'"
    return mark + text + mark


def _refusal(start: int, problem: str) -> FormulaError:
    """The one-line error: the column (1-based, in the text as typed) and the problem, which
    quotes the offending part."""
    return FormulaError(f"formula error at column {start + 1}: {problem}")
