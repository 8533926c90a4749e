"""JSON on stdout for every ``--json``: indented for a person at a terminal, compact when piped.

The same JSON either way; only the white space differs. Compact output goes through the json
module's C encoder in one write: ``indent`` selects the pure-Python encoder, which was about half
of ``blogdesk list --json`` at 10,000 posts.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

#: Said in ``blogdesk --help`` and in each command's ``--json`` help.
JSON_NOTE = "indented at a terminal, one compact line when piped"


def write_json(value: Any, stream: TextIO | None = None, **options: Any) -> None:
    """Write ``value`` as JSON and a newline; ``options`` go to ``json.dumps``."""
    out = stream if stream is not None else sys.stdout
    indent = 2 if indents(out) else None
    out.write(json.dumps(value, indent=indent, **options) + "\n")


def indents(stream: TextIO) -> bool:
    """True when ``write_json`` indents what it writes to ``stream`` (a terminal); otherwise
    a command may write the compact text ``json.dumps(value)`` would make some faster way."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False
