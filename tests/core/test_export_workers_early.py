"""A worker started early (a re-export starts one while it reads the library) takes the first
job when ready, and one that never got work is ended at once, not waited for."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from blogdesk.core import export
from blogdesk.core.export.workers import Pool


def test_a_worker_started_early_does_the_first_run() -> None:
    pool = Pool(2, multiprocessing.get_context())
    try:
        pool.start_early()
        early = pool.starting[0].process.pid
        results = list(pool.run(abs, (), [[-1, -2]], limit=5.0))
        assert [slot.process.pid for slot in pool.slots] == [early]  # one batch: one worker
        assert sorted(results) == [(-2, 2), (-1, 1)]
    finally:
        pool.close()


def test_an_early_worker_that_got_no_work_is_ended_without_a_wait() -> None:
    pool = Pool(1, multiprocessing.get_context(), initializer=(time.sleep, (30,)))
    pool.start_early()
    process = pool.starting[0].process
    started = time.monotonic()
    pool.close()
    assert not process.is_alive()
    assert time.monotonic() - started < 10  # not the 30 s its start would have taken


def test_a_re_export_with_an_early_worker_renders_the_changed_post(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    for n in range(3):
        (root / f"post-{n}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-05-0{n + 1}\n---\n\nWords of post {n}.\n",
            encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    export.export_site(root, out, cache_dir=cache)
    (root / "post-1.md").write_text(
        "---\ntitle: Post 1\ndate: 2024-05-02\n---\n\nA new sentence in the middle post.\n",
        encoding="utf-8")
    report = export.export_site(root, out, cache_dir=cache)
    assert report.ok and report.rendered == 1
    page = (out / "posts" / "post-1" / "index.html").read_text(encoding="utf-8")
    assert "A new sentence in the middle post." in page
