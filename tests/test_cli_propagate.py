"""``actviz propagate`` and ``actviz.propagate``: tables, JSON, figures, bad input."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import actviz
from actviz.errors import OptionError
from tests.cli_checks import assert_one_line_error
from tests.images import has_colour, read_png

FIRST, SECOND = "#0072B2", "#E69F00"  # the first two colours of actviz's style


def test_json_has_the_issue_keys_with_null_where_undefined(invoke):
    result = invoke("propagate", "relu", "tanh", "--sigma-w2", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sigma_w2"] == 3.0 and data["sigma_b2"] == 0.0 and data["depth"] is None
    relu, tanh = data["activations"]
    for key in ("q_star", "chi1", "c_star", "xi_q", "xi_c", "critical_sigma_w2",
                "q_star_at_critical"):
        assert key in relu and key in tanh
    assert relu["q_star"] is None and relu["chi1"] == 1.5  # diverges, yet χ₁ is defined
    assert relu["critical_sigma_w2"] == 2.0 and relu["phase"] == "chaotic"
    assert tanh["critical_sigma_w2"] == 1.0 and 0 < tanh["q_star"] < 3
    assert tanh["c_star"] == 0.0 and tanh["xi_c"] > 0  # odd f, no bias: c* = 0


def test_rich_table_names_phases_and_critical_points(invoke):
    result = invoke("propagate", "relu", "tanh", "--sigma-w2", "2", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Signal propagation at σ_w² = 2, σ_b² = 0" in result.stdout
    relu_line = next(line for line in result.stdout.splitlines() if "│ relu" in line)
    assert "critical" in relu_line
    tanh_line = next(line for line in result.stdout.splitlines() if "│ tanh" in line)
    assert "chaotic" in tanh_line


def test_csv_is_exact_and_markdown_rounded(invoke):
    csv_text = invoke("propagate", "tanh", "--sigma-w2", "1.5", "--sigma-b2", "0.05",
                      "--format", "csv").stdout
    header, row = csv_text.splitlines()[:2]
    assert header.startswith("activation,phase,q_star,chi1,c_star,chi_c")
    q_star = float(row.split(",")[2])
    assert q_star == actviz.propagate("tanh", sigma_w2=1.5, sigma_b2=0.05).report.activations[0].q_star
    markdown = invoke("propagate", "tanh", "identity", "--format", "markdown").stdout
    assert "| tanh | critical |" in markdown and "—" in markdown  # identity's c* is undefined


def test_depth_predicts_and_measures(invoke):
    result = invoke("propagate", "tanh", "--sigma-w2", "2", "--depth", "12", "--width", "64",
                    "--format", "json")
    depth = json.loads(result.stdout)["depth"]
    predicted, measured = depth["predicted"]["tanh"], depth["measured"]["tanh"]
    assert len(predicted) == len(measured) == 12 and predicted[-1] == measured[-1] == 1.0
    # chaotic tanh: the gradient grows going back; theory and a 64-wide net agree within 2×
    assert max(predicted) > 1.2
    assert all(abs(math.log10(m / p)) < math.log10(2) for m, p in zip(measured, predicted))


def test_api_result_object():
    result = actviz.propagate(["relu", "selu"], sigma_w2=1.0)
    relu, selu = result.report.activations
    assert relu.chi1 == 0.5 and selu.q_star == pytest.approx(1.0, rel=1e-12)
    assert [row["activation"] for row in result.rows] == ["relu", "selu"]
    assert "2 activations" in repr(result)
    with pytest.raises(OptionError):
        actviz.propagate("relu", sigma_w2=-1)
    with pytest.raises(TypeError):
        actviz.propagate("relu", sigma=1)


def test_phase_diagram_figure(tmp_path, invoke):
    out = tmp_path / "phase.png"
    result = invoke("propagate", "relu", "leaky_relu", "-o", out, "--format", "json")
    assert result.exit_code == 0, result.output
    image = read_png(out)
    assert image.shape[1] == 640  # one panel at 100 dpi
    assert has_colour(image, FIRST) and has_colour(image, SECOND)


def test_figure_with_depth_has_two_panels(tmp_path):
    out = tmp_path / "depth.png"
    actviz.propagate("relu", sigma_w2=2.0, depth=5, width=16).save(out)
    assert read_png(out).shape[1] == 1280


def test_phase_lines_meet_the_facts():
    from actviz.analysis.propagation import phase_diagram

    tanh = phase_diagram(actviz.get("tanh"))
    finite = np.isfinite(tanh.critical.sigma_w2)
    assert tanh.critical.sigma_w2[finite][0] == 1.0 and tanh.critical.sigma_b2[finite][0] == 0.0
    assert np.all(np.diff(tanh.critical.sigma_b2[finite]) > 0)
    relu = phase_diagram(actviz.get("relu"))
    assert np.all(relu.critical.sigma_w2 == 2.0)  # He et al.: vertical at 2
    assert relu.ordered_contour.sigma_w2[0] == pytest.approx(2 * 10 ** (-2 / 50))


@pytest.mark.parametrize("args,message", [
    (("relu", "--sigma-w2", "0"), "--sigma-w2"),
    (("relu", "--sigma-b2", "-1"), "--sigma-b2"),
    (("relu", "--width", "64"), "only applies with --depth"),
    (("relu", "--depth", "0"), "--depth"),
    (("sigmod",), "unknown activation 'sigmod'"),
])
def test_bad_input_is_one_line(invoke, args, message):
    assert_one_line_error(invoke("propagate", *args), message)


def test_bad_figure_writes_nothing(tmp_path, invoke):
    out = tmp_path / "phase.gif"
    result = invoke("propagate", "relu", "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert result.stdout == ""  # checked before the table is printed


def test_draws_on_the_callers_axes():
    from matplotlib.figure import Figure

    result = actviz.propagate(["relu", "leaky_relu"], sigma_w2=2.0, depth=4, width=8)
    axes = Figure().subplots(1, 2)
    assert result.draw(tuple(axes)) == tuple(axes)
    assert axes[0].get_xlabel().endswith("(weight variance × fan-in)")
    assert axes[1].get_yscale() == "log"


def test_batch_writes_what_the_command_prints(invoke, tmp_path):
    from tests.batch_helpers import run, write_config

    config = write_config(tmp_path, '[[figure]]\nkind = "propagate"\n'
                          'activations = ["relu", "tanh"]\nsigma_w2 = 2\noutput = "p.md"\n'
                          '[[figure]]\nkind = "propagate"\nactivations = "relu"\n'
                          'network_width = 8\noutput = "bad.md"\n')
    refused = run(invoke, config, "--jobs", "1")
    assert refused.exit_code == 2 and "network_width: only applies with depth L" in refused.stderr
    config.write_text(config.read_text().rsplit("[[figure]]", 1)[0])
    assert run(invoke, config, "--jobs", "1").exit_code == 0
    printed = invoke("propagate", "relu", "tanh", "--sigma-w2", "2", "--format", "markdown")
    assert (config.parent / "p.md").read_text() == printed.stdout


def test_an_undefined_phase_is_an_empty_csv_cell_and_a_dash_for_people(invoke):
    csv_lines = invoke("propagate", "f(x)=exp(x)", "--format", "csv").stdout.splitlines()
    assert csv_lines[1].split(",")[:2] == ["f(x)=exp(x)", ""]
    markdown = invoke("propagate", "f(x)=exp(x)", "--format", "markdown").stdout
    assert "| f(x)=exp(x) | — |" in markdown
