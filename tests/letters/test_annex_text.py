"""Every form, filled and blank, says what its annex says, word for word.

The annex texts are those of the plan (tests/letters/data/annexes.txt: the part of
../shared/seed from 附件 1 on, unchanged). Both sides are compared as one string after NFKC
(full- and half-width punctuation alike) with all whitespace removed; the annex's blanks
(_____, ....., a list of numbered lines, whatever follows a label that ends in a colon, 年 月
日) are wildcards. Nothing else may differ, except what ALLOWED lists, each with its reason.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from .helpers import open_docx, paragraphs

ANNEXES = Path(__file__).parent / "data" / "annexes.txt"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "letters"
WILD = "\x00"  # a blank of the annex, while its text is being turned into a pattern


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u2060]+", "", text)


def _annex_texts() -> dict[str, list[str]]:
    """Annex → its lines, from the plan: 附件 N headings start one; 附件7 holds two forms."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in ANNEXES.read_text(encoding="utf-8").splitlines():
        line = raw.strip().removeprefix("|").strip()
        heading = re.fullmatch(r"附件\s*(\d)", line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif line.startswith("抄送："):
            current = None  # the plan's own 版记 follows 附件8
        elif current is not None and line and not re.fullmatch(r"\|?\s*\d+\s*\|?|—\s*\d+\s*—", line):
            current.append(line)
    seven = sections.pop("7")
    split = seven.index("申请行政协助函（二）")
    sections["7一"], sections["7二"] = seven[:split], seven[split:]
    return sections


# The annex's own choices, and what the filled form puts in their place.
CHOICES = [
    ("不可(可)代为承诺", "(?:不可\\(可\\)|不可|可)代为承诺"),  # 附件4 (六): the item's 代为承诺
    ("承诺事项真实(虚假)。", "承诺事项(?:真实\\(虚假\\)|真实|虚假)。"),  # 附件8: the verdict
    ("1.是2.否", "(?:1\\.是)?(?:2\\.否)?"),  # 附件4 (五): the applicant's answer, or both to tick
]


def _pattern(lines: list[str]) -> re.Pattern[str]:
    """The annex as a regular expression: fixed text literal, blanks as wildcards."""
    out: list[str] = []
    listing = False
    for raw in lines:
        raw = raw.replace("〔202 〕", f"〔202{WILD}〕")  # the preprinted 函号: the year's last digit
        if "\t" in raw:  # a table row of labels: each label's value cell follows it
            raw = "".join(cell + WILD for cell in raw.split("\t"))
        line = _norm(raw.lstrip("- "))
        if re.fullmatch(r"\d+\.(?:_+)?|\.{3,}。?", line):  # numbered lines to fill, and "....."
            if not listing:
                out.append(WILD)
            listing = True
            continue
        listing = False
        line = re.sub(r"_+|\.{5,}", WILD, line)
        if line == "年月日":
            line = "\x01"
        elif line.endswith(":"):
            line += WILD  # a label: what follows it is filled in
        out.append(line)
    text = "".join(out)
    escaped = re.escape(text)
    for annex, filled in CHOICES:
        escaped = escaped.replace(re.escape(_norm(annex)), filled)
    escaped = escaped.replace(re.escape("\x01"), r"(?:年月日|\d{4}年\d{1,2}月\d{1,2}日)")
    escaped = re.sub(r"(?:\\\x00|\x00)+", ".*?", escaped)
    # Labels of a blank that a filled letter replaces by the value (部门名称, 部门, 监管部门,
    # 申请事项名称) or by the agency's name (行政机关名称); the 函号 prefix is the agency's own.
    for label in ("\\(部门名称\\)", "\\(部门\\)"):
        escaped = escaped.replace(label, f"(?:{label})?")
    escaped = escaped.replace("\\(申请事项名称\\)", "\\(.+?\\)").replace("\\(监管部门\\)", "\\(.+?\\)")
    escaped = escaped.replace("行政机关名称\\(公章\\)", ".+?\\(公章\\)")
    escaped = escaped.replace(".*?函字〔202.*?〕.*?号", ".*?〔202.*?〕.*?号")
    return re.compile(escaped, re.DOTALL)


# What the output adds to the annex, and why. Paragraphs that match are left out of the
# comparison; inserts are cut out of the text.
ALLOWED_PARAGRAPHS = [
    # 附件4 (六): a 承诺方式 longer than the slot of "采用……方式" is printed after the sentences.
    r"目录所列承诺方式：.*",
    # 附件4 (九): the values follow the annex's heading sentence "承诺书是否公开、公开范围及时限等。"
    r"是否公开：.*",
    # A typed name beside a line that is signed by hand (核验人, 现场核验人员).
    r"（姓名：.*）",
]
ALLOWED_INSERTS = [
    # 附件6: the last day of the period, and that it counts.
    r"（即\d{4}年\d{1,2}月\d{1,2}日前，含当日）",
]
# 附件2 二.1: who commits for the applicant, after the form, in a part of its own.
AGENT_PART = "附：代为承诺情况"


def _document_text(path: Path) -> str:
    kept: list[str] = []
    for text in paragraphs(open_docx(path)):
        if text.strip() == AGENT_PART:
            break
        if not any(re.fullmatch(p, text.strip()) for p in ALLOWED_PARAGRAPHS):
            kept.append(text)
    joined = "".join(kept)
    for insert in ALLOWED_INSERTS:
        joined = re.sub(insert, "", joined)
    return _norm(joined)


FORMS = {
    "liaison": "1",
    "commitment": "4",
    "internal-check": "5",
    "onsite-check": "6",
    "assist-request": "7一",
    "assist-visit": "7二",
    "assist-reply": "8",
}


def _generate(gaozhi, kind: str, *args: object) -> Path:
    result = gaozhi("letter", "generate", kind, *args, "-o", "out.docx", "--force")
    assert result.exit_code == 0, result.output
    return Path("out.docx")


def _assert_annex(path: Path, annex: str) -> None:
    text = _document_text(path)
    pattern = _pattern(_annex_texts()[annex])
    assert pattern.fullmatch(text), _first_difference(annex, text)


def _first_difference(annex: str, text: str) -> str:
    """Where the text stops following the annex: the longest prefix of the annex that matches."""
    lines = _annex_texts()[annex]
    for n in range(len(lines), 0, -1):
        if _pattern(lines[:n]).match(text):
            return f"附件{annex} 在第 {n + 1} 行“{lines[n] if n < len(lines) else ''}”处与输出不同：\n{text}"
    return f"附件{annex} 第 1 行就不同：\n{text}"


@pytest.mark.parametrize("kind", FORMS)
def test_filled_form_is_the_annex_word_for_word(gaozhi, kind: str) -> None:
    path = _generate(gaozhi, kind, "-c", EXAMPLES / "catalog.yaml", "-d", EXAMPLES / f"{kind}.yaml")
    _assert_annex(path, FORMS[kind])


@pytest.mark.parametrize("with_catalog", [False, True])
@pytest.mark.parametrize("kind", FORMS)
def test_blank_form_is_the_annex_word_for_word(gaozhi, kind: str, with_catalog: bool) -> None:
    path = _generate(gaozhi, kind, "--blank", *(("-c", EXAMPLES / "catalog.yaml") if with_catalog else ()))
    _assert_annex(path, FORMS[kind])


def test_blank_form_keeps_the_annex_labels(gaozhi) -> None:
    expected = {
        "commitment": ["（申请事项名称）", "[", "年]第", "不可（可）代为承诺", "1.是", "2.否"],
        "internal-check": ["（监管部门）"],
        "onsite-check": ["（监管部门）", "1.", "2.", "3.", "4."],
        "assist-request": ["函字〔202", "（部门名称）：", "（申请人）", "行政机关名称（公章）"],
        "assist-visit": ["函字〔202", "（部门名称）：", "（申请人）", "行政机关名称（公章）"],
        "assist-reply": [
            "函字〔202",
            "（部门）：",
            "（申请人）",
            "真实（虚假）",
            "行政机关名称（公章）",
            "备注：",
        ],
    }
    for kind, labels in expected.items():
        text = "\n".join(paragraphs(open_docx(_generate(gaozhi, kind, "--blank"))))
        for label in labels:
            assert label in text, (kind, label)
    four = [
        p
        for p in paragraphs(open_docx(_generate(gaozhi, "onsite-check", "--blank")))
        if re.fullmatch(r"\d\..*", p)
    ]
    assert [p[:2] for p in four] == ["1.", "2.", "3.", "4."]


def test_the_two_assistance_letters_are_two_forms(gaozhi) -> None:
    one = paragraphs(open_docx(_generate(gaozhi, "assist-request", "--blank")))
    two = paragraphs(open_docx(_generate(gaozhi, "assist-request", "--blank", "--set", "协助方式=派员核实")))
    assert "申请行政协助函（一）" in one and "申请行政协助函（二）" not in one
    assert "申请行政协助函（二）" in two and not any("书面回复" in p for p in two)
    assert any(p.startswith("兹派我单位") for p in two)
    data = Path("visit.yaml")
    data.write_text(
        (EXAMPLES / "assist-request.yaml")
        .read_text(encoding="utf-8")
        .replace("回复期限: 5", "协助方式: 派员核实\n核查人员: [赵刚, 钱敏]"),
        encoding="utf-8",
    )
    visit = _generate(gaozhi, "assist-request", "-c", EXAMPLES / "catalog.yaml", "-d", data)
    _assert_annex(visit, "7二")
    assert "兹派我单位赵刚、钱敏两名同志前往贵单位调查核实，请给予配合。" in paragraphs(open_docx(visit))


def _data(name: str, text: str) -> Path:
    path = Path(name)
    path.write_text(text, encoding="utf-8")
    return path


def test_commitment_variants(gaozhi) -> None:
    catalog = EXAMPLES / "catalog.yaml"
    base = (EXAMPLES / "commitment.yaml").read_text(encoding="utf-8")
    # An item that may be committed by an agent, an agent, and an answer to (五).
    data = _data(
        "agent.yaml",
        base.replace("证明事项: 1", "证明事项: 2")
        + "愿意承诺: 是\n代理人: {姓名: 李四, 证件编号: '11010519491231002X', 授权书: 授权委托书（2021年3月15日）}\n",
    )
    path = _generate(gaozhi, "commitment", "-c", catalog, "-d", data)
    _assert_annex(path, "4")
    text = paragraphs(open_docx(path))
    assert "本证明事项必须由申请人作出承诺，可代为承诺。" in text
    assert "1.是" in text and "2.否" not in text
    agent = text[text.index(AGENT_PART) :]
    assert any("李四" in p for p in agent) and any("授权委托书（2021年3月15日）" in p for p in agent)
    assert text.index(AGENT_PART) > text.index("（本文书一式两份，行政机关与申请人各执一份。）")


def test_a_long_commitment_manner_never_enters_the_annex_sentence(gaozhi) -> None:
    catalog = Path("目录.yaml")
    catalog.write_text(
        (EXAMPLES / "catalog.yaml")
        .read_text(encoding="utf-8")
        .replace("承诺方式: 书面承诺", "承诺方式: 书面承诺，由全体发起人签字后提交告知承诺书原件", 1),
        encoding="utf-8",
    )
    path = _generate(gaozhi, "commitment", "-c", catalog, "-d", EXAMPLES / "commitment.yaml")
    _assert_annex(path, "4")
    text = paragraphs(open_docx(path))
    assert (
        "本证明事项采用书面承诺方式，申请人愿意作出承诺的，应当向行政机关提交本人签字后的告知承诺书原件。"
        in text
    )
    assert "目录所列承诺方式：由全体发起人签字后提交告知承诺书原件。" in text


def test_onsite_check_with_nothing_nonconforming_and_the_last_day(gaozhi) -> None:
    catalog = EXAMPLES / "catalog.yaml"
    path = _generate(gaozhi, "onsite-check", "-c", catalog, "-d", EXAMPLES / "onsite-check.yaml")
    text = "".join(paragraphs(open_docx(path)))
    # 2021-04-06 is a Tuesday: 7, 8, 9, 12, 13 April are the five working days after it.
    assert "请于5个工作日（即2021年4月13日前，含当日）将有关证明材料递交晋城市司法局" in text
    clean = _data(
        "clean.yaml",
        (EXAMPLES / "onsite-check.yaml").read_text(encoding="utf-8").split("不符合要求的事项")[0]
        + "现场核验人员: 赵刚\n",
    )
    text = paragraphs(open_docx(_generate(gaozhi, "onsite-check", "-c", catalog, "-d", clean)))
    assert "不符合要求的事项：无。" in text


@pytest.mark.parametrize(
    "answer, expected",
    [
        (
            "核实结果: 虚假",
            "根据贵单位行政协助函晋市司函字〔2021〕15号内容，经我单位核实，申请人承诺事项虚假。",
        ),
        (
            "无法协助: {原因: 该信息不属于本单位掌握的范围, 建议协助单位: 晋城市人力资源和社会保障局}",
            "根据贵单位行政协助函晋市司函字〔2021〕15号内容，我单位无法提供协助，原因是：该信息不属于本单位掌握的范围。"
            "该内容不属于本部门应当掌握的内容，建议请晋城市人力资源和社会保障局予以行政协助。",
        ),
    ],
)
def test_assist_reply_variants_keep_the_note(gaozhi, answer: str, expected: str) -> None:
    data = _data(
        "reply.yaml",
        (EXAMPLES / "assist-reply.yaml").read_text(encoding="utf-8").replace("核实结果: 真实", answer),
    )
    text = paragraphs(open_docx(_generate(gaozhi, "assist-reply", "-d", data)))
    assert expected in text
    assert (
        text[-1]
        == "备注：如果无法提供协助的，请说明原因。如果不属于本部门应当掌握的内容，建议请 XXX 单位予以行政协助。"
    )


def test_the_annex_texts_are_the_plans(gaozhi) -> None:
    """The copy in tests/letters/data is the seed's text from 附件 1 on, unchanged."""
    seed = Path(__file__).resolve().parents[3] / "shared" / "seed"
    texts = _annex_texts()
    assert sorted(texts) == ["1", "2", "3", "4", "5", "6", "7一", "7二", "8"]
    assert texts["4"][0] == "证明事项告知承诺书" and texts["8"][-1].startswith("备注：")
    for plan in seed.glob("*.txt") if seed.is_dir() else ():
        assert ANNEXES.read_text(encoding="utf-8").rstrip("\n") in plan.read_text(encoding="utf-8")
