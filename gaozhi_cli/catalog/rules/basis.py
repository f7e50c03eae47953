"""Rules on the legal basis (设定依据): only a law, a regulation or a State Council decision
may require a certificate (附件3 说明1; 《立法法》; 国办发〔2020〕42号)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.model import LAW_LEVELS, Basis
from gaozhi_cli.catalog.rules import Finding, ItemContext, rule

E, W = Severity.ERROR, Severity.WARNING
BASES = "设定依据"

_NUM = r"[一二三四五六七八九十百千零〇两\d]+"
_ARTICLE = (
    rf"(?:第{_NUM}编)?(?:第{_NUM}章)?(?:第{_NUM}节)?第{_NUM}条(?:之{_NUM})?"
    rf"(?:第{_NUM}款)?(?:第[（(]{_NUM}[）)]项|第{_NUM}项)?(?:第{_NUM}目)?"
)
_TAIL = rf"(?:{_ARTICLE}|第{_NUM}款(?:第[（(]{_NUM}[）)]项)?|第[（(]{_NUM}[）)]项)"
ARTICLE_FORM = re.compile(rf"{_ARTICLE}(?:\s*[、，,；;和及与至]\s*{_TAIL})*")
_MISSING = {"", "无", "-", "—", "/", "／", "不详", "暂无"}


@dataclass(frozen=True, slots=True)
class Judgement:
    """The level a basis is judged to have, and the words that show it."""

    level: str
    evidence: str


# Document numbers, from the strongest signal down.
_NUMBER_SIGNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"国务院令"), "国务院令"),
    (re.compile(r"主席令"), "主席令"),
    (re.compile(r"人民代表大会(?:常务委员会)?(?:公告|第.+号公告)|人大常委会公告"), "人大公告"),
    (re.compile(r"人民政府令"), "政府令"),
    (re.compile(r"令\s*(?:〔\d{4}〕)?\s*第?\s*" + _NUM + r"\s*号"), "部门令"),
    (re.compile(r"[〔\[(（]\s*\d{4}\s*[〕\])）]\s*" + _NUM + r"\s*号"), "发文字号"),
]
_NATIONAL_LAW = re.compile(r"^《(?:中华人民共和国.+(?<!办)法|全国人民代表大会(?:常务委员会)?关于.+的决定)》")
_COUNCIL_DECISION = re.compile(r"^《国务院(?:关于|对).+决定》")
_LOCAL_PREFIX = re.compile(r"^《.{1,12}?(?:省|自治区|市|自治州|州|县|盟)")
_NORMATIVE_WORDS = re.compile(r"通知|意见|方案|批复|复函|函》|指引|指南|工作规程|公告》|纪要")
_REGULATION = re.compile(r"条例》$")


def judge(basis: Basis) -> Judgement | None:
    """Judge the level of a basis from its 文号 and name; None when they do not tell."""
    title = unicodedata.normalize("NFKC", basis.title).strip()
    number = unicodedata.normalize("NFKC", basis.number or "")
    number = number.replace("[", "〔").replace("]", "〕")
    for pattern, sign in _NUMBER_SIGNS:
        if not pattern.search(number):
            continue
        shown = f"文号“{basis.number}”"
        if sign == "国务院令":
            return Judgement("国务院决定" if "决定" in title else "行政法规", shown)
        if sign == "主席令":
            return Judgement("法律", shown)
        if sign == "人大公告":
            national = title.startswith(("《中华人民共和国", "《全国人民代表大会"))
            return Judgement("法律" if national else "地方性法规", shown)
        if sign == "政府令":
            return Judgement("地方政府规章", shown)
        if sign == "部门令":
            return Judgement("部门规章", shown)
        if number.startswith("国发") and "决定" in title:
            return Judgement("国务院决定", shown)
        return Judgement("规范性文件", shown)
    shown = f"名称“{basis.title}”"
    if _NATIONAL_LAW.match(title):
        return Judgement("法律", shown)
    if _COUNCIL_DECISION.match(title):
        return Judgement("国务院决定", shown)
    if _NORMATIVE_WORDS.search(title):
        return Judgement("规范性文件", shown)
    if _REGULATION.search(title):
        return Judgement("地方性法规" if _LOCAL_PREFIX.match(title) else "行政法规", shown)
    return None


def _bases(ctx: ItemContext) -> Iterator[tuple[int, Basis]]:
    return enumerate(ctx.item.bases)


@rule(
    code="GZ201",
    name="basis-not-law",
    severity=E,
    summary="设定依据不是法律、法规或国务院决定",
    source="附件3 说明1；国办发〔2020〕42号；《优化营商环境条例》第四十四条",
    bad="""
    设定依据:
      - 名称: 《危险化学品经营许可证管理办法》
        文号: 国家安全生产监督管理总局令第55号
        条款: 第十四条
        效力层级: 部门规章
    """,
    good="""
    设定依据:
      - 名称: 《危险化学品安全管理条例》
        文号: 中华人民共和国国务院令第591号
        条款: 第三十四条
        效力层级: 行政法规
    """,
)
def basis_not_law(ctx: ItemContext) -> Iterator[Finding]:
    """证明事项只能由法律、行政法规、地方性法规或国务院决定设定。部门规章
    （“……部令第N号”“……总局令第N号”）、地方政府规章（“……人民政府令第N号”）和
    规范性文件（“〔2020〕N号”的通知、意见等）都不能作为索要证明的依据。
    判断依据是文号、名称和声明的效力层级：文号最可靠，其次是名称。
    真实案例：某市公布的目录把《危险化学品经营许可证管理办法》（国家安全生产监督管理总局令
    第55号）标为“法规”，它其实是部门规章。"""
    for i, basis in _bases(ctx):
        judged = judge(basis)
        if judged and judged.level not in LAW_LEVELS:
            yield Finding(
                f"{basis.title}是{judged.level}（{judged.evidence}），不是法律、法规或国务院决定，"
                "不能作为索要证明的依据；请改引其上位的法律、法规，或将本事项列入取消清单",
                (BASES, i, "文号" if "文号" in judged.evidence else "名称"),
            )
        elif judged is None and basis.level and basis.level not in LAW_LEVELS:
            yield Finding(
                f"{basis.title}声明的效力层级为{basis.level}，不是法律、法规或国务院决定，"
                "不能作为索要证明的依据",
                (BASES, i, "效力层级"),
            )


@rule(
    code="GZ202",
    name="basis-no-number",
    severity=E,
    summary="设定依据缺少文号",
    source="附件3 说明2：设定依据填写依据名称、文号及条文内容",
    bad="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
        条款: 第七条
    """,
    good="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第七条
    """,
)
def basis_no_number(ctx: ItemContext) -> Iterator[Finding]:
    """文号（公布该法律、法规的主席令、国务院令、人大常委会公告等）是核对依据版本和
    效力层级的凭据；同名文件可能有多个修订版本，没有文号就无法确认引用的是哪一版。"""
    for i, basis in _bases(ctx):
        if (basis.number or "").strip() in _MISSING:
            yield Finding(
                f"{basis.title}缺少文号（如 中华人民共和国主席令第X号、国务院令第X号）",
                (BASES, i, "文号") if basis.number is not None else (BASES, i),
                at="key",
            )


@rule(
    code="GZ203",
    name="basis-no-article",
    severity=E,
    summary="设定依据缺少条款，或条款不是“第X条”的形式",
    source="附件3 说明2；《立法技术规范（试行）（一）》条款引用格式",
    bad="""
    设定依据:
      - 名称: 《职业病诊断与鉴定管理办法》
        文号: 国家卫生健康委令第6号
        条款: 第第十六条
    """,
    good="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第七条第一款第（二）项
    """,
)
def basis_no_article(ctx: ItemContext) -> Iterator[Finding]:
    """只写法律名称不足以说明哪一条要求提交这份证明。条款写作“第七条”
    “第十二条第一款”“第十一条第一款第（五）项”，多条用顿号分隔，如“第七条、第八条”。
    阿拉伯数字（第7条）也可接受。"""
    for i, basis in _bases(ctx):
        article = (basis.article or "").strip()
        if article in _MISSING:
            yield Finding(
                f"{basis.title}缺少条款（如 第七条、第十二条第一款第（三）项）",
                (BASES, i, "条款") if basis.article is not None else (BASES, i),
                at="key",
            )
        elif not ARTICLE_FORM.fullmatch(unicodedata.normalize("NFKC", article)):
            yield Finding(f"条款“{article}”不是“第X条[第X款][第（X）项]”的形式", (BASES, i, "条款"))


