"""The ledger's own safety: a damaged file is named, never a crash, and never backed up as if
sound; no output goes over the ledger's own files; ``init`` never gives an existing ledger a
new key nor takes over another program's database; a folder it cannot use is told in Chinese;
``publish --as-of`` lists only what was committed by that day."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from .conftest import CATALOG, Project
from .helpers import id_number

DAMAGED = "台账文件 台账.db 已损坏"
RESTORE = "ledger backup 的备份恢复"


@pytest.fixture
def sqlite_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """An initialised SQLite ledger with one commitment ([2025年]第1号), the working
    directory in it. Damage is done to a file, so these cases are SQLite's alone."""
    root = tmp_path / "项目"
    root.mkdir()
    shutil.copyfile(CATALOG, root / "目录.yaml")
    (root / "gaozhi.toml").write_text('[ledger]\npath = "台账.db"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GAOZHI_DEBUG", raising=False)
    made = Project(root, "sqlite")
    assert made.run("ledger", "init").exit_code == 0
    _commit(made, "张三", 1)
    return made


def _commit(project: Project, name: str, n: int, day: str = "2025-03-17") -> None:
    result = project.run(
        "letter", "generate", "commitment", "-c", project.catalog, "-i", "1",
        "--set", f"申请人.姓名={name}", "--set", f"申请人.证件编号={id_number(n)}", "--set", f"日期={day}",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def _damage(db_file: Path, how: str, table: str = "cases") -> None:
    """Damage the (closed, checkpointed) ledger file as a disk or a careless copy would."""
    with sqlite3.connect(db_file) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    assert not db_file.with_name(db_file.name + "-wal").exists()
    data = bytearray(db_file.read_bytes())
    if how == "page":  # the table's page no longer says what kind of page it is
        data[(root - 1) * page_size] = 0xFF
    elif how == "text":  # a byte of a stored text: the pages stay sound
        at = data.index("无犯罪记录证明".encode())
        data[at : at + 3] = b"\xff\xfe\xfd"
    else:  # truncated: a copy that stopped half-way
        del data[len(data) // 2 :]
    db_file.write_bytes(bytes(data))


def _no_crash(output: str) -> None:
    assert "内部错误" not in output and "Traceback" not in output and "malformed" not in output


# -- 1. a damaged ledger file


@pytest.mark.parametrize("how", ["page", "truncated"])
def test_every_command_names_a_damaged_ledger_and_how_to_restore_it(
    sqlite_project: Project, how: str
) -> None:
    _damage(sqlite_project.db_file, how)
    for args in (
        ("ledger", "show"),
        ("ledger", "export"),
        ("ledger", "publish"),
        ("ledger", "report", "--year", "2025"),
        ("ledger", "record", "送达", "2025-1", "--date", "2025-03-20"),
        ("letter", "generate", "commitment", "-c", "目录.yaml", "-i", "1", "--set", "申请人.姓名=李四",
         "--set", f"申请人.证件编号={id_number(2)}", "--set", "日期=2025-03-18"),
        ("deadlines", "report", "--ledger"),
    ):  # fmt: skip
        result = sqlite_project.run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert DAMAGED in result.output and RESTORE in result.output, (args, result.output)
        _no_crash(result.output)
        assert "办件编号" not in result.stdout, args  # no header of a table that could not be read


@pytest.mark.parametrize("how", ["page", "text", "truncated"])
def test_check_reports_a_damaged_file_as_its_finding(sqlite_project: Project, how: str) -> None:
    _damage(sqlite_project.db_file, how)
    result = sqlite_project.run("ledger", "check")
    assert result.exit_code == 1, result.output
    assert f"问题 {DAMAGED}" in result.output and RESTORE in result.output
    assert "检查完毕：发现 1 个问题" in result.output
    _no_crash(result.output)


def test_export_of_damaged_text_shows_nothing_before_the_error(sqlite_project: Project) -> None:
    _commit(sqlite_project, "李四", 2)  # the damaged text is in both cases, read after the header
    _damage(sqlite_project.db_file, "text")
    result = sqlite_project.run("ledger", "export")
    assert result.exit_code == 2 and DAMAGED in result.output
    assert result.stdout == ""


@pytest.mark.parametrize(("how", "table"), [("page", "cases"), ("page", "letters"), ("truncated", "cases")])
def test_a_damaged_ledger_is_not_backed_up(sqlite_project: Project, how: str, table: str) -> None:
    _damage(sqlite_project.db_file, how, table)  # letters: a page the copy itself never reads
    result = sqlite_project.run("ledger", "backup", "备份/台账-备份.db")
    assert result.exit_code == 2, result.output
    assert DAMAGED in result.output and "已写入" not in result.output
    _no_crash(result.output)
    folder = sqlite_project.root / "备份"
    assert not folder.exists() or list(folder.iterdir()) == []  # no copy, no temporary file


def test_a_sound_ledger_still_exports_to_the_screen_whole(sqlite_project: Project) -> None:
    _commit(sqlite_project, "李四", 2)
    result = sqlite_project.run("ledger", "export")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [r["承诺书编号"] for r in rows] == ["[2025年]第1号", "[2025年]第2号"]
    assert id_number(2) not in result.stdout


# -- 2. no output over the ledger's own files, --force or not


def _own_files(project: Project) -> list[str]:
    if project.backend == "sqlite":
        return ["台账.db", "台账.db-wal", "台账.db-shm", "台账.db.key"]
    return ["gaozhi-ledger.key"]


def test_no_output_goes_over_the_ledgers_own_files(project: Project) -> None:
    _commit(project, "张三", 1)
    before = {p.name: p.read_bytes() for p in project.root.iterdir() if p.is_file()}
    for name in _own_files(project):
        for args in (
            ("ledger", "export", "-f", "csv", "-o", name),
            ("ledger", "export", "-f", "xlsx", "-o", name),
            ("ledger", "publish", "-f", "csv", "-o", name),
            ("ledger", "report", "--year", "2025", "-f", "xlsx", "-o", name),
            ("ledger", "backup", name),
        ):
            for force in ((), ("--force",)):
                result = project.run(*args, *force)
                assert result.exit_code == 2, (args, force, result.output)
                assert "不会覆盖台账自己的文件" in result.output, (args, result.output)
    after = {p.name: p.read_bytes() for p in project.root.iterdir() if p.is_file()}
    assert after == before
    assert project.run("ledger", "check").exit_code == 0


def test_nor_over_another_name_of_the_ledger_file(sqlite_project: Project) -> None:
    os.link(sqlite_project.db_file, sqlite_project.root / "硬链接.db")
    (sqlite_project.root / "链接.csv").symlink_to(sqlite_project.db_file)
    data = sqlite_project.db_file.read_bytes()
    for name in ("硬链接.db", "链接.csv", "../项目/台账.db"):
        result = sqlite_project.run("ledger", "export", "-o", name, "--force")
        assert result.exit_code == 2 and "是台账文件" in result.output, (name, result.output)
    assert sqlite_project.db_file.read_bytes() == data


def test_nor_a_deadline_report_from_the_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger file named like a report (台账.json) is not overwritten by the report it gives."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gaozhi.toml").write_text('[ledger]\npath = "台账.json"\n', encoding="utf-8")
    project = Project(tmp_path, "sqlite")
    assert project.run("ledger", "init").exit_code == 0
    data = (tmp_path / "台账.json").read_bytes()
    result = project.run("deadlines", "report", "--ledger", "-o", "台账.json", "--force")
    assert result.exit_code == 2 and "不会覆盖台账自己的文件" in result.output, result.output
    assert (tmp_path / "台账.json").read_bytes() == data


# -- 3. publish --as-of


def test_publish_as_of_a_day_leaves_out_letters_issued_after_it(project: Project) -> None:
    for n, day in enumerate(("2025-03-17", "2025-07-15", "2025-08-01", "2026-01-05"), 1):
        _commit(project, f"申请人{n}", n, day)
    result = project.run("ledger", "publish", "--as-of", "2025-07-15", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output.lstrip("\ufeff"))))
    assert [r["承诺日期"] for r in rows] == ["2025-03-17", "2025-07-15"]


