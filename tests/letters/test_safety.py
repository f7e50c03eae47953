"""Nothing is lost, nothing is evaluated: overwriting, out-dir escapes, markup in data,
templates that are broken, unsafe or use fields the data lacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import qn

from gaozhi_cli.letters.forms import forms

from .helpers import all_text, example, open_docx

TRICKY = "# {{ 申请人.证件编号 }} & <w:t>李四</w:t> {% if 1 %}"


def test_markup_and_template_syntax_in_data_print_as_they_are(gaozhi, catalog: Path) -> None:
    data = example(gaozhi)
    result = gaozhi(
        "letter",
        "generate",
        "commitment",
        "-c",
        catalog,
        "-d",
        data,
        "-s",
        f"申请人.姓名={TRICKY}",
        "-o",
        "x.docx",
    )
    assert result.exit_code == 0, result.output
    document = open_docx(Path("x.docx"))
    assert f"姓名：{TRICKY}" in all_text(document)
    assert not any(p.style.name == "公文标题" and "李四" in p.text for p in document.paragraphs)


def test_value_at_the_start_of_a_line_is_not_a_mark(gaozhi, catalog: Path) -> None:
    data = example(gaozhi, "internal-check")
    result = gaozhi(
        "letter",
        "generate",
        "内部核验单",
        "-c",
        catalog,
        "-d",
        data,
        "-s",
        "相关信息=# 不是标题\n| 不是 | 表格 |\n@分页",
        "-o",
        "x.docx",
    )
    assert result.exit_code == 0, result.output
    document = open_docx(Path("x.docx"))
    assert [p.style.name for p in document.paragraphs].count("公文标题") == 1
    assert len(document.tables) == 0  # the data's "| 不是 | 表格 |" made none
    text = all_text(document)
    assert "# 不是标题" in text and "| 不是 | 表格 |" in text and "@分页" in text


def test_existing_file_is_not_overwritten_without_force(gaozhi, catalog: Path) -> None:
    data = example(gaozhi)
    Path("x.docx").write_bytes(b"keep me")
    result = gaozhi("letter", "generate", "commitment", "-c", catalog, "-d", data, "-o", "x.docx")
    assert result.exit_code == 2 and "文件已存在" in result.output and "--force" in result.output
    assert Path("x.docx").read_bytes() == b"keep me"
    result = gaozhi("letter", "generate", "commitment", "-c", catalog, "-d", data, "-o", "x.docx", "--force")
    assert result.exit_code == 0
    assert "张三" in all_text(open_docx(Path("x.docx")))


def test_names_from_data_stay_inside_the_output_folder(gaozhi, catalog: Path, tmp_path: Path) -> None:
    data = example(gaozhi)
    result = gaozhi(
        "letter",
        "generate",
        "commitment",
        "-c",
        catalog,
        "-d",
        data,
        "-s",
        "申请人.姓名=../../逃逸",
        "--out-dir",
        "out",
    )
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*.docx")]
    assert len(written) == 1 and written[0].parent == tmp_path / "out"
    assert ".." not in written[0].name
    result = gaozhi(
        "letter",
        "generate",
        "commitment",
        "-c",
        catalog,
        "-d",
        data,
        "--out-dir",
        "out",
        "--name",
        "a/../../b{编号}",
    )
    assert result.exit_code == 0
    assert all(p.parent == tmp_path / "out" for p in tmp_path.rglob("*.docx"))


def write_template(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "liaison.j2").write_text(text, encoding="utf-8")
    return folder


def test_template_with_missing_fields_lists_them_all_and_writes_nothing(gaozhi, catalog: Path) -> None:
    folder = write_template(Path("tpl"), "# 联络表\n{{ 单位名称 }}{{ 单位地址 }}\n{{ 联络.邮箱 }}\n")
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "--templates", folder, "-o", "x.docx")
    assert result.exit_code == 2
    assert "用到了数据中没有的字段：单位地址、联络.邮箱" in result.output
    assert not Path("x.docx").exists()


def test_sandbox_refuses_python_internals(gaozhi, catalog: Path) -> None:
    folder = write_template(Path("tpl"), "# 联络表\n{{ 单位名称.__class__.__mro__ }}\n")
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "--templates", folder, "-o", "x.docx")
    assert result.exit_code == 2 and "试图进行不允许的操作" in result.output
    assert not Path("x.docx").exists()


def test_template_syntax_error_names_file_and_line(gaozhi, catalog: Path) -> None:
    folder = write_template(Path("tpl"), "# 联络表\n\n{% if 单位名称 %}\n")
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "--templates", folder, "-o", "x.docx")
    assert result.exit_code == 2 and "liaison.j2 第 3 行有语法错误" in result.output


def test_custom_template_in_gb18030_overrides_one_kind(gaozhi, catalog: Path) -> None:
    folder = Path("tpl")
    folder.mkdir()
    (folder / "liaison.j2").write_bytes("# 联络员名单\n> 单位：{{ 单位名称 }}\n".encode("gb18030"))
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "--templates", folder, "-o", "x.docx")
    assert result.exit_code == 0, result.output
    assert all_text(open_docx(Path("x.docx"))).startswith("联络员名单\n单位：晋城市司法局")
    result = gaozhi("letter", "generate", "internal-check", "--blank", "--templates", folder, "-o", "y.docx")
    assert result.exit_code == 0 and "证明事项内部核验单" in all_text(open_docx(Path("y.docx")))


def test_templates_export_copies_every_kind_and_keeps_edits(gaozhi) -> None:
    result = gaozhi("letter", "templates", "export", "tpl")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in Path("tpl").glob("*.j2"))
    assert names == sorted(f"{form.template}" for form in forms().values())
    assert len(names) == 7
    Path("tpl/liaison.j2").write_text("# 改过的\n", encoding="utf-8")
    assert gaozhi("letter", "templates", "export", "tpl").exit_code == 2
    assert Path("tpl/liaison.j2").read_text(encoding="utf-8") == "# 改过的\n"


def test_unknown_directive_is_reported(gaozhi, catalog: Path) -> None:
    folder = write_template(Path("tpl"), "# 联络表\n@分栏 2\n")
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "--templates", folder, "-o", "x.docx")
    assert result.exit_code == 2 and "不认识的排版指令“@分栏”" in result.output
    assert not Path("x.docx").exists()


def test_base_docx_keeps_the_letterhead(gaozhi, catalog: Path) -> None:
    import docx

    base = docx.Document()
    base.add_paragraph("晋城市司法局文件")
    base.save("底稿.docx")
    data = example(gaozhi, "assist-request")
    result = gaozhi(
        "letter", "generate", "协助函", "-c", catalog, "-d", data, "--base-docx", "底稿.docx", "-o", "x.docx"
    )
    assert result.exit_code == 0, result.output
    paragraphs = open_docx(Path("x.docx")).paragraphs
    assert paragraphs[0].text == "晋城市司法局文件" and paragraphs[1].text == "申请行政协助函（一）"
    Path("坏.docx").write_text("not a docx")
    result = gaozhi(
        "letter", "generate", "协助函", "-c", catalog, "-d", data, "--base-docx", "坏.docx", "-o", "y.docx"
    )
    assert result.exit_code == 2 and "无法作为 .docx 打开" in result.output


def test_pdf_without_libreoffice_says_so_and_writes_nothing(gaozhi, catalog: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "")
    data = example(gaozhi)
    result = gaozhi("letter", "generate", "commitment", "-c", catalog, "-d", data, "-o", "x.docx", "--pdf")
    assert result.exit_code == 2
    assert "未找到 LibreOffice（soffice 命令），无法生成 PDF" in result.output
    assert not Path("x.docx").exists()


def test_a_catalogue_given_as_data_is_named_so_without_internal_type_names(gaozhi, catalog: Path) -> None:
    result = gaozhi("letter", "generate", "commitment", "-c", catalog, "-d", catalog, "-o", "x.docx")
    assert result.exit_code == 1
    assert "这是证明事项目录，不是文书数据；目录用 --catalog 指定" in result.output
    assert "“证明事项”应为整数，或应为文本" in result.output
    assert ".int" not in result.output and "constrained" not in result.output


def test_hostile_data_files_and_field_names_are_refused_with_the_file(gaozhi, catalog: Path) -> None:
    Path("deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "-d", "deep.json", "-o", "x.docx")
    assert result.exit_code == 2 and "deep.json：JSON 嵌套层次过深" in result.output
    Path("b.csv").write_text("申请人.姓名,承诺事项.300000000\n张三,1\n", encoding="utf-8")
    result = gaozhi("letter", "generate", "internal-check", "-c", catalog, "-b", "b.csv", "--out-dir", "o")
    assert result.exit_code == 2 and "b.csv 第 1 行（表头）：列“承诺事项.300000000”" in result.output
    result = gaozhi(
        "letter", "generate", "internal-check", "-c", catalog, "-s", "承诺事项.99999999999=1", "-o", "y.docx"
    )
    assert result.exit_code == 2 and "太大：列表至多 200 项" in result.output
    assert "内部错误" not in result.output and not list(Path().glob("*.docx"))


def test_a_base_docx_without_page_setup_gets_gbt_page_setup(gaozhi, catalog: Path) -> None:
    import docx

    base = docx.Document()
    base.add_paragraph("晋城市司法局")
    body = base.element.body
    body.remove(body.find(qn("w:sectPr")))
    base.save("无页面.docx")
    result = gaozhi(
        "letter", "generate", "liaison", "-c", catalog, "--base-docx", "无页面.docx", "-o", "x.docx"
    )
    assert result.exit_code == 0, result.output
    section = open_docx(Path("x.docx")).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37


@pytest.mark.parametrize(
    "include, expected",
    [
        ('{% include "../secret.txt" %}', "不能引用“../secret.txt”"),
        ('{% include "/etc/hostname" %}', "不能引用“/etc/hostname”"),
        ('{% import "link.j2" as x %}', "指向模板目录之外"),
        ('{% include "liaison.j2" %}', "引用了自己"),
    ],
)
def test_templates_reach_only_their_own_folder(gaozhi, catalog: Path, include: str, expected: str) -> None:
    Path("secret.txt").write_text("机密内容", encoding="utf-8")
    folder = write_template(Path("tpl"), f"# 联络表\n{include}\n")
    (folder / "link.j2").symlink_to(Path("secret.txt").resolve())
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "--templates", folder, "-o", "x.docx")
    assert result.exit_code == 2 and expected in result.output, result.output
    assert "内部错误" not in result.output and not Path("x.docx").exists()
