"""Python-Markdown's block processors, asked only about blocks that hold what they look for.

The block parser asks each of its 16 processors, in turn, whether it takes a block; several
answer with a regex search of the whole block that can only succeed where the block holds a
given character (``#`` for a heading, ``>`` for a quote, ``|`` for a table...), and three
(footnote, abbreviation and reference definitions) search the block in their ``run`` and give it
back untouched when nothing is found. Such a search has no literal to scan for, so the engine
tries it at every position: about a fifth of a post's block parsing. :func:`prefilter_blocks`
wraps those methods, in place, with a test for the characters (a block without them gets the
answer the search would give: no) and leaves any other processor as it is.

:func:`prefilter_tree` does the same for three passes over the whole document that change
only text holding a given character: the whitespace clean-up's ``(?<=\n) +\n`` (a line of
spaces), attr_list (``{``) and the unescaping of backslash escapes (their placeholder's STX).

:func:`block_level_memo` answers ``md.is_block_level(tag)`` (asked about 200 times a post, by
the inline processor, the prettifier and the raw HTML postprocessor) from a table of the tags
already asked about, instead of a search of the list of 60 block-level tags each time; the
list's own answer is taken again whenever the list is not the one the table was made from.

``tests/core/test_render_fastblock.py`` renders the fixtures, the sample posts and random
Markdown with and without them and requires the same HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import markdown

__all__ = ["block_level_memo", "prefilter_blocks", "prefilter_tree"]

#: Per processor (Python-Markdown 3.11 and its extensions), by class name: the method that
#: searches, and the strings of which a block it takes holds at least one.
_NEEDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "hashheader": ("HashHeaderProcessor", "test", ("#",)),
    "setextheader": ("SetextHeaderProcessor", "test", ("\n=", "\n-")),
    "hr": ("HRProcessor", "test", ("-", "_", "*")),
    "table": ("TableProcessor", "test", ("|",)),
    "deflist": ("DefListProcessor", "test", (":",)),
    "quote": ("BlockQuoteProcessor", "test", (">",)),
    "footnote": ("FootnoteBlockProcessor", "run", ("[^",)),
    "abbr": ("AbbrBlockprocessor", "run", ("*[",)),
    "reference": ("ReferenceProcessor", "run", ("]:",)),
}


def _lacks(text: str, needs: tuple[str, ...]) -> bool:
    return needs[0] not in text if len(needs) == 1 else not any(n in text for n in needs)


def _test_needing(test: Callable[..., Any], needs: tuple[str, ...]) -> Callable[..., Any]:
    def wrapped(parent: Any, block: str) -> Any:
        return False if _lacks(block, needs) else test(parent, block)

    return wrapped


def _run_needing(run: Callable[..., Any], needs: tuple[str, ...]) -> Callable[..., Any]:
    def wrapped(parent: Any, blocks: list[str]) -> Any:
        # no match: the block goes back as it was, and the processor says it did nothing
        return False if blocks and _lacks(blocks[0], needs) else run(parent, blocks)

    return wrapped


def prefilter_blocks(md: markdown.Markdown) -> None:
    """Wrap ``md``'s searching block processors with the character test (see the module)."""
    processors = md.parser.blockprocessors
    for name, (class_name, method, needs) in _NEEDS.items():
        if name not in processors:
            continue
        processor = processors[name]
        if type(processor).__name__ != class_name:
            continue  # someone else's processor under that name: left as it is
        wrap = _test_needing if method == "test" else _run_needing
        setattr(processor, method, wrap(getattr(processor, method), needs))


def prefilter_tree(md: markdown.Markdown) -> None:
    """Skip the whitespace clean-up's search, attr_list and unescaping where they change
    nothing (see the module); a processor of another class is left as it is."""
    from markdown.extensions.attr_list import AttrListTreeprocessor
    from markdown.preprocessors import NormalizeWhitespace
    from markdown.treeprocessors import UnescapeTreeprocessor
    from markdown.util import ETX, STX

    if type(md.preprocessors["normalize_whitespace"]) is NormalizeWhitespace:

        def normalize(lines: list[str]) -> list[str]:
            # NormalizeWhitespace.run, its last substitution made only where it can match
            source = "\n".join(lines)
            source = source.replace(STX, "").replace(ETX, "")
            source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
            source = source.expandtabs(md.tab_length)
            if " \n" in source:
                source = re.sub(r"(?<=\n) +\n", "\n", source)
            return source.split("\n")

        md.preprocessors["normalize_whitespace"].run = normalize  # type: ignore[method-assign]
    unescape = _tree(md, "unescape")
    if type(unescape) is UnescapeTreeprocessor:
        whole = unescape.unescape

        def unescape_text(text: str) -> str:
            return whole(text) if STX in text else text

        unescape.unescape = unescape_text  # type: ignore[method-assign]
    attr_list = _tree(md, "attr_list")
    if type(attr_list) is AttrListTreeprocessor:
        run = attr_list.run

        def run_where_braces(doc: Any) -> None:
            for el in doc.iter():
                if (el.text and "{" in el.text) or (el.tail and "{" in el.tail):
                    run(doc)  # every attribute list is in braces
                    return

        attr_list.run = run_where_braces  # type: ignore[method-assign]


def _tree(md: markdown.Markdown, name: str) -> Any:
    try:  # a Registry, with no get()
        return md.treeprocessors[name]
    except KeyError:
        return None


def block_level_memo(md: markdown.Markdown) -> None:
    """Give ``md`` an ``is_block_level`` that remembers its answers (see the module)."""
    elements = md.block_level_elements
    size = len(elements)
    known: dict[str, bool] = {}

    def is_block_level(tag: object) -> bool:
        if not isinstance(tag, str):
            return False  # an ElementTree comment or processing instruction
        if md.block_level_elements is not elements or len(elements) != size:
            return tag.lower().rstrip("/") in md.block_level_elements  # the list changed
        answer = known.get(tag)
        if answer is None:
            answer = known[tag] = tag.lower().rstrip("/") in elements
        return answer

    md.is_block_level = is_block_level  # type: ignore[method-assign]
