"""The front-matter fences postfile looks for are python-frontmatter's own: a post is read as
YAML, TOML or JSON front matter exactly when python-frontmatter's handlers would detect it."""

from __future__ import annotations

import re

import pytest
from frontmatter import default_handlers as handlers

from blogdesk.core.postfile import parse

TEXTS = [
    "---\ntitle: Hi\n---\nBody\n",
    "-----\ntitle: Hi\n-----\n",
    "--- \ntitle: Hi\n---\n",
    "---\r\ntitle: Hi\r\n---\r\n",
    " ---\ntitle: Hi\n---\n",
    "--\ntitle: Hi\n--\n",
    "Body first\n---\ntitle: Hi\n---\n",
    "+++\ntitle = 'Hi'\n+++\n",
    "++++ \ntitle = 'Hi'\n++++\n",
    "++\ntitle = 'Hi'\n",
    '{\n"title": "Hi"\n}\nBody\n',
    '{"title": "Hi"}\nBody\n',
    "}\n",
    "",
    "\n---\ntitle: Hi\n---\n",
    "# A heading\n\nA paragraph.\n",
]


class _Toml(handlers.BaseHandler):  # type: ignore[misc, name-defined]
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)


@pytest.mark.parametrize("text", TEXTS)
def test_fences_detected_as_python_frontmatter_detects_them(text: str) -> None:
    assert bool(parse._YAML_START.match(text)) == handlers.YAMLHandler().detect(text)
    assert bool(parse._TOML_START.match(text)) == _Toml().detect(text)
    assert bool(parse._JSON_START.match(text)) == handlers.JSONHandler().detect(text)
