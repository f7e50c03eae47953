"""Renderers for validator reports: text, concise, json, github, gitlab, sarif, junit.

Each takes a LintReport and returns the whole output as a string, so a command can print it
or write it to a file in one piece.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

from gaozhi_cli import __version__
from gaozhi_cli.catalog.diagnostics import Diagnostic, LintReport, ResolvedBasis, Severity
from gaozhi_cli.catalog.rules import all_rules
from gaozhi_cli.dates import format_cn
from gaozhi_cli.formats import jsontext
from gaozhi_cli.formats.terminal import Piece, soft_wrapped

TOOL = "gaozhi"


def render_concise(report: LintReport) -> str:
    """``file:line:col: CODE [级别] message`` per line, then a count — ruff's concise form."""
    lines = [
        f"{d.file}:{d.line}:{d.column}: {d.code} [{d.severity.label}] {d.message}" for d in report.diagnostics
    ]
    lines.append(_summary_line(report))
    return "\n".join(lines) + "\n"


def _summary_line(report: LintReport) -> str:
    s = report.summary()
    if not report.diagnostics:
        return f"检查了 {s['files']} 个文件、{s['items']} 个证明事项，全部通过。"
    return (
        f"检查了 {s['files']} 个文件、{s['items']} 个证明事项：{s['errors']} 个错误，"
        f"{s['warnings']} 个警告（{s['files_with_findings']} 个文件有问题）。"
    )


def render_text(
    report: LintReport, *, color: bool = False, width: int = 100, show_bases: bool = False
) -> str:
    """Grouped by file, colour when the terminal has it, with a summary at the end;
    ``show_bases`` adds, per file, what each 设定依据 was found to be in the statute book."""
    lines: list[list[Piece]] = []
    for result in report.files:
        if show_bases and result.bases:
            lines.append([(result.file + "　设定依据", "bold underline")])
            lines.extend(_basis_line(b) for b in result.bases)
            lines.append([])
        if not result.diagnostics:
            continue
        lines.append([(result.file, "bold underline")])
        for d in result.diagnostics:
            style = "red" if d.severity is Severity.ERROR else "yellow"
            line = [
                ("  " + f"{d.line}:{d.column}".ljust(8), "dim"),
                (d.severity.label + " ", style),
                (d.code + " ", "bold " + style),
                (d.message, ""),
            ]
            context = " · ".join(
                p for p in (f"序号 {d.item}" if d.item is not None else "", d.field or "") if p
            )
            if context:
                line.append((f"  [{context}]", "dim"))
            lines.append(line)
        lines.append([])
    summary = _summary_line(report)
    style = (
        "bold green"
        if not report.diagnostics
        else "bold red"
        if report.count(Severity.ERROR)
        else "bold yellow"
    )
    lines.append([(("✓ " if not report.diagnostics else "") + summary, style)])
    return soft_wrapped(lines, color=color, width=width)


def render_json(report: LintReport) -> str:
    """The stable JSON contract: ``{"files", "items", "diagnostics": [...], "summary"}``, plus
    ``basis_resolved``: every 设定依据 as the statute book resolved it (title, level, version),
    also attached to each diagnostic about that basis."""
    diagnostics = []
    resolved = []
    for f in report.files:
        by_basis: dict[tuple[int | None, str], dict[str, Any]] = {
            (b.item, b.field): b.to_json() for b in f.bases
        }
        resolved += [
            {"file": f.file, "item": b.item, "field": b.field, "line": b.line, **b.to_json()} for b in f.bases
        ]
        for d in f.diagnostics:
            entry = d.to_json()
            basis = _basis_field(d.field)
            if basis is not None and (d.item, basis) in by_basis:
                entry["basis_resolved"] = by_basis[(d.item, basis)]
            diagnostics.append(entry)
    data = {
        "files": [f.file for f in report.files],
        "items": report.item_count,
        "diagnostics": diagnostics,
        "basis_resolved": resolved,
        "summary": report.summary(),
    }
    return jsontext.dumps(data) + "\n"


def _basis_field(field: str | None) -> str | None:
    """``设定依据[2].文号`` -> ``设定依据[2]``."""
    if not field or not field.startswith("设定依据["):
        return None
    return field.split(".", 1)[0]


