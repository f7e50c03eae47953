"""Hostile data files: each bad row or file is reported with its line and the rest goes on;
nothing hangs, nothing is an internal error."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from catalog.catalogs import JUSTICE, write

from gaozhi_cli.deadlines import parallel

HEADER = "办件编号,承办部门,申请方式,收件日期,告知承诺书送达日期\n"
GOOD = "A{n},民政局,窗口,2025-11-03,2025-11-04\n"


def _rows(gaozhi, path: Path) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    result = gaozhi("deadlines", "report", path, "--as-of", "2025-12-05", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert "内部错误" not in result.output
    return list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))


def _statuses(rows: list[dict[str, str]]) -> dict[str, str]:
    return {r["行号"]: r["状态代码"] for r in rows}


def test_field_over_the_csv_limit_spoils_only_its_row(gaozhi, tmp_path: Path) -> None:
    huge = '"' + "长" * 200_000 + '"'
    path = tmp_path / "log.csv"
    path.write_text(
        HEADER + GOOD.format(n=1) + f"A2,{huge},窗口,2025-11-03,\n" + GOOD.format(n=3), encoding="utf-8"
    )
    assert _statuses(_rows(gaozhi, path)) == {"2": "late", "3": "invalid", "4": "late"}


@pytest.mark.parametrize("where", ["records", "header", "second part"])
def test_a_line_of_millions_of_cells_is_refused_with_its_line(
    gaozhi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The csv module makes a list of every cell of a line: a 50 MB line of commas took 530 MB.
    A line over 1 MB is refused before it is parsed, naming the line; the second part is read
    by another process."""
    commas = "," * 3_000_000
    records = [GOOD.format(n=n) for n in range(1, 40_001)]
    if where == "header":
        text = HEADER.rstrip("\n") + commas + "\n" + "".join(records)
        line = 1
    else:
        at = 5 if where == "records" else 30_000
        records.insert(at, commas + "\n")
        text = HEADER + "".join(records)
        line = at + 2
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    if where == "second part":
        monkeypatch.setattr(parallel, "MIN_PART", 1024)
        assert len(parallel.split(path, 2)) == 2
    result = gaozhi("deadlines", "report", path, "--as-of", "2025-12-05", "-j", "2")
    assert result.exit_code == 2, result.output
    assert f"log.csv：第 {line} 行起超过 1 MB 没有换行" in result.output
    assert "内部错误" not in result.output and "Traceback" not in result.output


def test_a_header_of_thousands_of_names_is_refused(gaozhi, tmp_path: Path) -> None:
    """Every record is padded to the header's width: 500,000 names and 40,000 records would
    be 160 GB of cells."""
    path = tmp_path / "log.csv"
    wide = HEADER.rstrip("\n") + "".join(f",列{i}" for i in range(2000)) + "\n"
    path.write_text(wide + GOOD.format(n=1), encoding="utf-8")
    result = gaozhi("deadlines", "report", path, "--as-of", "2025-12-05")
    assert result.exit_code == 2, result.output
    assert "log.csv：表头有 2,005 列，多于 1,024 列" in result.output


