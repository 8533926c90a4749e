"""The errors of post files: `PostError` (what the user is shown) and the refusal of an
edit that would touch other lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

KINDS = frozenset(
    {"yaml", "toml", "json", "not-mapping", "encoding", "binary", "too-large", "io", "write"}
)


class PostError(Exception):
    """A post file that cannot be read, understood or written; names the file and the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None,
                 kind: str = "io") -> None:
        self.path = Path(path)
        self.message = message
        self.line = line
        self.kind = kind
        super().__init__(path, message, line, kind)

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (PostError, (self.path, self.message, self.line, self.kind))


class _EditRefused(Exception):
    """An edit that would change more than its own field's lines; `PostFile` words the error."""
