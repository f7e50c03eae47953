"""One worker policy for validate, fmt, letter batches and deadline reports."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from gaozhi_cli.workers import (
    MAX_WORKERS,
    WorkerLost,
    forks,
    in_turns,
    ordered,
    start_context,
    worker_count,
)


def test_worker_count_follows_the_user_then_the_work() -> None:
    assert worker_count(10, 3) == 3 and worker_count(2, 5) == 2
    assert worker_count(100, enough=False) == 1 and worker_count(1) == 1
    assert worker_count(1000) == max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def test_fork_only_while_the_caller_is_the_one_thread() -> None:
    alone = start_context()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forks(start_context())
    finally:
        stop.set()
        other.join()
    assert forks(alone) == ("fork" in __import__("multiprocessing").get_all_start_methods())


def _squares(run: list[int]) -> list[int]:
    return [n * n for n in run]


def _slow_in_the_parent(run: list[int]) -> list[tuple[int, int]]:
    """A unit and the process that did it; the parent takes its time over each."""
    if os.getpid() == PARENT:
        time.sleep(0.05)
    return [(n, os.getpid()) for n in run]


PARENT = os.getpid()


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_in_turns_gives_every_result_in_order(processes: int) -> None:
    assert in_turns(_squares, list(range(20)), processes) == [n * n for n in range(20)]
    assert in_turns(_squares, [], processes) == [] and in_turns(_squares, [7], processes) == [49]


def test_in_turns_lets_the_faster_process_take_more() -> None:
    """The parent is slow: the worker takes the units it leaves, whatever their share."""
    done = in_turns(_slow_in_the_parent, list(range(40)), 2)
    assert [n for n, _ in done] == list(range(40))
    by_worker = sum(1 for _, pid in done if pid != PARENT)
    assert by_worker > 30


def _slow_first(run: list[int]) -> list[int]:
    if run[0] == 0:  # the first run finishes last: its results must still come first
        time.sleep(0.3)
    return _squares(run)


def test_ordered_gives_each_run_back_in_order() -> None:
    runs = [[n, n + 1] for n in range(0, 20, 2)]
    assert list(ordered(_slow_first, runs, 2)) == [_squares(r) for r in runs]
    assert list(ordered(_squares, [], 2)) == []


def _dies_on_seven(run: list[int]) -> list[int]:
    if 7 in run:
        os._exit(3)  # a worker killed (out of memory) mid-run
    return _squares(run)


def _raises_on_seven(run: list[int]) -> list[int]:
    if 7 in run:
        raise ValueError("seven")
    return _squares(run)


@pytest.mark.parametrize("work", [_dies_on_seven, _raises_on_seven])
def test_ordered_says_when_a_worker_is_lost(work) -> None:  # type: ignore[no-untyped-def]
    got: list[list[int]] = []
    with pytest.raises(WorkerLost) as lost:
        for result in ordered(work, [[n] for n in range(10)], 2):
            got.append(result)
    assert got == [[n * n] for n in range(len(got))] and len(got) <= 7
    assert "工作进程" in str(lost.value)


def test_collector_paused_turns_the_collector_off_and_back_as_it_was() -> None:
    import gc

    from gaozhi_cli.workers import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


def test_validate_reads_its_files_with_the_collector_paused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gc

    from gaozhi_cli.catalog import validate
    from gaozhi_cli.config import Settings

    seen: list[bool] = []
    real = validate.validate_file
    monkeypatch.setattr(validate, "validate_file", lambda f, s: seen.append(gc.isenabled()) or real(f, s))
    shipped = sorted((Path(__file__).parents[1] / "catalogs").glob("*.yaml"))
    results = validate._validate_run(shipped, Settings())
    assert [r.items > 0 for r in results] == [True] * len(shipped) and seen == [False] * len(shipped)
    assert gc.isenabled()
