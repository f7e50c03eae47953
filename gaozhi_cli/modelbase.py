"""The base of every data model a user writes: Chinese keys (aliases), English names accepted."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic_core import ErrorDetails

from gaozhi_cli.identity import mask_ids_in_text


class ChineseModel(BaseModel):
    """Keys are the Chinese labels of the forms; unknown keys are errors; numbers written where
    text is expected (a phone number, a 文号) are kept as text; surrounding spaces are dropped."""

    model_config = ConfigDict(
        extra="forbid",
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
    )


# -- the shape of a model --------------------------------------------------------------------

_NESTED: dict[int, type[BaseModel] | None] = {}


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``X``, ``X | None``, ``list[X]`` or ``Annotated[...]``, if any
    (asked for every key of every item: remembered per annotation, which lives as long as the
    model)."""
    key = id(annotation)
    if key not in _NESTED:
        _NESTED[key] = _nested_model(annotation)
    return _NESTED[key]


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _nested_model(arg)
            if found:
                return found
    return None


def model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model that validates the mapping at ``loc`` (alias or name keys, list indexes skipped)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        current = nested_model(info.annotation) if info else None
    return current


# -- what went wrong, in Chinese -----------------------------------------------------------------
#
# One home for pydantic's error types in the words a liaison reads; each reader (catalogue,
# letter data, gaozhi.toml) says where, this says what. ``syntax`` picks how lists, mappings and
# yes/no are written in that file.

_DATE = "应为日期，如 2021-03-31 或 2021年3月31日"
_REASONS: dict[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不是这里的字段",
    "string_too_short": "不能为空",
    "too_short": "不能为空",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "string_type": "应为文本",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": "应为日期（不带时间），如 2021-03-31",
}
_SYNTAX: dict[str, dict[str, str]] = {
    "yaml": {
        "bool": "应为 是/否（true/false）",
        "list": "应为列表（每项以“- ”开头，或写作 [甲, 乙]）",
        "mapping": "应为映射（“键: 值”）",
    },
    "toml": {
        "bool": "应为 true 或 false",
        "list": '应为列表，如 ["GZ205"]',
        "mapping": "应为表（[节] 或 {键 = 值}）",
    },
}
_SHAPES = {
    "bool_parsing": "bool",
    "bool_type": "bool",
    "list_type": "list",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "dict_type": "mapping",
}
# pydantic names the member of a union that failed (证明事项.int, .constrained-str,
# .function-after[...]): not a field, left out of the path a user reads.
_UNION_MEMBER = re.compile(
    r"(?:int|str|float|bool|bytes|date|datetime|list|dict|tuple|set)(?:\[.*\])?"
    r"|(?:constrained|function|lax-or-strict|json-or-python|tagged-union|nullable|default)[a-z-]*(?:\[.*\])?"
    r"|[A-Z][A-Za-z0-9]*"  # a model class of the union
)


def field_path(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The location of an error without pydantic's union-member names."""
    return tuple(p for p in loc if not (isinstance(p, str) and _UNION_MEMBER.fullmatch(p)))


def reason(err: ErrorDetails, syntax: str = "yaml") -> str:
    """What is wrong with the value, in Chinese: 应为整数, 不在可选范围内：是、否 ……"""
    kind, ctx = err["type"], err.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", "、").replace(", ", "、")
        return f"不在可选范围内：{expected}"
    if kind == "greater_than_equal":
        return f"应不小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"应不大于 {ctx.get('le')}"
    if kind in _SHAPES:
        return _SYNTAX[syntax][_SHAPES[kind]]
    if kind in ("date_parsing", "date_from_datetime_parsing") and isinstance(err.get("input"), str):
        written = mask_ids_in_text(err["input"].strip())[:40]
        if "outside expected range" in str(ctx.get("error", "")):
            return f"应为日期：“{written}”这一天不存在"
        return f"{_DATE}，实际为“{written}”"
    return _REASONS.get(kind, "值无效")
