"""Load catalogues for publication as 附件3 tables.

A catalogue with errors is refused (the validator says why) unless the caller allows it; then
the items that could be read are published as they are, and the caller is told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from gaozhi_cli.catalog.annex3 import Row, Table, table_of
from gaozhi_cli.catalog.diagnostics import FileResult, Severity
from gaozhi_cli.catalog.files import collect_files
from gaozhi_cli.catalog.loader import Loaded
from gaozhi_cli.catalog.model import Catalog
from gaozhi_cli.catalog.validate import (
    CatalogHasErrors,
    catalog_of,
    checked_file,
    file_workers,
    has_errors,
    prepare,
)
from gaozhi_cli.config import Settings
from gaozhi_cli.errors import GaozhiError, UsageError
from gaozhi_cli.identity import mask_ids_in_text
from gaozhi_cli.workers import collector_paused, in_turns


@dataclass(slots=True)
class Publication:
    """The tables to publish, with what the validator said about their files."""

    tables: list[Table] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.results for d in r.diagnostics if d.severity is severity)


@dataclass(frozen=True, slots=True)
class _Published:
    """One file as a worker returns it: its table unless it was refused, or why it is unreadable."""

    result: FileResult
    table: Table | None = None
    refused: bool = False
    unreadable: str | None = None


def load_publication(
    paths: Sequence[Path],
    settings: Settings | None = None,
    *,
    allow_errors: bool = False,
    jobs: int | None = None,
) -> Publication:
    """Every catalogue under ``paths`` as a table. Raises CatalogsHaveErrors, naming every
    file with errors, unless ``allow_errors``; a file that cannot be read is refused anyway.

    Each file is read and checked once, in worker processes when there is enough input."""
    settings = settings or Settings.model_validate({})
    files = collect_files(paths)
    if not files:
        raise UsageError("没有找到目录文件（*.yaml、*.yml）")
    prepare(settings)
    outcomes = in_turns(
        partial(_publish_run, settings=settings, allow_errors=allow_errors), files, file_workers(files, jobs)
    )
    publication = Publication()
    refused: list[CatalogHasErrors] = []
    for outcome in outcomes:
        if outcome.refused:
            refused.append(CatalogHasErrors(outcome.result))
        if outcome.unreadable is not None:
            raise GaozhiError(outcome.unreadable)
        if outcome.table is not None:
            publication.tables.append(outcome.table)
            publication.results.append(outcome.result)
    if refused and not allow_errors:
        raise CatalogsHaveErrors(refused)
    return publication


def _publish_run(files: list[Path], settings: Settings, allow_errors: bool) -> list[_Published]:
    prepare(settings)  # done already where the worker was forked; spawned workers need it
    with collector_paused():
        return [_publish(f, settings, allow_errors) for f in files]


def _publish(path: Path, settings: Settings, allow_errors: bool) -> _Published:
    loaded, result = checked_file(path, settings)
    if not has_errors(result) and loaded.header is not None:
        return _Published(result, _masked(table_of(catalog_of(loaded, result))))
    if not allow_errors:
        return _Published(result, refused=True)
    if not loaded.readable or loaded.root is None:
        reason = next((f"第 {d.line} 行：{d.message}" for d in result.diagnostics), "")
        return _Published(
            result, refused=True, unreadable=f"目录 {result.file} 无法读取，不能导出（{reason}）"
        )
    return _Published(result, _masked(table_of(_readable_part(loaded))), refused=True)


def _masked(table: Table) -> Table:
    """A published table never shows a personal ID number, whatever a cell was given."""
    rows = tuple(Row(*map(mask_ids_in_text, row.cells())) for row in table.rows)
    return Table(mask_ids_in_text(table.agency), rows)


def _readable_part(loaded: Loaded) -> Catalog:
    """The header and items of a catalogue with errors, as far as they could be read."""
    agency = loaded.header.agency if loaded.header else ""
    items = [e.item for e in loaded.entries if e.item is not None]
    return Catalog.model_construct(agency=agency, items=items)


class CatalogsHaveErrors(GaozhiError):
    def __init__(self, refused: list[CatalogHasErrors]) -> None:
        shown = "\n".join(exc.message for exc in refused)
        super().__init__(f"{shown}\n有错误的目录不能导出；确需导出（如供内部审阅）请加 --allow-errors")
        self.refused = refused
