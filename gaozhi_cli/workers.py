"""How many worker processes, and how they start — one policy for every command that uses them.

Fork is fastest (the child inherits the loaded statute book, template and calendar), but
forking a process that runs other threads can deadlock the child, so fork is used only while
the caller is the one thread; otherwise, and where there is no fork (Windows), spawn.
``split`` and ``in_parts`` share work between this process and the workers; ``ordered`` feeds
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


def split(units: Sequence[T], sizes: Sequence[int], parts: int) -> list[list[T]]:
    """``units`` in at most ``parts`` runs of consecutive units, of about equal total size."""
    total = sum(sizes) or 1
    runs: list[list[T]] = [[]]
    done = 0
    for unit, size in zip(units, sizes, strict=True):
        if runs[-1] and len(runs) < parts and done >= total * len(runs) / parts:
            runs.append([])
        runs[-1].append(unit)
        done += size
    return runs


def in_parts(work: Callable[[list[T]], list[R]], runs: list[list[T]]) -> list[R]:
    """``work`` on each run, results in run order: this process does the first run while
    worker processes do the others (no core waits on a parent that only collects)."""
    if len(runs) < 2:
        return work(runs[0]) if runs else []
    from concurrent.futures import ProcessPoolExecutor

    context = start_context()
    freeze = forks(context)
    if freeze:
        # the children inherit every object made so far: frozen, their collector never walks
        # (and so never copies) the parent's pages
        gc.freeze()
    with ProcessPoolExecutor(len(runs) - 1, mp_context=context) as pool:
        others = [pool.submit(work, run) for run in runs[1:]]
        if freeze:
            gc.unfreeze()
        results = work(runs[0])
        for future in others:
            results.extend(future.result())
    return results


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
        gc.freeze()  # as in in_parts: the children's collector never copies the parent's pages
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
