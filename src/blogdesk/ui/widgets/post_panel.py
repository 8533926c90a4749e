"""The post panel: typed fields for the front matter, and the raw front matter for other keys.

Every edit is reported as one field set or removed; the controller applies it losslessly (only
that field's lines change). Fields keep the key the file already uses (``lastmod``, ``description``,
``published: false``...) and the shape of its value (a list stays a list, a string a string).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFontDatabase, QKeyEvent, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from blogdesk.core.post import Post, slugify
from blogdesk.core.postfile import PostFile
from blogdesk.ui.i18n import QT_TRANSLATE_NOOP, translate
from blogdesk.ui.widgets.dialogs import HintLabel, props, tab_order

if TYPE_CHECKING:
    from blogdesk.core.library import Library
    from blogdesk.core.sites.config import Site

TITLE_LIMIT = 60
SUMMARY_LIMIT = 160
RAW_DELAY_MS = 500
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date", "publishDate", "pubDate", "published"),
    "updated": ("updated", "lastmod", "last_modified_at", "modified"),
    "category": ("category", "categories"),
    "tags": ("tags",),
    "summary": ("summary", "description", "excerpt"),
    "slug": ("slug",),
    "author": ("author",),
    "cover": ("cover", "image", "cover_image"),
}
IMAGE_FILTER = QT_TRANSLATE_NOOP("PostPanel", "Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)")


# -- pure helpers: which key a field uses, and the value to write ----------------------------------
def field_key(metadata: dict[str, Any], name: str) -> str:
    """The key the file already uses for a field, or the field's usual key."""
    for key in ALIASES.get(name, (name,)):
        if key in metadata and not (key == "published" and isinstance(metadata[key], bool)):
            return key
    return ALIASES.get(name, (name,))[0]


def split_list(text: str) -> list[str]:
    """ "a, b ,c" -> ["a", "b", "c"] (empty items dropped, order and duplicates as typed)."""
    return [item.strip() for item in text.split(",") if item.strip()]


def list_value(items: list[str], old: Any) -> Any:
    """A list of tags or categories in the shape the file used: a list, or a string."""
    if isinstance(old, str):
        if "," not in old and all(" " not in i for i in items) and " " in old.strip():
            return " ".join(items)
        return ", ".join(items) if ("," in old or len(items) != 1) else items[0]
    return items


def list_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str):
        return (
            ", ".join(value.replace(",", " ").split())
            if "," not in value
            else ", ".join(split_list(value))
        )
    return "" if value is None else str(value)


