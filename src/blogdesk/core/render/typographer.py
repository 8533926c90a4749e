"""Smart quotes, dashes and ellipses for the Python-Markdown family, at a fraction of the cost.

Python-Markdown's ``smarty`` extension runs its 18 substitutions through a second
``InlineProcessor``: for every text of the document, each pattern is tried in turn through the
generic inline machinery (a node stashed per match). That was about 40% of a post's inline time.

:class:`FastSmartyExtension` keeps smarty's patterns, their order, their replacements and the
way they see each other, and applies them with plain regex searches:

- a text with no quote, no ``--`` and no ``...`` cannot match any pattern and is left alone;
- otherwise each pattern, in smarty's order, is searched from just past its previous match, and
  a match becomes a placeholder shaped like the inline processor's (``\\x02klzzwxh:NNNN\\x03``),
  so the later patterns' look-arounds see exactly what they see in smarty;
- the placeholders are then replaced by the replacements, whose entities go to the HTML stash
  as smarty's do.

The texts visited are the inline processor's: every element's text and tail below the root,
except text kept verbatim (``AtomicString``: code). A test renders the fidelity fixtures, the
sample posts and random quote-heavy text both ways and requires the same HTML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import INLINE_PLACEHOLDER, INLINE_PLACEHOLDER_RE, AtomicString

if TYPE_CHECKING:
    import markdown

__all__ = ["FastSmartyExtension"]

#: No smarty pattern matches a text without one of these.
_TRIGGER = re.compile(r"""['"]|--|\.\.\.|<<|>>""")

_Rule = tuple["re.Pattern[str]", Sequence["int | str"]]


class _Typographer(Treeprocessor):
    """Smarty's substitutions on every inline text of the tree (see the module docstring)."""

    def __init__(self, md: markdown.Markdown, rules: list[_Rule]) -> None:
        super().__init__(md)
        self.rules = rules

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element is root:
                continue
            text = element.text
            if text and not isinstance(text, AtomicString) and _TRIGGER.search(text):
                element.text = self.educate(text)
            tail = element.tail
            if tail and not isinstance(tail, AtomicString) and _TRIGGER.search(tail):
                element.tail = self.educate(tail)

    def educate(self, text: str) -> str:
        """``text`` with every substitution applied, as smarty's inline processor applies it."""
        results: list[str] = []
        for regex, parts in self.rules:
            start = 0
            while True:
                match = regex.search(text, start)
                if match is None:
                    break
                placeholder = INLINE_PLACEHOLDER % f"{len(results):04d}"
                results.append(self._replacement(match, parts))
                text = f"{text[: match.start()]}{placeholder}{text[match.end() :]}"
                start = match.start() + len(placeholder)
        if not results:
            return text
        return INLINE_PLACEHOLDER_RE.sub(lambda m: results[int(m.group(1))], text)

    def _replacement(self, match: re.Match[str], parts: Sequence[int | str]) -> str:
        return "".join(
            match.group(part) if isinstance(part, int) else self.md.htmlStash.store(part)
            for part in parts
        )


class FastSmartyExtension(SmartyExtension):
    """``smarty``: the same options and output, the patterns applied by :class:`_Typographer`."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)  # the patterns, the escaped quote characters, the 'html' rule
        patterns: Any = self.inlinePatterns
        if any(pattern.ANCESTOR_EXCLUDES for pattern in patterns):
            return  # not smarty's patterns as this module knows them: keep its own processor
        rules: list[_Rule] = [
            (pattern.getCompiledRegExp(), tuple(pattern.replace)) for pattern in patterns
        ]
        md.treeprocessors.register(_Typographer(md, rules), "smarty", 6)
