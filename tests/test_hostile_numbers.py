"""Issue 18, numbers: sizes that are refused, capped or announced by one set of rules
(:mod:`actviz.analysis.limits`), checked before any work; and E|f'| right for any spread."""

from __future__ import annotations

import math

import pytest

import actviz
from actviz.analysis import limits
from actviz.analysis.depth import DepthSettings
from actviz.analysis.fit import MAX_EPOCHS, MAX_VALUES_PER_STEP, FitConfig
from actviz.analysis.saturation import saturation
from actviz.analysis.softmax import softmax_report
from actviz.errors import OptionError

# --------------------------------------------------------------------------------------------
# saturation: with a wide spread, E|f'| ≈ φ(0)/σ · ∫|f'| (∫|sigmoid'| = 1, ∫|tanh'| = 2)
# --------------------------------------------------------------------------------------------

# (activation, σ, ∫|f'| over the line); the correction to the asymptote is ~1/σ², below 1e-11.
WIDE = [("sigmoid", 1e6, 1.0), ("sigmoid", 1e12, 1.0), ("sigmoid", 1e300, 1.0),
        ("tanh", 1e6, 2.0), ("tanh", 1e300, 2.0), ("hardtanh", 1e300, 2.0)]


@pytest.mark.parametrize("name,sigma,area", WIDE, ids=[f"{n}-{s:g}" for n, s, _ in WIDE])
def test_a_wide_spread_keeps_the_tails_beyond_the_threshold(name, sigma, area):
    # Before: quadrature of each piece in one go missed f' near the threshold crossing when σ
    # was large, and sigmoid's E|f'| at σ = 1e6 came out 2% low (3.909e-7, not 3.989e-7).
    expected = area / (sigma * math.sqrt(2 * math.pi))
    assert saturation(actviz.get(name), sigma=sigma).mean_abs_derivative == \
        pytest.approx(expected, rel=1e-9)


# --------------------------------------------------------------------------------------------
# softmax: refused before any work, in one line, naming what to change
# --------------------------------------------------------------------------------------------

# (number of logits, temperatures, jacobian, format, words of the refusal)
TOO_BIG = [
    (100_000, "1", False, "rich", "a rich table holds at most 10,000 rows, not 100,000"),
    (10_001, "1", False, "markdown", "a markdown table holds at most 10,000 rows"),
    (100_000, "1", True, "json", "10,000,000,000 numbers (75 GiB)"),
    (2_001, "1", True, "csv", "the Jacobian (n² numbers per temperature) would hold"),
    (1_500, "1,2", True, "csv", "4,500,000 numbers"),
    (100, "1", True, "rich", "a rich table holds at most 100 columns, not 101"),
]


@pytest.mark.parametrize("count,temperatures,jacobian,fmt,words", TOO_BIG,
                         ids=[f"{c}-{f}-{j}" for c, _, j, f, _ in TOO_BIG])
def test_softmax_refuses_what_it_cannot_compute_or_show(monkeypatch, count, temperatures,
                                                        jacobian, fmt, words):
    from actviz.analysis import softmax

    def no_work(*args, **kwargs):
        raise AssertionError("computed before the sizes were checked")

    monkeypatch.setattr(softmax, "shifted_softmax", no_work)
    with pytest.raises(OptionError) as refused:
        softmax_report([0.5] * count, temperatures, jacobian=jacobian, fmt=fmt)
    assert words in str(refused.value) and "\n" not in str(refused.value)


def test_softmax_sizes_within_the_limits_run():
    report = softmax_report([1.0] * 2_000, "1", jacobian=True, fmt="csv")
    assert report.columns[0].jacobian.shape == (2_000, 2_000)
    assert len(softmax_report([1.0] * 10_000, "1", fmt="rich").logits) == 10_000


def test_the_command_line_refuses_a_jacobian_too_large_in_one_line(invoke):
    result = invoke("softmax", *["1"] * 3_000, "--jacobian", "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("actviz: error: the Jacobian")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("extra,words", [
    ((), "a rich table holds at most 10,000 rows, not 10,001"),
    (("--format", "markdown"), "a markdown table holds at most 10,000 rows, not 10,001"),
])
def test_the_command_line_refuses_a_table_too_long_to_read(invoke, extra, words):
    result = invoke("softmax", *extra, *["1"] * 10_001)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [f"actviz: error: {words}: use --format csv or json "
                                          "for so many logits"]


def test_the_api_refuses_a_jacobian_too_wide_to_read_but_writes_its_csv():
    result = actviz.softmax([1.0] * 150, jacobian=True)
    with pytest.raises(OptionError, match="at most 100 columns, not 151"):
        result.to_markdown()
    assert result.to_csv().count("\n") > 150


def test_the_command_line_announces_a_long_fit_before_training(invoke, monkeypatch):
    from actviz.analysis import fit

    monkeypatch.setattr(fit, "run_fit", lambda *args: (_ for _ in ()).throw(KeyboardInterrupt))
    result = invoke("fit", "--epochs", "100000", "--restarts", "100", "--activations", "relu")
    assert result.stderr.splitlines()[0] == (
        "actviz: warning: --restarts 100 --points 100 --hidden 2 --epochs 100,000 is 1,667 "
        "times the default's work: this takes about 4 minutes per activation (the default, "
        "0.15 s)")


