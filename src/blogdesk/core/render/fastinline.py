"""Python-Markdown's inline patterns, tried only on text that holds the character they need.

The inline processor tries each of its 15 patterns on every text of the document (a regex
search and some Python around it each time), though most texts hold no ``[``, ``<``, ``&``,
backslash or backtick at all. A pattern whose every match contains a given character cannot
match a text without it: trying it returns "no match" and changes nothing, so skipping it
gives the same HTML. :func:`prefilter` patches a converter's inline processor in place (its
priority and order stay as they are) with that test for the patterns named in ``_NEEDS``;
any other pattern (an extension's) is always tried. The processor also gets its patterns as
a list, taken once the converter is built (the registry re-sorts itself on every look-up).

``tests/core/test_render_fastinline.py`` renders the fixtures, the sample posts and random
Markdown with and without the filter and requires the same HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

if TYPE_CHECKING:
    import markdown

__all__ = ["prefilter"]

#: Per pattern name (Python-Markdown 3.11 and its footnotes extension), the characters of which
#: every match holds at least one.
_NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
}


class _PrefilteredInline(InlineProcessor):
    """The inline processor, skipping a pattern on a text without the characters it needs."""

    needs: dict[int, tuple[str, ...]]
    #: ``needs`` by the patterns' order (None: always tried)
    needed: list[tuple[str, ...] | None]

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # InlineProcessor's own loop (each pattern from ``patternIndex`` on, tried again while
        # it matches), with the test before a pattern's first try on the text as it is then:
        # a pattern left out would have answered "no match" and changed nothing. One method
        # call per pattern tried, not per pattern.
        if isinstance(data, AtomicString):
            return data
        apply = InlineProcessor._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns = self.inlinePatterns
        needed = self.needed
        start = 0
        for index in range(patternIndex, len(patterns)):
            chars = needed[index]
            if chars is not None and (
                chars[0] not in data if len(chars) == 1 else not any(c in data for c in chars)
            ):
                continue
            matched = True
            while matched:  # a pattern is tried again on the text it changed
                data, matched, start = apply(self, patterns[index], data, index, start)
        return data


def prefilter(md: markdown.Markdown) -> None:
    """Patch ``md``'s inline processor in place with the character test (see the module)."""
    processor = md.treeprocessors["inline"]
    if type(processor) is not InlineProcessor:
        return  # someone else's processor: left as it is
    patterns = md.inlinePatterns
    needs = {id(patterns[name]): chars for name, chars in _NEEDS.items() if name in patterns}
    processor.__class__ = _PrefilteredInline
    processor.needs = needs  # type: ignore[attr-defined]
    # the patterns in their order, as a list: the processor takes ``[i]`` of the registry for
    # every pattern tried on every text, and a registry sorts itself on each ``[i]``
    processor.inlinePatterns = list(patterns)  # type: ignore[assignment]
    processor.needed = [needs.get(id(p)) for p in processor.inlinePatterns]  # type: ignore[attr-defined]

