"""Data flows one way: the CLI on top, capabilities below it, shared domain pieces at the bottom.
This test reads every module's imports (top level and inside functions) and keeps it so."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "gaozhi_cli"
CAPABILITIES = ("catalog", "letters", "deadlines", "calendar", "statutes", "formats", "cli")
BOTTOM = (
    "numerals",
    "dates",
    "files",
    "errors",
    "identity",
    "modelbase",
    "docnumbers",
    "formtext",
    "workers",
    "zipguard",
    "workbook",
    "cellsafety",
    "dockind",
)


def _imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
        found[module] = {n for n in names if n.startswith("gaozhi_cli")}
    return found


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_library_module_imports_the_cli() -> None:
    library = {m: d for m, d in _imports().items() if _part(m) not in ("cli", "__main__")}
    offenders = [(m, i) for m, deps in library.items() for i in deps if _part(i) == "cli"]
    assert offenders == []


def test_the_statute_book_stands_on_shared_pieces_only() -> None:
    offenders = [
        (m, i)
        for m, deps in _imports().items()
        if _part(m) == "statutes"
        for i in deps
        if _part(i) in CAPABILITIES and _part(i) != "statutes"
    ]
    assert offenders == []


def test_shared_pieces_import_no_capability() -> None:
    offenders = [
        (m, i)
        for m, deps in _imports().items()
        if _part(m) in BOTTOM
        for i in deps
        if _part(i) in CAPABILITIES
    ]
    assert offenders == []


def test_rules_read_only_the_model_and_what_it_rests_on() -> None:
    """A rule sees a catalogue item, its diagnostics and settings, and the statute book."""
    allowed_catalog = {"model", "diagnostics", "rules", "timelimit"}
    offenders = [
        (m, i)
        for m, deps in _imports().items()
        if m.startswith("gaozhi_cli.catalog.rules")
        for i in deps
        if (_part(i) == "catalog" and i.split(".")[2] not in allowed_catalog)
        or (_part(i) in CAPABILITIES and _part(i) not in ("catalog", "statutes"))
    ]
    assert offenders == []


def test_data_models_import_no_output_format() -> None:
    """Validating data (catalogue, letter fields and forms) never loads an output format."""
    models = [m for m in _imports() if m.endswith((".model", ".fields")) or ".letters.forms" in m]
    offenders = [(m, i) for m in models for i in _imports()[m] if _part(i) in ("formats", "cli")]
    assert models and offenders == []


def test_reading_and_computing_import_no_output_format() -> None:
    """catalog, deadlines, calendar and statutes read and compute; formats render their results
    (letters lays out its own documents, through formats.gbt9704)."""
    offenders = [
        (m, i)
        for m, deps in _imports().items()
        if _part(m) in ("catalog", "deadlines", "calendar", "statutes")
        for i in deps
        if _part(i) in ("formats", "letters", "cli")
    ]
    assert offenders == []
