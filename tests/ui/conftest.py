"""Fixtures for the UI tests: a small library in tmp_path, settings in a temp ini file, the app's
window built on them, and scripted answers to every question the window would ask."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


def _register_preview_schemes() -> None:
    """QtWebEngine wants its URL schemes before the QApplication (which pytest-qt creates)."""
    from blogdesk.ui.widgets.preview import register_schemes

    register_schemes()


_register_preview_schemes()

POSTS = {
    "first-light.md": """\
        ---
        title: First light
        date: 2025-03-02 08:15:00
        category: Notes
        tags: [morning, habits]
        summary: Why I write before breakfast.
        author: Ada Field
        # a comment the form must keep
        ---

        # Before breakfast

        The kettle is the only sound. I write three pages before the day starts.

        ## What I keep

        - a notebook
        - a pencil
        """,
    "the-long-edit.md": """\
        ---
        title: The long edit
        date: 2025-06-20
        categories: [Craft, Editing]
        tags:
          - editing
          - habits
        description: Cutting a post in half without losing its point.
        ---

        Every draft is too long. The edit is where the post is found.
        """,
    "unfinished-thoughts.md": """\
        ---
        title: Unfinished thoughts
        date: 2025-07-01
        tags: [drafts]
        draft: true
        ---

        Not ready yet: a note about notes.
        """,
    "next-spring.md": """\
        ---
        title: Next spring
        date: 2099-04-01
        category: Notes
        tags: [gardens]
        summary: A post for later.
        ---

        Seeds, soil and patience.
        """,
}


def write_library(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in POSTS.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "blogdesk.toml").write_text(
        'site_title = "Test Notes"\nwpm = 200\n[author]\nname = "Ada Field"\n', encoding="utf-8"
    )
    return root


@pytest.fixture
def library_factory() -> Any:
    """write_library(folder): writes the small library into a folder."""
    return write_library


@pytest.fixture
def small_library(tmp_path: Path) -> Path:
    """Four posts: two published, a draft and a scheduled one."""
    return write_library(tmp_path / "blog")


@pytest.fixture
def sample_copy(tmp_path: Path, sample_posts: Path) -> Path:
    """A copy of the sample library of the repository."""
    if not any(sample_posts.glob("*.md")):
        pytest.skip("the sample library is not there yet")
    target = tmp_path / "sample"
    shutil.copytree(sample_posts, target)
    return target


@pytest.fixture
def app_settings(tmp_path: Path) -> Any:
    from blogdesk.ui.settings import AppSettings

    return AppSettings.from_file(tmp_path / "settings.ini")


@dataclass
class Answers:
    """Scripted answers to the window's questions; every question asked is recorded."""

    save_discard_cancel: list[str] = field(default_factory=list)
    confirms: list[bool] = field(default_factory=list)
    texts: list[str | None] = field(default_factory=list)
    paths: list[Path | None] = field(default_factory=list)
    asked: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def install(self, window: Any) -> None:
        window.ask_save_discard_cancel = self.ask_save_discard_cancel
        window.confirm = self.confirm
        window.ask_text = self.ask_text
        window.show_error = self.show_error
        window.ask_save_path = self.ask_path
        window.ask_folder = self.ask_path

    def ask_save_discard_cancel(self, title: str) -> str:
        self.asked.append(("save_discard_cancel", title))
        return self.save_discard_cancel.pop(0) if self.save_discard_cancel else "discard"

    def confirm(self, text: str, ok_label: str = "OK", details: str = "") -> bool:
        self.asked.append(("confirm", f"{text}\n{details}"))
        return self.confirms.pop(0) if self.confirms else False

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        self.asked.append(("text", label))
        return self.texts.pop(0) if self.texts else None

    def show_error(self, text: str) -> None:
        self.errors.append(text)

    def ask_path(self, title: str, start: Path, filter: str = "") -> Path | None:
        self.asked.append(("path", title))
        return self.paths.pop(0) if self.paths else None


@dataclass
class Running:
    """A built app: window, controller, actions, settings, and the scripted answers."""

    parts: Any
    answers: Answers

    @property
    def window(self) -> Any:
        return self.parts.window

    @property
    def controller(self) -> Any:
        return self.parts.controller


def start_app(
    qtbot: Any, settings: Any, root: Path | None, post: Path | None = None, preview: bool = False
) -> Running:
    from blogdesk.app import StartTarget, build, install_preview

    answers = Answers()
    parts = build(settings, StartTarget(root, post))
    answers.install(parts.window)
    qtbot.addWidget(parts.window)
    parts.window.show()
    if preview:
        install_preview(parts)
    return Running(parts, answers)


def stop_app(running: Running) -> None:
    window = running.window
    running.answers.save_discard_cancel[:] = ["discard"] * 5
    window.close()
    library = running.controller.library
    if library is not None:
        library.close()


@pytest.fixture
def app_factory() -> tuple[Any, Any]:
    """(start_app, stop_app) for tests that start the app more than once."""
    return start_app, stop_app


@pytest.fixture
def app(qtbot: Any, small_library: Path, app_settings: Any) -> Iterator[Running]:
    """The app on the small library, first post open, preview not built (fast)."""
    running = start_app(qtbot, app_settings, small_library)
    yield running
    stop_app(running)