@rule(
    code="GZ204",
    name="basis-level-mismatch",
    severity=E,
    summary="声明的效力层级与文件本身不符",
    source="《中华人民共和国立法法》；附件3 说明1",
    bad="""
    设定依据:
      - 名称: 《危险化学品经营许可证管理办法》
        文号: 国家安全生产监督管理总局令第55号
        条款: 第十四条
        效力层级: 行政法规
    """,
    good="""
    设定依据:
      - 名称: 《危险化学品经营许可证管理办法》
        文号: 国家安全生产监督管理总局令第55号
        条款: 第十四条
        效力层级: 部门规章
    """,
)
def basis_level_mismatch(ctx: ItemContext) -> Iterator[Finding]:
    """声明的效力层级要与文号、名称所表明的层级一致。把部门规章标成“法规”会让审核人
    误以为依据合法，这是已公布目录中实际出现过的错误。"""
    for i, basis in _bases(ctx):
        judged = judge(basis)
        if basis.level and judged and judged.level != basis.level:
            yield Finding(
                f"效力层级声明为{basis.level}，但{judged.evidence}表明它是{judged.level}",
                (BASES, i, "效力层级"),
            )


@rule(
    code="GZ205",
    name="basis-title-form",
    severity=W,
    summary="依据名称没有用书名号《》",
    source="GB/T 15834-2011《标点符号用法》4.15；法律文件引用惯例",
    bad="""
    设定依据:
      - 名称: 中华人民共和国律师法
    """,
    good="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
    """,
)
def basis_title_form(ctx: ItemContext) -> Iterator[Finding]:
    """法律、法规名称用书名号标明，书名号内套用时用单书名号〈〉，
    如《山西省实施〈中华人民共和国……法〉办法》。"""
    for i, basis in _bases(ctx):
        title = basis.title.strip()
        if not (title.startswith("《") and title.endswith("》") and title.count("《") == 1):
            yield Finding(f"依据名称“{title}”应写在书名号内，如《{title.strip('《》')}》", (BASES, i, "名称"))


@rule(
    code="GZ206",
    name="basis-no-text",
    severity=W,
    summary="设定依据没有写条文内容",
    source="附件3 说明2：设定依据填写依据名称、文号及条文内容",
    bad="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第七条
    """,
    good="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第七条
        内容: 申请人有下列情形之一的，不予颁发律师执业证书：（一）无民事行为能力或者限制民事行为能力的；……
    """,
)
def basis_no_text(ctx: ItemContext) -> Iterator[Finding]:
    """附件3 要求写出条文内容，告知承诺书的“设定证明的依据”一栏也要向申请人说明。
    可以只摘录起作用的部分，用省略号表示删节。"""
    for i, basis in _bases(ctx):
        if (basis.text or "").strip() in _MISSING:
            yield Finding(f"{basis.title}{basis.article or ''}没有写条文内容", (BASES, i), at="key")
