"""The library sidebar: search, filters, sort order and the list of posts, watched on disk."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QFileSystemWatcher,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from blogdesk.core.files import POST_SUFFIXES
from blogdesk.core.library import Library, PostEntry, Query
from blogdesk.core.post import Status
from blogdesk.ui.i18n import QT_TRANSLATE_NOOP, plural, translate
from blogdesk.ui.models import (
    EntryRole,
    PostFilterModel,
    PostListModel,
    SnippetRole,
    entry_subtitle,
    entry_title,
)
from blogdesk.ui.widgets.dialogs import props

# the badge's words, by the key of BADGE_COLORS
BADGE_LABELS = {
    "draft": QT_TRANSLATE_NOOP("LibraryPanel", "draft"),
    "scheduled": QT_TRANSLATE_NOOP("LibraryPanel", "scheduled"),
    "error": QT_TRANSLATE_NOOP("LibraryPanel", "error"),
}
SEARCH_DELAY_MS = 150
SNIPPET_BATCH = 24  # rows whose snippets one query fetches: a tall window's screenful (48 px rows)
WATCH_DELAY_MS = 250
WATCH_START_MS = 300
MAX_WATCHED_FILES = 4000  # inotify watches are a shared, limited resource

STATUS_CHOICES = (
    (QT_TRANSLATE_NOOP("LibraryPanel", "All posts"), None),
    (QT_TRANSLATE_NOOP("LibraryPanel", "Drafts"), Status.DRAFT),
    (QT_TRANSLATE_NOOP("LibraryPanel", "Scheduled"), Status.SCHEDULED),
    (QT_TRANSLATE_NOOP("LibraryPanel", "Published"), Status.PUBLISHED),
)
SORT_CHOICES = (
    (QT_TRANSLATE_NOOP("LibraryPanel", "Newest first"), "date", True),
    (QT_TRANSLATE_NOOP("LibraryPanel", "Oldest first"), "date", False),
    (QT_TRANSLATE_NOOP("LibraryPanel", "Recently updated"), "updated", True),
    (QT_TRANSLATE_NOOP("LibraryPanel", "Title A–Z"), "title", False),
    (QT_TRANSLATE_NOOP("LibraryPanel", "Longest read"), "reading", True),
    (QT_TRANSLATE_NOOP("LibraryPanel", "Shortest read"), "reading", False),
)
# A badge is a solid pill, so it reads the same on any row, selected or not: (fill, text) for
# the light and the dark theme, each pair at least 4.5:1 (WCAG AA for small text).
BADGE_COLORS = {
    "draft": (("#975a16", "#ffffff"), ("#fbd38d", "#1a202c")),
    "scheduled": (("#2b6cb0", "#ffffff"), ("#90cdf4", "#1a202c")),
    "error": (("#c53030", "#ffffff"), ("#feb2b2", "#1a202c")),
}


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(color.redF())
            + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF())
        )

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def badge_colors(label: str, dark: bool) -> tuple[QColor, QColor]:
    """The fill and text colours of a status badge in the light or dark theme."""
    fill, text = BADGE_COLORS[label][1 if dark else 0]
    return QColor(fill), QColor(text)


class PostDelegate(QStyledItemDelegate):
    """Paints a post as two lines: the title in bold, then date, reading time, badge and tags."""

    PAD = 8

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        return QSize(200, metrics.height() * 2 + metrics.leading() + self.PAD * 2 + 4)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        entry: PostEntry | None = index.data(EntryRole)
        if entry is None:
            super().paint(painter, option, index)
            return
        painter.save()
        style = option.widget.style() if option.widget else None  # type: ignore[attr-defined]
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        rect: QRect = option.rect.adjusted(self.PAD + 4, self.PAD, -self.PAD, -self.PAD)  # type: ignore[attr-defined]
        self._paint_title(painter, option, rect, entry, selected)
        snippet = index.data(SnippetRole)
        if snippet:  # while searching: the words that matched, in place of date and tags
            self._paint_snippet(painter, option, rect, snippet, selected)
        else:
            self._paint_meta(painter, option, rect, entry, selected)
        painter.restore()

    def _paint_snippet(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect,
                       snippet: str, selected: bool) -> None:
        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        painter.setPen(self._pen(option, selected, muted=True))
        text = metrics.elidedText(snippet, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect.x(), rect.bottom() - metrics.descent(), text)

    def _pen(self, option: QStyleOptionViewItem, selected: bool, muted: bool) -> QColor:
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        if selected:
            return palette.color(QPalette.ColorRole.HighlightedText)
        role = QPalette.ColorRole.PlaceholderText if muted else QPalette.ColorRole.Text
        return palette.color(role)

    def _paint_title(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        rect: QRect,
        entry: PostEntry,
        selected: bool,
    ) -> None:
        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self._pen(option, selected, muted=False))
        metrics = QFontMetrics(font)
        painter.drawText(rect.x(), rect.y() + metrics.ascent(), self.shown_title(option, entry))

    def shown_title(self, option: QStyleOptionViewItem, entry: PostEntry) -> str:
        """The title as the row shows it: elided with "…" when the row is too narrow."""
        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setBold(True)
        width = option.rect.width() - 2 * self.PAD - 4  # type: ignore[attr-defined]
        return QFontMetrics(font).elidedText(entry_title(entry), Qt.TextElideMode.ElideRight,
                                             width)

    def _paint_meta(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        rect: QRect,
        entry: PostEntry,
        selected: bool,
    ) -> None:
        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        baseline = rect.bottom() - metrics.descent()
        x = rect.x()
        painter.setPen(self._pen(option, selected, muted=True))
        meta = entry_subtitle(entry)
        painter.drawText(x, baseline, meta)
        x += metrics.horizontalAdvance(meta) + 8
        dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128  # type: ignore[attr-defined]
        x = self._paint_badge(painter, metrics, x, baseline, entry, dark)
        tags = "  ".join(f"#{t}" for t in entry.tags)
        if tags and x < rect.right() - 20:
            painter.setPen(self._pen(option, selected, muted=True))
            painter.drawText(
                x,
                baseline,
                metrics.elidedText(tags, Qt.TextElideMode.ElideRight, rect.right() - x),
            )

    def _paint_badge(
        self,
        painter: QPainter,
        metrics: QFontMetrics,
        x: int,
        baseline: int,
        entry: PostEntry,
        dark: bool,
    ) -> int:
        label = "error" if entry.error else entry.status.value
        if label not in BADGE_COLORS:
            return x  # the normal case needs no badge; drafts and scheduled posts stand out
        fill, text = badge_colors(label, dark)
        width = metrics.horizontalAdvance(translate("LibraryPanel", BADGE_LABELS[label])) + 10
        top = baseline - metrics.ascent() - 1
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(fill)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRect(x, top, width, metrics.height() + 2), 4, 4)
        painter.setPen(text)
        painter.drawText(x + 5, baseline, translate("LibraryPanel", BADGE_LABELS[label]))
        return x + width + 8


class LibraryWatcher(QObject):
    """Notices posts created, changed or deleted by other programs, and refreshes the library."""

    changed = Signal(list)  # list[Path] of the files that changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self, singleShot=True, interval=WATCH_DELAY_MS)
        self._timer.timeout.connect(self._flush)
        self._folders: set[str] = set()
        self._pending_files: set[Path] = set()
        self._pending_dirs: set[Path] = set()
        self._known: dict[Path, tuple[int, int]] = {}
        self._library: Library | None = None
        self._watcher.directoryChanged.connect(self._on_dir)
        self._watcher.fileChanged.connect(self._on_file)

    def watch(self, library: Library | None, entries: Iterable[PostEntry]) -> None:
        """Watch the library's folders and post files. Files that came or went since the
        list was read are reported at once (the watch may start a moment after the list)."""
        self._clear()
        self._library = library
        if library is None:
            return
        listed = {e.path for e in entries}
        folders = {library.posts_dir} | {p.parent for p in listed}
        self._watcher.addPaths(sorted(str(f) for f in folders))
        self._folders = {str(f) for f in folders}
        files = sorted(str(p) for p in listed)[:MAX_WATCHED_FILES]
        if files:
            self._watcher.addPaths(files)
        # keyed by the list's own paths where they are the same file: a second Path of each
        # post would cost about 5 MiB at 10,000 posts
        same = {p: p for p in listed}
        for folder in folders:
            self._known.update((same.get(p, p), st) for p, st in _folder_stamps(folder).items())
        missed = (set(self._known) - listed) | {p for p in listed if p not in self._known}
        if missed:
            self._pending_files |= missed
            self._timer.start()

    def stop(self) -> None:
        """Stop watching (the window is closing or the library changes)."""
        self._timer.stop()
        self._clear()
        self._library = None

    def _clear(self) -> None:
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self._known.clear()

    def _on_dir(self, folder: str) -> None:
        self._pending_dirs.add(Path(folder))
        self._timer.start()

    def _on_file(self, file: str) -> None:
        self._pending_files.add(Path(file))
        self._timer.start()

    def _flush(self) -> None:
        changed = set(self._pending_files)
        for folder in self._pending_dirs:
            changed |= self._scan(folder)
        self._pending_files.clear()
        self._pending_dirs.clear()
        for path in changed:  # saves by rename drop the watch on the old inode: add it again
            if path.exists() and str(path) not in self._watcher.files():
                self._watcher.addPath(str(path))
        if changed and self._library is not None:
            self._library.refresh(sorted(changed))
            self.changed.emit(sorted(changed))

    def _scan(self, folder: Path) -> set[Path]:
        """Files of ``folder`` that appeared, vanished or changed since the last look."""
        try:
            names = [folder / n for n in os.listdir(folder) if n.lower().endswith(POST_SUFFIXES)]
        except OSError:
            names = []
        changed = {p for p in self._known if p.parent == folder and not p.exists()}
        for path in names:
            stamp = _stamp(path)
            if stamp is not None and self._known.get(path) != stamp:
                changed.add(path)
        for path in changed:
            stamp = _stamp(path)
            if stamp is None:
                self._known.pop(path, None)
            else:
                self._known[path] = stamp
        return changed


def _folder_stamps(folder: Path) -> dict[Path, tuple[int, int]]:
    """Size and modification time of the post files directly in ``folder``."""
    stamps = {}
    try:
        with os.scandir(folder) as found:
            for item in found:
                if item.name.lower().endswith(POST_SUFFIXES) and item.is_file():
                    st = item.stat()
                    stamps[Path(item.path)] = (st.st_size, st.st_mtime_ns)
    except OSError:
        pass
    return stamps


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class PostListView(QListView):
    """The list of posts; tells a change of the current row made by the author (click, keys)
    from one made by the model (a filter hid the row), which must not open another post."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user_depth = 0

    @property
    def user_action(self) -> bool:
        return self._user_depth > 0

    def run_as_user(self, action: Callable[[], object]) -> None:
        self._user_depth += 1
        try:
            action()
        finally:
            self._user_depth -= 1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.run_as_user(lambda: super(PostListView, self).mousePressEvent(event))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.run_as_user(lambda: super(PostListView, self).keyPressEvent(event))


