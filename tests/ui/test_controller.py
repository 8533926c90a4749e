"""The controller's decisions (and the session's open and save through it), driven through a
fake view: no widgets, no dialogs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from blogdesk.core.document import notices
from blogdesk.core.sites.conventions import file_name_for, unique_path
from blogdesk.ui.controller import Controller
from document_fakes import FakeView


@pytest.fixture
def blog(small_library: Path) -> Path:
    return small_library


@pytest.fixture
def ctl(blog: Path) -> Iterator[tuple[Controller, FakeView]]:
    view = FakeView()
    trashed: list[Path] = []
    controller = Controller(
        view,
        trash=lambda p: (trashed.append(p), p.unlink()),
        clock=lambda: datetime(2026, 2, 14, 9, 30),
    )
    controller.trashed = trashed  # type: ignore[attr-defined]
    assert controller.open_library(blog)
    yield controller, view
    assert controller.library is not None
    controller.library.close()


def type_text(view: FakeView, controller: Controller, text: str) -> None:
    view.body += text
    controller.session.edited()


def test_switching_with_unsaved_changes_and_save_writes_the_file(ctl, blog):
    """Save: the edit lands on disk, then the other post opens."""
    controller, view = ctl
    assert controller.session.open(blog / "first-light.md")
    type_text(view, controller, "\nOne more line.\n")
    view.answers.append("save")
    assert controller.session.open(blog / "the-long-edit.md")
    assert (blog / "first-light.md").read_text().endswith("One more line.\n")
    assert controller.doc.path == blog / "the-long-edit.md"


def test_switching_and_discard_leaves_the_file_alone(ctl, blog):
    controller, view = ctl
    before = (blog / "first-light.md").read_bytes()
    controller.session.open(blog / "first-light.md")
    type_text(view, controller, "scratch")
    view.answers.append("discard")
    assert controller.session.open(blog / "the-long-edit.md")
    assert (blog / "first-light.md").read_bytes() == before
    assert controller.doc.path.name == "the-long-edit.md"


def test_switching_and_cancel_stays_on_the_post_with_its_edits(ctl, blog):
    controller, view = ctl
    controller.session.open(blog / "first-light.md")
    type_text(view, controller, "keep me")
    view.answers.append("cancel")
    assert not controller.session.open(blog / "the-long-edit.md")
    assert controller.doc.path.name == "first-light.md"
    assert controller.session.is_modified()
    assert controller.doc.body.endswith("keep me")


def test_no_question_without_changes(ctl, blog):
    controller, view = ctl
    controller.session.open(blog / "first-light.md")
    assert controller.session.open(blog / "the-long-edit.md")
    assert view.asked == []


def test_failed_save_keeps_the_post_modified_and_the_file_unchanged(ctl, blog, monkeypatch):
    """A write that fails: the file is byte-identical, the edits stay, Save As is offered."""
    controller, view = ctl
    path = blog / "first-light.md"
    before = path.read_bytes()
    controller.session.open(path)
    type_text(view, controller, "unsaved words")

    def failing_replace(*_args: object, **_kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    monkeypatch.setattr(os, "rename", failing_replace)
    assert not controller.session.save()
    assert path.read_bytes() == before
    assert controller.session.is_modified()
    assert view.text(notices.KEY_SAVE_FAILED) == (
        "Could not save: No space left on device (ENOSPC). Your edits are kept.")
    assert [a.label for a in view.notices[notices.KEY_SAVE_FAILED].actions] == ["Save As…"]
    assert not [p for p in blog.iterdir() if p.name not in _names(blog)]


def _names(blog: Path) -> set[str]:
    return {
        "first-light.md",
        "the-long-edit.md",
        "unfinished-thoughts.md",
        "next-spring.md",
        "blogdesk.toml",
    }


def test_save_as_after_a_failed_save_writes_the_new_file(ctl, blog, tmp_path, monkeypatch):
    """After a failed save the author can put the text in another file, which becomes current."""
    controller, view = ctl
    path = blog / "first-light.md"
    controller.session.open(path)
    type_text(view, controller, "rescued")
    real_replace, real_rename = os.replace, os.rename

    def refuse_original(real: Callable[..., Any]) -> Callable[..., Any]:
        def move(src: Any, dst: Any, *args: Any, **kw: Any) -> Any:
            if Path(dst) == path:
                raise PermissionError(13, "Permission denied", str(dst))
            return real(src, dst, *args, **kw)

        return move

    monkeypatch.setattr(os, "replace", refuse_original(real_replace))
    monkeypatch.setattr(os, "rename", refuse_original(real_rename))
    elsewhere = tmp_path / "rescued.md"
    assert not controller.session.save()
    view.paths.append(elsewhere)
    view.press(notices.KEY_SAVE_FAILED, "Save As…")
    assert elsewhere.read_text().endswith("rescued")
    assert "rescued" not in path.read_text()
    assert controller.doc.path == elsewhere
    assert not controller.session.is_modified()


def test_closing_asks_when_modified(ctl, blog):
    controller, view = ctl
    controller.session.open(blog / "first-light.md")
    type_text(view, controller, "x")
    view.answers.append("cancel")
    assert not controller.session.settle()
    view.answers.append("discard")
    assert controller.session.settle()


def test_field_edit_changes_only_that_line(ctl, blog):
    controller, _view = ctl
    path = blog / "first-light.md"
    before = path.read_text().splitlines()
    controller.session.open(path)
    controller.session.set_field("title", "First light, again")
    assert controller.session.is_modified()
    assert controller.session.save()
    after = path.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("title: First light", "title: First light, again")]


def test_new_post_is_named_by_the_pattern_and_opened(ctl, blog):
    controller, view = ctl
    view.texts.append("Hello, World!")
    path = controller.new_post()
    assert path == blog / "hello-world.md"
    assert controller.doc.path == path
    meta = controller.doc.metadata
    assert meta["title"] == "Hello, World!" and meta["draft"] is True
    assert controller.library.get(path) is not None


def test_new_post_cancelled_creates_nothing(ctl, blog):
    controller, view = ctl
    view.texts.append(None)
    assert controller.new_post() is None
    assert sorted(p.name for p in blog.iterdir()) == sorted(_names(blog))


def test_new_post_with_a_taken_name_gets_a_number(ctl, blog):
    controller, view = ctl
    view.texts.append("First light")
    assert controller.new_post() == blog / "first-light-2.md"


def test_rename_from_title(ctl, blog):
    controller, _view = ctl
    controller.session.open(blog / "first-light.md")
    controller.session.set_field("title", "Morning pages")
    controller.session.save()
    target = controller.rename_from_title()
    assert target == blog / "morning-pages.md"
    assert target.exists() and not (blog / "first-light.md").exists()
    assert controller.doc.path == target
    assert controller.library.get(target) is not None
    assert controller.library.get(blog / "first-light.md") is None


def test_duplicate_opens_a_titled_copy(ctl, blog):
    controller, _view = ctl
    controller.session.open(blog / "first-light.md")
    copy = controller.duplicate()
    assert copy == blog / "first-light-copy.md"
    assert controller.doc.metadata["title"] == "First light (copy)"
    assert "# a comment the form must keep" in copy.read_text()


def test_delete_asks_then_trashes(ctl, blog):
    controller, view = ctl
    path = blog / "first-light.md"
    controller.session.open(path)
    view.confirms.append(False)
    assert not controller.delete()
    assert path.exists()
    view.confirms.append(True)
    assert controller.delete()
    assert controller.trashed == [path]  # type: ignore[attr-defined]
    assert controller.doc is None
    assert controller.library.get(path) is None


def test_file_changed_by_another_program_reloads_when_unmodified(ctl, blog):
    controller, view = ctl
    path = blog / "first-light.md"
    controller.session.open(path)
    path.write_text(path.read_text() + "\nAdded elsewhere.\n")
    controller.session.disk_changed(path)
    assert controller.doc.body.endswith("Added elsewhere.\n")
    assert view.body.endswith("Added elsewhere.\n")


def test_save_never_overwrites_a_file_changed_on_disk_silently(ctl, blog):
    controller, view = ctl
    path = blog / "first-light.md"
    controller.session.open(path)
    type_text(view, controller, "mine")
    path.write_text("---\ntitle: Theirs\n---\nTheir text\n")
    assert not controller.session.save()
    assert path.read_text() == "---\ntitle: Theirs\n---\nTheir text\n"
    assert controller.session.is_modified()
    assert "changed by another program" in view.text(notices.KEY_CONFLICT)


def test_rename_tag_shows_the_files_then_changes_them(ctl, blog):
    controller, view = ctl
    view.texts.append("routines")
    view.confirms.append(True)
    assert controller.rename_tag("habits")
    question = next(q for q in view.asked if q.startswith("confirm:"))
    assert "2 posts will change" in question
    assert "routines" in (blog / "first-light.md").read_text()
    assert "habits" not in (blog / "the-long-edit.md").read_text()


def test_merge_tags_declined_changes_nothing(ctl, blog):
    controller, view = ctl
    before = (blog / "first-light.md").read_bytes()
    view.texts.append("habits")
    view.confirms.append(False)
    assert not controller.merge_tags(["morning", "habits"])
    assert (blog / "first-light.md").read_bytes() == before


def test_export_post_writes_a_page(ctl, blog, tmp_path):
    controller, view = ctl
    controller.session.open(blog / "first-light.md")
    out = tmp_path / "out" / "first-light.html"
    out.parent.mkdir()
    view.paths.append(out)
    controller.export_post()
    assert view.errors == []
    assert "First light" in out.read_text()


def test_file_names_from_the_pattern():
    when = datetime(2026, 2, 14)
    assert file_name_for("{slug}.md", "Hello, World!", when) == "hello-world.md"
    assert file_name_for("{date}-{slug}.md", "Hi", when) == "2026-02-14-hi.md"
    assert file_name_for("{year}/{slug}", "Hi", when) == "2026/hi.md"
    assert file_name_for("../{slug}.md", "Hi", when) == "hi.md"
    with pytest.raises(ValueError):
        file_name_for("{nope}.md", "Hi", when)


def test_unique_path(tmp_path):
    (tmp_path / "a.md").write_text("x")
    assert unique_path(tmp_path / "a.md") == tmp_path / "a-2.md"
    assert unique_path(tmp_path / "b.md") == tmp_path / "b.md"


def test_default_trash_is_send2trash(blog, monkeypatch):
    """Without an injected trash, deleting goes through send2trash (patched here)."""
    import send2trash

    sent: list[str] = []
    monkeypatch.setattr(send2trash, "send2trash", lambda p: sent.append(str(p)))
    view = FakeView()
    controller = Controller(view)
    try:
        controller.open_library(blog)
        controller.session.open(blog / "first-light.md")
        view.confirms.append(True)
        assert controller.delete()
        assert sent == [str(blog / "first-light.md")]
    finally:
        controller.library.close()
