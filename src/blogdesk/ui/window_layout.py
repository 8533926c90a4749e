"""The main window's layout: the middle (the welcome screen, or the editor column beside the
preview), the docks around it, and the geometry and pane state kept between sessions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from blogdesk.core.writing_session import WritingSession
from blogdesk.ui.i18n import translate
from blogdesk.ui.widgets import dialogs
from blogdesk.ui.widgets.dialogs import props
from blogdesk.ui.widgets.library_panel import LibraryPanel
from blogdesk.ui.widgets.notice_bar import NoticeBar
from blogdesk.ui.widgets.outline import OutlineView
from blogdesk.ui.widgets.post_panel import PostPanel
from blogdesk.ui.widgets.tags_panel import TagsPanel

if TYPE_CHECKING:
    from blogdesk.ui.main_window import MainWindow
    from blogdesk.ui.settings import AppSettings
    from blogdesk.ui.widgets.statistics_panel import StatisticsPanel


class CenterStack(QStackedWidget):
    """The welcome screen, or the notice bar and editor beside the preview (a placeholder until
    the preview is built after the first paint)."""

    def __init__(self, editor_pane: QWidget) -> None:
        super().__init__()
        self.splitter = props(QSplitter(Qt.Orientation.Horizontal), objectName="centerSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.notice_bar = NoticeBar()  # problems with the open post, above the editor
        self.editor_column = props(QWidget(), objectName="editorColumn")
        column = QVBoxLayout(self.editor_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice_bar)
        column.addWidget(editor_pane, 1)
        self.splitter.addWidget(self.editor_column)
        self.preview_slot = props(QLabel(self.tr("Preparing the preview…")),
                                  objectName="previewPlaceholder",
                                  alignment=Qt.AlignmentFlag.AlignCenter)
        self.splitter.addWidget(self.preview_slot)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([10_000, 10_000])  # half and half until a saved state says else
        self.welcome = dialogs.WelcomeScreen(QApplication.windowIcon())
        self.addWidget(self.welcome)
        self.addWidget(self.splitter)

    def put_preview(self, pane: QWidget) -> None:
        """The real preview in place of the placeholder, at the same size."""
        sizes = self.splitter.sizes()
        self.splitter.replaceWidget(1, pane)
        self.preview_slot.deleteLater()
        self.splitter.setSizes(sizes)


class _BuiltOnShow(QWidget):
    """An empty dock's content that builds the real one when the dock first shows."""

    def __init__(self, build: Callable[[], object]) -> None:
        super().__init__()
        self._build: Callable[[], object] | None = build

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        build, self._build = self._build, None
        if build is not None:
            QTimer.singleShot(0, build)  # not inside this widget's own show: it is replaced


