"""The real engines, each run once per test session over every fixture post.

A missing engine skips its comparisons with a message saying what to install: ``hugo`` and
``jekyll`` come from Debian (``scripts/system-deps.sh``), markdown-it from the npm registry,
installed here into ``tests/fidelity/.node`` (git-ignored) with a time limit, pulldown-cmark
(Zola's library) from PyPI as pyromark, a dev dependency.
"""

from __future__ import annotations

import pytest
from fidelity_engines import (
    EngineMissing,
    fixture_posts,
    hugo,
    install_markdown_it,
    jekyll,
    pulldown_cmark,
)
from fidelity_engines import markdown_it as run_markdown_it

#: The Eleventy flavour as compared: markdown-it({html: true}) without indented code (Eleventy
#: 2 and later), with the footnote, deflist and anchor plugins, the same options on both sides.
ELEVENTY_JS_OPTIONS = {
    "html": True,
    "code": False,
    "linkify": False,
    "typographer": False,
    "footnotes": True,
    "deflist": True,
    "anchor": True,
}


@pytest.fixture(scope="session")
def posts() -> dict[str, str]:
    return fixture_posts()


def _or_skip(what: str, build):  # type: ignore[no-untyped-def]
    try:
        return build()
    except EngineMissing as exc:
        pytest.skip(f"{what} comparison skipped: {exc}")


@pytest.fixture(scope="session")
def hugo_html(posts: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _or_skip("hugo", lambda: hugo(posts, tmp_path_factory.mktemp("hugo-site")))


#: Hugo sites configured away from the defaults, each built once: ``markup.goldmark`` tables.
HUGO_CONFIGS = {
    "unsafe": {"renderer": {"unsafe": True}},
    "plain": {
        "renderer": {"hardWraps": True},
        "parser": {"autoHeadingIDType": "blackfriday"},
        "extensions": {"typographer": False, "linkify": False, "taskList": False},
    },
    "ascii": {
        "parser": {"autoHeadingIDType": "github-ascii", "attribute": {"title": False}},
        "extensions": {"definitionList": False, "footnote": False, "strikethrough": False},
    },
}


@pytest.fixture(scope="session", params=sorted(HUGO_CONFIGS))
def hugo_configured(
    request: pytest.FixtureRequest,
    posts: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict, dict[str, str]]:
    """(the markup.goldmark settings, each post as hugo renders it with them)."""
    goldmark = HUGO_CONFIGS[request.param]
    site = tmp_path_factory.mktemp(f"hugo-{request.param}")
    return goldmark, _or_skip(f"hugo ({request.param})", lambda: hugo(posts, site, goldmark))


#: Jekyll sites configured away from the defaults: their ``kramdown:`` settings.
JEKYLL_CONFIGS = {
    "block-html": {"parse_block_html": True, "auto_ids": False},
    "straight": {"hard_wrap": True, "smart_quotes": "apos,apos,quot,quot"},
}


@pytest.fixture(scope="session", params=sorted(JEKYLL_CONFIGS))
def jekyll_configured(
    request: pytest.FixtureRequest,
    posts: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict, dict[str, str]]:
    """(the kramdown settings, each post as jekyll renders it with them)."""
    kramdown = JEKYLL_CONFIGS[request.param]
    site = tmp_path_factory.mktemp(f"jekyll-{request.param}")
    return kramdown, _or_skip(f"jekyll ({request.param})", lambda: jekyll(posts, site, kramdown))


@pytest.fixture(scope="session")
def jekyll_html(posts: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _or_skip("jekyll", lambda: jekyll(posts, tmp_path_factory.mktemp("jekyll-site")))


@pytest.fixture(scope="session")
def markdown_it_html(posts: dict[str, str]) -> dict[str, str]:
    def build() -> dict[str, str]:
        return run_markdown_it(posts, ELEVENTY_JS_OPTIONS, install_markdown_it())

    return _or_skip("markdown-it (Eleventy)", build)


@pytest.fixture(scope="session")
def pulldown_html(posts: dict[str, str]) -> dict[str, str]:
    return _or_skip("pulldown-cmark (Zola)", lambda: pulldown_cmark(posts))
