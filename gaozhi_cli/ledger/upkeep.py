"""Keeping a year of records safe: ``backup`` (a consistent copy while others keep writing),
``check`` (the file's integrity, the schema, the numbering, no ID number in clear, the letters'
files against their recorded sha256), what ``init`` must not do to a file it is given, and no
output over the ledger's own files."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from gaozhi_cli.config import Settings
from gaozhi_cli.dockind import NOT_LETTERS, category_of
from gaozhi_cli.files import ISSUING, atomic_file, display_path, leftovers, os_reason, unfinished_places
from gaozhi_cli.identity import mask_ids_in_text
from gaozhi_cli.ledger.db import (
    Database,
    LedgerDamaged,
    LedgerError,
    damage,
    damaged_message,
    describe,
    open_postgresql,
    peek_sqlite,
)
from gaozhi_cli.ledger.schema import TABLES, VERSION, migrate
from gaozhi_cli.ledger.secret import key_file
from gaozhi_cli.ledger.store import Ledger


def own_files(ledger: Ledger) -> dict[Path, str]:
    """The ledger's own files, each with what it is: the database, its journals, its key."""
    found: dict[Path, str] = {}
    if ledger.db.dialect == "sqlite":
        db = Path(ledger.db.source)
        found[db] = "台账文件"
        for suffix in ("-wal", "-shm", "-journal"):
            found[db.with_name(db.name + suffix)] = "台账的日志文件"
    found[Path(ledger.secret.file)] = "台账密钥文件"
    return found


def refuse_own_file(ledger: Ledger, target: Path | None) -> None:
    """An output never goes over the ledger's own files, --force or not: a CSV over the
    database, or a backup over itself, would destroy the ledger."""
    if target is None:
        return
    for own, what in own_files(ledger).items():
        if _same_file(own, target):
            raise LedgerError(
                f"{display_path(target)} 是{what}，不能写入输出（--force 也不会覆盖台账自己的文件）：请另写一个文件名"
            )


def _same_file(own: Path, target: Path) -> bool:
    if os.path.realpath(own) == os.path.realpath(target):
        return True
    with suppress(OSError):  # either missing: not the same file
        return os.path.samefile(own, target)  # a hard link; the name in other letter case
    return False


def backup(ledger: Ledger, target: Path, *, force: bool = False) -> int:
    """Copy the ledger to the SQLite file ``target`` (0600): SQLite's online backup of a SQLite
    ledger, a snapshot of every table of a PostgreSQL one. The copy is itself a ledger gaozhi
    opens (with the same key file), checked whole before it is written: a damaged ledger is
    not backed up. Returns the number of cases copied."""
    refuse_own_file(ledger, target)
    folder = target.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".gaozhi-backup-", suffix=".db", dir=folder)
    os.close(fd)
    scratch = Path(name)
    try:
        copy = sqlite3.connect(scratch, isolation_level=None)
        try:
            if ledger.db.dialect == "sqlite":
                ledger.db.conn.backup(copy)
            else:
                _copy_tables(ledger.db, Database(copy, "sqlite", display_path(scratch)))
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            # SQLite's backup copies the pages as they are, damaged ones too
            found = _integrity(copy.execute("PRAGMA integrity_check").fetchall())
            if found:
                raise _bad_copy(ledger, target, found)
            cases = int(copy.execute("SELECT count(*) FROM cases").fetchone()[0])
        finally:
            copy.close()
        with scratch.open("rb") as src, atomic_file(target, force=force, private=True) as out:
            shutil.copyfileobj(src, out, 1 << 20)
    except sqlite3.Error as exc:
        detail = damage(exc) if isinstance(exc, sqlite3.DatabaseError) else None
        if detail is not None and ledger.db.dialect == "sqlite":
            raise _bad_copy(ledger, target, [detail]) from None
        raise LedgerError(f"备份台账失败：{describe(exc)}（未写入 {display_path(target)}）") from None
    finally:
        scratch.unlink(missing_ok=True)
    return cases


def _integrity(result: list[tuple[object, ...]]) -> list[str]:
    """What ``PRAGMA integrity_check`` found (nothing when the file is sound), a line each."""
    found = [str(r[0]) for r in result]
    if found == ["ok"]:
        return []
    lines = (line.strip() for text in found for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("*** in database")]


def _bad_copy(ledger: Ledger, target: Path, found: list[str]) -> LedgerError:
    shown, detail = display_path(target), "完整性检查未通过：" + "；".join(found[:3])
    if ledger.db.dialect == "sqlite":
        return LedgerDamaged(f"未写入备份 {shown}：" + damaged_message(ledger.shown, detail))
    return LedgerError(f"备份出的副本{detail}（未写入 {shown}）：请检查磁盘后重试")


