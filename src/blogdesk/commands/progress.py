"""The command line's progress bar: a ``\\r`` line on stderr when it is a terminal, else silent."""

from __future__ import annotations

import time
from typing import TextIO


class ProgressBar:
    """A one-line ``[#####     ] 512/1000 label`` bar on a terminal; silent when not a terminal
    (a pipe, a log file, CI), so redirected output has no control characters in it."""

    LABEL = 40  # characters of the label shown (the end of a long path)

    def __init__(self, stream: TextIO, width: int = 30, interval: float = 0.05) -> None:
        self.stream = stream
        self.width = width
        self.interval = interval  # at most 20 redraws a second, and always the last one
        self.enabled = stream.isatty()
        self.shown = False
        self._drawn_at = 0.0

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if done < total and now - self._drawn_at < self.interval:
            return
        self._drawn_at = now
        filled = self.width * min(done, total) // total
        bar = "#" * filled + " " * (self.width - filled)
        text = f"\r[{bar}] {done}/{total}"
        if label:  # a file name or a phase: its length varies, so clear the rest of the line
            text += f" {label[-self.LABEL :]}\x1b[K"
        self.stream.write(text)
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the bar's line, so what follows starts on a fresh one."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False
