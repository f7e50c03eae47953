"""``gaozhi catalog import``: Word, Excel and CSV tables in, catalogue YAML out."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from gaozhi_cli.catalog import load_catalog
from gaozhi_cli.catalog.model import Catalog
from gaozhi_cli.yamldoc import parse

from .catalogs import JUSTICE, write
from .conftest import handmade_docx


def table_fields(catalog: Catalog) -> list[tuple[object, ...]]:
    """What the 附件3 table carries of each item (告知, 效力层级 and 忽略 are not in it)."""
    return [
        (
            item.seq,
            item.name,
            item.purpose,
            [(b.title, b.number, b.article, b.text) for b in item.bases],
            item.requesting_unit,
            item.issuing_unit,
            item.supervision
            and (
                item.supervision.methods,
                item.supervision.time_limit,
                item.supervision.standard,
                item.supervision.daily,
            ),
            item.remarks,
            item.applicability_note,
        )
        for item in catalog.items
    ]


def imported(path: Path) -> dict:
    return parse(path.read_text("utf-8")).data


def test_handmade_word_table(gaozhi, tmp_path: Path) -> None:
    source = handmade_docx(tmp_path / "目录.docx")
    result = gaozhi("catalog", "import", source, "-o", "司法局.yaml")
    assert result.exit_code == 0, result.output
    data = imported(tmp_path / "司法局.yaml")
    assert data["行政机关"] == "晋城市司法局"  # from 行政机关名称： above the table
    items = data["证明事项"]
    # the section row 一、律师管理 and the 说明 row are not items; 序号 1,3,4,5 become 1..4
    assert [(i["序号"], i["证明事项"], i["证明用途"]) for i in items] == [
        (1, "无犯罪记录证明", "律师执业核准"),  # a line break inside the name cell
        (2, "律师事务所实习证明", "律师执业核准"),
        (3, "经济困难证明", "申请法律援助"),
        (4, "健在证明", "领取抚恤金"),
    ]
    assert items[0]["设定依据"] == [
        {
            "名称": "《中华人民共和国律师法》",
            "文号": "中华人民共和国主席令第七十六号",
            "条款": "第七条第（二）项",
            "内容": "申请人有下列情形之一的，不予颁发律师执业证书：……（二）受过刑事处罚的，但过失犯罪的除外；",
        }
    ]
    # one cell with name, number, article and text: split
    assert items[1]["设定依据"] == [
        {
            "名称": "《中华人民共和国律师法》",
            "文号": "中华人民共和国主席令第七十六号",
            "条款": "第五条第一款第（三）项",
            "内容": "在律师事务所实习满一年",
        }
    ]
    # two rows, 序号 merged down: one item with two bases
    assert [b["名称"] for b in items[2]["设定依据"]] == ["《中华人民共和国法律援助法》", "《法律援助条例》"]
    assert items[2]["设定依据"][1]["条款"] == "第十七条第一款第（二）项"
    # 监管措施: labelled lines, synonyms (网络核验 → 在线核查), and free text
    assert items[1]["监管措施"] == {"核查方式": ["内部核查", "在线核查"], "核查时限": "受理申请后5个工作日内"}
    assert items[0]["监管措施"] == {
        "核查方式": ["行政协助核查"],
        "核查时限": "作出准予执业决定后20个工作日内",
    }
    assert items[2]["监管措施"]["核查方式"] == ["在线核查"]
    assert items[2]["监管措施"]["核查时限"] == "受理申请后7个工作日内"
    assert items[2]["监管措施"]["核查标准"].startswith("在线核查，受理申请后7个工作日内，以民政部门")
    assert items[1]["备注"] == "实习证明由律师协会出具"
    # what could not be split is kept verbatim, marked in the file and reported
    assert items[3]["设定依据"] == [{"名称": "有关规定"}]
    text = (tmp_path / "司法局.yaml").read_text("utf-8")
    assert "名称: 有关规定  # 导入时未能完全拆分，原文保留，请核对" in text
    assert "第 1 个表格第 8 行：设定依据“有关规定”未能拆分" in result.stderr
    assert "第 1 个表格第 3 行：通栏行“一、律师管理”不是证明事项，已跳过" in result.stderr
    assert "原表序号不是从 1 起连续编号（1、3、4、5）" in result.stderr
    assert "4 个证明事项" in result.stderr


def test_imported_file_is_judged_by_validate(gaozhi, tmp_path: Path) -> None:
    source = handmade_docx(tmp_path / "目录.docx")
    assert gaozhi("catalog", "import", source, "-o", "司法局.yaml").exit_code == 0
    result = gaozhi("catalog", "validate", "司法局.yaml", "--format", "concise")
    assert result.exit_code == 1
    # the unsplit basis of item 4 has no article, and a 居委会 must not issue a 健在证明
    assert "GZ203" in result.stdout and "GZ402" in result.stdout
    assert gaozhi("catalog", "fmt", "--check", "司法局.yaml").exit_code == 0  # already tidy


def test_excel_table_with_merged_cells_and_level_column(gaozhi, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["晋城市民政局实行告知承诺制的证明事项目录"])
    sheet.merge_cells("A1:I1")
    sheet.append(
        [
            "序号",
            "证明名称",
            "证明用途",
            "设定依据（依据名称、文号及条文内容）",
            "效力层级",
            "索取单位",
            "出具单位",
            "核查方式",
            "核查时限",
        ]
    )
    sheet.append(
        [
            1,
            "无犯罪记录证明",
            "社会组织负责人备案",
            "《社会团体登记管理条例》（国务院令第250号）第十一条第一款第（三）项：…",
            "行政法规",
            "市民政局",
            "公安机关",
            "行政协助核查",
            "10个工作日内",
        ]
    )
    sheet.append(
        [
            None,
            None,
            "民办非企业单位负责人备案",
            "《民办非企业单位登记管理暂行条例》（国务院令第251号）第九条：…",
            "行政法规",
            "市民政局",
            "公安机关",
            "行政协助核查",
            "10个工作日内",
        ]
    )
    sheet.merge_cells("B3:B4")  # one certificate, two purposes: two items
    sheet.append(["说明：1. 证明事项应当有法律、法规或者国务院决定依据。"])
    sheet.merge_cells("A5:I5")
    book.save(tmp_path / "民政.xlsx")
    result = gaozhi("catalog", "import", "民政.xlsx", "-o", "民政.yaml")
    assert result.exit_code == 0, result.output
    data = imported(tmp_path / "民政.yaml")
    assert data["行政机关"] == "晋城市民政局"  # from the title
    items = data["证明事项"]
    assert [(i["证明事项"], i["证明用途"]) for i in items] == [
        ("无犯罪记录证明", "社会组织负责人备案"),
        ("无犯罪记录证明", "民办非企业单位负责人备案"),
    ]
    assert items[1]["设定依据"] == [
        {
            "名称": "《民办非企业单位登记管理暂行条例》",
            "文号": "国务院令第251号",
            "条款": "第九条",
            "内容": "…",
            "效力层级": "行政法规",
        }
    ]
    assert items[0]["监管措施"] == {"核查方式": ["行政协助核查"], "核查时限": "10个工作日内"}
    assert "（1、（空））" in result.stderr  # the missing 序号 is reported, then numbered
    assert "通栏行" not in result.stderr  # the 说明 row is known for what it is


def test_a_table_below_empty_rows_spreads_its_merged_cells_where_they_are(gaozhi, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    rows = [
        ["晋城市民政局实行告知承诺制的证明事项目录"],
        [
            "序号",
            "证明名称",
            "证明用途",
            "设定依据（依据名称、文号及条文内容）",
            "效力层级",
            "索取单位",
            "出具单位",
        ],
        [
            1,
            "无犯罪记录证明",
            "社会组织负责人备案",
            "《社会团体登记管理条例》（国务院令第250号）第十一条：…",
            "行政法规",
            "市民政局",
            "公安机关",
        ],
        [
            2,
            None,
            "民办非企业单位负责人备案",
            "《民办非企业单位登记管理暂行条例》（国务院令第251号）第九条：…",
            "行政法规",
            "市民政局",
            "公安机关",
        ],
    ]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            sheet.cell(4 + i, 1 + j, value)  # three empty rows above the title
    sheet.merge_cells("B6:B7")  # one certificate, two purposes
    book.save(tmp_path / "民政.xlsx")
    result = gaozhi("catalog", "import", "民政.xlsx", "-o", "民政.yaml")
    assert result.exit_code == 0, result.output
    items = imported(tmp_path / "民政.yaml")["证明事项"]
    assert [(i["证明事项"], i["证明用途"]) for i in items] == [
        ("无犯罪记录证明", "社会组织负责人备案"),
        ("无犯罪记录证明", "民办非企业单位负责人备案"),
    ]


def test_a_web_page_saved_as_xls_is_imported_with_its_spans(gaozhi, tmp_path: Path) -> None:
    head = [
        "序号",
        "证明名称",
        "证明用途",
        "设定依据（依据名称、文号及条文内容）",
        "效力层级",
        "索取单位",
        "出具单位",
    ]
    page = (
        '<html><head><meta charset="gb2312"><style>td {mso-number-format:"\\@"}</style></head><body><table>'
        '<tr><td colspan="7">晋城市民政局实行告知承诺制的证明事项目录</td></tr>'
        + "<tr>"
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr>"
        + '<tr><td>1</td><td rowspan="2">无犯罪记录证明</td><td>社会组织负责人备案</td>'
        "<td>《社会团体登记管理条例》（国务院令第250号）第十一条第一款第（三）项：…</td><td>行政法规</td>"
        "<td>市民政局</td><td>公安机关</td></tr>"
        "<tr><td>2</td><td>民办非企业单位负责人备案</td>"
        "<td>《民办非企业单位登记管理暂行条例》（国务院令第251号）第九条：…</td><td>行政法规</td>"
        "<td>市民政局</td><td>公安机关</td></tr>"
        "</table></body></html>"
    )
    (tmp_path / "民政.xls").write_bytes(page.encode("gb18030"))
    result = gaozhi("catalog", "import", "民政.xls", "-o", "民政.yaml")
    assert result.exit_code == 0, result.output
    data = imported(tmp_path / "民政.yaml")
    assert data["行政机关"] == "晋城市民政局"
    assert [(i["证明事项"], i["证明用途"]) for i in data["证明事项"]] == [
        ("无犯罪记录证明", "社会组织负责人备案"),
        ("无犯罪记录证明", "民办非企业单位负责人备案"),
    ]
    assert data["证明事项"][1]["设定依据"][0]["文号"] == "国务院令第251号"


def test_a_published_catalogue_saved_from_the_web_is_imported_with_the_agency_above_it(
    gaozhi, tmp_path: Path
) -> None:
    head = ["序号", "证明名称", "证明用途", "设定依据", "索取单位", "出具单位"]
    row = ["1", "无犯罪记录证明", "律师执业核准", "《中华人民共和国律师法》第七条", "市司法局", "公安机关"]
    page = (
        "<html><head><title>门户网站</title><style>h2 {color: red}</style></head><body>"
        "<div>首页 &gt; 政务公开</div><h2>晋城市司法局实行告知承诺制的证明事项目录</h2><p>发布日期：2023-03-31</p>"
        "<table>" + "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr></table></body></html>"
    )
    (tmp_path / "目录.html").write_text(page, encoding="utf-8")
    result = gaozhi("catalog", "import", "目录.html", "-o", "目录.yaml")
    assert result.exit_code == 0, result.output
    data = imported(tmp_path / "目录.yaml")
    assert data["行政机关"] == "晋城市司法局"
    assert data["证明事项"][0]["设定依据"] == [{"名称": "《中华人民共和国律师法》", "条款": "第七条"}]


def test_an_xml_spreadsheet_saved_as_xls_is_imported_with_its_merges(gaozhi, tmp_path: Path) -> None:
    (tmp_path / "民政.xls").write_text(XML_CATALOG, encoding="utf-8")
    result = gaozhi("catalog", "import", "民政.xls", "-o", "民政.yaml")
    assert result.exit_code == 0, result.output
    data = imported(tmp_path / "民政.yaml")
    assert data["行政机关"] == "晋城市民政局"
    assert [(i["证明事项"], i["证明用途"]) for i in data["证明事项"]] == [
        ("无犯罪记录证明", "社会组织负责人备案"),
        ("无犯罪记录证明", "民办非企业单位负责人备案"),
    ]


def _xml_row(*cells: str) -> str:
    return "<Row>" + "".join(cells) + "</Row>"


def _xml_cell(text: str, attrs: str = "") -> str:
    return f'<Cell{attrs}><Data ss:Type="String">{text}</Data></Cell>'


XML_CATALOG = (
    '<?xml version="1.0" encoding="UTF-8"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="目录"><Table>'
    + _xml_row(_xml_cell("晋城市民政局实行告知承诺制的证明事项目录", ' ss:MergeAcross="6"'))
    + _xml_row(*(_xml_cell(h) for h in ["序号", "证明名称", "证明用途", "设定依据（依据名称、文号及条文内容）", "效力层级", "索取单位", "出具单位"]))
    + _xml_row(
        '<Cell><Data ss:Type="Number">1</Data></Cell>',
        _xml_cell("无犯罪记录证明", ' ss:MergeDown="1"'),
        _xml_cell("社会组织负责人备案"),
        _xml_cell("《社会团体登记管理条例》（国务院令第250号）第十一条：…"),
        _xml_cell("行政法规"), _xml_cell("市民政局"), _xml_cell("公安机关"),
    )
    + _xml_row(
        '<Cell><Data ss:Type="Number">2</Data></Cell>',
        _xml_cell("民办非企业单位负责人备案", ' ss:Index="3"'),
        _xml_cell("《民办非企业单位登记管理暂行条例》（国务院令第251号）第九条：…"),
        _xml_cell("行政法规"), _xml_cell("市民政局"), _xml_cell("公安机关"),
    )
    + "</Table></Worksheet></Workbook>"
)  # fmt: skip


def test_gbk_csv_with_agency_column(gaozhi, tmp_path: Path) -> None:
    rows = [
        "行政机关,序号,证明事项,证明用途,设定依据,索要单位,开具单位,监管措施,备注",
        "晋城市司法局,1,无犯罪记录证明,律师执业核准,《中华人民共和国律师法》第七条,市司法局,公安机关,核查方式：行政协助核查,'=1+1",
    ]
    (tmp_path / "t.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("gb18030"))
    result = gaozhi("catalog", "import", "t.csv", "-o", "t.yaml")
    assert result.exit_code == 0, result.output
    data = imported(tmp_path / "t.yaml")
    assert data["行政机关"] == "晋城市司法局"
    item = data["证明事项"][0]
    assert item["设定依据"] == [{"名称": "《中华人民共和国律师法》", "条款": "第七条"}]
    assert item["备注"] == "=1+1"  # the apostrophe that kept Excel from calculating is removed


def test_several_agencies_need_a_choice(gaozhi, tmp_path: Path) -> None:
    write(tmp_path / "c" / "a.yaml")
    write(tmp_path / "c" / "b.yaml", JUSTICE.replace("行政机关: 晋城市司法局", "行政机关: 晋城市民政局"))
    assert gaozhi("catalog", "export", "c", "-o", "all.xlsx").exit_code == 0
    refused = gaozhi("catalog", "import", "all.xlsx", "-o", "x.yaml")
    assert refused.exit_code == 2
    assert "晋城市司法局、晋城市民政局" in refused.stderr and "--agency" in refused.stderr
    assert not (tmp_path / "x.yaml").exists()
    chosen = gaozhi("catalog", "import", "all.xlsx", "-o", "x.yaml", "--agency", "晋城市民政局")
    assert chosen.exit_code == 0, chosen.output
    assert imported(tmp_path / "x.yaml")["行政机关"] == "晋城市民政局"
    assert len(imported(tmp_path / "x.yaml")["证明事项"]) == 3


def test_never_overwrites_without_force(gaozhi, tmp_path: Path) -> None:
    source = handmade_docx(tmp_path / "目录.docx")
    (tmp_path / "司法局.yaml").write_text("# 手工维护的目录\n", encoding="utf-8")
    result = gaozhi("catalog", "import", source, "-o", "司法局.yaml")
    assert result.exit_code == 2
    assert "已存在" in result.stderr
    assert (tmp_path / "司法局.yaml").read_text("utf-8") == "# 手工维护的目录\n"
    assert gaozhi("catalog", "import", source, "-o", "司法局.yaml", "--force").exit_code == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0", "只能导入 .docx、.xlsx、.xls、.ods、.csv 文件或网页"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "不是有效的 docx 文件"),
        ("empty.csv", "甲,乙\n1,2\n".encode(), "没有找到附件3表格"),
    ],
)
def test_bad_input_gets_a_clear_message(
    gaozhi, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    result = gaozhi("catalog", "import", name, "-o", "x.yaml")
    assert result.exit_code == 2
    assert message in result.stderr and name in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_round_trip_through_export(gaozhi, justice: Path, tmp_path: Path, suffix: str) -> None:
    assert gaozhi("catalog", "export", justice, "-o", f"t.{suffix}").exit_code == 0
    result = gaozhi("catalog", "import", f"t.{suffix}", "-o", "back.yaml")
    assert result.exit_code == 0, result.output
    assert "提示" not in result.stderr  # a table gaozhi wrote is read without guessing
    original, _ = load_catalog(justice)
    back, _ = load_catalog(tmp_path / "back.yaml")
    assert back.agency == original.agency
    assert table_fields(back) == table_fields(original)
