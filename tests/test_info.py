"""`actviz info` as a library: the notes in every declaration, the card's numbers, how the card
and the guide render (rich at 80 columns, Markdown, JSON), and that the guide names only real
activations."""

from __future__ import annotations

import io
import json
import math
import re

import numpy as np
import pytest
from rich.cells import cell_len
from rich.console import Console

import actviz
from actviz.activations import BUILTIN_FAMILIES
from actviz.activations.guide import GUIDE
from actviz.activations.registry import USES, Activation, Interval, Notes, Properties, lookup
from actviz.analysis.cards import DEPTH, build_card
from actviz.analysis.guide import guide_facts
from actviz.cli import cli
from actviz.render.documents import (
    break_offsets,
    build_guide,
    card_markdown,
    card_panel,
    guide_markdown,
    guide_panel,
)
from actviz.render.labels import CATALOGUE, LANGUAGES, text
from tests.conftest import ALL_NAMES

CJK = re.compile(r"[\u4e00-\u9fff]")
BUILTIN_MODULES = {f"actviz.activations.{family}" for family in BUILTIN_FAMILIES}
# Only the built-in families must carry notes; a plugin or formula activation may have none.
BUILTIN_NAMES = [n for n in ALL_NAMES if lookup(n).function.__module__ in BUILTIN_MODULES]


def rendered(renderable, width: int = 80) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def test_the_builtin_families_are_found():
    assert len(BUILTIN_NAMES) >= 28 and {"relu", "sigmoid", "gaussian"} <= set(BUILTIN_NAMES)


# --------------------------------------------------------------------------------------------
# The notes in the declarations
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_every_builtin_has_notes_in_every_language(name, lang):
    activation = lookup(name)
    notes = activation.notes_in(lang)
    assert notes is not None, f"{name} has no notes in {lang}"
    texts = [notes.lesson, notes.where_used, *notes.strengths, *notes.weaknesses]
    assert notes.strengths and notes.weaknesses
    assert all(t.strip() for t in texts)
    if lang == "zh":
        assert all(CJK.search(t) for t in texts), "a zh text without Chinese"
    else:
        assert not any(CJK.search(t) for t in texts), "Chinese in an English text"
    assert activation.uses and set(activation.uses) <= set(USES)
    known = {p.name for p in activation.parameters}
    assert set(notes.parameters) <= known
    if lang != "en":  # English meanings come from the Parameter itself
        assert set(notes.parameters) == known, f"{name}: parameter meanings missing in {lang}"
        assert bool(notes.at_breakpoints) == bool(activation.at_breakpoints)


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_both_languages_make_the_same_number_of_points(name):
    en, zh = lookup(name).notes_in("en"), lookup(name).notes_in("zh")
    assert (len(en.strengths), len(en.weaknesses)) == (len(zh.strengths), len(zh.weaknesses))


def backticked(texts) -> set[str]:
    return {span for t in texts for span in re.findall(r"`([^`]+)`", t)}


def assert_real_names_and_commands(spans: set[str]) -> None:
    for span in spans:
        if span.startswith("actviz "):
            assert span.split()[1] in cli.commands, f"no command `{span}`"
        else:
            actviz.get(span)  # raises for a name that is not registered


def test_names_and_commands_in_the_notes_exist():
    texts = []
    for name in BUILTIN_NAMES:
        for notes in lookup(name).notes.values():
            texts += [notes.lesson, notes.where_used, *notes.strengths, *notes.weaknesses]
    spans = backticked(texts)
    assert {"relu", "leaky_relu", "actviz fit"} <= spans
    assert_real_names_and_commands(spans)


def test_uses_families_and_labels_are_complete():
    for lang_texts in CATALOGUE.values():
        assert set(lang_texts) == set(LANGUAGES) and all(lang_texts.values())
    for use in USES:
        assert f"use_{use}" in CATALOGUE
    for name in BUILTIN_NAMES:
        assert f"family_{lookup(name).family}" in CATALOGUE


