"""The sample blog in posts/ is what a newcomer sees first: it must load, be varied, and be clean.

Also checks the desktop integration files in resources/ (entry, metainfo, icon); installing
them is tests/test_install_desktop.py.
"""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from blogdesk.core import config, export, postfile, render, stats
from blogdesk.core.post import Post, Status

REPO = Path(__file__).resolve().parent.parent
POSTS = REPO / "posts"
DESKTOP = REPO / "resources" / "desktop"
APP_ID = "io.github.blogdesk.Blogdesk"
# The scheduled post is dated in 2027; judge statuses as of the sample's release day so the test
# does not change its mind when that date passes.
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)

_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`+[^`\n]*`+")
_INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]^]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
_HTML_SRC = re.compile(r"<(?:img|a)\b[^>]*\s(?:src|href)=\"([^\"]+)\"", re.IGNORECASE)


def post_paths() -> list[Path]:
    return sorted(POSTS.glob("*.md"))


def split_body(text: str) -> str:
    """The Markdown body of a post file (what follows a YAML or TOML front matter block)."""
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence + "\n", len(fence))
            assert end != -1, f"unclosed {fence} front matter"
            return text[end + len(fence) + 2 :]
    return text


def local_targets(body: str) -> list[str]:
    """Every link and image address in the body that points into the library (not the web)."""
    prose = _INLINE_CODE.sub("", _FENCE.sub("", body))
    found = _INLINE_LINK.findall(prose) + _REF_DEF.findall(prose) + _HTML_SRC.findall(prose)
    return [t for t in found if not urlsplit(t).scheme and not t.startswith("//")]


def load_posts() -> list[Post]:
    """Every sample post as a blogdesk Post, read by the real loader."""
    return [Post.from_file(postfile.load_post(p), now=NOW) for p in post_paths()]


def test_every_post_loads_strictly_with_a_title_date_and_summary() -> None:
    formats = set()
    for path in post_paths():
        pf = postfile.load_post(path, strict=True)
        assert pf.error is None, path
        assert pf.metadata.get("title"), f"{path.name} has no title"
        assert pf.metadata.get("date"), f"{path.name} has no date"
        assert pf.metadata.get("summary"), f"{path.name} has no summary"
        formats.add(pf.format)
    assert formats == {"yaml", "toml"}, "the sample shows both YAML and TOML front matter"


def test_library_has_enough_posts_categories_tags_and_every_status() -> None:
    posts = load_posts()
    assert len(posts) >= 8
    assert len({c for p in posts for c in p.categories}) >= 4
    assert len({t for p in posts for t in p.tags}) >= 12
    counts = {s: sum(p.status is s for p in posts) for s in Status}
    assert counts[Status.DRAFT] >= 2
    assert counts[Status.SCHEDULED] >= 1
    assert counts[Status.PUBLISHED] >= len(posts) // 2
    assert any(p.author for p in posts), "one post has a guest author"
    assert any(p.updated for p in posts), "some posts carry an updated date"


def test_file_names_are_the_slugs_and_summaries_fit_a_search_result() -> None:
    for post in load_posts():
        assert post.path.name == f"{post.slug}.md"
        assert 0 < len(post.summary) <= 160, post.path.name


def test_tags_are_lower_case_and_have_no_near_duplicates() -> None:
    """Keep the sample's tags clean: a newcomer should not meet the near-duplicate warning."""
    tags = {t for p in load_posts() for t in p.tags}
    assert all(t == t.lower() and " " not in t for t in tags), sorted(tags)
    folded: dict[str, str] = {}
    for tag in sorted(tags):
        key = re.sub(r"[-_\s]", "", tag).removesuffix("s")
        assert key not in folded, f"{tag!r} looks like {folded[key]!r}"
        folded[key] = tag


def test_post_lengths_span_a_short_note_to_a_long_guide() -> None:
    words = {p.name: stats.count_text(split_body(p.read_text("utf-8"))).words for p in post_paths()}
    assert 250 <= min(words.values()) <= 400, words
    assert 2_800 <= max(words.values()) <= 3_500, words


def test_every_relative_link_and_image_resolves_to_a_file() -> None:
    checked = 0
    for path in post_paths():
        for target in local_targets(split_body(path.read_text("utf-8"))):
            file_part = unquote(urlsplit(target).path)
            if not file_part:  # a link to a heading of the same post
                continue
            assert (path.parent / file_part).is_file(), f"{path.name}: {target} is missing"
            checked += 1
    assert checked >= 10, "the sample links its posts to each other and shows local images"


def test_links_to_a_heading_of_another_post_find_that_heading() -> None:
    for path in post_paths():
        for target in local_targets(split_body(path.read_text("utf-8"))):
            parts = urlsplit(target)
            if not parts.fragment:
                continue
            other = path.parent / unquote(parts.path) if parts.path else path
            html = render.render(split_body(other.read_text("utf-8"))).html
            assert f'id="{parts.fragment}"' in html, f"{path.name}: no heading for {target}"


def test_cover_images_exist() -> None:
    covers = [p for p in load_posts() if p.cover]
    assert covers, "one post shows the cover key"
    for post in covers:
        assert (post.path.parent / post.cover).is_file(), post.cover


def test_config_names_the_site_and_a_fictional_author() -> None:
    site = config.load_config(POSTS)
    assert site.site_title == "Margin Notes"
    assert site.base_url.startswith("https://example.org/")
    assert site.wpm == 200
    assert site.file_pattern == "{slug}.md"
    assert site.image_folder == "images"
    assert (POSTS / site.image_folder).is_dir()
    assert site.author.name and site.author.role and site.author.bio
    assert site.author.url.startswith("https://example.org/")
    assert site.cta is not None
    assert site.cta.url.startswith("mailto:") and site.cta.label


def test_blogdesk_check_finds_nothing_to_report() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "blogdesk", "check", "posts"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_sample_exports_as_a_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    export.export_site(POSTS, out)
    index = (out / "index.html").read_text("utf-8")
    assert "Margin Notes" in index
    assert "Front matter, explained" in index
    assert "Notes toward a better archive page" not in index, "drafts stay out by default"


# --- desktop integration ------------------------------------------------------------------------


def read_desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_blogdesk_with_its_icon() -> None:
    entry = read_desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "blogdesk"
    assert entry["Exec"] == "blogdesk %F"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert "text/markdown;" in entry["MimeType"]
    assert entry["StartupWMClass"] == "blogdesk"
    assert (REPO / "resources" / "icons" / "blogdesk.svg").is_file()


def test_metainfo_describes_the_app_and_its_first_release() -> None:
    root = ET.parse(DESKTOP / f"{APP_ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert len(root.findall("description/p")) >= 2
    release = root.find("releases/release")
    assert release is not None
    assert (release.get("version"), release.get("date")) == ("0.1.0", "2026-11-26")


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils missing")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP / f"{APP_ID}.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream missing")
def test_metainfo_passes_appstream_validation() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(DESKTOP / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