class FilterChip(QWidget):
    """ "Tag: python ✕": shows an active tag or category filter and clears it."""

    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        button = props(QToolButton(), text="✕", autoRaise=True,
                       toolTip=self.tr("Clear this filter"))
        button.setAccessibleName(self.tr("Clear the tag filter"))
        button.clicked.connect(self.cleared)
        layout.addWidget(self.label, 1)
        layout.addWidget(button)
        self.hide()

    def show_filter(self, text: str | None) -> None:
        self.label.setText(text or "")
        self.setVisible(bool(text))


class LibraryPanel(QWidget):
    """The posts of the library, narrowed as the author types; emits the post picked."""

    postActivated = Signal(Path)
    watchStarted = Signal()  # the folders are watched from now on (look at the open post)
    contextAction = Signal(str)  # the name of an action picked in the context menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library: Library | None = None
        self.model = PostListModel(self)
        self.proxy = PostFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.watcher = LibraryWatcher(self)
        self.watcher.changed.connect(lambda _paths: self.reload())
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self._menu_actions: list[QAction | None] = []
        self._shown_path: Path | None = None
        self._ranked = False  # the list shows a search's best matches first
        self._sort_chosen_in_search = False
        self._build()
        self.set_sort(0)

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)
        self.search = QLineEdit(placeholderText=self.tr("Search posts"), clearButtonEnabled=True)
        self.search.setAccessibleName(self.tr("Search posts"))
        self.search.setAccessibleDescription(
            self.tr("By title, text and tags; Enter opens the first"))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._open_first)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.search.clear)
        layout.addWidget(self.search)
        layout.addLayout(self._build_combos())
        self.chip = FilterChip()
        self.chip.cleared.connect(self.clear_tag_filters)
        layout.addWidget(self.chip)
        layout.addWidget(self._build_view(), 1)
        self.count_label = props(QLabel(), objectName="postCount")
        self.count_label.setContentsMargins(4, 0, 0, 4)
        layout.addWidget(self.count_label)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)

    def _build_combos(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status_combo = props(QComboBox(), toolTip=self.tr("Show posts of one status"))
        self.status_combo.setAccessibleName(self.tr("Show posts of status"))
        for label, status in STATUS_CHOICES:
            self.status_combo.addItem(translate("LibraryPanel", label), status)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.sort_combo = props(QComboBox(), toolTip=self.tr("Sort order"))
        self.sort_combo.setAccessibleName(self.tr("Sort posts by"))
        for label, _key, _desc in SORT_CHOICES:
            self.sort_combo.addItem(translate("LibraryPanel", label))
        self.sort_combo.currentIndexChanged.connect(self.set_sort)
        row.addWidget(self.status_combo, 1)
        row.addWidget(self.sort_combo, 1)
        return row

    def _build_view(self) -> PostListView:
        self.view = props(PostListView(), objectName="postList")
        self.view.setAccessibleName(self.tr("Posts"))
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(PostDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.activated.connect(self._activate)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        return self.view

    def set_context_actions(self, actions: list[QAction | None]) -> None:
        """The actions of the context menu (None is a separator)."""
        self._menu_actions = actions

    # -- library ----------------------------------------------------------------------------------
    def set_library(self, library: Library | None) -> None:
        previous, self.library = self.library, library
        if library is None or previous is None or previous.root != library.root:
            # another blog: a search or a tag of the last one would show it empty
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.run_search()  # no search: all posts, in the chosen sort, without snippets
            self.clear_tag_filters()
        self.watcher.stop()
        self.model.set_entries([])
        self.reload()
        # watching thousands of files takes a while: start after the window is drawn
        QTimer.singleShot(WATCH_START_MS, self, lambda: self._start_watching(library))

    def stop_watching(self) -> None:
        """Stop watching for good (the window closes): a deferred start does nothing either."""
        self.library = None
        self.watcher.stop()

    def watch_again(self) -> None:
        """Watch the folders of the posts listed now (the library's site changed)."""
        self._start_watching(self.library)

    def _start_watching(self, library: Library | None) -> None:
        if library is not None and library is self.library:
            self.watcher.watch(library, self.model.entries())
            self.watchStarted.emit()

    def reload(self) -> None:
        """Re-read the list from the library (after a save, a rename or a change on disk)."""
        entries = self.library.posts(Query()) if self.library else []
        self.model.set_entries(entries)
        if self.search.text().strip():
            self.run_search()
        self._update_count()

    def refresh_entries(self, paths: Sequence[Path]) -> None:
        """Update only these files' rows (after a save: cheap in a big library)."""
        if self.library is None:
            return
        for path in paths:
            entry = self.library.get(path)
            if entry is None:
                self.model.remove_path(path)
            else:
                self.model.upsert(entry)
        self._update_count()

    # -- filters ----------------------------------------------------------------------------------
    def run_search(self) -> None:
        """Full-text search through the library's index (called after a short pause in typing)."""
        text = self.search.text().strip()
        # the matches are filtered once: by the rows' moving into the new order, else here
        if not text or self.library is None:
            self.proxy.set_matches(None, refilter=False)
            self._ranked = self._sort_chosen_in_search = False
            moved = self.model.set_ranking(None, None)  # back to the chosen sort
        else:
            found = self.library.search(text)  # unranked when it is in most of the library
            self.proxy.set_matches(found.paths, refilter=False)
            # best match first (unless a sort was picked during this search), with snippets
            self._ranked = found.ranked and not self._sort_chosen_in_search
            library = self.library
            moved = self.model.set_ranking(found.paths if self._ranked else None,
                                           lambda path: self._snippets_from(library, text, path))
        if not moved:
            self.proxy.refilter()
        self.view.viewport().update()  # the snippets changed (the model does not say so)
        self._update_count()

    def _snippets_from(self, library: Library, text: str, path: Path) -> dict[Path, str]:
        """Snippets for ``path`` and the rows shown after it: one query per screenful."""
        row = self.proxy.row_of(path)
        paths = [path]
        if row >= 0:
            last = min(row + SNIPPET_BATCH, self.proxy.rowCount())
            paths += [p for r in range(row + 1, last) if (p := self.proxy.path_at(r))]
        return library.snippets(text, paths=paths)

    def _status_changed(self, index: int) -> None:
        self.proxy.set_status(self.status_combo.itemData(index))
        self._update_count()

    def set_status(self, status: Status | None) -> None:
        index = self.status_combo.findData(status)
        self.status_combo.setCurrentIndex(max(0, index))

    def set_sort(self, index: int) -> None:
        _label, key, descending = SORT_CHOICES[index]
        self.proxy.set_sort(key, descending)
        if self._ranked:  # picked during a search: that order, until the search is cleared
            self._ranked, self._sort_chosen_in_search = False, True
            self.model.set_ranking(None, self.model.snippet_source())
            self.view.viewport().update()

    def filter_tag(self, tag: str) -> None:
        self.proxy.set_category(None)
        self.proxy.set_tag(tag)
        self.chip.show_filter(self.tr("Tag: {0}").format(tag))
        self._update_count()

    def filter_category(self, category: str) -> None:
        self.proxy.set_tag(None)
        self.proxy.set_category(category)
        self.chip.show_filter(self.tr("Category: {0}").format(category))
        self._update_count()

    def clear_tag_filters(self) -> None:
        self.proxy.set_tag(None)
        self.proxy.set_category(None)
        self.chip.show_filter(None)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = plural(total, self.tr("%n post", "", total), self.tr("%n posts", "", total))
        else:
            text = plural(total, self.tr("{0} of %n post", "", total),
                          self.tr("{0} of %n posts", "", total)).format(shown)
        self.count_label.setText(text)

        # a filter may have moved the current row: keep it on the open post (or on nothing)
        current = self.view.currentIndex()
        current_path = self.proxy.path_at(current.row()) if current.isValid() else None
        if current_path != self._shown_path:
            self.select_path(self._shown_path)

    # -- selection --------------------------------------------------------------------------------

    def visible_paths(self) -> list[Path]:
        return [p for row in range(self.proxy.rowCount()) if (p := self.proxy.path_at(row))]

    def select_path(self, path: Path | None) -> bool:
        """Select a post in the list without opening it; False when it is not shown.
        The post stays the one to select again when a filter hides it for a while."""
        self._shown_path = path
        row = self.proxy.row_of(path) if path is not None else -1
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        try:
            if row < 0:
                self.view.clearSelection()
                selection.setCurrentIndex(QModelIndex(), selection.SelectionFlag.Clear)
                return False
            index = self.proxy.index(row, 0)
            selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect)
            self.view.scrollTo(index)
            return True
        finally:
            selection.blockSignals(False)
            self.view.viewport().update()

    def neighbour(self, path: Path | None, step: int) -> Path | None:
        """The post ``step`` rows away from ``path`` in the list as shown (clamped)."""
        paths = self.visible_paths()
        if not paths:
            return None
        if path not in paths:
            return paths[0]
        index = min(max(paths.index(path) + step, 0), len(paths) - 1)
        return paths[index]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.view.user_action:
            self._activate(current)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            path = self.proxy.path_at(index.row())
            if path is not None:
                self.postActivated.emit(path)

    def _open_first(self) -> None:
        if self.proxy.rowCount():
            self.view.setFocus()
            self.view.run_as_user(lambda: self.view.setCurrentIndex(self.proxy.index(0, 0)))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            # opens it (asking about unsaved changes first)
            self.view.run_as_user(lambda: self.view.setCurrentIndex(index))
        menu = QMenu(self)
        for action in self._menu_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(pos))
