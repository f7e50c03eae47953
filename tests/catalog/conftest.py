"""Fixtures for the publication tests: a CLI runner in an empty folder, catalogue files, and a
Word table typed by hand (merged cells, line breaks, a two-row header, gaps in 序号)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .catalogs import JUSTICE, write

Run = Callable[..., Result]


@pytest.fixture
def justice(tmp_path: Path) -> Path:
    return write(tmp_path / "catalogs" / "justice.yaml", JUSTICE)


def need(binary: str) -> str:
    """The path of ``binary``, or skip the test with the reason (CI installs it)."""
    found = shutil.which(binary) or (f"/usr/bin/{binary}" if os.path.exists(f"/usr/bin/{binary}") else None)
    if found is None:
        pytest.skip(f"{binary} is not installed (Debian package: see .ci/run)")
    return found


def handmade_docx(path: Path) -> Path:
    """A 附件3 table as a liaison types it in Word: a title and the agency above the table, a
    header over two rows (设定依据 merged across 名称/文号/条款/内容), a heading broken over two
    lines, a line break inside a cell, 序号 1, 3, 4, an item written over two rows with its
    序号 cell merged down, a section row merged across, free-text 监管措施, and the 说明 row."""
    import docx

    document = docx.Document()
    document.add_paragraph("附件3")
    document.add_paragraph("实行告知承诺制的证明事项目录")
    document.add_paragraph("行政机关名称：晋城市司法局")
    header = [
        "序号",
        "证明\n事项",
        "证明用途",
        "设定依据",
        "",
        "",
        "",
        "索要单位",
        "开具单位",
        "监管措施",
        "备注",
    ]
    sub = ["", "", "", "依据名称", "文号", "条款", "条文内容", "", "", "", ""]
    rows = [
        ["一、律师管理"] + [""] * 10,
        [
            "1",
            "无犯罪记录证明",
            "律师执业核准",
            "《中华人民共和国律师法》",
            "中华人民共和国主席令第七十六号",
            "第七条第（二）项",
            "申请人有下列情形之一的，不予颁发律师执业证书：……（二）受过刑事处罚的，但过失犯罪的除外；",
            "市司法局",
            "公安机关",
            "行政协助核查，作出准予执业决定后20个工作日内",
            "",
        ],
        [
            "3",
            "律师事务所实习证明",
            "律师执业核准",
            "《中华人民共和国律师法》（中华人民共和国主席令第七十六号）第五条第一款第（三）项：在律师事务所实习满一年",
            "",
            "",
            "",
            "市司法局",
            "律师协会",
            "核查方式：内部核查、网络核验\n核查时限：受理申请后5个工作日内",
            "实习证明由律师协会出具",
        ],
        [
            "4",
            "经济困难证明",
            "申请法律援助",
            "《中华人民共和国法律援助法》",
            "中华人民共和国主席令第九十三号",
            "第四十一条第一款",
            "因经济困难申请法律援助的，申请人应当如实说明经济困难状况。",
            "市法律援助中心",
            "乡镇人民政府、街道办事处",
            "在线核查，受理申请后7个工作日内，以民政部门社会救助信息系统记载为准",
            "",
        ],
        [
            "",
            "",
            "",
            "《法律援助条例》",
            "国务院令第385号",
            "第十七条第一款第（二）项",
            "公民申请代理、刑事辩护的法律援助应当提交下列证件、证明材料：……（二）经济困难的证明；",
            "",
            "",
            "",
            "",
        ],
        ["5", "健在证明", "领取抚恤金", "有关规定", "", "", "", "市退役军人事务局", "社区居委会", "", ""],
    ]
    table = document.add_table(rows=2 + len(rows) + 1, cols=11)
    for column, text in enumerate(header):
        table.cell(0, column).text = text
    for column, text in enumerate(sub):
        table.cell(1, column).text = text
    table.cell(0, 3).merge(table.cell(0, 6))
    for column in (0, 1, 2, 7, 8, 9, 10):
        table.cell(0, column).merge(table.cell(1, column))
    for r, values in enumerate(rows, start=2):
        for column, text in enumerate(values):
            if text:
                table.cell(r, column).text = text
    table.cell(2, 0).merge(table.cell(2, 10))
    for column in (0, 1, 2, 7, 8, 9, 10):  # the 经济困难证明 item spans two rows
        table.cell(5, column).merge(table.cell(6, column))
    # a line break typed inside a cell (Shift+Enter), not a new paragraph
    paragraph = table.cell(3, 1).paragraphs[0]
    paragraph.text = ""
    paragraph.add_run("无犯罪").add_break()
    paragraph.add_run("记录证明")
    notes = table.rows[-1]
    notes.cells[0].text = "说明"
    notes.cells[1].merge(
        notes.cells[10]
    ).text = "1. 证明事项应当有法律、法规或者国务院决定依据。 2. 设定依据填写：依据名称、文号及条文内容等。"
    document.save(str(path))
    return path