def _copy_tables(source: Database, target: Database) -> None:
    migrate(target)
    with source.transaction():  # one snapshot of every table
        if source.dialect == "postgresql":
            source.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with target.transaction():
            for table in TABLES:
                columns = [r[0] for r in _columns(source, table)]
                names = ", ".join(columns)
                marks = ", ".join("?" * len(columns))
                if table == "gaozhi_meta":
                    target.run("DELETE FROM gaozhi_meta WHERE key <> 'schema_version'")
                cur = source.run(f"SELECT {names} FROM {table} ORDER BY 1")
                while batch := cur.fetchmany(5000):
                    if table == "gaozhi_meta":
                        batch = [r for r in batch if r[0] != "schema_version"]
                    target.many(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
    target.set_schema_version(VERSION)


def _columns(db: Database, table: str) -> list[tuple[str]]:
    if db.dialect == "sqlite":
        return [(r[1],) for r in db.rows(f"PRAGMA table_info({table})")]
    return db.rows(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
        " AND table_schema = current_schema() ORDER BY ordinal_position",
        (table,),
    )


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check(ledger: Ledger, files: Path | None = None, *, ledger_file: Path | None = None) -> CheckReport:
    """Everything that would make the ledger untrustworthy, as messages; ``files`` is the
    folder of the letters, to compare with their recorded sha256. A damaged file is the
    finding, and the last one: what is damaged cannot be checked further."""
    report = CheckReport()
    try:
        _check(ledger, files, ledger_file, report)
    except LedgerDamaged as exc:  # met while reading: a page or a text the file check passed
        report.problems.append(exc.message)
    return report


def _check(ledger: Ledger, files: Path | None, ledger_file: Path | None, report: CheckReport) -> None:
    db = ledger.db
    if db.dialect == "sqlite":
        found = _integrity(db.rows("PRAGMA integrity_check"))
        if found:
            detail = "完整性检查未通过：" + "；".join(found[:5])
            report.problems.append(damaged_message(db.shown, detail))
            return
        if db.rows("PRAGMA foreign_key_check"):
            report.problems.append("有记录指向不存在的案件或文书（外键不一致）")
        if ledger_file is not None:
            for path in (ledger_file, Path(ledger.secret.file)):
                if path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077:
                    report.problems.append(
                        f"{display_path(path)} 的权限为 {oct(stat.S_IMODE(path.stat().st_mode))[2:]}，他人可读：应为 600（chmod 600）"
                    )
    version = db.schema_version()
    if version != VERSION:
        report.problems.append(f"结构版本为 {version}，应为 {VERSION}")
    report.notes.append(f"结构版本 {version}；密钥与台账相符")
    _numbering(db, report)
    retracted = db.scalar("SELECT count(*) FROM retracted_events")
    if retracted:
        report.notes.append(
            f"已撤销的事件 {retracted} 个：不计入统计，连同原因留在台账中（ledger show 列出）"
        )
    _clear_ids(db, report)
    if files is not None:
        _files(db, files, report)


def _numbering(db: Database, report: CheckReport) -> None:
    for series, department, year, prefix, last in db.rows(
        "SELECT series, department, year, prefix, last FROM counters ORDER BY department, series, year, prefix"
    ):
        seqs = [
            r[0]
            for r in db.rows(
                "SELECT seq FROM letters WHERE series = ? AND department = ? AND year = ? AND prefix = ? ORDER BY seq",
                (series, department, year, prefix),
            )
        ]
        name = f"{department} {series}{'（' + prefix + '）' if prefix else ''} {year} 年"
        missing = sorted(set(range(1, last + 1)) - set(seqs))
        if missing:
            report.problems.append(
                f"{name}缺号：{'、'.join(map(str, missing[:20]))}（编号不应有空号，作废的号也应有记录）"
            )
        beyond = [s for s in seqs if s > last]
        if beyond:
            report.problems.append(f"{name}有超出计数的编号：{'、'.join(map(str, beyond[:20]))}")
        voided = db.scalar(
            "SELECT count(*) FROM letters WHERE series = ? AND department = ? AND year = ? AND prefix = ? AND voided_on IS NOT NULL",
            (series, department, year, prefix),
        )
        report.notes.append(
            f"{name}：第 1—{last} 号连续" + (f"，其中作废 {voided} 个" if voided else "")
            if not missing
            else f"{name}：至第 {last} 号"
        )


_TEXT_COLUMNS = {
    "cases": (
        "platform_no",
        "item_name",
        "item_purpose",
        "applicant_name",
        "applicant_id_masked",
        "void_reason",
    ),
    "letters": ("number", "applicant_name", "file_name", "void_reason"),
    "events": ("channel", "checker", "addressee", "ref", "note", "source"),
    "retracted_events": ("channel", "checker", "addressee", "ref", "note", "source", "retract_reason"),
}


def _clear_ids(db: Database, report: CheckReport) -> None:
    for table, columns in _TEXT_COLUMNS.items():
        for column in columns:
            for row_id, value in db.stream(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"):
                if mask_ids_in_text(str(value)) != str(value):
                    report.problems.append(f"{table} 第 {row_id} 条的 {column} 含有未遮盖的身份证号码")


def _files(db: Database, folder: Path, report: CheckReport) -> None:
    checked = bad = 0
    for file_name, sha, number in db.rows(
        "SELECT file_name, sha256, coalesce(number, form) FROM letters WHERE voided_on IS NULL AND file_name IS NOT NULL"
    ):
        path = folder / file_name
        checked += 1
        if not path.is_file():
            bad += 1
            report.problems.append(f"{number}：文件 {display_path(path)} 不存在")
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha:
            bad += 1
            report.problems.append(
                f"{number}：文件 {display_path(path)} 与登记时不同（sha256 不符），出具后被改动过"
            )
    known = {r[0] for r in db.rows("SELECT file_name FROM letters WHERE file_name IS NOT NULL")}
    unknown = sorted(p for p in folder.glob("*.docx") if p.name not in known)
    # gaozhi's statistics tables and catalogues say what they are; any other .docx may be a letter
    others: list[Path] = []
    strangers: list[str] = []
    for path in unknown:
        if category_of(path) in NOT_LETTERS:
            others.append(path)
        else:
            strangers.append(path.name)
    unfinished = {placed.name for _, placed in unfinished_places(folder, ISSUING)}
    for name in strangers:
        if name in unfinished:  # killed between its link and its commit: its number was not taken
            report.problems.append(
                f"文件 {name} 是出具到一半被终止的文书，未登记在台账中（编号未生效）："
                "再次生成到此文件夹时会自动移除并重新出具"
            )
            continue
        # a letter written by hand, or one the ledger lost (a power cut before its commit
        # reached the disk): its number may be given again
        report.problems.append(
            f"文件 {name} 未登记在台账中（不是经台账出具的文书；若是中断的批量留下的，请删除后重新生成）"
        )
    left = leftovers(folder)
    if left:
        names = "、".join(p.name for p in left[:10]) + (f" 等 {len(left)} 个" if len(left) > 10 else "")
        report.problems.append(
            f"临时文件 {names} 是中断的批量（或其他写入）留下的：其中的文书没有出具，重新运行该批量即可补齐；"
            "没有正在运行的批量时可以删除这些文件（再次批量生成到此文件夹时，十分钟以前的临时文件会自动删除）"
        )
    besides = f"；另有 gaozhi 生成的统计表、目录 {len(others)} 个，不是文书，不核对" if others else ""
    report.notes.append(
        f"核对文书文件 {checked} 个，{bad} 个有问题；未登记的 .docx {len(strangers)} 个；"
        f"临时文件 {len(left)} 个（{display_path(folder)}）{besides}"
    )


def before_init(settings: Settings) -> None:
    """Refuse what ``ledger init`` must not do to what it finds: put the ledger's tables into
    another program's SQLite database, or give a ledger that has a key a new one (the hashes
    of its applicants would no longer match). A file it is to make a ledger of is made
    private (600) first, as one it creates; its -wal and -shm files then take that mode."""
    config = settings.ledger
    path = settings.resolve(config.path) if config.path else None
    if config.url:
        db = open_postgresql(config.url)
    elif path is not None and path.is_file():
        if path.stat().st_size == 0:
            _private(path)
            return
        db = peek_sqlite(path)
    else:
        return  # nothing there yet (or no ledger configured): Ledger.open says what is wrong
    try:
        fingerprint = _fingerprint(db)
    finally:
        db.close()
    key = key_file(settings)
    if fingerprint is not None and not key.exists():
        raise LedgerError(
            f"台账 {db.shown} 已经建立，但找不到它的密钥文件：应在 {display_path(key)}。"
            "不会为已有的台账生成新密钥（新密钥与台账不符，已登记的申请人将无法比对）："
            "请把建立台账时生成的密钥文件（或它的备份）复制到该位置，或在 gaozhi.toml 的 [ledger] secret 写明它的位置"
        )
    if path is not None and fingerprint is None:
        _private(path)


def _fingerprint(db: Database) -> str | None:
    """The key fingerprint the ledger records; None before its first ``init`` finished."""
    if db.dialect == "sqlite":
        tables = [
            r[0]
            for r in db.rows(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        _not_another_programs(db, tables)
        begun = "gaozhi_meta" in tables
    else:
        begun = bool(db.scalar("SELECT to_regclass('gaozhi_meta') IS NOT NULL"))
    if not begun:
        return None
    value = db.scalar("SELECT value FROM gaozhi_meta WHERE key = 'key_fingerprint'")
    return None if value is None else str(value)


def _not_another_programs(db: Database, tables: list[str]) -> None:
    """A SQLite file with tables (or a version mark) but no gaozhi_meta is some other
    program's database: the ledger's tables do not go into it."""
    version = db.schema_version()
    if "gaozhi_meta" in tables or not (tables or version):
        return
    names = "、".join(tables[:5]) + (f" 等 {len(tables)} 个" if len(tables) > 5 else "")
    found = f"有表 {names}" if tables else f"结构版本标记为 {version}"
    raise LedgerError(
        f"{db.shown} 是一个已有的 SQLite 数据库（{found}），不是 gaozhi 台账：不会在其中建立台账。"
        "请在 gaozhi.toml 的 [ledger] path 写一个新的文件名"
    )


def _private(path: Path) -> None:
    try:
        path.chmod(0o600)
    except OSError as exc:
        raise LedgerError(
            f"无法把台账文件 {display_path(path)} 设为仅本人可读（600）：{os_reason(exc)}"
        ) from None
