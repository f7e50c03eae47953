"""Values the forms share, display-ready: dates, people, catalogue items, 函号, blanks.

A value that is not known prints as a blank of the length of what it stands for: a name gets
a short gap, a 设定依据 whole lines (``lines``), a date 年 月 日 with room to write.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import overload

from gaozhi_cli.catalog.model import Catalog, Item
from gaozhi_cli.dates import format_cn
from gaozhi_cli.docnumbers import doc_number
from gaozhi_cli.formtext import Gap, Mixed, Segment
from gaozhi_cli.letters.data import DataProblem
from gaozhi_cli.letters.fields import ApplicantRef, DocNo

LINE = 25  # a blank line to write on: an indented body line holds 26, less room for the font
IDEOGRAPHIC_SPACE = "\u3000"
# 年 月 日 of a signature, as the annexes print it: room to write, no underline under a seal.
SIGNING_DATE = Mixed(
    (IDEOGRAPHIC_SPACE * 4 + "年" + IDEOGRAPHIC_SPACE * 2 + "月" + IDEOGRAPHIC_SPACE * 2 + "日",)
)
# A date written after 日期： or inside a sentence.
INLINE_DATE = Mixed((Gap(3), "年", Gap(2), "月", Gap(2), "日"))
NAME = Gap(6)  # a person's or an agency's name written in by hand


def lines(count: int, first: int = LINE) -> Mixed:
    """``count`` lines to write on; the first ``first`` characters long (after a label)."""
    parts: list[Segment] = [Gap(first)]
    for _ in range(count - 1):
        parts += ["\n", Gap(LINE)]
    return Mixed(parts)


def signing_date(value: date | None) -> str | Mixed:
    return format_cn(value) if value else SIGNING_DATE


def inline_date(value: date | None) -> str | Mixed:
    return format_cn(value) if value else INLINE_DATE


@overload
def clause(text: str) -> str: ...
@overload
def clause(text: str | None) -> str | None: ...
def clause(text: str | None) -> str | None:
    """Text that the template ends with its own punctuation: the text's own final mark goes."""
    return text.rstrip("。．.；;，,、 ") if text else text


def applicant_name(applicant: ApplicantRef | None) -> str | Gap:
    return applicant.name if applicant else NAME


def basis_text(item: Item) -> list[str]:
    """The 设定依据 of an item as the notice prints them: title, number, article, text."""
    out = []
    for b in item.bases:
        head = b.title + (f"（{b.number}）" if b.number else "") + (b.article or "")
        out.append(f"{head}：{b.text}" if b.text else head)
    return out


def items(refs: Sequence[int | str], catalog: Catalog | None, field_name: str) -> list[Item | str]:
    """Catalogue 序号 or names → the items; other text stays as written."""
    out: list[Item | str] = []
    for n, ref in enumerate(refs, 1):
        found = catalog.item(ref) if catalog is not None else None
        if found is not None:
            out.append(found)
        elif isinstance(ref, int) or ref.strip().isdigit():
            where = "目录中没有这个序号" if catalog is not None else "按序号引用须用 --catalog 指定目录"
            raise DataProblem(f"{field_name}第 {n} 项“{ref}”：{where}")
        else:
            out.append(str(ref))
    return out


def item_names(refs: Sequence[int | str], catalog: Catalog | None, field_name: str) -> list[str]:
    return [e.name if isinstance(e, Item) else e for e in items(refs, catalog, field_name)]


def letter_number(number: DocNo | None, catalog: Catalog | None, on: date | None) -> str | Mixed:
    """函号 of a 协助函/回复函; blank, the annex's preprinted ____函字〔202 〕____号 (the
    catalogue's own 函号前缀 when it has one)."""
    prefix = (number.prefix if number else None) or (catalog.letter_prefix if catalog else None)
    if number is None:
        head: list[Segment] = [prefix] if prefix else [Gap(5), "函字"]
        return Mixed((*head, "〔202", Gap(1), "〕", Gap(4), "号"))
    year = number.year or (on.year if on else None)
    if prefix and year:
        return doc_number(prefix, year, number.seq)
    return Mixed((prefix or Gap(5), "〔", str(year) if year else Gap(4), "〕", str(number.seq), "号"))


def agency(value: str | None, catalog: Catalog | None) -> str | None:
    return value or (catalog.agency if catalog else None)
