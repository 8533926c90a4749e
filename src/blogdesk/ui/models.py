"""Item models of the library: the posts (a table with a sort/filter proxy) and the tag tree."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel

from blogdesk.core.post import Status
from blogdesk.core.post_entry import PostEntry
from blogdesk.ui.i18n import QT_TRANSLATE_NOOP, translate

EntryRole = Qt.ItemDataRole.UserRole + 1
PathRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
KindRole = Qt.ItemDataRole.UserRole + 4  # tag tree: "tag" | "category" | "group"
NameRole = Qt.ItemDataRole.UserRole + 5  # tag tree: the tag or category itself
SnippetRole = Qt.ItemDataRole.UserRole + 6  # post list while searching: the words matched

COLUMNS = (
    QT_TRANSLATE_NOOP("PostListModel", "Title"),
    QT_TRANSLATE_NOOP("PostListModel", "Date"),
    QT_TRANSLATE_NOOP("PostListModel", "Status"),
    QT_TRANSLATE_NOOP("PostListModel", "Reading"),
    QT_TRANSLATE_NOOP("PostListModel", "Tags"),
)
TITLE, DATE, STATUS, READING, TAGS = range(len(COLUMNS))
SORTS = {"date": DATE, "updated": DATE, "title": TITLE, "reading": READING}

AnyIndex = QModelIndex | QPersistentModelIndex
# Snippets for a row's post and maybe the rows after it (one query for a screenful).
SnippetSource = Callable[[Path], dict[Path, str]]
RESET_FROM = 50  # more rows gone than this: reset the model instead of removing row by row


def format_date(value: datetime | None) -> str:
    """ "Feb 14, 2026" whatever the locale, like the published page's meta line."""
    if value is None:
        return translate("PostListModel", "No date")
    return f"{value:%b} {value.day}, {value.year}"


def entry_title(entry: PostEntry) -> str:
    return entry.title.strip() or entry.path.stem


def entry_subtitle(entry: PostEntry) -> str:
    """The second line of a row: "Feb 14, 2026 · 6 min"."""
    if entry.error:
        return translate("PostListModel", "Cannot be read")
    when = format_date(entry.date)
    return translate("PostListModel", "{0} · {1} min").format(when, entry.minutes)


def sort_key(name: str) -> Callable[[PostEntry], tuple[Any, ...]]:
    """The key that orders posts by one of SORTS (ties by title, then file)."""

    def by_title(e: PostEntry) -> tuple[Any, ...]:
        return (entry_title(e).casefold(), str(e.path))

    def by_reading(e: PostEntry) -> tuple[Any, ...]:
        return (e.words, *by_title(e))

    def by_date(e: PostEntry) -> tuple[Any, ...]:
        # posts without a date sort as the oldest; compare as text so naive and aware mix
        return (e.date.isoformat() if e.date else "", *by_title(e))

    def by_updated(e: PostEntry) -> tuple[Any, ...]:
        value = e.updated or e.date
        return (value.isoformat() if value else "", *by_title(e))

    keys = {"title": by_title, "reading": by_reading, "date": by_date, "updated": by_updated}
    return keys.get(name, by_date)


