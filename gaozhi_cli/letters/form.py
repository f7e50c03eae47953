"""What a form is: its annex, title, data model, example and typed builder.

Each form lives in one module of ``letters.forms`` and ends with ``FORM = Form(...)``; the
package collects them (as the rule registry collects rules). A builder turns validated data
(or ``None`` for the blank form) into the template's context: display-ready values (dates as
2021年3月16日, numbers as 晋市司函字〔2021〕15号), and ``Gap``s where the form is left blank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from gaozhi_cli.catalog.model import Catalog, Item
from gaozhi_cli.dates import PLAUSIBLE_YEARS, format_cn

Context = dict[str, Any]
D = TypeVar("D", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A letter's template context, and warnings for the user (e.g. a due date not computed)."""

    context: Context
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a letter is filled from besides its own data."""

    catalog: Catalog | None = None
    item: Item | None = None  # the item of a commitment letter
    calendar_files: tuple[Path, ...] = ()  # holiday notices added by the user ([deadlines] calendar)


@dataclass(frozen=True, slots=True)
class Form(Generic[D]):
    id: str
    name: str  # the Chinese short name
    annex: str  # 附件4, 附件7（一）
    title: str  # as the annex prints it
    aliases: tuple[str, ...]
    model: type[D]
    build: Callable[[D | None, Lookup], Prepared]
    example: dict[str, Any]
    file_name: str  # pattern of the output name, with {字段.子字段}
    letter: bool = False  # a 函 (GB/T 9704 10.1): no page number on page 1
    needs_catalog: bool = False
    uses_item: bool = False  # the form is about one catalogue item (--item)
    # Another form that data of this one may ask for: (field, value, form id), as
    # 协助方式: 派员核实 turns a 附件7（一） into a 附件7（二）.
    switch: tuple[str, str, str] | None = None
    # The field that holds the letter's number (编号, 函号): a ledger fills it in ([ledger]).
    number_field: str | None = None

    @property
    def template(self) -> str:
        return f"{self.id}.j2"

    @property
    def label(self) -> str:
        return f"{self.annex} {self.title}"

    def prepare(self, data: BaseModel | None, at: Lookup) -> Prepared:
        """``build`` for data already validated as ``model``; a date no letter can bear
        (0001-01-01, 9999-12-31) is pointed out."""
        if data is not None and not isinstance(data, self.model):
            raise TypeError(f"{self.id} needs {self.model.__name__}, not {type(data).__name__}")
        prepared = self.build(data, at)
        if data is not None:
            prepared.warnings.extend(_odd_dates(data))
        return prepared


def _odd_dates(data: BaseModel, within: str = "") -> list[str]:
    found = []
    for name, info in type(data).model_fields.items():
        value, label = getattr(data, name), within + (info.alias or name)
        if isinstance(value, BaseModel):
            found += _odd_dates(value, label + ".")
        elif isinstance(value, date) and value.year not in PLAUSIBLE_YEARS:
            span = f"{PLAUSIBLE_YEARS[0]} 至 {PLAUSIBLE_YEARS[-1]} 年"
            found.append(f"“{label}”为 {format_cn(value)}，不在 {span}之间，像是写错了；请核对")
    return found
