"""Checks before a letter is written: who may commit, and who may commit for someone else.

- 实施方案 四(二), 附件2 二.2: an applicant with a serious dishonest record or an earlier false
  commitment may not use the commitment system until their credit is repaired.
- 附件2 二.1: a commitment by an agent only where the item allows it, and only with the
  applicant's authorisation.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain, islice
from pathlib import Path

from gaozhi_cli.catalog.model import Item
from gaozhi_cli.dates import format_cn, parse_date
from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import display_path, read_text
from gaozhi_cli.identity import credit_code_problem, id_number_problem, mask_id_number, normalise_id
from gaozhi_cli.letters.data import DataProblem
from gaozhi_cli.letters.forms.commitment import CommitmentData
from gaozhi_cli.workbook import WorkbookError, first_sheet_rows, row_texts, sniff_workbook

# Headings of the exclusion list, and other names offices give them.
_COLUMNS = {
    "证件编号": (
        "证件编号",
        "证件号码",
        "身份证号",
        "身份证号码",
        "居民身份证号码",
        "统一社会信用代码",
        "证照号码",
    ),
    "姓名": ("姓名", "名称", "单位名称", "申请人"),
    "情形": ("情形", "原因", "失信情形", "类别", "事由"),
    "信用修复日期": ("信用修复日期", "修复日期"),
}


@dataclass(frozen=True, slots=True)
class Excluded:
    id_number: str
    name: str
    reason: str
    repaired_on: date | None
    line: int


@dataclass(frozen=True, slots=True)
class ExclusionList:
    """Applicants to whom the commitment system does not apply (四(二)), by identity number."""

    file: str
    entries: dict[str, Excluded]

    @classmethod
    def load(cls, path: Path, max_size: int) -> ExclusionList:
        """Raises UsageError for a file over ``max_size`` bytes (read whole, then parsed)."""
        shown = display_path(path)
        with contextlib.suppress(OSError):  # read_text says why a file cannot be read
            if (size := path.stat().st_size) > max_size:
                raise UsageError(
                    f"名单 {shown} 大小 {size / 1024**2:.1f} MB，超过上限 {max_size / 1024**2:.1f} MB，未读取；"
                    "请确认没有选错文件（上限可用配置项 max-file-size 调整）"
                )
        rows = _rows(path)
        tops = list(islice(rows, HEADER_ROWS))
        if not tops:
            raise UsageError(f"名单 {shown} 是空文件")
        # the header is the first row naming the 证件编号 column: a title may stand above it
        at = next(
            (n for n, (_, cells, _) in enumerate(tops) if _column(cells, _COLUMNS["证件编号"]) is not None),
            None,
        )
        if at is None:
            raise UsageError(
                f"名单 {shown} 第 {tops[0][0]} 行：缺少“证件编号”列（居民身份证号码或统一社会信用代码）"
            )
        header = tops[at][1]
        rows = chain(tops[at + 1 :], rows)
        columns = {key: _column(header, names) for key, names in _COLUMNS.items()}
        entries: dict[str, Excluded] = {}
        problems = []
        for line, row, lost in rows:
            if not any(cell.strip() for cell in row):
                continue
            if lost:
                problems.append(f"第 {line} 行：{lost}")
                continue
            cell = {
                key: row[i].strip() if i is not None and i < len(row) else "" for key, i in columns.items()
            }
            number = normalise_id(cell["证件编号"])
            repaired_text = cell["信用修复日期"]
            repaired = parse_date(repaired_text) if repaired_text else None
            if not number:
                problems.append(f"第 {line} 行：“证件编号”为空")
            elif wrong := _not_a_number(number):
                problems.append(f"第 {line} 行：“证件编号”{mask_id_number(number)}{wrong}")
            elif repaired_text and repaired is None:
                problems.append(f"第 {line} 行：“信用修复日期”{repaired_text}不是有效日期")
            else:
                entries[number] = Excluded(number, cell["姓名"], cell["情形"] or "未写明情形", repaired, line)
        if problems:
            # An unreadable row could hide someone who must be refused: stop rather than guess.
            raise UsageError(
                f"名单 {shown} 有 {len(problems)} 处错误，请改正后再生成：\n  " + "\n  ".join(problems)
            )
        return cls(shown, entries)

    def refusal(self, id_number: str, on: date) -> str | None:
        """Why the holder of ``id_number`` may not commit on ``on``, or None."""
        entry = self.entries.get(normalise_id(id_number))
        if entry is None or (entry.repaired_on is not None and entry.repaired_on <= on):
            return None
        # matched by number: the name on the list may be written otherwise, so it is quoted as such
        listed = f"，名单所列姓名：{entry.name}" if entry.name else ""
        return (
            f"申请人（证件编号 {mask_id_number(entry.id_number)}）在不适用告知承诺制的名单中"
            f"（{self.file} 第 {entry.line} 行{listed}：{entry.reason}），"
            "信用修复前不适用告知承诺制（实施方案 四(二)、附件2 二.2），不能出具告知承诺书；"
            "请按一般程序要求提交证明材料"
        )


Row = tuple[int, list[str], str | None]  # line, cells, why a cell cannot be trusted
HEADER_ROWS = 10  # the header is looked for in this many rows at the top of a list


def _rows(path: Path) -> Iterator[Row]:
    """The rows of a CSV file, or of a workbook's first sheet from its first row with text,
    with their line or sheet row numbers; below the header (the row naming 证件编号) a long
    number Excel kept as a number is named by its column."""
    try:
        kind = sniff_workbook(path)
    except WorkbookError as exc:
        raise UsageError(exc.message) from None
    if kind is None:
        reader = csv.reader(io.StringIO(read_text(path, "名单")))
        for cells in reader:
            yield reader.line_num, cells, None
        return
    header: list[str] | None = None
    try:
        for line, values in first_sheet_rows(path):
            cells, lost = row_texts(header or [], values)
            if header is None and not cells:
                continue
            if header is None and _column(cells, _COLUMNS["证件编号"]) is not None:
                header = cells
            yield line, cells, lost
    except WorkbookError as exc:
        raise UsageError(exc.message) from None


def _not_a_number(number: str) -> str | None:
    """Why a number on the list can never match an applicant's, or None: an ID or credit
    code with a wrong length or check character (a passport number is not checked)."""
    digits = number.removesuffix("X")
    if digits.isdigit() and 15 <= len(number) <= 18:  # a resident ID, or one mistyped
        problem = id_number_problem(number)
        return f"不是有效的居民身份证号码（{problem}）" if problem else None
    if len(number) == 18 and number[:2].isalnum() and not number.isalpha():
        problem = credit_code_problem(number)
        return f"不是有效的居民身份证号码或统一社会信用代码（{problem}）" if problem else None
    return None


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    cleaned = [h.strip().lstrip("\ufeff") for h in header]
    return next((i for i, h in enumerate(cleaned) if h in names), None)


def check_commitment(data: CommitmentData, item: Item, exclusions: ExclusionList | None) -> None:
    """Raise DataProblem when this commitment letter may not be issued."""
    problems = []
    if exclusions is not None:
        refusal = exclusions.refusal(data.applicant.id_number, data.date)
        if refusal:
            problems.append(refusal)
    agent = data.agent
    if agent is not None and any((agent.name, agent.id_number, agent.authorisation)):
        allowed = item.notice.proxy_allowed if item.notice else None
        if not allowed:
            problems.append(
                f"证明事项“{item.name}”不可代为承诺（目录“代为承诺”为不可），须由申请人本人承诺；请删去“代理人”"
            )
        else:
            if not agent.name:
                problems.append("代为承诺须写明代理人姓名：请填写“代理人.姓名”")
            if not agent.authorisation:
                problems.append(
                    "代为承诺须有申请人的授权（附件2 二.1）：请在“代理人.授权书”写明授权书及其日期，"
                    f"如 授权委托书（{format_cn(data.date)}）"
                )
    if problems:
        raise DataProblem("；".join(problems))
