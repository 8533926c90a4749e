"""Related posts: the published posts that share the most tags (and the category) with a post."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from functools import reduce
from itertools import combinations
from operator import and_
from typing import TYPE_CHECKING

from blogdesk.core.export.entry import Entry, _newest_first

if TYPE_CHECKING:
    from blogdesk.core.post import Post

RELATED_LIMIT = 3


def _related_ranked(target: Entry, candidates: Iterable[Entry], limit: int) -> list[Entry]:
    """Up to ``limit`` published posts sharing the most tags (and the category), newest first."""
    tags = {t.casefold() for t in target.tags}
    category = target.category.casefold()
    scored = []
    for other in candidates:
        if other.key == target.key or other.status != "published":
            continue
        score = len(tags & {t.casefold() for t in other.tags})
        if category and other.category.casefold() == category:
            score += 1
        if score:
            scored.append((score, other))
    return _pick(scored, limit)


def _pick(scored: Sequence[tuple[int, Entry]], limit: int) -> list[Entry]:
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    # nlargest(n) is sorted(reverse=True)[:n]; the key is unique, so there are no ties
    ranked = heapq.nlargest(
        limit, scored, key=lambda pair: (pair[0], pair[1].when or oldest, pair[1].key)
    )
    return _newest_first(other for _score, other in ranked)


def _related_all(entries: Sequence[Entry], limit: int = RELATED_LIMIT) -> dict[str, list[str]]:
    """The related choice for every post at once: the same as :func:`_related_ranked`.

    Published posts are numbered oldest first (by date, then key), and each tag and category is
    the set of its posts' numbers as the bits of an integer. A post's candidates with a score of
    at least ``k`` are those in ``k`` of its sets at once (the union of the intersections of
    each ``k`` of them); taken from the highest ``k`` down, and in a level from the highest bit
    (the newest post), they come in the order of ``(score, date, key)`` without a score or a
    tuple per candidate (a post has hundreds). A post with many tags is counted instead."""
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    published = sorted(
        (e for e in entries if e.status == "published"), key=lambda e: (e.when or oldest, e.key)
    )
    keys = [e.key for e in published]
    number = {key: i for i, key in enumerate(keys)}
    by_tag: dict[str, int] = defaultdict(int)
    by_category: dict[str, int] = defaultdict(int)
    for i, entry in enumerate(published):
        for tag in {t.casefold() for t in entry.tags}:
            by_tag[tag] |= 1 << i
        if entry.category:
            by_category[entry.category.casefold()] |= 1 << i
    result: dict[str, list[str]] = {}
    for entry in entries:
        sets = [by_tag.get(tag, 0) for tag in {t.casefold() for t in entry.tags}]
        if entry.category:
            sets.append(by_category.get(entry.category.casefold(), 0))
        own = number.get(entry.key)
        if own is not None:
            sets = [bits & ~(1 << own) for bits in sets]
        sets = [bits for bits in sets if bits]
        if len(sets) > _MAX_SETS:
            chosen = _best_counted(sets, limit)
        else:
            chosen = _best_by_levels(sets, limit)
        result[entry.key] = [keys[i] for i in sorted(chosen, reverse=True)]
    return result


#: Up to this many tags (and the category), a post's levels are unions of intersections (at
#: most 2**6 of them); beyond, its candidates are counted one by one.
_MAX_SETS = 6


def _best_by_levels(sets: list[int], limit: int) -> list[int]:
    chosen: list[int] = []
    taken = 0
    for k in range(len(sets), 0, -1):
        if len(chosen) >= limit:
            break
        level = 0
        for combo in combinations(sets, k):
            level |= reduce(and_, combo)
        level &= ~taken
        while level and len(chosen) < limit:
            top = level.bit_length() - 1
            chosen.append(top)
            taken |= 1 << top
            level ^= 1 << top
    return chosen


def _best_counted(sets: list[int], limit: int) -> list[int]:
    scores: Counter[int] = Counter()
    for bits in sets:
        scores.update(i for i in range(bits.bit_length()) if bits >> i & 1)
    return [i for _score, i in heapq.nlargest(limit, ((s, i) for i, s in scores.items()))]


def related_posts(post: Post, posts: Sequence[Post], limit: int = RELATED_LIMIT) -> list[Post]:
    """Up to ``limit`` published posts that share tags or the category with ``post``, newest first.

    Posts sharing more tags (the category counts as one more) are chosen first; drafts and
    scheduled posts are never chosen.
    """
    by_key = {str(p.path): p for p in posts}
    entries = [Entry.from_post(p, 0) for p in posts]
    chosen = _related_ranked(Entry.from_post(post, 0), entries, limit)
    return [by_key[entry.key] for entry in chosen]
