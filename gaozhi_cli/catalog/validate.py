"""Run the rules over catalogue files and place every finding at its line and column."""

from __future__ import annotations

import bisect
import fnmatch
from collections.abc import Callable, Sequence
from functools import partial
from itertools import accumulate, repeat
from operator import add
from pathlib import Path

from gaozhi_cli.catalog.diagnostics import Diagnostic, FileResult, LintReport, ResolvedBasis, field_label
from gaozhi_cli.catalog.files import collect_files
from gaozhi_cli.catalog.loader import ALIASES, ITEMS_KEY, Entry, Loaded, Problem, load_text, read_file
from gaozhi_cli.catalog.model import Catalog
from gaozhi_cli.catalog.rules import (
    CatalogContext,
    Finding,
    ItemContext,
    all_rules,
    catalog_rules,
    item_rules,
    matches,
    schema,
)
from gaozhi_cli.config import Settings
from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.identity import mask_ids_in_text
from gaozhi_cli.workers import collector_paused, file_sizes, in_turns, worker_count
from gaozhi_cli.yamldoc import Pos, locate, value_pos

SUPPRESSION_CODE = schema.unused_suppression.code
# Below this much input, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 1_000_000


def validate_paths(
    paths: Sequence[Path], settings: Settings | None = None, *, jobs: int | None = None
) -> LintReport:
    """Validate every catalogue file under ``paths``."""
    settings = settings or Settings()
    files = collect_files(paths)
    prepare(settings)
    return LintReport(in_turns(partial(_validate_run, settings=settings), files, file_workers(files, jobs)))


def prepare(settings: Settings) -> None:
    """Import the rule modules and load the statute book once, before any worker forks."""
    all_rules()
    if matches("GZ2", settings.select):
        from gaozhi_cli.statutes.book import load_book

        load_book(settings.statute_folders)


def file_workers(files: list[Path], jobs: int | None) -> int:
    """Processes for checking ``files`` (workers.in_turns): enough input to repay starting them."""
    total = sum(file_sizes(files))
    return worker_count(len(files), jobs, enough=len(files) >= 4 and total >= PARALLEL_MIN_BYTES)


def _validate_run(files: list[Path], settings: Settings) -> list[FileResult]:
    prepare(settings)  # done already where the worker was forked; spawned workers need it
    with collector_paused():
        return [validate_file(f, settings) for f in files]


def validate_file(path: Path, settings: Settings | None = None) -> FileResult:
    return checked_file(path, settings or Settings())[1]


def checked_file(path: Path, settings: Settings) -> tuple[Loaded, FileResult]:
    """A file read, and what every enabled rule says about it."""
    loaded = read_file(path, max_size=settings.max_file_size)
    return loaded, check_loaded(loaded, settings, ignores=_file_ignores(path, settings))


def validate_text(text: str, settings: Settings | None = None, *, file: str = "<文本>") -> FileResult:
    """Validate catalogue YAML given as a string (for the API and tests)."""
    settings = settings or Settings()
    return check_loaded(load_text(text, file), settings)


def _file_ignores(path: Path, settings: Settings) -> list[str]:
    if not settings.per_file_ignores:
        return []
    try:
        relative = path.resolve().relative_to(settings.base_dir.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    codes: list[str] = []
    for pattern, ignored in settings.per_file_ignores.items():
        if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern):
            codes.extend(ignored)
    return codes


