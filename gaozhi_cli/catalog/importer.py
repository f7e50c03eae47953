"""Bring an existing 附件3 table (Word, Excel or CSV) into a catalogue file.

The table may be typed by hand: the header is found among the first rows under any of the
names published tables use, possibly over two rows (设定依据 above 名称/文号/条款/内容);
merged cells, line breaks inside cells and gaps in 序号 are expected. What cannot be taken
apart is kept as it was, marked with a comment in the YAML, and reported. The result is
judged by ``validate`` like any hand-written catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from gaozhi_cli.catalog.annex3 import (
    AGENCY_LABEL,
    NOTES_LABEL,
    TITLE,
    one_line,
    parse_basis,
    parse_basis_cell,
    parse_remarks_cell,
    parse_supervision_cell,
)
from gaozhi_cli.catalog.fmt import ordered
from gaozhi_cli.catalog.loader import SYNONYMS
from gaozhi_cli.catalog.model import Basis, Item, Supervision
from gaozhi_cli.catalog.tables import Cell, Grid, read_grids
from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import display_path
from gaozhi_cli.identity import mask_ids_in_text

HEADER_SEARCH_ROWS = 15
# The 说明 row under the table (or a 注： line typed into it).
_NOTES_ROW = re.compile(rf"^(?:{NOTES_LABEL}|注)(?:$|[：:])")
UNSPLIT = "导入时未能完全拆分，原文保留，请核对"

# Column headings: (field, part) where part names a piece of 设定依据 or 监管措施.
_TOP = ("序号", "证明事项", "证明用途", "设定依据", "索要单位", "开具单位", "监管措施", "备注", "行政机关")
_PARTS: dict[str, type[BaseModel]] = {"设定依据": Basis, "监管措施": Supervision}
_EXTRA = {
    "编号": "序号",
    "证明事项名称": "证明事项",
    "证明材料名称": "证明事项",
    "索要部门": "索要单位",
    "索要机关": "索要单位",
    "开具机关": "开具单位",
    "出具部门": "开具单位",
    "实施机关": "行政机关",
    "事中事后监管措施": "监管措施",
}
_PART_EXTRA = {
    "依据名称": "名称",
    "设定依据名称": "名称",
    "文件名称": "名称",
    "法律法规名称": "名称",
    "依据文号": "文号",
    "条款号": "条款",
    "具体条款": "条款",
    "具体内容": "内容",
}


def _headings() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    top = {name: name for name in _TOP}
    top |= {k: v for k, v in SYNONYMS.items() if v in _TOP and k != NOTES_LABEL}
    top |= _EXTRA
    parts: dict[str, tuple[str, str]] = {}
    for group, model in _PARTS.items():
        aliases = [f.alias for f in model.model_fields.values() if f.alias]
        for alias in aliases:
            parts[alias] = (group, alias)
        parts |= {k: (group, v) for k, v in SYNONYMS.items() if v in aliases}
    parts |= {k: ("设定依据", v) for k, v in _PART_EXTRA.items()}
    parts["监管方式"] = ("监管措施", "日常监管")
    return top, parts


TOP_HEADINGS, PART_HEADINGS = _headings()
Column = tuple[str, str | None]  # (field, part)


def heading(text: str) -> Column | None:
    """What a header cell names: ("设定依据", None), ("设定依据", "文号"), … or None."""
    key = re.sub(r"\s+", "", text).strip("*＊:：")
    key = re.sub(r"[（(][^）)]*[）)]$", "", key) or key
    if key in TOP_HEADINGS:
        return TOP_HEADINGS[key], None
    return PART_HEADINGS.get(key)


@dataclass(slots=True)
class Imported:
    """The catalogue read from a table, ready to be written as YAML."""

    data: CommentedMap
    items: int
    notes: list[str] = field(default_factory=list)


class ImportError_(GaozhiError):
    pass


def import_table(path: Path, agency: str | None = None) -> Imported:
    """Read the 附件3 table in ``path``. ``agency`` supplies the 行政机关 when the table does
    not name it, and chooses one when the file holds the tables of several agencies."""
    shown = display_path(path)
    grids = read_grids(path)
    reader = _Reader(shown)
    tables: list[_Table] = []
    for grid in grids:
        table = reader.table(grid, tables[-1] if tables else None)
        if table is not None:
            tables.append(table)
    if not tables:
        raise ImportError_(f"{shown}：没有找到附件3表格（表头应有“序号”“证明事项”“证明用途”“设定依据”等列）")
    agencies = list(dict.fromkeys(t.agency for t in tables if t.agency))
    chosen = agency.strip() if agency else None
    if chosen is None and len(agencies) > 1:
        raise ImportError_(
            f"{shown} 中有多个行政机关的表格：{'、'.join(agencies)}；请用 --agency 选择一个，每个机关一个目录文件"
        )
    if chosen is not None and len(agencies) > 1:
        tables = [t for t in tables if t.agency in (chosen, "")]
    chosen = chosen or (agencies[0] if agencies else "")
    if not chosen:
        reader.notes.append(
            f"{shown}：表格中没有“{AGENCY_LABEL}”，请用 --agency 指定，或在 YAML 中填写“行政机关”"
        )
    items = [item for t in tables for item in t.items]
    _renumber(items, reader.notes, shown)
    data = CommentedMap()
    data["行政机关"] = chosen
    data["证明事项"] = CommentedSeq(items)
    return Imported(data, len(items), reader.notes)


@dataclass(slots=True)
class _Table:
    agency: str
    items: list[CommentedMap]
    columns: list[tuple[int, Column]]
    width: int


class _Reader:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.notes: list[str] = []

    def note(self, grid: Grid, row: int, message: str) -> None:
        where = f"{grid.where}第 {grid.row_numbers[row]} 行"
        self.notes.append(mask_ids_in_text(f"{self.shown} {where}：{message}"))

    def table(self, grid: Grid, previous: _Table | None) -> _Table | None:
        """The items of one grid. A grid without a header that is as wide as the table before
        it continues that table (a table typed in parts, one per page)."""
        width = max((len(r) for r in grid.rows), default=0)
        found = _find_header(grid.rows)
        if found is not None:
            start, columns = found
            agency = _agency(grid.above, grid.rows[:start]) or ""
        elif previous is not None and width == previous.width and not grid.above:
            start, columns, agency = 0, previous.columns, previous.agency
        else:
            return None
        table = _Table(agency, [], columns, width)
        last_origin: tuple[object, str, str] | None = None
        for index in range(start, len(grid.rows)):
            row = grid.rows[index]
            values = _values(row, columns)
            texts = [c.text.strip() for c in row if c.text.strip()]
            if not texts:
                continue
            if _NOTES_ROW.match(re.sub(r"\s+", "", row[0].text)):
                continue
            if sum(1 for c in row if heading(c.text)) >= 3:
                continue  # the header again, as Word repeats it when a table was pasted in parts
            if len(set(texts)) == 1 and len(texts) > 1:
                if not _agency([], [row]):
                    self.note(grid, index, f"通栏行“{one_line(texts[0])[:30]}”不是证明事项，已跳过")
                continue
            name = one_line(values.get(("证明事项", None), ""))
            purpose = one_line(values.get(("证明用途", None), ""))
            if not name:
                self.note(grid, index, "没有证明事项名称，已跳过")
                continue
            seq_cell = next((row[i] for i, col in columns if col == ("序号", None)), None)
            origin = (seq_cell.origin, name, purpose) if seq_cell and seq_cell.origin is not None else None
            if origin is not None and origin == last_origin and table.items:
                self._continue_item(table.items[-1], values, grid, index)
                continue
            last_origin = origin
            table.items.append(self._item(values, grid, index, name, purpose))
            if ("行政机关", None) in values and not table.agency:
                table.agency = one_line(values[("行政机关", None)])
        return table

    def _item(
        self, values: dict[Column, str], grid: Grid, index: int, name: str, purpose: str
    ) -> CommentedMap:
        item: dict[str, Any] = {
            "序号": values.get(("序号", None), "").strip(),
            "证明事项": name,
            "证明用途": purpose,
        }
        bases = self._bases(values, grid, index)
        if bases:
            item["设定依据"] = bases
        for key in ("索要单位", "开具单位"):
            if text := one_line(values.get((key, None), "")):
                item[key] = text
        supervision = self._supervision(values, grid, index)
        if supervision.value:
            item["监管措施"] = supervision.value
            if supervision.verbatim and "核查标准" in supervision.value:
                supervision.value.yaml_add_eol_comment(UNSPLIT, "核查标准")
        remarks, applicability = parse_remarks_cell(values.get(("备注", None), ""))
        if applicability:
            item["适用说明"] = applicability
        if remarks:
            item["备注"] = remarks
        return ordered(item, Item)

    def _bases(self, values: dict[Column, str], grid: Grid, index: int) -> CommentedSeq:
        out = CommentedSeq()
        whole = values.get(("设定依据", None), "").strip()
        parts = {part: values[("设定依据", part)].strip() for (g, part) in values if g == "设定依据" and part}
        if whole:
            parsed = parse_basis_cell(whole)
            for note in parsed.notes:
                self.note(grid, index, note)
            for basis in parsed.value:
                out.append(_basis_map(basis))
        elif parts.get("名称"):
            basis, problem = _basis_from_parts(parts)
            if problem:
                self.note(grid, index, problem)
            out.append(_basis_map(basis))
        elif any(parts.values()):
            self.note(grid, index, "有设定依据的文号、条款或内容，但没有依据名称")
            out.append(ordered({k: v for k, v in parts.items() if v}, Basis))
        if parts.get("效力层级") and out and whole:
            out[-1]["效力层级"] = parts["效力层级"]
        return out

    def _supervision(self, values: dict[Column, str], grid: Grid, index: int) -> Any:
        whole = values.get(("监管措施", None), "")
        parts = [f"{part}：{values[('监管措施', part)]}" for (g, part) in values if g == "监管措施" and part]
        text = "\n".join([whole, *parts]).strip() if parts else whole
        parsed = parse_supervision_cell(text)
        for note in parsed.notes:
            self.note(grid, index, note)
        if parsed.value:
            parsed.value = ordered(parsed.value, Supervision)
            for key in ("核查方式", "日常监管"):
                if key in parsed.value:
                    parsed.value[key] = CommentedSeq(parsed.value[key])
                    parsed.value[key].fa.set_flow_style()  # [行政协助核查], as the schema shows it
        return parsed

    def _continue_item(self, item: CommentedMap, values: dict[Column, str], grid: Grid, index: int) -> None:
        """A row whose 序号 cell is merged with the row above: more of the same item."""
        for basis in self._bases(values, grid, index):
            if basis not in item.get("设定依据", []):
                item.setdefault("设定依据", CommentedSeq()).append(basis)
        self.note(grid, index, "与上一行是同一事项（序号单元格合并），已并入上一行")


def _basis_map(basis: dict[str, str]) -> CommentedMap:
    """A basis in schema order; text kept unsplit (no 条款 found) gets a comment saying so."""
    out = ordered(basis, Basis)
    if "条款" not in basis:
        out.yaml_add_eol_comment(UNSPLIT, "内容" if "内容" in basis else "名称")
    return out


def _basis_from_parts(parts: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """A basis given in separate columns; a 名称 cell holding more than a name is split."""
    basis, note = parse_basis(one_line(parts["名称"]))
    for key in ("文号", "条款", "内容", "效力层级"):
        if parts.get(key):
            basis[key] = parts[key] if key == "内容" else one_line(parts[key])
    if "条款" in basis:
        note = None
    return basis, note


def _find_header(rows: list[list[Cell]]) -> tuple[int, list[tuple[int, Column]]] | None:
    """The first data row and the column of each field, or None when no header is found."""
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = [(i, col) for i, c in enumerate(row) if (col := heading(c.text))]
        fields = {col[0] for _, col in columns}
        if "证明事项" not in fields or len(fields) < 3:
            continue
        start = r + 1
        if start < len(rows):
            below = rows[start]
            refined = []
            subheader = False
            for i, col in columns:
                sub = heading(below[i].text) if i < len(below) else None
                if sub and sub[1] and sub[0] == col[0] and below[i].text != row[i].text:
                    refined.append((i, sub))
                    subheader = True
                else:
                    refined.append((i, col))
            if subheader:
                return start + 1, refined
        return start, columns
    return None


def _values(row: list[Cell], columns: list[tuple[int, Column]]) -> dict[Column, str]:
    values: dict[Column, list[str]] = {}
    seen: dict[Column, list[object]] = {}
    for i, col in columns:
        if i >= len(row):
            continue
        cell = row[i]
        if cell.origin is not None and cell.origin in seen.get(col, []):
            continue  # the same merged cell again, under a heading that spans columns
        seen.setdefault(col, []).append(cell.origin)
        texts = values.setdefault(col, [])
        if cell.text.strip() and (not texts or texts[-1] != cell.text):
            texts.append(cell.text)
    return {col: "\n".join(texts) for col, texts in values.items()}


_AGENCY_LINE = re.compile(r"(?:行政机关名称|行政机关|单位名称|实施机关|填报单位)\s*[：:]\s*(.+)")
_TITLE_PREFIX = re.compile(rf"^(.+?)(?:{TITLE}|实行告知承诺制)")


def _agency(above: list[str], rows: list[list[Cell]]) -> str | None:
    """The agency from ``行政机关名称：…`` above the header, or from a title that starts with it."""
    lines = [*above, *(c.text for row in rows for c in row)]
    for line in reversed(lines):
        match = _AGENCY_LINE.search(re.sub(r"[ \t\u3000]+", "", line))
        if match and match.group(1).strip():
            return one_line(match.group(1))
    for line in lines:
        match = _TITLE_PREFIX.match(one_line(line))
        if match and not match.group(1).startswith("附件"):
            return match.group(1).strip("《》“”")
    return None


def _renumber(items: list[CommentedMap], notes: list[str], shown: str) -> None:
    """序号 1..n in table order; gaps, repeats and missing numbers in the table are reported."""
    given = [str(item["序号"]).strip().rstrip(".、") for item in items]
    expected = [str(n) for n in range(1, len(items) + 1)]
    if given != expected:
        sample = "、".join(g or "（空）" for g in given[:12]) + ("……" if len(given) > 12 else "")
        notes.append(
            f"{shown}：原表序号不是从 1 起连续编号（{sample}），已按表中顺序重新编号为 1–{len(items)}"
        )
    for n, item in enumerate(items, 1):
        item["序号"] = n
