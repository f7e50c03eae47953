"""How many worker processes, and how they start — one policy for every command that uses them.

Fork is fastest (the child inherits the loaded statute book, template and calendar), but
forking a process that runs other threads can deadlock the child, so fork is used only while
the caller is the one thread; otherwise, and where there is no fork (Windows), spawn.
``in_turns`` shares work between this process and the workers; ``ordered`` feeds
runs of work to workers while this process handles each result in order.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:  # multiprocessing is imported only by a run that starts workers
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.synchronize import Lock

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 8  # more processes than this only cost memory on the machines liaisons use


def start_context() -> BaseContext:
    """The multiprocessing context to start workers with."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def forks(context: BaseContext) -> bool:
    """Whether workers of ``context`` inherit this process's memory."""
    return context.get_start_method() == "fork"


def worker_count(units: int, jobs: int | None = None, *, enough: bool = True) -> int:
    """Workers for ``units`` pieces of work: ``jobs`` when the user chose (at most one per
    unit), else one when there is not ``enough`` work to repay starting processes, else one
    per core (at most MAX_WORKERS, at most one per unit)."""
    if jobs is not None:
        return max(1, min(jobs, units))
    if not enough or units < 2:
        return 1
    return max(1, min(os.cpu_count() or 1, units, MAX_WORKERS))


def file_sizes(files: Sequence[Path]) -> list[int]:
    """The size of each file, 0 for one that cannot be read (that is reported where it is read)."""
    sizes = []
    for f in files:
        try:
            sizes.append(f.stat().st_size)
        except OSError:
            sizes.append(0)
    return sizes


def in_turns(work: Callable[[list[T]], list[R]], units: Sequence[T], processes: int) -> list[R]:
    """``work`` on every unit (as a run of one), the results in unit order: this process and
    ``processes - 1`` workers each take the next unit as they finish the last, so no core
    waits on a slower one. (Shared out beforehand by size, one process of two finished up to
    0.15 s after the other on 3,000 items: files differ in cost, and a core also serving
    other programs is slower.)"""
    if processes < 2 or len(units) < 2:
        return work(list(units))
    from concurrent.futures import ProcessPoolExecutor

    context = start_context()
    turn = cast(Any, context).Value("q", 0)  # the next unit to take, one counter for all
    freeze = forks(context)
    if freeze:
        # the children inherit every object made so far: frozen, their collector never walks
        # (and so never copies) the parent's pages
        gc.freeze()
    with ProcessPoolExecutor(
        processes - 1, mp_context=context, initializer=_share_turns, initargs=(turn,)
    ) as pool:
        others = [pool.submit(_turns, work, units) for _ in range(processes - 1)]
        if freeze:
            gc.unfreeze()
        done = _turns(work, units, turn)
        for future in others:
            done.update(future.result())
    return [r for k in range(len(units)) for r in done[k]]


_turn: Any = None  # a worker's counter of in_turns, inherited or passed when it starts


def _share_turns(turn: Any) -> None:
    global _turn
    _turn = turn


def _turns(work: Callable[[list[T]], list[R]], units: Sequence[T], turn: Any = None) -> dict[int, list[R]]:
    """The results of the units this process took, by unit number."""
    turn = turn if turn is not None else _turn
    done: dict[int, list[R]] = {}
    while True:
        with turn.get_lock():
            k = turn.value
            turn.value = k + 1
        if k >= len(units):
            return done
        done[k] = work([units[k]])


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a run of work whose objects live until it ends.
    Reading catalogues makes some 60 objects an item (nodes, positions, models), and the
    collector walked all those made before again and again: 6–10 % of validate's time.
    That reading leaves no cyclic garbage to speak of (none for the benchmark's 60 files; a
    hostile file of recursive aliases a few objects an alias, within the file-size limit),
    and the collector is back when the run ends."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class WorkerLost(RuntimeError):
    """A worker process died (killed, out of memory) or its work raised: the runs not yet
    given back are lost. The message is for users (Chinese)."""


def ordered(
    work: Callable[[list[T]], list[R]],
    runs: Iterable[list[T]],
    processes: int,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    ahead: int = 2,
) -> Generator[list[R], None, None]:
    """``work`` on each of ``runs`` in ``processes`` worker processes, the results yielded in
    run order. The workers take runs from one queue kept ``ahead`` runs a worker long, so none
    waits while this process handles a result; this process starts no thread (a pool's
    threads cost it CPU at every result) and waits only for the run it needs next. Runs are
    small (a few KB pickled): the queue's pipe never fills. Raises WorkerLost."""
    context = start_context()
    tasks_out, tasks_in = context.Pipe(duplex=False)
    done_out, done_in = context.Pipe(duplex=False)
    take, give = context.Lock(), context.Lock()
    mine = (tasks_in, done_out)  # the ends this process keeps; a worker closes them
    procs = [
        cast(Any, context).Process(
            target=_serve,
            args=(work, tasks_out, done_in, take, give, initializer, initargs, mine),
            daemon=True,
        )
        for _ in range(processes)
    ]
    freeze = forks(context)
    if freeze:
        gc.freeze()  # as in in_turns: the children's collector never copies the parent's pages
    try:
        for proc in procs:
            proc.start()
        if freeze:
            gc.unfreeze()
            freeze = False
        tasks_out.close()
        done_in.close()
        pending = iter(runs)
        sent = given = 0
        back: dict[int, list[R]] = {}
        for run in islice(pending, ahead * processes):
            tasks_in.send((sent, run))
            sent += 1
        while given < sent:
            while given not in back:
                back.update([_receive(done_out, procs)])
            result = back.pop(given)
            given += 1
            for run in islice(pending, 1):  # a run in for a run out, before the caller takes its time
                tasks_in.send((sent, run))
                sent += 1
            yield result
        for _ in procs:
            tasks_in.send(None)
        for proc in procs:
            proc.join()
    finally:
        if freeze:
            gc.unfreeze()
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            if proc.pid is not None:
                proc.join()
        tasks_in.close()
        done_out.close()


def _receive(done: Connection, procs: list[Any]) -> tuple[int, list[Any]]:
    """The next run given back, in whatever order the workers finish."""
    from multiprocessing.connection import wait

    ready = wait([done, *(p.sentinel for p in procs)])
    if done not in ready:
        raise WorkerLost("工作进程意外退出（可能内存不足或被终止）")
    try:
        n, ok, value = done.recv()
    except EOFError:
        raise WorkerLost("工作进程全部意外退出（可能内存不足或被终止）") from None
    if not ok:
        raise WorkerLost(f"工作进程出错（{value}）")
    return n, value


def _serve(
    work: Callable[[list[Any]], list[Any]],
    tasks: Connection,
    done: Connection,
    take: Lock,
    give: Lock,
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
    parents: tuple[Connection, ...],
) -> None:
    """A worker of ``ordered``: runs until told to stop or its parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the parent, which ends the workers
    for end in parents:
        end.close()  # so that the parent's death is an end of file here
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            with take:
                job = tasks.recv()
        except EOFError:
            return
        if job is None:
            return
        n, run = job
        try:
            answer: tuple[int, bool, Any] = (n, True, work(run))
        except Exception as exc:
            answer = (n, False, f"{type(exc).__name__}: {exc}")
        with give:
            done.send(answer)
