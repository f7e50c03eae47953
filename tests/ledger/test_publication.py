"""``ledger publish``: the commitments whose item says 公开 (四(八)), as the public may see them —
an organisation by name, a natural person by surname only, no ID number in any output."""

from __future__ import annotations

import csv
import io

from gaozhi_cli.identity import _USCC_ALPHABET, _USCC_WEIGHTS

from .helpers import id_number

PERSON_ID = id_number(7)


def credit_code(body: str = "91140500MA0K1234X") -> str:
    """A valid 统一社会信用代码 (GB 32100) from its first 17 characters."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_ALPHABET[(31 - total % 31) % 31]


COMPANY_CODE = credit_code()


def _commit(project, item: int, name: str, *extra: str, day: str = "2025-03-17") -> None:  # type: ignore[no-untyped-def]
    result = project.run(
        "letter", "generate", "commitment", "-c", project.catalog, "-i", str(item),
        "--set", f"申请人.姓名={name}", "--set", f"日期={day}", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def _cases(project) -> None:  # type: ignore[no-untyped-def]
    """2025-1 a person and 2025-2 a law firm (item 1, public), 2025-3 a person under item 2
    (not public), 2026-1 a person in the next year (item 1)."""
    _commit(project, 1, "欧阳建国", "--set", f"申请人.证件编号={PERSON_ID}")
    _commit(
        project, 1, "山西晋城某某律师事务所", "--set", "申请人.证件类型=统一社会信用代码",
        "--set", f"申请人.证件编号={COMPANY_CODE}",
    )  # fmt: skip
    _commit(project, 2, "李四", "--set", f"申请人.证件编号={id_number(8)}")
    _commit(project, 1, "王五", "--set", f"申请人.证件编号={id_number(9)}", day="2026-01-05")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_only_public_items_are_published_and_people_by_surname(project) -> None:
    _cases(project)
    result = project.run("ledger", "publish", "--year", "2025", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = _rows(result.output)
    assert [r["承诺书编号"] for r in rows] == ["[2025年]第1号", "[2025年]第2号"]  # item 2 is not public
    person, firm = rows
    assert person["申请人"] == "欧阳**" and person["统一社会信用代码"] == ""
    assert firm["申请人"] == "山西晋城某某律师事务所"
    assert firm["统一社会信用代码"] == COMPANY_CODE[:6] + "********" + COMPANY_CODE[-4:]
    assert (person["证明事项"], person["办理事项"], person["行政机关"]) == (
        "无犯罪记录证明",
        "律师执业核准",
        "晋城市司法局",
    )
    assert person["公开范围"] == "晋城市司法局门户网站"
    for clear in (PERSON_ID, PERSON_ID[:6] + "********" + PERSON_ID[-4:], "欧阳建国", COMPANY_CODE):
        assert clear not in result.output


def test_every_format_is_written_masked_and_never_over_a_file(project) -> None:
    import openpyxl

    _cases(project)
    for name in ("公开.csv", "公开.xlsx", "公开.html"):
        out = project.root / name
        result = project.run("ledger", "publish", "--from", "2025-01-01", "--to", "2025-12-31", "-o", out)
        assert result.exit_code == 0, result.output
        assert "（2 件）" in result.output
        data = out.read_bytes()
        for clear in (PERSON_ID, "欧阳建国", COMPANY_CODE):
            assert clear.encode() not in data, name
        again = project.run("ledger", "publish", "-o", out)
        assert again.exit_code == 2 and "--force" in again.output
        assert out.read_bytes() == data
    sheet = openpyxl.load_workbook(project.root / "公开.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["序号", "承诺书编号", "承诺日期"]
    assert [v[6] for v in values[1:]] == ["欧阳**", "山西晋城某某律师事务所"]
    page = (project.root / "公开.html").read_text(encoding="utf-8")
    assert "晋城市司法局证明事项告知承诺书公开目录" in page and "<td>欧阳**</td>" in page
    assert "个人信息保护法" in page
    screen = project.run("ledger", "publish")  # every year, on the terminal
    assert "[2026年]第1号" in screen.output and "王*" in screen.output and "共 3 件" in screen.output


def test_the_publication_period_and_bad_options(project) -> None:
    text = project.catalog.read_text(encoding="utf-8")
    project.catalog.write_text(
        text.replace(
            "公开时限: 作出决定之日起7个工作日内", "公开时限: 作出决定之日起7个工作日内公开，公开期1年"
        ),
        encoding="utf-8",
    )
    _commit(project, 1, "张三", "--set", f"申请人.证件编号={PERSON_ID}")
    assert project.run("ledger", "record", "决定", "2025-1", "--date", "2025-03-20").exit_code == 0
    within = project.run("ledger", "publish", "--as-of", "2026-03-20", "-f", "csv")
    assert [r["申请人"] for r in _rows(within.output)] == ["张*"]  # a year from the decision
    after = project.run("ledger", "publish", "--as-of", "2026-03-21", "-f", "csv")
    assert _rows(after.output) == []
    for args, expected in (
        (("--year", "2025", "--from", "2025-01-01"), "只写一种"),
        (("--from", "2025-13-01"), "不是可识别的日期"),
        (("--from", "2025-06-01", "--to", "2025-01-01"), "晚于"),
        (("-f", "xlsx"), "-o"),
        (("-o", "公开.csv", "-f", "html"), "矛盾"),
    ):
        result = project.run("ledger", "publish", *args)
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.output, (args, result.output)


def test_who_counts_as_an_organisation_errs_on_the_side_of_a_person() -> None:
    from gaozhi_cli.ledger.publication import is_organisation, masked_person

    for name in ("山西晋城某某律师事务所", "晋城市某某有限公司", "阳城县张记饭店", "某某农民专业合作社"):
        assert is_organisation(name, None), name
    for name in ("张三", "李园", "张行", "欧阳建国", "买买提·艾力", "晋城某厂"):
        assert not is_organisation(name, None), name
    assert is_organisation("张三", "911405********123X")  # a company's code, whatever the name
    assert not is_organisation("张三", "140502********1230")
    assert [masked_person(n) for n in ("张三", "欧阳建国", "买买提·艾力")] == ["张*", "欧阳**", "买**·**"]


def test_a_publication_period_past_any_date_keeps_the_letter_public() -> None:
    """公开期9999年 (a slip, or "for good") once ended ledger publish with an internal error."""
    from dataclasses import replace
    from datetime import date

    from gaozhi_cli.ledger.publication import public_until
    from gaozhi_cli.ledger.store import Case

    fields = {name: None for name in Case.__dataclass_fields__}
    case = replace(Case(**fields), committed_on="2025-03-17")  # type: ignore[arg-type]
    for period in ("公开期9999年", "公开期99999个月"):
        assert public_until(replace(case, public_period=period), "2025-03-20") == date.max, period
    assert public_until(replace(case, public_period="公开期999999999日"), "2025-03-20") is None  # no end read
    assert public_until(replace(case, public_period="公开期1年"), "2025-03-20") == date(2026, 3, 20)
