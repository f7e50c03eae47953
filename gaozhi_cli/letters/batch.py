"""Many letters from the rows of a CSV file, on every core; a bad row never stops the others.

File names are decided in one process, row after row as the workers need them (``plan``), so
that two rows can never write the same file and no name can leave the output folder; worker
processes render and write.
Each worker prepares the template and the base document once — inherited when the platform
forks, rebuilt from the frozen ``LetterRequest`` when it spawns — and reuses them for all
its rows.

With a ledger the rows are checked and given their expected numbers first (``issue.draft``,
``issue.admit``, ``issue.Forecast``), a few dozen at a time: the
workers render and write each letter under a temporary name, and the parent issues each letter
in row order in its own transaction (``issue.issue``: number, register, link the file into
place), so that the numbers follow the rows and a batch killed midway leaves the letters
written and the ledger in agreement. Each worker is at most two runs of rows (16 at most
each) ahead of the parent, so that a batch killed midway leaves few temporary files behind;
the next batch in the folder removes them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Literal, Protocol, TypeVar, cast

from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import (
    STALE_AFTER,
    FileExistsError_,
    Stager,
    display_path,
    inside_resolved,
    leftovers,
)
from gaozhi_cli.identity import mask_ids_in_text
from gaozhi_cli.letters import issue
from gaozhi_cli.letters.data import Source
from gaozhi_cli.letters.generate import LetterMaker, LetterRequest
from gaozhi_cli.workers import WorkerLost, forks, ordered, start_context, worker_count

Status = Literal["written", "skipped", "failed"]
# Below this many rows starting worker processes costs more than it saves.
PARALLEL_MIN_ROWS = 24
PLAN_ROWS = 64  # rows checked against the ledger at once
RUN_ROWS = 16  # rows a process makes before it hands their letters on (their files synced)
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class LetterOutcome:
    where: str  # file and line of the row
    line: int
    status: Status
    path: Path | None = None
    message: str = ""  # the reason, or warnings for a written letter


@dataclass(slots=True)
class BatchSummary:
    results: list[LetterOutcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    def written(self) -> list[Path]:
        return [r.path for r in self.results if r.status == "written" and r.path is not None]


@dataclass(frozen=True, slots=True)
class Task:
    source: Source  # with a ledger: with the number it expects filled in (what a worker renders)
    path: Path  # with a ledger: the name the expected number gives (the final one may differ)
    draft: issue.Draft | None = None  # with a ledger: the checked letter (kept by the parent)
    seq: int | None = None  # with a ledger: the number expected
    pattern: str | None = None  # with a ledger: the file-name pattern, applied to the final number
    forecast: issue.Forecast | None = None  # with a ledger: told the number the letter took

    def for_worker(self) -> Task:
        """What a worker needs of the task: the draft stays with the parent, which issues it."""
        return Task(self.source, self.path, seq=self.seq) if self.draft is not None else self

    def settle(self, taken: int | None) -> None:
        if self.forecast is not None and self.draft is not None:
            self.forecast.settle(self.draft, taken)


# The maker of this process: set before forking, or built by _init in a spawned worker.
_maker: LetterMaker | None = None
_force = False


def _init(request: LetterRequest | None, force: bool) -> None:
    global _maker, _force
    _force = force
    if _maker is None and request is not None:
        _maker = LetterMaker.prepare(request, use_ledger=False)


def _failed(where: str, line: int, exc: Exception) -> LetterOutcome:
    if isinstance(exc, GaozhiError):
        return LetterOutcome(
            where, line, "failed", None, mask_ids_in_text(exc.message.removeprefix(f"{where}："))
        )
    return LetterOutcome(
        where, line, "failed", None, mask_ids_in_text(f"内部错误（{type(exc).__name__}：{exc}）")
    )


Later = Callable[[], R]  # an outcome known once the letter's file is synced


def _render(task: Task, stager: Stager) -> Later[issue.Rendered | LetterOutcome]:
    """A worker's part with a ledger: the letter with its expected number, written beside its
    place under a temporary name."""
    assert _maker is not None
    try:
        made = _maker.make(task.source)
        return issue.Rendered.start(made, task.seq, task.path, force=_force, stager=stager)
    except Exception as exc:  # a bug must not cost the other rows their letters
        return _known(_failed(task.source.where(), task.source.line or 0, exc))


def _issue(
    maker: LetterMaker, task: Task, rendered: issue.Rendered | LetterOutcome, force: bool
) -> LetterOutcome:
    """The parent's part with a ledger: number, register and put the letter in place."""
    where, line = task.source.where(), task.source.line or 0
    if isinstance(rendered, LetterOutcome):
        task.settle(None)
        return rendered
    assert task.draft is not None

    def target(numbered: Source, seq: int | None) -> Path:
        if seq == task.seq:  # the number planned: the name planned
            return task.path
        return inside_resolved(task.path.parent, maker.file_name(numbered, task.pattern))

    try:
        done = issue.issue(maker, task.draft, target, force=force, rendered=rendered)
    except Exception as exc:
        task.settle(None)
        if isinstance(exc, issue.AlreadyIssued):
            return LetterOutcome(where, line, "skipped", None, exc.message.removeprefix(f"{where}："))
        if isinstance(exc, FileExistsError_):
            return LetterOutcome(where, line, "skipped", exc.path, exc.message)
        return _failed(where, line, exc)
    task.settle(done.seq)
    return LetterOutcome(where, line, "written", done.path, "；".join(done.warnings))


