"""The ledger file and schema: created 0600 in WAL mode, migrated from an older schema, its key
checked, refused when newer than this gaozhi; backup and check."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from gaozhi_cli.ledger.db import open_sqlite
from gaozhi_cli.ledger.schema import VERSION, migrate

from .helpers import batch_csv, id_number


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_makes_a_private_wal_file_and_keeps_it_on_a_second_run(project) -> None:
    if project.backend == "sqlite":
        assert _mode(project.db_file) == 0o600
        assert _mode(project.root / "台账.db.key") == 0o600
        with sqlite3.connect(project.db_file) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
    else:
        assert _mode(project.root / "gaozhi-ledger.key") == 0o600
    csv_path = batch_csv(project.root / "批量.csv", 2)
    assert (
        project.run("letter", "generate", "commitment", "-c", project.catalog, "--batch", csv_path).exit_code
        == 0
    )
    again = project.run("ledger", "init")
    assert again.exit_code == 0 and f"结构版本 {VERSION}" in again.output
    with project.ledger() as ledger:
        assert ledger.db.scalar("SELECT count(*) FROM cases") == 2


def test_a_wrong_key_file_is_refused(project) -> None:
    key = project.root / ("台账.db.key" if project.backend == "sqlite" else "gaozhi-ledger.key")
    key.write_text("00" * 32 + "\n", encoding="ascii")
    result = project.run("ledger", "show")
    assert result.exit_code == 2 and "密钥文件" in result.output and "不符" in result.output


def test_without_init_the_ledger_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from gaozhi_cli.cli.app import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "gaozhi.toml").write_text('[ledger]\npath = "台账.db"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["ledger", "show"])
    assert result.exit_code == 2 and "gaozhi ledger init" in result.output
    both = tmp_path / "both.toml"
    both.write_text('[ledger]\npath = "a.db"\nurl = "postgresql:///x"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["ledger", "show", "--config", str(both)])
    assert result.exit_code == 2 and "只能写一个" in result.output


def test_a_ledger_of_schema_1_is_migrated_and_keeps_its_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from gaozhi_cli.cli.app import app
    from gaozhi_cli.ledger.secret import create_secret

    monkeypatch.chdir(tmp_path)
    (tmp_path / "gaozhi.toml").write_text('[ledger]\npath = "台账.db"\n', encoding="utf-8")
    db = open_sqlite(tmp_path / "台账.db", create=True)
    assert migrate(db, upto=1) == ["台账的初始结构"]
    secret = create_secret(tmp_path / "台账.db.key")
    db.run("INSERT INTO gaozhi_meta (key, value) VALUES ('key_fingerprint', ?)", (secret.fingerprint,))
    db.run(
        "INSERT INTO cases (department, year, seq, item_name, applicant_name, applicant_id_masked,"
        " applicant_id_hmac, committed_on, created_at) VALUES ('晋城市司法局', 2024, 1, '无犯罪记录证明', '老张',"
        " '140502********1230', ?, '2024-05-06', '2024-05-06T09:00:00')",
        (secret.id_hash(id_number(1)),),
    )
    db.run(
        "INSERT INTO letters (form, series, department, year, prefix, seq, number, case_id, letter_date,"
        " file_name, sha256, created_at) VALUES ('commitment', '承诺书', '晋城市司法局', 2024, '', 1,"
        " '[2024年]第1号', 1, '2024-05-06', 'x.docx', 'ab', '2024-05-06T09:00:00')"
    )
    db.run("INSERT INTO counters VALUES ('承诺书', '晋城市司法局', 2024, '', 1)")
    db.close()
    shown = CliRunner().invoke(app, ["ledger", "show", "2024-1"])
    assert shown.exit_code == 0, shown.output
    assert "老张" in shown.output and "140502********1230" in shown.output
    with sqlite3.connect(tmp_path / "台账.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
        columns = [r[1] for r in conn.execute("PRAGMA table_info(letters)")]
    assert "data_key" in columns
    checked = CliRunner().invoke(app, ["ledger", "check"])
    assert checked.exit_code == 0, checked.output


def test_a_newer_schema_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from gaozhi_cli.cli.app import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "gaozhi.toml").write_text('[ledger]\npath = "台账.db"\n', encoding="utf-8")
    assert CliRunner().invoke(app, ["ledger", "init"]).exit_code == 0
    with sqlite3.connect(tmp_path / "台账.db") as conn:
        conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    result = CliRunner().invoke(app, ["ledger", "show"])
    assert result.exit_code == 2 and "请升级 gaozhi" in result.output


def test_backup_is_a_private_ledger_and_check_finds_a_changed_letter(project) -> None:
    csv_path = batch_csv(project.root / "批量.csv", 3)
    assert (
        project.run(
            "letter", "generate", "commitment", "-c", project.catalog, "--batch", csv_path, "--out-dir", "out"
        ).exit_code
        == 0
    )
    backup = project.root / "备份" / "台账-备份.db"
    result = project.run("ledger", "backup", backup)
    assert result.exit_code == 0, result.output
    assert _mode(backup) == 0o600
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT count(*) FROM letters").fetchone()[0] == 3
        assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
    assert project.run("ledger", "backup", backup).exit_code == 2  # never over a file without --force
    fine = project.run("ledger", "check", "--files", "out")
    assert fine.exit_code == 0, fine.output
    victim = next((project.root / "out").glob("*-2025-2.docx"))
    victim.write_bytes(victim.read_bytes() + b"x")
    changed = project.run("ledger", "check", "--files", "out")
    assert changed.exit_code == 1 and "sha256 不符" in changed.output and "[2025年]第2号" in changed.output


def test_check_files_leaves_gaozhis_tables_alone_and_names_any_other_docx(project) -> None:
    import docx

    from gaozhi_cli.dockind import ASSESSMENT, LETTER, category_of

    csv_path = batch_csv(project.root / "批量.csv", 2)
    made = project.run(
        "letter", "generate", "commitment", "-c", project.catalog, "--batch", csv_path, "--out-dir", "out"
    )
    assert made.exit_code == 0, made.output
    # the year's statistics table and the catalogue, written where the letters are
    assert project.run("ledger", "report", "--year", "2025", "-o", "out/统计表.docx").exit_code == 0
    assert project.run("catalog", "export", project.catalog, "-o", "out/目录.docx").exit_code == 0
    assert category_of(project.root / "out" / "统计表.docx") == ASSESSMENT
    assert {category_of(p) for p in (project.root / "out").glob("告知承诺书*.docx")} == {LETTER}
    fine = project.run("ledger", "check", "--files", "out")
    assert fine.exit_code == 0, fine.output
    assert "未登记的 .docx 0 个" in fine.output and "统计表、目录 2 个" in fine.output
    # a .docx gaozhi did not make, and a letter made without the ledger, are still named
    docx.Document().save(str(project.root / "out" / "手写的函.docx"))
    blank = project.run("letter", "generate", "commitment", "--blank", "-o", "out/空白表.docx")
    assert blank.exit_code == 0, blank.output  # a form to fill in by hand: not through the ledger
    named = project.run("ledger", "check", "--files", "out")
    assert named.exit_code == 1
    assert "手写的函.docx 未登记在台账中" in named.output and "空白表.docx 未登记在台账中" in named.output
