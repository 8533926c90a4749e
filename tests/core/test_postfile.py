"""Post files: reading front matter and body, lossless edits, loading, saving and errors."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from blogdesk.core.postfile import (
    Fingerprint,
    PostError,
    PostFile,
    load_post,
    parse_post,
    save_post,
)

P = Path("post.md")


def parse(data: bytes, *, strict: bool = True) -> PostFile:
    return parse_post(data, P, strict=strict)


def changed_lines(before: bytes, after: bytes) -> list[tuple[str, str]]:
    """Pairs of (old line, new line) that differ, for same-length files."""
    a = before.split(b"\n")
    b = after.split(b"\n")
    assert len(a) == len(b), (before, after)
    return [(x.decode(), y.decode()) for x, y in zip(a, b, strict=True) if x != y]


# ---------------------------------------------------------------------------- reading


def test_yaml_front_matter_and_body():
    """A `---` block gives plain metadata and the body after the closing fence, untouched."""
    post = parse(b"---\ntitle: Hello\ntags: [a, b]\ndraft: false\n---\n\nBody text\n")
    assert post.format == "yaml"
    assert post.metadata == {"title": "Hello", "tags": ["a", "b"], "draft": False}
    assert post.body == "\nBody text\n"
    assert post.raw_front_matter == "title: Hello\ntags: [a, b]\ndraft: false\n"
    assert post.line_of_body_start() == 6  # the blank line after the fence is body
    assert post.error is None
    assert not post.modified


def test_metadata_is_plain_python():
    """ruamel types come back as dict, list, str, int, float, bool, date and datetime."""
    post = parse(
        b"---\n"
        b"title: 'quoted'\n"
        b"summary: |\n  two\n  lines\n"
        b"author:\n  name: Ann\n"
        b"tags:\n  - a\n"
        b"n: 0x10\nf: 1.10\nb: true\n"
        b"day: 2024-01-02\n"
        b"at: 2022-12-06T09:05:28-06:00\n"
        b"---\n"
    )
    meta = post.metadata
    assert type(meta["title"]) is str and meta["title"] == "quoted"
    assert type(meta["summary"]) is str and meta["summary"] == "two\nlines\n"
    assert type(meta["author"]) is dict and meta["author"] == {"name": "Ann"}
    assert type(meta["tags"]) is list
    assert type(meta["n"]) is int and meta["n"] == 16
    assert type(meta["f"]) is float and meta["f"] == 1.1
    assert meta["b"] is True
    assert type(meta["day"]) is dt.date and meta["day"] == dt.date(2024, 1, 2)
    assert type(meta["at"]) is dt.datetime
    assert meta["at"] == dt.datetime(2022, 12, 6, 15, 5, 28, tzinfo=dt.timezone.utc)


def test_metadata_is_a_copy():
    """Changing the returned dict does not change the post."""
    post = parse(b"---\ntags: [a]\n---\n")
    post.metadata["tags"].append("b")
    assert post.metadata == {"tags": ["a"]}
    assert not post.modified


def test_yaml_12_keeps_norway_values_as_text():
    """`NO`, `12:30` stay strings (YAML 1.2), unlike PyYAML's YAML 1.1 reading."""
    post = parse(b"---\ncountry: NO\ntime: 12:30\nflag: yes\n---\n")
    assert post.metadata == {"country": "NO", "time": "12:30", "flag": "yes"}


def test_keys_named_content_and_handler_and_non_string_keys():
    """Keys that crash python-frontmatter (`content`, `handler`, `2020`, `yes`) are read."""
    post = parse(b"---\ncontent: c\nhandler: h\n2020: x\nyes: 1\n---\nbody")
    assert post.metadata == {"content": "c", "handler": "h", 2020: "x", "yes": 1}
    post.set("content", "new")
    assert post.to_bytes() == b"---\ncontent: new\nhandler: h\n2020: x\nyes: 1\n---\nbody"


def test_thematic_break_then_paragraph_is_not_front_matter():
    """`---`, a paragraph, `---`: no front matter, and no text is lost (whole file is body)."""
    data = b"---\n\nIntro para\n\n---\n\nRest\n"
    post = parse(data)
    assert post.format is None
    assert post.metadata == {}
    assert post.body == data.decode()
    assert post.line_of_body_start() == 1
    assert post.to_bytes() == data


