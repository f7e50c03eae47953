"""Wording rules: the notice must be quantifiable, without vague phrases or catch-all clauses
(实施方案 四(三)2: 相关要求要可量化、易操作，不含模糊表述或兜底条款).

The rule reads as a legal reviewer does. A phrase is vague when it leaves the applicant unable
to tell what is asked: an open list (…等, 等材料), a pointer at nothing in particular (有关材料,
相关部门, 有关规定), a catch-all clause (其他情形, 规定的其他条件), the officer's discretion
(必要时, 视情况, 酌情), an approximate standard (基本一致) or content put off (另行通知). The same
characters inside other words (等级, 平等, 高等院校, 一等功) are not such a phrase, and neither is
a pointer that names what it points at (《…法》相关规定, 有关部门（市公安局）).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.rules import Finding, ItemContext, rule
from gaozhi_cli.catalog.timelimit import is_concrete_time

# What a catch-all leaves unnamed, by what the writer should name instead. Longest first
# within each group, so that 相关证明材料 is reported whole and not as 相关证明.
_MATERIALS = "证明材料|申请材料|证明文件|材料|证明|文件|资料|证件|证照|手续|凭证|证书|票据"
_CONDITIONS = "条件|要求|情形|情况|事项|内容|方面|项目|业务|措施|处理|方式"
_BODIES = "部门|单位|机关|机构|组织"
_RULES = "法律法规|法律|法规|规定|政策|标准|条款"
_SOURCES = "平台|系统|网站|数据库|媒体"
_NOUN = "|".join((_MATERIALS, _CONDITIONS, _BODIES, _RULES, _SOURCES))
# Words between 有关/相关 and the body they leave unnamed: 有关政府主管部门, 相关职能部门.
_BODY_MODIFIERS = "(?:政府|主管|行政|职能|管理|业务|执法)*"

_CATCH_ALL = "是模糊表述或兜底条款", "请逐项写明具体材料、条件或情形"
_ADVICE: dict[str, tuple[str, str]] = {
    "material": _CATCH_ALL,
    "body": ("没有说出是哪个机关或单位", "请写明名称，如“市公安局”，或在其后括注具体机关"),
    "rule": ("没有说出是哪部法律法规", "请写明名称和条款，如“《中华人民共和国律师法》第七条”"),
    "source": ("没有说出是哪个平台或网站", "请写明名称"),
    "open_list": ("以“等”结束列举，是兜底表述", "请列全每一项；确实只有这几项的，删去“等”"),
    "not_limited": ("列举之外还留有余地，是兜底表述", "请列全每一项，删去“但不限于”"),
    "discretion": ("由经办人自行判断，申请人无从预知", "请写明在什么具体情形下如何处理"),
    "approximate": ("不是可核查的标准", "请写明哪些项目必须与承诺一致"),
    "deferred": ("把应当告知的内容留待以后", "请在目录中直接写明"),
    "time": ("不是具体时限", "请写明如“作出决定之日起7个工作日内”"),
    "extra": _CATCH_ALL,
}


def _kind_of_noun(noun: str) -> str:
    for kind, group in (("body", _BODIES), ("rule", _RULES), ("source", _SOURCES)):
        if noun in group.split("|"):
            return kind
    return "material"


# 其他/其它 closing a list: 其他材料, 其他有关规定, 其他必要的证明, 法律规定的其他条件.
_OTHER = re.compile(
    rf"(?P<lead>规定的?)?(?:其他|其它)"
    rf"(?:(?P<rel>有关|相关|必要)的?)?"
    rf"(?P<noun>{_NOUN})?"
)
# 其他 + a clause of what the officer or the applicant deems fit + 的 + a noun: 其他需要提供的材料,
# 其他能够证明身份的材料. A clause without such a verb describes a definite set (其他近亲属的…).
_OTHER_DEEMED = re.compile(
    r"(?:其他|其它)[^，。；;、,（(《]{0,10}?(?:需要|能够|可以|足以|应当|应该|要求|认为|必须)"
    rf"[^，。；;、,（(《]{{0,10}}?的(?P<noun>{_MATERIALS}|{_CONDITIONS})"
)
# 有关/相关 pointing at a document, body or rule it does not name.
_RELATED = re.compile(rf"(?:有关|相关)的?(?:(?P<body>{_BODY_MODIFIERS}(?:{_BODIES}))|(?P<noun>{_NOUN}))")
# …相关规定 right after the law or article it belongs to names its source: not vague.
_OF_A_SOURCE = {*_RULES.split("|"), "条件", "要求"}
_NAMED_SOURCE = re.compile(r"(?:》|第[^第，。；;]{1,12}?[条款项])(?:规定)?的?$")
# a bracket right after the pointer says what it is: 有关部门（市公安局）.
_SPECIFIED = re.compile(r"[（(][^）)]+[）)]")
_DISCRETION = re.compile(
    r"确有必要时?|必要时|视(?:具体)?情(?!节)况?|酌情|根据(?:工作|实际)?(?:需要|情况)|[（(]如(?:有)?需要?[）)]|原则上"
)
_APPROXIMATE = re.compile(r"(?:基本|大致|大体)上?(?:一致|相符|符合|相同|吻合|属实)")
_DEFERRED = re.compile(r"另行(?:通知|告知|规定|确定|公布|安排|明确|制定|提供|要求)")
_NOT_LIMITED = re.compile(r"(?:包括|含)?但不(?:仅)?限于")  # 包括但不限于: the list is open
_VAGUE_TIME = re.compile(r"及时|尽快|适时|随时|不定期|定期")
_TITLE = re.compile(r"《[^《》]*》")

# 等 closes a list unless it is part of a word: 平等, 同等, 高等, 一等功 (the character before)
# or 等级, 等同, 等候 (the character after).
_WORD_BEFORE_ETC = set("平同相高中初均对特优上劣次头超何这此甲乙丙丁一二三四五六七八九十0123456789")
_WORD_AFTER_ETC = set("级同于候待额效价量距分次第外比号式边腰")
# …等 at the end of a clause leaves the list open; so does 等 before a material or condition.
_CLAUSE_END = set("，。；、：,.;:）)」”』\n ")
_AFTER_ETC = re.compile(rf"(?:的?(?:有关|相关|其他|其它)的?(?:{_NOUN})?|的?(?:{_NOUN}))")
# 等3人, 等五项: a counted list is closed (等内).
_COUNTED = re.compile(r"\s*[\d一二两三四五六七八九十百]+\s*[项个类种份件人名家条部批]")
_LIST_ITEM = re.compile(r"[^\s、，。；：,;:（(“《》]{1,6}$")


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    kind: str

    def needle(self, text: str) -> str:
        return text[self.start : self.end]


def _open_lists(text: str) -> Iterator[_Hit]:
    for i, char in enumerate(text):
        if char != "等":
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1 : i + 2]
        if not before or not (before.isalnum() or before in "》）)”") or before in _WORD_BEFORE_ETC:
            continue  # 等 opening a clause is the verb 等待; 平等, 高等, 一等 are words
        if after == "等":  # 等等
            item = _LIST_ITEM.search(text, 0, i)
            yield _Hit(item.start() if item else i, i + 2, "open_list")
            continue
        if before == "等" or after in _WORD_AFTER_ETC or _COUNTED.match(text, i + 1):
            continue
        tail = _AFTER_ETC.match(text, i + 1)
        if tail and tail.end() > i + 1:
            yield _Hit(i, tail.end(), "open_list")  # 等材料, 等相关材料, 等有关法律
        elif not after or after in _CLAUSE_END or after == "的":
            item = _LIST_ITEM.search(text, 0, i)
            end = i + 2 if after == "的" else i + 1
            yield _Hit(item.start() if item else i, end, "open_list")  # 身份证、户口簿等
        # otherwise 等 introduces what the examples are of (伪造、变造证件等涉嫌犯罪): not a demand


def _others(text: str) -> Iterator[_Hit]:
    for m in _OTHER_DEEMED.finditer(text):
        yield _Hit(m.start(), m.end(), "material")
    for m in _OTHER.finditer(text):
        noun = m.group("noun")
        if m.group("lead") or m.group("rel"):
            # 规定的其他…, 其他有关…, 其他必要…: a catch-all whatever follows
            end = m.end() if noun else min(m.end() + 2, len(text))
            yield _Hit(m.start(), end, _kind_of_noun(noun) if noun else "material")
        elif noun:
            yield _Hit(m.start(), m.end(), _kind_of_noun(noun))
        # 其他遗属, 其他近亲属, 其他不正当手段: a definite set, or a description of wrongdoing


def _pointers(text: str) -> Iterator[_Hit]:
    for m in _RELATED.finditer(text):
        noun = m.group("noun")
        kind = "body" if m.group("body") else _kind_of_noun(noun)
        if noun in _OF_A_SOURCE and _NAMED_SOURCE.search(text, 0, m.start()):
            continue  # 《中华人民共和国律师法》相关规定, 第十条规定的有关条件
        if _SPECIFIED.match(text, m.end()):
            continue  # 有关部门（市公安局）, 相关材料（营业执照副本、章程）
        yield _Hit(m.start(), m.end(), kind)


def _patterned(text: str) -> Iterator[_Hit]:
    for kind, pattern in (
        ("discretion", _DISCRETION),
        ("approximate", _APPROXIMATE),
        ("deferred", _DEFERRED),
        ("not_limited", _NOT_LIMITED),
    ):
        for m in pattern.finditer(text):
            yield _Hit(m.start(), m.end(), kind)


@lru_cache(maxsize=32)
def _extra_pattern(extra: tuple[str, ...]) -> re.Pattern[str] | None:
    phrases = sorted({p for p in extra if p}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None


@lru_cache(maxsize=16384)  # catalogues repeat their wording item after item
def vague_phrases(
    text: str, extra: tuple[str, ...] = (), *, period: bool = False
) -> tuple[tuple[str, str], ...]:
    """The vague phrases in ``text`` as (phrase, message), each distinct phrase once, in order.

    ``extra``: local phrases from the settings; ``period``: the text is a period (公开时限), where
    及时 and 定期 without a concrete time are vague too.
    """
    hits = [*_open_lists(text), *_others(text), *_pointers(text), *_patterned(text)]
    extra_pattern = _extra_pattern(extra)
    if extra_pattern:
        hits += [_Hit(m.start(), m.end(), "extra") for m in extra_pattern.finditer(text)]
    if period and not is_concrete_time(text):
        hits += [_Hit(m.start(), m.end(), "time") for m in _VAGUE_TIME.finditer(text)]
    titles = [m.span() for m in _TITLE.finditer(text)]
    hits = [h for h in hits if not any(a <= h.start < b for a, b in titles)]  # a title is a name
    # Where phrases overlap, the one starting first and then the longest is the one reported.
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    found: dict[str, str] = {}
    for hit in kept:
        phrase = hit.needle(text)
        why, advice = _ADVICE[hit.kind]
        found.setdefault(phrase, f"“{phrase}”{why}；{advice}")
    return tuple(found.items())


def _fields(ctx: ItemContext) -> Iterator[tuple[tuple[str | int, ...], str, bool]]:
    """(path, text, is a period) of each field the notice or the published table shows.
    备注 and the statute text (设定依据.内容) are not wording of the agency's own."""
    item = ctx.item
    yield ("证明事项",), item.name, False
    yield ("证明用途",), item.purpose, False
    yield ("索要单位",), item.requesting_unit, False
    yield ("开具单位",), item.issuing_unit, False
    notice, supervision = item.notice, item.supervision
    if notice:
        for key, value in (("证明内容", notice.content), ("承诺方式", notice.manner)):
            if value:
                yield ("告知", key), value, False
        for i, text in enumerate(notice.liabilities):
            yield ("告知", "不实承诺责任", i), text, False
        if notice.disclosure:
            if notice.disclosure.scope:
                yield ("告知", "公开", "公开范围"), notice.disclosure.scope, False
            if notice.disclosure.period:
                yield ("告知", "公开", "公开时限"), notice.disclosure.period, True
    if supervision:
        if supervision.standard:
            yield ("监管措施", "核查标准"), supervision.standard, False
        # A time limit that is no time at all is GZ502's finding; a concrete one may still
        # carry a catch-all (…20个工作日内，必要时可延长), which is this rule's.
        if supervision.time_limit and is_concrete_time(supervision.time_limit):
            yield ("监管措施", "核查时限"), supervision.time_limit, False


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
    """申请人要凭告知内容判断自己是否符合条件，经办人也不应有随意加码的空间。以下说法
    让人无从判断：以“等”结束的开放列举（“身份证、户口簿等”“营业执照等材料”“等相关材料”
    “《…法》等有关法律”）和“包括但不限于”；没有说出所指的“有关材料”“相关证明”“有关部门”“有关规定”；
    兜底条款（“其他材料”“其他情形”“其他有关…”“规定的其他条件”“其他需要提供的材料”
    “其他能够证明身份的材料”）；由经办人自行判断的“必要时”“视情况”“酌情”“根据需要”
    “（如需）”“原则上”；不可核查的“基本一致”；留待以后的“另行通知”；
    以及公开时限中没有具体时间的“及时”“定期”。

    只是含有这些字的词不算：等级、平等、同等、高等院校、中等职业、一等功、等候；“等3人”
    这样计了数的列举是封闭的；“伪造、变造证件等涉嫌犯罪的”中的“等”是在举例说明违法行为，
    不是要求申请人提交什么。指明了出处或对象的也不算：“《中华人民共和国律师法》相关规定”
    “第九条有关规定”（法律已经点名，条款是否写明由设定依据的规则检查），“有关部门（市公安局）”。
    书名号内是文件名称，不检查。

    检查证明事项、证明用途、索要单位、开具单位，告知中的证明内容、承诺方式、不实承诺责任、
    公开范围和公开时限，监管措施中的核查标准和核查时限（核查时限本身不具体的，由 GZ502 指出）。
    备注和设定依据的条文内容不检查。可在配置中用 extend-vague-phrases 增加本地常见的说法。"""
    extra = tuple(ctx.settings.extend_vague_phrases)
    for path, text, period in _fields(ctx):
        for phrase, message in vague_phrases(text, extra, period=period):
            yield Finding(message, path, needle=phrase)
