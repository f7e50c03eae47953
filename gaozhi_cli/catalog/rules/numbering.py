"""Rules on the list as a whole: numbering and duplicates (附件3 序号)."""

from __future__ import annotations

from collections.abc import Iterator

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.rules import CatalogContext, Finding, rule

ITEMS = "证明事项"


@rule(
    code="GZ101",
    name="sequence-number",
    severity=Severity.ERROR,
    scope="catalog",
    summary="序号没有从 1 起按顺序连续编号，或有重复",
    source="附件3 目录表“序号”栏",
    bad="""
    - 序号: 1
      证明事项: 无犯罪记录证明
    - 序号: 3
      证明事项: 完全民事行为能力证明
    """,
    good="""
    - 序号: 1
      证明事项: 无犯罪记录证明
    - 序号: 2
      证明事项: 完全民事行为能力证明
    """,
)
def sequence_number(ctx: CatalogContext) -> Iterator[Finding]:
    """发布的目录按序号引用事项（告知承诺书、协助函都写“第 N 项”），跳号和重号会让
    引用指错事项。序号应与事项在列表中的位置一致：第 1 项为 1，第 2 项为 2……
    用 gaozhi catalog fmt 可以自动重新编号。"""
    first_at: dict[int, int] = {}
    for index, item in ctx.items:
        if item.seq in first_at:
            yield Finding(
                f"序号 {item.seq} 重复（第 {first_at[item.seq] + 1} 项已使用）；按位置应为 {index + 1}",
                (ITEMS, index, "序号"),
            )
        elif item.seq != index + 1:
            yield Finding(
                f"序号应为 {index + 1}（从 1 起按顺序连续编号），实际为 {item.seq}", (ITEMS, index, "序号")
            )
        first_at.setdefault(item.seq, index)


@rule(
    code="GZ102",
    name="duplicate-item",
    severity=Severity.ERROR,
    scope="catalog",
    summary="同一证明事项、同一证明用途重复列出",
    source="附件3；实施方案 四(一) 目录须准确公布",
    bad="""
    - 序号: 1
      证明事项: 无犯罪记录证明
      证明用途: 律师执业核准
    - 序号: 2
      证明事项: 无犯罪记录证明
      证明用途: 律师执业核准
    """,
    good="""
    - 序号: 1
      证明事项: 无犯罪记录证明
      证明用途: 律师执业核准
    - 序号: 2
      证明事项: 无犯罪记录证明
      证明用途: 基层法律服务工作者执业核准
    """,
)
def duplicate_item(ctx: CatalogContext) -> Iterator[Finding]:
    """同一证明用于同一行政事项只应列一次；重复的行在修改时容易只改一处，
    造成目录前后矛盾。同一证明用于不同事项可以分别列出。比较时忽略空格和全角半角差别。"""
    seen: dict[tuple[str, str], tuple[int, int]] = {}
    for index, item in ctx.items:
        key = item.identity
        if key in seen:
            seq, _ = seen[key]
            yield Finding(
                f"“{item.name}”用于“{item.purpose}”已在序号 {seq} 列出；请删去或合并",
                (ITEMS, index, "证明事项"),
            )
        else:
            seen[key] = (item.seq, index)
