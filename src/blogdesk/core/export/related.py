"""Related posts: the published posts that share the most tags (and the category) with a post."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
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
    """The related choice for every post at once, through a tag and category index."""
    by_tag: dict[str, list[Entry]] = defaultdict(list)
    by_category: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.status != "published":
            continue
        for tag in {t.casefold() for t in entry.tags}:
            by_tag[tag].append(entry)
        if entry.category:
            by_category[entry.category.casefold()].append(entry)
    # the same choice as _pick, on keys: (score, (date, key)) tuples compare in C
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    rank = {e.key: (e.when or oldest, e.key) for e in entries if e.status == "published"}
    tag_keys = {tag: [e.key for e in tagged] for tag, tagged in by_tag.items()}
    category_keys = {name: [e.key for e in filed] for name, filed in by_category.items()}
    result: dict[str, list[str]] = {}
    for entry in entries:
        scores: Counter[str] = Counter()
        for tag in {t.casefold() for t in entry.tags}:
            scores.update(tag_keys.get(tag, ()))
        if entry.category:
            scores.update(category_keys.get(entry.category.casefold(), ()))
        scores.pop(entry.key, None)
        best = heapq.nlargest(limit, [(score, rank[key]) for key, score in scores.items()])
        result[entry.key] = [key for _when, key in sorted((r for _s, r in best), reverse=True)]
    return result


def related_posts(post: Post, posts: Sequence[Post], limit: int = RELATED_LIMIT) -> list[Post]:
    """Up to ``limit`` published posts that share tags or the category with ``post``, newest first.

    Posts sharing more tags (the category counts as one more) are chosen first; drafts and
    scheduled posts are never chosen.
    """
    by_key = {str(p.path): p for p in posts}
    entries = [Entry.from_post(p, 0) for p in posts]
    chosen = _related_ranked(Entry.from_post(post, 0), entries, limit)
    return [by_key[entry.key] for entry in chosen]
