"""blogdesk.toml: defaults without it, every key read, and wrong types named by file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from blogdesk.core.config import (
    Author,
    CallToAction,
    Config,
    ConfigError,
    find_config_root,
    load_config,
)

FULL = """\
# a comment
title = "Margin Notes"
description = "Notes on writing."
base_url = "https://example.org/blog/"
language = "nl"
wpm = 238
file_pattern = "{date}-{slug}.md"
image_folder = "assets/img"
smart_quotes = false
posts_dir = "_posts"
something_new = "ignored"

[author]
name = "Hanna Vos"
role = "Editor"
bio = "Edits things."
url = "https://example.org/about/"
avatar = "ignored too"

[cta]
title = "Stuck?"
text = "Write to me."
label = "Write"
url = "mailto:h@example.org"
"""


def write(folder: Path, text: str) -> Path:
    (folder / "blogdesk.toml").write_text(text, encoding="utf-8")
    return folder


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config(root=tmp_path)
    assert (config.site_title, config.wpm, config.file_pattern) == ("My blog", 200, "{slug}.md")
    assert config.author == Author()
    assert config.cta is None
    assert config.smart_quotes is True


def test_every_key_is_read_and_unknown_keys_are_ignored(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    assert config == Config(
        root=tmp_path,
        site_title="Margin Notes",
        description="Notes on writing.",
        base_url="https://example.org/blog/",
        language="nl",
        author=Author("Hanna Vos", "Editor", "Edits things.", "https://example.org/about/"),
        cta=CallToAction("Stuck?", "Write to me.", "Write", "mailto:h@example.org"),
        wpm=238,
        file_pattern="{date}-{slug}.md",
        image_folder="assets/img",
        smart_quotes=False,
        posts_dir="_posts",
    )


def test_aliases_reading_speed_and_site_title(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, 'reading_speed = 180\nsite_title = "Notes"\n'))
    assert (config.wpm, config.site_title) == (180, "Notes")


def test_the_sample_library_config_loads(sample_posts: Path) -> None:
    if not (sample_posts / "blogdesk.toml").exists():
        pytest.skip("no sample library config yet")
    config = load_config(sample_posts)
    assert config.wpm > 0
    assert config.site_title


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    (tmp_path / "blogdesk.toml").write_bytes("\ufeffwpm = 250\n".encode())
    assert load_config(tmp_path).wpm == 250


def test_author_as_a_plain_string_is_its_name(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, 'author = "Jo"\n')).author == Author(name="Jo")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('title = "ok"\nwpm = "fast"\n', 2, "wpm should be a whole number of words a minute"),
        ("wpm = 0\n", 1, "not 0"),
        ("wpm = true\n", 1, "not true"),
        ('\n\nsmart_quotes = "yes"\n', 3, "smart_quotes should be true or false, not 'yes'"),
        ("title = 3\n", 1, "title should be text in quotes, not 3"),
        ('[author]\nname = "A"\nrole = ["x"]\n', 3, "author.role should be text"),
        ("[cta]\nurl = 1\n", 2, "cta.url should be text"),
        ('cta = "x"\n', 1, "cta should be a [cta] table"),
        ('file_pattern = "{title}.md"\n', 1, "unknown field {title}"),
        ('file_pattern = "{date}.md"\n', 1, "should contain {slug}"),
        ('file_pattern = "../{slug}.md"\n', 1, "inside the library"),
        ('posts_dir = "/etc"\n', 1, "inside the library"),
    ],
)
def test_wrong_types_name_file_line_and_key(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'blogdesk.toml'}:{line}: ")
    assert words in message
    assert caught.value.line == line


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    write(tmp_path, 'title = "ok"\n\nwpm = = 3\n')
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'blogdesk.toml'}:3: invalid TOML: ")
    assert "(at line" not in str(caught.value)


def test_the_toml_reader_is_loaded_only_for_a_file(tmp_path: Path) -> None:
    """In a fresh process, a library without ``blogdesk.toml`` gets the defaults without
    loading tomllib; one with a file is read, and a TOML error in it still names the line."""
    (tmp_path / "none").mkdir()
    (tmp_path / "some").mkdir()
    (tmp_path / "bad").mkdir()
    write(tmp_path / "some", 'site_title = "Notes"\n')
    write(tmp_path / "bad", 'site_title = "Notes"\nwpm = = 3\n')
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from blogdesk.core.config import ConfigError, load_config\n"
        "root = Path(sys.argv[1])\n"
        "print(load_config(root / 'none').site_title, 'tomllib' in sys.modules)\n"
        "print(load_config(root / 'some').site_title, 'tomllib' in sys.modules)\n"
        "try:\n"
        "    load_config(root / 'bad')\n"
        "except ConfigError as exc:\n"
        "    print(exc.line, exc.message.startswith('invalid TOML: '))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                          text=True, check=True, timeout=60)  # fmt: skip
    assert done.stdout.splitlines() == ["My blog False", "Notes True", "2 True"]


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "blogdesk.toml").write_bytes(b'title = "ok"\ndescription = "caf\xe9"\n')
    with pytest.raises(ConfigError, match=r"blogdesk\.toml:2: not UTF-8 text"):
        load_config(tmp_path)


def test_find_config_root_walks_up_to_the_git_top(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    site = write(tmp_path / "site", "wpm = 300\n")
    deep = site / "content" / "posts" / "2024"
    deep.mkdir(parents=True)
    post = deep / "a.md"
    post.write_text("x")
    assert find_config_root(post) == site.resolve()
    assert find_config_root(deep) == site.resolve()
    # a .git folder below the config stops the search: the config belongs to another project
    (site / "content" / ".git").mkdir()
    assert find_config_root(post) is None
