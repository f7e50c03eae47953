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
