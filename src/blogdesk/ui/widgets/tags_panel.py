"""The tags panel: every tag and category with its number of posts; rename and merge tags."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from blogdesk.core.library import Library
from blogdesk.ui.models import KindRole, NameRole, TagTreeModel
from blogdesk.ui.widgets.dialogs import props

AnyIndex = QModelIndex | QPersistentModelIndex


class TagDelegate(QStyledItemDelegate):
    """Airier rows, and the numbers of posts in a quieter colour."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 6)

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        if index.column() == 1:
            palette = option.palette  # type: ignore[attr-defined]
            palette.setColor(
                QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.PlaceholderText)
            )


class TagsPanel(QWidget):
    """A tree of tags and categories; a click filters the library list."""

    tagActivated = Signal(str)
    categoryActivated = Signal(str)
    filterCleared = Signal()  # a group heading was clicked: show every post again
    renameRequested = Signal(str)  # a tag
    mergeRequested = Signal(list)  # list[str]: tags to merge (the first is the suggested target)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TagTreeModel(self)
        self.view = props(QTreeView(), objectName="tagTree")
        self.view.setAccessibleName(self.tr("Tags"))
        self.view.setAccessibleDescription(self.tr("Choosing a tag filters the posts"))
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(True)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHeaderHidden(True)
        self.view.setItemDelegate(TagDelegate(self.view))
        self.view.setIndentation(14)
        self.view.header().setStretchLastSection(False)
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)  # Enter, as a click: keyboard users too
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_library(self, library: Library | None) -> None:
        """Show the library's tags and categories (call again after changes)."""
        if library is None:
            self.model.set_counts([], [])
            return
        self.model.set_counts(library.tags(), library.categories(), library.near_duplicate_tags())
        self.view.expandAll()

    def _clicked(self, index: QModelIndex) -> None:
        kind, name = index.data(KindRole), index.data(NameRole)
        if kind == "tag":
            self.tagActivated.emit(name)
        elif kind == "category":
            self.categoryActivated.emit(name)
        elif kind == "group":
            self.filterCleared.emit()

    def selected_tags(self) -> list[str]:
        names = []
        for index in self.view.selectionModel().selectedRows(0):
            if index.data(KindRole) == "tag" and index.data(NameRole) not in names:
                names.append(index.data(NameRole))
        return names

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid() or index.data(KindRole) != "tag":
            return
        tag = index.data(NameRole)
        selected = self.selected_tags()
        if tag not in selected:
            self.view.setCurrentIndex(index.siblingAtColumn(0))
            selected = [tag]
        menu = QMenu(self)
        menu.addAction(self.tr("Rename “{0}”…").format(tag), lambda: self.renameRequested.emit(tag))
        if len(selected) > 1:
            menu.addAction(
                self.tr("Merge {0} Tags…").format(len(selected)),
                lambda: self.mergeRequested.emit([tag, *[t for t in selected if t != tag]]),
            )
        else:
            menu.addAction(self.tr("Merge into Another Tag…"),
                           lambda: self.mergeRequested.emit([tag]))
        menu.addSeparator()
        menu.addAction(self.tr("Show Posts with This Tag"), lambda: self.tagActivated.emit(tag))
        menu.exec(self.view.viewport().mapToGlobal(pos))
