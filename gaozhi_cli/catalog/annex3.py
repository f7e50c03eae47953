"""The catalogue as the table of seed 附件3, cell by cell, in both directions.

Export writes each cell in a fixed form that import reads back, so that a published table can
be brought in again without loss. Import also meets tables typed by hand, so the readers
here accept looser forms and say what they could not take apart.

设定依据 cell: one basis a line (numbered ``1.`` ``2.`` when there are several), each
``《名称》（文号）条款：内容``. 监管措施 cell: labelled lines ``核查方式：…`` ``核查时限：…``.
备注 cell: the remarks, then ``适用说明：…`` when the item has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gaozhi_cli.catalog.model import (
    DAILY_SUPERVISION,
    VERIFICATION_METHODS,
    Basis,
    Catalog,
    Item,
    Supervision,
)
from gaozhi_cli.catalog.timelimit import CONCRETE_TIME
from gaozhi_cli.statutes.citation import CITATION_PATTERN

TITLE = "实行告知承诺制的证明事项目录"
AGENCY_LABEL = "行政机关名称"
COLUMNS = ("序号", "证明事项", "证明用途", "设定依据", "索要单位", "开具单位", "监管措施", "备注")
NOTES_LABEL = "说明"
NOTES = ("1. 证明事项应当有法律、法规或者国务院决定依据。", "2. 设定依据填写：依据名称、文号及条文内容等。")
APPLICABILITY_LABEL = "适用说明"

# 监管措施 labels, in the order export writes them; import also accepts the synonyms.
SUPERVISION_LABELS = {
    "核查方式": "核查方式",
    "核查时限": "核查时限",
    "核查标准": "核查标准",
    "日常监管": "日常监管",
}
SUPERVISION_SYNONYMS = {
    "核查方法": "核查方式",
    "核查时间": "核查时限",
    "核查期限": "核查时限",
    "核查内容": "核查标准",
    "监管方式": "日常监管",
}
# Words seen in published tables for the schema's verification methods and daily supervision.
METHOD_WORDS = {
    **{m: m for m in (*VERIFICATION_METHODS, *DAILY_SUPERVISION)},
    "内部核验": "内部核查",
    "书面核查": "内部核查",
    "在线核验": "在线核查",
    "网络核验": "在线核查",
    "网上核查": "在线核查",
    "数据共享": "在线核查",
    "信息共享平台查询": "在线核查",
    "现场核验": "现场核查",
    "现场检查": "现场核查",
    "实地核查": "现场核查",
    "实地调查": "现场核查",
    "行政协助": "行政协助核查",
    "部门间协查": "行政协助核查",
    "部门协查": "行政协助核查",
    "协查": "行政协助核查",
    "免核查": "免予核查",
    "免于核查": "免予核查",
    "双随机": "双随机一公开",
    "互联网＋监管": "互联网+监管",
}
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(]\d{1,2}[）)])\s*")
_TITLE = re.compile(r"\s*(《[^》]+》)")
_PAREN = re.compile(r"\s*[（(]([^（）()]*)[）)]")
_ARTICLE = re.compile(rf"\s*({CITATION_PATTERN})")
# A basis written without 《》: a name, then a number in brackets or an article.
_BARE_TITLE = re.compile(rf"^\s*([^（(：:\n]+?)\s*(?=[（(]|{CITATION_PATTERN})")
_LABELLED = re.compile(r"^\s*([^\s：:]{2,6})\s*[：:]\s*(.*)$")


@dataclass(frozen=True, slots=True)
class Row:
    """One data row of the table, every cell as text."""

    seq: str
    name: str
    purpose: str
    basis: str
    requesting_unit: str
    issuing_unit: str
    supervision: str
    remarks: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.seq,
            self.name,
            self.purpose,
            self.basis,
            self.requesting_unit,
            self.issuing_unit,
            self.supervision,
            self.remarks,
        )


@dataclass(frozen=True, slots=True)
class Table:
    """One agency's 附件3 table."""

    agency: str
    rows: tuple[Row, ...]


def table_of(catalog: Catalog) -> Table:
    return Table(catalog.agency, tuple(row_of(item) for item in catalog.items))