# -- 4. init


def _key(project: Project) -> Path:
    return project.root / ("台账.db.key" if project.backend == "sqlite" else "gaozhi-ledger.key")


def test_init_never_makes_a_new_key_for_an_existing_ledger(project: Project) -> None:
    _commit(project, "张三", 1)
    key = _key(project)
    saved = key.read_bytes()
    key.unlink()
    result = project.run("ledger", "init")
    assert result.exit_code == 2, result.output
    assert "找不到它的密钥文件" in result.output and f"应在 {key.name}" in result.output
    assert "请使用建立台账时生成的密钥文件" not in result.output  # the old "key does not match"
    assert not key.exists()
    key.write_bytes(saved)
    assert project.run("ledger", "show", "2025-1").exit_code == 0


def test_init_leaves_another_programs_database_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gaozhi.toml").write_text('[ledger]\npath = "通讯录.db"\n', encoding="utf-8")
    with sqlite3.connect(tmp_path / "通讯录.db") as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('王五')")
    conn.close()
    data = (tmp_path / "通讯录.db").read_bytes()
    result = Project(tmp_path, "sqlite").run("ledger", "init")
    assert result.exit_code == 2, result.output
    assert "通讯录.db 是一个已有的 SQLite 数据库（有表 contacts），不是 gaozhi 台账" in result.output
    assert (tmp_path / "通讯录.db").read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gaozhi.toml", "通讯录.db"]  # no key, no -wal


def test_init_makes_a_given_empty_file_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gaozhi.toml").write_text('[ledger]\npath = "台账.db"\n', encoding="utf-8")
    (tmp_path / "台账.db").touch()
    (tmp_path / "台账.db").chmod(0o644)
    result = Project(tmp_path, "sqlite").run("ledger", "init")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "台账.db").stat().st_mode) == 0o600
    assert Project(tmp_path, "sqlite").run("ledger", "check").exit_code == 0


# -- 5. a folder SQLite cannot use


def test_a_ledger_in_a_missing_folder_is_told_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gaozhi.toml").write_text('[ledger]\npath = "台账.db"\n', encoding="utf-8")
    (tmp_path / "台账.db").symlink_to(tmp_path / "网络盘" / "台账.db")  # a share not mounted
    result = Project(tmp_path, "sqlite").run("ledger", "init")
    assert result.exit_code == 2, result.output
    assert "无法打开台账" in result.output and "所在文件夹 网络盘 不存在" in result.output
    assert "unable to open" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere: the folder is not read-only to it")
def test_a_ledger_in_a_read_only_folder_is_told_in_chinese(sqlite_project: Project) -> None:
    folder = sqlite_project.root / "只读"
    folder.mkdir()
    shutil.move(sqlite_project.db_file, folder / "台账.db")
    shutil.move(sqlite_project.root / "台账.db.key", folder / "台账.db.key")
    (sqlite_project.root / "gaozhi.toml").write_text('[ledger]\npath = "只读/台账.db"\n', encoding="utf-8")
    folder.chmod(0o555)
    try:
        result = sqlite_project.run("ledger", "show")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert "无法打开台账 只读/台账.db：所在文件夹 只读 是只读的" in result.output
    assert "unable to open" not in result.output and "readonly" not in result.output
