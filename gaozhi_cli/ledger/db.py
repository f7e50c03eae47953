"""One SQL layer for both back ends: SQLite (Python's sqlite3) and PostgreSQL (psycopg 3).

Statements are written once, in the subset both speak — ``?`` parameters, ``INSERT … ON
CONFLICT … DO UPDATE … RETURNING``, TEXT dates in ISO form, INTEGER flags — and this module
adapts the few places where they differ: the parameter marker, the identity column, how a
write transaction takes its lock, and where the schema version lives.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from itertools import chain, count
from pathlib import Path
from typing import Any, Literal

from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import display_path, os_reason

Dialect = Literal["sqlite", "postgresql"]
Params = Sequence[Any]
BUSY_SECONDS = 60  # how long a writer waits for another process's transaction to end
FETCH = 4096  # rows a stream fetches at a time
_cursors = count()  # names of server-side cursors, one per stream


class LedgerError(UsageError):
    """The ledger cannot be opened, is damaged, or refuses a change."""


class LedgerDamaged(LedgerError):
    """The SQLite file itself is damaged: ``ledger check`` reports it as its finding."""


class Database:
    """A connection with ``run``/``rows``/``one`` and write transactions (``transaction()``).

    Both connections are in autocommit mode: outside a transaction every statement commits on
    its own; inside, all of them commit or none does. ``BEGIN IMMEDIATE`` takes SQLite's write
    lock at once; on PostgreSQL numbering locks its counter row until the commit.
    """

    def __init__(self, conn: Any, dialect: Dialect, shown: str, source: str = "") -> None:
        self.conn = conn
        self.dialect = dialect
        self.shown = shown  # the file or the server, for messages (no password)
        self.source = source  # the file's path or the server's URL: for another process to open
        self._depth = 0

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def run(self, sql: str, params: Params = ()) -> Any:
        """Execute one statement; returns the cursor (read its rows with ``rows``, ``one`` or
        ``stream``, which tell a damaged file from a bug)."""
        cur = self.conn.cursor()
        with self._damage_told():
            cur.execute(_translate(sql, self.dialect), tuple(params))
        return cur

    @contextmanager
    def _damage_told(self) -> Iterator[None]:
        """LedgerDamaged for an error that says the file is damaged (a damaged page or text
        may be met at any statement or row); any other error is the caller's to handle."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            self._if_damaged(exc)
            raise

    def _if_damaged(self, exc: sqlite3.DatabaseError) -> None:
        detail = damage(exc)
        if detail is not None:
            raise LedgerDamaged(damaged_message(self.shown, detail)) from None

    def insert(self, sql: str, params: Params = ()) -> int:
        """Execute an INSERT into a table with an ``id`` column; returns the new row's id
        (SQLite tells it without a RETURNING clause to step through)."""
        if self.dialect == "sqlite":
            return int(self.run(sql, params).lastrowid)
        return int(self.scalar(sql + " RETURNING id", params))

    def many(self, sql: str, rows: Sequence[Params]) -> None:
        if rows:
            with self._damage_told():
                self.conn.cursor().executemany(_translate(sql, self.dialect), [tuple(r) for r in rows])

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        cur = self.run(sql, params)
        with self._damage_told():
            return [tuple(r) for r in cur.fetchall()]

    def stream(self, sql: str, params: Params = (), *, size: int = FETCH) -> Iterator[tuple[Any, ...]]:
        """The rows of a query as they come, in flat memory: SQLite's cursor steps through
        them (faster than fetchmany); on PostgreSQL a server-side (named) cursor sends
        ``size`` rows at a time, inside a transaction of its own (or the caller's)."""
        if self.dialect == "sqlite":
            return self._stepped(self.run(sql, params))
        return chain.from_iterable(self._server_side(sql, params, size))

    def _stepped(self, cur: Any) -> Iterator[tuple[Any, ...]]:
        with self._damage_told():
            yield from cur

    def _server_side(self, sql: str, params: Params, size: int) -> Iterator[list[tuple[Any, ...]]]:
        with self.conn.transaction(), self.conn.cursor(name=f"gaozhi_stream_{next(_cursors)}") as cur:
            cur.execute(_translate(sql, self.dialect), tuple(params))
            while found := cur.fetchmany(size):  # a list a round trip, not a Python step a row
                yield found

    def one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        cur = self.run(sql, params)
        with self._damage_told():
            row = cur.fetchone()
        return None if row is None else tuple(row)

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All statements of the block in one transaction, committed when it ends normally.
        Nested blocks join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth = max(0, self._depth - 1)
            return
        self._begin()
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            with suppress(Exception):
                self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except Exception as exc:
            with suppress(Exception):
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                self._if_damaged(exc)
            raise LedgerError(f"台账 {self.shown} 保存失败：{describe(exc)}（本次的改动未保存）") from None

    def _begin(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")
        except db_errors() as exc:
            raise LedgerError(
                f"台账 {self.shown} 正被其他程序占用，等待 {BUSY_SECONDS} 秒后仍无法写入：{describe(exc)}"
            ) from None

    def close(self) -> None:
        with suppress(Exception):
            self.conn.close()

    # -- schema version: PRAGMA user_version on SQLite, a row of gaozhi_meta on PostgreSQL

    def schema_version(self) -> int:
        if self.dialect == "sqlite":
            return int(self.scalar("PRAGMA user_version") or 0)
        if not self.scalar("SELECT to_regclass('gaozhi_meta') IS NOT NULL"):
            return 0
        value = self.scalar("SELECT value FROM gaozhi_meta WHERE key = 'schema_version'")
        return int(value) if value else 0

    def set_schema_version(self, version: int) -> None:
        if self.dialect == "sqlite":
            self.conn.execute(f"PRAGMA user_version = {int(version)}")
        else:
            self.run(
                "INSERT INTO gaozhi_meta (key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(version),),
            )

    def lock_schema(self) -> None:
        """Inside a transaction: keep two processes from migrating at once."""
        if self.dialect == "postgresql":
            self.run("SELECT pg_advisory_xact_lock(20210316)")  # any constant: the ledger's own lock

    def identity(self) -> str:
        """The column type of an id that numbers itself."""
        return (
            "INTEGER PRIMARY KEY"
            if self.dialect == "sqlite"
            else "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        )


@lru_cache(maxsize=256)
def _translate(sql: str, dialect: Dialect) -> str:
    if dialect == "sqlite":
        return sql
    return sql.replace("%", "%%").replace("?", "%s")


def describe(exc: BaseException) -> str:
    """A database error said briefly (the server's own words are kept: they name the cause)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "database is locked" in text:
        return "台账被其他程序锁定"
    if "disk I/O error" in text or "database or disk is full" in text:
        return "读写磁盘出错或磁盘已满"
    if "file is not a database" in text or "malformed" in text:
        return "文件不是 SQLite 台账或已损坏"
    if "readonly" in text:
        return "台账文件是只读的"
    if "unable to open database file" in text:
        return "系统无法打开台账文件或它的 -wal、-shm 日志文件（所在文件夹是否存在、是否可写）"
    return text


# SQLite's primary result codes: a damaged file (CORRUPT, NOTADB); a file it could not open,
# or only read (its folder read-only: no -wal, -shm beside it)
_READONLY, _CORRUPT, _CANTOPEN, _NOTADB = 8, 11, 14, 26


def damage(exc: sqlite3.DatabaseError) -> str | None:
    """What is damaged, when ``exc`` says the SQLite file is (None for any other error)."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc)
    if code == _NOTADB or "file is not a database" in text:
        return NOT_SQLITE
    if code == _CORRUPT or "malformed" in text:
        return "数据页已被破坏"
    if "Could not decode to UTF-8" in text:  # the ledger writes only text: a byte changed
        return "其中的文字已被破坏"
    return None


NOT_SQLITE = "不是 SQLite 数据库，或文件头已被破坏"


def damaged_message(shown: str, detail: str) -> str:
    """What to tell about a damaged ledger file, and what to do."""
    wrong_file = "；若 [ledger] path 写错了文件，请改正" if detail == NOT_SQLITE else ""
    return (
        f"台账文件 {shown} 已损坏（{detail}）：请用 gaozhi ledger backup 的备份恢复（移走 {shown} 及其"
        f" -wal、-shm 文件，把最近的备份复制为 {shown}），再运行 gaozhi ledger check{wrong_file}"
    )


# -- opening


def open_sqlite(path: Path, *, create: bool) -> Database:
    """The SQLite file at ``path`` (created 0600 when ``create``), in WAL mode."""
    shown = display_path(path)
    if not path.exists():
        if not create:
            missing = "" if path.parent.is_dir() else f"；所在文件夹 {display_path(path.parent)} 不存在"
            raise LedgerError(f"找不到台账文件：{shown}（先用 gaozhi ledger init 建立{missing}）")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass
        except OSError as exc:
            raise LedgerError(f"无法建立台账文件 {shown}：{os_reason(exc)}") from None
    elif path.is_dir():
        raise LedgerError(f"台账路径 {shown} 是文件夹，不是文件")
    conn = None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
        # WAL: readers never block the writer; the -wal/-shm files take the file's mode (0600).
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        # NORMAL in WAL mode: a commit survives the process being killed (the letter's file is
        # synced before it); the disk is synced at checkpoints, not at every letter of a batch.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise _unopened(path, exc) from None
    if str(mode).lower() != "wal":
        conn.close()
        raise LedgerError(f"台账 {shown} 无法使用 WAL 日志模式（所在位置可能是网络共享文件夹）")
    return Database(conn, "sqlite", shown, str(path))


def peek_sqlite(path: Path) -> Database:
    """The SQLite file at ``path`` as it is, only read: to look at a file before it is made a
    ledger (opening it as one switches it to WAL mode; a read-only connection to a WAL file
    would leave its -wal and -shm behind)."""
    conn = None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise _unopened(path, exc) from None
    return Database(conn, "sqlite", display_path(path), str(path))


def _unopened(path: Path, exc: sqlite3.DatabaseError) -> LedgerError:
    """Why the SQLite file at ``path`` did not open, in Chinese."""
    shown = display_path(path)
    detail = damage(exc)
    if detail is not None:
        return LedgerDamaged(damaged_message(shown, detail))
    if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (_CANTOPEN, _READONLY):
        return LedgerError(f"无法打开台账 {shown}：{_why_not_opened(path)}")
    return LedgerError(f"无法打开台账 {shown}：{describe(exc)}")


def _why_not_opened(path: Path) -> str:
    """SQLite says only "unable to open database file" (or "readonly"): the reason, looked up."""
    real = path.resolve()
    folder = real.parent
    if not folder.is_dir():
        return f"所在文件夹 {display_path(folder)} 不存在"
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"所在文件夹 {display_path(folder)} 是只读的或没有写入权限"
            "（SQLite 台账要在同一文件夹中建立 -wal、-shm 日志文件）"
        )
    if real.exists() and not os.access(real, os.R_OK | os.W_OK):
        return "没有读写该文件的权限"
    return "系统拒绝打开该文件或它的 -wal、-shm 日志文件"


_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def server_shown(url: str) -> str:
    """The URL without its password, for messages."""
    return _PASSWORD.sub(r"\1***@", url)


def open_postgresql(url: str) -> Database:
    shown = server_shown(url)
    try:
        import psycopg
    except ImportError:
        raise LedgerError(
            "使用 PostgreSQL 台账需要安装 psycopg：pip install 'gaozhi[postgresql]'（或 pip install 'psycopg[binary]'）"
        ) from None
    try:
        conn = psycopg.connect(url, connect_timeout=10, autocommit=True)
    except psycopg.Error as exc:
        raise LedgerError(f"无法连接台账数据库 {shown}：{describe(exc)}") from None
    return Database(conn, "postgresql", shown, url)


def reopen(dialect: Dialect, source: str) -> Database:
    """A connection of its own to a ledger already open (``Database.source``): for a worker."""
    return open_sqlite(Path(source), create=False) if dialect == "sqlite" else open_postgresql(source)


def db_errors() -> tuple[type[BaseException], ...]:
    """The exception classes of both drivers (psycopg only when installed)."""
    found: list[type[BaseException]] = [sqlite3.Error]
    with suppress(ImportError):
        import psycopg

        found.append(psycopg.Error)
    return tuple(found)