def row_of(item: Item) -> Row:
    return Row(
        str(item.seq) if item.seq else "",
        item.name,
        item.purpose,
        basis_cell(item.bases),
        item.requesting_unit,
        item.issuing_unit,
        supervision_cell(item.supervision),
        remarks_cell(item.remarks, item.applicability_note),
    )


# -- writing cells -----------------------------------------------------------------------------


def basis_text(basis: Basis) -> str:
    """``《名称》（文号）条款：内容`` with the parts that are present."""
    text = basis.title
    if basis.number:
        text += f"（{basis.number}）"
    if basis.article:
        text += basis.article
    if basis.text:
        text += f"：{basis.text}"
    return text


def basis_cell(bases: list[Basis]) -> str:
    texts = [basis_text(b) for b in bases]
    # Numbers keep bases apart when a line of text inside one starts with 《 as well.
    if len(texts) == 1 and "\n《" not in texts[0]:
        return texts[0]
    return "\n".join(f"{n}. {text}" for n, text in enumerate(texts, 1))


def supervision_cell(supervision: Supervision | None) -> str:
    if supervision is None:
        return ""
    parts = {
        "核查方式": "、".join(supervision.methods),
        "核查时限": supervision.time_limit or "",
        "核查标准": supervision.standard or "",
        "日常监管": "、".join(supervision.daily),
    }
    return "\n".join(f"{label}：{value}" for label, value in parts.items() if value)


def remarks_cell(remarks: str | None, applicability_note: str | None) -> str:
    lines = [remarks] if remarks else []
    if applicability_note:
        lines.append(f"{APPLICABILITY_LABEL}：{applicability_note}")
    return "\n".join(lines)


# -- reading cells -----------------------------------------------------------------------------


@dataclass(slots=True)
class Parsed:
    """What a cell reader made of a cell, and what it had to leave as it was."""

    value: Any
    notes: list[str] = field(default_factory=list)
    verbatim: bool = False  # some text was kept whole because it could not be split


def one_line(text: str) -> str:
    """A short field whose line breaks only come from a narrow column: join the lines.

    CJK lines join directly; a space is kept between two Latin words or numbers.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = ""
    for line in lines:
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


def parse_basis_cell(text: str) -> Parsed:
    """Split a 设定依据 cell into bases: a list of dicts with 名称/文号/条款/内容."""
    chunks = _basis_chunks(text)
    bases: list[dict[str, str]] = []
    notes: list[str] = []
    verbatim = False
    for chunk in chunks:
        basis, note = parse_basis(chunk)
        bases.append(basis)
        if note:
            notes.append(note)
            verbatim = True
    return Parsed(bases, notes, verbatim)


def _basis_chunks(text: str) -> list[str]:
    """One piece of text per basis: numbered lines start a basis when any line is numbered,
    else a line starting with 《 does; other lines continue the basis above."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    numbered = any(_NUMBERING.match(line) and "《" in line for line in lines)
    chunks: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if numbered:
            starts = bool(_NUMBERING.match(line))
            line = _NUMBERING.sub("", line, count=1) if starts else line
        else:
            starts = line.lstrip().startswith("《")
        if starts or not chunks:
            chunks.append(line.strip())
        else:
            chunks[-1] += "\n" + line.strip()
    return chunks


def parse_basis(chunk: str) -> tuple[dict[str, str], str | None]:
    """One basis from its text, and a note when part of it had to be kept unsplit."""
    title_match = _TITLE.match(chunk) or _BARE_TITLE.match(chunk)
    if title_match is None:
        return {"名称": chunk}, f"设定依据“{_short(chunk)}”未能拆分（找不到《名称》），已原样保留在“名称”中"
    basis = {"名称": title_match.group(1).strip()}
    rest = chunk[title_match.end() :]
    number = _PAREN.match(rest)
    if number:
        basis["文号"] = number.group(1).strip()
        rest = rest[number.end() :]
    article = _ARTICLE.match(rest)
    if article:
        basis["条款"] = article.group(1).strip()
        rest = rest[article.end() :]
        if "文号" not in basis and (number := _PAREN.match(rest)):
            basis["文号"] = number.group(1).strip()
            rest = rest[number.end() :]
    content = rest.strip().lstrip("：:，,").strip()
    if content:
        basis["内容"] = content
    if "条款" not in basis:
        shown = basis["名称"]
        if content:
            return basis, f"设定依据{shown}找不到条款（第X条），其余文字已原样保留在“内容”中"
        return basis, f"设定依据{shown}没有写条款（第X条）"
    return basis, None


