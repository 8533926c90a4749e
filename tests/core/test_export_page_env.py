"""The page templates' environment looks up ``value.key`` on dicts as Jinja's own does."""

from __future__ import annotations

import jinja2
import pytest

from blogdesk.core.export.page import _env


class _Keys(dict):  # a dict subclass keeps Jinja's own lookup (attributes first)
    kind = "attribute"


@pytest.mark.parametrize(
    "source",
    [
        "{{ d.kind }}|{{ d.text }}",
        "{{ d.items is defined }}|{{ d.get('kind') }}|{{ d.keys()|list }}",
        "{{ d['kind'] }}|{{ d.kind is defined }}|{{ d.absent is defined }}",
        "{{ s.kind }}|{{ s.text }}",
        "{{ n.upper() }}|{{ n.kind is defined }}",
    ],
)
def test_attribute_lookup_is_jinjas(source: str) -> None:
    """Items, dict methods, missing keys, subclasses and other values give what a plain
    StrictUndefined environment gives."""
    values = {"d": {"kind": "<b>", "text": "t"}, "s": _Keys(kind="item", text="x"), "n": "a"}
    plain = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    page_env = _env()
    assert page_env.from_string(source).render(values) == plain.from_string(source).render(values)


def test_a_missing_key_is_still_an_error() -> None:
    """StrictUndefined stays strict: a template that names a key the page lacks fails."""
    with pytest.raises(jinja2.UndefinedError):
        _env().from_string("{{ d.absent }}").render(d={"kind": "x"})
