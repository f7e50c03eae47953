"""``letter kinds`` and ``letter fields`` for people: the forms, and the fields of one."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from gaozhi_cli.letters.fieldlist import example_yaml, field_rows
from gaozhi_cli.letters.form import Form
from gaozhi_cli.letters.forms import forms


def kinds_table() -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for heading in ("种类", "中文名", "对应附件", "需要目录"):
        table.add_column(heading)
    for form in forms().values():
        table.add_row(form.id, form.name, form.label, "是" if form.needs_catalog else "可选")
    return table


def fields_view(form: Form[Any]) -> RenderableType:
    """The fields of ``form`` (nested as 申请人.姓名), where the rest comes from, an example."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    for heading in ("字段", "必填", "类型"):
        table.add_column(heading, no_wrap=True)
    table.add_column("说明", overflow="fold")
    for row in field_rows(form.model):
        table.add_row(*map(escape, row))
    parts: list[RenderableType] = [
        Text.from_markup(f"[bold]{escape(form.label)}[/]（{form.id}）的数据字段："),
        table,
    ]
    if form.uses_item:
        parts.append(
            Text(
                "证明事项的名称、用途、依据、内容、承诺方式、代为承诺、责任、公开均取自目录（--catalog、--item）。"
            )
        )
    parts.append(Text(f"\n示例数据（gaozhi letter fields {form.id} --example > 数据.yaml）："))
    parts.append(Text(example_yaml(form).rstrip("\n")))
    return Group(*parts)