class _Placer:
    """Turns rule findings and loader problems into diagnostics for one file."""

    def __init__(self, loaded: Loaded, settings: Settings, enabled: Callable[[str], bool]) -> None:
        self.loaded = loaded
        self.settings = settings
        self.enabled = enabled
        self.rules = all_rules()
        self._line_starts: list[int] | None = None

    def diagnostic(
        self, code: str, pos: Pos, message: str, item: int | None, path: tuple[str | int, ...]
    ) -> Diagnostic:
        rule = self.rules[code]
        return Diagnostic(
            file=self.loaded.file,
            line=pos.line,
            column=pos.column,
            item=item,
            field=field_label(path),
            code=code,
            name=rule.name,
            severity=rule.severity_for(self.settings.profile),
            message=mask_ids_in_text(message),  # messages quote values; never an ID number
        )

    def from_problem(self, p: Problem) -> Diagnostic:
        label = self.loaded.entries[p.item_index].label if p.item_index is not None else None
        return self.diagnostic(p.code, p.pos, p.message, label, p.path)

    def from_finding(self, code: str, f: Finding, item_index: int | None, label: int | None) -> Diagnostic:
        full = ((ITEMS_KEY, item_index) if item_index is not None else ()) + f.path
        root = self.loaded.root
        pos = (
            value_pos(root, full, aliases=ALIASES) if f.at == "value" else locate(root, full, aliases=ALIASES)
        )
        if f.needle:
            pos = self._find(f.needle, pos)
        return self.diagnostic(code, pos, f.message, label, f.path)

    def _find(self, needle: str, start: Pos) -> Pos:
        """The position of ``needle`` in the source, searching from ``start`` (exact column)."""
        text = self.loaded.text
        if self._line_starts is None:
            # each line starts one past the end of the one before: summed at C speed
            lengths = map(len, text.split("\n")[:-1])
            self._line_starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))
        if start.line > len(self._line_starts):
            return start
        offset = self._line_starts[start.line - 1] + start.column - 1
        found = text.find(needle, offset)
        if found == -1:
            return start
        line = bisect.bisect_right(self._line_starts, found)
        return Pos(line, found - self._line_starts[line - 1] + 1)


def check_loaded(loaded: Loaded, settings: Settings, *, ignores: Sequence[str] = ()) -> FileResult:
    """Apply every enabled rule to a loaded file."""
    ignored = [*settings.ignore, *ignores]

    def enabled(code: str) -> bool:
        return matches(code, settings.select) and not matches(code, ignored)

    placer = _Placer(loaded, settings, enabled)
    result = FileResult(loaded.file)
    result.items = len(loaded.entries)
    per_item: dict[int, list[Diagnostic]] = {}
    file_level: list[Diagnostic] = []
    for p in loaded.problems:
        if enabled(p.code):
            d = placer.from_problem(p)
            (per_item.setdefault(p.item_index, []) if p.item_index is not None else file_level).append(d)

    header = loaded.header
    checked = [e for e in loaded.entries if e.item is not None]
    for entry in loaded.entries:
        result.item_names[entry.label] = entry.item.name if entry.item else ""
    rules = list(item_rules(enabled))
    resolve_bases = any(enabled(c) for c in placer.rules if c.startswith("GZ2"))
    for entry in checked:
        assert entry.item is not None
        ctx = ItemContext(entry.item, header, settings)
        bucket = per_item.setdefault(entry.index, [])
        for rule in rules:
            assert rule.check is not None
            for finding in rule.check(ctx):
                if not _on_bad_field(finding.path, entry.bad_fields):
                    bucket.append(placer.from_finding(rule.code, finding, entry.index, entry.label))
        if resolve_bases and "设定依据" not in entry.bad_fields:
            result.bases += _resolved(ctx, entry.index, entry.label, loaded)
    valid = [(e.index, e.item) for e in checked if e.valid and e.item is not None]
    if valid:
        labels = {e.index: e.label for e in checked}
        catalog_ctx = CatalogContext(valid, header, settings)
        for rule in catalog_rules(enabled):
            assert rule.check is not None
            for finding in rule.check(catalog_ctx):
                index = _item_index(finding)
                d = placer.from_finding(
                    rule.code, _relative(finding), index, labels.get(index) if index is not None else None
                )
                (per_item.setdefault(index, []) if index is not None else file_level).append(d)

    diagnostics = list(file_level)
    for entry in loaded.entries:
        found = per_item.get(entry.index, [])
        diagnostics.extend(_apply_suppressions(entry.item.ignore if entry.item else [], found, entry, placer))
    diagnostics.sort(key=lambda d: d.sort_key)
    result.diagnostics = diagnostics
    return result