def test_an_unknown_use_is_refused_when_declaring():
    with pytest.raises(ValueError, match="unknown uses"):
        plugin_activation(uses=("everywhere",))


# --------------------------------------------------------------------------------------------
# The card's numbers
# --------------------------------------------------------------------------------------------


def test_sigmoid_card_quotes_the_quarter_slope_at_zero_and_its_tenth_power():
    card = build_card("sigmoid")
    assert card.peak.value == 0.25 and card.peak.argmax == 0.0
    assert card.depth_gain == pytest.approx(0.25**DEPTH, rel=1e-15, abs=0)
    assert (card.value_at_zero, card.slope_at_zero) == (0.5, 0.25)
    shown = rendered(card_panel(card))
    assert "max |f′|        0.25 at x = 0" in shown
    assert "a gradient keeps at most 0.25^10 ≈ 9.54e-7" in shown
    assert "f(0) = 0.5, f′(0) = 0.25" in shown


def test_relu_card_teaches_dead_units_in_both_languages():
    assert "Dead units" in rendered(card_panel(build_card("relu")))
    zh = rendered(card_panel(build_card("relu", "zh")))
    assert "神经元死亡" in zh and "relu′(0) = 0，与 PyTorch autograd 一致" in zh


def test_elu_card_takes_its_numbers_at_the_given_alpha():
    card = build_card("elu:alpha=0.5")
    assert card.label == "ELU (α=0.5)" and card.params == {"alpha": 0.5}
    shown = rendered(card_panel(card))
    assert "ELU (α=0.5)" in shown.splitlines()[0]
    assert re.search(r"range\s+\(-0\.5, ∞\)", shown)
    assert "f(0) = 0, f′(0) = 0.5" in shown  # elu'(0) = α by the kink convention
    assert re.search(r"alpha \(α\)\s+0\.5\s+1\s+\(0, 1e6\]", shown)


def test_tanh_card_is_zero_centred_with_slope_one_and_saturating():
    card = build_card("tanh")
    assert card.properties.zero_centred and card.peak.value == 1.0 and card.peak.argmax == 0.0
    assert card.depth_gain is None  # max |f'| = 1: no vanishing bound to quote
    shown = rendered(card_panel(card))
    assert "yes (odd: f(−x) = −f(x))" in shown and "on both sides" in shown


def test_card_parameters_have_meanings_in_the_cards_language():
    zh = build_card("leaky_relu:negative_slope=0.2", "zh")
    assert zh.parameters[0].meaning == "x < 0 时的斜率 a" and zh.parameters[0].value == 0.2
    en = build_card("leaky_relu")
    assert en.parameters[0].meaning == lookup("leaky_relu").parameter("negative_slope").meaning


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_card_fills_80_columns_exactly_without_cropping(lang):
    """CJK characters are two cells wide: every line of every card must still end at the
    panel's right border, and nothing may be cut off with an ellipsis."""
    for name in BUILTIN_NAMES:
        shown = rendered(card_panel(build_card(name, lang)))
        widths = {cell_len(line) for line in shown.splitlines()}
        assert widths == {80}, (name, widths)
        assert "…" not in shown, name


def test_chinese_lines_break_between_characters_not_only_at_spaces():
    plain = "在 −α 处平滑饱和：对负输入只“感知有无”，不在乎大小。"
    lines = [plain[a:b] for a, b in zip([0, *break_offsets(plain, 20)],
                                        [*break_offsets(plain, 20), len(plain)])]
    assert all(cell_len(line.rstrip()) <= 20 for line in lines)
    assert lines[0].startswith("在 −α 处")  # the Chinese run did not jump to the next line
    assert not any(line[0] in "，。：”" for line in lines[1:])  # no line opens on closing marks


