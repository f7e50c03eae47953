"""Small YAML data files a user writes by hand (holiday notices, deadline rules, column maps).

Each is read whole, checked field by field, and every problem is reported with the file, line
and field, all at once, so that one run shows everything to fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from gaozhi_cli.dates import coerce_date
from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import NotTextError, decode_bytes, display_path, os_reason
from gaozhi_cli.yamldoc import PMap, Pos, PSeq, parse


class DataFileError(UsageError):
    """A data file the user wrote has problems; ``problems`` are ``(pos, message)`` pairs."""

    def __init__(self, file: str, problems: list[tuple[Pos, str]]) -> None:
        lines = [f"{file}:{pos.line}:{pos.column}：{message}" for pos, message in problems]
        super().__init__(f"{file} 有 {len(problems)} 处问题：\n" + "\n".join(lines))
        self.file = file
        self.problems = problems


@dataclass
class DataFile:
    """A parsed file plus the problems found so far; ``check()`` raises if there are any."""

    file: str
    root: Any
    problems: list[tuple[Pos, str]] = field(default_factory=list)

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append((pos, message))

    def check(self) -> None:
        if self.problems:
            raise DataFileError(self.file, sorted(self.problems))

    def root_mapping(self, what: str, keys: dict[str, str] | None = None) -> PMap:
        """The whole file as a mapping with known keys; raises at once when it is not one."""
        root = self.mapping(self.root, Pos(1, 1), what, keys)
        if root is None:
            raise DataFileError(self.file, self.problems)
        return root

    def mapping(self, node: Any, pos: Pos, what: str, keys: dict[str, str] | None = None) -> PMap | None:
        """``node`` if it is a mapping; with ``keys`` (Chinese → English), every key must be one."""
        if not isinstance(node, PMap):
            self.problem(pos, f"{what}应为“键: 值”的映射")
            return None
        if keys is None:
            return node
        known = {**keys, **{english: chinese for chinese, english in keys.items()}}
        for key in node:
            if key not in known:
                self.problem(node.key_pos[key], f"{what}中有未知字段“{key}”（可用：{'、'.join(keys)}）")
        return node

    def get(self, node: PMap, key: str, english: str) -> tuple[Any, Pos] | None:
        """The value under the Chinese key or its English name, with its position."""
        for k in (key, english):
            if k in node:
                return node[k], node.value_pos[k]
        return None

    def text(self, node: PMap, key: str, english: str, *, required: bool = True) -> str | None:
        found = self.get(node, key, english)
        if found is None or found[0] is None:
            if required:
                self.problem(node.pos, f"缺少“{key}”")
            return None
        value, pos = found
        if isinstance(value, PMap | PSeq) or not str(value).strip():
            self.problem(pos, f"“{key}”应为非空文字")
            return None
        return str(value).strip()

    def day(self, value: Any, pos: Pos, what: str) -> date | None:
        d = coerce_date(value)
        if d is None:
            self.problem(pos, f"“{what}”应为日期，如 2027-01-01 或 2027年1月1日，实际为“{value}”")
        return d

    def items(self, value: Any, pos: Pos, what: str) -> Iterator[tuple[Any, Pos]]:
        """The items of a list (a single value counts as a one-item list), with positions."""
        if isinstance(value, PSeq):
            yield from zip(value, value.item_pos, strict=True)
        elif isinstance(value, PMap) or value is None:
            self.problem(pos, f"“{what}”应为列表")
        else:
            yield value, pos


def read_data_file(path: Path, what: str) -> DataFile:
    """Read and parse a YAML data file. Raises DataFileError when it cannot be parsed at all."""
    shown = display_path(path)
    try:
        text = decode_bytes(path.read_bytes()).text
    except FileNotFoundError:
        raise UsageError(f"找不到{what}：{shown}") from None
    except OSError as exc:
        raise UsageError(f"无法读取{what} {shown}：{os_reason(exc)}") from None
    except NotTextError as exc:
        raise DataFileError(shown, [(Pos(1, 1), exc.message)]) from None
    doc = parse(text)
    result = DataFile(shown, doc.data, [(p.pos, p.message) for p in doc.problems])
    if doc.data is None and not doc.problems:
        result.problem(Pos(1, 1), f"{what}是空的")
    result.check()
    return result
