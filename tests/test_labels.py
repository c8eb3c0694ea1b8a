"""The catalogue of words in figures: every key in every language."""

from __future__ import annotations

import string

import pytest

from actviz.render.labels import CATALOGUE, LANGUAGES, text


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_every_language_with_the_same_placeholders(key):
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGUAGES)
    fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in LANGUAGES]
    assert all(f == fields[0] for f in fields), key
    assert all(entry[lang].strip() for lang in LANGUAGES)


def test_text_fills_placeholders():
    assert text("plot_title_derivative", "en", label="ReLU") == "ReLU and its derivative"
    assert text("plot_title_derivative", "zh", label="ReLU") == "ReLU 及其导数"
