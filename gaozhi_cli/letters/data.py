"""Letter data in: a YAML or JSON file, ``--set 字段=值`` pairs, or the rows of a CSV file or of
a workbook's first sheet (.xlsx, .xls, .ods, a web page saved as .xls).

The columns name nested fields with dots (``申请人.姓名``) and list entries with numbers
(``承诺事项.1``, ``承诺事项.2``); empty cells are left out. Problems come back in Chinese with
the file, the line and the field.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from gaozhi_cli.errors import GaozhiError, UsageError
from gaozhi_cli.files import display_path, read_text
from gaozhi_cli.identity import mask_ids_in_text
from gaozhi_cli.modelbase import field_path, reason
from gaozhi_cli.workbook import WorkbookError, first_sheet_rows, row_texts, sniff_workbook
from gaozhi_cli.yamldoc import parse as parse_yaml
from gaozhi_cli.yamldoc import value_pos


@dataclass(frozen=True, slots=True)
class Source:
    """Raw letter data and where it came from, for messages."""

    data: dict[str, Any]
    file: str = "<命令行>"
    line: int | None = None  # the CSV line of a batch row
    root: Any = None  # the positioned YAML tree, for line numbers
    problem: str | None = None  # why a batch row could not be read: it fails alone, the others go on

    def where(self, path: tuple[str | int, ...] = ()) -> str:
        if self.line is not None:
            return f"{self.file} 第 {self.line} 行"
        if self.root is not None:
            pos = value_pos(self.root, path)
            return f"{self.file}:{pos.line}"
        return self.file


class DataError(UsageError):
    """A data file that cannot be read at all."""


class DataProblem(GaozhiError):
    """Data that cannot make a letter: invalid, or refused by a check (exit code 1)."""

    def __init__(self, message: str, *, located: bool = False) -> None:
        super().__init__(mask_ids_in_text(message))
        self.located = located

    def at(self, source: Source) -> DataProblem:
        """The same problem, prefixed with where the data came from."""
        return self if self.located else DataProblem(f"{source.where()}：{self.message}", located=True)


def read_letter_data(path: Path) -> Source:
    shown = display_path(path)
    text = read_text(path, "数据文件", error=DataError)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except RecursionError:
            raise DataError(f"{shown}：JSON 嵌套层次过深（数千层），不是文书数据") from None
        except json.JSONDecodeError as exc:
            raise DataError(f"{shown}:{exc.lineno}:{exc.colno}: 不是有效的 JSON（{exc.msg}）") from None
        root = None
    else:
        doc = parse_yaml(text)
        if doc.problems:
            p = doc.problems[0]
            raise DataError(f"{shown}:{p.pos.line}:{p.pos.column}: {p.message}")
        data = root = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DataError(f"数据文件 {shown} 应为“字段: 值”的映射")
    return Source(data, shown, root=root)


def apply_sets(data: dict[str, Any], pairs: list[str]) -> dict[str, Any]:
    """``申请人.姓名=张三`` → data with that field set (a copy); ``字段=`` clears it."""
    merged = json.loads(json.dumps(data, default=str))
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set 应写作 字段=值，如 申请人.姓名=张三；收到“{pair}”")
        _put(merged, key.strip(), value.strip() or None)
    result: dict[str, Any] = merged
    return result


def _put(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set a dotted field; a number after a dot is a 1-based list entry (承诺事项.2)."""
    parts = dotted.split(".")
    node: Any = data
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        fresh: Any = None if last else ([] if _entry(parts[n + 1]) is not None else {})
        index = _entry(part)
        if isinstance(node, list) and index is not None:
            node.extend([None] * (index + 1 - len(node)))
            key: Any = index
        elif isinstance(node, dict):
            key = part
        else:
            raise UsageError(f"字段“{dotted}”的写法与数据的结构不符")
        if last:
            node[key] = value
            return
        current = node[key] if isinstance(node, list) else node.get(key)
        if not isinstance(current, dict | list):
            node[key] = fresh
        node = node[key]


MAX_ENTRIES = 200  # list entries a field may name (承诺事项.200): a form holds far fewer


def _entry(part: str) -> int | None:
    """The 0-based list index a field part names (``2`` → 1), or None for a key."""
    if not part.isdigit():
        return None
    if len(part) > 3 or int(part) > MAX_ENTRIES:
        raise UsageError(
            f"字段中的序号 {part[:12]}{'…' if len(part) > 12 else ''} 太大：列表至多 {MAX_ENTRIES} 项"
        )
    return int(part) - 1 if int(part) > 0 else None


