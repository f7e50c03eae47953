"""``gaozhi catalog export``: the 附件3 table as md, csv, html and xlsx; refusal of catalogues
with errors; no overwriting without --force."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from gaozhi_cli.catalog.annex3 import COLUMNS, NOTES

from .catalogs import JUSTICE, with_errors, write


def test_markdown_table_has_header_columns_rows_and_notes(gaozhi, justice: Path) -> None:
    result = gaozhi("catalog", "export", justice, "--format", "md")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# 晋城市司法局实行告知承诺制的证明事项目录"
    assert "行政机关名称：晋城市司法局" in lines
    assert "| " + " | ".join(COLUMNS) + " |" in lines
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| 序号")]
    assert [r.split(" | ")[1] for r in rows] == ["无犯罪记录证明", "律师事务所实习证明", "经济困难证明"]
    # two bases, numbered, one line each; line breaks inside a cell become <br>
    assert "1. 《中华人民共和国法律援助法》（中华人民共和国主席令第九十三号）第四十一条第一款：" in rows[2]
    assert "<br>2. 《法律援助条例》（国务院令第385号）第十七条第一款第（二）项：" in rows[2]
    assert "核查方式：内部核查、在线核查<br>核查时限：受理申请后5个工作日内" in rows[1]
    assert "适用说明：不涉及实施方案三所列领域" in rows[2]
    assert lines[-1] == "说明：" + " ".join(NOTES)


def test_markdown_escapes_pipes_and_html(gaozhi, tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.yaml", JUSTICE.replace("备注: 实习证明由律师协会出具", "备注: 甲|乙 <b>丙</b>")
    )
    result = gaozhi("catalog", "export", path, "-f", "md")
    assert result.exit_code == 0, result.output
    assert "甲\\|乙 &lt;b>丙&lt;/b>" in result.stdout


def test_csv_has_bom_one_row_per_item_and_neutralised_formulas(gaozhi, tmp_path: Path) -> None:
    text = JUSTICE.replace("备注: 实习证明由律师协会出具", '备注: =HYPERLINK("http://x")').replace(
        "开具单位: 律师协会", "开具单位: '@律师协会'"
    )
    path = write(tmp_path / "x.yaml", text)
    result = gaozhi("catalog", "export", path, "-o", "out.csv")
    assert result.exit_code == 0, result.output
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows needs the BOM for UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["行政机关", *COLUMNS]
    assert [r[2] for r in rows[1:]] == ["无犯罪记录证明", "律师事务所实习证明", "经济困难证明"]
    assert rows[2][6] == "'@律师协会"
    assert rows[2][8] == '\'=HYPERLINK("http://x")'
    assert (
        rows[3][8]
        == "申请人可通过“晋来办”查询办理进度\n受理窗口：市民之家三楼\n适用说明：不涉及实施方案三所列领域"
    )


def test_xlsx_is_laid_out_like_the_annex_with_text_cells(gaozhi, justice: Path, tmp_path: Path) -> None:
    text = JUSTICE.replace("备注: 实习证明由律师协会出具", "备注: =1+1")
    path = write(tmp_path / "x.yaml", text)
    result = gaozhi("catalog", "export", path, "-o", "out.xlsx")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet.title == "晋城市司法局"
    assert sheet["A1"].value == "实行告知承诺制的证明事项目录"
    assert sheet["A2"].value == "行政机关名称：晋城市司法局"
    assert [c.value for c in sheet[3]] == list(COLUMNS)
    assert [sheet.cell(r, 1).value for r in (4, 5, 6)] == [1, 2, 3]
    assert sheet["B5"].value == "律师事务所实习证明"
    assert sheet["H5"].value == "=1+1" and sheet["H5"].data_type == "s"
    assert sheet["A7"].value == "说明" and sheet["B7"].value == "\n".join(NOTES)
    assert sheet.print_title_rows == "$3:$3"  # the header row repeats on every printed page
    assert sheet.page_setup.orientation == "landscape"
    with zipfile.ZipFile(tmp_path / "out.xlsx") as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_folder_exports_every_catalogue(gaozhi, tmp_path: Path) -> None:
    write(tmp_path / "c" / "a.yaml")
    write(tmp_path / "c" / "b.yaml", JUSTICE.replace("行政机关: 晋城市司法局", "行政机关: 晋城市民政局"))
    result = gaozhi("catalog", "export", tmp_path / "c", "-o", "all.xlsx")
    assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "all.xlsx").sheetnames == ["晋城市司法局", "晋城市民政局"]
    md = gaozhi("catalog", "export", tmp_path / "c").stdout
    assert md.startswith("# 实行告知承诺制的证明事项目录\n")
    assert "## 晋城市司法局" in md and "## 晋城市民政局" in md


def test_refuses_a_catalogue_with_errors_and_names_the_fault(gaozhi, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.yaml", with_errors())
    result = gaozhi("catalog", "export", path, "-o", "out.html")
    assert result.exit_code == 2
    assert "bad.yaml:39:" in result.stderr and "GZ204" in result.stderr
    assert "--allow-errors" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.html").exists()


def test_allow_errors_exports_with_a_warning(gaozhi, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.yaml", with_errors())
    result = gaozhi("catalog", "export", path, "-o", "out.html", "--allow-errors")
    assert result.exit_code == 0, result.output
    assert "1 个错误" in result.stderr and "不要对外公布" in result.stderr
    assert "律师事务所实习证明" in (tmp_path / "out.html").read_text("utf-8")


def test_unreadable_catalogue_is_refused_even_with_allow_errors(gaozhi, tmp_path: Path) -> None:
    path = write(tmp_path / "broken.yaml", "行政机关: [\n")
    result = gaozhi("catalog", "export", path, "-f", "md", "--allow-errors")
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr and "无法读取" in result.stderr


def test_never_overwrites_without_force(gaozhi, justice: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("旧内容", encoding="utf-8")
    result = gaozhi("catalog", "export", justice, "-o", target)
    assert result.exit_code == 2
    assert "已存在" in result.stderr and "--force" in result.stderr
    assert target.read_text("utf-8") == "旧内容"
    assert gaozhi("catalog", "export", justice, "-o", target, "--force").exit_code == 0
    assert target.read_text("utf-8").startswith("# 晋城市司法局")


def test_binary_formats_need_an_output_file(gaozhi, justice: Path) -> None:
    result = gaozhi("catalog", "export", justice, "--format", "xlsx")
    assert result.exit_code == 2
    assert "-o" in result.stderr


def test_unknown_output_suffix_asks_for_a_format(gaozhi, justice: Path) -> None:
    result = gaozhi("catalog", "export", justice, "-o", "out.txt")
    assert result.exit_code == 2
    assert "--format" in result.stderr