def date_value(value: datetime | None, old: Any) -> Any:
    """The value to write for a date field, shaped like the old one (date, text or datetime)."""
    if value is None:
        return None
    value = value.replace(microsecond=0)
    if isinstance(old, datetime) and old.tzinfo is not None:
        return value.astimezone(old.tzinfo)
    if (
        isinstance(old, date)
        and not isinstance(old, datetime)
        and value.time() == datetime.min.time()
    ):
        return value.date()
    if isinstance(old, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", old.strip()) and value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" " if " " in old.strip() else "T")
    return value


def normalize_tag(tag: str) -> str:
    return re.sub(r"[\W_]+", "", tag.casefold())


def near_duplicates(typed: Sequence[str], known: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs (typed, existing) that differ only by case, spaces or punctuation."""
    known_set = set(known)
    by_norm = {normalize_tag(k): k for k in known}
    pairs = []
    for tag in typed:
        match = by_norm.get(normalize_tag(tag))
        if tag not in known_set and match is not None and match != tag:
            pairs.append((tag, match))
    return pairs


def resolve_image(value: str, post_dir: Path | None, root: Path | None) -> Path | None:
    """Where a cover image path points on disk (relative to the post, the library, or static/)."""
    if not value or "://" in value:
        return None
    rel = value.lstrip("/")
    candidates = []
    if post_dir is not None and not value.startswith("/"):
        candidates.append(post_dir / value)
    if root is not None:
        candidates += [
            root / rel,
            root / "static" / rel,
            root.parent / rel,
            root.parent / "static" / rel,
        ]
    return next((c for c in candidates if c.is_file()), None)


def empty_date() -> QDateTime:
    """The value an OptionalDateTimeEdit holds when it is empty (shown as "Not set")."""
    return QDateTime(QDate(1900, 1, 1), QTime(0, 0))


# -- widgets ---------------------------------------------------------------------------------------
class OptionalDateTimeEdit(QWidget):
    """A date and time with a calendar popup, a "Now" button and a way to leave it empty."""

    edited = Signal(object)  # datetime | None

    def __init__(self, name: str = "Date", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.edit = QDateTimeEdit(calendarPopup=True, displayFormat="MMM d, yyyy  HH:mm")
        self.edit.setAccessibleName(name)
        self.edit.setAccessibleDescription(
            self.tr("Empty (Not set) leaves it out of the front matter"))
        self.edit.setMinimumDateTime(empty_date())
        self.edit.setSpecialValueText(self.tr("Not set"))
        self.edit.dateTimeChanged.connect(self._changed)
        now = props(QToolButton(), text=self.tr("Now"),
                    toolTip=self.tr("Set to the current date and time"))
        now.setAccessibleName(self.tr("Set {0} to now").format(name.lower()))
        now.clicked.connect(lambda: self.edit.setDateTime(QDateTime.currentDateTime()))
        clear = props(QToolButton(), text="✕", toolTip=self.tr("Remove this date"), autoRaise=True)
        clear.setAccessibleName(self.tr("Remove {0}").format(name.lower()))
        clear.clicked.connect(lambda: self.edit.setDateTime(empty_date()))
        self.focus_chain = (self.edit, now, clear)  # Tab goes through them in this order
        layout.addWidget(self.edit, 1)
        layout.addWidget(now)
        layout.addWidget(clear)
        self._quiet = False

    def value(self) -> datetime | None:
        current = self.edit.dateTime()
        return None if current == empty_date() else current.toPython()  # type: ignore[return-value]

    def set_value(self, value: datetime | None) -> None:
        self._quiet = True
        try:
            if value is None:
                self.edit.setDateTime(empty_date())
            else:
                local = value.astimezone().replace(tzinfo=None) if value.tzinfo else value
                day = QDate(local.year, local.month, local.day)
                self.edit.setDateTime(QDateTime(day, QTime(local.hour, local.minute, local.second)))
        finally:
            self._quiet = False

    def _changed(self, _value: QDateTime) -> None:
        if not self._quiet:
            self.edited.emit(self.value())


class FlowLayout(QLayout):
    """Lays its items out left to right, wrapping to a new line like words."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        gap = self.spacing()
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            line = max(line, hint.height())
        return y + line - rect.y()


class TagChip(QWidget):
    """One tag as a rounded pill with a remove button; painted from the palette (both themes)."""

    removed = Signal(str)

    def __init__(self, tag: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(0)
        layout.addWidget(QLabel(tag))
        remove = props(QToolButton(), text="×", autoRaise=True,
                       toolTip=self.tr("Remove “{0}”").format(tag))
        remove.setAccessibleName(self.tr("Remove tag {0}").format(tag))
        remove.setObjectName("removeTag")
        remove.clicked.connect(lambda: self.removed.emit(self.tag))
        layout.addWidget(remove)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        radius = self.height() / 2
        painter.drawRoundedRect(self.rect().adjusted(0, 0, -1, -1), radius, radius)


class TagEditor(QWidget):
    """The post's tags as chips, and a field to add more (with completion from the library)."""

    edited = Signal(list)  # list[str]: the tags after the author's change
    typing = Signal(str)  # the text of a tag being typed (for the near-duplicate warning)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tags: list[str] = []
        self.flow = FlowLayout(self)
        self.input = props(QLineEdit(), objectName="tagInput", placeholderText=self.tr("Add a tag"))
        self.input.setAccessibleName(self.tr("Add a tag"))
        self.input.setAccessibleDescription(self.tr("Type a tag and press Enter or a comma"))
        self.input.setMinimumWidth(110)
        self.completer = QCompleter([], self.input)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.input.setCompleter(self.completer)
        # A suggestion picked with the keys or the mouse is added as a tag. The line edit puts
        # the completion in the field after this signal, so the tag is taken a moment later.
        self.completer.activated.connect(
            lambda text: QTimer.singleShot(0, lambda: self._take_completion(text))
        )
        self.input.returnPressed.connect(self.add_typed)
        self.input.textEdited.connect(self._typed)
        self.input.installEventFilter(self)
        self.flow.addWidget(self.input)

    def tags(self) -> list[str]:
        return list(self._tags)

    def text(self) -> str:
        return ", ".join(self._tags)

    def set_known(self, tags: Sequence[str]) -> None:
        self.completer.model().setStringList(list(tags))  # type: ignore[attr-defined]

    def set_tags(self, tags: Sequence[str]) -> None:
        """Show these tags (no signal)."""
        self._tags = list(tags)
        self._rebuild()

    def add_typed(self) -> None:
        """Add what is typed (several tags may be separated by commas)."""
        added = [t for t in split_list(self.input.text()) if t not in self._tags]
        self.input.clear()
        self.typing.emit("")
        if added:
            self._change([*self._tags, *added])

    def _take_completion(self, text: str) -> None:
        self.input.setText(text)
        self.add_typed()

    def remove(self, tag: str) -> None:
        if tag in self._tags:
            self._change([t for t in self._tags if t != tag])

    def _change(self, tags: list[str]) -> None:
        self._tags = tags
        self._rebuild()
        self.edited.emit(self.tags())

    def _typed(self, text: str) -> None:
        if text.endswith(","):
            self.add_typed()
        else:
            self.typing.emit(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        key = event.key() if isinstance(event, QKeyEvent) else None
        if (
            watched is self.input
            and key == Qt.Key.Key_Backspace
            and event.type() == QEvent.Type.KeyPress
            and not self.input.text()
            and self._tags
        ):
            self.remove(self._tags[-1])  # Backspace in the empty field takes the last tag
            return True
        return super().eventFilter(watched, event)

    def _rebuild(self) -> None:
        while self.flow.count() > 1:
            item = self.flow.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.flow.takeAt(0)  # the input goes last again
        for tag in self._tags:
            chip = TagChip(tag, self)
            chip.removed.connect(self.remove)
            self.flow.addWidget(chip)
        self.flow.addWidget(self.input)
        self.updateGeometry()


def _hint(object_name: str) -> HintLabel:
    label = HintLabel(object_name)
    label.hide()
    return label


class PostPanel(QWidget):
    """Shows the current post's front matter as a form; reports each field the author edits."""

    fieldEdited = Signal(str, object)  # key, value
    fieldRemoved = Signal(str)  # key
    rawEdited = Signal(str)  # the whole front matter text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._meta: dict[str, Any] = {}
        self._post_dir: Path | None = None
        self._root: Path | None = None
        self._path: Path | None = None  # the post's file
        self._site: Site | None = None  # the library's site: its folders may make a draft
        self._draft_field = False  # what the front matter says
        self._known_tags: list[str] = []
        self._loading = False
        self._raw_timer = QTimer(self, singleShot=True, interval=RAW_DELAY_MS)
        self._raw_timer.timeout.connect(self._emit_raw)
        self._build()
        self.setEnabled(False)

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(documentMode=True)
        self.tabs.setAccessibleName(self.tr("Front matter"))
        self.tabs.tabBar().setAccessibleName(self.tr("Front matter view"))
        self.tabs.addTab(self._build_form_page(), self.tr("Fields"))
        self.tabs.addTab(self._build_raw_page(), self.tr("Raw"))
        layout.addWidget(self.tabs)
        tab_order(  # top to bottom, as the fields read
            *(self.title, *self.date.focus_chain, *self.updated.focus_chain, self.summary),
            *(self.category, self.tags.input, self.slug, self.author, self.draft),
            *(self.cover, self.cover_pick),
        )

    def _build_form_page(self) -> QScrollArea:
        form_widget = props(QWidget(), objectName="postForm")
        form = QVBoxLayout(form_widget)
        form.setContentsMargins(12, 12, 12, 12)
        form.setSpacing(12)  # between fields; a label sits close to its own field
        self._build_text_fields(form)
        self._build_taxonomy_fields(form)
        self._build_misc_fields(form)
        form.addStretch(1)
        scroll = props(QScrollArea(), widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setAccessibleName(self.tr("Post fields"))
        scroll.setWidget(form_widget)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll

    def _add(
        self, form: QVBoxLayout, label: str, field: QWidget, hint: QLabel | None = None
    ) -> None:
        group = QVBoxLayout()
        group.setSpacing(3)
        caption = QLabel(f"<b>{label}</b>")
        caption.setBuddy(field)
        group.addWidget(caption)
        group.addWidget(field)
        if hint is not None:
            group.addWidget(hint)
        form.addLayout(group)

    def _build_text_fields(self, form: QVBoxLayout) -> None:
        self.title = props(QLineEdit(), objectName="title",
                           placeholderText=self.tr("The post's title"))
        self.title.setAccessibleName(self.tr("Title"))
        self.title.textEdited.connect(lambda t: self._text_edited("title", t))
        self.title.editingFinished.connect(lambda: self._finish_text("title", keep=True))
        self.title_hint = _hint("titleHint")
        self._add(form, self.tr("Title"), self.title, self.title_hint)
        self.date = OptionalDateTimeEdit(self.tr("Date"))
        self.date.setObjectName("date")
        self.date.edited.connect(lambda v: self._date_edited("date", v))
        self._add(form, self.tr("Date"), self.date)
        self.updated = OptionalDateTimeEdit(self.tr("Updated"))
        self.updated.setObjectName("updated")
        self.updated.edited.connect(lambda v: self._date_edited("updated", v))
        self._add(form, self.tr("Updated"), self.updated)
        self.summary = props(QPlainTextEdit(), objectName="summary", tabChangesFocus=True)
        self.summary.setAccessibleName(self.tr("Summary"))
        self.summary.setAccessibleDescription(self.tr("The lede and the search snippet"))
        self.summary.setPlaceholderText(
            self.tr("One or two sentences: the lede and the search snippet"))
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 4 + 12)
        self.summary.textChanged.connect(self._summary_changed)
        self.summary_hint = _hint("summaryHint")
        self.summary_hint.show()
        self._add(form, self.tr("Summary"), self.summary, self.summary_hint)

    def _build_taxonomy_fields(self, form: QVBoxLayout) -> None:
        self.category = props(QComboBox(), objectName="category", editable=True)
        self.category.setAccessibleName(self.tr("Category"))
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.category.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("None"))
        line.textEdited.connect(self._category_edited)
        self.category.activated.connect(
            lambda _i: self._category_edited(self.category.currentText())
        )
        line.editingFinished.connect(lambda: self._finish_list("category"))
        self._add(form, self.tr("Category"), self.category)
        self.tags = TagEditor()
        self.tags.setObjectName("tags")
        self.tags.edited.connect(self._tags_edited)
        self.tags.typing.connect(
            lambda text: self._update_tag_warning([*self.tags.tags(), *split_list(text)])
        )
        self.tags_hint = _hint("tagsHint")
        self.tags_hint.set_level("warning")
        self._add(form, self.tr("Tags"), self.tags, self.tags_hint)

    def _build_misc_fields(self, form: QVBoxLayout) -> None:
        self.slug = props(QLineEdit(), objectName="slug")
        self.slug.setAccessibleName(self.tr("Slug"))
        self.slug.setAccessibleDescription(self.tr("The last part of the post's web address"))
        self.slug.textEdited.connect(lambda t: self._text_edited("slug", t))
        self.slug.editingFinished.connect(lambda: self._finish_text("slug"))
        self._add(form, self.tr("Slug"), self.slug)
        self.author = props(QLineEdit(), objectName="author")
        self.author.setAccessibleName(self.tr("Author"))
        self.author.textEdited.connect(self._author_edited)
        self.author.editingFinished.connect(lambda: self._finish_text("author"))
        self._add(form, self.tr("Author"), self.author)
        self.draft = props(QCheckBox(self.tr("Draft: not published yet")), objectName="draft")
        self.draft.setAccessibleName(self.tr("Draft"))
        self.draft.setAccessibleDescription(self.tr("A draft is not published yet"))
        self.draft.toggled.connect(self._draft_toggled)
        form.addWidget(self.draft)
        self._add(form, self.tr("Cover image"), self._build_cover())

    def _build_cover(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.cover = props(QLineEdit(), objectName="cover", placeholderText="images/cover.jpg")
        self.cover.setAccessibleName(self.tr("Cover image"))
        self.cover.setAccessibleDescription(
            self.tr("Path of the image, relative to the library"))
        self.cover.textEdited.connect(self._cover_edited)
        self.cover.editingFinished.connect(lambda: self._finish_text("cover"))
        pick = props(QPushButton(self.tr("Choose…")), toolTip=self.tr("Pick an image file"))
        pick.setAccessibleName(self.tr("Choose a cover image"))
        pick.clicked.connect(self._pick_cover)
        self.cover_pick = pick
        row.addWidget(self.cover, 1)
        row.addWidget(pick)
        layout.addLayout(row)
        self.thumbnail = props(QLabel(), objectName="coverThumbnail")
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.thumbnail.hide()
        layout.addWidget(self.thumbnail)
        return box

    def _build_raw_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        note = QLabel(
            self.tr("The whole front matter, as in the file. Keys the form does not show "
                    "can be edited here."),
            wordWrap=True,
        )
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.raw = props(QPlainTextEdit(), objectName="raw")
        self.raw.setAccessibleName(self.tr("Raw front matter"))
        self.raw.setAccessibleDescription(self.tr("The whole front matter as in the file"))
        self.raw.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.raw.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.raw.textChanged.connect(self._raw_changed)
        self.raw_error = HintLabel("rawError")
        self.raw_error.set_level("error")
        self.raw_error.hide()
        layout.addWidget(note)
        layout.addWidget(self.raw, 1)
        layout.addWidget(self.raw_error)
        return page

    # -- showing a post ---------------------------------------------------------------------------
    def set_library_vocabulary(self, library: Library | None) -> None:
        """The tags and categories of ``library`` (none: leave them), and its site."""
        if library is not None:
            self.set_vocabulary([t for t, _n in library.tags()],
                                [c for c, _n in library.categories()])
            self._site = library.site
            loading, self._loading = self._loading, True  # shown, not an edit
            try:
                self._show_draft()
            finally:
                self._loading = loading

    def set_vocabulary(self, tags: Sequence[str], categories: Sequence[str]) -> None:
        """The library's tags (for completion) and categories (for the list)."""
        self._known_tags = list(tags)
        self.tags.set_known(self._known_tags)
        text = self.category.currentText()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItems(list(categories))
        self.category.setEditText(text)
        self.category.blockSignals(False)

    def set_defaults(self, author: str) -> None:
        self.author.setPlaceholderText(author or self.tr("The library's author"))

    def show_post(self, doc: PostFile | None, root: Path | None = None) -> None:
        """Fill the form from a post file (or empty it)."""
        self._root = root
        self._post_dir = doc.path.parent if doc else None
        self._path = doc.path if doc else None
        self.setEnabled(doc is not None)
        self.refresh(doc)

    def refresh(self, doc: PostFile | None, raw_too: bool = True) -> None:
        """Show the post's current values without reporting them as edits."""
        self._loading = True
        try:
            self._meta = doc.metadata if doc else {}
            self._fill_form(doc)
            if raw_too and not self.raw.hasFocus():
                self.raw.setPlainText(doc.raw_front_matter if doc else "")
            self.show_raw_error(str(doc.error) if doc and doc.error else None)
            self._lock_form(bool(doc and doc.error))
        finally:
            self._loading = False

    def _fill_form(self, doc: PostFile | None) -> None:
        post = Post.from_file(doc) if doc else None
        meta = self._meta
        self._set_text(self.title, str(meta.get("title") or ""))
        self.date.set_value(post.date if post else None)
        self.updated.set_value(post.updated if post else None)
        self._set_text(self.slug, str(meta.get("slug") or ""))
        self.slug.setPlaceholderText(
            slugify(post.title) if post and post.title else self.tr("from the title")
        )
        self._set_text(self.author, post.author if post and "author" in meta else "")
        self._draft_field = bool(post and post.draft)
        self._show_draft()
        self.tags.set_tags(split_list(list_text(meta.get("tags"))))
        self._update_tag_warning(self.tags.tags())
        self.category.setEditText(list_text(meta.get(field_key(meta, "category"))))
        self._set_text(self.cover, post.cover if post else "")
        if self.summary.toPlainText() != (post.summary if post else ""):
            self.summary.setPlainText(post.summary if post else "")
        self._update_hints()
        self._update_thumbnail()

    def _show_draft(self) -> None:
        """Ticked for a draft. A post in Jekyll's ``_drafts/`` is one by its folder, as the
        library lists it: ticked and not editable here (moving the file publishes it)."""
        by_folder = self._in_drafts_folder()
        self.draft.setChecked(self._draft_field or by_folder)
        self.draft.setEnabled(not by_folder)
        self.draft.setToolTip(
            self.tr("In _drafts/: a draft until it is moved to _posts/") if by_folder else "")

    def _in_drafts_folder(self) -> bool:
        site, path = self._site, self._path
        if site is None or path is None:
            return False
        from blogdesk.core.sites.conventions import is_draft_path

        for base in (site.root, self._root):
            if base is not None and path.is_relative_to(base):
                return is_draft_path(site, path.relative_to(base).as_posix())
        return False

    @staticmethod
    def _set_text(edit: QLineEdit, text: str) -> None:
        if edit.text() != text:
            edit.setText(text)
            edit.setCursorPosition(0)  # show the start of a long value, not its end

    def _lock_form(self, broken: bool) -> None:
        """Front matter that does not parse is edited in the Raw tab only, never by the form."""
        self.tabs.setTabEnabled(0, not broken)
        if broken:
            self.tabs.setCurrentIndex(1)

    def show_raw_error(self, message: str | None) -> None:
        self.raw_error.setText(message or "")
        self.raw_error.setVisible(bool(message))

    def show_raw_tab(self) -> None:
        """The Raw tab, focused (where front matter that does not read can be fixed)."""
        self.tabs.setCurrentIndex(self.tabs.count() - 1)
        self.raw.setFocus()

    def commit(self) -> None:
        """Apply edits still waiting (the raw text, empty fields to remove) before a save."""
        if self._raw_timer.isActive():
            self._raw_timer.stop()
            self._emit_raw()
        for name in ("slug", "author", "cover"):
            self._finish_text(name)
        if self.tags.input.text().strip():
            self.tags.add_typed()
        self._finish_list("tags")
        self._finish_list("category")

    # -- edits ------------------------------------------------------------------------------------
    def _emit_set(self, name: str, value: Any) -> None:
        if self._loading:
            return
        key = field_key(self._meta, name)
        self._meta[key] = value
        self.fieldEdited.emit(key, value)

    def _emit_unset(self, name: str) -> None:
        key = field_key(self._meta, name)
        if not self._loading and key in self._meta:
            del self._meta[key]
            self.fieldRemoved.emit(key)

    def _text_edited(self, name: str, text: str) -> None:
        # while typing, an emptied field is written as "" so its line keeps its place
        self._emit_set(name, text)
        self._update_hints()

    def _finish_text(self, name: str, keep: bool = False) -> None:
        """An optional field left empty is removed from the front matter."""
        key = field_key(self._meta, name)
        if not keep and key in self._meta and self._meta[key] in ("", None):
            self._emit_unset(name)

    def _finish_list(self, name: str) -> None:
        key = field_key(self._meta, name)
        if key in self._meta and self._meta[key] in ("", [], None):
            self._emit_unset(name)

    def _date_edited(self, name: str, value: datetime | None) -> None:
        key = field_key(self._meta, name)
        if value is None:
            self._emit_unset(name)
        else:
            self._emit_set(name, date_value(value, self._meta.get(key)))

    def _summary_changed(self) -> None:
        self._update_hints()
        if self._loading:
            return
        text = self.summary.toPlainText()
        key = field_key(self._meta, "summary")
        if text.strip() or key in self._meta:
            self._emit_set("summary", text.strip())

    def _category_edited(self, text: str) -> None:
        key = field_key(self._meta, "category")
        items = split_list(text)
        self._emit_set("category", list_value(items, self._meta.get(key, "")))

    def _tags_edited(self, items: list[str]) -> None:
        key = field_key(self._meta, "tags")
        if items or key in self._meta:
            self._emit_set("tags", list_value(items, self._meta.get(key)))
        self._update_tag_warning(items)

    def _author_edited(self, text: str) -> None:
        old = self._meta.get("author")
        if isinstance(old, dict):
            self._emit_set("author", {**old, "name": text})
        else:
            self._emit_set("author", text)

    def _draft_toggled(self, checked: bool) -> None:
        if self._loading:
            return
        if "draft" in self._meta or (
            "published" in self._meta and not isinstance(self._meta["published"], bool)
        ):
            self._emit_set("draft", checked)
        elif isinstance(self._meta.get("published"), bool):
            self._meta["published"] = not checked
            self.fieldEdited.emit("published", not checked)
        elif checked:
            self._emit_set("draft", True)

    def _cover_edited(self, text: str) -> None:
        self._emit_set("cover", text)
        self._update_thumbnail()

    def _pick_cover(self) -> None:
        start = str(self._post_dir or Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a Cover Image"), start, translate("PostPanel", IMAGE_FILTER))
        if name:
            self.set_cover_path(Path(name))

    def set_cover_path(self, path: Path) -> None:
        """Use an image file as the cover, written relative to the post when it can be."""
        import os

        text = str(path)
        if self._post_dir is not None:
            rel = os.path.relpath(path, self._post_dir)
            text = rel if not rel.startswith("..") or self._root is None else text
            text = Path(text).as_posix() if not Path(text).is_absolute() else text
        self.cover.setText(text)
        self._cover_edited(text)

    def _raw_changed(self) -> None:
        if not self._loading:
            self._raw_timer.start()

    def _emit_raw(self) -> None:
        self.rawEdited.emit(self.raw.toPlainText())

    # -- hints ------------------------------------------------------------------------------------
    def _update_hints(self) -> None:
        title = self.title.text()
        self.title_hint.setText(
            self.tr("{0} characters: search results cut titles after about {1}.").format(
                len(title), TITLE_LIMIT)
            if len(title) > TITLE_LIMIT
            else ""
        )
        self.title_hint.setVisible(len(title) > TITLE_LIMIT)
        length = len(self.summary.toPlainText().strip())
        if length == 0:
            self.summary_hint.setText(
                self.tr("No summary yet: it is the lede under the title and the text search "
                        "engines show.")
            )
        else:
            text = (self.tr("{0} / {1} (search engines cut the rest)") if length > SUMMARY_LIMIT
                    else self.tr("{0} / {1}"))
            self.summary_hint.setText(text.format(length, SUMMARY_LIMIT))
        self.summary_hint.set_level("error" if length > SUMMARY_LIMIT else "muted")

    def _update_tag_warning(self, items: list[str]) -> None:
        pairs = near_duplicates(items, self._known_tags)
        text = "; ".join(self.tr("“{0}” looks like the existing tag “{1}”").format(t, k)
                         for t, k in pairs)
        self.tags_hint.setText(text)
        self.tags_hint.setVisible(bool(pairs))

    def _update_thumbnail(self) -> None:
        path = resolve_image(self.cover.text().strip(), self._post_dir, self._root)
        pixmap = QPixmap(str(path)) if path else QPixmap()
        if pixmap.isNull():
            self.thumbnail.clear()
            self.thumbnail.hide()
            return
        width = min(260, max(120, self.width() - 40))
        self.thumbnail.setPixmap(
            pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        )
        self.thumbnail.show()
