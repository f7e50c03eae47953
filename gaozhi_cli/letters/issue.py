"""Letters issued through the ledger ([ledger] in gaozhi.toml): numbered, written, registered.

A letter is checked first (``plan``: its data, the catalogue, the exclusion lists, the ledger's
earlier false commitments), so that a letter that cannot be made never takes a number. Then one
transaction per letter takes the next number of its series, writes the .docx and records it
(``issue``): the file appears just before the commit, and a letter that fails takes its file
back and gives its number back; one killed in that instant is taken back by the next run in
its folder (``recover``). A batch renders in its worker processes with the numbers the ledger is expected to give
(``Forecast``), and writes each letter there, synced under a temporary name (``Rendered``); the
parent issues the letters in row order, each transaction only linking its file into place, and
renders again, inside the transaction, only the rare letter whose number another process took
first.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gaozhi_cli.docnumbers import doc_number
from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import (
    ISSUING,
    FileExistsError_,
    Staged,
    Stager,
    atomic_write,
    path_inside,
    stage,
    unfinished_places,
)
from gaozhi_cli.ledger import EventInput, Ledger, LetterEntry
from gaozhi_cli.ledger.model import COMMITMENT_SERIES, LETTER_SERIES, Applicant, ItemSnapshot
from gaozhi_cli.letters.data import DataProblem, Source
from gaozhi_cli.letters.generate import LetterMaker, Made


class AlreadyIssued(DataProblem):
    """The same data was issued before: running a batch again does not issue it twice."""


@dataclass(frozen=True)
class Draft:
    """A letter checked and ready to be numbered: everything the ledger will record but the
    number, the file and its hash."""

    source: Source
    entry: LetterEntry
    number_field: str | None

    @property
    def series_key(self) -> tuple[str, str, int, str] | None:
        e = self.entry
        return None if e.series is None or e.year is None else (e.series, e.department, e.year, e.prefix)

    def numbered(self, seq: int | None) -> Source:
        """The data with its number filled in (2025-15, 晋市司函字〔2025〕15号)."""
        e = self.entry
        if self.number_field is None or seq is None or e.year is None:
            return self.source
        value = f"{e.year}-{seq}" if e.series == COMMITMENT_SERIES else _printed(e.prefix, e.year, seq)
        return dataclasses.replace(self.source, data={**self.source.data, self.number_field: value})


@dataclass(frozen=True)
class Issued:
    path: Path
    warnings: list[str]
    number: str | None
    seq: int | None = None


@dataclass(frozen=True)
class Rendered:
    """A letter made beforehand with the number it expected (``seq``): its file written and
    synced beside its place (``staged``), or, where that could not be done, its bytes (the
    writing is then retried, and its error reported, when the letter is issued)."""

    seq: int | None
    sha256: str
    warnings: list[str]
    staged: Staged | None = None
    docx: bytes | None = None

    @classmethod
    def start(
        cls, made: Made, seq: int | None, path: Path, *, force: bool, stager: Stager
    ) -> Callable[[], Rendered]:
        """The letter ``made`` written beside ``path`` by ``stager``: called once its sync
        is done, the Rendered letter."""
        sha256 = hashlib.sha256(made.docx).hexdigest()

        def kept() -> Rendered:
            return cls(seq, sha256, made.warnings, docx=made.docx)

        try:
            pending = stager.stage(path, made.docx, force=force, prefix=ISSUING)
        except GaozhiError:
            return kept

        def synced() -> Rendered:
            try:
                return cls(seq, sha256, made.warnings, staged=pending.result())
            except GaozhiError:
                return kept()

        return synced

    def staged_at(self, path: Path, *, force: bool) -> Staged:
        """The file, written and synced beside ``path``."""
        if self.staged is not None:
            return self.staged
        assert self.docx is not None
        return stage(path, self.docx, force=force, prefix=ISSUING)

    def discard(self) -> None:
        """Drop the staged file if it was not put in place."""
        if self.staged is not None:
            self.staged.discard()


def _printed(prefix: str, year: int, seq: int) -> str:
    return doc_number(prefix, year, seq) if prefix else f"〔{year}〕{seq}号"


@dataclass(frozen=True)
class Screen:
    """What the ledger says of a batch's rows, asked once for them all (``screen``): the
    applicants with a false result on record, and the data issued before."""

    false: set[str]  # applicants' keyed hashes
    issued: dict[str, tuple[str, str]]  # data key -> (number or form, file name)


def plan(maker: LetterMaker, source: Source, screen: Screen | None = None) -> Draft:
    """Check ``source`` as ``make`` would, and against the ledger (asked here, or answered
    beforehand for a batch by ``screen``). Raises DataProblem."""
    return admit(maker, draft(maker, source), screen)


def draft(maker: LetterMaker, source: Source) -> Draft:
    """Check ``source`` as ``make`` would: everything the ledger records but the number, not
    yet checked against the ledger (``admit``). Raises DataProblem."""
    ledger = _ledger(maker)
    form = maker.form_for(source)
    field = form.number_field
    data = dict(source.data)
    given = data.get(field) if field else None
    if field and given is not None and (not isinstance(given, dict) or {"号", "seq"} & set(given)):
        choose = f"（可只写前缀，如 {field}.前缀=晋市司函字）" if field == "函号" else ""
        raise DataProblem(
            f"有台账时“{field}”由台账依次编排：请删去数据中的“{field}”{choose}；作废错号用 gaozhi ledger void"
        ).at(source)
    if field:
        data[field] = {**(given or {}), "号": 1}  # a stand-in while checking: the ledger numbers it
    chosen, checked, item = maker.checked(dataclasses.replace(source, data=data))
    catalog = maker.catalog
    department = (
        (catalog.agency if catalog else None)
        or getattr(checked, "agency", None)
        or getattr(checked, "department", None)
        or ledger.department
        or ""
    )
    on = _letter_date(checked)
    number = getattr(checked, "number", None) if field else None
    series = year = None
    prefix = ""
    if number is not None:
        series = COMMITMENT_SERIES if chosen.id == "commitment" else LETTER_SERIES
        year = number.year or on.year
        prefix = (
            (getattr(number, "prefix", None) or (catalog.letter_prefix if catalog else None) or "")
            if series == LETTER_SERIES
            else ""
        )
    person = getattr(checked, "applicant", None)
    applicant = Applicant(person.name, getattr(person, "id_number", None)) if person is not None else None
    entry = LetterEntry(
        form=chosen.id,
        department=department,
        letter_date=on,
        file_name="",
        sha256="",
        applicant=applicant,
        series=series,
        year=year,
        prefix=prefix,
        item=_snapshot(item) if chosen.uses_item and item is not None else None,
        case=getattr(checked, "case", None),
        event=_event(chosen.id, checked),
        data_key=ledger.secret.data_hash(_canonical(chosen.id, _keyed(source.data, checked, item))),
    )
    return Draft(source, entry, field)


def _keyed(data: dict[str, Any], checked: Any, item: Any) -> dict[str, Any]:
    """The data a letter's fingerprint is taken of: with the item --item chose when the data
    names none (the same applicant's letter for another item is another letter). Data that
    names its item keeps the fingerprint it always had."""
    if item is None or getattr(checked, "item", None) not in (None, ""):
        return data
    return {**data, "--item": item.seq}


def screen(ledger: Ledger, drafts: list[Draft]) -> Screen:
    """The ledger's answers for ``admit`` on all ``drafts``, in two queries."""
    ids = {d.entry.applicant.id_number for d in drafts if d.entry.applicant and d.entry.applicant.id_number}
    return Screen(
        ledger.ever_false([ledger.secret.id_hash(i) for i in ids]),
        ledger.issued_among([d.entry.data_key for d in drafts if d.entry.data_key]),
    )


def admit(maker: LetterMaker, draft: Draft, screen: Screen | None = None) -> Draft:
    """``draft`` if the ledger lets it be issued: the applicant not barred by an earlier false
    commitment, the case it names known, the same data not issued before. Raises DataProblem."""
    ledger, entry, source = _ledger(maker), draft.entry, draft.source
    id_number = entry.applicant.id_number if entry.applicant and entry.item is not None else None
    if id_number and (screen is None or ledger.secret.id_hash(id_number) in screen.false):
        refusal = ledger.refusal(id_number, entry.letter_date)
        if refusal:
            raise DataProblem(refusal).at(source)
    if entry.case:
        try:
            ledger.find_case(entry.case, entry.department or None)
        except GaozhiError as exc:
            raise DataProblem(f"“承诺书编号”：{exc.message}").at(source) from None
    key = entry.data_key or ""
    found = ledger.issued_with(key) if screen is None else screen.issued.get(key)
    if found is not None:
        raise _already(source, *found)
    return draft


def _ledger(maker: LetterMaker) -> Ledger:
    if maker.ledger is None:
        raise RuntimeError("the maker has no ledger")
    return maker.ledger


def _already(source: Source, number: str, file_name: str | None) -> AlreadyIssued:
    return AlreadyIssued(
        f"{source.where()}：同一数据已出具过（{number}，{file_name or '文件名未记录'}），未重复出具；"
        "确需重新出具，请先用 gaozhi ledger void 作废原编号",
        located=True,
    )


def _canonical(form: str, data: dict[str, Any]) -> bytes:
    return json.dumps({"form": form, "data": data}, sort_keys=True, ensure_ascii=False, default=str).encode()


def _letter_date(data: Any) -> date:
    return getattr(data, "date", None) or getattr(data, "check_date", None) or date.today()


def _snapshot(item: Any) -> ItemSnapshot:
    supervision, notice = item.supervision, item.notice
    disclosure = notice.disclosure if notice else None
    return ItemSnapshot(
        seq=item.seq,
        name=item.name,
        purpose=item.purpose,
        time_limit=supervision.time_limit if supervision else None,
        methods="、".join(supervision.methods) if supervision and supervision.methods else None,
        public=disclosure.public if disclosure else None,
        public_scope=disclosure.scope if disclosure else None,
        public_period=disclosure.period if disclosure else None,
    )


def _event(form: str, data: Any) -> EventInput | None:
    """What the letter itself records on its case: a 协助函 sent, a 回复函 received."""
    if form in ("assist-request", "assist-visit"):
        return EventInput.model_validate(
            {
                "事件": "assist-sent",
                "日期": data.date,
                "被请求单位": data.addressee,
                "回复时限": getattr(data, "reply_days", None),
            }
        )
    if form == "assist-reply":
        unable = data.unable
        return EventInput.model_validate(
            {
                "事件": "assist-replied",
                "日期": data.date,
                "函号": data.request_number,
                "核查结果": data.verdict,
                "备注": f"无法协助：{unable.reason}" if unable else None,
            }
        )
    return None


class Forecast:
    """The numbers drafts will most likely get, issued in the order they are asked about:
    each series' next number read from the ledger once, then counted on, and set right as the
    letters are settled (``settle``): a letter that takes no number (a duplicate file name, a
    file in the way) or another process taking numbers first would otherwise put every later
    forecast out by one, and each of those letters would be made again in the parent."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._next: dict[tuple[str, str, int, str], int] = {}  # for the next letter to settle
        self._pending: dict[tuple[str, str, int, str], int] = {}  # forecast, not yet settled

    def __call__(self, draft: Draft) -> int | None:
        key = draft.series_key
        if key is None:
            return None
        if key not in self._next:
            self._next[key] = self._ledger.peek_number(*key)
            self._pending[key] = 0
        self._pending[key] += 1
        return self._next[key] + self._pending[key] - 1

    def settle(self, draft: Draft, taken: int | None) -> None:
        """A forecast letter issued with the number ``taken``, or (None) given up."""
        key = draft.series_key
        if key is None or key not in self._next:
            return
        self._pending[key] -= 1
        if taken is not None:
            self._next[key] = taken + 1


def issue(
    maker: LetterMaker,
    draft: Draft,
    target: Callable[[Source, int | None], Path],
    *,
    force: bool,
    rendered: Rendered | None = None,
    pdf: bool = False,
) -> Issued:
    """Number, write and register one letter in one transaction; ``target`` names its file
    from the numbered data and the number. ``rendered`` is the letter made beforehand with the
    number it expected; it is made again if that number is gone."""
    try:
        return _issue(maker, draft, target, force=force, rendered=rendered, pdf=pdf)
    except BaseException:
        if rendered is not None:
            rendered.discard()
        raise


def _issue(
    maker: LetterMaker,
    draft: Draft,
    target: Callable[[Source, int | None], Path],
    *,
    force: bool,
    rendered: Rendered | None,
    pdf: bool,
) -> Issued:
    placed: tuple[Staged, Path] | None = None
    try:
        with _ledger(maker).transaction():
            letter, path, issued = _registered(maker, draft, target, force=force, rendered=rendered, pdf=pdf)
            placed = (letter.staged_at(path, force=force), path)
            # The file appears (linked; its temporary name kept) and the record commits right
            # after it. A failure before the commit takes the file back and gives the number
            # back; a kill in the instant between leaves the file under both names, which the
            # next run in the folder takes back (``recover``).
            placed[0].link(path, force=force)
    except BaseException:
        if placed is not None:
            placed[0].unlink_twin(placed[1])
            placed[0].discard()
        raise
    placed[0].discard()  # registered: the file keeps only its own name
    return issued


def _registered(
    maker: LetterMaker,
    draft: Draft,
    target: Callable[[Source, int | None], Path],
    *,
    force: bool,
    rendered: Rendered | None,
    pdf: bool,
) -> tuple[Rendered, Path, Issued]:
    """Inside the letter's transaction: numbered, made again if its number was taken first,
    and registered; the letter, where it goes, and what was issued."""
    ledger = _ledger(maker)
    entry = draft.entry
    found = ledger.issued_with(entry.data_key or "")
    if found is not None:
        raise _already(draft.source, *found)
    key = draft.series_key
    seq = ledger.take_number(*key) if key is not None else None
    source = draft.numbered(seq)
    letter = rendered if rendered is not None and rendered.seq == seq else None
    if letter is None:
        if rendered is not None:
            rendered.discard()  # made with a number another process took first
        made = maker.make(source)
        letter = Rendered(seq, hashlib.sha256(made.docx).hexdigest(), made.warnings, docx=made.docx)
    path = target(source, seq)
    if pdf and not force and path.with_suffix(".pdf").exists():
        raise FileExistsError_(path.with_suffix(".pdf"))
    number = (
        Ledger.printed(entry.series, entry.year, seq, entry.prefix)
        if entry.series is not None and entry.year is not None and seq is not None
        else None
    )
    event = entry.event
    if event is not None and event.kind == "assist-sent" and number:
        event = event.model_copy(update={"ref": number})
    ledger.register(
        dataclasses.replace(
            entry, seq=seq, number=number, file_name=path.name, sha256=letter.sha256, event=event
        )
    )
    return letter, path, Issued(path, letter.warnings, number, seq)


def recover(ledger: Ledger, folder: Path) -> list[Path]:
    """The letters a run killed midway left in ``folder`` in place but not registered — killed
    between the file's link and its commit, so that the file still has its temporary name
    too — removed, so that the batch run again issues them; a registered one only loses its
    temporary name. Decided under the ledger's write lock, so that a run still issuing is
    never caught in that instant. Returns the letters removed."""
    unfinished = unfinished_places(folder, ISSUING)
    if not unfinished:
        return []
    removed = []
    with ledger.transaction():
        for tmp, placed in unfinished:
            try:
                registered = ledger.file_registered(hashlib.sha256(placed.read_bytes()).hexdigest())
                if not registered:
                    placed.unlink()
                    removed.append(placed)
            except OSError:
                continue  # not readable or not removable: left as it is, and its twin too
            Staged(tmp).discard()
    return removed


def write_letter(
    maker: LetterMaker,
    source: Source | None,
    *,
    output: Path | None,
    directory: Path,
    pattern: str | None,
    force: bool,
    pdf: bool = False,
) -> Issued:
    """One letter (or a blank form) to ``output`` or a file named by ``pattern`` in
    ``directory``: through the ledger when the maker has one."""

    def target(numbered: Source | None, _: int | None = None) -> Path:
        return output or path_inside(directory, maker.file_name(numbered, pattern))

    if maker.ledger is None or source is None:
        path = target(source)
        if pdf and not force and path.with_suffix(".pdf").exists():
            raise FileExistsError_(path.with_suffix(".pdf"))
        made = maker.make(source)
        atomic_write(path, made.docx, force=force)
        return Issued(path, made.warnings, None)
    return issue(maker, plan(maker, source), target, force=force, pdf=pdf)
