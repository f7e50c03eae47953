"""The ledger: numbers, letters, cases and their events, and who may not commit.

    ledger = Ledger.open(settings)                 # [ledger] path = "台账.db" or url = "postgresql://…"
    with ledger.transaction():
        seq = ledger.take_number("承诺书", "晋城市司法局", 2025, "")
        ledger.register(entry)                     # the letter, its case, its event
    ledger.record("2025-15", EventInput(...))      # 送达, 核查, 信用修复 …
    ledger.refusal("140502…", date.today())        # why this applicant may not commit, or None

Every text stored is masked (identity.mask_ids_in_text); an applicant's ID number is kept as
its masked form and its keyed hash only (secret.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from gaozhi_cli.config import Settings
from gaozhi_cli.dates import format_cn
from gaozhi_cli.docnumbers import doc_number, parse_doc_number, serial_number
from gaozhi_cli.files import display_path
from gaozhi_cli.identity import mask_ids_in_text
from gaozhi_cli.ledger.db import Database, LedgerError, db_errors, describe, open_postgresql, open_sqlite
from gaozhi_cli.ledger.model import (
    COMMITMENT_SERIES,
    FALSE,
    KINDS,
    LETTER_SERIES,
    CaseRef,
    EventInput,
    LetterEntry,
)
from gaozhi_cli.ledger.schema import migrate
from gaozhi_cli.ledger.secret import Secret, create_secret, key_file, masked_id, read_secret

CASE_COLUMNS = (
    "id, department, year, seq, platform_no, item_seq, item_name, item_purpose, time_limit, methods,"
    " public, public_scope, public_period, applicant_name, applicant_id_masked, committed_on,"
    " voided_on, void_reason"
)


# An event as ``events`` and ``ledger show`` give it.
EVENT_COLUMNS = (
    "e.kind, e.on_date, e.channel, e.method, e.result, e.checker, e.addressee, e.reply_days, e.ref,"
    " e.effective_on, e.note, e.source"
)


@dataclass(frozen=True)
class Case:
    id: int
    department: str
    year: int | None
    seq: int | None
    platform_no: str | None
    item_seq: int | None
    item_name: str
    item_purpose: str | None
    time_limit: str | None
    methods: str | None
    public: int | None
    public_scope: str | None
    public_period: str | None
    applicant_name: str | None
    applicant_id_masked: str | None
    committed_on: str | None
    voided_on: str | None
    void_reason: str | None

    @property
    def number(self) -> str:
        """[2025年]第15号, or the platform's 办件编号 for a case imported from an export."""
        if self.year is not None and self.seq is not None:
            return serial_number(self.year, self.seq)
        return self.platform_no or f"#{self.id}"

    @property
    def key(self) -> str:
        """How the case is named in exports and on the command line: 2025-15, or the 办件编号."""
        if self.year is not None and self.seq is not None:
            return f"{self.year}-{self.seq}"
        return self.platform_no or f"#{self.id}"


@dataclass(frozen=True)
class Registered:
    letter_id: int
    case_id: int | None
    number: str | None


_IN = 500  # values in one IN (…) list: far below both back ends' limits on parameters


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")


@lru_cache(maxsize=1024)  # a batch's letters repeat their item's texts
def _text(value: str | None) -> str | None:
    """Text as the ledger keeps it: stripped, ID numbers masked."""
    if value is None:
        return None
    value = value.strip()
    return mask_ids_in_text(value) if value else None


