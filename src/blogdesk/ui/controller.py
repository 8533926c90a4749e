"""The decisions of the app (open, save, switch, new, rename, delete, export) behind a narrow view.

The controller holds the open library and the current post file. It never opens a dialog itself:
it asks its view (the main window, or a fake in tests) and acts on the answer.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from blogdesk.core.files import FILE_DIALOG_FILTER, POST_SUFFIXES
from blogdesk.core.library import Library
from blogdesk.core.post import Post, slugify
from blogdesk.core.postfile import (
    Fingerprint,
    PostError,
    PostFile,
    atomic_write,
    load_post,
    new_post_bytes,
    parse_post,
    save_post,
)

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class View(Protocol):
    """What the controller needs from the window; tests provide a fake."""

    def ask_save_discard_cancel(self, title: str) -> str: ...
    def confirm(self, text: str, ok_label: str = "OK", details: str = "") -> bool: ...
    def ask_text(self, title: str, label: str, text: str = "") -> str | None: ...
    def show_error(self, text: str) -> None: ...
    def show_message(self, text: str) -> None: ...
    def ask_save_path(self, title: str, start: Path, filter: str = "") -> Path | None: ...
    def ask_folder(self, title: str, start: Path) -> Path | None: ...
    def current_body(self) -> str: ...
    def show_document(self, doc: PostFile | None, keep_text: bool = False) -> None: ...
    def document_state_changed(self) -> None: ...
    def library_changed(
        self, select: Path | None = None, changed: Sequence[Path] | None = None
    ) -> None: ...
    def library_opened(self, library: Library) -> None: ...
    def run_task(
        self,
        title: str,
        work: Callable[[Callable[[int, int, str], None]], Any],
        done: Callable[[Any, BaseException | None], None],
    ) -> None: ...


@dataclass
class Hooks:
    """Listeners for later features (the recovery journal, the file watcher)."""

    opened: list[Callable[[PostFile], None]] = field(default_factory=list)
    edited: list[Callable[[PostFile], None]] = field(default_factory=list)
    saved: list[Callable[[PostFile], None]] = field(default_factory=list)
    closed: list[Callable[[PostFile, bool], None]] = field(default_factory=list)  # (doc, discarded)
    # issue 6: the document guard and the recovery journal
    before_save: list[Callable[[PostFile], bool]] = field(default_factory=list)  # False: stop
    save_failed: list[Callable[[PostFile, BaseException], None]] = field(default_factory=list)
    disk_changed: list[Callable[[Path], None]] = field(default_factory=list)
    moved: list[Callable[[PostFile, Path], None]] = field(default_factory=list)  # (doc, old path)

    @staticmethod
    def fire(listeners: list[Callable[..., None]], *args: object) -> None:
        for listener in listeners:
            listener(*args)


def _default_trash(path: Path) -> None:
    from send2trash import send2trash  # imported when needed: it is slow to import on some systems

    send2trash(str(path))


def file_name_for(pattern: str, title: str, when: datetime) -> str:
    """The file name a pattern gives: {slug}, {date}, {year}, {month}, {day} are filled in."""
    slug = slugify(title) or "untitled"
    values = {
        "slug": slug,
        "date": when.strftime("%Y-%m-%d"),
        "year": f"{when.year:04d}",
        "month": f"{when.month:02d}",
        "day": f"{when.day:02d}",
    }
    try:
        name = (pattern or "{slug}.md").format_map(values)
    except (KeyError, ValueError, IndexError) as exc:
        raise ValueError(f"the file name pattern {pattern!r} is not valid ({exc})") from None
    parts = [p for p in Path(name).parts if p not in ("", ".", "..", "/")]
    name = str(Path(*parts)) if parts else f"{slug}.md"
    return name if Path(name).suffix.lower() in POST_SUFFIXES else name + ".md"


def unique_path(path: Path) -> Path:
    """``path``, or ``name-2.md``, ``name-3.md``... when it is taken."""
    candidate, n = path, 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


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
    post = folder / "hello-world.md"
    metadata = {"title": "Hello, world", "date": now, "draft": True, "tags": ["meta"]}
    atomic_write(post, new_post_bytes(metadata, FIRST_POST))
    return post


class Controller:
    """Holds the library and the current post, and makes every decision about them."""

    def __init__(
        self,
        view: View,
        library: Library | None = None,
        *,
        trash: Callable[[Path], None] = _default_trash,
        clock: Callable[[], datetime] = datetime.now,
        open_library: Callable[[Path], Library] = Library.open,
    ) -> None:
        self.view = view
        self.library = library
        self.doc: PostFile | None = None
        self.hooks = Hooks()
        self.file_pattern = ""  # the settings override of the library's pattern, when not ""
        self._trash = trash
        self._open_library = open_library
        self._clock = clock
        self._body_stale = False

    # -- state ----------------------------------------------------------------------------------
    @property
    def posts_dir(self) -> Path | None:
        return self.library.posts_dir if self.library is not None else None

    @property
    def pattern(self) -> str:
        if self.file_pattern:
            return self.file_pattern
        return self.library.config.file_pattern if self.library else "{slug}.md"

    def title(self) -> str:
        """The current post's title, or its file name when it has none."""
        if self.doc is None:
            return ""
        title = self.doc.metadata.get("title")
        return str(title).strip() if title else self.doc.path.stem

    def is_modified(self) -> bool:
        if self.doc is None:
            return False
        self._sync_body()
        return self.doc.modified

    def current_post(self) -> Post | None:
        if self.doc is None:
            return None
        self._sync_body()
        return Post.from_file(self.doc)

    # -- editing ----------------------------------------------------------------------------------
    def body_edited(self) -> None:
        """The editor's text changed; it is read back lazily (before saves and checks)."""
        if self.doc is None:
            return
        self._body_stale = True
        Hooks.fire(self.hooks.edited, self.doc)

    def _sync_body(self) -> None:
        if self.doc is not None and self._body_stale:
            self._body_stale = False
            body = self.view.current_body()
            if body != self.doc.body:
                self.doc.set_body(body)

    def set_field(self, key: str, value: object) -> None:
        """One front-matter field changed in the post panel (a lossless edit of its lines)."""
        if self.doc is None or self.doc.metadata.get(key, _MISSING) == value:
            return
        self.doc.set(key, value)
        self._after_metadata_edit()

    def unset_field(self, key: str) -> None:
        if self.doc is None or key not in self.doc.metadata:
            return
        self.doc.unset(key)
        self._after_metadata_edit()

    def set_raw_front_matter(self, text: str) -> str | None:
        """The raw front matter was edited; returns the parse error to show, or None."""
        if self.doc is None or text == self.doc.raw_front_matter:
            return None
        self.doc.set_raw_front_matter(text)
        self._after_metadata_edit()
        return str(self.doc.error) if self.doc.error else None

    def _after_metadata_edit(self) -> None:
        assert self.doc is not None
        Hooks.fire(self.hooks.edited, self.doc)
        self.view.document_state_changed()

    # -- opening and closing ----------------------------------------------------------------------
    def settle(self) -> bool:
        """Ask Save/Discard/Cancel when the current post has unsaved changes; True to go on."""
        if self.doc is None or not self.is_modified():
            return True
        answer = self.view.ask_save_discard_cancel(self.title())
        if answer == SAVE:
            return self.save()
        if answer == DISCARD:
            Hooks.fire(self.hooks.closed, self.doc, True)
            return True
        return False

    def open_post(self, path: Path) -> bool:
        """Make ``path`` the current post; False when the user cancelled or it cannot be read."""
        if self.doc is not None and self._same(path, self.doc.path):
            return True
        if not self.settle():
            return False
        try:
            doc: PostFile | None = load_post(path, strict=False)
        except PostError as exc:
            doc = _read_only_view(path, exc)
            if doc is None:
                self.view.show_error(f"Cannot open this post.\n\n{exc}")
                return False
        except OSError as exc:
            self.view.show_error(f"Cannot open this post.\n\n{exc}")
            return False
        self._set_doc(doc)
        return True

    def replace_document(self, doc: PostFile) -> None:
        """Show another version of the open post (reloaded, converted to UTF-8, recovered)."""
        self._set_doc(doc)

    def close_post(self) -> bool:
        if not self.settle():
            return False
        self._set_doc(None)
        return True

    def can_quit(self) -> bool:
        return self.settle()

    def _set_doc(self, doc: PostFile | None, keep_text: bool = False) -> None:
        if self.doc is not None and doc is not self.doc:
            Hooks.fire(self.hooks.closed, self.doc, False)
        self.doc = doc
        self._body_stale = False
        self.view.show_document(doc, keep_text)
        if doc is not None:
            Hooks.fire(self.hooks.opened, doc)

    @staticmethod
    def _same(a: Path, b: Path) -> bool:
        try:
            return a == b or a.resolve() == b.resolve()
        except OSError:
            return a == b

    def open_library(self, root: Path, prefer: Sequence[Path | None] = ()) -> bool:
        """Close the current post (asking first), open another library and show a post in it:
        the first of ``prefer`` that belongs to it, else the newest."""
        if not self.settle():
            return False
        try:
            library = self._open_library(root)
        except Exception as exc:  # the library reports its own errors; show them, keep the old one
            self.view.show_error(f"Cannot open the library {root}.\n\n{exc}")
            return False
        self._set_doc(None)
        old, self.library = self.library, library
        if old is not None:
            old.close()
        self.view.library_opened(library)
        self._open_first_post(prefer)
        return True

    def _open_first_post(self, prefer: Sequence[Path | None]) -> None:
        assert self.library is not None
        for candidate in prefer:
            known = candidate is not None and self.library.get(candidate) is not None
            if known and self.open_post(candidate):  # type: ignore[arg-type]
                return
        newest = next((e.path for e in self.library.posts() if not e.error), None)
        if newest is not None:
            self.open_post(newest)

    def create_library(self) -> bool:
        """Start a new blog: a folder with a blogdesk.toml and a first post, then open it."""
        folder = self.view.ask_folder("Choose a Folder for the New Blog", Path.home())
        if folder is None:
            return False
        if any(folder.glob("*.md")) or (folder / "blogdesk.toml").exists():
            if self.view.confirm(f"{folder} has posts already. Open it as it is?", "Open"):
                return self.open_library(folder)
            return False
        title = self.view.ask_text("New Blog", "Title of the blog:", folder.name.title())
        if not title or not title.strip():
            return False
        try:
            write_new_blog(folder, title.strip(), self._clock().replace(microsecond=0))
        except (PostError, OSError) as exc:
            self.view.show_error(f"The new blog could not be created in {folder}.\n\n{exc}")
            return False
        return self.open_library(folder)

    # -- saving -----------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the current post; on failure it stays unsaved and Save As is offered."""
        doc = self.doc
        if doc is None:
            return False
        self._sync_body()
        if self.hooks.before_save:
            if not all(check(doc) for check in self.hooks.before_save):
                return False
        elif not self._disk_unchanged_or_confirmed(doc):
            return False
        try:
            save_post(doc)
        except (PostError, OSError) as exc:
            if self.hooks.save_failed:  # a notice with Save As…, no modal question
                Hooks.fire(self.hooks.save_failed, doc, exc)
                return False
            text = f"The post could not be saved; it is still open with your changes.\n\n{exc}"
            if self.view.confirm(text + "\n\nSave it under another name?", ok_label="Save As…"):
                return self.save_as()
            return False
        self._after_save(doc)
        return True

    def _disk_unchanged_or_confirmed(self, doc: PostFile) -> bool:
        """Another program changed the file since it was loaded: never overwrite it silently."""
        if doc.fingerprint is None:
            return True
        now = Fingerprint.of_file(doc.path)
        if now is None or now.sha256 == doc.fingerprint.sha256:
            return True
        return self.view.confirm(
            f"“{doc.path.name}” was changed by another program since you opened it.\n\n"
            "Replace it with your version?",
            ok_label="Replace",
        )

    def _after_save(self, doc: PostFile) -> None:
        if self.library is not None:
            self.library.refresh([doc.path])
        Hooks.fire(self.hooks.saved, doc)
        self.view.document_state_changed()
        self.view.library_changed(doc.path, [doc.path])
        self.view.show_message(f"Saved {doc.path.name}")

    def save_as(self) -> bool:
        """Write the post (with its edits) to a new file, which becomes the current post."""
        doc = self.doc
        if doc is None:
            return False
        target = self.view.ask_save_path("Save Post As", doc.path, FILE_DIALOG_FILTER)
        if target is None:
            return False
        self._sync_body()
        try:
            atomic_write(target, doc.to_bytes())
            new = load_post(target, strict=False)
        except (PostError, OSError) as exc:
            self.view.show_error(f"The post could not be saved as {target}.\n\n{exc}")
            return False
        Hooks.fire(self.hooks.closed, doc, True)
        self.doc, self._body_stale = new, False
        self.view.show_document(new, True)
        Hooks.fire(self.hooks.opened, new)
        self._after_save(new)
        return True

    # -- files of the library ---------------------------------------------------------------------
    def new_post(self) -> Path | None:
        """Ask a title, create the file (named by the library's pattern) and open it."""
        if self.library is None or not self.settle():
            return None
        title = self.view.ask_text("New Post", "Title of the new post:")
        if not title or not title.strip():
            return None
        title, now = title.strip(), self._clock().replace(microsecond=0)
        try:
            path = self._new_path(title, now)
            data = new_post_bytes({"title": title, "date": now, "draft": True}, "")
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
        except (PostError, OSError, ValueError) as exc:
            self.view.show_error(f"The new post could not be created.\n\n{exc}")
            return None
        self._created(path)
        return path

    def _new_path(self, title: str, when: datetime) -> Path:
        folder = self.posts_dir
        assert folder is not None
        return unique_path(folder / file_name_for(self.pattern, title, when))

    def _created(self, path: Path) -> None:
        if self.library is not None:
            self.library.refresh([path])
        self.view.library_changed(path)
        self.open_post(path)

    def rename_from_title(self) -> Path | None:
        """Rename the current post's file after its title (its unsaved edits stay open)."""
        doc = self.doc
        if doc is None:
            return None
        post = self.current_post()
        when = post.date if post and post.date else self._clock()
        name = Path(file_name_for(self.pattern, self.title(), when)).name
        target = doc.path.with_name(name)
        if target.name == doc.path.name:
            self.view.show_message("The file name already matches the title")
            return None
        if target.exists():
            self.view.show_error(f"Cannot rename: {target.name} already exists.")
            return None
        try:
            os.rename(doc.path, target)
        except OSError as exc:
            self.view.show_error(f"Cannot rename {doc.path.name}.\n\n{exc}")
            return None
        self._moved(doc, target)
        return target

    def _moved(self, doc: PostFile, target: Path) -> None:
        old = doc.path
        doc.path = target
        Hooks.fire(self.hooks.moved, doc, old)
        if self.library is not None:
            self.library.refresh([old, target])
        self.view.document_state_changed()
        self.view.library_changed(target, [old, target])
        self.view.show_message(f"Renamed to {target.name}")

    def duplicate(self) -> Path | None:
        """Copy the current post (as saved) to a new file titled "… (copy)" and open it."""
        doc = self.doc
        if doc is None or not self.settle():
            return None
        title = f"{self.title()} (copy)"
        try:
            copy = parse_post(doc.path.read_bytes(), doc.path, strict=False)
            copy.set("title", title)
            if "slug" in copy.metadata:
                copy.set("slug", slugify(title))
            target = unique_path(doc.path.with_name(f"{doc.path.stem}-copy{doc.path.suffix}"))
            atomic_write(target, copy.to_bytes())
            shutil.copymode(doc.path, target)
        except (PostError, OSError) as exc:
            self.view.show_error(f"The post could not be duplicated.\n\n{exc}")
            return None
        self._created(target)
        return target

    def delete(self) -> bool:
        """Move the current post's file to the trash, after asking."""
        doc = self.doc
        if doc is None:
            return False
        if not self.view.confirm(
            f"Move “{self.title()}” ({doc.path.name}) to the trash?", ok_label="Move to Trash"
        ):
            return False
        try:
            self._trash(doc.path)
        except Exception as exc:  # send2trash raises its own errors besides OSError
            self.view.show_error(f"{doc.path.name} could not be moved to the trash.\n\n{exc}")
            return False
        Hooks.fire(self.hooks.closed, doc, True)
        self.doc = None
        self.view.show_document(None)
        if self.library is not None:
            self.library.refresh([doc.path])
        self.view.library_changed(None)
        self.view.show_message(f"Moved {doc.path.name} to the trash")
        return True

    # -- changes by other programs ----------------------------------------------------------------
    def file_changed_on_disk(self, path: Path) -> None:
        """The watcher saw ``path`` change: reload the open post when nothing is unsaved."""
        doc = self.doc
        if doc is None or not self._same(path, doc.path):
            return
        if self.hooks.disk_changed:  # the document guard decides (reload, conflict, deleted)
            Hooks.fire(self.hooks.disk_changed, doc.path)
            return
        now = Fingerprint.of_file(doc.path)
        if now is None or (doc.fingerprint and now.sha256 == doc.fingerprint.sha256):
            return  # deleted (the text stays open) or only touched
        if self.is_modified():
            self.view.show_message(f"{doc.path.name} changed on disk; your unsaved version is kept")
            return
        try:
            fresh = load_post(doc.path, strict=False)
        except (PostError, OSError):
            return
        self._set_doc(fresh)

    # -- tags -------------------------------------------------------------------------------------
    def rename_tag(self, old: str) -> bool:
        """Ask the new name, show the files that would change, then change them."""
        new = self.view.ask_text("Rename Tag", f"New name for the tag “{old}”:", old)
        if not new or not new.strip() or new.strip() == old or self.library is None:
            return False
        library, new = self.library, new.strip()
        return self._change_tags(
            f"Rename the tag “{old}” to “{new}”",
            lambda dry: library.rename_tag(old, new, dry_run=dry),
        )

    def merge_tags(self, tags: list[str]) -> bool:
        """Merge tags into one (the first by default), after showing the files that would change."""
        if not tags or self.library is None:
            return False
        label = "Merge " + ", ".join(f"“{t}”" for t in tags) + " into:"
        into = self.view.ask_text("Merge Tags", label, tags[0])
        if not into or not into.strip():
            return False
        library, into = self.library, into.strip()
        sources = [t for t in tags if t != into]
        if not sources:
            return False
        return self._change_tags(
            f"Merge {', '.join(sources)} into “{into}”",
            lambda dry: library.merge_tags(sources, into, dry_run=dry),
        )

    def _change_tags(self, what: str, change: Callable[[bool], list[Any]]) -> bool:
        try:
            planned = change(True)
        except Exception as exc:  # library errors name the file; show them as they are
            self.view.show_error(f"{what}: not possible.\n\n{exc}")
            return False
        if not planned:
            self.view.show_message(f"{what}: no post would change")
            return False
        paths = [_change_path(c) for c in planned]
        touches_open = self.doc is not None and any(self._same(p, self.doc.path) for p in paths)
        if touches_open and not self.settle():
            return False
        names = "\n".join(p.name for p in paths)
        if not self.view.confirm(
            f"{what}? {len(paths)} post(s) will change.", ok_label="Change", details=names
        ):
            return False
        return self._apply_tag_change(what, change)

    def _apply_tag_change(self, what: str, change: Callable[[bool], list[Any]]) -> bool:
        try:
            done = change(False)
        except Exception as exc:  # a write failed part way: the library says which file
            self.view.show_error(f"{what} failed.\n\n{exc}")
            return False
        if self.doc is not None and not self.is_modified():
            self.file_changed_on_disk(self.doc.path)
        self.view.library_changed(self.doc.path if self.doc else None)
        self.view.show_message(f"{what}: {len(done)} post(s) changed")
        return True

    # -- export -----------------------------------------------------------------------------------
    def export_post(self) -> None:
        """Export the current post (saved first) as a standalone web page."""
        doc = self.doc
        if doc is None or (self.is_modified() and not self.save()):
            return
        post = self.current_post()
        start = doc.path.parent.parent / f"{post.slug if post else doc.path.stem}.html"
        out = self.view.ask_save_path("Export Post as HTML", start, "Web pages (*.html)")
        if out is None:
            return
        from blogdesk.core.export import export_post

        source = doc.path
        self.view.run_task(
            "Exporting the post",
            lambda _progress: export_post(source, out),
            lambda result, error: self._exported(out, error),
        )

    def export_site(self) -> None:
        """Export the whole library as a static site into a folder the user picks."""
        if self.library is None or (self.is_modified() and not self.save()):
            return
        root = self.library.root
        out = self.view.ask_folder("Export Site To", root.parent / f"{root.name}-site")
        if out is None:
            return
        if self._same(out, root) or root in out.resolve().parents:
            self.view.show_error("Choose a folder outside the library for the exported site.")
            return
        from blogdesk.core.export import export_site

        self.view.run_task(
            "Exporting the site",
            lambda progress: export_site(root, out, progress=progress),
            lambda result, error: self._exported(out, error),
        )

    def _exported(self, out: Path, error: BaseException | None) -> None:
        if error is not None:
            self.view.show_error(f"The export failed.\n\n{error}")
        else:
            self.view.show_message(f"Exported to {out}")


_MISSING = object()


def _read_only_view(path: Path, exc: PostError) -> PostFile | None:
    """A post that is not UTF-8 opens read-only (the document guard offers to convert it);
    binary, too large and unreadable files do not open."""
    if exc.kind != "encoding":
        return None
    from blogdesk.core.diskcheck import legacy_view_post

    try:
        return legacy_view_post(path)[0]
    except (PostError, OSError):
        return None


def _change_path(change: Any) -> Path:
    """The file a library TagChange is about."""
    path = getattr(change, "path", change)
    return path if isinstance(path, Path) else Path(str(path))
