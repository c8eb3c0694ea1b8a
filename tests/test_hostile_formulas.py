"""Issue 18, formulas that escape the budget: the work is bounded for parsing, symbolic work,
constant folding and numeric evaluation alike.  Each hostile formula is refused by the
sympy-free checker (which never runs for long), with the column of the offending part."""

from __future__ import annotations

import subprocess
import sys

import pytest

import actviz
from actviz.activations.formula.syntax import check, read_spec
from actviz.errors import FormulaError

# (formula, column of the offending part in the whole spec (1-based), words in the message);
# before the fix each ran for minutes (or for ever) inside sympy, or crashed.
ESCAPING = [
    # constant folding: exp(c*log(b)) is folded into the integer b**c, in one C call
    ("f(x)=exp(x+10**8*log(10))", 6, "grow too large"),
    ("f(x)=x*exp(exp(100)*log(2))", 8, "grow too large"),
    ("f(x)=exp(3*(x+1000*log(10)))", 6, "grow too large"),  # 3*(x+c) is distributed
    ("f(x)=10**(x+10**8)", 6, "grow too large"),  # expanded by simplify to 10**(10**8)*10**x
    ("f(x)=cosh(x-10**7*log(2))", 6, "grow too large"),
    # constants beyond float64 that sympy evaluates with as many digits as they have
    ("f(x)=sin(e^e^e^e)*x", 10, "'e^e^e^e' is too large for float64"),
    ("f(x)=sin(exp(exp(10))*x)", 10, "grow too large"),
    ("f(x)=sin(1e300**1000)*x", 10, "'1e300**1000' is too large for float64"),
    ("f(x)=cos(1e300*1e300*x)", 10, "'1e300*1e300' is too large for float64"),
    ("f(x)=exp(710)*x", 6, "'exp(710)' is too large for float64"),
    # a byte that is not UTF-8 (Python reads it from argv as a lone surrogate)
    ("f(x)=x\udcff", 7, "the byte 0xff is not UTF-8 text"),
    ("f(x; b=1)=b*\udce9", 13, "the byte 0xe9 is not UTF-8 text"),
    ("f(x)=x+\ud800", 8, "the lone surrogate U+D800 is not text"),
]


@pytest.mark.parametrize("spec,column,words", ESCAPING, ids=[c[0] for c in ESCAPING])
def test_formulas_escaping_the_budget_are_refused_before_sympy(spec, column, words):
    with pytest.raises(FormulaError) as refused:
        check(read_spec(spec))  # the checker alone: no sympy, microseconds
    message = str(refused.value)
    assert f"at column {column}:" in message and words in message, message
    assert "\n" not in message
    with pytest.raises(FormulaError, match="column"):
        actviz.get(spec)  # and so through the whole library


# Neighbours of the refused ones that stay within the limits, and work.
WITHIN = [
    ("f(x)=exp(x+300*log(10))", 1.0, 2.718281828459045e300),  # folded into 10**300*e**x
    ("f(x)=sin(e^e^e)*x", 1.0, None),
    ("f(x)=sin(1e300)*x", 1.0, None),
    ("f(x)=exp(3000*x)", -1.0, 0.0),
    ("f(x)=exp(700)*x", 1.0, 1.0142320547350045e304),
]


@pytest.mark.parametrize("spec,x,expected", WITHIN, ids=[c[0] for c in WITHIN])
def test_formulas_within_the_limits_still_work(spec, x, expected):
    value = float(actviz.get(spec)(x))
    if expected is None:
        assert -1.0 <= value <= 1.0
    else:
        assert value == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("argument", [b"f(x)=x\xff", b"f(x)=sin(e^e^e^e)*x",
                                      b"f(x)=exp(x+10**8*log(10))"])
def test_the_command_line_refuses_them_in_one_line(tmp_path, argument):
    """Through a real process, with the byte as the shell passes it."""
    done = subprocess.run([sys.executable, "-m", "actviz", "table", argument, "--at", "1"],
                          cwd=tmp_path, capture_output=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.decode("utf-8", "replace").splitlines()
    assert len(lines) == 1 and lines[0].startswith("actviz: error: formula error at column")
    assert done.stdout == b"" and list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------
# Names: one rule (registry.check_new_name) for actviz.register, plugins and batch configs
# --------------------------------------------------------------------------------------------

# (name, aliases, words): each name or alias is already taken, or is no identifier.
TAKEN = [
    ("logistic", (), "'logistic' is already registered (an alias of sigmoid)"),
    ("sigmoid", (), "'sigmoid' is already registered"),
    ("gate", ("atan",), "'atan' is already registered (an alias of arctan)"),
    ("gate", ("relu",), "'relu' is already registered"),
    ("Gate", (), "must be lower-case letters, digits and _"),
]


@pytest.mark.parametrize("name,aliases,words", TAKEN, ids=[f"{n}{a}" for n, a, _ in TAKEN])
def test_a_taken_name_is_refused_by_register_and_by_a_scope_alike(isolated_registry, name,
                                                                   aliases, words):
    with pytest.raises(actviz.ActvizError) as by_register:
        actviz.register(name, formula="x*sigmoid(x)", aliases=aliases)
    with pytest.raises(FormulaError) as by_scope:  # what a batch config's [activations] makes
        actviz.FormulaScope({name: {"formula": "x*sigmoid(x)", "aliases": list(aliases)}})
    for refused in (by_register, by_scope):
        assert words in str(refused.value)
    assert "gate" not in actviz.names()


def test_a_batch_config_cannot_name_a_formula_after_an_alias(tmp_path, invoke):
    config = tmp_path / "notes.toml"
    config.write_text('[activations.logistic]\nformula = "x*sigmoid(x)"\n[[figure]]\n'
                      'kind = "plot"\nactivations = "logistic"\noutput = "f.png"\n',
                      encoding="utf-8")
    result = invoke("batch", str(config), "--jobs", "1")
    assert result.exit_code == 2, result.output
    assert "'logistic' is already registered (an alias of sigmoid)" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.toml"]


def test_symbolic_work_that_runs_for_ever_is_stopped(monkeypatch):
    """max of many powers: sympy's derivative of it runs for ever in Piecewise; a short budget
    stands for the 20 s one here (usual formulas finish in well under a second)."""
    from actviz.activations.formula import declare, symbolic

    monkeypatch.setattr(declare, "COMPILE_SECONDS", 0.5)
    monkeypatch.setattr(symbolic, "SIMPLIFY_SECONDS", 0.1)
    body = "max(" + ",".join(f"x^{n}" for n in range(1, 80)) + ")"
    with pytest.raises(FormulaError, match="did not finish within 0.6 s"):
        actviz.get(f"f(x)={body}")
    assert float(actviz.get("f(x)=x*sigmoid(x)").derivative(0.0)) == 0.5  # and work goes on
