"""The decisions about the library (open a library, new, rename, duplicate, delete, tags, export)
behind a narrow view.

The controller holds the open library; the open post belongs to its `DocumentSession`
(core/document), which decides open, save and everything about the disk. It never opens a dialog
itself: it asks its view (the main window, or a fake in tests) and acts on the answer.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject

from blogdesk.core.document import DocumentSession, DocumentView, notices, same_file
from blogdesk.core.document.notices import Notice, NoticeAction
from blogdesk.core.files import POST_SUFFIXES
from blogdesk.core.library import Library, TagChange
from blogdesk.core.post import slugify
from blogdesk.core.postfile import (
    PostError,
    PostFile,
    atomic_write,
    parse_post,
)
from blogdesk.ui.i18n import plural, translate

if TYPE_CHECKING:
    from blogdesk.core.export import ExportReport

KEY_EXPORT = "export"  # the notice after a site export


class View(DocumentView, Protocol):
    """What the controller needs from the window besides the session's view; tests use a fake."""

    def ask_text(self, title: str, label: str, text: str = "") -> str | None: ...
    def ask_folder(self, title: str, start: Path) -> Path | None: ...
    def library_opened(self, library: Library) -> None: ...
    def open_in_browser(self, page: Path) -> None: ...
    def run_task(
        self,
        title: str,
        work: Callable[[Callable[[int, int, str], None]], Any],
        done: Callable[[Any, BaseException | None], None],
    ) -> None: ...


def _default_trash(path: Path) -> None:
    from send2trash import send2trash  # imported when needed: it is slow to import on some systems

    send2trash(str(path))


FIRST_POST = """\
This is your first post. Write in Markdown on the left; the preview on the right shows the page
as it will be published.

## What next

- Give the post a summary in the Post panel: it is the lede under the title.
- Tag it, so readers find related posts.
- Untick *Draft* when it is ready, and export the site from the File menu.
"""


def write_new_blog(folder: Path, title: str, now: datetime) -> Path:
    """A blogdesk.toml and a first post in ``folder``; returns the post's path."""
    import tomlkit

    folder.mkdir(parents=True, exist_ok=True)
    settings = tomlkit.document()
    settings.add(tomlkit.comment("blogdesk settings for this blog; every key is optional."))
    settings.add("site_title", title)
    settings.add("wpm", 200)
    settings.add("file_pattern", "{slug}.md")
    settings.add("image_folder", "images")
    atomic_write(folder / "blogdesk.toml", tomlkit.dumps(settings).encode("utf-8"))
    from blogdesk.core.sites.conventions import NewPostStyle, new_post_text

    post = folder / "hello-world.md"
    text = new_post_text(NewPostStyle(), "Hello, world", now, ["meta"], True, FIRST_POST)
    atomic_write(post, text.encode("utf-8"))
    return post


class Counted(QObject):
    """The controller's sentences with a count in them, singular or plural (pyside6-lupdate
    reads plural forms from tr() calls only, so they live in a QObject)."""

    def posts_will_change(self, what: str, n: int) -> str:
        return plural(n, self.tr("{0}? %n post will change.", "", n),
                      self.tr("{0}? %n posts will change.", "", n)).format(what)

    def posts_changed(self, what: str, n: int) -> str:
        return plural(n, self.tr("{0}: %n post changed", "", n),
                      self.tr("{0}: %n posts changed", "", n)).format(what)

    def posts_exported(self, n: int, folder: str) -> str:
        return self.tr("%n exported to {0}", "", n).format(folder)  # the same in English

    def problems(self, n: int, first: str) -> str:
        return plural(n, self.tr(". %n problem: {0}", "", n),
                      self.tr(". %n problems: {0}", "", n)).format(first)


