"""The site export's related posts, chosen for every post at once, are the ones the single-post
rule chooses: most shared tags (the category counts as one), newest first, published only."""

from __future__ import annotations

import random
from dataclasses import replace

from blogdesk.core.export.entry import Entry
from blogdesk.core.export.related import _related_all, _related_ranked

TAGS = ["Garden", "garden", "Tools", "notes", "Travel", "ink", "paper", "walks"]
CATEGORIES = ["", "Craft", "craft", "Essays", "Letters"]
STATUSES = ["published", "published", "published", "draft", "scheduled"]


def _entry(rng: random.Random, n: int) -> Entry:
    day = rng.choice([None, *(f"2024-0{m}-1{d}T10:00:00+00:00" for m in range(1, 4)
                               for d in range(3))])  # fmt: skip
    if day is not None and rng.random() < 0.2:
        day = day.replace("+00:00", "+05:30")  # the same day elsewhere: another instant
    return Entry(
        key=f"posts/p{n:03}.md", path=f"/blog/posts/p{n:03}.md", title=f"Post {n}", date=day,
        updated=None, categories=(rng.choice(CATEGORIES),) if rng.random() < 0.8 else (),
        tags=tuple(rng.sample(TAGS, rng.randint(0, 4))), summary="", excerpt="", author="",
        slug=f"p{n}", cover="", status=rng.choice(STATUSES), words=100,
    )  # fmt: skip


def test_the_choice_for_every_post_equals_the_one_post_rule() -> None:
    rng = random.Random(1716)
    for size in (0, 1, 2, 5, 30, 120):
        entries = [_entry(rng, n) for n in range(size)]
        for limit in (0, 1, 3, 7):
            chosen = _related_all(entries, limit)
            for entry in entries:
                expected = [e.key for e in _related_ranked(entry, entries, limit)]
                assert chosen[entry.key] == expected, (size, limit, entry.key)


def test_a_draft_is_never_chosen_and_a_post_never_chooses_itself() -> None:
    rng = random.Random(5)
    entries = [_entry(rng, n) for n in range(60)]
    status = {e.key: e.status for e in entries}
    for key, chosen in _related_all(entries).items():
        assert key not in chosen
        assert all(status[k] == "published" for k in chosen)


def test_posts_with_many_tags_are_chosen_for_as_the_one_post_rule_does() -> None:
    """Past a few tags a post's candidates are counted, not intersected: the same choice."""
    rng = random.Random(99)
    many = [f"tag-{i}" for i in range(14)]
    entries = [
        replace(_entry(rng, n), tags=tuple(rng.sample(many, rng.randint(0, 12)))) for n in range(80)
    ]
    assert max(len(e.tags) for e in entries) > 6
    for limit in (1, 3, 5):
        chosen = _related_all(entries, limit)
        for entry in entries:
            assert chosen[entry.key] == [e.key for e in _related_ranked(entry, entries, limit)]