# --------------------------------------------------------------------------------------------
# fit and saturation --depth: long work is estimated alike, and announced
# --------------------------------------------------------------------------------------------


def test_the_largest_fit_is_estimated_as_long_and_the_default_is_not():
    largest = FitConfig(restarts=50, points=100_000, hidden=1, epochs=MAX_EPOCHS)
    assert largest.restarts * largest.points * largest.hidden == MAX_VALUES_PER_STEP
    assert largest.workload.is_long and not FitConfig().workload.is_long
    message = largest.workload.warning(largest.describe())  # as Python spells it
    assert message == ("restarts 50 points 100,000 hidden 1 epochs 100,000 is 416,667 "
                       "times the default's work: this takes about 17 hours per activation "
                       "(the default, 0.15 s)")


@pytest.mark.parametrize("workload,long", [
    (FitConfig(epochs=30_000).workload, False),  # 100 times: the limit itself
    (FitConfig(epochs=30_300).workload, True),
    (DepthSettings(50).workload, False),
    (DepthSettings(1000, 4096).workload, True),
])
def test_one_rule_says_what_is_long(workload, long):
    assert workload.is_long is long
    assert workload.is_long is (workload.ratio > limits.LONG_FACTOR)


def test_depth_keeps_its_is_long():
    assert DepthSettings(1000, 4096).is_long and not DepthSettings(50).is_long


@pytest.mark.parametrize("seconds,text", [(0.15, "0.15 s"), (40, "40 s"), (61, "1 minute"),
                                          (7200, "2 hours"), (86_400 * 9.2, "9 days")])
def test_durations_read_as_orders(seconds, text):
    assert limits.duration(seconds) == text


# --------------------------------------------------------------------------------------------
# figure sizes: a figure too small or too large names its size options as the caller spells
# them (propagate's and saturation's are fig_width/fig_height: their width is the network's)
# --------------------------------------------------------------------------------------------

TINY, HUGE = ("1", "1"), ("100", "100")
# (command, size options on the command line, in the API, in a batch config)
SIZES = [("plot", ("--width", "--height"), ("width", "height")),
         ("propagate", ("--fig-width", "--fig-height"), ("fig_width", "fig_height")),
         ("saturation", ("--fig-width", "--fig-height"), ("fig_width", "fig_height"))]


def _sized(flags, values, dpi=None):
    return [*(part for pair in zip(flags, values) for part in pair),
            *(("--dpi", dpi) if dpi else ())]


def _figure_messages(width: str, height: str) -> tuple[str, str]:
    return (f"too small for its titles and labels: make {width}/{height} larger",
            f"px a side): lower {'--' if width.startswith('--') else ''}dpi, {width} or "
            f"{height}, or write")


@pytest.mark.parametrize("command,flags,keywords", SIZES, ids=[c for c, *_ in SIZES])
def test_the_command_line_names_the_commands_own_size_options(invoke, tmp_path, command,
                                                              flags, keywords):
    # Before: propagate's too-small figure said "--width/--height", which is its network's.
    small, large = _figure_messages(*flags)
    for values, dpi, words in ((TINY, None, small), (HUGE, "2400", large)):
        result = invoke(command, "tanh", *_sized(flags, values, dpi), "-o", tmp_path / "f.png")
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        assert words in result.stderr and "saturation)" not in result.stderr
        assert len(result.stderr.splitlines()) == 1 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command,flags,keywords", SIZES, ids=[c for c, *_ in SIZES])
def test_the_api_names_its_keywords(tmp_path, command, flags, keywords):
    small, large = _figure_messages(*keywords)
    for values, dpi, words in ((TINY, None, small), (HUGE, 2400, large)):
        given = dict(zip(keywords, map(float, values)), dpi=dpi)
        with pytest.raises(OptionError) as refused:
            getattr(actviz, command)("tanh", **given).save(tmp_path / "f.png")
        assert words in str(refused.value) and "--" not in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_a_batch_config_names_its_keys(invoke, tmp_path):
    from tests.batch_helpers import run, write_config

    figures = "".join(f'[[figure]]\nkind = "{command}"\nactivations = ["tanh"]\nwidth = 1\n'
                      f'height = 1\noutput = "{command}.png"\n' for command, *_ in SIZES)
    result = run(invoke, write_config(tmp_path, figures))
    for index, (command, *_) in enumerate(SIZES, 1):
        assert (f"figure {index}, {command}.png: a 1 × 1 in figure is too small for its titles "
                "and labels: make width/height larger\n") in result.stderr
    assert "fig_width" not in result.stderr and "Traceback" not in result.stderr


def test_each_result_takes_its_size_options_from_its_commands_declaration():
    from actviz import options
    from actviz.products.base import FigureResult
    from actviz.products.propagate import PropagateResult
    from actviz.products.saturation import SaturationResult

    assert options.PROPAGATE.size_options == options.SATURATION.size_options == (
        "fig_width", "fig_height")
    assert PropagateResult.size_options == options.PROPAGATE.size_options
    assert SaturationResult.size_options == options.SATURATION.size_options
    assert FigureResult.size_options == options.PLOT.size_options == ("width", "height")