class PostListModel(QAbstractTableModel):
    """One row per post of the library; updates keep rows (and the selection) in place."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[PostEntry] = []
        self._rows: dict[Path, int] = {}
        self._order = ("date", True)
        self._ranking: dict[Path, int] | None = None  # a search's order, best match first
        self._snippets: dict[Path, str] = {}  # fetched so far ("" for none)
        self._fetch_snippets: SnippetSource | None = None
        # Goes up at each change of the rows (what a filter proxy's table of rows follows).
        self.version = 0

    # -- Qt model interface -----------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.error or str(entry.path)
        if role == EntryRole:
            return entry
        if role == PathRole:
            return str(entry.path)
        if role == SortRole:
            return self._sort_key(entry, index.column())
        if role == SnippetRole:
            return self._snippet(entry.path)
        return None

    def _snippet(self, path: Path) -> str | None:
        """A search's words around the match: asked for as rows are drawn, so a search shows
        its first screen without making a snippet for every match."""
        if path not in self._snippets and self._fetch_snippets is not None:
            self._snippets.update(self._fetch_snippets(path))
            self._snippets.setdefault(path, "")
        return self._snippets.get(path) or None

    @staticmethod
    def _display(entry: PostEntry, column: int) -> str:
        if column == TITLE:
            return entry_title(entry)
        if column == DATE:
            return format_date(entry.date)
        if column == STATUS:
            return "error" if entry.error else entry.status.value
        if column == READING:
            return f"{entry.minutes} min"
        return ", ".join(entry.tags)

    @staticmethod
    def _sort_key(entry: PostEntry, column: int) -> Any:
        if column == TITLE:
            return entry_title(entry).casefold()
        if column == DATE:
            return entry.date.isoformat() if entry.date else ""
        if column == READING:
            return entry.words
        return PostListModel._display(entry, column)

    # -- contents ---------------------------------------------------------------------------------
    def entries(self) -> list[PostEntry]:
        return list(self._entries)

    def rows_now(self) -> Sequence[PostEntry]:
        """The entries in row order, not copied: read them before the model changes again."""
        return self._entries

    def row_of(self, path: Path) -> int:
        return self._rows.get(path, -1)

    def rows_of(self, paths: Iterable[Path]) -> list[int]:
        """The rows of those of ``paths`` that are listed, in no particular order."""
        return [row for row in map(self._rows.get, paths) if row is not None]

    def entry(self, row: int) -> PostEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def set_entries(self, entries: Sequence[PostEntry]) -> None:
        """Replace the contents: removed rows go, changed rows update, new rows are added,
        then the rows are put in order (persistent indexes, so the selection, follow)."""
        new = {e.path: e for e in entries}
        gone = sum(1 for e in self._entries if e.path not in new)
        if gone > RESET_FROM or not self._entries:
            self._reset(list(entries))  # a new library, or a big change: one reset
            return
        self._remove_missing(new)
        self._update_existing(new)
        self._append_new([e for e in entries if e.path not in self._rows])
        self._sort()

    def _reset(self, entries: list[PostEntry]) -> None:
        self.beginResetModel()
        self._entries = sorted(entries, key=sort_key(self._order[0]), reverse=self._order[1])
        self._reindex()
        self.endResetModel()

    def upsert(self, entry: PostEntry) -> None:
        """Update one post's row, or add it."""
        row = self._rows.get(entry.path, -1)
        if row < 0:
            self._append_new([entry])
        elif self._entries[row] is not entry:
            changed = self._entries[row] != entry
            self._entries[row] = entry  # equal or not: the library's object, not a copy
            del self._rows[entry.path]  # the old entry's path as the key goes too
            self._rows[entry.path] = row
            if changed:
                self.version += 1
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        self._sort()

    def set_order(self, name: str, descending: bool) -> None:
        """Sort by "date", "updated", "title" or "reading". Sorting here, with a key function,
        is far faster than a proxy calling a Python lessThan for each comparison."""
        self._order = (name if name in SORTS else "date", descending)
        self._sort()

    def set_ranking(self, paths: Sequence[Path] | None, snippets: SnippetSource | None) -> bool:
        """A search's matches, best first, and where the words matched in each come from: the
        rows take that order (None: the chosen order) and show the snippets (None: none).
        True when rows moved (a layout change, which makes a filter proxy filter again).
        The caller repaints its view: a dataChanged for every row would make a filter proxy
        filter them all again (it does, whatever the role), the costliest part of a search.
        """
        unranked = paths is None and self._ranking is None  # the rows are in order already
        self._ranking = None if paths is None else {p: n for n, p in enumerate(paths)}
        if snippets is not self._fetch_snippets:
            self._snippets, self._fetch_snippets = {}, snippets
        return False if unranked else self._sort()

    def snippet_source(self) -> SnippetSource | None:
        return self._fetch_snippets

    def _sort(self) -> bool:
        name, descending = self._order
        ranking = self._ranking
        if ranking is not None:  # the matches by rank, then the others as they were (no sort)
            entries, rows = self._entries, self._rows
            ordered = [entries[rows[p]] for p in ranking if p in rows]
            taken = set(map(id, ordered))  # by identity: hashing 10,000 Paths costs more
            ordered += [e for e in entries if id(e) not in taken]
        else:
            ordered = sorted(self._entries, key=sort_key(name), reverse=descending)
        if len(ordered) == len(self._entries) and all(map(operator.is_, ordered, self._entries)):
            return False  # the same entries in the same order (by identity: Path's == is slow)
        self.layoutAboutToBeChanged.emit()
        old_paths = [e.path for e in self._entries]
        self._entries = ordered
        self._reindex()
        old = self.persistentIndexList()
        new = [self.index(self._rows[old_paths[i.row()]], i.column()) for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
        return True

    def remove_path(self, path: Path) -> None:
        row = self._rows.get(path, -1)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._entries[row]
            self._reindex()
            self.endRemoveRows()

    def _remove_missing(self, new: dict[Path, PostEntry]) -> None:
        removed = False
        for row in range(len(self._entries) - 1, -1, -1):
            if self._entries[row].path not in new:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._entries[row]
                self.version += 1
                self.endRemoveRows()
                removed = True
        if removed:  # else the rows, and a filter's table of them, are as they were
            self._reindex()

    def _update_existing(self, new: dict[Path, PostEntry]) -> None:
        for row, old in enumerate(self._entries):
            fresh = new[old.path]
            if fresh is old:
                continue
            # An equal entry is taken too: the library keeps the new one, and holding the old
            # would keep two copies of every post (10,000 posts: about 7 MiB).
            self._entries[row] = fresh
            if fresh != old:
                self.version += 1
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        # keyed by the rows' own paths (an old entry's path would stay alive as a key)
        self._rows = {e.path: row for row, e in enumerate(self._entries)}

    def _append_new(self, added: list[PostEntry]) -> None:
        if not added:
            return
        first = len(self._entries)
        self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
        self._entries.extend(added)
        self._reindex()
        self.endInsertRows()

    def _reindex(self) -> None:
        self._rows = {e.path: row for row, e in enumerate(self._entries)}
        self.version += 1


class PostFilterModel(QSortFilterProxyModel):
    """Narrows the posts by status, tag, category and a full-text match (the source model
    keeps them in order)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status: Status | None = None
        self._tag: str | None = None
        self._category: str | None = None
        self._matches: frozenset[Path] | None = None  # None: no text search
        self._only_matches = True  # no status, tag, category or extra filter
        self._extra: dict[str, Callable[[PostEntry], bool]] = {}  # a feature's own tests
        self._source: PostListModel | None = None
        # Which source rows pass, worked out in one pass for the source's version: Qt asks for
        # each row, and a lookup is a third of what testing an entry cost here. No table: the
        # version is -1 (a source's starts at 0).
        self._table: list[bool] | None = None
        self._table_version = -1
        self._held: tuple[list[bool], int] | None = None  # the table Qt filtered with last
        self.setDynamicSortFilter(True)

    def _refilter(self, name: str, value: Any) -> None:
        """Set a filter and test the rows again in one pass; Qt filters its rows again (a
        call into Python for each of them) only when some row's answer changed."""
        setattr(self, name, value)
        self._only_matches = (self._status is None and self._tag is None
                              and self._category is None and not self._extra)
        source = self._source
        if source is None:
            self.beginFilterChange()
            self._drop_table()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            return
        old, old_version = self._table, self._table_version
        if old is None and self._held is not None:  # set_matches(..., refilter=False)
            old, old_version = self._held
        table = self._make_table(source)
        if old == table and old_version == source.version:
            return  # the same rows pass (a search matching every post, after no search)
        # Qt may ask for rows in beginFilterChange, with the filter as it was: the old table
        self._table, self._table_version = old, old_version
        self.beginFilterChange()
        self._table, self._table_version = table, source.version
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_extra_filter(self, name: str, test: Callable[[PostEntry], bool] | None) -> None:
        """One more test a post must pass to be shown, kept under ``name`` (a feature's own,
        such as the git state), besides the filters here; None removes it. Setting it again
        tests every row again (call it when what ``test`` answers changed)."""
        if test is None and name not in self._extra:
            return  # nothing to remove: the rows stay as they are
        extra = dict(self._extra)
        if test is None:
            extra.pop(name, None)
        else:
            extra[name] = test
        self._refilter("_extra", extra)

    def set_status(self, status: Status | None) -> None:
        self._refilter("_status", status)

    def set_tag(self, tag: str | None) -> None:
        self._refilter("_tag", tag)

    def set_category(self, category: str | None) -> None:
        self._refilter("_category", category)

    def set_matches(self, paths: Sequence[Path] | None, refilter: bool = True) -> None:
        """The posts a full-text search found, or None to show all. ``refilter=False`` when
        the source's rows move next (their layout change filters them again): one pass over
        10,000 rows costs about 16 ms of calls into Python, so a search makes only one."""
        matches = None if paths is None else frozenset(paths)
        if refilter:
            self._refilter("_matches", matches)
        else:
            if self._table is not None:  # what Qt shows: refilter() compares with it
                self._held = (self._table, self._table_version)
            self._matches = matches
            self._drop_table()

    def refilter(self) -> None:
        """Filter every row again (after ``set_matches(..., refilter=False)``, when the rows
        did not move after all)."""
        self._refilter("_matches", self._matches)

    @property
    def filters(self) -> dict[str, Any]:
        return {
            "status": self._status,
            "tag": self._tag,
            "category": self._category,
            "search": self._matches is not None,
        }

    def set_sort(self, name: str, descending: bool) -> None:
        source = self.sourceModel()
        if isinstance(source, PostListModel):
            source.set_order(name, descending)

    def setSourceModel(self, model: Any) -> None:
        self._drop_table()
        self._held = None
        # before Qt's setSourceModel, which may ask for the new source's rows
        self._source = model if isinstance(model, PostListModel) else None
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        # Called for each of the source's rows after each change (10,000 a search): a table
        # of the source's version has a row for each of its rows, so the lookup is all.
        try:
            if self._table_version == self._source.version:  # type: ignore[union-attr]
                return self._table[source_row]  # type: ignore[index]
        except AttributeError:  # no source
            return False
        return self._accepts_row(source_row)

    def _accepts_row(self, source_row: int) -> bool:
        source = self._source
        if source is None:
            return False
        table = self._make_table(source)
        return 0 <= source_row < len(table) and table[source_row]

    def _drop_table(self) -> None:
        self._table, self._table_version = None, -1  # no source's version is -1

    def _make_table(self, source: PostListModel) -> list[bool]:
        entries = source.rows_now()
        matches = self._matches
        if not self._only_matches:
            accepts = self.accepts
            table = [accepts(entry) for entry in entries]
        elif matches is None:
            table = [True] * len(entries)
        else:  # by the matches' rows: as many lookups as matches (a rare word: a few)
            table = [False] * len(entries)
            for row in source.rows_of(matches):
                table[row] = True
        self._table, self._table_version = table, source.version
        self._held = None
        return table

    def accepts(self, entry: PostEntry) -> bool:
        if self._status is not None and (entry.error or entry.status != self._status):
            return False
        if self._tag is not None and not _has(entry.tags, self._tag):
            return False
        if self._category is not None and not _has(entry.categories, self._category):
            return False
        if self._matches is not None and entry.path not in self._matches:
            return False
        return all(test(entry) for test in self._extra.values())

    def path_at(self, row: int) -> Path | None:
        value = self.index(row, 0).data(PathRole)
        return Path(value) if value else None

    def row_of(self, path: Path) -> int:
        source = self.sourceModel()
        if not isinstance(source, PostListModel):
            return -1
        row = source.row_of(path)
        if row < 0:
            return -1
        return self.mapFromSource(source.index(row, 0)).row()


def _has(values: Sequence[str], wanted: str) -> bool:
    wanted = wanted.casefold()
    return any(v.casefold() == wanted for v in values)


class TagTreeModel(QStandardItemModel):
    """Two groups, Tags and Categories, each name with its number of posts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Posts")])

    def set_counts(
        self,
        tags: Sequence[tuple[str, int]],
        categories: Sequence[tuple[str, int]],
        near_duplicates: Sequence[Sequence[str]] = (),
    ) -> None:
        self.removeRows(0, self.rowCount())
        look_alike = {t: [o for o in group if o != t] for group in near_duplicates for t in group}
        self.appendRow(self._group(self.tr("Tags"), "tag", tags, look_alike))
        self.appendRow(self._group(self.tr("Categories"), "category", categories, {}))

    @staticmethod
    def _group(
        title: str, kind: str, counts: Sequence[tuple[str, int]], look_alike: dict[str, list[str]]
    ) -> list[QStandardItem]:
        head = QStandardItem(f"{title}")
        head.setData("group", KindRole)
        head.setData(kind, NameRole)
        head.setEditable(False)
        head.setSelectable(False)
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        total = QStandardItem(str(len(counts)))
        total.setEditable(False)
        total.setSelectable(False)
        for name, count in counts:
            head.appendRow(TagTreeModel._row(kind, name, count, look_alike.get(name, [])))
        return [head, total]

    @staticmethod
    def _row(kind: str, name: str, count: int, similar: list[str]) -> list[QStandardItem]:
        item = QStandardItem(name)
        item.setData(kind, KindRole)
        item.setData(name, NameRole)
        item.setEditable(False)
        number = QStandardItem(str(count))
        number.setEditable(False)
        number.setData(kind, KindRole)
        number.setData(name, NameRole)
        number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if similar:
            item.setToolTip(translate(
                "TagTreeModel", "Looks like: {0}. Merge them from the context menu."
            ).format(", ".join(similar)))
            item.setText(f"{name}  ≈")
        return [item, number]