class Controller:
    """Holds the library and makes every decision about its files; the open post is the
    session's."""

    def __init__(
        self,
        view: View,
        session: DocumentSession | None = None,
        *,
        trash: Callable[[Path], None] = _default_trash,
        clock: Callable[[], datetime] = datetime.now,
        open_library: Callable[[Path], Library] = Library.open,
    ) -> None:
        self.view = view
        self.session = session if session is not None else DocumentSession(view)
        self.library: Library | None = None
        self.file_pattern = ""  # the settings override of the library's pattern, when not ""
        self._trash = trash
        self._open_library = open_library
        self._clock = clock

    # -- state ----------------------------------------------------------------------------------
    @property
    def doc(self) -> PostFile | None:
        """The open post (the session's)."""
        return self.session.doc

    @property
    def posts_dir(self) -> Path | None:
        return self.library.posts_dir if self.library is not None else None

    @property
    def pattern(self) -> str:
        if self.file_pattern:
            return self.file_pattern
        return self.library.config.file_pattern if self.library else "{slug}.md"

    # -- libraries ------------------------------------------------------------------------------
    def open_library(self, root: Path, prefer: Sequence[Path | None] = ()) -> bool:
        """Close the current post (asking first), open another library and show a post in it:
        the first of ``prefer`` that belongs to it, else the newest."""
        if not self.session.settle():
            return False
        try:
            library = self._open_library(root)
        except Exception as exc:  # the library reports its own errors; show them, keep the old one
            self.view.show_error(
                translate("Controller", "Cannot open the library {0}.").format(root) + f"\n\n{exc}")
            return False
        self.session.close(discarded=False)
        old, self.library = self.library, library
        self.session.library = library
        if old is not None:
            old.close()
        self.view.library_opened(library)
        self._open_first_post(prefer)
        return True

    def close_library(self) -> None:
        """Close the library's index (the app is quitting)."""
        if self.library is not None:
            self.library.close()
        self.library = self.session.library = None

    def _open_first_post(self, prefer: Sequence[Path | None]) -> None:
        assert self.library is not None
        for candidate in prefer:
            known = candidate is not None and self.library.get(candidate) is not None
            if known and self.session.open(candidate):  # type: ignore[arg-type]
                return
        newest = next((e.path for e in self.library.posts() if not e.error), None)
        if newest is not None:
            self.session.open(newest)

    def create_library(self) -> bool:
        """Start a new blog: a folder with a blogdesk.toml and a first post, then open it."""
        folder = self.view.ask_folder(
            translate("Controller", "Choose a Folder for the New Blog"), Path.home())
        if folder is None:
            return False
        if any(p.suffix.lower() in POST_SUFFIXES for p in folder.iterdir()) or (
            folder / "blogdesk.toml"
        ).exists():
            if self.view.confirm(
                translate("Controller", "{0} has posts already. Open it as it is?").format(folder),
                translate("Controller", "Open"),
            ):
                return self.open_library(folder)
            return False
        title = self.view.ask_text(translate("Controller", "New Blog"),
                                   translate("Controller", "Title of the blog:"),
                                   folder.name.title())
        if not title or not title.strip():
            return False
        try:
            write_new_blog(folder, title.strip(), self._clock().replace(microsecond=0))
        except (PostError, OSError) as exc:
            self.view.show_error(
                translate("Controller", "The new blog could not be created in {0}.").format(folder)
                + f"\n\n{exc}")
            return False
        return self.open_library(folder)

    # -- files of the library ---------------------------------------------------------------------
    def new_post(self) -> Path | None:
        """Ask a title, create the file (named by the library's pattern) and open it."""
        if self.library is None or not self.session.settle():
            return None
        title = self.view.ask_text(translate("Controller", "New Post"),
                                   translate("Controller", "Title of the new post:"))
        if not title or not title.strip():
            return None
        title, now = title.strip(), self._clock().replace(microsecond=0)
        try:
            path, text = self._new_post(title, now)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text.encode("utf-8"))
        except (PostError, OSError, ValueError) as exc:
            self.view.show_error(
                translate("Controller", "The new post could not be created.") + f"\n\n{exc}")
            return None
        self._created(path)
        return path

    def _new_post(self, title: str, when: datetime) -> tuple[Path, str]:
        """Where the new post goes and its text, in the library's own style (core.sites)."""
        from blogdesk.core.sites.config import blogdesk_site
        from blogdesk.core.sites.conventions import new_post, unique_path

        assert self.library is not None
        site = self.library.site or blogdesk_site()
        made = new_post(site, self.library.posts_dir, title, when, pattern=self.pattern)
        return unique_path(made.path), made.text

    def _created(self, path: Path) -> None:
        if self.library is not None:
            self.library.refresh([path])
        self.view.library_changed(path)
        self.session.open(path)

    def rename_from_title(self) -> Path | None:
        """Rename the current post's file after its title (its unsaved edits stay open)."""
        doc = self.doc
        if doc is None:
            return None
        from blogdesk.core.sites.conventions import file_name_for

        post = self.session.current_post()
        when = post.date if post and post.date else self._clock()
        name = Path(file_name_for(self.pattern, self.session.title(), when)).name
        target = doc.path.with_name(name)
        if target.name == doc.path.name:
            self.view.show_message(
                translate("Controller", "The file name already matches the title"))
            return None
        if target.exists():
            self.view.show_error(
                translate("Controller", "Cannot rename: {0} already exists.").format(target.name))
            return None
        try:
            os.rename(doc.path, target)
        except OSError as exc:
            self.view.show_error(
                translate("Controller", "Cannot rename {0}.").format(doc.path.name) + f"\n\n{exc}")
            return None
        self._moved(doc, target)
        return target

    def _moved(self, doc: PostFile, target: Path) -> None:
        old = doc.path
        doc.path = target
        self.session.moved(old)
        if self.library is not None:
            self.library.refresh([old, target])
        self.view.document_state_changed()
        self.view.library_changed(target, [old, target])
        self.view.show_message(translate("Controller", "Renamed to {0}").format(target.name))

    def duplicate(self) -> Path | None:
        """Copy the current post (as saved) to a new file titled "… (copy)" and open it."""
        doc = self.doc
        if doc is None or not self.session.settle():
            return None
        from blogdesk.core.sites.conventions import unique_path

        title = f"{self.session.title()} (copy)"
        try:
            copy = parse_post(doc.path.read_bytes(), doc.path, strict=False)
            copy.set("title", title)
            if "slug" in copy.metadata:
                copy.set("slug", slugify(title))
            target = unique_path(doc.path.with_name(f"{doc.path.stem}-copy{doc.path.suffix}"))
            atomic_write(target, copy.to_bytes())
            shutil.copymode(doc.path, target)
        except (PostError, OSError) as exc:
            self.view.show_error(
                translate("Controller", "The post could not be duplicated.") + f"\n\n{exc}")
            return None
        self._created(target)
        return target

    def delete(self) -> bool:
        """Move the current post's file to the trash, after asking."""
        doc = self.doc
        if doc is None:
            return False
        if not self.view.confirm(
            translate("Controller", "Move “{0}” ({1}) to the trash?").format(
                self.session.title(), doc.path.name),
            ok_label=translate("Controller", "Move to Trash"),
        ):
            return False
        try:
            self._trash(doc.path)
        except Exception as exc:  # send2trash raises its own errors besides OSError
            self.view.show_error(
                translate("Controller", "{0} could not be moved to the trash.").format(
                    doc.path.name)
                + f"\n\n{exc}")
            return False
        self.session.close(discarded=True)
        if self.library is not None:
            self.library.refresh([doc.path])
        self.view.library_changed(None)
        self.view.show_message(
            translate("Controller", "Moved {0} to the trash").format(doc.path.name))
        return True

    # -- tags -------------------------------------------------------------------------------------
    def rename_tag(self, old: str) -> bool:
        """Ask the new name, show the files that would change, then change them."""
        new = self.view.ask_text(
            translate("Controller", "Rename Tag"),
            translate("Controller", "New name for the tag “{0}”:").format(old), old)
        if not new or not new.strip() or new.strip() == old or self.library is None:
            return False
        library, new = self.library, new.strip()
        return self._change_tags(
            translate("Controller", "Rename the tag “{0}” to “{1}”").format(old, new),
            lambda dry: library.rename_tag(old, new, dry_run=dry),
        )

    def merge_tags(self, tags: list[str]) -> bool:
        """Merge tags into one (the first by default), after showing the files that would change."""
        if not tags or self.library is None:
            return False
        label = translate("Controller", "Merge {0} into:").format(", ".join(f"“{t}”" for t in tags))
        into = self.view.ask_text(translate("Controller", "Merge Tags"), label, tags[0])
        if not into or not into.strip():
            return False
        library, into = self.library, into.strip()
        sources = [t for t in tags if t != into]
        if not sources:
            return False
        return self._change_tags(
            translate("Controller", "Merge {0} into “{1}”").format(", ".join(sources), into),
            lambda dry: library.merge_tags(sources, into, dry_run=dry),
        )

    def _change_tags(self, what: str, change: Callable[[bool], list[TagChange]]) -> bool:
        try:
            planned = change(True)
        except Exception as exc:  # library errors name the file; show them as they are
            self.view.show_error(
                translate("Controller", "{0}: not possible.").format(what) + f"\n\n{exc}")
            return False
        if not planned:
            self.view.show_message(
                translate("Controller", "{0}: no post would change").format(what))
            return False
        paths = [c.path for c in planned]
        doc = self.doc
        touches_open = doc is not None and any(same_file(p, doc.path) for p in paths)
        if touches_open and not self.session.settle():
            return False
        names = "\n".join(p.name for p in paths)
        if not self.view.confirm(
            Counted().posts_will_change(what, len(paths)),
            ok_label=translate("Controller", "Change"), details=names,
        ):
            return False
        return self._apply_tag_change(what, change)

    def _apply_tag_change(self, what: str, change: Callable[[bool], list[TagChange]]) -> bool:
        try:
            done = change(False)
        except Exception as exc:  # a write failed part way: the library says which file
            self.view.show_error(translate("Controller", "{0} failed.").format(what) + f"\n\n{exc}")
            return False
        if self.doc is not None and not self.session.is_modified():
            self.view.check_disk()  # the open post may be one of them: reload it
        self.view.library_changed(self.doc.path if self.doc else None)
        self.view.show_message(Counted().posts_changed(what, len(done)))
        return True

    # -- export -----------------------------------------------------------------------------------
    def export_post(self) -> None:
        """Export the current post (saved first) as a standalone web page."""
        doc = self.doc
        if doc is None or (self.session.is_modified() and not self.session.save()):
            return
        post = self.session.current_post()
        start = doc.path.parent.parent / f"{post.slug if post else doc.path.stem}.html"
        out = self.view.ask_save_path(translate("Controller", "Export Post as HTML"), start,
                                      translate("Controller", "Web pages (*.html)"))
        if out is None:
            return
        from blogdesk.core.export import export_post

        source = doc.path
        self.view.run_task(
            translate("Controller", "Exporting the post"),
            lambda _progress: export_post(source, out),
            lambda result, error: self._exported(out, error),
        )

    def export_site(self, out: Path | None = None, *, drafts: bool = False) -> None:
        """Export the whole library as a static site into a folder the user picks (``out``:
        that folder again, from the notice's Include drafts)."""
        if self.library is None or (self.session.is_modified() and not self.session.save()):
            return
        root = self.library.root
        if out is None:
            out = self.view.ask_folder(translate("Controller", "Export Site To"),
                                      root.parent / f"{root.name}-site")
        if out is None:
            return
        if same_file(out, root) or root in out.resolve().parents:
            self.view.show_error(translate(
                "Controller", "Choose a folder outside the library for the exported site."))
            return
        from blogdesk.core.export import export_site

        self.view.run_task(
            translate("Controller", "Exporting the site"),
            lambda progress: export_site(root, out, drafts=drafts, progress=progress),
            lambda report, error: self._site_exported(out, report, error, drafts),
        )

    def _site_exported(self, out: Path, report: ExportReport, error: BaseException | None,
                       drafts: bool) -> None:
        """Say what the site export did: how many posts, how many drafts and scheduled posts
        were left out (with Include drafts), and Open in browser."""
        if error is not None:
            self.view.show_error(translate("Controller", "The export failed.") + f"\n\n{error}")
            return
        hidden = len(report.omitted_for("draft", "scheduled"))
        others = len(report.omitted) - hidden
        text = Counted().posts_exported(report.posts, out.name)
        actions = [NoticeAction(translate("Controller", "Open in browser"),
                                lambda: self.view.open_in_browser(report.outdir / "index.html"),
                                name="exportOpenInBrowser")]
        if hidden:
            text += translate("Controller", ", {0} drafts or scheduled left out").format(hidden)
            actions.insert(0, NoticeAction(
                translate("Controller", "Include drafts"),
                lambda: self.export_site(out, drafts=True),
                name="exportIncludeDrafts",
                tip=translate("Controller", "Export again with the drafts and scheduled posts")))
        if others:
            text += translate("Controller", ", {0} could not be exported").format(others)
        if report.errors:
            text += Counted().problems(len(report.errors), report.errors[0])
        level = notices.WARNING if others or report.errors else notices.INFO
        self.view.show_notice(Notice(KEY_EXPORT, text + ".", level, tuple(actions)))

    def _exported(self, out: Path, error: BaseException | None) -> None:
        if error is not None:
            self.view.show_error(translate("Controller", "The export failed.") + f"\n\n{error}")
        else:
            self.view.show_message(translate("Controller", "Exported to {0}").format(out))
