"""Wording rules: the notice must be quantifiable, without vague phrases or catch-all clauses
(实施方案 四(三)2: 相关要求要可量化、易操作，不含模糊表述或兜底条款)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.rules import Finding, ItemContext, rule

# Longest first, so that 其他相关材料 is reported once and not also as 其他材料.
VAGUE_PHRASES = (
    "规定的其他条件",
    "其他有关材料",
    "其他相关材料",
    "相关证明材料",
    "等相关材料",
    "等有关材料",
    "其他材料",
    "有关材料",
    "相关材料",
    "有关证明",
    "必要时",
    "其他情形",
    "其他条件",
    "其他要求",
    "其他必要",
    "有关规定",
    "相关规定",
    "视情况",
    "根据需要",
    "酌情",
    "等材料",
    "等等",
)


@lru_cache(maxsize=32)
def _pattern(extra: tuple[str, ...]) -> re.Pattern[str]:
    phrases = sorted({*VAGUE_PHRASES, *extra}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases if p))


def _fields(ctx: ItemContext) -> Iterator[tuple[tuple[str | int, ...], str]]:
    item = ctx.item
    yield ("证明事项",), item.name
    notice, supervision = item.notice, item.supervision
    if notice:
        if notice.content:
            yield ("告知", "证明内容"), notice.content
        for i, text in enumerate(notice.liabilities):
            yield ("告知", "不实承诺责任", i), text
        if notice.disclosure:
            for key, value in (("公开范围", notice.disclosure.scope), ("公开时限", notice.disclosure.period)):
                if value:
                    yield ("告知", "公开", key), value
    if supervision and supervision.standard:
        yield ("监管措施", "核查标准"), supervision.standard


@rule(
    code="GZ301",
    name="vague-wording",
    severity=Severity.ERROR,
    summary="模糊表述或兜底条款",
    source="实施方案 四(三)2：相关要求要可量化、易操作，不含模糊表述或兜底条款",
    bad="""
    告知:
      证明内容: 申请人未受过刑事处罚，并提交其他相关材料
    """,
    good="""
    告知:
      证明内容: 申请人未受过刑事处罚（过失犯罪除外）
    """,
)
def vague_wording(ctx: ItemContext) -> Iterator[Finding]:
    """申请人要凭告知内容判断自己是否符合条件，“等相关材料”“其他材料”“有关证明”
    “必要时”“其他情形”“规定的其他条件”之类的说法让人无从判断，也给了经办人随意
    加码的空间。检查证明事项名称、证明内容、核查标准、不实承诺责任和公开范围、时限。
    可在配置中用 extend-vague-phrases 增加本地常见的说法。"""
    pattern = _pattern(tuple(ctx.settings.extend_vague_phrases))
    for path, text in _fields(ctx):
        reported: set[str] = set()
        for match in pattern.finditer(text):
            phrase = match.group()
            if phrase in reported:
                continue
            reported.add(phrase)
            yield Finding(
                f"“{phrase}”是模糊表述或兜底条款；请逐项写明具体材料、条件或情形", path, needle=phrase
            )
