"""One Chinese describer of validation errors for every reader (catalogue, letter data, toml)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import Field, ValidationError

from gaozhi_cli.modelbase import ChineseModel, field_path, reason


class _Sample(ChineseModel):
    ref: int | str = Field(alias="证明事项")
    flag: bool = Field(alias="公开")
    items: list[str] = Field(alias="事项")


def _errors(data: dict[str, object]) -> list[tuple[tuple[str | int, ...], str, str]]:
    with pytest.raises(ValidationError) as caught:
        _Sample.model_validate(data)
    return [(field_path(tuple(e["loc"])), reason(e), reason(e, "toml")) for e in caught.value.errors()]


def test_union_members_leave_the_path_and_field_names_stay() -> None:
    errors = _errors({"证明事项": [1], "公开": "也许", "事项": "甲"})
    assert {e[0] for e in errors} == {("证明事项",), ("公开",), ("事项",)}
    assert field_path(("name",)) == ("name",) and field_path(("base-docx",)) == ("base-docx",)
    assert field_path(("编号", "SerialNo", "号")) == ("编号", "号")


def test_reasons_follow_the_syntax_of_the_file() -> None:
    errors = {e[0][0]: e[1:] for e in _errors({"证明事项": 1, "公开": "也许", "事项": "甲"})}
    assert errors["公开"] == ("应为 是/否（true/false）", "应为 true 或 false")
    assert errors["事项"][0].startswith("应为列表") and errors["事项"][1] == '应为列表，如 ["GZ205"]'


class _Dated(ChineseModel):
    on: date = Field(alias="日期")


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2025-02-30", "应为日期：“2025-02-30”这一天不存在"),
        ("2025-13-01", "“2025-13-01”这一天不存在"),
        ("下周一", "应为日期，如 2021-03-31 或 2021年3月31日，实际为“下周一”"),
        ("140502199003071234", "实际为“140502********1234”"),  # an ID number typed here stays masked
    ],
)
def test_a_date_that_is_none_says_what_was_written(written: str, said: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Dated.model_validate({"日期": written})
    (error,) = caught.value.errors()
    assert said in reason(error)
