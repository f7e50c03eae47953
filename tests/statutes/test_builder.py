"""tools/build_statutes.py on a small mirror in the LawRefBook layout: counts, what it could not
read, levels from folders, repeals, amendment order numbers, and a byte-identical rerun."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gaozhi_cli.statutes.book import read_book

REPO = Path(__file__).resolve().parents[2]
MIRROR = Path(__file__).parent / "data" / "mirror"


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    source = tmp_path / "statutes"
    shutil.copytree(MIRROR, source)
    with sqlite3.connect(source / "db.sqlite3") as con:
        con.execute("create table law (name text, publish date, expired integer)")
        con.executemany(
            "insert into law values (?, ?, ?)",
            [
                ("示例登记条例", "2016-02-06", 1),
                ("示例登记条例", "2019-03-02", 0),
                ("示例法", "2020-06-01", 0),
                ("示例办法", "2021-01-01", 0),
            ],
        )
    return source


def _build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_statutes.py"), str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )


def test_builder_reports_counts_and_what_it_could_not_read(mirror: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.bin"
    report = _build(mirror, out).stdout
    # four documents of the mirror (one without readable articles) and the 412 decision
    assert "读入 5 个文件，得到 5 部文件（6 个版本，" in report
    assert "其他/攻略.md（不是法律、法规或规章）" in report
    assert "行政法规/没有条文的文件(2000-01-01).md:7: 没有找到任何条文" in report
    # one from a "同时废止" of the mirror's texts, six from tools/statute_additions/repeals.toml
    assert "另有 7 部只知已被废止" in report

    book = read_book(out.read_bytes())
    regulation = book.lookup("示例登记条例")
    assert regulation is not None
    doc = regulation.document
    assert doc.level == "行政法规" and [v.day.isoformat() for v in doc.versions] == [
        "2016-02-06",
        "2019-03-02",
    ]
    # numbers of the omnibus amending decisions come from tools/statute_additions/orders.toml
    assert [k.order.number for k in doc.orders] == [580, 666, 709] and doc.orders_complete
    body = book.body(doc, doc.current)
    item = body.find("article", 2)
    assert item is not None and item.paragraphs[0].items[1] == "（二）经营场所证明；"
    assert body.find("article", 2, 1) is not None
    old = book.body(doc, doc.versions[0]).find("article", 2)
    assert old is not None and len(old.paragraphs[0].items) == 2

    rule = book.lookup("示例办法")
    assert rule is not None and rule.document.level == "部门规章"
    repealed = book.lookup("旧示例法")
    assert repealed is not None and not repealed.document.in_force
    assert (
        repealed.document.repeal is not None
        and repealed.document.repeal.by == "《中华人民共和国示例法》第二条"
    )
    assert book.lookup("国务院对确需保留的行政审批项目设定行政许可的决定") is not None
    unread = book.lookup("没有条文的文件")
    assert unread is not None and unread.document.level == "行政法规"  # known, though its text is not


def test_rerun_writes_the_same_file(mirror: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    _build(mirror, first)
    _build(mirror, second)
    assert first.read_bytes() == second.read_bytes()


def test_builder_refuses_a_folder_that_is_not_a_mirror(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "build_statutes.py"),
            str(tmp_path),
            "-o",
            str(tmp_path / "x.bin"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "找不到镜像" in result.stderr
