"""Personal ID numbers never leave the program in clear: an ID planted in a file name, a
catalogue cell, an argument, reaches every command's output masked (and does reach it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog.catalogs import JUSTICE, write
from hypothesis import given
from hypothesis import strategies as st

ID = "140502199003071234"
MASKED = "140502********1234"
CATALOG = f"{ID}.yaml"


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A catalogue named after an ID, with the ID in a remark, a vague phrase (GZ301) and a gap
    in 序号 (for fmt); and an earlier version of it."""
    write(tmp_path / "old.yaml", JUSTICE)
    text = JUSTICE.replace("实习证明由律师协会出具", f"联系人证件 {ID}").replace("序号: 2", "序号: 5")
    return write(
        tmp_path / CATALOG, text.replace("证明用途: 申请法律援助", "证明用途: 申请法律援助等有关材料")
    )


COMMANDS = [
    ("catalog", "validate", CATALOG),
    *(
        ("catalog", "validate", "-f", f, CATALOG)
        for f in ("concise", "json", "github", "gitlab", "sarif", "junit")
    ),
    ("catalog", "validate", "--select", ID, CATALOG),
    ("catalog", "diff", "old.yaml", CATALOG),
    ("catalog", "diff", "old.yaml", CATALOG, "-f", "json"),
    *(("catalog", "export", CATALOG, "--allow-errors", "-f", f) for f in ("md", "csv", "html")),
    ("catalog", "fmt", "--check", CATALOG),
    ("catalog", "import", f"{ID}.csv", "-o", "x.yaml"),
    ("catalog", "rules", ID),
    ("calendar", "due", ID, "3"),
    ("calendar", "show", "--calendar", f"{ID}.yaml", "2026"),
    ("deadlines", "report", f"{ID}.csv"),
    ("letter", "fields", ID),
    ("letter", "generate", "liaison", "--data", f"{ID}.json"),
    ("statutes", "search", ID),
    ("statutes", "show", ID),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:3]))
def test_every_command_masks_what_it_prints(gaozhi, planted: Path, args: tuple[str, ...]) -> None:
    result = gaozhi(*args)
    shown = result.stdout + result.stderr
    assert ID not in shown
    assert MASKED in shown.replace("\\*", "*")  # the value was shown: masked, not dropped


@pytest.mark.parametrize("suffix", ["md", "csv", "html", "txt"])
def test_report_files_are_masked(gaozhi, planted: Path, tmp_path: Path, suffix: str) -> None:
    command = ("catalog", "validate") if suffix == "txt" else ("catalog", "export", "--allow-errors")
    result = gaozhi(*command, CATALOG, "-o", f"out.{suffix}")
    assert result.exit_code in (0, 1), result.output
    text = (tmp_path / f"out.{suffix}").read_text(encoding="utf-8-sig")
    assert ID not in text and MASKED in text.replace("\\*", "*")


def test_published_workbook_and_documents_are_masked(gaozhi, planted: Path, tmp_path: Path) -> None:
    import docx
    import openpyxl

    assert gaozhi("catalog", "export", CATALOG, "--allow-errors", "-o", "目录.xlsx").exit_code == 0
    assert gaozhi("catalog", "export", CATALOG, "--allow-errors", "-o", "目录.docx").exit_code == 0
    assert gaozhi("catalog", "diff", "old.yaml", CATALOG, "-o", "调整说明.docx").exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "目录.xlsx").active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert ID not in cells and MASKED in cells
    for name in ("目录.docx", "调整说明.docx"):
        document = docx.Document(str(tmp_path / name))
        text = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
        assert ID not in text and MASKED in text, name


def test_usage_errors_are_masked(gaozhi, planted: Path) -> None:
    result = gaozhi("catalog", "validate", "-f", ID, CATALOG)
    assert result.exit_code == 2 and ID not in result.output and MASKED in result.output


def test_first_generation_15_digit_numbers_are_masked_other_numbers_kept() -> None:
    from gaozhi_cli.identity import mask_ids_in_text

    text = "旧证140502900101123，新证 140502199001011230，合同 123456789012345，电话 13900000000"
    assert mask_ids_in_text(text) == (
        "旧证140502*****1123，新证 140502********1230，合同 123456789012345，电话 13900000000"
    )


@given(
    st.lists(
        st.sampled_from(
            [
                "1",
                "4",
                "0",
                "5",
                "X",
                "x",
                "a",
                "-",
                " ",
                "*",
                "号",
                "１",
                "０",
                "Ｘ",
                "٣",
                "19900101",
                "１９９００１０１",
                "140502",
                "－",
                "\u3000",
            ]
        ),
        max_size=60,
    )
)
def test_masking_finds_what_the_two_patterns_find_without_the_quick_check(parts: list[str]) -> None:
    """The quick look for a run of 15 digits never hides a number the patterns would mask,
    full-width digits and X are looked at as ASCII, and what is not masked is kept as written."""
    from gaozhi_cli.identity import _ID_IN_TEXT, _OLD_ID_IN_TEXT, _WIDE, _masked_id, mask_ids_in_text

    text = "".join(parts)
    full = _ID_IN_TEXT.sub(_masked_id, text.translate(_WIDE))
    full = _OLD_ID_IN_TEXT.sub(lambda m: m.group(1) + "*" * 5 + m.group(3), full)
    masked = mask_ids_in_text(text)
    assert masked.translate(_WIDE) == full
    assert all(m == t for m, t in zip(masked, text, strict=True) if m != "*")