def parse_supervision_cell(text: str) -> Parsed:
    """A 监管措施 cell: labelled lines when it has them, else the methods and time limit
    recognised in free text, with the whole text kept as 核查标准."""
    text = text.strip()
    if not text:
        return Parsed(None)
    fields: dict[str, str] = {}
    current: str | None = None
    unlabelled: list[str] = []
    for line in text.splitlines():
        match = _LABELLED.match(line)
        label = match and (SUPERVISION_LABELS.get(match.group(1)) or SUPERVISION_SYNONYMS.get(match.group(1)))
        if match and label:
            current = label
            fields[current] = (fields[current] + "\n" if current in fields else "") + match.group(2).strip()
        elif current is not None:
            fields[current] += "\n" + line.strip()
        else:
            unlabelled.append(line.strip())
    notes: list[str] = []
    if not fields:
        return _free_supervision(text)
    if unlabelled:
        fields["核查标准"] = "\n".join([*unlabelled, fields.get("核查标准", "")]).strip()
        notes.append("监管措施开头有未标注的文字，已并入“核查标准”")
    value: dict[str, Any] = {}
    for label in SUPERVISION_LABELS:
        if label not in fields or not fields[label]:
            continue
        if label in ("核查方式", "日常监管"):
            words, unknown = _methods(fields[label])
            value[label] = words
            if unknown:
                notes.append(f"{label}中的“{'、'.join(unknown)}”不是规定的取值，已原样保留")
        else:
            value[label] = fields[label]
    return Parsed(value, notes, bool(unlabelled))


def _methods(text: str) -> tuple[list[str], list[str]]:
    words: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[、，,；;/\s]+|和|及", text):
        if not part:
            continue
        method = METHOD_WORDS.get(part)
        if method is None:
            unknown.append(part)
            method = part
        if method not in words:
            words.append(method)
    return words, unknown


def _free_supervision(text: str) -> Parsed:
    value: dict[str, Any] = {}
    # Synonyms map to the schema's words; a word and its parts (行政协助核查, 协查) count once.
    methods = list(dict.fromkeys(METHOD_WORDS[w] for w in METHOD_WORDS if w in text))
    found = [m for m in methods if m in VERIFICATION_METHODS]
    daily = [m for m in methods if m in DAILY_SUPERVISION]
    if found:
        value["核查方式"] = found
    clause = next((c for c in re.split(r"[，,。；;\n]", text) if CONCRETE_TIME.search(c)), None)
    if clause:
        value["核查时限"] = clause.strip()
    if daily:
        value["日常监管"] = daily
    rest = text.replace(clause or "", "")
    for word in sorted(METHOD_WORDS, key=len, reverse=True):
        rest = rest.replace(word, "")
    if not re.sub(r"[\s，,。；;、：:（）()]", "", rest):
        return Parsed(value)  # nothing but the method and the time limit: fully split
    value["核查标准"] = text
    recognised = "、".join(p for p in ("核查方式" if found else "", "核查时限" if clause else "") if p)
    note = "监管措施没有按“核查方式：…”“核查时限：…”分项填写，" + (
        f"已识别出{recognised}，" if recognised else "未能识别核查方式和时限，"
    )
    return Parsed(value, [note + "全文原样保留在“核查标准”中，请核对"], True)


def parse_remarks_cell(text: str) -> tuple[str | None, str | None]:
    """(备注, 适用说明) from a 备注 cell."""
    lines = text.strip().splitlines()
    for i, line in enumerate(lines):
        match = _LABELLED.match(line)
        if match and match.group(1) == APPLICABILITY_LABEL:
            note = "\n".join([match.group(2), *lines[i + 1 :]]).strip()
            remarks = "\n".join(lines[:i]).strip()
            return remarks or None, note or None
    return text.strip() or None, None


def _short(text: str, limit: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"
