"""A formula is data, never code: hostile input is refused quickly, pointing at the offending
part, and nothing in it runs."""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys

import pytest

import actviz
from actviz.errors import FormulaError

# (formula body, column of the offending part within the body (1-based), words in the message)
HOSTILE = [
    ("__import__('os').system('touch pwned')", 1, "'__import__' is not allowed"),
    ("x.__class__.__mro__", 1, "attribute access is not allowed: 'x.__class__'"),
    ("(lambda: 0)()", 2, "lambda is not allowed"),
    ("[c for c in 'ab']", 1, "comprehensions are not allowed"),
    ("x**x**x**x**99999", 13, "integer exponent 99999 is too large"),
    ("'a'*10**9", 1, "strings are not allowed"),
    ("sigmoid(x).real", 11, "attribute access is not allowed: '.real'"),
    ("np.exp(x)", 1, "attribute access is not allowed: 'np.exp' (write exp(...))"),
    ("x[0]", 1, "subscripts are not allowed"),
    ("exp(x)[1:2]", 1, "subscripts are not allowed"),
    ("__builtins__", 1, "'__builtins__' is not allowed"),
    ("x + __x__", 5, "'__x__' is not allowed"),
    ("open('pwned', 'w')", 1, "unknown function 'open'"),
    ("exp(x, base=2)", 8, "keyword arguments are not allowed: 'base=2'"),
    ("max(*[x, 1])", 5, "starred arguments are not allowed"),
    ("max(x, **{'a': 1})", 8, "keyword arguments are not allowed"),
    ("(y := x) * y", 2, "assignments (:=) are not allowed"),
    ("f'{x}'", 1, "f-strings are not allowed"),
    ("b'x' * 2", 1, "bytes are not allowed"),
    ("{x, 1}", 1, "sets are not allowed"),
    ("{x: 1}", 1, "dicts are not allowed"),
    ("(x, 1)", 1, "tuples are not allowed"),
    ("[x]", 1, "lists are not allowed"),
    ("x if x > 0 else 0", 1, "write where(c, a, b)"),
    ("where(x > 0 and x < 1, x, 0)", 7, "'and'/'or' are not allowed"),
    ("x > 0", 1, "comparisons are only allowed as the first argument of where"),
    ("where(x is 0, 1, 0)", 7, "'is' is not allowed"),
    ("not x", 1, "'not' is not allowed"),
    ("~x", 1, "'~' is not allowed"),
    ("x // 2", 3, "'//' is not allowed"),
    ("x @ x", 3, "'@' is not allowed"),
    ("x % 2", 3, "'%' is not allowed"),
    ("x if 1 else exec('1')", 1, "write where(c, a, b)"),
    ("getattr(x, 'y')", 1, "unknown function 'getattr'"),
    ("exp(x)(2)", 1, "only the allowed functions can be called"),
    ("x(2)", 1, "'x' is not a function"),
    ("True", 1, "True is not allowed"),
    ("None", 1, "None is not allowed"),
    ("...", 1, "Ellipsis is not allowed"),
    ("1j * x", 1, "complex numbers are not allowed"),
    ("1e999 * x", 1, "too large for float64"),
    ("9**9**9", 4, "integer exponent 387420489 is too large"),
    ("(10**300 * x)**100", 1, "grow too large"),
    ("x**(10*101)", 5, "integer exponent 1010 is too large"),
    ("1/0", 1, "division by zero"),
    ("sqrt(-1) * x", 1, "'sqrt(-1)' is not a real number"),
    ("log(0) + x", 1, "'log(0)' is not a finite number"),
    ("(yield x)", 2, "yield is not allowed"),
    ("await x", 1, "await is not allowed"),
    ("import os", 1, "invalid syntax"),
    ("x; import os", 2, "invalid syntax"),
    ("x\x00", 2, "control character"),
]


@pytest.fixture
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("body,column,words", HOSTILE, ids=[h[0][:30] for h in HOSTILE])
def test_hostile_formula_is_refused_quickly_and_precisely(in_tmp_path, body, column, words):
    # How fast (a median of 0.08 ms) is measured by benchmarks/formula.py, not timed here.
    spec = f"f(x)={body}"
    with pytest.raises(FormulaError) as refused:
        actviz.get(spec)
    message = str(refused.value)
    assert words in message
    assert f"at column {column + len('f(x)=')}:" in message
    assert "\n" not in message
    assert list(in_tmp_path.iterdir()) == []  # nothing touched, opened or written