def plugin_activation(**extra) -> Activation:
    """A declaration as a plugin might write it: no notes unless given."""
    return Activation(
        name="halve",
        title="Halve",
        family="test",
        formula=r"f(x) = x/2",
        derivative_formula=r"f'(x) = \frac{1}{2}",
        function=lambda x: x / 2,
        derivative=lambda x: np.full_like(x, 0.5),
        properties=Properties(range=Interval.open(-math.inf, math.inf), monotonic=True,
                              derivative_monotonic=True, continuity="C∞", zero_centred=True,
                              saturating="none", identity_near_origin=False),
        reference="(a test plugin)",
        **extra,
    )


def test_a_card_without_notes_shows_the_declaration_and_says_so_exactly():
    shown = rendered(card_panel(build_card(plugin_activation().bind())))
    assert shown == (
        "╭─ Halve ──────────────────────────────────────────────────────────────────────╮\n"
        "│ formula     f(x) = x/2                                                       │\n"
        "│ derivative  f'(x) = 1/2                                                      │\n"
        "│ family      test                                                             │\n"
        "│                                                                              │\n"
        "│ Properties                                                                   │\n"
        "│ range           (-∞, ∞)                                                      │\n"
        "│ monotonic       yes                                                          │\n"
        "│ smoothness      C∞ (smooth)                                                  │\n"
        "│ zero-centred    yes (odd: f(−x) = −f(x))                                     │\n"
        "│ saturates       no                                                           │\n"
        "│ ≈ x near 0      no                                                           │\n"
        "│ at x = 0        f(0) = 0, f′(0) = 0.5                                        │\n"
        "│ max |f′|        0.5 for all x                                                │\n"
        "│ over 10 layers  a gradient keeps at most 0.5^10 ≈ 0.000977                   │\n"
        "│                                                                              │\n"
        "│ No notes are available for this activation: the card shows what its          │\n"
        "│ declaration states and what actviz computes.                                 │\n"
        "│                                                                              │\n"
        "│ In frameworks                                                                │\n"
        "│ None of the frameworks actviz knows (PyTorch, JAX, Keras, TensorFlow, MLX,   │\n"
        "│ timm) ships it as an activation.                                             │\n"
        "│                                                                              │\n"
        "│ Reference                                                                    │\n"
        "│ (a test plugin)                                                              │\n"
        "╰──────────────────────────────────────────────────────────────────────────────╯\n"
    )
    card = build_card(plugin_activation().bind(), "zh")
    assert card.notes is None and "这个激活函数没有说明文字" in rendered(card_panel(card))
    assert card.to_json()["strengths"] == [] and card.to_json()["lesson"] is None


def test_english_notes_stand_in_for_a_missing_translation():
    notes = Notes(lesson="Halves its input.", strengths=("Simple.",), weaknesses=("Linear.",),
                  where_used="Nowhere.")
    card = build_card(plugin_activation(uses=("research",), notes={"en": notes}).bind(), "zh")
    assert card.notes is notes and card.notes_lang == "en"
    shown = rendered(card_panel(card))
    assert "暂无中文说明" in shown and "Halves its input." in shown and "实验与对比" in shown


@pytest.mark.parametrize(("lang", "headings"), [
    ("en", ["## Parameters", "## Properties", "## Strengths", "## Weaknesses", "## Where used",
            "## In frameworks", "## Reference"]),
    ("zh", ["## 参数", "## 性质", "## 优点", "## 缺点", "## 应用场景", "## 各框架中的实现",
            "## 参考文献"]),
])
def test_card_markdown_has_a_title_and_a_heading_per_section(lang, headings):
    lines = card_markdown(build_card("softshrink", lang)).splitlines()
    assert lines[0] == "# SoftShrink (λ=0.5)"
    assert [line for line in lines if line.startswith("## ")] == headings
    formula = text("info_formula", lang)
    assert f"- **{formula}**: `f(x) = x - λ (x > λ), x + λ (x < -λ), 0 otherwise`" in lines
    parameters = lines[:lines.index(headings[1])]  # the frameworks table comes later
    table = [line for line in parameters if line.startswith("| ")]
    assert len(table) == 2 and table[1].count(" | ") == 4  # header and one parameter
    assert "\\|x\\|" in table[1]  # pipes inside a cell are escaped


