"""The configs shipped in configs/: each loads and checks cleanly, holds what it promises, and a
few of their outputs are drawn."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from actviz.batch import load_plan
from actviz.render.canvas import find_cjk_family
from tests.batch_helpers import written
from tests.conftest import ALL_NAMES
from tests.images import assert_png

CONFIGS = Path(__file__).resolve().parents[1] / "configs"
TORCH = ("ELU Hardshrink Hardsigmoid Hardtanh Hardswish LeakyReLU LogSigmoid PReLU ReLU ReLU6 "
         "RReLU SELU CELU GELU Sigmoid SiLU Mish Softplus Softshrink Softsign Tanh Tanhshrink "
         "Threshold").split()


def by_output(plan):
    return {job.output: job for job in plan.jobs}


@pytest.mark.parametrize("name", ["course-notes.toml", "course-notes-zh.toml",
                                  "pytorch-docs.toml", "lessons.toml"])
def test_a_shipped_config_is_valid(name):
    plan = load_plan(CONFIGS / name)
    assert plan.jobs and len({job.output for job in plan.jobs}) == len(plan.jobs)
    assert plan.out_dir == CONFIGS


def test_course_notes_follow_the_lecture():
    jobs = by_output(load_plan(CONFIGS / "course-notes.toml"))
    assert len(jobs) >= 30
    # Every activation with its derivative.
    for name in ALL_NAMES:
        job = jobs[f"functions/{name}.png"]
        assert job.kind == "plot" and job.options["derivative"] and job.specs == (name,)
    assert jobs["compare/sigmoid-tanh.png"].specs == ("sigmoid", "tanh")

    def names(output):
        return {spec.split(":")[0] for spec in jobs[output].specs}

    assert names("families/relu-family.png") == {"relu", "leaky_relu", "prelu", "elu", "selu",
                                                 "celu"}
    assert names("families/smooth.png") == {"silu", "swish", "mish", "gelu", "gelu_tanh"}
    assert names("families/hard.png") == {"hardsigmoid", "hardswish", "hardtanh", "relu6"}
    sweep = jobs["sweeps/leaky-relu-slope.png"]
    assert sweep.specs == ("leaky_relu",) and sweep.options["sweep"].startswith("negative_slope=")
    assert jobs["saturation/depth.png"].options["depth"] == 30
    handout = jobs["tables/values.tex"]
    assert handout.kind == "table" and handout.fmt == "latex" and handout.options["derivative"]


def test_the_chinese_twin_has_the_same_files_in_chinese():
    english = by_output(load_plan(CONFIGS / "course-notes.toml"))
    chinese = by_output(load_plan(CONFIGS / "course-notes-zh.toml"))
    assert chinese.keys() == english.keys()
    for output, job in chinese.items():
        assert job.specs == english[output].specs
        if job.fmt == "png":
            assert job.options["lang"] == "zh"
            title = job.options["title"]
            assert title is None or re.search("[\u4e00-\u9fff]", title), title


def test_pytorch_docs_have_one_image_per_torch_function():
    jobs = by_output(load_plan(CONFIGS / "pytorch-docs.toml"))
    for name in TORCH:
        job = jobs[f"{name}.png"]
        assert job.kind == "plot" and not job.options["derivative"]
        assert (job.options["xmin"], job.options["xmax"]) == (-7, 7)
    assert jobs["LeakyReLU.png"].specs == ("leaky_relu:negative_slope=0.1",)


def test_a_few_outputs_of_each_config_are_drawn(invoke, tmp_path):
    result = invoke("batch", CONFIGS / "course-notes.toml", "--out-dir", tmp_path / "en",
                    "--jobs", "1", "--only", "sigmoid-tanh.png", "--only", "tables/*.tex")
    assert result.exit_code == 0, result.output
    assert written(result) == ["compare/sigmoid-tanh.png", "tables/saturation.tex",
                               "tables/tails.tex", "tables/values.tex"]
    assert_png(tmp_path / "en/compare/sigmoid-tanh.png", 6.4, 6.4, 150)
    tails = (tmp_path / "en/tables/tails.tex").read_text(encoding="utf-8")
    assert r"\toprule" in tails and "4.248" in tails  # sigmoid'(40) = 4.248e-18, not 0
    result = invoke("batch", CONFIGS / "pytorch-docs.toml", "--out-dir", tmp_path / "pt",
                    "--jobs", "1", "--only", "LeakyReLU.png", "--only", "Threshold.png")
    assert result.exit_code == 0, result.output
    assert_png(tmp_path / "pt/Threshold.png", 6.4, 4, 100)


@pytest.mark.skipif(find_cjk_family() is None, reason="no CJK font installed")
def test_a_chinese_figure_is_drawn_without_a_warning(invoke, tmp_path):
    result = invoke("batch", CONFIGS / "course-notes-zh.toml", "--out-dir", tmp_path,
                    "--jobs", "1", "--only", "functions/relu.png")
    assert (result.exit_code, result.stderr) == (0, "")
    assert_png(tmp_path / "functions/relu.png", 6.4, 6.4, 150)


def test_loading_a_config_imports_no_heavy_library(tmp_path):
    import subprocess

    code = ("import sys\nfrom actviz.batch import load_plan\n"
            f"load_plan({str(CONFIGS / 'pytorch-docs.toml')!r})\n"
            "print(sorted(m for m in ('matplotlib', 'scipy', 'sympy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_the_readme_example_config_is_valid(tmp_path):
    readme = (CONFIGS.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `actviz batch CONFIG.toml`", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "notes.toml").write_text(example, encoding="utf-8")
    plan = load_plan(tmp_path / "notes.toml")
    assert len(plan.jobs) == len(ALL_NAMES) + 3
    assert plan.definitions == {"approx_gelu": {"formula": "x*sigmoid(1.702*x)",
                                                "title": "GELU (sigmoid approximation)"}}


def test_the_lessons_make_the_other_kinds():
    jobs = by_output(load_plan(CONFIGS / "lessons.toml"))
    kinds = {job.kind for job in jobs.values()}
    assert kinds == {"softmax", "fit", "info"}
    assert jobs["softmax/temperature.png"].options["logits"] == [3.0, 1.0, -3.0]
    assert jobs["fit/cos.png"].specs == ()  # the lesson's own six activations
    assert jobs["cards/relu.md"].specs == ("relu",) and jobs["cards/relu.md"].fmt == "markdown"
    assert jobs["cards/which-activation.md"].options["guide"]
