"""formats.jsontext.dumps writes what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaozhi_cli.formats.jsontext import dumps

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # control characters, quotes, backslashes, CJK, non-BMP
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        | st.dictionaries(st.integers() | st.none() | st.booleans(), inner, max_size=2)
    ),
    max_leaves=30,
)


def _same(value: Any) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


@given(_DATA)
def test_any_json_data_is_written_as_json_dumps_writes_it(value: Any) -> None:
    _same(value)


class _Level(str, enum.Enum):
    LAW = "法律"


def test_what_only_json_dumps_knows_is_left_to_it() -> None:
    for value in (
        {"级别": _Level.LAW},  # a str subclass
        {1: "a", "b": [math.nan, -math.inf, True]},
        [{}, [], "", {"空": {}}, 1.0, -0.0, 10**30],
        {'引号"与\\反斜杠': "\u2028\x00\t行"},
    ):
        _same(value)


def test_a_value_json_cannot_write_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError):
        dumps({"日期": object()})
