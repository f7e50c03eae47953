"""A batch through the ledger on two workers: the workers write the letters under temporary
names and the parent links each into place as it registers it; nothing is left behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .helpers import batch_csv, letters


def _batch(project, csv_path: Path):  # type: ignore[no-untyped-def]
    return project.run(
        "letter",
        "generate",
        "commitment",
        "-c",
        project.catalog,
        "--batch",
        csv_path,
        "--out-dir",
        "out",
        "-j",
        "2",
    )


def _on_disk(project) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    return {p.name: p for p in (project.root / "out").iterdir()}


def test_every_letter_is_in_place_and_registered_and_no_temporary_file_is_left(project) -> None:
    result = _batch(project, batch_csv(project.root / "批量.csv", 60))
    assert result.exit_code == 0, result.output
    found = letters(project)
    assert [s for _, s, _, _ in found] == list(range(1, 61))
    files = _on_disk(project)
    assert set(files) == {name for _, _, name, _ in found}  # no .gaozhi-….tmp beside them
    for _, _, name, sha in found:
        assert hashlib.sha256(files[name].read_bytes()).hexdigest() == sha


def test_a_file_in_the_way_gives_its_number_back_and_the_rows_after_it_are_made_again(project) -> None:
    # Row 5's letter would be 告知承诺书-申请人5-2025-5.docx: a file of that name is there, so row 5
    # is skipped and number 5 goes to row 6 — whose letter the worker made with number 6.
    out = project.root / "out"
    out.mkdir()
    in_the_way = out / "告知承诺书-申请人5-2025-5.docx"
    in_the_way.write_bytes(b"not ours")
    result = _batch(project, batch_csv(project.root / "批量.csv", 40))
    assert result.exit_code == 0, result.output
    assert "跳过 1 行" in result.output and "文件已存在" in result.output
    assert in_the_way.read_bytes() == b"not ours"
    found = letters(project)
    assert [s for _, s, _, _ in found] == list(range(1, 40))
    assert found[4][2] == "告知承诺书-申请人6-2025-5.docx"
    files = _on_disk(project)
    assert set(files) == {name for _, _, name, _ in found} | {in_the_way.name}
    from tests.letters.helpers import all_text, open_docx

    for _, _, name, sha in found:
        assert hashlib.sha256(files[name].read_bytes()).hexdigest() == sha
    assert "[2025年]第5号" in all_text(open_docx(files[found[4][2]]))


def test_check_names_the_temporary_files_a_killed_batch_left_and_the_next_batch_removes_them(project) -> None:
    import os
    import time

    assert _batch(project, batch_csv(project.root / "批量.csv", 3)).exit_code == 0
    out = project.root / "out"
    stale, fresh = out / ".gaozhi-ab12cd.tmp", out / ".gaozhi-ef34gh.tmp"
    stale.write_bytes(b"half a letter")
    fresh.write_bytes(b"being written")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    checked = project.run("ledger", "check", "--files", "out")
    assert checked.exit_code == 1, checked.output
    assert (
        stale.name in checked.output and fresh.name in checked.output and "重新运行该批量" in checked.output
    )
    again = _batch(project, batch_csv(project.root / "批量.csv", 4))  # the rows done before are skipped
    assert again.exit_code == 0, again.output
    assert not stale.exists()  # left by a batch long gone
    assert fresh.exists()  # it may belong to a batch still running
    fresh.unlink()
    assert project.run("ledger", "check", "--files", "out").exit_code == 0


def test_rows_refused_and_repeated_across_a_long_batch_leave_no_gap_in_the_numbers(project) -> None:
    """More rows than are checked against the ledger at once (batch.PLAN_ROWS): a row with bad
    data near the start and one near the end fail, a row repeating an earlier row's data is
    skipped, and every other row gets the next number in row order, printed in its letter."""
    import csv

    from gaozhi_cli.letters.batch import PLAN_ROWS
    from tests.letters.helpers import all_text, open_docx

    from .helpers import id_number

    count = 2 * PLAN_ROWS + 30
    path = batch_csv(project.root / "批量.csv", count)
    rows = list(csv.reader(path.read_bytes().decode("gb18030").splitlines()))
    rows[10][3] = "2025-02-30"  # no such day
    rows[count - 5][2] = "110105194912310021"  # a wrong check digit
    rows[PLAN_ROWS + 20] = [*rows[3][:2], id_number(3), rows[3][3]]  # row 3's data again
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode("gb18030"))
    result = _batch(project, path)
    assert result.exit_code == 1, result.output
    assert (
        "失败 2 行" in result.output and "跳过 1 行" in result.output and "同一数据已出具过" in result.output
    )
    found = letters(project)
    assert [s for _, s, _, _ in found] == list(range(1, count - 2))
    files = _on_disk(project)
    assert set(files) == {name for _, _, name, _ in found}
    issued = [n for n in range(1, count + 1) if n not in (10, count - 5, PLAN_ROWS + 20)]
    for (_, seq, name, _), n in zip(found, issued, strict=True):
        assert name == f"告知承诺书-申请人{n}-2025-{seq}.docx"
    last = found[-1]
    assert f"[2025年]第{last[1]}号" in all_text(open_docx(files[last[2]]))


def _made_in_this_process(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """The rows whose letter the parent made (again); the forked workers count in their own copy."""
    import os

    from gaozhi_cli.letters.generate import LetterMaker

    parent, made, make = os.getpid(), list[int](), LetterMaker.make

    def counted(self, source):  # type: ignore[no-untyped-def]
        if os.getpid() == parent and source is not None:
            made.append(source.line)
        return make(self, source)

    monkeypatch.setattr(LetterMaker, "make", counted)
    return made


def test_a_row_that_takes_no_number_does_not_put_the_later_rows_out_and_make_them_again(
    project, monkeypatch
) -> None:
    """Row 6 has row 5's file name (--name {申请人.姓名}) and fails before it is numbered: every later
    row still gets the number its worker printed, and the parent makes no letter again. A file in
    the way found only when row 30 is issued sets the forecast right after the rows already
    under way: the parent makes again only those, not the rest of the batch."""
    import csv

    path = batch_csv(project.root / "批量.csv", 300)
    rows = list(csv.reader(path.read_bytes().decode("gb18030").splitlines()))
    rows[6][1] = rows[5][1]
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode("gb18030"))
    (project.root / "out").mkdir()
    (project.root / "out" / "申请人30.docx").write_bytes(b"not ours")
    made = _made_in_this_process(monkeypatch)
    result = project.run(
        "letter", "generate", "commitment", "-c", project.catalog, "--batch", path,
        "--out-dir", "out", "--name", "{申请人.姓名}", "-j", "2",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "失败 1 行" in result.output and "跳过 1 行" in result.output
    found = letters(project)
    assert [s for _, s, _, _ in found] == list(range(1, 299))  # no gap
    assert all(line > 31 for line in made) and len(made) < 100, made
