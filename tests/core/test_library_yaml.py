"""The library's fast front-matter reader agrees with PyYAML and with postfile, or steps aside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogdesk.core import library_yaml
from blogdesk.core.postfile import _same, parse_post


def same(a: object, b: object) -> bool:
    """Equal values of equal types (NaN counts as equal to itself here)."""
    return _same(a, b) or (type(a) is type(b) and repr(a) == repr(b))


# fmt: off
TRICKY = [
    "", "plain", "Two words", "a:b", "a: b", "a #b", "a#b", "#x", "x #", "'quoted'", "'it''s'",
    '"double"', '"esc\\"aped"', "[a, b]", "[]", "[a, 'b c', \"d\"]", "[a, , b]", "{a: 1}", "-",
    "- x", "-5", "+3", "0", "00", "012", "0x1F", "0o7", "1_000", "1:30", "1.5", ".5", "1e3",
    "1.0e3", ".inf", "-.inf", ".nan", "true", "True", "TRUE", "tRue", "false", "yes", "No", "on",
    "OFF", "y", "n", "~", "null", "Null", "NULL", "2024-01-05", "2024-1-5", "2024-02-30",
    "2024-01-05 10:00:00", "2024-01-05T10:00:00Z", "2024-01-05T10:00:00+02:00",
    "2024-01-05 10:00:00 -0500", "12:30:00", "&anchor x", "*alias", "!!str 5", "!tag x", "|",
    ">", "%x", "@x", "`x`", "?", "? x", ":", "x:", "http://a.b/c?d=e#f", "Ünïcödé ✓", "a\tb",
    "ends with space ", "a, b", "[a, b] # c", "[a,b,]", "[[a]]", "[a: b]", "'a' 'b'", "...",
    "---", "=", "<<",
]
# fmt: on
KEYS = ["title", "tags", "date", "draft", "Title", "x_y", "n", "on", "true", "k-1", "<<", "a b"]

value = st.sampled_from(TRICKY) | st.text(
    alphabet=st.sampled_from(list("ab 1:#'\"[],-.é{}&*!|>")), max_size=8
)


@st.composite
def front_matters(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        key = draw(st.sampled_from(KEYS))
        kind = draw(st.integers(0, 5))
        if kind == 0:
            lines.append(f"{key}:")
            indent = draw(st.sampled_from(["", "  ", "    "]))
            for _ in range(draw(st.integers(0, 3))):
                lines.append(f"{indent}- {draw(value)}")
        elif kind == 1:
            lines.append(f"# {draw(value)}")
        else:
            lines.append(f"{key}: {draw(value)}")
    return "\n".join(lines) + "\n"


def pyyaml(text: str) -> object:
    try:
        return yaml.load(text, Loader=library_yaml._fast_loader())
    except library_yaml.Unusual:
        return "unusual"
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        return "error"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matters())
def test_the_line_reader_agrees_with_pyyaml(text: str) -> None:
    """Whatever the line reader accepts, PyYAML (with the same scalar rules) reads the same."""
    try:
        fast = library_yaml._read_lines(text)
    except library_yaml.Unusual:
        return
    slow = pyyaml(text)
    assert same(fast, slow), (text, fast, slow)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matters())
def test_the_fast_path_agrees_with_postfile(text: str) -> None:
    """Whatever the fast path reads, postfile (ruamel.yaml) reads the same metadata and body."""
    data = ("---\n" + text + "---\nThe body.\n").encode()
    try:
        metadata, body = library_yaml.split_plain(data)
    except library_yaml.Unusual:
        return
    post = parse_post(data, Path("p.md"), strict=False)
    assert post.error is None, (text, metadata, post.error)
    assert same(metadata, post.metadata), (text, metadata, post.metadata)
    assert body == post.body


# fmt: off
LEFT_TO_POSTFILE = [
    "draft: yes\n", "n: 012\n", "a: 1\na: 2\n", "x: 1_000\n", "t: 1:30\n", "x: 1e3\n",
    "on: 1\n", "title: [unclosed\n", "x: 2024-02-30\n", "title:\tTabbed\n", "x: !\n",
    "x: >#\n  text\n",
]
# fmt: on


@pytest.mark.parametrize("text", LEFT_TO_POSTFILE)
def test_what_the_fast_path_leaves_to_postfile(text: str) -> None:
    """YAML 1.1 spellings, duplicate keys and errors are not read on the fast path."""
    with pytest.raises(library_yaml.Unusual):
        library_yaml.split_plain(("---\n" + text + "---\n").encode())


@pytest.mark.parametrize(
    "data",
    [
        b"+++\ntitle = 'x'\n+++\n",
        b'{"title": "x"}\n',
        b"----\ntitle: x\n----\n",
        b"---\ntitle: x\n...\n",
        b"---\ntitle: x\n--- \nbody\n---\n",
        b"---\r\ntitle: x\rmore\r\n---\r\n",
        b"---\ntitle: never closed\n",
        b"\xff\xfebinary",
    ],
)
def test_other_shapes_go_to_postfile(data: bytes) -> None:
    with pytest.raises(library_yaml.Unusual):
        library_yaml.split_plain(data)


def test_plain_files_and_empty_front_matter() -> None:
    assert library_yaml.split_plain(b"Just text\n") == ({}, "Just text\n")
    assert library_yaml.split_plain(b"---\n---\nBody\n") == ({}, "Body\n")
    with_bom = b"\xef\xbb\xbf---\ntitle: T\n---\nB\n"
    assert library_yaml.split_plain(with_bom) == ({"title": "T"}, "B\n")


# fmt: off
SCALARS = [
    "0", "-0", "+0", "7", "-12", "+345", "123456789012345678901234567890", "0.", "-0.0", "1.5",
    ".5", "-.5", "+1.25e3", "1.0E-2", "3.e+4", ".inf", "-.inf", "+.Inf", ".INF", ".nan", ".NaN",
    ".NAN", "2024-01-05", "2024-1-5", "0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29",
    "2024-13-01", "2024-00-10", "2024-01-05 10:00:00", "2024-01-05t1:02:03", "2024-01-05T10:00:00Z",
    "2024-01-05T10:00:00.5Z", "2024-01-05T10:00:00.1234567", "2024-01-05T10:00:00.",
    "2024-01-05T10:00:00+02:00", "2024-01-05 10:00:00 -0500", "2024-01-05T10:00:00-5",
    "2024-01-05T23:59:60", "2024-01-05T24:00:00", "2024-01-05\t10:00:00 Z",
    "2024-01-05T10:00:00+23:59", "2024-01-05T10:00:00+24:00",
]
# fmt: on


@pytest.mark.parametrize("text", SCALARS)
def test_numbers_and_dates_are_what_pyyaml_makes_of_them(text: str) -> None:
    """The line reader builds the table's numbers and dates itself (PyYAML is not loaded for
    an ordinary post): the same value and type as PyYAML's constructor, or both refuse."""
    try:
        fast: object = library_yaml._scalar(text)
    except library_yaml.Unusual:
        fast = "unusual"
    slow = pyyaml(f"x: {text}\n")
    slow = slow["x"] if isinstance(slow, dict) else "unusual"
    assert same(fast, slow), (text, fast, slow)
    if isinstance(slow, float) and slow == slow:
        assert str(fast) == str(slow)  # the sign of zero and of infinity too


def test_ordinary_front_matter_is_read_without_loading_pyyaml() -> None:
    """In a fresh process, a post with a date, numbers and lists is read without PyYAML; front
    matter that needs it (a nested mapping) loads it then and is read the same as before."""
    script = (
        "import sys\n"
        "from blogdesk.core import library_yaml\n"
        "meta, body = library_yaml.split_plain(b'---\\ntitle: A post\\ndate: 2024-05-01T10:00:00Z"
        "\\nweight: 3\\nratio: 1.5\\ntags: [a, b]\\n---\\nBody\\n')\n"
        "print(meta['date'].isoformat(), meta['weight'], meta['ratio'], meta['tags'],"
        " body.strip())\n"
        "print('yaml' in sys.modules)\n"
        "print(library_yaml.split_plain(b'---\\nparams:\\n  a: 1\\n---\\n')[0])\n"
        "print('yaml' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    assert done.stdout.splitlines() == [
        "2024-05-01T10:00:00+00:00 3 1.5 ['a', 'b'] Body", "False", "{'params': {'a': 1}}", "True",
    ]  # fmt: skip