def unflatten(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row with dotted column names → nested data; empty cells and list holes dropped."""
    data: dict[str, Any] = {}
    for key in sorted(row, key=_natural):
        value = (row[key] or "").strip()
        if key and value:
            _put(data, key.strip(), value)
    result: dict[str, Any] = _drop_holes(data)
    return result


def _natural(key: str | None) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", key or "")]


def _drop_holes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_holes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_drop_holes(v) for v in value if v is not None]
    return value


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """Nested data → ``{"申请人.姓名": "张三"}``, for file-name patterns."""
    if isinstance(data, dict):
        out: dict[str, str] = {}
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(data, list):
        return {prefix: "、".join(str(v) for v in data)}
    return {prefix: "" if data is None else str(data)}


def read_batch(path: Path) -> Iterator[Source]:
    """Rows of a CSV file (UTF-8 or GB18030) or of a workbook's first sheet, each with its line
    (or sheet row) number; a row that cannot be read comes with its ``problem`` and no data."""
    try:
        kind = sniff_workbook(path)
    except WorkbookError as exc:
        raise DataError(exc.message) from None
    if kind is not None:
        yield from _sheet_rows(path)
        return
    shown = display_path(path)
    text = read_text(path, "批量文件", error=DataError)
    records = _records(text.lstrip("\ufeff"))
    line, header, problem = next(records, (1, [], None))
    if problem is not None:
        raise DataError(f"{shown} 第 {line} 行（表头）：{problem}")
    if not header:
        raise DataError(f"批量文件 {shown} 是空文件")
    _check_header(f"{shown} 第 {line} 行（表头）", header)
    yield from _sources(shown, header, records)


def _sheet_rows(path: Path) -> Iterator[Source]:
    """The rows of a workbook's first sheet: the first row with text is the header."""
    shown = display_path(path)
    try:
        rows = first_sheet_rows(path)
        header: list[str] = []
        for line, values in rows:
            header = row_texts([], values)[0]
            if header:
                _check_header(f"{shown} 第 {line} 行（表头）", header)
                break
        if not header:
            raise DataError(f"批量文件 {shown} 是空表")
        yield from _sources(shown, header, ((line, *row_texts(header, values)) for line, values in rows))
    except WorkbookError as exc:
        raise DataError(exc.message) from None


def _sources(
    shown: str, header: list[str], records: Iterable[tuple[int, list[str], str | None]]
) -> Iterator[Source]:
    """A Source for each (line, cells, problem) after the header: blank lines left out, a
    row that cannot be read (or has a cell too many) with its problem and no data."""
    for line, cells, problem in records:
        if not cells and problem is None:
            continue  # a blank line
        if problem is None and len(cells) > len(header):
            problem = f"单元格比表头多（多出 {len(cells) - len(header)} 个）"
        if problem is not None:
            yield Source({}, shown, line, problem=problem)
            continue
        source = Source(unflatten(dict(zip(header, cells, strict=False))), shown, line)
        if source.data:
            yield source


def _check_header(where: str, header: list[str]) -> None:
    seen: set[str] = set()
    for name in header:
        try:
            for part in name.split("."):
                _entry(part.strip())
        except UsageError as exc:
            raise DataError(f"{where}：列“{name[:40]}”：{exc.message}") from None
        if name.strip() in seen:  # the later column would silently win over the earlier
            raise DataError(f"{where}：列“{name.strip()[:40]}”出现了两次；每个字段只能有一列")
        if name.strip():
            seen.add(name.strip())


def _records(text: str) -> Iterator[tuple[int, list[str], str | None]]:
    """(first line, cells, problem) of each CSV record. A record that is not valid CSV (above
    all a quote never closed, which would swallow every later line into one cell) is reported
    on its first line, and reading goes on from the line after it."""
    lines = io.StringIO(text).readlines()  # split on \n only, as csv counts lines
    at = 0  # the 0-based index of the line the next record starts on
    while at < len(lines):
        reader = csv.reader(islice(lines, at, None), strict=True)
        start = at
        try:
            for cells in reader:
                yield start + 1, cells, None
                start = at + reader.line_num
        except csv.Error as exc:
            yield start + 1, [], _csv_problem(exc, at + reader.line_num - start)
            at = start + 1
            continue
        return


def _csv_problem(exc: csv.Error, lines: int) -> str:
    """In Chinese, why a record of ``lines`` lines is not valid CSV."""
    said = str(exc)
    if "field larger than field limit" in said and lines <= 1:  # over lines: an open quote
        return f"单元格太长（超过 {csv.field_size_limit():,} 个字符），此行未读入"
    if "new-line character" in said:
        return "行中有不在引号内的单独回车符，此行未读入；含换行的单元格须整个用英文双引号括起"
    return (
        '引号不成对：有单元格以英文双引号（"）开头却没有与之配对的结束引号（或结束引号后紧跟其他字符），'
        "此行未读入，从下一行接着读；请补上或删去这个引号"
    )


def validate(model: type[BaseModel], source: Source) -> BaseModel:
    """The data as ``model``, or DataProblem listing every problem with file, line and field."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        raise DataProblem(describe(exc, source), located=True) from None


def describe(exc: ValidationError, source: Source) -> str:
    problems: dict[tuple[str | int, ...], list[str]] = {}
    for err in exc.errors(include_url=False):
        message = reason(err)
        if err["type"] == "extra_forbidden":
            message = "不是这种文书的字段（gaozhi letter fields 可列出可用字段）"
        said = problems.setdefault(field_path(tuple(err["loc"])), [])
        if message not in said:
            said.append(message)
    lines = []
    if set(source.data) >= {"证明事项", "行政机关"} and isinstance(source.data.get("证明事项"), list):
        lines.append(
            f"{source.where()}：这是证明事项目录，不是文书数据；目录用 --catalog 指定，数据用 --data"
        )
    for loc, messages in problems.items():
        field = ".".join(str(p + 1 if isinstance(p, int) else p) for p in loc)
        label = f"“{field}”" if field else ""
        # One field, several ways it could have been right: 应为整数，或应为文本.
        lines.append(f"{source.where(loc)}：{label}{'，或'.join(messages)}")
    return mask_ids_in_text("\n".join(lines))
