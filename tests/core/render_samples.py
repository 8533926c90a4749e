"""The Markdown the Python-Markdown speed-ups are checked on: the fidelity fixtures and the
sample library, each rendered with and without a speed-up (the tests require the same HTML)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def sample_posts() -> list[Path]:
    """Every fidelity fixture and every post of the sample library."""
    return sorted((REPO / "tests" / "fidelity" / "posts").glob("*.md")) + sorted(
        (REPO / "posts").rglob("*.md")
    )
