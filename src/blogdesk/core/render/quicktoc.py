"""The toc extension, run only on a document where it changes the HTML.

blogdesk keeps Python-Markdown's ``toc`` extension for the ``[TOC]`` marker alone: heading ids
come from blogdesk's own processor (which runs first), and the outline is read back from the
HTML (``outline_of``), never from ``md.toc``. Yet toc renders every heading's inner HTML again,
builds a table of contents and serializes it, for every document: about 7% of a post's render.

On a document, toc changes the HTML only to replace a paragraph that is the marker, to give an
id to a heading that has none, to take off a ``data-toc-label`` attribute, to move a heading's
level (``baselevel``) or to add anchors or permalinks. :class:`QuickTocExtension` looks for any
of these in one walk of the tree and runs toc only where one is found; elsewhere the HTML is
the same and ``md.toc`` is left empty. ``tests/core/test_render_quicktoc.py`` renders the
fixtures, marker documents and random Markdown both ways and requires the same HTML.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.extensions.toc import TocExtension, TocTreeprocessor

__all__ = ["QuickTocExtension"]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _QuickToc(TocTreeprocessor):
    """toc's processor, skipped on a document it would leave as it is (see the module)."""

    def run(self, doc: etree.Element) -> None:
        if self._changes(doc):
            super().run(doc)

    def _changes(self, doc: etree.Element) -> bool:
        if self.base_level or self.use_anchors or self.use_permalinks not in (False, None):
            return True
        marker = self.marker
        for el in doc.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue  # a comment or processing instruction
            if self.header_rgx.match(tag):
                if tag not in _HEADINGS or "id" not in el.attrib or "data-toc-label" in el.attrib:
                    return True
            elif marker and el.text and el.text.strip() == marker:
                return True  # where toc may put its table (it checks the rest)
        return False


class QuickTocExtension(TocExtension):
    """``toc`` with the same options and HTML, its processor run only where it changes it."""

    TreeProcessorClass = _QuickToc