def _make(task: Task, stager: Stager) -> Later[LetterOutcome]:
    """A letter without a ledger: made, written beside its place, and put there once synced."""
    where, line = task.source.where(), task.source.line or 0
    assert _maker is not None
    try:
        made = _maker.make(task.source)
        pending = stager.stage(task.path, made.docx, force=_force)
    except FileExistsError_ as exc:
        return _known(LetterOutcome(where, line, "skipped", task.path, exc.message))
    except Exception as exc:  # a bug must not cost the other rows their letters
        return _known(_failed(where, line, exc))

    def placed() -> LetterOutcome:
        try:
            pending.result().place(task.path, force=_force)
        except FileExistsError_ as exc:
            return LetterOutcome(where, line, "skipped", task.path, exc.message)
        except Exception as exc:
            return _failed(where, line, exc)
        return LetterOutcome(where, line, "written", task.path, "；".join(made.warnings))

    return placed


def _known(outcome: R) -> Later[R]:
    return lambda: outcome


def _render_run(tasks: list[Task]) -> list[issue.Rendered | LetterOutcome]:
    with Stager() as stager:
        later = [_render(task, stager) for task in tasks]
    return [outcome() for outcome in later]


def _make_run(tasks: list[Task]) -> list[issue.Rendered | LetterOutcome]:
    with Stager() as stager:
        later = [_make(task, stager) for task in tasks]
    return [outcome() for outcome in later]


def _lost(source: Source, lost: WorkerLost) -> LetterOutcome:
    return LetterOutcome(
        source.where(),
        source.line or 0,
        "failed",
        None,
        f"{lost}，此行未生成；重新运行该批量可补齐未生成的各行",
    )


def plan(
    maker: LetterMaker,
    sources: Sequence[Source],
    out_dir: Path,
    pattern: str | None,
    *,
    force: bool,
    pdf: bool,
) -> Iterator[Task | LetterOutcome]:
    """The rows in order, each a task (its target file) or, if it cannot be written, its
    outcome (with a ledger also the rows it refuses, and those issued before from the same
    data). Planned as ``run`` needs them, ``PLAN_ROWS`` at a time, so that the workers start
    at once instead of waiting for the whole batch to be checked."""
    taken: dict[Path, str] = {}
    base = out_dir.resolve()
    forecast = issue.Forecast(maker.ledger) if maker.ledger is not None else None
    for at in range(0, len(sources), PLAN_ROWS):
        chunk = sources[at : at + PLAN_ROWS]
        rows = _drafts(maker, chunk) if forecast is not None else [_unread(s) or s for s in chunk]
        for row in rows:
            if isinstance(row, LetterOutcome):
                yield row
            elif isinstance(row, Source):
                yield _planned(maker, row, base, pattern, taken, pdf, force)
            else:  # forecast as it is planned, so that a row that fails here shifts none
                assert forecast is not None
                draft = row[1]
                planned = _planned(maker, (*row, forecast(draft)), base, pattern, taken, pdf, force, forecast)
                if isinstance(planned, LetterOutcome):
                    forecast.settle(draft, None)  # its file name failed: it takes no number
                yield planned


