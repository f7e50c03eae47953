"""A letter caught between its file's link and its commit: killed there, the file keeps its
temporary name too, and the next run in the folder takes it back; failing there, the run
takes it back at once. Either way the number is issued again, and no file the ledger does
not know is left."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from .helpers import batch_csv, letters


def _batch(project, rows: int, *, jobs: str = "2"):  # type: ignore[no-untyped-def]
    return project.run(
        "letter",
        "generate",
        "commitment",
        "-c",
        project.catalog,
        "--batch",
        batch_csv(project.root / "批量.csv", rows),
        "--out-dir",
        "out",
        "-j",
        jobs,
    )


def _on_disk(project) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    return {p.name: p for p in (project.root / "out").iterdir()}


def _killed_in_place(out: Path, name: str, content: bytes) -> tuple[Path, Path]:
    """What a batch killed between the link and the commit leaves: the file under its own
    name and, linked to it, its temporary name."""
    placed, tmp = out / name, out / ".gaozhi-issuing-k1ll3d.tmp"
    tmp.write_bytes(content)
    os.link(tmp, placed)
    return placed, tmp


def test_a_letter_killed_before_its_commit_is_taken_back_and_issued_again(project) -> None:
    assert _batch(project, 5).exit_code == 0
    out = project.root / "out"
    # Row 6 was linked into place with number 6, and its commit never happened.
    placed, tmp = _killed_in_place(out, "告知承诺书-申请人6-2025-6.docx", b"PK\x03\x04 never registered")
    checked = project.run("ledger", "check", "--files", "out")
    assert checked.exit_code == 1 and "出具到一半被终止" in checked.output and placed.name in checked.output
    again = _batch(project, 8)
    assert again.exit_code == 0, again.output
    assert "未登记到台账" in again.output and "已移除" in again.output and placed.name in again.output
    assert project.run("ledger", "check", "--files", "out").exit_code == 0
    assert not tmp.exists()
    found = letters(project)
    assert [s for _, s, _, _ in found] == list(range(1, 9))
    assert found[5][2] == placed.name  # row 6 issued again, with number 6
    files = _on_disk(project)
    assert set(files) == {name for _, _, name, _ in found}
    for _, _, name, sha in found:
        assert hashlib.sha256(files[name].read_bytes()).hexdigest() == sha


def test_a_registered_letter_left_with_its_temporary_name_keeps_its_file(project) -> None:
    assert _batch(project, 3).exit_code == 0
    out = project.root / "out"
    kept = out / "告知承诺书-申请人2-2025-2.docx"
    content = kept.read_bytes()
    tmp = out / ".gaozhi-issuing-c0mm1t.tmp"
    os.link(kept, tmp)  # killed after the commit, before the temporary name went
    again = _batch(project, 4)
    assert again.exit_code == 0, again.output
    assert "已移除" not in again.output
    assert kept.read_bytes() == content and not tmp.exists()
    assert [s for _, s, _, _ in letters(project)] == [1, 2, 3, 4]


def test_a_file_of_the_users_is_never_taken_for_an_unfinished_letter(project) -> None:
    """Only a file that is the temporary file under another name is taken back: a file of the
    same name beside a temporary file of other content stays, and its row is skipped."""
    out = project.root / "out"
    out.mkdir()
    mine = out / "告知承诺书-申请人1-2025-1.docx"
    mine.write_bytes(b"the user's own file")
    (out / ".gaozhi-issuing-0th3r5.tmp").write_bytes(b"the user's own file")  # same bytes, another file
    result = _batch(project, 2, jobs="1")
    assert "已移除" not in result.output
    assert mine.read_bytes() == b"the user's own file"
    assert "文件已存在" in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failure_after_the_file_is_in_place_takes_it_back_and_gives_the_number_back(
    project, monkeypatch, jobs
) -> None:
    """The commit fails (or Ctrl+C comes) once letter 3's file is in place: the run takes the
    file back, and the next run issues number 3 with the same name."""
    from gaozhi_cli import files

    commit = files._commit
    calls = 0

    def link_then_stop(tmp, path, *, force):  # type: ignore[no-untyped-def]
        nonlocal calls
        commit(tmp, path, force=force)
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(files, "_commit", link_then_stop)
    stopped = _batch(project, 30, jobs=jobs)
    assert stopped.exit_code == 130, stopped.output
    assert [s for _, s, _, _ in letters(project)] == [1, 2]
    letters_left = {name for name in _on_disk(project) if not name.startswith(".gaozhi-")}
    assert letters_left == {"告知承诺书-申请人1-2025-1.docx", "告知承诺书-申请人2-2025-2.docx"}
    monkeypatch.setattr(files, "_commit", commit)
    rest = _batch(project, 30, jobs=jobs)
    assert rest.exit_code == 0, rest.output
    found = letters(project)
    assert [s for _, s, _, _ in found] == list(range(1, 31))
    assert found[2][2] == "告知承诺书-申请人3-2025-3.docx"


def test_a_file_another_write_is_putting_in_place_is_left_alone(project) -> None:
    """Another write of gaozhi's (an export, a letter without a ledger) also links its file
    into place from a temporary file: only a letter being issued through the ledger, whose
    temporary name says so, is ever taken back."""
    out = project.root / "out"
    out.mkdir()
    export = out / "目录.docx"
    tmp = out / ".gaozhi-3xp0rt.tmp"
    tmp.write_bytes(b"PK\x03\x04 an export being written")
    os.link(tmp, export)
    result = _batch(project, 2, jobs="1")
    assert result.exit_code == 0, result.output
    assert "已移除" not in result.output
    assert export.read_bytes() == b"PK\x03\x04 an export being written"
