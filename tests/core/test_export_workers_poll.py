"""The worker pool waits on its pipes with one poll object per run: every result arrives once,
a worker that dies or runs past the limit is replaced, and its replacement (whose pipe may take
the same descriptor) is heard from as well."""

from __future__ import annotations

import multiprocessing
import os
import time

from blogdesk.core.export.workers import TIMED_OUT, Failed, Pool


def _job(item: int) -> int:
    if item == 13:
        os._exit(3)  # the worker dies with this item
    if item == 29:
        time.sleep(30)  # past the limit: killed
    return item * 2


def test_results_of_many_batches_arrive_once_through_deaths_and_timeouts() -> None:
    pool = Pool(2, multiprocessing.get_context("fork"))
    try:
        batches = [list(range(i, min(i + 5, 60))) for i in range(0, 60, 5)]
        results = dict(pool.run(_job, (), batches, limit=2.0))
    finally:
        pool.close()
    assert sorted(results) == list(range(60))
    assert isinstance(results[13], Failed)
    assert results[29] is TIMED_OUT
    assert all(results[i] == i * 2 for i in range(60) if i not in (13, 29))


def test_a_pool_kept_between_runs_waits_on_its_workers_again() -> None:
    pool = Pool(2, multiprocessing.get_context("fork"))
    try:
        for _ in range(3):
            batches = [[1, 2], [3, 4], [5], [6, 7, 8]]
            assert sorted(pool.run(_job, (), batches)) == [(i, i * 2) for i in range(1, 9)]
    finally:
        pool.close()
