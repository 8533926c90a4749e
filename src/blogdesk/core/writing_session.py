"""A writing session's numbers: words written since the app started, a word goal, time writing.

Pure bookkeeping: the editor reports the post's word count after each edit, with the time; the
session keeps, per post, the count it started from, so switching posts neither loses nor
double-counts words. Time writing adds up the gaps between edits that are shorter than a pause
(a longer gap is a break, not writing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PAUSE_SECONDS", "WritingSession"]

#: A gap between two edits longer than this is a break and does not count as time writing.
PAUSE_SECONDS = 120.0


@dataclass
class WritingSession:
    """Words written and time spent writing since the session began, against a word goal."""

    goal: int = 0
    pause: float = PAUSE_SECONDS
    _start_counts: dict[Path | None, int] = field(default_factory=dict)
    _counts: dict[Path | None, int] = field(default_factory=dict)
    _last_edit: float | None = None
    seconds_writing: float = 0.0

    def opened(self, post: Path | None, words: int) -> None:
        """A post was opened with ``words`` words: later counts compare with this one."""
        self._start_counts.setdefault(post, words)
        self._counts.setdefault(post, words)

    def edited(self, post: Path | None, words: int, now: float) -> None:
        """The post has ``words`` words after an edit made at ``now`` (seconds, monotonic)."""
        self._start_counts.setdefault(post, words)
        self._counts[post] = words
        if self._last_edit is not None:
            gap = now - self._last_edit
            if 0 < gap <= self.pause:
                self.seconds_writing += gap
        self._last_edit = now

    def moved(self, old: Path | None, new: Path | None) -> None:
        """A post was renamed (or saved for the first time): its counts follow it."""
        if old in self._counts:
            self._counts[new] = self._counts.pop(old)
            self._start_counts[new] = self._start_counts.pop(old)

    @property
    def words_written(self) -> int:
        """Net words added this session, over every post (deleting words takes them back)."""
        return sum(self._counts[p] - self._start_counts[p] for p in self._counts)

    @property
    def progress(self) -> float | None:
        """The share of the goal reached (0 to 1), or None with no goal."""
        if self.goal <= 0:
            return None
        return min(1.0, max(0, self.words_written) / self.goal)

    def summary(self) -> str:
        """For the status bar: "412 of 500 words today · 23 min writing"."""
        written = max(0, self.words_written)
        minutes = int(self.seconds_writing // 60)
        goal = f"{written:,} of {self.goal:,} words" if self.goal > 0 else f"{written:,} words"
        return f"{goal} this session · {minutes} min writing"
