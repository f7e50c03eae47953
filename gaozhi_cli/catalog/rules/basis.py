"""Rules on the legal basis (设定依据): only a law, a regulation or a State Council decision
may require a certificate (附件3 说明1; 《立法法》; 国办发〔2020〕42号), and the basis must be
what it says it is. Each basis is looked up in the statute book (gaozhi_cli/statutes): the
document, its level, whether it is in force, its order numbers, the cited article and its
text. Documents the book does not hold are judged from the form of their 文号 and title."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.model import LAW_LEVELS, Basis
from gaozhi_cli.catalog.rules import Finding, ItemContext, rule
from gaozhi_cli.dates import format_cn
from gaozhi_cli.statutes.book import load_book
from gaozhi_cli.statutes.check import BasisCheck, check_basis, full_title, similar_titles
from gaozhi_cli.statutes.citation import parse_citation
from gaozhi_cli.statutes.levels import guess_level, looks_national
from gaozhi_cli.statutes.model import CONSTITUTION, DECISION, LAW, LOCAL_REGULATION, REGULATION
from gaozhi_cli.statutes.quote import fragments
from gaozhi_cli.statutes.titles import nest_marks

E, W = Severity.ERROR, Severity.WARNING
BASES = "设定依据"
_MISSING = {"", "无", "-", "—", "/", "／", "不详", "暂无"}
SHOWN_TEXT = 160  # characters of an article quoted back in a message


def basis_checks(ctx: ItemContext) -> list[BasisCheck]:
    """Each basis of the item looked up in the statute book, once for all rules."""
    checks = ctx.memo.get("bases")
    if checks is None:
        book = load_book(ctx.settings.statute_folders)
        checks = [check_basis(book, b.title, b.number, b.article, b.text) for b in ctx.item.bases]
        ctx.memo["bases"] = checks
        ctx.memo["snapshot"] = book.snapshot
    return checks


def _snapshot(ctx: ItemContext) -> str:
    day = ctx.memo.get("snapshot")
    return f"法规库（{format_cn(day)}）" if day else "法规库"


def _bases(ctx: ItemContext) -> list[tuple[int, Basis, BasisCheck]]:
    """(position, basis, its check) for each basis: made once per item, read by nine rules."""
    indexed = ctx.memo.get("indexed bases")
    if indexed is None:
        pairs = zip(ctx.item.bases, basis_checks(ctx), strict=True)
        indexed = ctx.memo["indexed bases"] = [(i, b, c) for i, (b, c) in enumerate(pairs)]
    return indexed


def _level(basis: Basis, check: BasisCheck, ctx: ItemContext) -> tuple[str, str, str] | None:
    """(level, a clause that says how it is known, the field that shows it): from the book,
    else judged from the 文号 and title."""
    doc = check.document
    if doc is not None and doc.origin != "repealed":
        return doc.level, f"{_snapshot(ctx)}收录的《{doc.title}》是{doc.level}", "名称"
    judged = guess_level(basis.title, basis.number)
    if judged is None:
        return None
    note = f"{_snapshot(ctx)}中没有这份文件，按{judged.field}判断"
    return judged.level, f"{judged.evidence}表明它是{judged.level}（{note}）", judged.field


def _clip(text: str) -> str:
    return text if len(text) <= SHOWN_TEXT else text[:SHOWN_TEXT] + "……"


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
    （“……部令第N号”“……总局令第N号”“公安部第69号令”）、地方政府规章（“……人民政府令第N号”）
    和规范性文件（“〔2020〕N号”的通知、意见等）都不能作为索要证明的依据。
    效力层级以法规库为准：法规库收录的文件按其实际层级判断（国务院、中央军事委员会联合公布的
    是行政法规）；法规库没有的文件按文号和名称的形式判断，并在消息中说明。
    真实案例：某市公布的目录把《危险化学品经营许可证管理办法》（国家安全生产监督管理总局令
    第55号）标为“法规”，它其实是部门规章。"""
    for i, basis, check in _bases(ctx):
        judged = _level(basis, check, ctx)
        if judged and judged[0] not in LAW_LEVELS:
            level, clause, where = judged
            # the constitution sets no certificate itself: the laws made under it do
            instead = "实施它的法律、法规" if level == CONSTITUTION else "其上位的法律、法规"
            yield Finding(
                f"{basis.title}不是法律、法规或国务院决定：{clause}，"
                f"不能作为索要证明的依据；请改引{instead}，或将本事项列入取消清单",
                (BASES, i, where),
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
    for i, basis, check in _bases(ctx):
        if (basis.number or "").strip() in _MISSING:
            doc = check.document
            example = _NUMBER_EXAMPLES.get((doc.level if doc else None) or basis.level or "", _NUMBER_EXAMPLE)
            yield Finding(
                f"{basis.title}缺少文号（如 {example}）",
                (BASES, i, "文号") if basis.number is not None else (BASES, i),
                at="key",
            )


_NUMBER_EXAMPLE = "中华人民共和国主席令第X号、国务院令第X号"
# What the 文号 of each level looks like, for the message.
_NUMBER_EXAMPLES = {
    LAW: "中华人民共和国主席令第X号",
    REGULATION: "中华人民共和国国务院令第X号",
    DECISION: "中华人民共和国国务院令第X号、国发〔X〕X号",
    LOCAL_REGULATION: "××省人民代表大会常务委员会公告第X号",
}


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
    “第十二条第一款”“第十一条第一款第（五）项”“第二十一条之一”，多条用顿号分隔，
    如“第七条、第八条”；国务院决定的附件写作“附件第236项”。阿拉伯数字（第7条）也可接受。"""
    for i, basis in enumerate(ctx.item.bases):
        article = (basis.article or "").strip()
        if article in _MISSING:
            yield Finding(
                f"{basis.title}缺少条款（如 第七条、第十二条第一款第（三）项）",
                (BASES, i, "条款") if basis.article is not None else (BASES, i),
                at="key",
            )
        elif parse_citation(article) is None:
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
    """声明的效力层级要与文件的实际层级一致（法规库收录的文件以法规库为准，其他文件看文号
    和名称）。把部门规章标成“法规”会让审核人误以为依据合法，这是已公布目录中实际出现过的
    错误；把国务院决定标成行政法规、把行政法规标成法律，也会误导核对。"""
    for i, basis, check in _bases(ctx):
        judged = _level(basis, check, ctx)
        if basis.level and judged and judged[0] != basis.level:
            yield Finding(
                f"效力层级声明为{basis.level}，但{judged[1]}",
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
    如《山西省实施〈中华人民共和国……法〉办法》。书名号后注明版本的，如
    《中华人民共和国律师法》（2017年修正），不提示。"""
    for i, basis in enumerate(ctx.item.bases):
        title = basis.title.strip()
        fault = _title_fault(title)
        if fault:
            yield Finding(f"依据名称“{title}”{fault}", (BASES, i, "名称"))


def _title_fault(title: str) -> str:
    """What is wrong with the 书名号 of ``title``, with the right form; "" if nothing."""
    close = _closing_mark(title) if title.startswith("《") else None
    if close is None:
        return f"应写在书名号内，如《{nest_marks(title.strip(_MARKS))}》"
    inner, rest = title[1:close], title[close + 1 :].strip()
    right = f"《{nest_marks(inner)}》"
    if rest and not _EDITION_NOTE.fullmatch(rest):
        where = "（条款写在“条款”中）" if rest.startswith("第") else ""
        return f"书名号后的“{rest}”不是名称的一部分{where}，如{right}"
    if "《" in inner:
        return f"中套用的书名号应改为单书名号〈〉，如{right}{rest}"
    return ""


def _closing_mark(title: str) -> int | None:
    """The index of the 》 that closes the 《 at the start of ``title``, inner pairs skipped."""
    depth = 0
    for k, char in enumerate(title):
        depth += {"《": 1, "》": -1}.get(char, 0)
        if depth == 0:
            return k if char == "》" else None
    return None


_MARKS = "《》“”\"' "  # around a title written without 书名号
_EDITION_NOTE = re.compile(r"[（(][^（）()]*[）)]")  # （2017年修正）, （试行）


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
    可以只摘录起作用的部分，用省略号表示删节。gaozhi catalog fmt --fill-basis 可从法规库
    填入所引条文。"""
    for i, basis in enumerate(ctx.item.bases):
        text = (basis.text or "").strip()
        if text in _MISSING:
            yield Finding(f"{basis.title}{basis.article or ''}没有写条文内容", (BASES, i), at="key")
        elif not fragments(text):  # ……, or 第七条规定 alone: the omission marks are all there is
            words = "".join(fragments(text, shortest=1))
            why = f"过短（“{words}”），无法与原文核对" if words else "只有省略号或条款号，没有摘录条文"
            yield Finding(f"{basis.title}{basis.article or ''}的“内容”{why}", (BASES, i, "内容"))


@rule(
    code="GZ207",
    name="basis-repealed",
    severity=E,
    summary="设定依据已被废止或失效",
    source="《中华人民共和国立法法》；附件3 说明1；实施方案 四(一) 目录动态调整",
    bad="""
    设定依据:
      - 名称: 《中华人民共和国婚姻法》
        文号: 中华人民共和国主席令第九号
        条款: 第八条
        效力层级: 法律
    """,
    good="""
    设定依据:
      - 名称: 《中华人民共和国民法典》
        文号: 中华人民共和国主席令第四十五号
        条款: 第一千零四十九条
        效力层级: 法律
    """,
)
def basis_repealed(ctx: ItemContext) -> Iterator[Finding]:
    """已废止的法律、法规不再是依据，按它索要的证明失去了法律基础。法规库记有每部文件是否
    现行有效：被新法“同时废止”的（如《婚姻法》《收养法》由《民法典》第一千二百六十条废止，
    《个体工商户条例》由《促进个体工商户发展条例》废止），以及国家法律法规数据库标注为失效的。
    目录应改引现行的法律、法规，或取消该证明事项。"""
    for i, _basis, check in _bases(ctx):
        doc = check.document
        if doc is None or doc.in_force or doc.repeal is None:
            continue
        when = f"自{format_cn(doc.repeal.day)}起" if doc.repeal.day else ""
        by = f"已由{doc.repeal.by}废止" if doc.repeal.by else f"已失效（{doc.repeal.source}）"
        yield Finding(
            f"《{doc.title}》{when}{by}，不能再作为设定依据；请改引现行的法律、法规，或取消该证明事项",
            (BASES, i, "名称"),
        )


@rule(
    code="GZ208",
    name="basis-wrong-number",
    severity=E,
    summary="文号不是该文件的公布令或修订令",
    source="附件3 说明2：设定依据填写依据名称、文号及条文内容",
    bad="""
    设定依据:
      - 名称: 《社会救助暂行办法》
        文号: 中华人民共和国国务院令第591号
        条款: 第十一条
    """,
    good="""
    设定依据:
      - 名称: 《社会救助暂行办法》
        文号: 中华人民共和国国务院令第649号
        条款: 第十一条
    """,
)
def basis_wrong_number(ctx: ItemContext) -> Iterator[Finding]:
    """文号要与名称指的是同一份文件：公布该文件的令，或者修订它的令（目录引用哪一版，
    写哪一版的令号）。写错的文号会让审核人查到另一份文件。法规库记有行政法规和国务院决定
    的公布令和修订令（含《国务院关于修改部分行政法规的决定》等的令号）；法律的主席令号
    原始数据没有，只有用国务院令、部门令等公布法律这类明显错误才能判断。比法规库所载最新的
    国务院令大出太多、至今还不可能编到的令号（如把第649号写成第6490号）也按错误处理；稍大的
    令号可能是法规库快照之后的修订令，不提示。"""
    for i, basis, check in _bases(ctx):
        doc = check.document
        if check.number != "wrong" or doc is None:
            continue
        detail = f"；{check.number_detail}" if check.number_detail else ""
        yield Finding(
            f"文号“{(basis.number or '').strip()}”不是《{doc.title}》的公布令或修订令{detail}",
            (BASES, i, "文号"),
        )


@rule(
    code="GZ209",
    name="basis-article-missing",
    severity=E,
    summary="所引的条、款、项在该文件中不存在",
    source="附件3 说明2；《中华人民共和国立法法》第六十五条（法律条文的结构）",
    bad="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第八十条
    """,
    good="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第七条第（二）项
    """,
)
def basis_article_missing(ctx: ItemContext) -> Iterator[Finding]:
    """引用的条、款、项必须在所引版本中存在：条文数、每条的款数（一条中的每个自然段是一款，
    列项属于它前面的那一款）、每款的项数都按法规库核对；说明在第几章的，也核对章。
    法律修订后条文常常重新编号，按旧版本写的“第二十五条”在现行版本中可能已经不存在，
    或者已是另一条内容。"""
    for i, _basis, check in _bases(ctx):
        later = (
            f"；{_snapshot(ctx)}之后修改、条文增加了的，可用 gaozhi statutes add 加入修改后的文本"
            if check.past_end
            else ""
        )
        for problem in check.missing:
            yield Finding(f"{problem}；请按原文核对条款{later}", (BASES, i, "条款"))
        doc = check.document
        if check.gone and doc is not None:
            yield Finding(
                f"《{doc.title}》现行版本（{format_cn(doc.current.day)}）中已没有{'、'.join(check.gone)}"
                "（条文已删除或重新编号）；请按现行版本改写条款",
                (BASES, i, "条款"),
            )


@rule(
    code="GZ210",
    name="basis-text-mismatch",
    severity=W,
    summary="引用的条文内容不是所引条款的原文",
    source="附件3 说明2：设定依据填写依据名称、文号及条文内容",
    bad="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第七条
        内容: 申请律师执业，应当具备下列条件：拥护中华人民共和国宪法
    """,
    good="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第七条
        内容: 申请人有下列情形之一的，不予颁发律师执业证书：……（二）受过刑事处罚的，但过失犯罪的除外；
    """,
)
def basis_text_mismatch(ctx: ItemContext) -> Iterator[Finding]:
    """“内容”应当摘录所引条款的原文，告知承诺书会原样印给申请人。比较时不计空格、全角半角
    和标点，省略的部分用“……”表示；除此之外的改写、错字和张冠李戴都会提示，并给出所引条款
    的原文（引文实际出自另一条，或同一条的另一款、另一项的，说明是哪一条、哪一款、哪一项：
    条款写第（二）项，引文却只有列项前的文字和第（三）项，也会提示）。"""
    for i, _basis, check in _bases(ctx):
        if check.quote == "elsewhere":
            doc = check.document
            yield Finding(
                f"引文出自《{doc.title if doc else ''}》{check.quote_detail}，不是所引的{_labels(check)}；请改正条款或内容",
                (BASES, i, "内容"),
            )
        elif check.quote == "mismatch":
            yield Finding(
                f"引文不是{_cited(check)}的原文；原文为：{_clip(check.article_text)}",
                (BASES, i, "内容"),
            )


def _labels(check: BasisCheck) -> str:
    return "、".join(dict.fromkeys(r.label for r in check.refs or []))


def _cited(check: BasisCheck) -> str:
    doc = check.document
    return f"《{doc.title}》{_labels(check)}" if doc else _labels(check)


@rule(
    code="GZ211",
    name="basis-not-in-book",
    severity=W,
    summary="名称像国家法律、行政法规，法规库中却没有",
    source="附件3 说明1、2；国家法律法规数据库",
    bad="""
    设定依据:
      - 名称: 《中华人民共和国律师执业法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第七条
    """,
    good="""
    设定依据:
      - 名称: 《中华人民共和国律师法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第七条
    """,
)
def basis_not_in_book(ctx: ItemContext) -> Iterator[Finding]:
    """法规库收录了截至快照日现行和已废止的全部国家法律和行政法规。名称写作“中华人民共和国……”
    或“……法”、文号是主席令或国务院令，法规库里却找不到的，多半是名称写错了（给出最接近的名称），
    也可能是快照日之后才公布的；后者可用 gaozhi statutes add 加入法规文本。
    地方性法规、部门规章等不在法规库中，不作此提示。"""
    for i, basis, check in _bases(ctx):
        if check.resolved is not None or not looks_national(basis.title, basis.number):
            continue
        similar = similar_titles(load_book(ctx.settings.statute_folders), check)
        near = "；最接近的名称：" + "、".join(f"《{d.title}》" for d in similar) if similar else ""
        yield Finding(
            f"{_snapshot(ctx)}中没有{basis.title}{near}；名称无误而文件较新的，可用 gaozhi statutes add 加入",
            (BASES, i, "名称"),
        )


@rule(
    code="GZ212",
    name="basis-title-inexact",
    severity=W,
    summary="依据名称与文件的全称不一致",
    source="GB/T 15834-2011 4.15；《立法技术规范（试行）（一）》：引用法律名称应当使用全称",
    bad="""
    设定依据:
      - 名称: 《社会救助办法》
        文号: 中华人民共和国国务院令第649号
        条款: 第十一条
    """,
    good="""
    设定依据:
      - 名称: 《社会救助暂行办法》
        文号: 中华人民共和国国务院令第649号
        条款: 第十一条
    """,
)
def basis_title_inexact(ctx: ItemContext) -> Iterator[Finding]:
    """名称要写全称：少了或多了“暂行”“（试行）”，或者字有出入而文号指向这份文件的，
    审核人会以为是另一份文件。只省略“中华人民共和国”或书名号写法不同的不提示。
    gaozhi catalog fmt --fill-basis 可改为全称。"""
    for i, basis, check in _bases(ctx):
        title = full_title(check)
        if title:
            yield Finding(f"依据名称“{basis.title.strip()}”应写全称{title}", (BASES, i, "名称"))


@rule(
    code="GZ213",
    name="basis-superseded-text",
    severity=W,
    summary="引文是已被修改的旧版本条文",
    source="实施方案 四(一)：根据法律法规的制定、修改、废止情况，及时调整目录",
    bad="""
    设定依据:
      - 名称: 《中华人民共和国道路运输条例》
        文号: 中华人民共和国国务院令第752号
        条款: 第六十八条
        内容: 违反本条例的规定，客运经营者、货运经营者不按照规定携带车辆营运证的，由县级以上地方人民政府交通运输主管部门责令改正，处警告或者20元以上200元以下的罚款。
    """,
    good="""
    设定依据:
      - 名称: 《中华人民共和国道路运输条例》
        文号: 中华人民共和国国务院令第764号
        条款: 第六十八条
        内容: 违反本条例的规定，客运经营者有下列情形之一的，由县级以上地方人民政府交通运输主管部门责令改正，处1000元以上2000元以下的罚款；……
    """,
)
def basis_superseded_text(ctx: ItemContext) -> Iterator[Finding]:
    """法律、法规修改后，目录中的引文和条款要随之更新（动态调整）。引文与某个旧版本的条文
    相符、与所引（或现行）版本不符的，给出现行条文，便于改写。"""
    for i, _basis, check in _bases(ctx):
        if check.quote == "superseded":
            yield Finding(f"{check.quote_detail}：{_clip(check.article_text)}", (BASES, i, "内容"))