def test_thematic_break_then_unparsable_prose_is_not_front_matter():
    """Prose YAML cannot read (`*emphasis*`) between two rules stays body text."""
    data = b"---\n*Note* the asterisks\n\n---\nRest\n"
    post = parse(data)
    assert post.format is None
    assert post.body == data.decode()


def test_title_between_fences_is_front_matter():
    """`---\\ntitle: x\\n---` with no body is front matter with an empty body."""
    post = parse(b"---\ntitle: x\n---")
    assert post.format == "yaml"
    assert post.metadata == {"title": "x"}
    assert post.body == ""


def test_no_closing_fence_means_no_front_matter():
    """An opening `---` with no closing line is a rule: everything is body."""
    data = b"---\ntitle: x\n\nno closing fence\n"
    post = parse(data)
    assert post.format is None
    assert post.body == data.decode()


def test_opening_fence_must_be_first():
    """A front-matter-looking block that does not start at byte 0 is body."""
    data = b"\n---\ntitle: x\n---\nbody\n"
    post = parse(data)
    assert post.format is None
    assert post.body == data.decode()


def test_dot_dot_dot_closes_yaml():
    """YAML's `...` document end is accepted as the closing fence."""
    post = parse(b"---\ntitle: x\n...\nbody\n")
    assert post.metadata == {"title": "x"}
    assert post.body == "body\n"


def test_empty_front_matter():
    """`---\\n---` is an empty front matter block: format yaml, no fields."""
    post = parse(b"---\n---\nbody\n")
    assert post.format == "yaml"
    assert post.metadata == {}
    assert post.body == "body\n"


def test_bom_is_remembered_and_front_matter_found():
    """A UTF-8 BOM does not hide the front matter and is written back."""
    data = b"\xef\xbb\xbf---\ntitle: x\n---\nbody\n"
    post = parse(data)
    assert post.bom
    assert post.metadata == {"title": "x"}
    post.set("title", "y")
    assert post.to_bytes() == b"\xef\xbb\xbf---\ntitle: y\n---\nbody\n"


def test_crlf_file_reports_crlf_and_gives_lf_text():
    """A CRLF file says so in `newline`; body and raw front matter use "\\n"."""
    post = parse(b"---\r\ntitle: x\r\n---\r\nline 1\r\nline 2\r\n")
    assert post.newline == "\r\n"
    assert post.body == "line 1\nline 2\n"
    assert post.raw_front_matter == "title: x\n"


def test_toml_front_matter():
    """`+++` TOML front matter is read with tomlkit into plain values."""
    post = parse(b"+++\ntitle = \"T\"\ndate = 2024-01-02\ntags = [\"a\"]\n+++\nbody\n")
    assert post.format == "toml"
    assert post.metadata == {"title": "T", "date": dt.date(2024, 1, 2), "tags": ["a"]}
    assert post.body == "body\n"


def test_json_front_matter():
    """A JSON object at the start is front matter; the body follows the closing brace line."""
    post = parse(b'{\n  "title": "T",\n  "draft": true\n}\n\nbody\n')
    assert post.format == "json"
    assert post.metadata == {"title": "T", "draft": True}
    assert post.body == "\nbody\n"


def test_brace_paragraph_is_not_json():
    """Text that merely starts with `{` (a Liquid tag) is body."""
    data = b"{% include note.html %}\ntext\n"
    post = parse(data)
    assert post.format is None
    assert post.body == data.decode()


# ---------------------------------------------------------------------------- edits


def test_no_edit_is_byte_identical():
    """Opening a post and asking for its bytes gives the original bytes."""
    data = b"---\n# comment\ntitle:   'x'   # inline\n---\n\n    code\ntrailing  \n\n\n"
    post = parse(data)
    assert post.to_bytes() == data
    assert not post.modified


def test_body_edit_keeps_front_matter_bytes():
    """Changing the body leaves every byte of the fences and front matter alone."""
    head = b"---\r\n# c\r\ntitle:   'x'\r\n---\r\n"
    post = parse(head + b"old\r\n")
    post.set_body("new text\nsecond\n")
    assert post.to_bytes() == head + b"new text\r\nsecond\r\n"
    assert post.modified


