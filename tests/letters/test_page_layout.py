"""The printed page, measured in the PDF that LibreOffice makes (pdftotext -bbox-layout).

A round seal of 42 mm fits over the agency's date (or its （公章）/（盖章） line) without
covering any other text; the date stands four characters in from the right (右空四字); the
附注 is indented two characters; a line of body text holds 28 characters; no line is a lone
character or closing bracket, and no text runs past the right edge of the type area.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from gaozhi_cli.letters.pdf import to_pdf

from .helpers import needs_soffice

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "letters"
MM = 72 / 25.4
SEAL = 42 * MM
CHAR = 442.2 / 28  # a character of 3号 text on a 28-character line of the 156 mm type area
LEFT, RIGHT = 28 * MM, (210 - 26) * MM  # the type area

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="未安装 poppler-utils（pdftotext）"
)

DATE = r"(\d{4}年\d{1,2}月\d{1,2}日|年月日)"
# form → (the line the seal is placed over, lines it may cover)
SEAL_OVER = {
    "liaison": (r"单位名称（盖章）：.*", [r"单位名称（盖章）：.*"]),
    "commitment": (r"日期：.*", [r"日期：.*", r"行政机关（公章）："]),
    "onsite-check": (r"行政机关（公章）", [r"行政机关（公章）"]),
    "assist-request": (DATE, [r".*（公章）", DATE]),
    "assist-visit": (DATE, [r".*（公章）", DATE]),
    "assist-reply": (DATE, [r".*（公章）", DATE]),
}


@dataclass(frozen=True)
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def _lines(pdf: Path, column: float | None = None) -> list[Line]:
    """Printed lines: the words that share a baseline (blanks and spaced-out labels split
    pdftotext's own lines), cut in two at ``column`` in the signature grid of 附件4."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    out = []
    for page_no, page in enumerate(ET.fromstring(xml).iter(f"{{{ns['x']}}}page"), 1):
        signing = [
            float(w.get("yMin", 0))
            for w in page.iterfind(".//x:word", ns)
            if (w.text or "").startswith("申请人签名")
        ]
        below = min(signing, default=math.inf) - 2
        words = []
        for word in page.iterfind(".//x:word", ns):
            x0, y0, x1, y1 = (float(word.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
            words.append(
                (
                    column is not None and x0 >= column and y0 >= below,
                    (y0 + y1) / 2,
                    x0,
                    y0,
                    x1,
                    y1,
                    word.text or "",
                )
            )
        rows: list[list[tuple[bool, float, float, float, float, float, str]]] = []
        for w in sorted(words):  # by column, then by height on the page
            if rows and rows[-1][0][0] == w[0] and abs(rows[-1][0][1] - w[1]) < 6:
                rows[-1].append(w)
            else:
                rows.append([w])
        for row in rows:
            row.sort(key=lambda w: w[2])
            out.append(
                Line(
                    page_no,
                    row[0][2],
                    min(w[3] for w in row),
                    max(w[4] for w in row),
                    max(w[5] for w in row),
                    "".join(w[6] for w in row),
                )
            )
    return out


def _covers(cx: float, cy: float, line: Line) -> bool:
    """Whether a seal centred at (cx, cy) touches the line's glyphs."""
    nx, ny = min(max(cx, line.x0), line.x1), min(max(cy, line.y0), line.y1)
    return math.hypot(cx - nx, cy - ny) < SEAL / 2


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], list[Line]]:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("未安装 LibreOffice 或 pdftotext")
    from typer.testing import CliRunner

    from gaozhi_cli.cli.app import app

    folder = tmp_path_factory.mktemp("pages")
    made = {}
    for kind in (*SEAL_OVER, "internal-check"):
        for blank in (False, True):
            out = folder / f"{kind}-{'blank' if blank else 'filled'}.docx"
            args = (
                ["--blank"]
                if blank
                else ["-c", str(EXAMPLES / "catalog.yaml"), "-d", str(EXAMPLES / f"{kind}.yaml")]
            )
            result = CliRunner().invoke(app, ["letter", "generate", kind, *args, "-o", str(out)])
            assert result.exit_code == 0, result.output
            made[(kind, blank)] = out
    problems = to_pdf(list(made.values()), force=True)
    assert not any(problems.values()), problems
    column = LEFT + 78 * MM  # the 列宽 78 78 of commitment.j2
    return {
        key: _lines(path.with_suffix(".pdf"), column if key[0] == "commitment" else None)
        for key, path in made.items()
    }


@needs_soffice
@needs_pdftotext
@pytest.mark.parametrize("blank", [False, True])
@pytest.mark.parametrize("kind", SEAL_OVER)
def test_a_42mm_seal_fits_over_the_date_without_covering_text(pdfs, kind: str, blank: bool) -> None:
    lines = pdfs[(kind, blank)]
    anchor_pattern, allowed = SEAL_OVER[kind]
    anchor = max(
        (ln for ln in lines if re.fullmatch(anchor_pattern, ln.text)), key=lambda ln: (ln.page, ln.x1)
    )
    others = [
        ln
        for ln in lines
        if ln.page == anchor.page and not any(re.fullmatch(a, ln.text) for a in allowed) and ln.text.strip()
    ]
    # The seal is pressed over the agency's name and the date, which sit a little below its
    # centre (GB/T 9704 7.3.5.1): the centre lies between the two lines, or on the one line.
    cx = anchor.x0 + 4.75 * CHAR if kind == "commitment" else anchor.cx  # the date's middle
    name = [
        ln
        for ln in lines
        if ln.page == anchor.page and ln.y1 <= anchor.y0 and re.fullmatch(r".*（公章）", ln.text)
    ]
    top = name[-1].cy if name and kind != "commitment" else anchor.cy - 10
    places = [cy for cy in range(math.floor(top), math.ceil(anchor.cy) + 1)]
    fits = [cy for cy in places if not any(_covers(cx, cy, ln) for ln in others)]
    assert fits, [ln.text for ln in others if _covers(cx, anchor.cy, ln)]


@needs_soffice
@needs_pdftotext
@pytest.mark.parametrize(
    "kind", ["assist-request", "assist-visit", "assist-reply", "internal-check", "onsite-check"]
)
def test_the_date_stands_four_characters_in_from_the_right(pdfs, kind: str) -> None:
    date = next(ln for ln in pdfs[(kind, False)] if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", ln.text))
    assert (RIGHT - date.x1) / CHAR == pytest.approx(4, abs=0.3)


@needs_soffice
@needs_pdftotext
@pytest.mark.parametrize("kind", ["commitment", "assist-request", "assist-reply"])
def test_the_note_is_indented_two_characters(pdfs, kind: str) -> None:
    note = next(ln for ln in pdfs[(kind, False)] if ln.text.startswith("（") and "一式两份" in ln.text)
    assert (note.x0 - LEFT) / CHAR == pytest.approx(2, abs=0.3)


@needs_soffice
@needs_pdftotext
def test_a_body_line_holds_28_characters(pdfs) -> None:
    lines = pdfs[("commitment", False)]
    full = next(ln for ln in lines if ln.text.startswith("目录，对执意隐瞒真实情况"))
    assert len(full.text) == 28 and full.x1 <= RIGHT + 1


@needs_soffice
@needs_pdftotext
@pytest.mark.parametrize("blank", [False, True])
@pytest.mark.parametrize("kind", [*SEAL_OVER, "internal-check"])
def test_no_lone_character_or_bracket_and_nothing_past_the_margin(pdfs, kind: str, blank: bool) -> None:
    for ln in pdfs[(kind, blank)]:
        text = ln.text.strip()
        if re.fullmatch(r"—\d+—|\d+\.", text):  # page numbers; numbered lines to write on
            continue
        # A line of one character, with or without its closing mark (外）, 。).
        assert len(re.sub(r"[）)」』》〕】。，、；：.]", "", text)) > 1, (kind, text)
        # A closing mark may hang into the margin (标点悬挂); its box is a whole character.
        hanging = CHAR if re.search(r"[，。、；：）」]$", text) else 0
        assert ln.x1 <= RIGHT + hanging + 2, (kind, text)
