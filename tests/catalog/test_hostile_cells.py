"""Cells that try to be something else: Markdown and HTML in values stay text in every Markdown
report, control characters do not break the workbook, long cells get rows tall enough."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from openpyxl import load_workbook

from .catalogs import JUSTICE, write

HOSTILE = (
    '<script>alert(1)</script> *强调* [链接](http://example.com) `代码` &lt; ~~删~~ <img src=x onerror="y">'
)


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def _only_text(html: str) -> None:
    for tag in ("<script", "<em>", "<a ", "<code>", "<img", "<s>", "<del>"):
        assert tag not in html, tag


def test_catalog_markdown_keeps_data_as_text(gaozhi, tmp_path: Path) -> None:
    text = JUSTICE.replace("晋城市司法局\n", f"'# {HOSTILE}'\n", 1).replace(
        "实习证明由律师协会出具", f"'{HOSTILE}'"
    )
    path = write(tmp_path / "x.yaml", text)
    result = gaozhi("catalog", "export", path, "-f", "md", "--allow-errors")
    assert result.exit_code == 0, result.output
    html = _html(result.stdout)
    _only_text(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *强调* [链接](http://example.com)" in html
    assert html.count("<h1>") == 1  # the agency's leading # is not a second heading


def test_deadline_markdown_keeps_data_as_text(gaozhi, tmp_path: Path) -> None:
    header = "办件编号,承办部门,申请方式,收件日期,告知承诺书送达日期\n"
    row = f'"{HOSTILE}","- {HOSTILE}",快递,2025-11-03,\n'
    (tmp_path / "log.csv").write_text(header + row, encoding="utf-8")
    result = gaozhi("deadlines", "report", "log.csv", "-f", "markdown", "--as-of", "2025-12-05")
    assert result.exit_code == 0, result.output
    html = _html(result.stdout)
    _only_text(html)
    assert "alert(1)" in html


def test_control_characters_do_not_break_the_workbook(gaozhi, tmp_path: Path) -> None:
    text = JUSTICE.replace("实习证明由律师协会出具", '"由\\x01律师\\x1b[31m协会\\x0c出具\\x00"')
    path = write(tmp_path / "x.yaml", text)
    for name in ("out.xlsx", "out.docx"):
        result = gaozhi("catalog", "export", path, "-o", name)
        assert result.exit_code == 0, result.output
        assert "内部错误" not in result.output
    remarks = [c.value for c in load_workbook(tmp_path / "out.xlsx").active["H"]]
    assert "由律师[31m协会出具" in remarks


def test_rows_are_tall_enough_for_their_wrapped_text(gaozhi, tmp_path: Path) -> None:
    """LibreOffice Calc shows a row as tall as the file says: each row is set from its
    longest cell once wrapped in its column."""
    long_standard = "律师协会实习人员管理系统记载的实习期满一年且考核合格" * 8
    text = JUSTICE.replace("律师协会实习人员管理系统记载的实习期满一年且考核合格", long_standard)
    path = write(tmp_path / "x.yaml", text)
    assert gaozhi("catalog", "export", path, "-o", "out.xlsx").exit_code == 0
    sheet = load_workbook(tmp_path / "out.xlsx").active
    heights = {r: sheet.row_dimensions[r].height for r in (4, 5, 6)}
    assert all(h is not None and h >= 30 for h in heights.values()), heights  # all span lines
    # item 2's 监管措施 cell (34 columns wide) holds ~460 columns of text: 14+ lines
    assert heights[5] >= 14 * 15 and heights[5] > heights[4]
