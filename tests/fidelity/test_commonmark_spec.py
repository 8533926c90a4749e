"""The CommonMark family passes the CommonMark spec examples (0.31.2, 652 examples).

Both sides go through blogdesk's sanitizer, then must be equal strings. Highlighting is off
here (the spec has no Pygments markup); the generators' extensions (tables, strikethrough) are
as Eleventy's markdown-it has them. The failures are listed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blogdesk.core.render import sanitize
from blogdesk.core.render.commonmark import CommonMarkOptions, render_body

SPEC = Path(__file__).parent / "data" / "commonmark-spec-0.31.2.json"


def _spec_results(options: CommonMarkOptions) -> tuple[int, list[str]]:
    examples = json.loads(SPEC.read_text(encoding="utf-8"))
    passed, failures = 0, []
    for example in examples:
        ours = render_body(example["markdown"], options).html
        if ours == sanitize(example["html"]):
            passed += 1
        else:
            failures.append(f"example {example['example']} ({example['section']}): {ours!r}")
    return passed, failures


@pytest.mark.parametrize("generator", ["commonmark", "eleventy"])
def test_commonmark_spec(generator: str) -> None:
    options = CommonMarkOptions.for_generator(generator, highlight=False, heading_ids="none")
    passed, failures = _spec_results(options)
    print(f"\n{generator}: {passed} of {passed + len(failures)} spec examples pass")
    print("\n".join(failures))
    assert passed + len(failures) == 652
    assert passed >= 645, "\n".join(failures)
