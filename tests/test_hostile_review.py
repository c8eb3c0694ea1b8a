"""Issue 18, from the review: what a hostile (or only unlucky) user was told wrongly or not at
all: an option named as another front end spells it, a value the format cannot hold shown as
NaN without a word, long work announced by one command and not by its sibling."""

from __future__ import annotations

import pytest

import actviz
from actviz.errors import OptionError
from tests.batch_helpers import run, write_config

# --------------------------------------------------------------------------------------------
# Option names: as the running command declares them (precision's dtypes is --dtype)
# --------------------------------------------------------------------------------------------

# (command line, words that must be there); none may say --dtypes, the API keyword's spelling
BAD_DTYPES = [
    (("precision", "sigmoid", "--dtype", ""), "--dtype must be a list"),
    (("precision", "sigmoid", "--dtype", "bogus"), "--dtype: unknown dtype 'bogus'"),
    (("table", "sigmoid", "--dtype", "bogus"), "--dtype: unknown dtype 'bogus'"),
    (("plot", "sigmoid", "--dtype", "bogus"), "--dtype: unknown dtype 'bogus'"),
]


@pytest.mark.parametrize("args,words", BAD_DTYPES,
                         ids=[f"{a[0]} {a[-1]!r}" for a, _ in BAD_DTYPES])
def test_a_bad_dtype_is_named_as_the_command_line_spells_it(invoke, args, words):
    # Before: "--dtypes must be a list" (the API keyword's spelling), and for an unknown name
    # no option at all.
    result = invoke(*args)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("actviz: error: ") and len(result.stderr.splitlines()) == 1
    assert words in result.stderr and "--dtypes" not in result.stderr


def test_the_api_and_a_batch_name_it_their_way(invoke, tmp_path):
    with pytest.raises(OptionError, match="^dtypes: unknown dtype 'bogus'"):
        actviz.precision("sigmoid", dtypes=["bogus"])
    config = write_config(tmp_path, '[[figure]]\nkind = "precision"\nactivations = ["relu"]\n'
                                    'dtype = "bogus"\noutput = "p.json"\n')
    result = run(invoke, config, "--dry-run")
    assert result.exit_code == 2 and "figure 1 dtype: unknown dtype 'bogus'" in result.stderr


# --------------------------------------------------------------------------------------------
# table --dtype: a value beyond the format's range is said, not a silent NaN
# --------------------------------------------------------------------------------------------

E4M3 = "float8_e4m3fn holds at most ±448, no inf: "
# (activation, at, dtype, the warnings: the whole of stderr)
ROUNDED = [
    ("sigmoid", "1,500,1000", "float8_e4m3fn",
     [E4M3 + "x rounds to NaN at x from 500 to 1000 (2 of 3 rows)"]),
    ("exponential", "1,100", "float8_e4m3fn",  # 100 is 96 in the format; e^96 > 448
     [E4M3 + "Exponential f(x) rounds to NaN at x = 96 (1 of 2 rows)",
      E4M3 + "Exponential f′(x) rounds to NaN at x = 96 (1 of 2 rows)"]),
    ("exponential", "1,12", "float16",
     ["float16 holds at most ±65504: Exponential f(x) rounds to ±inf at x = 12 (1 of 2 rows)",
      "float16 holds at most ±65504: Exponential f′(x) rounds to ±inf at x = 12 (1 of 2 rows)"]),
    ("sigmoid", "1,2,448", "float8_e4m3fn", []),
]


@pytest.mark.parametrize("name,at,dtype,lines", ROUNDED,
                         ids=[f"{n}-{d}-{at}" for n, at, d, _ in ROUNDED])
def test_a_value_the_format_cannot_hold_is_announced(invoke, name, at, dtype, lines):
    # Before: NaN in the table and nothing on stderr (x = 500 in float8_e4m3fn), or
    # "Exponential is undefined (NaN) for x ≥ 96", as if the function were.
    for fmt in ("rich", "csv"):
        result = invoke("table", name, "--at", at, "--dtype", dtype, "--format", fmt)
        assert result.exit_code == 0
        assert result.stderr.splitlines() == [f"actviz: warning: {line}" for line in lines]


def test_the_api_gives_the_same_warnings():
    result = actviz.table("sigmoid", at=[500, 1], dtype="float8_e4m3fn")
    assert result.warnings == [E4M3 + "x rounds to NaN at x = 500 (1 of 2 rows)"]


# --------------------------------------------------------------------------------------------
# Long work: saturation --depth and propagate --depth announced by one rule (Workload), from
# the result's warnings, before the work starts; each front end spells the options its way
# --------------------------------------------------------------------------------------------

LONG = "1,000 {w} 4,096 is 5,120 times the default's work: this takes about 17 minutes per " \
       "activation (the default, 0.2 s)"


@pytest.fixture
def no_experiment(monkeypatch):
    """The depth experiment interrupted as it starts: what was said before it is all there is."""
    from actviz.analysis import depth, saturation

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(depth, "depth_experiment", interrupted)
    monkeypatch.setattr(saturation, "depth_experiment", interrupted)