def test_card_json_is_a_stable_object():
    data = json.loads(json.dumps(build_card("elu:alpha=0.5", "zh").to_json(), allow_nan=False))
    assert {
        "name", "spec", "params", "formula", "derivative_formula", "parameters", "properties",
        "max_abs_derivative", "argmax", "at_zero", "depth_gain", "breakpoints",
        "at_breakpoints", "lesson", "strengths", "weaknesses", "where_used", "uses",
        "reference", "lang", "notes_lang",
    } <= set(data)
    assert data["spec"] == "elu:alpha=0.5" and data["lang"] == data["notes_lang"] == "zh"
    assert data["parameters"] == [{"name": "alpha", "symbol": "α", "value": 0.5, "default": 1.0,
                                   "range": "(0, 1e6]", "meaning": "x → −∞ 时 f 趋近的值为 −α"}]
    assert data["properties"]["range"] == "(-0.5, ∞)"
    assert data["max_abs_derivative"] == 1.0
    assert data["max_abs_derivative_plateaus"] == [[0.0, "inf"]] and data["argmax"] is None
    assert data["uses"] == ["hidden", "cnn"] and data["strengths"]


def test_card_json_writes_infinite_argmax_as_text():
    data = build_card("softplus").to_json()
    assert data["argmax"] == "inf" and data["max_abs_derivative_tails"] == "right"
    json.dumps(data, allow_nan=False)


# --------------------------------------------------------------------------------------------
# The guide
# --------------------------------------------------------------------------------------------


def test_the_guide_names_only_registered_activations_and_real_commands():
    named = {name for section in GUIDE for advice in section.advice for name in advice.names}
    assert {"relu", "leaky_relu", "elu", "gelu", "selu", "silu", "sigmoid", "tanh",
            "identity"} <= named
    for name in named:
        lookup(name)
    texts = [t for section in GUIDE for advice in section.advice for t in advice.text.values()]
    spans = backticked(texts)
    assert "actviz softmax" in spans
    assert_real_names_and_commands(spans)
    assert backticked(texts) - {"actviz softmax", "actviz fit"} <= named


def test_every_piece_of_advice_is_written_in_every_language():
    for section in GUIDE:
        assert f"guide_{section.key}" in CATALOGUE
        for advice in section.advice:
            assert set(advice.text) == set(LANGUAGES)
            assert not advice.use or advice.use in USES
            assert CJK.search(advice.text["zh"]) and not CJK.search(advice.text["en"])


def test_the_guide_covers_hidden_layers_and_every_kind_of_output():
    uses = {advice.use for section in GUIDE for advice in section.advice}
    assert {"hidden", "transformers", "gates", "binary_output", "multiclass_output",
            "regression_output"} <= uses


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_quotes_numbers_computed_from_the_registry(lang):
    guide = build_guide(guide_facts(), lang)
    assert guide.facts["sigmoid_gain"] == 0.25**DEPTH
    assert guide.facts["tanh_at_5"] == float(actviz.get("tanh").derivative(5.0))
    shown = rendered(guide_panel(guide))
    assert "0.25^10 ≈ 9.54e-7" in shown and "{" not in shown
    assert {cell_len(line) for line in shown.splitlines()} == {80}


def test_the_guide_in_markdown_and_json():
    shown = guide_markdown(build_guide(guide_facts(), "zh"))
    assert shown.startswith("# 该用哪个激活函数？\n")
    assert [l for l in shown.splitlines() if l.startswith("## ")] == [
        "## 隐藏层", "## 输出层：与任务及其损失函数相配", "## 原因：梯度每经过一层就被乘一次"]
    data = json.loads(json.dumps(build_guide(guide_facts(), "en").to_json()))
    assert [s["key"] for s in data["sections"]] == ["hidden", "output", "why"]
    first = data["sections"][0]["items"][0]
    assert first["names"] == ["relu"] and first["use"] == "hidden" and "`relu`" in first["text"]