@pytest.mark.parametrize("spec,words", [
    ("f(x)=" + "x+" * 600 + "x", "1206 characters long; the limit is 1000"),
    ("f(x)=" + "(" * 51 + "x" + ")" * 51, "brackets nested deeper than 50 levels"),
    ("f(x)=" + "-" * 990 + "x", "nested deeper than 50 levels"),
    ("f(x)=" + "sigmoid(" * 51 + "x" + ")" * 51, "nested deeper than 50 levels"),
    ("f(x)=" + "x**" * 60 + "x", "nested deeper than 50 levels"),
    ("f(x)=" + "-" * 51 + "x", "operations nested deeper than 50 levels"),
    ("f(x)='" + "a" * 10**6 + "'", "characters long; the limit is 1000"),
])
def test_limits_are_refused(spec, words):
    with pytest.raises(FormulaError, match=re.escape(words)):
        actviz.get(spec)


def test_limits_themselves_are_allowed():
    """The limits are limits, not off-by-one refusals: 50 levels, |n| = 1000."""
    deep = actviz.get("f(x)=" + "tanh(" * 50 + "x" + ")" * 50)
    assert float(deep(0.0)) == 0.0
    assert float(actviz.get("f(x)=x**1000").derivative(1.0)) == 1000.0
    assert float(actviz.get("f(x)=x**-1000")(1.0)) == 1.0
    long_sum = "f(x)=" + "+".join(["x"] * 497)  # 998 characters
    assert float(actviz.get(long_sum)(1.0)) == 497.0


def test_refusals_do_not_import_sympy_and_run_nothing(tmp_path):
    """Every hostile formula is refused by the sympy-free checker, before any symbolic work."""
    script = (
        "import json, sys, actviz\n"
        f"bodies = json.loads({json.dumps(json.dumps([b for b, _, _ in HOSTILE[:45]]))})\n"
        "refused = 0\n"
        "for body in bodies:\n"
        "    try:\n"
        "        actviz.get('f(x)=' + body)\n"
        "    except actviz.FormulaError:\n"
        "        refused += 1\n"
        "print(refused, 'sympy' in sys.modules)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], cwd=tmp_path,
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["45", "False"]
    assert list(tmp_path.iterdir()) == []


def test_the_formula_code_never_evaluates_text():
    """No eval/exec/sympify/parse_expr anywhere in the formula machinery (lambdify of the
    expression we built is the one code generator, and it is given no text)."""
    package = pathlib.Path(actviz.__file__).parent / "activations" / "formula"
    forbidden = re.compile(
        r"(?<!def )(?<![\w.])(eval|exec|sympify|parse_expr|compile)\s*\(|\bS\(\s*['\"]")
    for source in package.glob("*.py"):
        for number, line in enumerate(source.read_text().splitlines(), 1):
            code = line.split("#")[0]
            assert not forbidden.search(code), f"{source.name}:{number}: {line.strip()}"


@pytest.mark.parametrize("spec,words", [
    ("f(x)=sigmod(x)", "unknown function 'sigmod' (did you mean 'sigmoid'?)"),
    ("f(x; beta=1)=x*sigmoid(betta*x)", "unknown name 'betta' (did you mean 'beta'?)"),
    ("f(x)=ln(x)", "unknown function 'ln' (did you mean 'log'?)"),
    ("f(x)=Exp(x)", "unknown function 'Exp' (did you mean 'exp'?)"),
    ("f(x; beta=1)=β*x", "unknown name 'β' (did you mean 'beta'?)"),
    ("f(x)=β*x", "write Greek letters by name, beta"),
    ("f(x)=x*sigmoid(beta*x)", "declare one as f(x; beta=1)=..."),
    ("f(x)=gelu(x)", "'gelu' is an activation, not a formula function; the allowed functions "
                     "are exp, log"),
    ("f(x)=foo(x)", "unknown function 'foo'; the allowed functions are exp, log"),
    ("f(x)=exp", "'exp' is a function: call it, e.g. exp(x)"),
    ("f(x)=where(x, 1, 0)", "the first argument of where must be a comparison"),
    ("f(x)=where(x > 0, x)", "where takes 3 arguments, got 2"),
    ("f(x)=max(x)", "max takes at least 2 arguments, got 1"),
    ("f(x)=exp(x, 1)", "exp takes 1 argument, got 2"),
    ("f(x)=sqrt(-pi) + x", "column 6: 'sqrt(-pi)' is not a real number"),
    ("f(x)=x + log(1 - 1)", "column 10: 'log(1 - 1)' is not a finite number"),
    ("f(x)=x*0**-1", "column 8: division by zero: '0**-1'"),
    ("f(x)=x^99999", "column 8: the integer exponent 99999 is too large"),
    ("f(x)=x^2 +* 3", "column 11: invalid syntax"),
    ("x*sigmoid(x)", "write a formula as f(x)=x*sigmoid(x)"),
])
def test_unknown_names_and_misuse_get_suggestions(spec, words):
    with pytest.raises(FormulaError) as refused:
        actviz.get(spec)
    assert words in str(refused.value)
