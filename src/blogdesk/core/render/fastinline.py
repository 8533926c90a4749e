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

from typing import TYPE_CHECKING, Any

from markdown.treeprocessors import InlineProcessor

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

    def _InlineProcessor__applyPattern(
        self, pattern: Any, data: str, patternIndex: int, startIndex: int = 0
    ) -> tuple[str, bool, int]:
        needed = self.needs.get(id(pattern))
        if needed is not None and (
            needed[0] not in data if len(needed) == 1 else not any(c in data for c in needed)
        ):
            return data, False, 0  # what the pattern itself returns when it does not match
        applied: tuple[str, bool, int] = InlineProcessor._InlineProcessor__applyPattern(  # type: ignore[attr-defined]
            self, pattern, data, patternIndex, startIndex
        )
        return applied


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