@pytest.mark.parametrize("command", ["saturation", "propagate"])
def test_a_long_depth_experiment_is_announced_before_it_starts(invoke, no_experiment, command):
    # Before: saturation's words were cli.py's own ("this takes minutes"), and propagate
    # --depth 1000 --width 4096 said nothing at all before 17 minutes of work.
    result = invoke(command, "tanh", "--depth", "1000", "--width", "4096", "--format", "json")
    assert result.exit_code == 130 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "actviz: warning: --depth " + LONG.format(w="--width"), "actviz: error: interrupted"]


@pytest.mark.parametrize("command", ["saturation", "propagate"])
def test_the_api_announces_it_in_its_own_spelling(command):
    result = getattr(actviz, command)("tanh", depth=1000, width=4096)
    assert result.announcements == ["depth " + LONG.format(w="width")]  # nothing computed yet
    quick = getattr(actviz, command)("tanh", depth=50)
    assert quick.announcements == [] and quick.warnings == []


LONG_FIT = ("--restarts 100 --points 100 --hidden 2 --epochs 100,000 is 1,667 times the "
            "default's work: this takes about 4 minutes per activation (the default, 0.15 s)")


@pytest.fixture
def no_training(monkeypatch):
    """fit's training interrupted as it starts: what was said before it is all there is."""
    from actviz.analysis import fit

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fit, "run_fit", interrupted)


def test_a_long_fit_is_announced_before_the_training_starts(invoke, no_training):
    result = invoke("fit", "--restarts", "100", "--epochs", "100000", "--format", "json")
    assert result.exit_code == 130 and result.stdout == ""
    assert result.stderr.splitlines() == [f"actviz: warning: {LONG_FIT}",
                                          "actviz: error: interrupted"]


def test_fit_says_what_its_training_found_after_the_estimate(invoke, no_training, monkeypatch):
    # Before: fit's command printed result.warnings, its own copy of the rule, without the
    # work's warnings; saturation and propagate said announcements, then work_warnings.
    # One helper now says them for all three.
    from actviz.products.fit import FitResult

    monkeypatch.setattr(FitResult, "work_warnings", property(lambda self: ["found"]))
    result = invoke("fit", "--restarts", "100", "--epochs", "100000", "--format", "json")
    assert result.exit_code == 130
    assert result.stderr.splitlines() == [f"actviz: warning: {LONG_FIT}", "actviz: warning: found",
                                          "actviz: error: interrupted"]


def test_a_fit_estimate_is_spelled_by_each_front_end_too():
    from actviz.analysis.fit import FitConfig
    from actviz.errors import spell
    from actviz.cli import cli_spelling

    config = FitConfig(restarts=100, epochs=100_000)
    message = config.workload.warning(config.describe())
    assert message.startswith("restarts 100 points 100 hidden 2 epochs 100,000 is 1,667 times")
    assert spell(message, cli_spelling).startswith("--restarts 100 --points 100 --hidden 2 "
                                                   "--epochs 100,000 is 1,667 times")


# --------------------------------------------------------------------------------------------
# σ² of propagate: one rule, the options' (analysis reads through it), one message everywhere
# --------------------------------------------------------------------------------------------

SIGMA2 = [("sigma_w2", 0.0, "must be a positive finite number ≤ 1e6, got 0.0"),
          ("sigma_w2", 2e6, "must be a finite number > 0 and ≤ 1e6, got 2000000.0"),
          ("sigma_b2", -1.0, "must be a finite number from 0 to 1e6, got -1.0"),
          ("sigma_b2", float("inf"), "must be a finite number from 0 to 1e6, got inf")]


@pytest.mark.parametrize("name,value,words", SIGMA2, ids=[f"{n}={v}" for n, v, _ in SIGMA2])
def test_a_bad_sigma2_gets_one_message_from_every_caller(invoke, tmp_path, name, value, words):
    # Before: the analysis functions had their own check and words ("must be a number > 0
    # and at most 1e6, got 0"), the front ends the option schema's.
    from actviz.analysis.propagation import critical_point, propagation

    calls = [lambda: propagation(actviz.get("tanh"), **{name: value}),
             lambda: actviz.propagate("tanh", **{name: value})]
    if name == "sigma_b2":
        calls.append(lambda: critical_point(actviz.get("tanh"), value))
    for call in calls:
        with pytest.raises(OptionError) as refused:
            call()
        assert str(refused.value) == f"{name} {words}"
    flag = "--" + name.replace("_", "-")
    result = invoke("propagate", "tanh", flag, str(value))
    assert result.exit_code == 2 and result.stderr == f"actviz: error: {flag} {words}\n"
    config = write_config(tmp_path, f'[[figure]]\nkind = "propagate"\nactivations = ["tanh"]\n'
                                    f'{name} = {value}\noutput = "p.json"\n')
    batch = run(invoke, config, "--dry-run")
    assert batch.exit_code == 2 and f"figure 1 {name}: {words}" in batch.stderr


def test_the_bound_is_declared_once():
    from actviz.analysis.propagation import MAX_SIGMA2
    from actviz.options import PROPAGATE

    assert MAX_SIGMA2 == PROPAGATE.option("sigma_w2").type.high == \
        PROPAGATE.option("sigma_b2").type.high
