"""The html export: one self-contained page whose search box filters rows, checked in a real
browser (headless Chromium) with the query given in the URL fragment, as a link would."""

from __future__ import annotations

import re
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from .catalogs import JUSTICE, write
from .conftest import need


def test_page_is_self_contained(gaozhi, justice: Path, tmp_path: Path) -> None:
    result = gaozhi("catalog", "export", justice, "-o", "page.html")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "page.html").read_text("utf-8")
    assert "<title>晋城市司法局实行告知承诺制的证明事项目录</title>" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", page)  # nothing fetched
    assert "default-src 'none'" in page  # and the browser is told to fetch nothing
    assert page.count('<tr class="item">') == 3
    assert '<input id="q" type="search"' in page


def test_cell_text_is_escaped(gaozhi, tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.yaml",
        JUSTICE.replace("备注: 实习证明由律师协会出具", "备注: <script>alert(1)</script>"),
    )
    assert gaozhi("catalog", "export", path, "-o", "page.html").exit_code == 0
    page = (tmp_path / "page.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _dom(page: Path, query: str, tmp_path: Path) -> str:
    chromium = need("chromium")
    url = page.resolve().as_uri() + ("#q=" + urllib.parse.quote(query) if query else "")
    profile = tmp_path / "chromium-profile"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--dump-dom",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _rows(dom: str) -> list[tuple[bool, str]]:
    """(visible, 证明事项) of each item row."""
    rows = re.findall(r'<tr class="item"( hidden="")?><td>\d+</td><td>([^<]*)</td>', dom)
    return [(not hidden, name) for hidden, name in rows]


@pytest.mark.parametrize(
    ("query", "visible"),
    [
        ("", ["无犯罪记录证明", "律师事务所实习证明", "经济困难证明"]),
        ("律师", ["无犯罪记录证明", "律师事务所实习证明"]),  # name, purpose or basis
        ("律师 实习", ["律师事务所实习证明"]),  # every word must match
        ("国务院令第385号", ["经济困难证明"]),  # text inside the 设定依据 cell
        ("乡镇 街道", ["经济困难证明"]),
        ("无此事项", []),
    ],
)
def test_search_box_filters_rows_in_chromium(
    gaozhi, justice: Path, tmp_path: Path, query: str, visible: list[str]
) -> None:
    assert gaozhi("catalog", "export", justice, "-o", "page.html").exit_code == 0
    dom = _dom(tmp_path / "page.html", query, tmp_path)
    rows = _rows(dom)
    assert len(rows) == 3, dom[:3000]
    assert [name for shown, name in rows if shown] == visible
    assert f'data-shown="{len(visible)}"' in dom
    count = re.search(r'<span id="count"[^>]*>([^<]*)</span>', dom)
    assert count is not None
    expected = f"找到 {len(visible)} 项（共 3 项）" if query else "共 3 项"
    assert count.group(1) == expected
    none_shown = '<p class="none">' in dom  # the "nothing found" line loses its hidden attribute
    assert none_shown == (not visible)


def test_several_agencies_on_one_page(gaozhi, tmp_path: Path) -> None:
    write(tmp_path / "c" / "a.yaml")
    other = JUSTICE.replace("行政机关: 晋城市司法局", "行政机关: 晋城市民政局").replace(
        "律师事务所实习证明", "社会团体负责人证明"
    )
    write(tmp_path / "c" / "b.yaml", other)
    assert gaozhi("catalog", "export", tmp_path / "c", "-o", "all.html").exit_code == 0
    dom = _dom(tmp_path / "all.html", "社会团体", tmp_path)
    assert [name for shown, name in _rows(dom) if shown] == ["社会团体负责人证明"]
    sections = re.findall(
        r'<section class="catalog" id="catalog-\d"( hidden="")?>\s*<p class="agency">([^<]*)</p>', dom
    )
    assert sections == [(' hidden=""', "行政机关名称：晋城市司法局"), ("", "行政机关名称：晋城市民政局")]
