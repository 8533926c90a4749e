"""Turning what a user types into a search box into a safe SQLite FTS5 query.

Supported: words (all must match), ``"exact phrases"``, ``word*`` prefixes, ``-word`` to leave
posts out. The last word (of three letters or more) gets a prefix match by itself, so results
follow typing ("deleg" finds "delegation"), unless the text ends with a space. Everything else
is taken literally: each word is quoted, so ``AND``, ``OR``, ``NEAR``, parentheses, colons and
stray quotes are just text and a query never raises.

A list of results (``Library.search``) is ranked best match first unless the text matches most of
the library (``ranks``): a word in nearly every post says little about relevance, and scoring
thousands of matches was most of a search's time, so those matches keep the list's own order
(newest first by default). Either way every match is listed and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

AUTO_PREFIX_FROM = 3  # letters of the last word before it is matched as a prefix
# Matches are ranked up to this many whatever the library's size (BM25 of 1,000 posts and their
# order in the list: about 5 ms), and beyond it while they are at most half the library.
RANK_ALWAYS_UP_TO = 1000
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True)
class Term:
    """One part of a query: a word or a phrase, maybe a prefix, maybe excluded."""

    text: str
    prefix: bool = False
    exclude: bool = False

    def fts(self) -> str:
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + ("*" if self.prefix else "")


def parse(text: str) -> list[Term]:
    """The terms of a search text; parts with no letter or digit are dropped."""
    terms: list[Term] = []
    matches = list(_TOKEN.finditer(text))
    typing = bool(text) and not text[-1].isspace()
    for index, match in enumerate(matches):
        last = typing and index == len(matches) - 1
        if match.group(2) is not None:  # a phrase, closed or still being typed
            phrase = " ".join(match.group(2).split())
            if _WORDLIKE.search(phrase):
                terms.append(Term(phrase, exclude=bool(match.group(1))))
            continue
        word = match.group(3)
        exclude = word.startswith("-") and len(word) > 1
        if exclude:
            word = word[1:]
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if not _WORDLIKE.search(word):
            continue
        # Short words are left whole ("C", "Go", "UX"): as prefixes they match nearly every post
        # (and "de*" takes 60 ms at 10,000 posts).
        typed = last and not exclude and len(word) >= AUTO_PREFIX_FROM
        terms.append(Term(word, prefix or typed, exclude))
    return terms


def to_fts(text: str) -> str | None:
    """An FTS5 MATCH expression for ``text``, or None when there is nothing to search for.

    Excluded terms need at least one included term (FTS5's NOT is binary); alone they are
    ignored.
    """
    terms = parse(text)
    included = [t.fts() for t in terms if not t.exclude]
    if not included:
        return None
    expression = " AND ".join(included)
    excluded = [t.fts() for t in terms if t.exclude]
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return expression


def has_prefix(text: str) -> bool:
    """True when ``text`` has a prefix term (typed ``word*``, or its last word as typed)."""
    return any(term.prefix for term in parse(text))


def like_words(text: str) -> list[str]:
    """The included words and phrases of ``text``, for the LIKE fallback."""
    return [t.text for t in parse(text) if not t.exclude]


@dataclass(frozen=True)
class Found:
    """Every post a search matches: best match first when ``ranked``; otherwise in no particular
    order, for the list to show in its own sort (the text is in most of the library)."""

    paths: tuple[Path, ...]
    ranked: bool


def ranks(found: int, total: int) -> bool:
    """Whether ``found`` matches among ``total`` posts are worth ordering by relevance: not
    when they are more than half the library (and more than ``RANK_ALWAYS_UP_TO``)."""
    return found <= max(RANK_ALWAYS_UP_TO, total // 2)
