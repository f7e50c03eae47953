"""A catalogue comparison as text for the terminal and as JSON for other tools.

(The docx 调整说明 is in ``catalog_docx``.)
"""

from __future__ import annotations

from typing import Any

from gaozhi_cli.catalog.diff import CatalogDiff, DiffReport, FieldChange
from gaozhi_cli.catalog.model import Item
from gaozhi_cli.formats import jsontext


def item_label(item: Item) -> str:
    return f"{item.name}（{item.purpose}）"


def catalog_summary(c: CatalogDiff) -> str:
    if c.old_file is None:
        return f"新增目录，共 {len(c.added)} 项"
    if c.new_file is None:
        return f"目录已删除，原有 {len(c.removed)} 项"
    if not c.has_changes:
        return f"没有变化（{c.unchanged} 项）"
    parts = [
        f"新增 {len(c.added)} 项",
        f"取消 {len(c.removed)} 项",
        f"调整 {len(c.changed)} 项",
        f"未变 {c.unchanged} 项",
    ]
    text = "，".join(parts)
    return text + (f"（其中 {c.renumbered} 项只是序号变动）" if c.renumbered else "")


def change_text(change: FieldChange) -> str:
    old = _one_line(change.old) if change.old is not None else "（无）"
    new = _one_line(change.new) if change.new is not None else "（删除）"
    return f"{change.field}：{old} → {new}"


def _one_line(text: str) -> str:
    return " ".join(text.split("\n"))


def render_text(report: DiffReport) -> str:
    lines = [f"旧版：{report.old}", f"新版：{report.new}", ""]
    for c in report.catalogs:
        lines.append(f"{c.agency or c.new_file or c.old_file}：{catalog_summary(c)}")
        if c.header:
            lines.append("  目录信息")
            lines += [f"    {change_text(h)}" for h in c.header]
        if c.added and c.old_file is not None:
            lines.append("  新增")
            lines += [f"    + 第 {i.seq} 项 {item_label(i)}" for i in c.added]
        if c.removed and c.new_file is not None:
            lines.append("  取消")
            lines += [f"    - 原第 {i.seq} 项 {item_label(i)}" for i in c.removed]
        if c.changed:
            lines.append("  调整")
            for ch in c.changed:
                moved = f"［原第 {ch.old.seq} 项］" if ch.old.seq != ch.new.seq else ""
                lines.append(f"    ~ 第 {ch.new.seq} 项 {item_label(ch.new)}{moved}")
                lines += [f"        {change_text(f)}" for f in ch.changes]
        lines.append("")
    t = report.totals()
    if report.has_changes:
        lines.append(
            f"合计：{t['catalogs']} 个目录；新增 {t['added']} 项，取消 {t['removed']} 项，调整 {t['changed']} 项。"
        )
    else:
        lines.append(f"合计：{t['catalogs']} 个目录，没有变化。")
    lines += [f"注意：{w}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def _item_json(item: Item) -> dict[str, Any]:
    return item.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"ignore"}, warnings=False)


def _change_json(change: FieldChange) -> dict[str, Any]:
    return {"field": change.field, "old": change.old, "new": change.new}


def _status(c: CatalogDiff) -> str:
    if c.old_file is None:
        return "added"
    if c.new_file is None:
        return "removed"
    return "changed" if c.has_changes else "unchanged"


def render_json(report: DiffReport) -> str:
    data = {
        "old": report.old,
        "new": report.new,
        "catalogs": [
            {
                "agency": c.agency,
                "old_file": c.old_file,
                "new_file": c.new_file,
                "status": _status(c),
                "header": [_change_json(h) for h in c.header],
                "added": [_item_json(i) for i in c.added],
                "removed": [_item_json(i) for i in c.removed],
                "changed": [
                    {
                        "seq": ch.new.seq,
                        "old_seq": ch.old.seq,
                        "name": ch.new.name,
                        "purpose": ch.new.purpose,
                        "changes": [_change_json(f) for f in ch.changes],
                    }
                    for ch in c.changed
                ],
                "unchanged": c.unchanged,
            }
            for c in report.catalogs
        ],
        "summary": report.totals(),
        "warnings": report.warnings,
    }
    return jsontext.dumps(data) + "\n"


def render_report(report: DiffReport, fmt: str) -> str | bytes:
    """The diff in ``fmt``: text, json, or the docx 调整说明 (bytes)."""
    if fmt == "docx":
        from gaozhi_cli.formats.catalog_docx import render_adjustment_docx

        return render_adjustment_docx(report)
    return render_json(report) if fmt == "json" else render_text(report)