def test_a_header_with_thousands_of_blank_cells_after_its_names_is_read(gaozhi, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(HEADER.rstrip("\n") + "," * 200_000 + "\n" + GOOD.format(n=1) * 3, encoding="utf-8")
    assert _statuses(_rows(gaozhi, path)) == {"2": "late", "3": "late", "4": "late"}


def test_old_mac_line_breaks_are_line_breaks_for_the_length_check(gaozhi, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    records = "".join(GOOD.format(n=n) for n in range(60_000))
    path.write_text((HEADER + records).replace("\n", "\r"), encoding="utf-8", newline="")
    assert path.stat().st_size > 2 * 1024**2  # many times the longest line, with no \n at all
    rows = _rows(gaozhi, path)
    assert len(rows) == 60_000 and {r["状态代码"] for r in rows} == {"late"}


def test_number_of_thousands_of_digits_spoils_only_its_row(gaozhi, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(HEADER + f"A1,民政局,窗口,{'9' * 5000},2025-11-04\n" + GOOD.format(n=2), encoding="utf-8")
    assert _statuses(_rows(gaozhi, path)) == {"2": "invalid", "3": "late"}


def test_stray_quote_in_the_header_does_not_swallow_the_records(gaozhi, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        HEADER.replace("承办部门", '"承办部门') + GOOD.format(n=1) + GOOD.format(n=2), encoding="utf-8"
    )
    assert _statuses(_rows(gaozhi, path)) == {"2": "late", "3": "late"}


def test_mixed_encodings_spoil_only_the_other_lines(gaozhi, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    data = (HEADER + GOOD.format(n=1)).encode() + GOOD.format(n=2).encode("gbk") + GOOD.format(n=3).encode()
    path.write_bytes(data)
    rows = _rows(gaozhi, path)
    assert _statuses(rows) == {"2": "late", "3": "invalid", "4": "late"}
    assert "混用了编码" in rows[1]["说明"]


def test_a_file_that_is_only_a_bom(gaozhi, tmp_path: Path) -> None:
    (tmp_path / "log.csv").write_bytes(b"\xef\xbb\xbf")
    result = gaozhi("deadlines", "report", "log.csv")
    assert result.exit_code == 2 and "log.csv：是空文件" in result.output and "内部错误" not in result.output


def test_a_hundred_thousand_digit_number_in_a_catalogue(gaozhi, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", JUSTICE.replace("序号: 2", "序号: " + "9" * 100_000))
    messy = write(tmp_path / "messy.yaml", JUSTICE.replace("序号: 3", "序号: 7"))
    result = gaozhi("catalog", "validate", bad)
    assert result.exit_code == 1 and "GZ004" in result.output and "内部错误" not in result.output
    result = gaozhi("catalog", "fmt", bad, messy)
    assert result.exit_code == 2, result.output
    assert "bad.yaml：第 32 行：数字超过 4300 位" in result.output and "内部错误" not in result.output
    assert "序号: 3" in messy.read_text(encoding="utf-8")  # the other file was formatted


def test_data_nested_thousands_deep(gaozhi, tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    (tmp_path / "deep.yaml").write_text(
        "行政机关: x\n证明事项: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"
    )
    for args in (
        ("letter", "generate", "liaison", "--data", "deep.json"),
        ("letter", "generate", "liaison", "--data", "deep.yaml"),
        ("catalog", "validate", "deep.yaml"),
        ("catalog", "fmt", "deep.yaml"),
        ("calendar", "due", "2025-10-01", "3", "--calendar", "deep.yaml"),
    ):
        result = gaozhi(*args)
        assert result.exit_code in (1, 2), (args, result.output)
        assert "嵌套层次过深" in result.output and "内部错误" not in result.output, (args, result.output)


@pytest.mark.parametrize(
    "body",
    ["- " * 100_000 + "x", "[" * 100_000 + "]" * 100_000, "{a: " * 100_000, "\n".join(["- [["] * 40_000)],
    ids=["block", "flow", "unclosed-flow", "lines"],
)
def test_a_catalogue_nested_a_hundred_thousand_deep_is_refused_not_crashed(tmp_path: Path, body: str) -> None:
    """libyaml composes recursively in C: this deep a file used to overflow its stack and kill
    the process (a segfault, no message). Refused as too deep, or as the syntax error libyaml
    meets first; run in a process of its own, as a crash would take pytest with it."""
    path = tmp_path / "deep.yaml"
    path.write_text("行政机关: x\n证明事项:\n" + body + "\n", encoding="utf-8")
    for args in (("catalog", "validate", path), ("catalog", "fmt", "--check", path)):
        done = subprocess.run(
            [sys.executable, "-m", "gaozhi_cli", *map(str, args)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode in (1, 2), (args, done.returncode, done.stderr[-500:])
        said = done.stdout + done.stderr
        # fmt says it in words, validate with its code: the line and column either way
        assert re.search(r"\d+:\d+ +错误 GZ001|第 \d+ 行第 \d+ 列|嵌套层次过深", said), (args, said[-500:])
        assert "内部错误" not in said and "Traceback" not in said


def test_fmt_writes_through_a_symlink(gaozhi, tmp_path: Path) -> None:
    target = write(tmp_path / "real" / "justice.yaml", JUSTICE.replace("序号: 3", "序号: 7"))
    (tmp_path / "link.yaml").symlink_to(target)
    result = gaozhi("catalog", "fmt", "link.yaml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "link.yaml").is_symlink()
    assert "序号: 3" in target.read_text(encoding="utf-8")


def test_characters_xml_cannot_hold_never_break_an_exported_file(gaozhi, tmp_path: Path) -> None:
    """YAML can spell U+FFFF or a control character; XML cannot hold them. An xlsx holding
    one is called damaged by Excel (it was, before), so every export drops them."""
    import zipfile
    from xml.etree import ElementTree

    odd = write(
        tmp_path / "odd.yaml", JUSTICE.replace("开具单位: 律师协会", '开具单位: "律师\\uFFFF协\\x01会"')
    )
    for fmt in ("xlsx", "docx"):
        out = tmp_path / f"目录.{fmt}"
        result = gaozhi("catalog", "export", odd, "-o", out, "--allow-errors")
        assert result.exit_code == 0, result.output
        with zipfile.ZipFile(out) as zf:
            parts = [n for n in zf.namelist() if n.endswith(".xml")]
            text = "".join(
                "".join(ElementTree.fromstring(zf.read(n)).itertext()) for n in parts
            )  # each parses
        assert "律师协会" in text and "\uffff" not in text and "\x01" not in text


def test_escaped_xml_text_and_attributes_hold_only_what_xml_can() -> None:
    from xml.etree import ElementTree

    from gaozhi_cli.formats.xmltext import escape_attr, escape_text

    raw = 'a&b<c>"d\x00\x1f\ufffe\uffff\ud800e\n\tf'
    element = ElementTree.fromstring(f"<x y={escape_attr(raw)}>{escape_text(raw)}</x>")
    assert element.text == 'a&b<c>"de\n\tf' and element.get("y") == 'a&b<c>"de\n\tf'
    assert escape_text("告知承诺书") == "告知承诺书"
