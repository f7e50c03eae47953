"""个人信息保护: no ID number in clear anywhere in the ledger — its file's bytes (and WAL), every
table of a PostgreSQL ledger — while the masked form is there, and matching still works."""

from __future__ import annotations

import csv
import io

from .helpers import batch_csv, id_number


def _everything(project) -> bytes:  # type: ignore[no-untyped-def]
    if project.backend == "sqlite":
        return b"".join(p.read_bytes() for p in project.root.glob("台账.db*") if not p.name.endswith(".key"))
    import psycopg

    with psycopg.connect(project.url, autocommit=True) as conn:
        conn.execute(f"SET search_path = {project.schema}")
        text = []
        for table in ("gaozhi_meta", "counters", "cases", "letters", "events"):
            text += [repr(r) for r in conn.execute(f"SELECT * FROM {table}").fetchall()]
    return "\n".join(text).encode()


def test_no_clear_id_number_is_stored(project) -> None:
    csv_path = batch_csv(project.root / "批量.csv", 5)
    assert (
        project.run(
            "letter", "generate", "commitment", "-c", project.catalog, "--batch", csv_path, "--out-dir", "out"
        ).exit_code
        == 0
    )
    planted = id_number(777)
    project.run(
        "ledger",
        "record",
        "核查",
        "2025-1",
        "--date",
        "2025-04-01",
        "--method",
        "内部核查",
        "--result",
        "虚假",
        "--checker",
        f"赵刚{planted}",
        "--note",
        f"申请人另报证件 {planted}",
    )
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [
            ["办件编号", "证明事项", "申请人", "证件号码", "收件日期", "申请方式"],
            ["SQ9", "无犯罪记录证明", "王五", id_number(888), "2025-03-20", "当面"],
        ]
    )
    (project.root / "导出.csv").write_text(buffer.getvalue(), encoding="utf-8")
    assert project.run("ledger", "import", "导出.csv").exit_code == 0
    data = _everything(project)
    for n in (*range(1, 6), 777, 888):
        number = id_number(n)
        assert number.encode() not in data, n
        assert number.encode("utf-16-le") not in data, n
        assert (number[:6] + "********" + number[-4:]).encode() in data or n == 777
    assert (
        "有虚假承诺"
        in project.run(
            "letter",
            "generate",
            "commitment",
            "-c",
            project.catalog,
            "-i",
            "1",
            "--set",
            "申请人.姓名=申请人1",
            "--set",
            f"申请人.证件编号={id_number(1)}",
            "--set",
            "日期=2025-05-01",
        ).output
    )
    checked = project.run("ledger", "check")
    assert checked.exit_code == 0 and "未发现问题" in checked.output


def test_every_output_is_masked(project) -> None:
    assert (
        project.run(
            "letter",
            "generate",
            "commitment",
            "-c",
            project.catalog,
            "-i",
            "1",
            "--set",
            "申请人.姓名=张三",
            "--set",
            f"申请人.证件编号={id_number(1)}",
            "--set",
            "日期=2025-03-17",
        ).exit_code
        == 0
    )
    for args in (
        ("ledger", "show", "2025-1"),
        ("ledger", "show"),
        ("ledger", "export"),
        ("ledger", "excluded"),
    ):
        result = project.run(*args)
        assert result.exit_code == 0
        assert id_number(1) not in result.output
    assert "140502********" in project.run("ledger", "show", "2025-1").output


def test_an_id_number_typed_in_full_width_is_the_same_applicant_and_never_stored(project) -> None:
    """A Chinese input method in full-width mode types １４０５０２…: the letter is issued, the
    number kept only masked and hashed as if typed in ASCII, so a false result recorded for it
    bars the same applicant typed either way."""
    number = id_number(3)
    wide = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))

    def commitment(typed: str, day: str):  # type: ignore[no-untyped-def]
        return project.run(
            "letter", "generate", "commitment", "-c", project.catalog, "-i", "1",
            "--set", "申请人.姓名=张三", "--set", f"申请人.证件编号={typed}", "--set", f"日期={day}",
        )  # fmt: skip

    assert commitment(wide, "2025-03-17").exit_code == 0
    recorded = project.run(
        "ledger", "record", "核查", "2025-1", "--date", "2025-04-01", "--method", "内部核查",
        "--result", "虚假", "--checker", "赵刚", "--note", f"申请人另报证件 {wide}",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    data = _everything(project)
    assert number.encode() not in data and wide.encode() not in data
    assert (number[:6] + "********" + number[-4:]).encode() in data
    assert "有虚假承诺" in commitment(number, "2025-05-01").output
    assert "有虚假承诺" in commitment(wide, "2025-05-02").output
