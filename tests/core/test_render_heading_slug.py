"""goldmark's github heading ids: the one-pass form for ASCII text gives what the character by
character rule gives, for every ASCII character and for random headings."""

from __future__ import annotations

import random

from blogdesk.core.render.commonmark import _github_slug


def _by_character(source: str) -> str:
    out = []
    for ch in source.strip():
        if ch in " -":
            out.append("-")
        elif ch == "_" or ch.isalpha() or ch.isdigit():
            out.append(ch.lower())
    return "".join(out)


def test_every_ascii_character_and_random_headings_slug_as_the_rule_says() -> None:
    for code in range(128):
        text = f"a{chr(code)}b {chr(code)}"
        assert _github_slug(text) == _by_character(text), code
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(128)] + ["é", "Ж", "²", "٣", "\u00a0", "日"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert _github_slug(text) == _by_character(text), repr(text)
