"""``letter generate`` for people, on stderr: a batch's progress bar, then what was made."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.status import Status

from gaozhi_cli.files import display_path
from gaozhi_cli.letters.job import Generated

REDRAW_S = 0.1  # at most ten redraws a second: drawing each of thousands of letters costs more than making it


class _Bar:
    """The bar of a batch (``letters.batch.Progress``). Redrawn by hand, never by a thread of
    rich's: the batch forks its workers, and a process with threads must not fork."""

    def __init__(self, err: Console) -> None:
        self._err = err
        self._bar: Progress | None = None
        self._task = TaskID(0)
        self._drawn = 0.0
        self._status: Status | None = None

    def letters(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = Progress(
                TextColumn("生成文书"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self._err,
                transient=True,
                auto_refresh=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("", total=total)
        self._bar.update(self._task, completed=done)
        now = time.monotonic()
        if done == total or now - self._drawn >= REDRAW_S:
            self._bar.refresh()
            self._drawn = now

    def pdf(self) -> None:
        self.close()
        self._status = self._err.status("用 LibreOffice 生成 PDF……")
        self._status.start()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if self._status is not None:
            self._status.stop()
            self._status = None


@contextmanager
def batch_progress(err: Console) -> Iterator[_Bar]:
    bar = _Bar(err)
    try:
        yield bar
    finally:
        bar.close()


def show_generated(err: Console, done: Generated) -> None:
    """The catalogue's warnings, then the letter written (or why not), or each row of a batch."""
    for warning in done.warnings:
        err.print(f"[yellow]提示：[/]{escape(warning)}", soft_wrap=True)
    if done.summary is not None:
        _show_batch(err, done)
    elif done.refused is not None:
        err.print(f"[bold red]未生成：[/]{escape(done.refused)}", soft_wrap=True)
    elif done.issued is not None:
        issued = done.issued
        for warning in issued.warnings:
            err.print(f"[yellow]提示：[/]{escape(warning)}", soft_wrap=True)
        registered = f"（{issued.number}，已登记到台账）" if issued.number else ""
        err.print(f"已生成：{escape(display_path(issued.path))}{escape(registered)}", soft_wrap=True)
        if done.pdf_problem:
            err.print(f"[bold red]PDF 未生成：[/]{escape(done.pdf_problem)}", soft_wrap=True)
        elif done.pdf:
            err.print(f"已生成：{escape(display_path(issued.path.with_suffix('.pdf')))}", soft_wrap=True)


def _show_batch(err: Console, done: Generated) -> None:
    assert done.summary is not None
    summary = done.summary
    for r in summary.results:
        if r.status == "failed":
            err.print(f"[bold red]失败[/] {escape(r.where)}：{escape(r.message)}", soft_wrap=True)
        elif r.status == "skipped":
            err.print(f"[yellow]跳过[/] {escape(r.where)}：{escape(r.message)}", soft_wrap=True)
        elif r.message:
            err.print(f"[yellow]提示[/] {escape(r.where)}：{escape(r.message)}", soft_wrap=True)
    err.print(
        f"共 {len(summary.results)} 行：已生成 {summary.count('written')} 份，跳过 {summary.count('skipped')} 行，"
        f"失败 {summary.count('failed')} 行（输出目录 {escape(display_path(done.directory))}）",
        soft_wrap=True,
    )
