"""Rules on verification (监管措施): every item states how, when and by what standard the
commitment is checked, or is exempt with daily supervision instead (实施方案 四(四))."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.rules import Finding, ItemContext, rule

E, W = Severity.ERROR, Severity.WARNING
EXEMPT = "免予核查"
SUPERVISION = "监管措施"

# A 核查时限 says by when verification is complete. Four ways of saying it count:
_NUMBER = r"(?:\d{1,3}|[一二两三四五六七八九十百]+)"
# an event the rest of the procedure runs on; "…前" or "…时" after it is a by-when
_EVENT = (
    r"受理|决定|审批|审查|审核|许可|登记|发证|颁发|发放|核发|领取|领证|取证|证书|执照|备案|注册|核准|"
    r"办结|报送|初审|核定|签发|开业|验收|批准|上岗|执业|入学|落户|注销|救助"
)
CONCRETE_TIME = re.compile(
    # 1. a period, usually from an event: 受理之日起10个工作日内, 三个月内, 许可决定作出之日起1年内.
    #    Not a frequency (每3个月) and not a year's number (2025年): the lookbehind keeps both out.
    rf"(?<![每\d]){_NUMBER}\s*(?:个\s*)?(?:工作日|自然日|日|天|小时|周|星期)"
    rf"|(?<![每\d]){_NUMBER}\s*(?:个\s*月|月\s*(?:内|以内|之内))"
    rf"|(?<![每\d])(?:\d{{1,2}}|[一二两三四五六七八九十]+)\s*(?:个\s*)?年\s*(?:内|以内|之内)"
    # 2. a calendar deadline: 每年3月31日前, 2025年12月31日前, 每年年底前
    rf"|{_NUMBER}\s*月\s*{_NUMBER}\s*日|年\s*[底末]\s*(?:前|之前|以前)"
    # 3. on the spot
    r"|当场|当日|当天|次日|即时|实时|立即|同步"
    # 4. a procedural milestone: 作出许可决定前, 在办理收养登记前完成, 领取证书前, 取许可证时
    #    (but not 受理后及时…, 登记后提前…: 及时 and 提前 are no milestones)
    rf"|(?:{_EVENT})[^，,。；;]{{0,12}}?(?:之前|以前|(?<![提目当此从])前|(?<![及适随要按临届定])时)"
)
# Words that look like a time and are not one, most telling first.
_PLAN = re.compile(r"(?:检查|抽查|核查|监管|工作)计划|年度计划")
_YEAR_ONLY = re.compile(r"\d{4}\s*年度?")
_VAGUE_TIME = re.compile(
    r"及时|尽快|适时|必要时|不定期|定期|随时|随机|另行通知|另行安排|另行|视情况|根据需要"
)


def is_concrete_time(text: str) -> bool:
    """Whether ``text`` says by when verification is complete (see ``CONCRETE_TIME``)."""
    return CONCRETE_TIME.search(text) is not None


def _why_not_a_time(limit: str) -> str:
    """Why ``limit``, which has no concrete time, is not one: the words that misled."""
    for pattern in (_PLAN, _VAGUE_TIME):
        found = pattern.search(limit)
        if found:
            word = found.group()
            return "不是具体时限" if word == limit else f"中的“{word}”不是具体时限"
    year = _YEAR_ONLY.search(limit)
    if year:
        return "只写了年份，没有写明核查在何时完成"
    return "没有具体天数或时点"


def _exempt_only(methods: Sequence[str]) -> bool:
    return methods == [EXEMPT]


@rule(
    code="GZ501",
    name="verification-missing",
    severity=E,
    summary="没有写核查方式",
    source="实施方案 四(四)：明确核查时间、标准、方式以及是否免予核查",
    bad="""
    监管措施:
      核查时限: 作出决定后20个工作日内
    """,
    good="""
    监管措施:
      核查方式: [行政协助核查]
      核查时限: 作出决定后20个工作日内
    """,
)
def verification_missing(ctx: ItemContext) -> Iterator[Finding]:
    """告知承诺不是不核查：每个事项都要写明核查方式——内部核查、在线核查、现场核查、
    行政协助核查，或者免予核查（此时须写日常监管方式）。"""
    supervision = ctx.item.supervision
    if supervision is None:
        yield Finding("缺少“监管措施”：请写明核查方式、核查时限和核查标准", (SUPERVISION,), at="key")
    elif not supervision.methods:
        yield Finding(
            "缺少“核查方式”："
            + "、".join(("内部核查", "在线核查", "现场核查", "行政协助核查", EXEMPT))
            + " 中选一种或几种",
            (SUPERVISION, "核查方式"),
            at="key",
        )


@rule(
    code="GZ502",
    name="verification-no-time",
    severity=E,
    summary="没有核查时限，或时限不具体",
    source="实施方案 四(四)：明确核查时间",
    bad="""
    监管措施:
      核查方式: [现场核查]
      核查时限: 及时核查
    """,
    good="""
    监管措施:
      核查方式: [现场核查]
      核查时限: 作出决定后10个工作日内
    """,
)
def verification_no_time(ctx: ItemContext) -> Iterator[Finding]:
    """核查要有期限，承诺人和监督者才能判断机关是否按时核查。时限要说出核查到什么时候完成：
    从某一环节起算的天数（“受理之日起10个工作日内”“作出决定后20个工作日内”），
    日历上的截止日（“每年3月31日前”），当场（“受理时当场”），或者办理流程中的某一步之前
    （“作出许可决定前”“发证前完成”）。只写年份（“2025年”）、计划名（“按年度检查计划”
    “双随机抽查计划”）、频次（“每3个月抽查一次”），或“及时”“定期”“适时”“随机”“另行通知”，
    都不是时限。免予核查的事项不需要核查时限。"""
    supervision = ctx.item.supervision
    if supervision is None or not supervision.methods or _exempt_only(supervision.methods):
        return
    limit = (supervision.time_limit or "").strip()
    if not limit:
        yield Finding("缺少“核查时限”，如 作出决定后20个工作日内", (SUPERVISION, "核查时限"), at="key")
    elif not is_concrete_time(limit):
        yield Finding(
            f"核查时限“{limit}”{_why_not_a_time(limit)}；请写明如“作出决定后20个工作日内”",
            (SUPERVISION, "核查时限"),
        )


@rule(
    code="GZ503",
    name="exempt-no-supervision",
    severity=E,
    summary="免予核查却没有写日常监管方式",
    source="实施方案 四(四)：对免予核查的事项，综合运用“双随机、一公开”监管、重点监管、“互联网+监管”等方式实施日常监管",
    bad="""
    监管措施:
      核查方式: [免予核查]
    """,
    good="""
    监管措施:
      核查方式: [免予核查]
      日常监管: [双随机一公开, 信用监管]
    """,
)
def exempt_no_supervision(ctx: ItemContext) -> Iterator[Finding]:
    """免予核查不等于不管：免予核查的事项要以日常监管跟进，写明采用
    双随机一公开、重点监管、互联网+监管或信用监管中的哪几种。"""
    supervision = ctx.item.supervision
    if supervision and EXEMPT in supervision.methods and not supervision.daily:
        yield Finding(
            "核查方式为免予核查，但没有写“日常监管”（双随机一公开、重点监管、互联网+监管、信用监管）",
            (SUPERVISION, "核查方式"),
        )


@rule(
    code="GZ504",
    name="exempt-with-verification",
    severity=W,
    summary="免予核查与其他核查方式同时出现",
    source="实施方案 四(四)：明确……是否免予核查",
    bad="""
    监管措施:
      核查方式: [免予核查, 现场核查]
    """,
    good="""
    监管措施:
      核查方式: [现场核查]
    """,
)
def exempt_with_verification(ctx: ItemContext) -> Iterator[Finding]:
    """一个事项要么核查，要么免予核查；两者同时写，申请人和核查人员都不知道是否会核查。"""
    supervision = ctx.item.supervision
    if supervision and EXEMPT in supervision.methods and len(supervision.methods) > 1:
        others = "、".join(m for m in supervision.methods if m != EXEMPT)
        yield Finding(
            f"核查方式同时写了免予核查和{others}，自相矛盾；请只保留一种", (SUPERVISION, "核查方式")
        )


@rule(
    code="GZ505",
    name="verification-no-standard",
    severity=W,
    summary="没有写核查标准",
    source="实施方案 四(四)：明确核查时间、标准、方式",
    bad="""
    监管措施:
      核查方式: [在线核查]
      核查时限: 受理时当场
    """,
    good="""
    监管措施:
      核查方式: [在线核查]
      核查时限: 受理时当场
      核查标准: 全国律师执业管理系统中无被吊销执业证书的记录
    """,
)
def verification_no_standard(ctx: ItemContext) -> Iterator[Finding]:
    """核查标准说明以什么结果认定承诺属实，如“公安机关书面回复无犯罪记录”。
    没有标准，不同核查人员会得出不同结论。免予核查的事项不需要。"""
    supervision = ctx.item.supervision
    needs_standard = supervision and supervision.methods and not _exempt_only(supervision.methods)
    if needs_standard and supervision and not (supervision.standard or "").strip():
        yield Finding("缺少“核查标准”：以什么结果认定承诺属实", (SUPERVISION,), at="key")


@rule(
    code="GZ506",
    name="verification-time-uncomputable",
    severity=W,
    summary="核查时限无法换算成天数，不能自动检查是否按期核查",
    source="实施方案 四(四)：明确核查时间；六(四)：督查考评时限执行情况",
    bad="""
    监管措施:
      核查方式: [现场核查]
      核查时限: 作出许可决定前
    """,
    good="""
    监管措施:
      核查方式: [现场核查]
      核查时限: 受理之日起10个工作日内，在作出许可决定前完成
    """,
)
def verification_time_uncomputable(ctx: ItemContext) -> Iterator[Finding]:
    """gaozhi deadlines report --catalog 按核查时限逐件判断核查是否按期，需要从时限中读出
    “从哪个环节起算、多少天”：“作出决定后20个工作日内”是决定日期后 20 个工作日，
    “受理之日起15日内”是受理日期后 15 个自然日（日与工作日分开计算），“受理时当场”是受理当日。
    只写办理环节（“作出许可决定前”“发证前完成”），或只写天数不写起算环节（“三个月内”），
    机器无法计算；请写成“某环节后/之日起 N 个工作日内”，需要时再加“在……前完成”。
    已被 GZ502 指出不具体的时限不重复报告。"""
    from gaozhi_cli.catalog.timelimit import parse_time_limit

    supervision = ctx.item.supervision
    if supervision is None or not supervision.methods or _exempt_only(supervision.methods):
        return
    limit = (supervision.time_limit or "").strip()
    if not limit or not is_concrete_time(limit):
        return  # GZ502 says it
    found = parse_time_limit(limit)
    if isinstance(found, str):
        yield Finding(
            f"核查时限“{limit}”{found}，无法自动检查核查是否按期；请写成如“作出决定后20个工作日内”"
            "“受理之日起10个工作日内，在作出许可决定前完成”",
            (SUPERVISION, "核查时限"),
        )
