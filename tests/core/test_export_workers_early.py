"""A worker started early (a re-export starts one while it reads the library) takes the first
job when ready, and one that never got work is ended at once, not waited for."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


def _blog_of_three(root: Path) -> Path:
    root.mkdir()
    for n in range(3):
        (root / f"post-{n}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-05-0{n + 1}\n---\n\nWords of post {n}.\n",
            encoding="utf-8")
    return root


def test_a_worker_whose_warm_up_fails_still_renders_under_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The early worker warms itself with a sample post; if that fails, the worker still
    starts, and a changed post that renders too long is stopped at the limit and named."""
    root = _blog_of_three(tmp_path / "blog")
    out, cache = tmp_path / "out", tmp_path / "cache"
    export.export_site(root, out, cache_dir=cache)

    def broken(options: object) -> None:
        raise RuntimeError("no sample today")

    monkeypatch.setattr(export, "_warm_render", broken)
    (root / "post-1.md").write_text("---\ntitle: Post 1\ndate: 2024-05-02\n---\n\n" + "[" * 8000,
                                    encoding="utf-8")
    (root / "post-2.md").write_text(
        "---\ntitle: Post 2\ndate: 2024-05-03\n---\n\nThe last post, *changed*.\n",
        encoding="utf-8")
    report = export.export_site(root, out, cache_dir=cache, time_limit=1.0)
    assert report.timed_out == ["post-1.md"] and report.rendered == 2
    page = (out / "posts" / "post-2" / "index.html").read_text(encoding="utf-8")
    assert "The last post, <em>changed</em>." in page


_PROBE = """
import sys
from pathlib import Path
from blogdesk.core import export
from blogdesk.core.config import load_config

root = Path(sys.argv[1])
options, _refs = export._style_and_refs(root, load_config(root))

def probe(_item):  # defined before the fork: the worker finds it by name
    from blogdesk.core import stats
    names = ("markdown", "cmarkgfm", "nh3", "yaml")
    return sorted(name for name in names if name in sys.modules), stats._PENDING

workers = export._Workers(options, 10.0)
workers.start_early()
assert workers.pool is not None
print(list(workers.pool.run(probe, (), [[0]], 10.0))[0][1])
workers.close()
"""


def test_the_early_worker_comes_ready_with_what_a_render_in_the_flavour_needs(
    tmp_path: Path,
) -> None:
    """Run in a fresh process (a forked worker inherits whatever pytest has loaded): for a
    Hugo site whose bodies the C engine takes, the worker has the C engine, the sanitizer,
    the YAML reader and the counting patterns ready, and not Python-Markdown."""
    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", _PROBE, str(root)], capture_output=True,
                            text=True, check=True, timeout=120)
    assert result.stdout.strip() == "(['cmarkgfm', 'nh3', 'yaml'], False)"
