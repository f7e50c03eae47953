"""What a form is: its annex, title, data model, example and typed builder.

Each form lives in one module of ``letters.forms`` and ends with ``FORM = Form(...)``; the
package collects them (as the rule registry collects rules). A builder turns validated data
(or ``None`` for the blank form) into the template's context: display-ready values (dates as
2021年3月16日, numbers as 晋市司函字〔2021〕15号), and ``Gap``s where the form is left blank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from gaozhi_cli.catalog.model import Catalog, Item

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
        """``build`` for data already validated as ``model``."""
        if data is not None and not isinstance(data, self.model):
            raise TypeError(f"{self.id} needs {self.model.__name__}, not {type(data).__name__}")
        return self.build(data, at)
