"""The ledger's tables, and the migrations that bring an older ledger up to date.

Each migration is a step from one version to the next; a ledger records the version it is at
(SQLite: ``PRAGMA user_version``; PostgreSQL: ``gaozhi_meta.schema_version``). Opening a ledger
runs the steps it lacks, all in one transaction, so a ledger is never half migrated. A ledger
newer than this gaozhi is refused rather than guessed at.

Dates are ISO text (2025-03-16), flags 0/1 integers: the same on both back ends.
"""

from __future__ import annotations

from collections.abc import Callable

from gaozhi_cli.ledger.db import Database, LedgerError

TABLES = ("gaozhi_meta", "counters", "cases", "letters", "events", "retracted_events")


def _v1(db: Database) -> list[str]:
    ident = db.identity()
    return [
        "CREATE TABLE IF NOT EXISTS gaozhi_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # The last number taken in each series: 承诺书 or 函, per department, year and 函号前缀.
        "CREATE TABLE counters (series TEXT NOT NULL, department TEXT NOT NULL, year INTEGER NOT NULL,"
        " prefix TEXT NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (series, department, year, prefix))",
        # A case is one commitment: its 承诺书 (year, seq) when gaozhi issued it, and the
        # platform's 办件编号 when an export names it. The item is kept as it stood that day.
        f"CREATE TABLE cases (id {ident}, department TEXT NOT NULL, year INTEGER, seq INTEGER,"
        " platform_no TEXT, item_seq INTEGER, item_name TEXT NOT NULL, item_purpose TEXT,"
        " time_limit TEXT, methods TEXT, public INTEGER, public_scope TEXT, public_period TEXT,"
        " applicant_name TEXT, applicant_id_masked TEXT, applicant_id_hmac TEXT, committed_on TEXT,"
        " voided_on TEXT, void_reason TEXT, created_at TEXT NOT NULL,"
        " UNIQUE (department, year, seq), UNIQUE (department, platform_no))",
        "CREATE INDEX cases_applicant ON cases (applicant_id_hmac)",
        f"CREATE TABLE letters (id {ident}, form TEXT NOT NULL, series TEXT, department TEXT NOT NULL,"
        " year INTEGER, prefix TEXT, seq INTEGER, number TEXT, case_id INTEGER REFERENCES cases (id),"
        " applicant_name TEXT, letter_date TEXT, file_name TEXT, sha256 TEXT, created_at TEXT NOT NULL,"
        " voided_on TEXT, void_reason TEXT, UNIQUE (series, department, year, prefix, seq))",
        "CREATE INDEX letters_case ON letters (case_id)",
        f"CREATE TABLE events (id {ident}, case_id INTEGER NOT NULL REFERENCES cases (id),"
        " kind TEXT NOT NULL, on_date TEXT NOT NULL, channel TEXT, method TEXT, result TEXT,"
        " checker TEXT, addressee TEXT, reply_days INTEGER, ref TEXT, effective_on TEXT, note TEXT,"
        " source TEXT, letter_id INTEGER REFERENCES letters (id), recorded_at TEXT NOT NULL)",
        "CREATE INDEX events_case ON events (case_id, kind, on_date)",
    ]


def _v2(db: Database) -> list[str]:
    # A keyed fingerprint of a letter's data: the same row run again is not issued twice.
    return [
        "ALTER TABLE letters ADD COLUMN data_key TEXT",
        "CREATE INDEX letters_data_key ON letters (data_key)",
    ]


def _v3(db: Database) -> list[str]:
    # SQLite: the events in report order with every column a report reads, so reading a year
    # of events steps through one index instead of looking each event's row up in the table
    # (a third of the time of a report of a million events). The id is spelled out so ties
    # on a day still come in the order recorded. PostgreSQL keeps the narrower index: a key
    # there is limited to a third of a page, and a long 被请求单位 must not fail an insert.
    if db.dialect != "sqlite":
        return []
    return [
        "CREATE INDEX events_rows ON events (case_id, kind, on_date, id, channel, method, result,"
        " checker, addressee, reply_days, ref, effective_on)",
        "DROP INDEX events_case",
    ]


def _v4(db: Database) -> list[str]:
    # An event recorded in error is moved here, never deleted: the ledger is audited, and a
    # monthly export that still holds the wrong date must not bring it back (ledger import).
    return [
        "CREATE TABLE retracted_events (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL"
        " REFERENCES cases (id), kind TEXT NOT NULL, on_date TEXT NOT NULL, channel TEXT, method TEXT,"
        " result TEXT, checker TEXT, addressee TEXT, reply_days INTEGER, ref TEXT, effective_on TEXT,"
        " note TEXT, source TEXT, letter_id INTEGER REFERENCES letters (id), recorded_at TEXT NOT NULL,"
        " retracted_on TEXT NOT NULL, retract_reason TEXT NOT NULL)",
        "CREATE INDEX retracted_events_case ON retracted_events (case_id, kind, on_date)",
    ]


MIGRATIONS: list[tuple[int, str, Callable[[Database], list[str]]]] = [
    (1, "台账的初始结构", _v1),
    (2, "文书的数据指纹（同一数据不重复出具）", _v2),
    (3, "按案件排列事件的索引（统计时限更快）", _v3),
    (4, "撤销的事件（记错的事件移出而不删除）", _v4),
]
VERSION = MIGRATIONS[-1][0]


def migrate(db: Database, *, upto: int = VERSION) -> list[str]:
    """Bring the ledger to version ``upto``; returns the names of the steps run."""
    with db.transaction():
        db.lock_schema()
        current = db.schema_version()
        if current > VERSION:
            raise LedgerError(
                f"台账 {db.shown} 的结构版本为 {current}，比本程序支持的 {VERSION} 新：请升级 gaozhi 后再使用"
            )
        done = []
        for version, name, steps in MIGRATIONS:
            if current < version <= upto:
                for statement in steps(db):
                    db.run(statement)
                db.set_schema_version(version)
                done.append(name)
    return done