def test_body_edit_keeps_mixed_line_endings_outside_the_edit():
    """Unchanged lines keep their own ending in a mixed LF/CRLF body."""
    post = parse(b"a\r\nb\nc\r\nd\r\n")
    assert post.newline == "\r\n"  # the dominant style: new lines get it
    post.set_body("a\nb\nX\nd\n")
    assert post.to_bytes() == b"a\r\nb\nX\r\nd\r\n"


def test_setting_the_same_body_changes_nothing():
    """Setting the body it already has (even with CRLF given back as LF) is no edit."""
    data = b"---\r\ntitle: x\r\n---\r\nbody\r\n"
    post = parse(data)
    post.set_body(post.body)
    assert not post.modified
    assert post.to_bytes() == data


def test_field_edit_changes_only_that_line():
    """Changing `title` changes exactly the title line; comment and others stay."""
    data = (
        b"---\n# top comment\ntitle: Old title  # keep me\ndate: 2024-01-02\n"
        b"tags: [a, 'b']\nunknown: {x: 1}\n---\nbody\n"
    )
    post = parse(data)
    post.set("title", "New title")
    assert changed_lines(data, post.to_bytes()) == [
        ("title: Old title  # keep me", "title: New title  # keep me")
    ]
    assert post.metadata["title"] == "New title"


def test_field_edit_keeps_quote_style():
    """A double-quoted title stays double-quoted, a single-quoted one single-quoted."""
    post = parse(b"---\na: \"x\"\nb: 'y'\n---\n")
    post.set("a", "new")
    post.set("b", "it's")
    assert post.to_bytes() == b"---\na: \"new\"\nb: 'it''s'\n---\n"


@pytest.mark.parametrize(
    "title", ["Title: with colon", "#hash", "'quote'", "* star", "yes", "NO", "12:30", "1.10",
              "😀 emoji", "- dash", "[bracket", "  spaces  ", "null", "~", "@at", "a # b"],
)
def test_title_that_needs_quoting_reads_back(title: str):
    """Any title is written so that it reads back as exactly that string."""
    post = parse(b"---\ntitle: x\nother: 1\n---\nbody\n")
    post.set("title", title)
    again = parse(post.to_bytes())
    assert again.metadata == {"title": title, "other": 1}
    assert post.to_bytes().endswith(b"other: 1\n---\nbody\n")


def test_yaml11_ambiguous_new_values_are_quoted():
    """Strings a YAML 1.1 site generator would misread (`yes`, `NO`, `012345`) get quotes."""
    post = parse(b"---\ntitle: x\n---\n")
    post.set("flag", "yes")
    post.set("zip", "012345")
    assert post.to_bytes() == b'---\ntitle: x\nflag: "yes"\nzip: "012345"\n---\n'


def test_setting_the_same_value_changes_nothing():
    """Setting a field to the value it has (date, list, bool, str) makes no change."""
    data = b"---\ntitle: 'x'\ndate: 2024-01-02\ntags: [a, b]\ndraft: no_such\nok: true\n---\n"
    post = parse(data)
    post.set("title", "x")
    post.set("date", dt.date(2024, 1, 2))
    post.set("tags", ["a", "b"])
    post.set("tags", ("a", "b"))
    post.set("ok", True)
    assert not post.modified
    assert post.to_bytes() == data


def test_true_is_not_one():
    """Setting `True` on a field holding `1` is a change (bool and int are told apart)."""
    post = parse(b"---\nn: 1\n---\n")
    post.set("n", True)
    assert post.metadata == {"n": True}


def test_new_key_is_appended_with_file_newline():
    """A new key goes at the end of the front matter, with the file's CRLF endings."""
    data = b"---\r\ntitle: x\r\n# trailing comment\r\n---\r\nbody\r\n"
    post = parse(data)
    post.set("draft", True)
    assert post.to_bytes() == (
        b"---\r\ntitle: x\r\n# trailing comment\r\ndraft: true\r\n---\r\nbody\r\n"
    )


