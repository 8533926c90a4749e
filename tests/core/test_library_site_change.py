"""Another generator chosen for an open library: the list follows its conventions at once
(which files are posts, drafts by folder), without reopening the library."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from blogdesk.core.library import Library, Query
from blogdesk.core.post import Status


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def jekyll_site(root: Path) -> Path:
    write(root / "_config.yml", "title: Desk notes\n")
    write(root / "_posts" / "2024-05-01-garden.md", "---\ntitle: The garden\n---\nBeans.\n")
    write(root / "_drafts" / "shed.md", "---\ntitle: A shed\n---\nLater.\n")
    write(root / "about.md", "---\ntitle: About the desk\n---\nA page.\n")
    return root


def rows(library: Library) -> dict[str, Status]:
    return {p.path.relative_to(library.posts_dir).as_posix(): p.status for p in library.posts()}


def test_a_jekyll_root_listed_as_blogdesk_style_and_back(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path / "site")
    with Library.open(root, cache_dir=tmp_path / "cache", background=False) as library:
        assert rows(library) == {"_posts/2024-05-01-garden.md": Status.PUBLISHED,
                                 "_drafts/shed.md": Status.DRAFT}
        library.config = replace(library.config, generator="blogdesk")
        assert library.redetect_site() is True
        assert library.site is not None and library.site.generator == "blogdesk"
        # every Markdown file is a post; a folder makes no draft
        assert rows(library) == {"_posts/2024-05-01-garden.md": Status.PUBLISHED,
                                 "_drafts/shed.md": Status.PUBLISHED,
                                 "about.md": Status.PUBLISHED}
        assert library.redetect_site() is False  # nothing changed: nothing read again
        library.config = replace(library.config, generator="")
        assert library.redetect_site() is True
        assert rows(library) == {"_posts/2024-05-01-garden.md": Status.PUBLISHED,
                                 "_drafts/shed.md": Status.DRAFT}
        # the words and the search index survive the re-reading
        assert [p.title for p in library.posts(Query(text="shed"))] == ["A shed"]


def test_a_big_change_is_indexed_in_the_background(tmp_path: Path) -> None:
    """More files than are indexed inline: the search still finds them once indexing is done."""
    root = tmp_path / "site"
    write(root / "hugo.toml", 'title = "Desk"\n')
    write(root / "content" / "_index.md", "---\ntitle: Home\n---\nThe desk.\n")
    for n in range(260):
        write(root / "content" / f"note-{n:03}.md", f"---\ntitle: Note {n}\n---\nturnip {n}\n")
    with Library.open(root, cache_dir=tmp_path / "cache", background=False) as library:
        assert len(library.posts()) == 260  # no _index.md
        library.config = replace(library.config, generator="blogdesk")
        assert library.redetect_site() is True
        assert len(library.posts()) == 261
        assert library.wait_until_indexed(60)
        assert len(library.posts(Query(text="turnip"))) == 260
        assert library.get(root / "content" / "_index.md") is not None



def test_reopened_under_another_generator_the_rows_are_read_again(tmp_path: Path) -> None:
    """The index remembers the site its rows were read under: blogdesk.toml edited by hand
    between two opens gives the new generator's rows, not the cached ones."""
    root = jekyll_site(tmp_path / "site")
    cache = tmp_path / "cache"
    with Library.open(root, cache_dir=cache, background=False) as library:
        assert rows(library)["_drafts/shed.md"] is Status.DRAFT
    write(root / "blogdesk.toml", 'generator = "blogdesk"\n')
    with Library.open(root, cache_dir=cache, background=False) as library:
        assert rows(library) == {"_posts/2024-05-01-garden.md": Status.PUBLISHED,
                                 "_drafts/shed.md": Status.PUBLISHED,
                                 "about.md": Status.PUBLISHED}
    (root / "blogdesk.toml").unlink()
    with Library.open(root, cache_dir=cache, background=False) as library:
        assert rows(library)["_drafts/shed.md"] is Status.DRAFT
        assert [p.title for p in library.posts(Query(text="shed"))] == ["A shed"]
