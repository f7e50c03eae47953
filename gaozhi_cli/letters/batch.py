"""Many letters from the rows of a CSV file, on every core; a bad row never stops the others.

File names are decided first, in one process, so that two rows can never write the same
file and no name can leave the output folder; worker processes then render and write.
Each worker prepares the template and the base document once — inherited when the platform
forks, rebuilt from the frozen ``LetterRequest`` when it spawns — and reuses them for all
its rows.

With a ledger the rows are checked and numbered first (``issue.plan``/``issue.predict``): the
workers render and write each letter under a temporary name, and the parent issues each letter
in row order in its own transaction (``issue.issue``: number, register, link the file into
place), so that the numbers follow the rows and a batch killed midway leaves the letters
written and the ledger in agreement. Each worker is at most two runs of rows (16 at most
each) ahead of the parent, so that a batch killed midway leaves few temporary files behind;
the next batch in the folder removes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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

    def for_worker(self) -> Task:
        """What a worker needs of the task: the draft stays with the parent, which issues it."""
        return Task(self.source, self.path, seq=self.seq) if self.draft is not None else self


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
        return rendered
    assert task.draft is not None

    def target(numbered: Source, seq: int | None) -> Path:
        if seq == task.seq:  # the number planned: the name planned
            return task.path
        return inside_resolved(task.path.parent, maker.file_name(numbered, task.pattern))

    try:
        done = issue.issue(maker, task.draft, target, force=force, rendered=rendered)
    except issue.AlreadyIssued as exc:
        return LetterOutcome(where, line, "skipped", None, exc.message.removeprefix(f"{where}："))
    except FileExistsError_ as exc:
        return LetterOutcome(where, line, "skipped", exc.path, exc.message)
    except Exception as exc:
        return _failed(where, line, exc)
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
) -> tuple[list[Task], list[LetterOutcome]]:
    """Target files for the rows; rows that cannot be written are settled here (with a
    ledger also the rows it refuses, and those issued before from the same data)."""
    tasks: list[Task] = []
    settled: list[LetterOutcome] = []
    taken: dict[Path, str] = {}
    drafts: dict[int, tuple[issue.Draft, int | None]] = {}
    if maker.ledger is not None:
        sources, drafts, refused = _drafts(maker, sources)
        settled.extend(refused)
    base = out_dir.resolve()
    for source in sources:
        where, line = source.where(), source.line or 0
        draft, seq = drafts.get(id(source), (None, None))
        try:
            named = draft.numbered(seq) if draft is not None else source
            path = inside_resolved(base, maker.file_name(named, pattern))
        except GaozhiError as exc:
            settled.append(LetterOutcome(where, line, "failed", None, mask_ids_in_text(exc.message)))
            continue
        if path in taken:
            settled.append(
                LetterOutcome(
                    where,
                    line,
                    "failed",
                    None,
                    f"文件名 {path.name} 与{taken[path]}相同；请用 --name 加入能区分各行的字段，如 {{编号}}",
                )
            )
            continue
        taken[path] = where
        if draft is not None:  # the file is checked when it is written, under its final name
            tasks.append(Task(named, path, draft, seq, pattern))
            continue
        existing = [
            p for p in (path, path.with_suffix(".pdf") if pdf else None) if p is not None and p.exists()
        ]
        if existing and not force:
            settled.append(
                LetterOutcome(
                    where,
                    line,
                    "skipped",
                    path,
                    f"文件已存在：{display_path(existing[0])}（未覆盖；确需覆盖请加 --force）",
                )
            )
            continue
        tasks.append(Task(source, path))
    return tasks, settled


def _drafts(
    maker: LetterMaker, sources: Sequence[Source]
) -> tuple[list[Source], dict[int, tuple[issue.Draft, int | None]], list[LetterOutcome]]:
    """The rows the ledger will issue, each checked, with its expected number. The ledger is
    asked about all rows at once (``issue.screen``), not row by row."""
    assert maker.ledger is not None
    checked: list[tuple[Source, issue.Draft]] = []
    refused: list[LetterOutcome] = []
    for source in sources:
        try:
            checked.append((source, issue.draft(maker, source)))
        except GaozhiError as exc:
            refused.append(_refused(source, exc))
    answers = issue.screen(maker.ledger, [d for _, d in checked])
    kept: list[Source] = []
    drafts: list[issue.Draft] = []
    for source, draft in checked:
        try:
            drafts.append(issue.admit(maker, draft, answers))
            kept.append(source)
        except GaozhiError as exc:
            refused.append(_refused(source, exc))
    seqs = issue.predict(maker.ledger, drafts)
    return kept, {id(s): (d, n) for s, d, n in zip(kept, drafts, seqs, strict=True)}, refused


def _refused(source: Source, exc: GaozhiError) -> LetterOutcome:
    where, line = source.where(), source.line or 0
    status: Status = "skipped" if isinstance(exc, issue.AlreadyIssued) else "failed"
    message = exc.message.removeprefix(f"{where}：")
    return LetterOutcome(
        where, line, status, None, message if status == "skipped" else mask_ids_in_text(message)
    )


def run(
    maker: LetterMaker,
    tasks: Sequence[Task],
    *,
    force: bool,
    jobs: int | None = None,
    progress: Callable[[LetterOutcome], None] | None = None,
) -> list[LetterOutcome]:
    """Make and write the letters of ``tasks``; a worker that cannot inherit ``maker``
    rebuilds it from its request. With a ledger (tasks planned with one) the workers render
    and this process issues the letters in row order."""
    global _maker
    ledger = bool(tasks) and tasks[0].draft is not None
    workers = _workers(len(tasks), jobs)
    results: list[LetterOutcome] = []

    def done(result: LetterOutcome) -> None:
        results.append(result)
        if progress:
            progress(result)

    work: Callable[[list[Task]], list[issue.Rendered | LetterOutcome]] = _render_run if ledger else _make_run
    if workers == 1:
        _maker = maker
        _init(None, force)
        for at in range(0, len(tasks), RUN_ROWS):
            run = list(tasks[at : at + RUN_ROWS])
            for task, letter in zip(run, work(run), strict=True):
                done(_issue(maker, task, letter, force) if ledger else cast(LetterOutcome, letter))
        return results
    inherits = forks(start_context())
    _maker = maker if inherits else None
    # Runs of up to 16 rows, with a ledger too: with runs of 4 the workers waited on this process
    # more often (3,000 letters with a ledger: 1.15× the time without; with runs of 16, 1.0×).
    size = max(1, min(RUN_ROWS, len(tasks) // (workers * 8)))
    runs = ([t.for_worker() for t in tasks[i : i + size]] for i in range(0, len(tasks), size))
    made = ordered(
        work,
        runs,
        workers,
        initializer=_init,
        initargs=(None if inherits else maker.request, force),
    )
    with closing(made):
        try:
            for task, letter in zip(tasks, chain.from_iterable(made), strict=True):
                # with a ledger in row order: each letter takes the number it was rendered with
                done(_issue(maker, task, letter, force) if ledger else cast(LetterOutcome, letter))
        except WorkerLost as lost:
            for task in tasks[len(results) :]:
                done(_lost(task.source, lost))
    return results


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
    tasks, settled = plan(maker, sources, out_dir, pattern, force=force, pdf=pdf)
    done = 0

    def advance(_: LetterOutcome) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress.letters(done, len(tasks))

    results = run(maker, tasks, force=force, jobs=jobs, progress=advance)
    summary = BatchSummary(sorted([*settled, *results], key=lambda r: r.line))
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