def test_new_block_for_post_without_front_matter():
    """A post with no front matter that gets a field gets a new YAML block; body unchanged."""
    post = parse(b"---\n\nIntro para\n\n---\n\nRest\n")
    post.set("title", "Hello")
    assert post.to_bytes() == b"---\ntitle: Hello\n---\n---\n\nIntro para\n\n---\n\nRest\n"
    again = parse(post.to_bytes())
    assert again.metadata == {"title": "Hello"}
    assert again.body == "---\n\nIntro para\n\n---\n\nRest\n"


def test_new_block_uses_crlf_and_keeps_bom():
    """The new block follows the file's newline style and goes after the BOM."""
    post = parse(b"\xef\xbb\xbfline\r\n")
    post.set("title", "T")
    assert post.to_bytes() == b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\nline\r\n"


def test_list_edit_changes_only_the_entry():
    """Removing a tag from a block list removes only its line; comments on others stay."""
    data = b"---\ntags:\n  - one  # first\n  - two\n  - three\nafter: 1\n---\n"
    post = parse(data)
    post.set("tags", ["one", "three"])
    assert post.to_bytes() == b"---\ntags:\n  - one  # first\n  - three\nafter: 1\n---\n"


def test_list_styles_are_kept():
    """A flow list stays a flow list; a `- ` list without indent stays that way."""
    post = parse(b"---\na: [x, 'y']\nb:\n- x\n---\n")
    post.set("a", ["x", "y", "z"])
    post.set("b", ["x", "w"])
    assert post.to_bytes() == b"---\na: [x, 'y', z]\nb:\n- x\n- w\n---\n"


def test_four_space_mapping_indent_is_kept():
    """A nested mapping written with four spaces keeps four spaces after an edit."""
    data = b"---\nauthor:\n    name: A\n    url: u\nother: 1\n---\n"
    post = parse(data)
    post.set("author", {"name": "B", "url": "u"})
    assert post.to_bytes() == b"---\nauthor:\n    name: B\n    url: u\nother: 1\n---\n"


def test_block_scalar_edit():
    """A `|` summary stays a `|` block; the comment after it stays."""
    data = b"---\nsummary: |\n  a\n  b\n# about other\nother: 1\n---\n"
    post = parse(data)
    post.set("summary", "x\ny\n")
    assert post.to_bytes() == b"---\nsummary: |\n  x\n  y\n# about other\nother: 1\n---\n"


def test_unset_removes_only_that_field():
    """Removing a key removes its lines and nothing else."""
    data = b"---\ntitle: x\ntags:\n  - a\n  - b\n# c\ndraft: true\n---\nbody\n"
    post = parse(data)
    post.unset("tags")
    assert post.to_bytes() == b"---\ntitle: x\n# c\ndraft: true\n---\nbody\n"
    post.unset("missing")
    assert post.metadata == {"title": "x", "draft": True}


def test_alias_edit():
    """Setting a key written as an alias replaces the alias; the anchor stays."""
    post = parse(b"---\na: &x 1\nb: *x\n---\n")
    post.set("b", 2)
    assert post.to_bytes() == b"---\na: &x 1\nb: 2\n---\n"


def test_edit_that_would_break_an_alias_is_refused():
    """Changing an anchored value used elsewhere would change two keys: PostError, no change."""
    data = b"---\na: &x 1\nb: *x\n---\n"
    post = parse(data)
    with pytest.raises(PostError) as err:
        post.set("a", 2)
    assert "'a'" in str(err.value)
    assert post.to_bytes() == data


