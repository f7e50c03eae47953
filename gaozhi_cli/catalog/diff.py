"""What changed between two versions of a catalogue (seed 四(一) 动态调整).

Items are matched by 证明事项 + 证明用途, never by 序号: inserting an item renumbers the
rest, and that is not a change to announce. Legal bases are matched by their 名称, so that a
basis added in front does not make every other one look changed. A version is a file, a
folder of files (catalogues matched by 行政机关), or a path at a git revision.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from gaozhi_cli.catalog.annex3 import basis_text
from gaozhi_cli.catalog.files import YAML_SUFFIXES, collect_files
from gaozhi_cli.catalog.loader import Loaded, load_text, read_file
from gaozhi_cli.catalog.model import Basis, Catalog, Item, normalise
from gaozhi_cli.config import Settings
from gaozhi_cli.dates import format_cn
from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import NotTextError, decode_bytes

# Fields that are not part of what a catalogue publishes.
NOT_COMPARED = {"seq", "ignore"}
BASES = "设定依据"


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str  # e.g. 监管措施.核查时限, 设定依据《中华人民共和国律师法》.条款
    old: str | None
    new: str | None


@dataclass(slots=True)
class ItemChange:
    old: Item
    new: Item
    changes: list[FieldChange]


@dataclass(slots=True)
class CatalogDiff:
    agency: str
    old_file: str | None  # None: the catalogue is new
    new_file: str | None  # None: the catalogue was removed
    header: list[FieldChange] = field(default_factory=list)
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    unchanged: int = 0
    renumbered: int = 0  # unchanged items whose 序号 moved

    @property
    def has_changes(self) -> bool:
        return bool(self.header or self.added or self.removed or self.changed)


@dataclass(slots=True)
class DiffReport:
    old: str
    new: str
    catalogs: list[CatalogDiff] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(c.has_changes for c in self.catalogs)

    def totals(self) -> dict[str, int]:
        return {
            "catalogs": len(self.catalogs),
            "added": sum(len(c.added) for c in self.catalogs),
            "removed": sum(len(c.removed) for c in self.catalogs),
            "changed": sum(len(c.changed) for c in self.catalogs),
            "unchanged": sum(c.unchanged for c in self.catalogs),
        }


# -- comparing ---------------------------------------------------------------------------------


def diff_catalogs(
    old: Catalog | None, new: Catalog | None, old_file: str | None, new_file: str | None
) -> CatalogDiff:
    either = new or old
    result = CatalogDiff(either.agency if either else "", old_file, new_file)
    if old is not None and new is not None:
        result.header = list(_changes(_header_fields(old), _header_fields(new)))
    old_items = _keyed(old.items if old else [])
    new_items = _keyed(new.items if new else [])
    for key, item in new_items.items():
        before = old_items.get(key)
        if before is None:
            result.added.append(item)
            continue
        changes = item_changes(before, item)
        if changes:
            result.changed.append(ItemChange(before, item, changes))
        else:
            result.unchanged += 1
            result.renumbered += before.seq != item.seq
    result.removed = [item for key, item in old_items.items() if key not in new_items]
    return result


def _keyed(items: list[Item]) -> dict[tuple[str, str, int], Item]:
    """Items by (证明事项, 证明用途, n): a repeated pair (an error, GZ102) is matched in order."""
    seen: dict[tuple[str, str], int] = {}
    out = {}
    for item in items:
        key = item.identity
        n = seen[key] = seen.get(key, 0) + 1
        full = (*key, n)
        out[full] = item
    return out


def item_changes(old: Item, new: Item) -> list[FieldChange]:
    changes = list(_basis_changes(old.bases, new.bases))
    changes += _changes(_fields(old), _fields(new))
    return changes


def _changes(old: dict[str, str], new: dict[str, str]) -> Iterator[FieldChange]:
    """Fields that differ as a reader sees them (spaces and full/half-width forms aside)."""
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if before != after and (before is None or after is None or normalise(before) != normalise(after)):
            yield FieldChange(key, before, after)


def _fields(item: Item) -> dict[str, str]:
    data = item.model_dump(by_alias=True, exclude_none=True, exclude={*NOT_COMPARED, "bases"})
    return dict(_flatten(data, ""))


def _header_fields(catalog: Catalog) -> dict[str, str]:
    data = catalog.model_dump(by_alias=True, exclude_none=True, exclude={"items"})
    return dict(_flatten(data, ""))


def _basis_changes(old: list[Basis], new: list[Basis]) -> Iterator[FieldChange]:
    """Bases are matched by 名称: field by field when both have it, whole when one lacks it."""
    before, after = _by_title(old), _by_title(new)
    for title in dict.fromkeys([*before, *after]):
        a, b = before.get(title), after.get(title)
        if a is None or b is None:
            yield FieldChange(f"{BASES}{title}", basis_text(a) if a else None, basis_text(b) if b else None)
            continue
        fields_a = dict(_flatten(a.model_dump(by_alias=True, exclude_none=True, exclude={"title"}), ""))
        fields_b = dict(_flatten(b.model_dump(by_alias=True, exclude_none=True, exclude={"title"}), ""))
        for change in _changes(fields_a, fields_b):
            yield FieldChange(f"{BASES}{title}.{change.field}", change.old, change.new)


def _by_title(bases: list[Basis]) -> dict[str, Basis]:
    out: dict[str, Basis] = {}
    for basis in bases:
        title, n = basis.title, 2
        while title in out:  # the same law cited twice (two articles): number the repeats
            title, n = f"{basis.title}（{n}）", n + 1
        out[title] = basis
    return out


def _flatten(value: Any, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flatten(inner, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        if value:
            shown = [_shown(v) for v in value]
            # Short words (核查方式) read as a list with 、; sentences (不实承诺责任) need ；.
            yield prefix, ("、" if all(len(s) <= 8 and "，" not in s for s in shown) else "；").join(shown)
    else:
        yield prefix, _shown(value)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return format_cn(value)
    return str(value)


# -- loading the two versions ------------------------------------------------------------------


@dataclass(slots=True)
class Version:
    """One side of the comparison: its label and catalogues by 行政机关."""

    label: str
    catalogs: dict[str, tuple[str, Catalog]] = field(default_factory=dict)  # agency -> (file, catalog)
    warnings: list[str] = field(default_factory=list)
    single: bool = False  # one file was named: compare it with the other side whatever its agency
    unreadable: list[str] = field(default_factory=list)  # "file：reason"


def load_version(spec: str, settings: Settings | None = None, *, cwd: Path | None = None) -> Version:
    """``spec`` is a file, a folder, or ``REV:PATH`` (a path as git names it at a revision)."""
    settings = settings or Settings.model_validate({})
    path = Path(spec)
    if path.exists():
        files = collect_files([path])
        version = Version(spec, single=path.is_file())
        for file in files:
            _add(version, read_file(file, max_size=settings.max_file_size))
        return _checked(version)
    if ":" in spec and not spec.startswith(":"):
        rev, _, name = spec.partition(":")
        return _git_version(spec, rev, name, cwd or Path.cwd())
    raise UsageError(
        f"找不到文件或目录：{spec}（git 中的版本请写作 修订:路径，如 HEAD~1:catalogs/司法局.yaml）"
    )


def _add(version: Version, loaded: Loaded) -> None:
    if not loaded.readable or (loaded.header is None and not loaded.entries):
        reason = next((f"第 {p.pos.line} 行：{p.message}" for p in loaded.problems), "没有内容")
        version.unreadable.append(f"{loaded.file}（{reason}）")
        version.warnings.append(f"无法读取 {loaded.file}，未参与比较（{reason}）")
        return
    if loaded.problems:
        version.warnings.append(
            f"{loaded.file} 有 {len(loaded.problems)} 处格式问题，有问题的字段按空值比较（gaozhi catalog validate 可查看）"
        )
    agency = loaded.header.agency if loaded.header else ""
    items = [e.item for e in loaded.entries if e.item is not None]
    header = dict(loaded.header) if loaded.header else {"agency": ""}
    catalog = Catalog.model_construct(**header, items=items)
    key = agency or loaded.file
    if key in version.catalogs:
        version.warnings.append(
            f"{loaded.file} 与 {version.catalogs[key][0]} 是同一行政机关（{agency}），只比较前者"
        )
        return
    version.catalogs[key] = (loaded.file, catalog)


def _git(args: list[str], cwd: Path, what: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise UsageError("找不到 git 命令：比较 git 中的版本需要安装 git") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in message:
            raise UsageError(f"当前目录不在 git 仓库中，无法读取 {what}")
        first = message.splitlines()[0] if message else "未知错误"
        raise UsageError(f"git 中找不到 {what}（{first}）；写法为 修订:路径，如 HEAD~1:catalogs/司法局.yaml")
    return done.stdout


def _git_version(spec: str, rev: str, name: str, cwd: Path) -> Version:
    kind = _git(["cat-file", "-t", spec], cwd, spec).decode().strip()
    version = Version(spec, single=kind == "blob")
    if kind == "blob":
        names = [name]
    elif kind == "tree":
        listed = _git(["ls-tree", "-r", "--full-tree", "--name-only", "-z", spec], cwd, spec).decode("utf-8")
        names = [
            f"{name.rstrip('/')}/{n}"  # string join keeps a leading ./ (relative to the working directory)
            for n in sorted(listed.split("\0"))
            if n.endswith(YAML_SUFFIXES) and not any(p.startswith(".") for p in PurePosixPath(n).parts)
        ]
    else:
        raise UsageError(f"{spec} 在 git 中不是文件或目录")
    for file in names:
        label = f"{rev}:{file}"
        try:
            text = decode_bytes(_git(["show", label], cwd, label)).text
        except NotTextError as exc:
            version.warnings.append(f"{label} 无法读取，未参与比较（{exc.message}）")
            continue
        _add(version, load_text(text, label))
    return _checked(version)


def _checked(version: Version) -> Version:
    """A single file that cannot be read is an error, not a catalogue that disappeared."""
    if version.single and not version.catalogs:
        raise UsageError(f"无法读取 {version.unreadable[0] if version.unreadable else version.label}")
    return version


def diff_versions(old: Version, new: Version) -> DiffReport:
    report = DiffReport(old.label, new.label, warnings=[*old.warnings, *new.warnings])
    if old.single and new.single and len(old.catalogs) == 1 and len(new.catalogs) == 1:
        (old_file, old_cat), (new_file, new_cat) = (*old.catalogs.values(), *new.catalogs.values())
        report.catalogs.append(diff_catalogs(old_cat, new_cat, old_file, new_file))
        return report
    for agency in dict.fromkeys([*new.catalogs, *old.catalogs]):
        before, after = old.catalogs.get(agency), new.catalogs.get(agency)
        report.catalogs.append(
            diff_catalogs(
                before[1] if before else None,
                after[1] if after else None,
                before[0] if before else None,
                after[0] if after else None,
            )
        )
    return report
