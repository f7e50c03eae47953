"""How many worker processes, and how they start — one policy for every command that uses them.

Fork is fastest (the child inherits the loaded statute book, template and calendar), but
forking a process that runs other threads can deadlock the child, so fork is used only while
the caller is the one thread; otherwise, and where there is no fork (Windows), spawn.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.context import BaseContext

MAX_WORKERS = 8  # more processes than this only cost memory on the machines liaisons use


def start_context() -> BaseContext:
    """The multiprocessing context to start workers with."""
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