class Ledger:
    """An open ledger. Use ``transaction()`` around changes that belong together."""

    def __init__(self, db: Database, secret: Secret, *, department: str | None = None) -> None:
        self.db = db
        self.secret = secret
        self.department = department  # [ledger] department: the default for case numbers

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, settings: Settings, *, create: bool = False) -> Ledger:
        """The ledger of ``[ledger]``: opened, migrated to the current schema, its key checked.
        With ``create`` (``ledger init``) a missing file and key are made."""
        config = settings.ledger
        if config.url:
            db = open_postgresql(config.url)
        elif config.path:
            db = open_sqlite(settings.resolve(config.path), create=create)
        else:
            raise LedgerError(
                '没有配置台账：请在 gaozhi.toml 中写 [ledger] path = "台账.db"（或 url），再 gaozhi ledger init'
            )
        try:
            return cls._checked(db, key_file(settings), create=create, department=config.department)
        except BaseException:
            db.close()
            raise

    @classmethod
    def _checked(cls, db: Database, key_path: Path, *, create: bool, department: str | None) -> Ledger:
        try:
            version = db.schema_version()
        except db_errors() as exc:
            raise LedgerError(f"无法读取台账 {db.shown}：{describe(exc)}") from None
        if version == 0 and not create:
            raise LedgerError(f"台账 {db.shown} 尚未建立：请先运行 gaozhi ledger init")
        secret = create_secret(key_path) if create else read_secret(key_path)
        try:
            migrate(db)
            with db.transaction():
                known = db.scalar("SELECT value FROM gaozhi_meta WHERE key = 'key_fingerprint'")
                if known is None:
                    db.run(
                        "INSERT INTO gaozhi_meta (key, value) VALUES ('key_fingerprint', ?)",
                        (secret.fingerprint,),
                    )
                    db.run("INSERT INTO gaozhi_meta (key, value) VALUES ('created_at', ?)", (now(),))
        except db_errors() as exc:
            raise LedgerError(f"无法升级或读取台账 {db.shown}：{describe(exc)}") from None
        if known is not None and known != secret.fingerprint:
            raise LedgerError(
                f"台账密钥文件 {secret.file} 与台账 {db.shown} 不符：请使用建立台账时生成的密钥文件"
            )
        return cls(db, secret, department=department)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Ledger]:
        """A write transaction; database errors inside it become LedgerError (rolled back)."""
        try:
            with self.db.transaction():
                yield self
        except db_errors() as exc:
            raise LedgerError(f"台账 {self.db.shown} 写入失败：{describe(exc)}（本次的改动未保存）") from None

    @property
    def shown(self) -> str:
        return self.db.shown

    @property
    def version(self) -> int:
        return self.db.schema_version()

    # -- numbering -------------------------------------------------------------------------

    def take_number(self, series: str, department: str, year: int, prefix: str = "") -> int:
        """The next number of a series, inside the caller's transaction: no other process gets
        it, and it is given back if the transaction does not commit."""
        if not self.db.in_transaction:
            raise RuntimeError("take_number needs a transaction")
        return int(
            self.db.scalar(
                "INSERT INTO counters (series, department, year, prefix, last) VALUES (?, ?, ?, ?, 1) "
                "ON CONFLICT (series, department, year, prefix) DO UPDATE SET last = counters.last + 1 "
                "RETURNING last",
                (series, department, year, prefix),
            )
        )

    def peek_number(self, series: str, department: str, year: int, prefix: str = "") -> int:
        """The number the next ``take_number`` would give, if nobody takes one first."""
        last = self.db.scalar(
            "SELECT last FROM counters WHERE series = ? AND department = ? AND year = ? AND prefix = ?",
            (series, department, year, prefix),
        )
        return int(last or 0) + 1

    # -- letters ---------------------------------------------------------------------------

    def issued_with(self, data_key: str) -> tuple[str, str] | None:
        """(number or form, file name) of a letter not voided that was made from the same data."""
        row = self.db.one(
            "SELECT coalesce(number, form), file_name FROM letters WHERE data_key = ? AND voided_on IS NULL",
            (data_key,),
        )
        return None if row is None else (row[0], row[1])

    def issued_among(self, data_keys: Sequence[str]) -> dict[str, tuple[str, str]]:
        """``issued_with`` for many keys at once: those found, with (number or form, file name)."""
        found: dict[str, tuple[str, str]] = {}
        for at in range(0, len(data_keys), _IN):
            chunk = data_keys[at : at + _IN]
            for key, number, file_name in self.db.rows(
                "SELECT data_key, coalesce(number, form), file_name FROM letters"
                f" WHERE voided_on IS NULL AND data_key IN ({', '.join('?' * len(chunk))})",
                chunk,
            ):
                found.setdefault(key, (number, file_name))
        return found

    def file_registered(self, sha256: str) -> bool:
        """Inside a transaction: whether a letter with this content was ever registered. On
        PostgreSQL a transaction still registering a letter is waited for; on SQLite the
        caller's write lock keeps any out."""
        if not self.db.in_transaction:
            raise RuntimeError("file_registered needs a transaction")
        if self.db.dialect == "postgresql":
            self.db.run("LOCK TABLE letters IN SHARE MODE")
        return self.db.one("SELECT 1 FROM letters WHERE sha256 = ?", (sha256,)) is not None

    def register(self, entry: LetterEntry) -> Registered:
        """Record an issued letter (inside the caller's transaction): a commitment letter opens
        its case; another letter naming a case (承诺书编号) is linked to it, with its event."""
        if not self.db.in_transaction:
            raise RuntimeError("register needs a transaction")
        case_id = None
        applicant = entry.applicant
        at = now()
        if entry.item is not None:
            item = entry.item
            id_number = applicant.id_number if applicant else None
            case_id = self.db.insert(
                "INSERT INTO cases (department, year, seq, item_seq, item_name, item_purpose, time_limit,"
                " methods, public, public_scope, public_period, applicant_name, applicant_id_masked,"
                " applicant_id_hmac, committed_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.department,
                    entry.year,
                    entry.seq,
                    item.seq,
                    _text(item.name),
                    _text(item.purpose),
                    _text(item.time_limit),
                    item.methods,
                    None if item.public is None else int(item.public),
                    _text(item.public_scope),
                    _text(item.public_period),
                    _text(applicant.name) if applicant else None,
                    masked_id(id_number) if id_number else None,
                    self.secret.id_hash(id_number) if id_number else None,
                    entry.letter_date.isoformat(),
                    at,
                ),
            )
        elif entry.case:
            case_id = self.find_case(entry.case, entry.department).id
        letter_id = self.db.insert(
            "INSERT INTO letters (form, series, department, year, prefix, seq, number, case_id,"
            " applicant_name, letter_date, file_name, sha256, created_at, data_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.form,
                entry.series,
                entry.department,
                entry.year,
                entry.prefix if entry.series else None,
                entry.seq,
                _text(entry.number),
                case_id,
                _text(applicant.name) if applicant else None,
                entry.letter_date.isoformat(),
                _text(entry.file_name),
                entry.sha256,
                at,
                entry.data_key,
            ),
        )
        if entry.event is not None and case_id is not None:
            self._add_event(case_id, entry.event, f"文书 {entry.number or entry.form}", letter_id)
        return Registered(letter_id, case_id, entry.number)

    # -- cases -----------------------------------------------------------------------------

    def find_case(self, ref: str, department: str | None = None) -> Case:
        """The case named ``ref`` ([2025年]第15号, 2025-15, 15, or a 办件编号). Within
        ``department`` (or the configured one) when given; else it must be unambiguous."""
        parsed = CaseRef.parse(ref, this_year=date.today().year)
        department = department or self.department
        found: list[Case] = []
        if parsed.seq is not None:
            found = self._cases("year = ? AND seq = ?", (parsed.year, parsed.seq), department)
        if not found:
            found = self._cases("platform_no = ?", (parsed.text,), department)
        if not found:
            where = f"（{department}）" if department else ""
            raise LedgerError(
                f"台账中没有案件“{ref}”{where}：写承诺书编号（如 2025-15 或 [2025年]第15号）或办件编号"
            )
        if len(found) > 1:
            names = "、".join(c.department for c in found)
            raise LedgerError(f"案件“{ref}”在多个部门都有（{names}）：请用 --department 指定部门")
        return found[0]

    def _cases(self, where: str, params: tuple[Any, ...], department: str | None) -> list[Case]:
        if department:
            where, params = f"{where} AND department = ?", (*params, department)
        return [Case(*row) for row in self.db.rows(f"SELECT {CASE_COLUMNS} FROM cases WHERE {where}", params)]

    def case_by_id(self, case_id: int) -> Case:
        row = self.db.one(f"SELECT {CASE_COLUMNS} FROM cases WHERE id = ?", (case_id,))
        if row is None:
            raise LedgerError(f"台账中没有编号为 {case_id} 的案件")
        return Case(*row)

    def add_case(
        self,
        *,
        department: str,
        platform_no: str,
        item_name: str,
        item_purpose: str | None = None,
        applicant_name: str | None = None,
        id_number: str | None = None,
        committed_on: date | None = None,
        time_limit: str | None = None,
    ) -> int:
        """A case known from an export (its 办件编号), not from a letter gaozhi issued."""
        return self.db.insert(
            "INSERT INTO cases (department, platform_no, item_name, item_purpose, time_limit,"
            " applicant_name, applicant_id_masked, applicant_id_hmac, committed_on, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                department,
                _text(platform_no),
                _text(item_name),
                _text(item_purpose),
                _text(time_limit),
                _text(applicant_name),
                masked_id(id_number) if id_number else None,
                self.secret.id_hash(id_number) if id_number else None,
                committed_on.isoformat() if committed_on else None,
                now(),
            ),
        )

    def link_platform_no(self, case: Case, platform_no: str) -> None:
        if case.platform_no != platform_no:
            self.db.run("UPDATE cases SET platform_no = ? WHERE id = ?", (_text(platform_no), case.id))

    # -- events ----------------------------------------------------------------------------

    def record(
        self, ref: str, event: EventInput, *, source: str = "命令行", department: str | None = None
    ) -> Case:
        """Add ``event`` to the case ``ref``; returns the case."""
        with self.transaction():
            case = self.find_case(ref, department)
            if self.has_event(case.id, event):  # typed twice: once is the record
                raise LedgerError(
                    f"案件 {case.number} 已记录过 {format_cn(event.on)} 的{KINDS[event.kind].name}，未重复记录"
                )
            self.add_event(case, event, source)
        return case

    def add_event(self, case: Case, event: EventInput, source: str) -> int:
        if case.voided_on is not None:
            raise LedgerError(f"案件 {case.number} 已作废（{case.void_reason}），不能再记录事件")
        if event.on > date.today():
            raise LedgerError(
                f"{KINDS[event.kind].name}日期 {format_cn(event.on)} 晚于今天：事件发生后才能记录；请核对日期"
            )
        if case.committed_on and event.on.isoformat() < case.committed_on and event.kind not in ("received",):
            raise LedgerError(
                f"{KINDS[event.kind].name}日期 {format_cn(event.on)} 早于案件 {case.number} 的承诺日期"
                f" {format_cn(date.fromisoformat(case.committed_on))}"
            )
        return self._add_event(case.id, event, source, None)

    def _add_event(self, case_id: int, event: EventInput, source: str, letter_id: int | None) -> int:
        return self.db.insert(
            "INSERT INTO events (case_id, kind, on_date, channel, method, result, checker, addressee,"
            " reply_days, ref, effective_on, note, source, letter_id, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                case_id,
                event.kind,
                event.on.isoformat(),
                _text(event.channel),
                event.method,
                event.result,
                _text(event.checker),
                _text(event.addressee),
                event.reply_days,
                _text(event.ref),
                event.effective_on.isoformat() if event.effective_on else None,
                _text(event.note),
                _text(source),
                letter_id,
                now(),
            ),
        )

    def has_event(self, case_id: int, event: EventInput) -> bool:
        """An event of the same kind, day and reference is already recorded (an export
        imported twice)."""
        return bool(
            self.db.scalar(
                "SELECT count(*) FROM events WHERE case_id = ? AND kind = ? AND on_date = ?"
                " AND coalesce(ref, '') = ? AND coalesce(result, '') = ?",
                (case_id, event.kind, event.on.isoformat(), _text(event.ref) or "", event.result or ""),
            )
        )

    def retract(
        self, ref: str, kind: str, on: date, why: str, *, department: str | None = None
    ) -> tuple[Case, int]:
        """Take back the events of ``kind`` on ``on`` recorded in error on case ``ref``: they
        leave every count and deadline but are kept, with the reason, in retracted_events
        (``ledger show`` lists them). Returns the case and how many were taken back."""
        why = (why or "").strip()
        if not why:
            raise LedgerError("撤销事件须用 --why 写明原因（台账要经得起审计）")
        name = KINDS[kind].name
        with self.transaction():
            case = self.find_case(ref, department)
            found = self.db.rows(
                "SELECT id, result, letter_id FROM events WHERE case_id = ? AND kind = ? AND on_date = ?",
                (case.id, kind, on.isoformat()),
            )
            if not found:
                days = self.days_of(case.id, kind)
                recorded = f"；已记录的{name}日期：{'、'.join(days)}" if days else f"；该案件没有记录过{name}"
                raise LedgerError(f"案件 {case.number} 没有 {format_cn(on)} 的{name}记录{recorded}")
            if kind == "verified" and any(r[1] == FALSE for r in found):
                raise LedgerError(
                    f"案件 {case.number} {format_cn(on)} 的核查结果为虚假，不能撤销（失信记录只能由信用修复解除，"
                    "实施方案 四(二)）；核查结论有误的，请复核后用 gaozhi ledger record 核查 --result 真实 记录复核结论"
                )
            letters = [r[2] for r in found if r[2] is not None]
            if letters:
                number = self.db.scalar("SELECT number FROM letters WHERE id = ?", (letters[0],))
                raise LedgerError(
                    f"案件 {case.number} {format_cn(on)} 的{name}是文书 {number} 所记：请作废该文书"
                    f"（gaozhi ledger void {number} --why …），事件随之撤销"
                )
            ids = [r[0] for r in found]
            self._retract(f"id IN ({', '.join('?' * len(ids))})", ids, why)
        return case, len(ids)

    def _retract(self, where: str, params: Sequence[Any], why: str) -> None:
        columns = (
            "id, case_id, kind, on_date, channel, method, result, checker, addressee, reply_days, ref,"
            " effective_on, note, source, letter_id, recorded_at"
        )
        self.db.run(
            f"INSERT INTO retracted_events ({columns}, retracted_on, retract_reason)"
            f" SELECT {columns}, ?, ? FROM events WHERE {where}",
            (now(), _text(why), *params),
        )
        self.db.run(f"DELETE FROM events WHERE {where}", tuple(params))

    def retracted(self, case_id: int) -> list[tuple[Any, ...]]:
        """The case's events taken back: (kind, date, …, source, retracted_at, reason)."""
        return self.db.rows(
            f"SELECT {EVENT_COLUMNS}, e.retracted_on, e.retract_reason FROM retracted_events e"
            " WHERE e.case_id = ? ORDER BY e.on_date, e.id",
            (case_id,),
        )

    def days_of(self, case_id: int, kind: str) -> list[str]:
        """The days the case's events of ``kind`` are recorded on, in order."""
        return [
            r[0]
            for r in self.db.rows(
                "SELECT on_date FROM events WHERE case_id = ? AND kind = ? ORDER BY on_date", (case_id, kind)
            )
        ]

    def was_retracted(self, case_id: int, event: EventInput) -> bool:
        """The same event was taken back before: an export that still holds it must not
        bring it back."""
        return bool(
            self.db.scalar(
                "SELECT count(*) FROM retracted_events WHERE case_id = ? AND kind = ? AND on_date = ?"
                " AND coalesce(ref, '') = ? AND coalesce(result, '') = ?",
                (case_id, event.kind, event.on.isoformat(), _text(event.ref) or "", event.result or ""),
            )
        )

    def events(self, case_id: int) -> list[tuple[Any, ...]]:
        """(kind, date, channel, method, result, checker, addressee, reply_days, ref,
        effective_on, note, source) in the order they happened."""
        return self.db.rows(
            f"SELECT {EVENT_COLUMNS} FROM events e WHERE e.case_id = ? ORDER BY e.on_date, e.id", (case_id,)
        )

    def letters_of(self, case_id: int) -> list[tuple[Any, ...]]:
        """(form, number, date, file name, sha256, voided_on, void_reason) of a case's letters."""
        return self.db.rows(
            "SELECT form, number, letter_date, file_name, sha256, voided_on, void_reason FROM letters"
            " WHERE case_id = ? ORDER BY letter_date, id",
            (case_id,),
        )

    # -- voiding ---------------------------------------------------------------------------

    def void(self, number: str, why: str, *, department: str | None = None) -> str:
        """Void an issued number (a spoiled or withdrawn letter): it stays taken, is never
        given again, and is the only kind of gap a series may have. Returns the number."""
        why = (why or "").strip()
        if not why:
            raise LedgerError("作废须写明原因：--why 原因")
        department = department or self.department
        doc = parse_doc_number(number)
        parsed = CaseRef.parse(number, this_year=date.today().year)
        params: tuple[Any, ...]
        if doc is not None and doc.prefix:
            where, params = (
                "series = ? AND prefix = ? AND year = ? AND seq = ?",
                (LETTER_SERIES, doc.prefix, doc.year, doc.seq),
            )
        elif parsed.seq is not None:
            where, params = (
                "series = ? AND year = ? AND seq = ?",
                (COMMITMENT_SERIES, parsed.year, parsed.seq),
            )
        else:
            raise LedgerError(f"“{number}”不是文书编号：写 2025-15、[2025年]第15号 或 晋市司函字〔2025〕3号")
        if department:
            where, params = f"{where} AND department = ?", (*params, department)
        with self.transaction():
            found = self.db.rows(
                f"SELECT id, case_id, number, voided_on, department FROM letters WHERE {where}", params
            )
            if not found:
                raise LedgerError(f"台账中没有已编号的文书“{number}”（只能作废已出具的编号）")
            if len(found) > 1:
                names = "、".join(r[4] for r in found)
                raise LedgerError(f"编号“{number}”在多个部门都有（{names}）：请用 --department 指定部门")
            letter_id, case_id, shown, voided, _ = found[0]
            if voided:
                raise LedgerError(f"{shown} 已于 {voided} 作废")
            commitment = self.db.scalar("SELECT form FROM letters WHERE id = ?", (letter_id,)) == "commitment"
            if commitment and case_id is not None:
                self._keep_false_record(case_id, str(shown))
            today = date.today().isoformat()
            self.db.run(
                "UPDATE letters SET voided_on = ?, void_reason = ? WHERE id = ?",
                (today, _text(why), letter_id),
            )
            # what the letter recorded on its case (a 协助函 sent, a 回复函 received) was never so
            self._retract("letter_id = ?", (letter_id,), f"{shown} 作废：{why}")
            if commitment and case_id is not None:
                self.db.run(
                    "UPDATE cases SET voided_on = ?, void_reason = ? WHERE id = ?",
                    (today, _text(why), case_id),
                )
        return str(shown)

    def _keep_false_record(self, case_id: int, shown: str) -> None:
        """A commitment found false stays on record until credit repair (四(二)): voiding its
        letter would take the applicant off the exclusion list and out of the assessment."""
        found = self.db.scalar(
            "SELECT max(on_date) FROM events WHERE case_id = ? AND kind = 'verified' AND result = ?",
            (case_id, FALSE),
        )
        if found:
            raise LedgerError(
                f"{shown} 的案件已于 {format_cn(date.fromisoformat(found))}核查为虚假，作废不能撤销失信记录"
                "（实施方案 四(二)：信用修复前不适用告知承诺制）；信用修复后请用 gaozhi ledger record 信用修复 记录"
            )

    # -- the credit loop -------------------------------------------------------------------

    def refusal(self, id_number: str, on: date) -> str | None:
        """Why the holder of ``id_number`` may not commit on ``on`` (实施方案 四(二)): a case
        of theirs whose latest verification found the commitment false, with no credit repair
        since. None when they may."""
        falses = self.false_cases(self.secret.id_hash(id_number), on)
        if not falses:
            return None
        case, found_on = falses[0]
        who = (
            f"{case.applicant_name}（{case.applicant_id_masked}）"
            if case.applicant_name
            else case.applicant_id_masked
        )
        return (
            f"申请人{who}有虚假承诺（台账：{case.department} {case.number}“{case.item_name}”，"
            f"{format_cn(date.fromisoformat(found_on))}核查结果为虚假），信用修复前不适用告知承诺制"
            "（实施方案 四(二)、附件2 二.2），不能出具告知承诺书；请按一般程序要求提交证明材料"
        )

    def ever_false(self, id_hashes: Sequence[str]) -> set[str]:
        """Of these applicants, those with a 虚假 result on record at all: only they can be
        refused (``refusal``), so a batch asks once for all its applicants."""
        found: set[str] = set()
        for at in range(0, len(id_hashes), _IN):
            chunk = id_hashes[at : at + _IN]
            found.update(
                r[0]
                for r in self.db.rows(
                    "SELECT DISTINCT c.applicant_id_hmac FROM cases c JOIN events e ON e.case_id = c.id"
                    f" WHERE c.applicant_id_hmac IN ({', '.join('?' * len(chunk))}) AND c.voided_on IS NULL"
                    " AND e.kind = 'verified' AND e.result = ?",
                    [*chunk, FALSE],
                )
            )
        return found

    def false_cases(self, id_hash: str, on: date) -> list[tuple[Case, str]]:
        """The applicant's cases whose latest verification up to ``on`` is 虚假 with no credit
        repair of that case since, newest first, with the day of that result. Each false
        commitment is its own credit record, repaired on its own: two false cases and one
        repair still bar the applicant (as ``ledger show`` tells each case's state)."""
        rows = self.db.rows(
            "SELECT e.case_id, e.kind, e.on_date, e.result FROM events e JOIN cases c ON c.id = e.case_id"
            " WHERE c.applicant_id_hmac = ? AND c.voided_on IS NULL AND e.on_date <= ?"
            " AND e.kind IN ('verified', 'repaired') ORDER BY e.on_date, e.id",
            (id_hash, on.isoformat()),
        )
        latest: dict[int, tuple[str, str | None]] = {}  # case -> (date, result) of its last verification
        repaired: dict[int, str] = {}  # case -> its latest credit repair
        for case_id, kind, on_date, result in rows:
            if kind == "verified":
                latest[case_id] = (on_date, result)
            else:
                repaired[case_id] = on_date
        found = [
            (cid, day)
            for cid, (day, result) in latest.items()
            if result == FALSE and day > repaired.get(cid, "")
        ]
        found.sort(key=lambda x: x[1], reverse=True)
        return [(self.case_by_id(cid), day) for cid, day in found]

    def excluded(self, on: date) -> list[tuple[Case, str]]:
        """Every applicant barred on ``on``: one case each (their latest false one)."""
        hashes = [
            r[0]
            for r in self.db.rows(
                "SELECT DISTINCT c.applicant_id_hmac FROM events e JOIN cases c ON c.id = e.case_id"
                " WHERE e.kind = 'verified' AND e.result = ? AND c.applicant_id_hmac IS NOT NULL",
                (FALSE,),
            )
        ]
        out = []
        for h in hashes:
            found = self.false_cases(h, on)
            if found:
                out.append(found[0])
        return sorted(out, key=lambda x: x[1])

    # -- numbers as printed ----------------------------------------------------------------

    @staticmethod
    def printed(series: str, year: int, seq: int, prefix: str = "") -> str:
        return serial_number(year, seq) if series == COMMITMENT_SERIES else doc_number(prefix, year, seq)


def ledger_location(settings: Settings) -> str | None:
    """Where the configured ledger is, for messages; None when none is configured."""
    config = settings.ledger
    if config.url:
        from gaozhi_cli.ledger.db import server_shown

        return server_shown(config.url)
    if config.path:
        return display_path(settings.resolve(config.path))
    return None