@pytest.mark.parametrize(
    ("source", "value", "written"),
    [
        ("2024-01-02", dt.date(2024, 3, 4), "2024-03-04"),
        ("2024-01-02", dt.datetime(2024, 3, 4), "2024-03-04"),
        ("2024-01-02", dt.datetime(2024, 3, 4, 10, 30), "2024-03-04T10:30:00"),
        ("2024-01-02T10:00:00Z", dt.datetime(2024, 3, 4, 8, 0, tzinfo=dt.timezone.utc),
         "2024-03-04T08:00:00Z"),
        ("2022-12-06T09:05:28-06:00",
         dt.datetime(2023, 1, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
         "2023-01-01T10:00:00+02:00"),
        ("2022-12-06 09:05", dt.datetime(2023, 1, 1, 10, 0), "2023-01-01 10:00"),
        ("2024-01-02 10:00:00 +0200",
         dt.datetime(2024, 5, 5, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
         "2024-05-05 08:00:00 +0200"),
        ("'2024-01-02'", dt.date(2024, 3, 4), "'2024-03-04'"),
    ],
)
def test_dates_keep_the_source_style(source: str, value: dt.date, written: str):
    """A date is written in the style the file used for that key."""
    post = parse(f"---\ndate: {source}\nx: 1\n---\n".encode())
    post.set("date", value)
    assert post.to_bytes() == f"---\ndate: {written}\nx: 1\n---\n".encode()


def test_new_date_fields():
    """New date fields: a date as `YYYY-MM-DD`, a datetime as ISO 8601; they read back."""
    post = parse(b"---\n---\n")
    post.set("date", dt.date(2024, 1, 2))
    post.set("updated", dt.datetime(2024, 1, 2, 3, 4, 5))
    assert post.to_bytes() == b"---\ndate: 2024-01-02\nupdated: 2024-01-02T03:04:05\n---\n"
    assert parse(post.to_bytes()).metadata["updated"] == dt.datetime(2024, 1, 2, 3, 4, 5)


def test_unsupported_value_type():
    """A value front matter cannot hold is a TypeError, and nothing changes."""
    post = parse(b"---\na: 1\n---\n")
    with pytest.raises(TypeError):
        post.set("a", object())
    assert not post.modified


def test_toml_edit_keeps_other_lines():
    """A TOML field edit changes only that line; a new key stays out of the tables."""
    data = (
        b"+++\r\n# c\r\ntitle = 'x'\r\ndate = 2024-01-02\r\n\r\n[params]\r\na = 1\r\n"
        b"+++\r\nbody\r\n"
    )
    post = parse(data)
    post.set("title", "y")
    assert post.to_bytes() == data.replace(b"title = 'x'", b"title = 'y'")
    post.set("draft", True)
    again = parse(post.to_bytes())
    assert again.metadata == {
        "title": "y", "date": dt.date(2024, 1, 2), "params": {"a": 1}, "draft": True
    }
    assert b"\r\ndraft = true\r\n" in post.to_bytes()
    assert b"\n" not in post.to_bytes().replace(b"\r\n", b"")


def test_json_edit_is_in_place():
    """A JSON field edit replaces only that member's value; a new member is appended."""
    data = b'{\n  "title": "x",\n  "tags": ["a"]\n}\nbody\n'
    post = parse(data)
    post.set("tags", ["a", "b"])
    assert post.to_bytes() == b'{\n  "title": "x",\n  "tags": ["a", "b"]\n}\nbody\n'
    post.set("draft", False)
    assert post.to_bytes() == (
        b'{\n  "title": "x",\n  "tags": ["a", "b"],\n  "draft": false\n}\nbody\n'
    )
    post.unset("title")
    assert post.to_bytes() == b'{\n  "tags": ["a", "b"],\n  "draft": false\n}\nbody\n'


def test_raw_front_matter_edit():
    """The raw editor replaces the block; bad YAML sets `.error` and keeps the text."""
    post = parse(b"---\ntitle: x\n---\nbody\n")
    post.set_raw_front_matter("title: y\ntags: [a]\n")
    assert post.metadata == {"title": "y", "tags": ["a"]}
    post.set_raw_front_matter("title: [broken\n")
    assert post.error is not None and post.error.kind == "yaml"
    assert post.metadata == {}
    assert post.to_bytes() == b"---\ntitle: [broken\n---\nbody\n"
    with pytest.raises(PostError):
        post.set("title", "z")


def test_raw_front_matter_cannot_swallow_the_body():
    """A fence line typed into the raw editor is refused: the body cannot move."""
    post = parse(b"---\ntitle: x\n---\nbody\n")
    with pytest.raises(PostError):
        post.set_raw_front_matter("title: y\n---\nmore: 1\n")
    assert post.to_bytes() == b"---\ntitle: x\n---\nbody\n"


def test_raw_front_matter_on_post_without_one():
    """Typing front matter for a post that had none creates a YAML block."""
    post = parse(b"body\n")
    post.set_raw_front_matter("title: x")
    assert post.to_bytes() == b"---\ntitle: x\n---\nbody\n"


def test_surrogates_are_refused():
    """Text that cannot be UTF-8 (a lone surrogate) is refused at once, not at save time."""
    post = parse(b"body\n")
    with pytest.raises(PostError) as err:
        post.set_body("bad \ud800")
    assert err.value.kind == "encoding"


# ---------------------------------------------------------------------------- errors


def error_of(data: bytes, **kw) -> PostError:
    with pytest.raises(PostError) as err:
        parse_post(data, P, **kw)
    return err.value


def test_invalid_yaml_names_file_and_line():
    """Invalid YAML: kind "yaml", the file line of the problem, and the file name."""
    err = error_of(b"---\ntitle: x\ntags: [a, b\nother: 1\n---\nbody\n")
    assert err.kind == "yaml"
    assert err.path == P
    assert err.line is not None and 3 <= err.line <= 5
    assert str(err).startswith(f"{P}:{err.line}: invalid YAML front matter")


def test_bad_indentation_line():
    """A wrongly indented key is reported on its own line."""
    err = error_of(b"---\ntitle: x\n  bad: indent\n---\n")
    assert (err.kind, err.line) == ("yaml", 3)


def test_duplicate_key_is_an_error():
    """Duplicate keys are not silently merged: error on the second one."""
    err = error_of(b"---\ntitle: x\ntitle: y\n---\n")
    assert err.kind == "yaml"
    assert err.line == 3


def test_list_front_matter_is_not_a_mapping():
    """A YAML list between fences: kind "not-mapping", line of the first front matter line."""
    err = error_of(b"---\n- a\n- b\n---\nbody\n")
    assert (err.kind, err.line) == ("not-mapping", 2)
    assert "list" in err.message


def test_lenient_load_keeps_raw_front_matter():
    """strict=False: the post opens with .error set, no metadata, all text kept."""
    data = b"---\n- a\n- b\n---\nbody\n"
    post = parse_post(data, P, strict=False)
    assert post.error is not None and post.error.kind == "not-mapping"
    assert post.metadata == {}
    assert post.raw_front_matter == "- a\n- b\n"
    assert post.body == "body\n"
    post.set_body("new body\n")
    assert post.to_bytes() == b"---\n- a\n- b\n---\nnew body\n"


def test_invalid_toml():
    """Invalid TOML: kind "toml" and the file line."""
    err = error_of(b"+++\ntitle = 'x'\ndate = \n+++\n")
    assert (err.kind, err.line) == ("toml", 3)


def test_invalid_json():
    """Invalid JSON after a lone `{`: kind "json" and the line."""
    err = error_of(b'{\n  "title": "x",\n  "tags": \n}\nbody\n')
    assert err.kind == "json"
    assert err.line == 4


def test_non_utf8_names_byte_and_line():
    """Latin-1 bytes: kind "encoding", the line and offset of the first bad byte."""
    err = error_of(b"---\ntitle: ok\n---\ncaf\xe9\n")
    assert (err.kind, err.line) == ("encoding", 4)
    assert "offset 21" in err.message and "0xE9" in err.message


def test_non_utf8_raises_even_when_lenient():
    """Encoding errors are never lenient: such a file is not opened for editing."""
    assert error_of(b"caf\xe9", strict=False).kind == "encoding"


def test_binary_file():
    """NUL bytes in the first 8 KB: kind "binary"."""
    assert error_of(b"\x89PNG\r\n\x1a\n\x00\x00").kind == "binary"


def test_utf16_is_refused():
    """UTF-16 text with a BOM: kind "encoding" with a clear message."""
    err = error_of("---\ntitle: x\n---\n".encode("utf-16"))
    assert err.kind == "encoding" and "UTF-16" in err.message


def test_post_error_pickles():
    """PostError survives a trip between processes (the library scans in workers)."""
    err = PostError(P, "bad", 3, "yaml")
    again = pickle.loads(pickle.dumps(err))
    assert (again.path, again.message, again.line, again.kind) == (P, "bad", 3, "yaml")
    assert str(again) == "post.md:3: bad"
    assert str(PostError(P, "bad")) == "post.md: bad"


# ---------------------------------------------------------------------------- files


def test_load_post_fingerprint(tmp_path: Path):
    """load_post fingerprints the bytes it read: size, mtime_ns, sha256."""
    f = tmp_path / "a.md"
    f.write_bytes(b"---\ntitle: x\n---\nbody\n")
    post = load_post(f)
    assert post.fingerprint == Fingerprint.of_file(f)
    assert post.fingerprint is not None and post.fingerprint.size == f.stat().st_size
    assert Fingerprint.of_file(tmp_path / "missing.md") is None


def test_too_large(tmp_path: Path):
    """A file over the limit: kind "too-large", nothing parsed."""
    f = tmp_path / "big.md"
    f.write_bytes(b"x" * 2000)
    with pytest.raises(PostError) as err:
        load_post(f, max_bytes=1000)
    assert err.value.kind == "too-large"


def test_missing_and_folder(tmp_path: Path):
    """A missing path or a folder: kind "io" naming the file."""
    with pytest.raises(PostError) as err:
        load_post(tmp_path / "nope.md")
    assert err.value.kind == "io" and "nope.md" in str(err.value)
    with pytest.raises(PostError) as err:
        load_post(tmp_path)
    assert err.value.kind == "io"


def test_unmodified_save_writes_nothing(tmp_path: Path):
    """save_post on an unedited post returns False and does not touch the file."""
    f = tmp_path / "a.md"
    f.write_bytes(b"---\ntitle: x\n---\nbody")
    before = f.stat()
    post = load_post(f)
    post.set("title", "x")
    post.set_body("body")
    assert save_post(post) is False
    after = f.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_save_updates_baseline_and_fingerprint(tmp_path: Path):
    """After a save, `modified` is False and the fingerprint matches the new file."""
    f = tmp_path / "a.md"
    f.write_bytes(b"---\ntitle: x\n---\nbody\n")
    post = load_post(f)
    post.set("title", "y")
    assert post.modified
    assert save_post(post) is True
    assert f.read_bytes() == b"---\ntitle: y\n---\nbody\n"
    assert not post.modified
    assert post.fingerprint == Fingerprint.of_file(f)
    assert save_post(post) is False


def test_error_post_is_never_rewritten_by_save(tmp_path: Path):
    """A lenient post with bad front matter and no edit is not written."""
    f = tmp_path / "a.md"
    f.write_bytes(b"---\ntitle: [\n---\nbody\n")
    post = load_post(f, strict=False)
    assert post.error is not None
    assert save_post(post) is False
    assert f.read_bytes() == b"---\ntitle: [\n---\nbody\n"


def test_rebase_to_makes_recovered_text_unsaved(tmp_path: Path):
    """rebase_to: a post built from recovered text counts as unsaved against the disk bytes,
    and a save writes it and makes it clean again."""
    f = tmp_path / "a.md"
    f.write_bytes(b"---\ntitle: disk\n---\nold\n")
    post = parse_post(b"---\ntitle: recovered\n---\nnew\n", f)
    assert not post.modified
    post.rebase_to(f.read_bytes(), Fingerprint.of_file(f))
    assert post.modified
    assert save_post(post)
    assert f.read_bytes() == b"---\ntitle: recovered\n---\nnew\n"
    assert not post.modified
    post.rebase_to(b"", None)  # the file was deleted: everything is unsaved
    assert post.modified and post.fingerprint is None


@pytest.mark.parametrize(
    ("source", "key", "value", "result"),
    [
        (b"---\n  title: x\n  tags:\n    - a\n---\n", "tags", ["a", "b"],
         b"---\n  title: x\n  tags:\n    - a\n    - b\n---\n"),
        (b"---\n  title: x\n---\n", "draft", True, b"---\n  title: x\n  draft: true\n---\n"),
        (b"---\nlinks:\n  - name: a\n    url: b\nx: 1\n---\n", "links",
         [{"name": "a", "url": "b"}, {"name": "c", "url": "d"}],
         b"---\nlinks:\n  - name: a\n    url: b\n  - name: c\n    url: d\nx: 1\n---\n"),
        (b"---\n? complex\n: value\nx: 1\n---\n", "x", 3, b"---\n? complex\n: value\nx: 3\n---\n"),
        (b"---\ntags: []\n---\n", "tags", ["a"], b"---\ntags: [a]\n---\n"),
        (b"---\ntitle:\n  On the next line\nx: 1\n---\n", "title", "New",
         b"---\ntitle: New\nx: 1\n---\n"),
        (b"---\nbase: &b\n  a: 1\nother:\n  <<: *b\n  c: 2\nx: 1\n---\n", "x", 2,
         b"---\nbase: &b\n  a: 1\nother:\n  <<: *b\n  c: 2\nx: 2\n---\n"),
        (b"---\nauthor: {name: A}\n---\n", "author", {"name": "B"},
         b"---\nauthor: {name: B}\n---\n"),
    ],
)
def test_unusual_layouts_edit_in_place(source: bytes, key: str, value, result: bytes):
    """Indented blocks, lists of mappings, complex keys, empty flow lists, values on the next
    line, merge keys and inline mappings are edited in place."""
    post = parse(source)
    post.set(key, value)
    assert post.to_bytes() == result
    assert parse(result).metadata[key] == value


@pytest.mark.parametrize(
    ("source", "op", "key"),
    [
        (b"---\n{title: x, tags: [a]}\n---\n", "set", "title"),  # one-line mapping
        (b"---\n<<: {m: 1}\nx: 1\n---\n", "unset", "m"),  # a key that only comes from a merge
    ],
)
def test_edits_that_cannot_be_local_are_refused(source: bytes, op: str, key: str):
    """When a field has no lines of its own, the edit is refused with PostError, not forced."""
    post = parse(source)
    with pytest.raises(PostError) as err:
        post.set(key, "y") if op == "set" else post.unset(key)
    assert err.value.line == 2
    assert post.to_bytes() == source


def test_lone_cr_in_front_matter_is_readable_but_not_edited():
    """Front matter with a lone CR (old Mac line break) reads, but a field edit is refused
    because YAML and the editor would not agree on its lines."""
    post = parse(b"---\ntitle: x\rdraft: true\n---\nbody\n")
    assert post.metadata == {"title": "x", "draft": True}
    with pytest.raises(PostError):
        post.set("title", "y")
    post.set_body("edited\n")
    assert post.to_bytes() == b"---\ntitle: x\rdraft: true\n---\nedited\n"


def test_comment_after_block_indicator_does_not_break_an_edit():
    """ruamel.yaml cannot re-emit a comment after `|` when the value becomes a list; the
    edit still succeeds (from a fresh entry) and changes only that field."""
    post = parse(b"---\ns: |  # note\n    text\nother: |  # note\n    more\n---\n")
    post.set("s", [])
    assert post.to_bytes() == b"---\ns: []\nother: |  # note\n    more\n---\n"


def test_reader_recovers_after_errors():
    """The YAML reader is reused per thread: after any error it still reads the next post."""
    for bad in (b"---\ntitle: [\n---\n", b"---\na: 1\na: 2\n---\n", b"---\n\tx: 1\n---\n"):
        assert parse(bad, strict=False).error is not None
        assert parse(b"---\ntitle: fine\n---\n").metadata == {"title": "fine"}


def test_threads_parse_independently():
    """Posts parsed on several threads at once all come out right."""
    from concurrent.futures import ThreadPoolExecutor

    def work(i: int) -> dict:
        return parse(f"---\ntitle: Post {i}\ntags: [t{i}]\n---\nbody {i}\n".encode()).metadata

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(200)))
    assert results == [{"title": f"Post {i}", "tags": [f"t{i}"]} for i in range(200)]


def test_toml_duplicate_key_is_an_error_with_line():
    """A TOML key given twice is reported on the line of the second one."""
    err = error_of(b"+++\ntitle = 'a'\ntitle = 'b'\n+++\n")
    assert (err.kind, err.line) == ("toml", 3)