def _planned(
    maker: LetterMaker,
    row: Source | tuple[Source, issue.Draft, int | None],
    base: Path,
    pattern: str | None,
    taken: dict[Path, str],
    pdf: bool,
    force: bool,
    forecast: issue.Forecast | None = None,
) -> Task | LetterOutcome:
    source, draft, seq = row if isinstance(row, tuple) else (row, None, None)
    where, line = source.where(), source.line or 0
    try:
        named = draft.numbered(seq) if draft is not None else source
        path = inside_resolved(base, maker.file_name(named, pattern))
    except GaozhiError as exc:
        return LetterOutcome(where, line, "failed", None, mask_ids_in_text(exc.message))
    if path in taken:
        return LetterOutcome(
            where,
            line,
            "failed",
            None,
            f"文件名 {path.name} 与{taken[path]}相同；请用 --name 加入能区分各行的字段，如 {{编号}}",
        )
    taken[path] = where
    if draft is not None:  # the file is checked when it is written, under its final name
        return Task(named, path, draft, seq, pattern, forecast)
    existing = [p for p in (path, path.with_suffix(".pdf") if pdf else None) if p is not None and p.exists()]
    if existing and not force:
        return LetterOutcome(
            where,
            line,
            "skipped",
            path,
            f"文件已存在：{display_path(existing[0])}（未覆盖；确需覆盖请加 --force）",
        )
    return Task(source, path)


def _drafts(
    maker: LetterMaker, sources: Sequence[Source]
) -> list[tuple[Source, issue.Draft] | LetterOutcome]:
    """The rows, each checked, or refused. The ledger is asked about all of them at once
    (``issue.screen``), not row by row."""
    assert maker.ledger is not None
    checked: list[tuple[Source, issue.Draft] | LetterOutcome] = []
    for source in sources:
        unread = _unread(source)
        if unread is not None:
            checked.append(unread)
            continue
        try:
            checked.append((source, issue.draft(maker, source)))
        except GaozhiError as exc:
            checked.append(_refused(source, exc))
    answers = issue.screen(maker.ledger, [row[1] for row in checked if isinstance(row, tuple)])
    rows: list[tuple[Source, issue.Draft] | LetterOutcome] = []
    for row in checked:
        if isinstance(row, LetterOutcome):
            rows.append(row)
            continue
        source, draft = row
        try:
            admitted = issue.admit(maker, draft, answers)
        except GaozhiError as exc:
            rows.append(_refused(source, exc))
            continue
        rows.append((source, admitted))
    return rows


def _unread(source: Source) -> LetterOutcome | None:
    """The outcome of a row the batch file spoils (a cell too many, a quote never closed):
    failed before its file name is decided, so that it takes no name from another row."""
    if source.problem is None:
        return None
    return LetterOutcome(source.where(), source.line or 0, "failed", None, source.problem)


def _refused(source: Source, exc: GaozhiError) -> LetterOutcome:
    where, line = source.where(), source.line or 0
    status: Status = "skipped" if isinstance(exc, issue.AlreadyIssued) else "failed"
    message = exc.message.removeprefix(f"{where}：")
    return LetterOutcome(
        where, line, status, None, message if status == "skipped" else mask_ids_in_text(message)
    )