def test_id_numbers_among_letters_or_written_apart_are_masked_other_numbers_kept() -> None:
    """A case number built on an ID (SQ140502…), an ID with letters after it, and one written
    6-8-4 with spaces or hyphens, as people type them: masked where region and birth date are
    an ID's; three numbers in a row of a table, or a case number of digits, are kept."""
    from gaozhi_cli.identity import mask_ids_in_text

    shown = {
        "SQ140502199003071234": "SQ140502********1234",
        "ID140502199003071234A": "ID140502********1234A",
        "证件140502 19900307 1234，": "证件140502 ******** 1234，",
        "140502-19850505-0095": "140502-********-0095",
        "１４０５０２－１９９００３０７－１２３４": "１４０５０２－********－１２３４",
        "１４０５０２　１９９００３０７　１２３４": "１４０５０２　********　１２３４",
        "SQ202503031422011234": "SQ202503031422011234",  # no province 20, no birth date
        "100000 20250303 1234": "100000 20250303 1234",  # three numbers of a table row
        "SQ140502209912311234": "SQ140502209912311234",  # born in 2099: not a person yet
        "140502 19900307 1234 5": "140502 ******** 1234 5",
    }
    assert {text: mask_ids_in_text(text) for text in shown} == shown


def test_an_id_inside_a_case_number_is_masked_in_every_report_format(gaozhi, tmp_path: Path) -> None:
    (tmp_path / "log.csv").write_text(
        "办件编号,部门,申请方式,收件日期,告知承诺书送达日期,备注\n"
        "SQ140502199003071234,司法局,邮寄,2025-03-03,,证件 140502-19900307-1234\n",
        encoding="gb18030",
    )
    for args in ((), ("-f", "csv", "-o", "-"), ("-f", "json", "-o", "-")):
        result = gaozhi("deadlines", "report", "log.csv", "--as-of", "2025-04-01", *args)
        assert result.exit_code == 0, result.output
        assert "19900307" not in result.output and "140502********1234" in result.output, args


def test_full_width_id_numbers_are_checked_and_masked_as_typed_in_full_width() -> None:
    """A Chinese input method in full-width mode types １４０５０２…: the number is valid, and
    masked wherever it appears, its other characters kept as they were typed."""
    from gaozhi_cli.identity import id_number_problem, mask_ids_in_text, normalise_id

    wide = "１４０５０２１９９００１０１１２３０"
    assert normalise_id(f" {wide}　") == "140502199001011230" and id_number_problem(wide) is None
    assert id_number_problem("１４０５０２１９９００１０１１２３Ｘ") == "校验码应为 0，实际为 X"
    assert mask_ids_in_text(f"证件{wide}，旧证１４０５０２９００１０１１２３") == (
        "证件１４０５０２********１２３０，旧证１４０５０２*****１１２３"
    )


def test_a_full_width_id_number_in_an_export_is_masked_in_the_report(gaozhi, tmp_path: Path) -> None:
    wide = "１４０５０２１９９００３０７１２３４"
    (tmp_path / "log.csv").write_text(
        f"办件编号,部门,申请方式,收件日期,告知承诺书送达日期\n{wide},司法局,邮寄,2025-03-03,\n",
        encoding="gb18030",
    )
    for args in ((), ("-f", "csv", "-o", "-"), ("-f", "json", "-o", "-")):
        result = gaozhi("deadlines", "report", "log.csv", "--as-of", "2025-04-01", *args)
        assert result.exit_code == 0, result.output
        assert wide not in result.output and "１４０５０２********１２３４" in result.output


def test_an_id_number_born_later_than_today_or_on_no_date_is_refused_without_showing_the_date(
    gaozhi, tmp_path: Path
) -> None:
    """The birth date is the part of the number a mask hides: the message says where it is
    wrong, not what it is."""
    from gaozhi_cli.identity import id_number_problem

    assert id_number_problem("140502300001011234") == "出生日期（第 7—14 位）晚于今天"
    assert id_number_problem("140502199013011234") == "出生日期（第 7—14 位）不是有效日期"
    examples = Path(__file__).resolve().parents[1] / "examples" / "letters"
    result = gaozhi(
        "letter", "generate", "commitment", "-c", examples / "catalog.yaml", "-d", examples / "commitment.yaml",
        "--set", "申请人.证件编号=140502199013011234", "-o", "x.docx",
    )  # fmt: skip
    assert result.exit_code in (1, 2) and "出生日期（第 7—14 位）不是有效日期" in result.output
    assert "19901301" not in result.output and not (tmp_path / "x.docx").exists()
