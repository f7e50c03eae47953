"""Load catalogues for publication as 附件3 tables.

A catalogue with errors is refused (the validator says why) unless the caller allows it; then
the items that could be read are published as they are, and the caller is told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gaozhi_cli.catalog.annex3 import Row, Table, table_of
from gaozhi_cli.catalog.diagnostics import FileResult, Severity
from gaozhi_cli.catalog.files import collect_files
from gaozhi_cli.catalog.loader import read_file
from gaozhi_cli.catalog.model import Catalog
from gaozhi_cli.catalog.validate import CatalogHasErrors, load_catalog
from gaozhi_cli.config import Settings
from gaozhi_cli.errors import GaozhiError, UsageError
from gaozhi_cli.identity import mask_ids_in_text


@dataclass(slots=True)
class Publication:
    """The tables to publish, with what the validator said about their files."""

    tables: list[Table] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.results for d in r.diagnostics if d.severity is severity)


def load_publication(
    paths: Sequence[Path], settings: Settings | None = None, *, allow_errors: bool = False
) -> Publication:
    """Every catalogue under ``paths`` as a table. Raises CatalogsHaveErrors, naming every
    file with errors, unless ``allow_errors``; a file that cannot be read is refused anyway."""
    settings = settings or Settings.model_validate({})
    files = collect_files(paths)
    if not files:
        raise UsageError("没有找到目录文件（*.yaml、*.yml）")
    publication = Publication()
    refused: list[CatalogHasErrors] = []
    for path in files:
        try:
            catalog, result = load_catalog(path, settings)
        except CatalogHasErrors as exc:
            refused.append(exc)
            if allow_errors:
                publication.tables.append(_masked(table_of(_readable_part(path, settings, exc.result))))
                publication.results.append(exc.result)
            continue
        publication.tables.append(_masked(table_of(catalog)))
        publication.results.append(result)
    if refused and not allow_errors:
        raise CatalogsHaveErrors(refused)
    return publication


def _masked(table: Table) -> Table:
    """A published table never shows a personal ID number, whatever a cell was given."""
    rows = tuple(Row(*map(mask_ids_in_text, row.cells())) for row in table.rows)
    return Table(mask_ids_in_text(table.agency), rows)


def _readable_part(path: Path, settings: Settings, result: FileResult) -> Catalog:
    """The header and items of a catalogue with errors, as far as they could be read."""
    loaded = read_file(path, max_size=settings.max_file_size)
    if not loaded.readable or loaded.root is None:
        reason = next((f"第 {d.line} 行：{d.message}" for d in result.diagnostics), "")
        raise GaozhiError(f"目录 {result.file} 无法读取，不能导出（{reason}）")
    agency = loaded.header.agency if loaded.header else ""
    items = [e.item for e in loaded.entries if e.item is not None]
    return Catalog.model_construct(agency=agency, items=items)


class CatalogsHaveErrors(GaozhiError):
    def __init__(self, refused: list[CatalogHasErrors]) -> None:
        shown = "\n".join(exc.message for exc in refused)
        super().__init__(f"{shown}\n有错误的目录不能导出；确需导出（如供内部审阅）请加 --allow-errors")
        self.refused = refused
