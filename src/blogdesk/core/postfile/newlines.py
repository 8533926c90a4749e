"""Line endings: splitting lines with their own endings, folding CRLF, and giving edited text
the line endings of the text it replaces.
"""

from __future__ import annotations

import re

_CR_RUN = re.compile(r"\r+\n")


def _split_nl(text: str) -> list[str]:
    """Split on "\\n", keeping each line's own ending ("\\n", "\\r\\n" or none for the last)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _lf(text: str) -> str:
    """CRLF (and any run of CRs before a LF, which no editor shows) as "\\n"."""
    return _CR_RUN.sub("\n", text) if "\r" in text else text


def _strip_cr(line: str) -> str:
    return _lf(line)


def _dominant_newline(text: str) -> str:
    """The more common of CRLF and LF; on a tie, the one that comes first."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    if crlf != lf:
        return "\r\n" if crlf > lf else "\n"
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _reapply_newlines(old_raw: str, new_text: str, newline: str) -> str:
    """Give `new_text` ("\\n" newlines) the line endings of `old_raw` wherever lines are unchanged.

    Unchanged lines keep their own ending (so a mixed LF/CRLF file stays mixed outside the edit);
    new or changed lines get `newline`.
    """
    old = _split_nl(old_raw)
    new = _split_nl(new_text)
    old_norm = [_strip_cr(line) for line in old]
    out: list[str] = []
    import difflib  # here: only edits need it, and the app's start does not (bench_startup.py)

    matcher = difflib.SequenceMatcher(None, old_norm, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(old[i1:i2])
        else:
            out.extend(_with_newline(line, newline) for line in new[j1:j2])
    return "".join(out)


def _reapply_newlines_fast(old_raw: str, new_text: str, newline: str) -> str:
    """Like `_reapply_newlines`, linear time: keeps the common leading and trailing lines."""
    if newline == "\n" and "\r" not in old_raw:
        return new_text  # every line keeps or gets "\n": the new text as it is (a 100k-word body
        # took ~25 ms on the UI thread going line by line)
    old = _split_nl(old_raw)
    new = _split_nl(new_text)
    n = min(len(old), len(new))
    head = 0
    while head < n and _strip_cr(old[head]) == new[head]:
        head += 1
    tail = 0
    while tail < n - head and _strip_cr(old[-1 - tail]) == new[-1 - tail]:
        tail += 1
    middle = [_with_newline(line, newline) for line in new[head:len(new) - tail]]
    return "".join(old[:head] + middle + old[len(old) - tail:])


def _with_newline(line: str, newline: str) -> str:
    return line[:-1] + newline if line.endswith("\n") else line
