"""What the editor shows with the spell-check underline, for the spelling tests."""

from __future__ import annotations

from blogdesk.ui.spelling import underlined_words
from blogdesk.ui.widgets.editor import MarkdownEditor


def underlined(editor: MarkdownEditor) -> list[str]:
    """The words drawn with the spell-check underline, read from the editor's layout."""
    words = []
    block = editor.document().firstBlock()
    while block.isValid():
        words.extend(underlined_words(block))
        block = block.next()
    return words
