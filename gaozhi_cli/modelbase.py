"""The base of every data model a user writes: Chinese keys (aliases), English names accepted."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


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