def _resolved(ctx: ItemContext, index: int, label: int, loaded: Loaded) -> list[ResolvedBasis]:
    """Each basis of an item as the statute book resolved it (for JSON and --show-bases)."""
    from gaozhi_cli.catalog.rules.basis import basis_checks

    out = []
    for n, check in enumerate(basis_checks(ctx)):
        pos = locate(loaded.root, (ITEMS_KEY, index, "设定依据", n), aliases=ALIASES)
        resolved = check.resolved
        if resolved is None:
            out.append(ResolvedBasis(label, f"设定依据[{n + 1}]", pos.line, check.cited_title))
            continue
        doc = resolved.document
        out.append(
            ResolvedBasis(
                label,
                f"设定依据[{n + 1}]",
                pos.line,
                check.cited_title,
                doc.title,
                doc.level,
                resolved.version.day.isoformat(),
                doc.in_force,
                resolved.how,
            )
        )
    return out


def _on_bad_field(path: tuple[str | int, ...], bad_fields: frozenset[str]) -> bool:
    """Findings on a field that already broke the schema would only repeat that error."""
    return bool(bad_fields) and (not path or str(path[0]) in bad_fields)


def _item_index(finding: Finding) -> int | None:
    path = finding.path
    if len(path) >= 2 and path[0] == ITEMS_KEY and isinstance(path[1], int):
        return path[1]
    return None


def _relative(finding: Finding) -> Finding:
    """Catalogue rules give root paths; make them item-relative where they point into an item."""
    if _item_index(finding) is None:
        return finding
    return Finding(finding.message, finding.path[2:], finding.at, finding.needle)


def _apply_suppressions(
    ignore: list[str], found: list[Diagnostic], entry: Entry, placer: _Placer
) -> list[Diagnostic]:
    if not ignore:
        return found
    kept = [d for d in found if not matches(d.code, ignore) or d.code == SUPPRESSION_CODE]
    if placer.enabled(SUPPRESSION_CODE):
        fired = {d.code for d in found}
        known = placer.rules
        for n, code in enumerate(ignore):
            code_up = code.strip().upper()
            if not any(k.startswith(code_up) for k in known):
                message = f"“忽略”中的 {code} 不是已知的规则代码（gaozhi catalog rules 可列出全部规则）"
            elif not any(c.startswith(code_up) for c in fired):
                message = f"“忽略”中的 {code} 在本事项上没有触发，可以删去"
            else:
                continue
            kept.append(
                placer.from_finding(SUPPRESSION_CODE, Finding(message, ("忽略", n)), entry.index, entry.label)
            )
    return kept


class CatalogHasErrors(GaozhiError):
    """A catalogue that the validator rejects, with the diagnostics that say why."""

    def __init__(self, result: FileResult) -> None:
        errors = [d for d in result.diagnostics if d.severity.rank >= 2]
        shown = "\n".join(f"  {d.file}:{d.line}:{d.column}: {d.code} {d.message}" for d in errors[:10])
        more = f"\n  ……另有 {len(errors) - 10} 个错误" if len(errors) > 10 else ""
        super().__init__(
            f"目录 {result.file} 有 {len(errors)} 个错误，请先修正（gaozhi catalog validate 可查看全部）：\n{shown}{more}"
        )
        self.result = result


def load_catalog(path: Path, settings: Settings | None = None) -> tuple[Catalog, FileResult]:
    """Load a catalogue for use (letters, export): validated, and refused if it has errors.

    Returns the catalogue and the validation result (whose warnings the caller may show).
    """
    loaded, result = checked_file(path, settings or Settings())
    return catalog_of(loaded, result), result


def has_errors(result: FileResult) -> bool:
    return any(d.severity.rank >= 2 for d in result.diagnostics)


def catalog_of(loaded: Loaded, result: FileResult) -> Catalog:
    """The catalogue of a checked file. Raises CatalogHasErrors if the check found errors."""
    if has_errors(result) or loaded.header is None:
        raise CatalogHasErrors(result)
    # the items are validated models already: pydantic takes them as they are
    items = [e.item for e in loaded.entries if e.item is not None]
    return Catalog.model_validate({**loaded.header.model_dump(by_alias=True), "证明事项": items})