def run(
    maker: LetterMaker,
    planned: Iterable[Task | LetterOutcome],
    rows: int,
    *,
    force: bool,
    jobs: int | None = None,
    progress: Callable[[LetterOutcome], None] | None = None,
) -> list[LetterOutcome]:
    """The outcome of each of ``planned`` (from ``plan``, at most ``rows`` of them), taken as
    the workers need them: the letters of its tasks made and written, its outcomes passed on.
    A worker that cannot inherit ``maker`` rebuilds it from its request. With a ledger the
    workers render and this process issues the letters in row order."""
    global _maker
    ledger = maker.ledger is not None
    results: list[LetterOutcome] = []

    def done(result: LetterOutcome) -> None:
        results.append(result)
        if progress:
            progress(result)

    planned = iter(planned)
    first = next(_runs(planned, PARALLEL_MIN_ROWS, done), [])  # enough to be worth the workers, or all
    tasks = chain(first, planned)
    workers = _workers(rows if len(first) == PARALLEL_MIN_ROWS else len(first), jobs)
    work: Callable[[list[Task]], list[issue.Rendered | LetterOutcome]] = _render_run if ledger else _make_run
    if workers == 1:
        _maker = maker
        _init(None, force)
        for run in _runs(tasks, RUN_ROWS, done):
            for task, letter in zip(run, work(run), strict=True):
                done(_issue(maker, task, letter, force) if ledger else cast(LetterOutcome, letter))
        return results
    inherits = forks(start_context())
    _maker = maker if inherits else None
    # Runs of up to 16 rows, with a ledger too: with runs of 4 the workers waited on this process
    # more often (3,000 letters with a ledger: 1.15× the time without; with runs of 16, 1.0×).
    size = max(1, min(RUN_ROWS, rows // (workers * 8)))
    sent: deque[Task] = deque()  # the tasks handed to the workers, in row order

    def runs() -> Iterator[list[Task]]:
        for run in _runs(tasks, size, done):
            sent.extend(run)
            yield [t.for_worker() for t in run]

    made = ordered(
        work,
        runs(),
        workers,
        initializer=_init,
        initargs=(None if inherits else maker.request, force),
    )
    with closing(made):
        try:
            for letter in chain.from_iterable(made):
                # with a ledger in row order: each letter takes the number it was rendered with
                task = sent.popleft()
                done(_issue(maker, task, letter, force) if ledger else cast(LetterOutcome, letter))
        except WorkerLost as lost:
            for left in chain(sent, tasks):
                done(left if isinstance(left, LetterOutcome) else _lost(left.source, lost))
    return results


def _runs(
    planned: Iterator[Task | LetterOutcome], size: int, settled: Callable[[LetterOutcome], None]
) -> Iterator[list[Task]]:
    """The tasks of ``planned`` in runs of ``size``; its outcomes go to ``settled`` as met."""
    run: list[Task] = []
    for item in planned:
        if isinstance(item, LetterOutcome):
            settled(item)
            continue
        run.append(item)
        if len(run) == size:
            yield run
            run = []
    if run:
        yield run


class Progress(Protocol):
    """Told how a batch goes (a progress bar)."""

    def letters(self, done: int, total: int) -> None:
        """``done`` of the ``total`` letters to make are settled."""

    def pdf(self) -> None:
        """The letters are made; LibreOffice now makes the PDFs."""


def generate(
    maker: LetterMaker,
    sources: Sequence[Source],
    out_dir: Path,
    pattern: str | None,
    *,
    force: bool,
    pdf: bool,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BatchSummary:
    """The letters of ``sources`` (and their PDFs with ``pdf``), one outcome a row, in row order.
    The temporary files an earlier batch killed midway left in ``out_dir`` are removed first
    (those old enough to belong to no batch still running)."""
    for left in leftovers(out_dir, older_than=STALE_AFTER):
        left.unlink(missing_ok=True)
    done = 0

    def advance(_: LetterOutcome) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress.letters(done, len(sources))

    planned = plan(maker, sources, out_dir, pattern, force=force, pdf=pdf)
    results = run(maker, planned, len(sources), force=force, jobs=jobs, progress=advance)
    summary = BatchSummary(sorted(results, key=lambda r: r.line))
    if pdf and summary.written():
        from gaozhi_cli.letters.pdf import to_pdf

        if progress is not None:
            progress.pdf()
        problems = to_pdf(summary.written(), force=force)
        summary.results = [
            LetterOutcome(
                r.where, r.line, "failed", r.path, f"已生成 .docx，但 PDF 未生成：{problems[r.path]}"
            )
            if r.path is not None and problems.get(r.path)
            else r
            for r in summary.results
        ]
    return summary


def _workers(rows: int, jobs: int | None) -> int:
    return worker_count(rows, jobs, enough=rows >= PARALLEL_MIN_ROWS)
