"""How many worker processes, and how they start — one policy for every command that uses them.

Fork is fastest (the child inherits the loaded statute book, template and calendar), but
forking a process that runs other threads can deadlock the child, so fork is used only while
the caller is the one thread; otherwise, and where there is no fork (Windows), spawn.
``split`` and ``in_parts`` share work between this process and the workers.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # multiprocessing is imported only by a run that starts workers
    from multiprocessing.context import BaseContext

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