def _basis_line(b: ResolvedBasis) -> list[Piece]:
    where = [("  " + f"{b.line}".ljust(6), "dim"), (f"序号 {b.item} · {b.field}  ", "dim"), (b.cited, "")]
    if b.title is None:
        return [*where, ("  → 法规库中没有", "yellow")]
    day = format_cn(date.fromisoformat(b.version)) if b.version else ""
    state = "现行有效" if b.in_force else "已废止或失效"
    found = f"  → 《{b.title}》{b.level}，{day}版本，{state}"
    return [*where, (found, "green" if b.in_force else "red")]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: LintReport) -> str:
    """GitHub Actions workflow commands, one annotation per diagnostic."""
    lines = []
    for d in report.diagnostics:
        level = "error" if d.severity is Severity.ERROR else "warning"
        props = ",".join(
            (
                f"title={_escape_property(f'{TOOL} {d.code} {d.name}')}",
                f"file={_escape_property(d.file)}",
                f"line={d.line}",
                f"col={d.column}",
            )
        )
        lines.append(
            f"::{level} {props}::{_escape_data(f'{d.file}:{d.line}:{d.column}: {d.code} {d.message}')}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def _fingerprint(d: Diagnostic, occurrence: int) -> str:
    key = f"{d.file}\0{d.code}\0{d.item}\0{d.field}\0{d.message}\0{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def render_gitlab(report: LintReport) -> str:
    """GitLab Code Quality report (also read by Gitee and Jenkins' warnings plugin)."""
    seen: dict[str, int] = {}
    issues = []
    for d in report.diagnostics:
        base = f"{d.file}{d.code}{d.item}{d.field}{d.message}"
        seen[base] = seen.get(base, 0) + 1
        issues.append(
            {
                "description": f"{d.code} {d.message}",
                "check_name": f"{d.code} {d.name}",
                "fingerprint": _fingerprint(d, seen[base]),
                "severity": "major" if d.severity is Severity.ERROR else "minor",
                # GitLab reads lines.begin; positions is the form Gitee and Jenkins read
                "location": {
                    "path": d.file,
                    "lines": {"begin": d.line},
                    "positions": {"begin": {"line": d.line, "column": d.column}},
                },
            }
        )
    return jsontext.dumps(issues) + "\n"


def render_sarif(report: LintReport) -> str:
    """SARIF 2.1.0 with the metadata of every rule, for code-scanning dashboards."""
    rules = list(all_rules().values())
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": TOOL,
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.explanation},
                "help": {"text": f"{r.explanation}\n\n依据：{r.source}"},
                "defaultConfiguration": {"level": r.severity.value},
                "properties": {"source": r.source, "family": r.family},
            }
            for r in rules
        ],
    }
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": d.severity.value,
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.file},
                        "region": {"startLine": d.line, "startColumn": d.column},
                    },
                    **(
                        {"logicalLocations": [{"name": f"序号 {d.item}", "kind": "object"}]}
                        if d.item is not None
                        else {}
                    ),
                }
            ],
        }
        for d in report.diagnostics
    ]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}],
    }
    return jsontext.dumps(sarif) + "\n"


def render_junit(report: LintReport) -> str:
    """JUnit XML: one test suite per file, one test case per item (plus one for the file)."""
    from gaozhi_cli.formats.xmltext import escape_attr, escape_text

    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    total_cases = sum(len(f.item_names) + 1 for f in report.files)
    failures = sum(len({d.item for d in f.diagnostics}) for f in report.files)
    out.append(
        f'<testsuites name="gaozhi catalog validate" tests="{total_cases}" failures="{failures}" errors="0">'
    )
    for f in report.files:
        by_item: dict[int | None, list[Diagnostic]] = {}
        for d in f.diagnostics:
            by_item.setdefault(d.item, []).append(d)
        cases: list[tuple[str, list[Diagnostic]]] = [("文件", by_item.get(None, []))]
        cases += [
            (f"序号 {seq} {name}".strip(), by_item.get(seq, [])) for seq, name in sorted(f.item_names.items())
        ]
        failed = sum(1 for _, ds in cases if ds)
        out.append(
            f'  <testsuite name={escape_attr(f.file)} tests="{len(cases)}" failures="{failed}" errors="0">'
        )
        for name, ds in cases:
            attrs = f"classname={escape_attr(f.file)} name={escape_attr(name)}"
            if not ds:
                out.append(f"    <testcase {attrs}/>")
                continue
            out.append(f"    <testcase {attrs}>")
            body = "\n".join(
                f"{d.file}:{d.line}:{d.column}: {d.code} [{d.severity.label}] {d.message}" for d in ds
            )
            worst = "error" if any(d.severity is Severity.ERROR for d in ds) else "warning"
            message = f"{len(ds)} 个问题（最高级别：{'错误' if worst == 'error' else '警告'}）"
            out.append(
                f"      <failure message={escape_attr(message)} type={escape_attr(worst)}>{escape_text(body)}</failure>"
            )
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[[LintReport], str]] = {
    "concise": render_concise,
    "json": render_json,
    "github": render_github,
    "gitlab": render_gitlab,
    "sarif": render_sarif,
    "junit": render_junit,
}
