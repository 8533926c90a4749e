"""The CommonMark family passes the CommonMark spec examples (0.31.2, 652 examples).

Both sides go through blogdesk's sanitizer, then must be equal strings; the failures are listed,
with a count of those that differ only in whitespace between tags (an empty blockquote's
newline). Highlighting is off here (the spec has no Pygments markup), and so are the generators'
extensions: this is the family's CommonMark core, which each generator's options extend.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from blogdesk.core.render import sanitize
from blogdesk.core.render.commonmark import CommonMarkOptions, render_body

SPEC = Path(__file__).parent / "data" / "commonmark-spec-0.31.2.json"


def _between_tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def _spec_results(options: CommonMarkOptions) -> tuple[int, list[str], int]:
    """Examples passed exactly, the failures, and those equal but for whitespace between tags."""
    examples = json.loads(SPEC.read_text(encoding="utf-8"))
    passed, failures, whitespace_only = 0, [], 0
    for example in examples:
        ours = render_body(example["markdown"], options).html
        expected = sanitize(example["html"])
        if ours == expected:
            passed += 1
            continue
        failures.append(f"example {example['example']} ({example['section']}): {ours!r}")
        whitespace_only += _between_tags(ours) == _between_tags(expected)
    return passed, failures, whitespace_only


def test_commonmark_spec() -> None:
    generator = "commonmark"
    options = CommonMarkOptions.for_generator(generator, highlight=False)
    passed, failures, whitespace_only = _spec_results(options)
    print(
        f"\n{generator}: {passed} of {passed + len(failures)} spec examples pass exactly; "
        f"{whitespace_only} of the others differ only in whitespace between tags"
    )
    print("\n".join(failures))
    assert passed + len(failures) == 652
    assert passed >= 645, "\n".join(failures)
