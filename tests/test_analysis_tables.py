"""actviz.analysis.tables: the x values of a table and the values f(x), f'(x)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import actviz
from actviz.analysis.keys import activation_key
from actviz.analysis.tables import DEFAULT_POINTS, parse_points, table_points, value_table
from actviz.errors import OptionError
from tests.conftest import ALL_NAMES
from tests.spelling import assert_typed


def test_points_are_read_as_typed_including_infinities():
    assert parse_points("-1, 0,2.5,1e-3") == (-1.0, 0.0, 2.5, 0.001)
    assert parse_points("inf,-inf,+Infinity") == (math.inf, -math.inf, math.inf)
    assert parse_points("0.1") == (0.1,)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,,2", "empty item 2 in --at '1,,2'"),
        ("1,2,", "empty item 3"),
        (",", "empty item 1"),
        ("abc", "'abc' in --at 'abc' is not a number"),
        ("1,x2,3", "'x2' in --at '1,x2,3' is not a number"),
        ("0,nan", "'nan' in --at '0,nan' is NaN"),
        ("", "--at needs at least one value, e.g. --at -1,0,1"),
        ("   ", "--at needs at least one value"),
    ],
)
def test_malformed_points_name_the_bad_item(text, message):
    with pytest.raises(OptionError) as caught:
        parse_points(text)
    assert_typed(caught, re.escape(message))


def test_table_points_choose_between_list_range_and_default():
    x, given = table_points(None, None)
    assert given and tuple(x) == DEFAULT_POINTS
    x, given = table_points("3,-1", None)
    assert given and list(x) == [3.0, -1.0]  # order kept, not sorted
    x, given = table_points(None, (-2.0, 2.0, 5))
    assert not given and list(x) == [-2.0, -1.0, 0.0, 1.0, 2.0]
    with pytest.raises(OptionError) as caught:
        table_points("1", (-2.0, 2.0, 5))
    assert_typed(caught, "either --at or --xmin")
    with pytest.raises(OptionError) as caught:
        table_points(None, (2.0, -2.0, 5))
    assert_typed(caught, "--xmin")


@pytest.mark.parametrize("name", ALL_NAMES)
def test_values_are_the_registry_values(name):
    act = actviz.get(name)
    x = np.array([-1e300, -40.0, -1.0, 0.0, 0.5, 40.0, math.inf])
    table = value_table([act], x)
    (column,) = table.columns
    np.testing.assert_array_equal(column.f, act(x))
    np.testing.assert_array_equal(column.df, act.derivative(x))
    assert column.name == name and column.params == act.params


def test_derivative_can_be_left_out_and_tails_keep_their_digits():
    table = value_table([actviz.get("sigmoid")], np.array([40.0]), derivative=False)
    assert table.columns[0].df is None and not table.has_derivative
    full = value_table([actviz.get("sigmoid")], np.array([40.0]))
    # σ'(40) = e^-40 / (1 + e^-40)^2, not 0 as σ(1 - σ) would give
    assert full.columns[0].df[0] == pytest.approx(math.exp(-40) / (1 + math.exp(-40)) ** 2,
                                                  rel=1e-15, abs=0)


def test_keys_are_names_plus_changed_parameters():
    chosen = actviz.select(["elu", "elu:alpha=0.5", "elu:alpha=1", "logistic"])
    assert [activation_key(a) for a in chosen] == ["elu", "elu:alpha=0.5", "sigmoid"]
    assert actviz.get(activation_key(chosen[1])).params == {"alpha": 0.5}
