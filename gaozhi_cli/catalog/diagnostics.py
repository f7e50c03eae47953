"""What the validator reports: one Diagnostic per problem, with its exact place."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding. The field names are the stable JSON contract of ``--format json``."""

    file: str
    line: int
    column: int
    item: int | None  # the item's 序号 (its position in the list when 序号 itself is bad)
    field: str | None  # e.g. 设定依据[1].文号
    code: str
    name: str
    severity: Severity
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "item": self.item,
            "field": self.field,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
        }

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


@dataclass(frozen=True, slots=True)
class ResolvedBasis:
    """What a 设定依据 was found to be in the statute book (``basis_resolved`` in JSON)."""

    item: int  # 序号
    field: str  # 设定依据[1]
    line: int
    cited: str  # the 名称 as written
    title: str | None = None  # None: not in the book
    level: str | None = None
    version: str | None = None  # ISO date of the version the citation names
    in_force: bool | None = None
    how: str | None = None  # exact, loose, number

    def to_json(self) -> dict[str, Any]:
        if self.title is None:
            return {"cited": self.cited, "found": False}
        return {
            "cited": self.cited,
            "found": True,
            "title": self.title,
            "level": self.level,
            "version": self.version,
            "in_force": self.in_force,
            "matched_by": self.how,
        }


@dataclass(slots=True)
class FileResult:
    """The outcome for one file: its diagnostics and how many items it holds."""

    file: str
    items: int = 0
    item_names: dict[int, str] = field(default_factory=dict)  # 序号 -> 证明事项, for reports
    diagnostics: list[Diagnostic] = field(default_factory=list)
    bases: list[ResolvedBasis] = field(default_factory=list)


@dataclass(slots=True)
class LintReport:
    files: list[FileResult] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    @property
    def item_count(self) -> int:
        return sum(f.items for f in self.files)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def fails(self, *, strict: bool) -> bool:
        threshold = Severity.WARNING.rank if strict else Severity.ERROR.rank
        return any(d.severity.rank >= threshold for d in self.diagnostics)

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "items": self.item_count,
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "files_with_findings": sum(1 for f in self.files if f.diagnostics),
        }


def field_label(path: tuple[str | int, ...]) -> str | None:
    """``('设定依据', 0, '文号')`` -> ``设定依据[1].文号`` (list positions counted from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else part
    return out or None