class Docks:
    """The library on the left; the post panel, tags and outline on the right."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.library_panel = LibraryPanel()
        self.library = self._dock(translate("Docks", "Library"), "libraryDock",
                                  self.library_panel, left)
        self.post_panel = PostPanel()
        self.post = self._dock(translate("Docks", "Post"), "postDock", self.post_panel, right)
        self.tags_panel = TagsPanel()
        self.tags = self._dock(translate("Docks", "Tags"), "tagsDock", self.tags_panel, right)
        self.outline_view = OutlineView()
        self.outline_view.setAccessibleName(translate("Docks", "Outline"))
        self.outline_view.setAccessibleDescription(
            translate("Docks", "The post's headings; Enter goes there"))
        self.outline = self._dock(translate("Docks", "Outline"), "outlineDock",
                                  self.outline_view, right)
        # the statistics panel is built when its dock first shows (it starts hidden)
        self.writing_session = WritingSession()
        self.built_statistics: StatisticsPanel | None = None
        self.statistics_built: list[Callable[[StatisticsPanel], None]] = []
        self.statistics = self._dock(translate("Docks", "Statistics"), "statisticsDock",
                                     _BuiltOnShow(lambda: self.statistics_panel), right)
        # the outline has a dock area of its own, behind the post panel (tags stay below)
        window.tabifyDockWidget(self.post, self.outline)
        window.tabifyDockWidget(self.outline, self.statistics)
        self.statistics.hide()  # View ▸ Statistics Panel shows it
        self.post.raise_()
        # first-run sizes (a saved layout replaces them): at 1280x800 the library shows its
        # titles in full, and the tags below the post panel
        window.resizeDocks([self.library, self.post], [330, 300], Qt.Orientation.Horizontal)
        window.resizeDocks([self.post, self.tags], [560, 200], Qt.Orientation.Vertical)
        self._hidden: list[QDockWidget] | None = None  # hidden while the welcome shows

    @property
    def statistics_panel(self) -> StatisticsPanel:
        """The statistics panel, built on first use: its dock is hidden until View ▸ Statistics
        Panel (or a saved layout) shows it, so the first paint needs none of it."""
        if self.built_statistics is None:
            from blogdesk.ui.widgets.statistics_panel import StatisticsPanel

            panel = StatisticsPanel(self.writing_session)
            self.built_statistics = panel
            for ready in self.statistics_built:  # its source and settings, before it shows
                ready(panel)
            placeholder = self.statistics.widget()
            self.statistics.setWidget(panel)
            if self.statistics.isVisible():  # a widget put in a shown dock is shown by hand
                panel.show()
            placeholder.deleteLater()
        return self.built_statistics

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = props(QDockWidget(title, self.window), objectName=name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.window.addDockWidget(area, dock)
        return dock

    def all(self) -> tuple[QDockWidget, ...]:
        return (self.library, self.post, self.tags, self.outline, self.statistics)

    def toggles(self) -> list[QAction]:
        """View ▸ … Panel, with Ctrl+Alt+L, P, T, O, S."""
        toggles = []
        for key, dock in zip("LPTOS", self.all(), strict=True):
            action = dock.toggleViewAction()
            action.setText(translate("Docks", "{0} Panel").format(dock.windowTitle()))
            action.setShortcut(f"Ctrl+Alt+{key}")
            toggles.append(action)
        return toggles

    @property
    def hidden_for_welcome(self) -> bool:
        return self._hidden is not None

    def hide_for_welcome(self, hidden: bool) -> None:
        """The welcome screen shows no docks; they come back as they were."""
        if hidden and self._hidden is None:
            self._hidden = [dock for dock in self.all() if not dock.isHidden()]
            for dock in self._hidden:
                dock.hide()
        elif not hidden and self._hidden is not None:
            for dock in self._hidden:
                dock.show()
            self._hidden = None


def default_size(window: QMainWindow) -> None:
    """1440x900, or less on a small screen (a saved geometry replaces it)."""
    screen = QApplication.primaryScreen()
    if screen is None:
        window.resize(1440, 900)
        return
    area = screen.availableGeometry()
    window.resize(min(1440, int(area.width() * 0.9)), min(900, int(area.height() * 0.9)))


def restore_state(window: MainWindow, settings: AppSettings) -> None:
    """Geometry, docks, splitter sizes and the visible panes of the last session."""
    for key, restore in (("geometry", window.restoreGeometry), ("docks", window.restoreState),
                         ("splitter", window.splitter.restoreState)):
        state = settings.window_state(key)
        if state is not None:
            restore(state)
    if not window.docks.statistics.isHidden():  # left open: part of the first paint
        window.docks.statistics_panel  # noqa: B018 (builds it)
    window.acts["toggle_editor"].setChecked(settings.pane_visible("editor"))
    window.acts["toggle_preview"].setChecked(settings.pane_visible("preview"))


def save_state(window: MainWindow, settings: AppSettings) -> None:
    settings.set_window_state("geometry", QByteArray(window.saveGeometry()))
    if not window.docks.hidden_for_welcome:  # not the welcome screen's layout
        settings.set_window_state("docks", QByteArray(window.saveState()))
    settings.set_window_state("splitter", QByteArray(window.splitter.saveState()))
    settings.set_pane_visible("editor", window.acts["toggle_editor"].isChecked())
    settings.set_pane_visible("preview", window.acts["toggle_preview"].isChecked())
    settings.sync()
