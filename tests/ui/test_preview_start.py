"""The preview's start: the render worker is started before the preview is built and warmed up
with the library's generator, the scheduler adopts it, and the spelling dictionary and the git
feature wait until the first page is drawn (they would compete with it for the CPU)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from spell_marks import underlined

from blogdesk.app import Probe, StartTarget, _after_first_paint, build
from blogdesk.core.config import Config
from blogdesk.core.post import Post, Status
from blogdesk.ui.preview_scheduler import PreviewScheduler
from blogdesk.ui.render_process import RenderWorkerProcess
from blogdesk.ui.widgets.preview import PreviewPane

REPO = Path(__file__).resolve().parent.parent.parent
WARM = """
import json, sys
from blogdesk.ui.render_worker import warm_up
warm_up(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("blogdesk", "markdown")))))
"""


def _warmed(generator: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", WARM, generator], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=True)
    return set(json.loads(done.stdout))


def test_the_warm_up_imports_the_sites_family_and_not_the_others() -> None:
    """A Hugo site's worker loads the CommonMark family, not Python-Markdown's incremental
    renderer; blogdesk's own style loads that one; the page frame is loaded for both."""
    hugo, own = _warmed("hugo"), _warmed("blogdesk")
    assert "blogdesk.core.render.family_incremental" in hugo
    assert "blogdesk.core.incremental" not in hugo
    assert "blogdesk.core.incremental" in own
    assert "blogdesk.core.render.family_incremental" not in own
    assert {"blogdesk.core.export", "blogdesk.core.render.contract"} <= hugo & own
    assert _warmed("no-such-generator") >= {"blogdesk.core.export"}  # and no error


def _post(root: Path) -> Post:
    return Post(
        path=root / "first.md", title="Started early", date=None, updated=None, categories=(),
        tags=(), summary="", author="", slug="first", cover="", draft=False,
        status=Status.PUBLISHED, body="Words from a worker that was started early.\n",
    )  # fmt: skip


def _shows_with(qtbot, tmp_path: Path, worker) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.set_library_root(tmp_path)
    scheduler = PreviewScheduler(pane, worker=worker)
    try:
        scheduler.set_context(Config(root=tmp_path, site_title="Early"), [], tmp_path)
        post = _post(tmp_path)
        with qtbot.waitSignal(pane.pageShown, timeout=30_000):
            scheduler.update(post, post.body)
        box: list[str] = []
        pane.run_script("document.getElementById('post-body').innerText", box.append)
        qtbot.waitUntil(lambda: bool(box), timeout=10_000)
        assert "started early" in box[0]
    finally:
        scheduler.shutdown()


def test_a_worker_started_and_warmed_before_the_preview_renders_its_first_page(
    qtbot, tmp_path: Path
) -> None:
    worker = RenderWorkerProcess(None)
    worker.send({"op": "warm", "generator": "blogdesk"})
    _shows_with(qtbot, tmp_path, worker)


def test_a_worker_that_ended_before_it_was_adopted_is_replaced(qtbot, tmp_path: Path) -> None:
    """The page is still drawn: the scheduler starts a worker of its own."""
    worker = RenderWorkerProcess(None)
    worker.process.kill()
    worker.process.waitForFinished(5000)
    _shows_with(qtbot, tmp_path, worker)


def test_spelling_and_git_wait_for_the_first_page(qtbot, small_library: Path, app_settings):
    post = small_library / "typo.md"
    post.write_text("---\ntitle: Typo\ndate: 2025-05-01\n---\n\nA frist try.\n", encoding="utf-8")
    parts = build(app_settings, StartTarget(small_library, post), first_paint=True)
    window = parts.window
    qtbot.addWidget(window)
    window.show()
    try:
        _after_first_paint(parts, Probe())
        qtbot.waitUntil(lambda: window.preview.pane is not None, timeout=30_000)
        pane = window.preview.pane
        at_first_page: list[tuple[bool, bool]] = []
        pane.pageShown.connect(lambda _gen: at_first_page.append(
            (window.writing.spelling.checker is None, window.__dict__.get("git") is None)))
        assert pane.shown_generation() <= 0  # nothing drawn yet
        qtbot.waitUntil(lambda: bool(at_first_page), timeout=30_000)
        assert at_first_page[0] == (True, True)  # neither had loaded when the page was drawn
        qtbot.waitUntil(lambda: window.writing.spelling.checker is not None, timeout=10_000)
        assert window.__dict__.get("git") is not None
        qtbot.waitUntil(lambda: "frist" in underlined(window.editor))
    finally:
        window.close()
        window.preview.shutdown()
        if parts.controller.library is not None:
            parts.controller.library.close()
