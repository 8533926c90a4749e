"""The site generator of a library is found from its root and parents, and its config is read
without running anything; a config that cannot be read falls back to blogdesk's style."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from blogdesk.cli import main
from blogdesk.core.config import ConfigError, load_config
from blogdesk.core.sites import detect_site, find_generator


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_hugo_site_above_the_posts_folder(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml", 'baseURL = "https://example.org/"\ntitle = "Field notes"\n'
          '[markup.goldmark.renderer]\nunsafe = true\n'
          '[markup.goldmark.extensions.typographer]\ndisable = true\n'
          '[params]\nauthor = "Ann"\n[permalinks]\nposts = "/:year/:slug/"\n'
          '[taxonomies]\ntag = "tags"\nseries = "series"\n')
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    site = detect_site(posts)
    assert site.generator == "hugo"
    assert site.root == tmp_path.resolve()
    assert site.title == "Field notes"
    assert site.url == "https://example.org/"
    assert site.markdown.engine == "goldmark"
    assert site.markdown.unsafe_html is True
    assert site.markdown.typographer is False
    assert "footnote" in site.markdown.extensions  # goldmark's defaults filled in
    assert site.params["author"] == "Ann"
    assert site.permalink == "/:year/:slug/"
    assert site.taxonomies == ("tags", "series")
    assert site.describe() == "Hugo site · goldmark"
    assert site.warnings == ()


def test_hugo_config_folder(tmp_path: Path) -> None:
    write(tmp_path / "config" / "_default" / "hugo.yaml", "title: Split config\n")
    write(tmp_path / "config" / "_default" / "params.toml", 'author = "Bo"\n')
    write(tmp_path / "config" / "_default" / "markup.toml", "[goldmark.renderer]\nunsafe = true\n")
    site = detect_site(tmp_path / "content" if (tmp_path / "content").mkdir() is None else tmp_path)
    assert site.generator == "hugo"
    assert site.config_path is None
    assert site.title == "Split config"
    assert site.params["author"] == "Bo"
    assert site.markdown.unsafe_html is True
    # Hugo's defaults: raw HTML omitted, typographer on
    write(tmp_path / "other" / "hugo.toml", "")
    plain = detect_site(tmp_path / "other")
    assert (plain.markdown.unsafe_html, plain.markdown.typographer) == (False, True)


def test_jekyll_config_kramdown_and_data(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: Jekyll notes\nurl: https://example.net\n"
          "baseurl: /blog\nauthor: {name: Cy}\npermalink: pretty\n"
          "kramdown:\n  input: GFM\n  hard_wrap: false\n")
    write(tmp_path / "_data" / "people.yml", "- name: Cy\n- name: Di\n")
    write(tmp_path / "_data" / "links" / "tools.json", '{"editor": "blogdesk"}')
    write(tmp_path / "_data" / "broken.yml", "a: [\n")
    (tmp_path / "_posts").mkdir()
    site = detect_site(tmp_path / "_posts")
    assert site.generator == "jekyll"
    assert site.markdown.engine == "kramdown"
    assert site.markdown.options["input"] == "GFM"
    assert site.permalink == "/:categories/:year/:month/:day/:title/"
    assert (site.url, site.baseurl) == ("https://example.net", "/blog")
    assert site.data["people"][1]["name"] == "Di"
    assert site.data["links"]["tools"]["editor"] == "blogdesk"
    assert site.variables["data"]["people"][0]["name"] == "Cy"
    assert "broken" not in site.data
    assert any("broken.yml" in w for w in site.warnings)
    assert site.template_language == "liquid"


def test_jekyll_data_is_bounded(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: t\n")
    for n in range(70):
        write(tmp_path / "_data" / f"f{n:02}.yml", f"n: {n}\n")
    write(tmp_path / "_data" / "zz_big.yml", "x: " + "a" * 300_000 + "\n")
    site = detect_site(tmp_path)
    assert len(site.data) == 64
    assert any("more than 64" in w for w in site.warnings)


def test_jekyll_csv_data_is_read_and_a_bad_file_is_a_warning(tmp_path: Path) -> None:
    """CSV and TSV data files are read as lists of rows; one csv refuses (a field over its
    limit) is left out with csv's reason as a warning, and the rest is still read."""
    write(tmp_path / "_config.yml", "title: t\n")
    write(tmp_path / "_data" / "team.csv", "name,role\nCy,editor\n")
    write(tmp_path / "_data" / "links.tsv", "name\turl\nhome\thttps://example.org\n")
    write(tmp_path / "_data" / "wide.csv", "x\n" + "a" * 140_000 + "\n")
    site = detect_site(tmp_path)
    assert site.data["team"] == [{"name": "Cy", "role": "editor"}]
    assert site.data["links"] == [{"name": "home", "url": "https://example.org"}]
    assert "wide" not in site.data
    assert "field larger than field limit (131072)" in site.warnings


def test_eleventy_is_detected_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    write(tmp_path / "eleventy.config.js",
          f"require('fs').writeFileSync('{marker}', 'x'); module.exports = () => ({{}});\n")
    write(tmp_path / "_data" / "site.json", '{"title": "Eleventy notes", "url": "https://e.org"}')
    site = detect_site(tmp_path)
    assert site.generator == "eleventy"
    assert site.markdown.engine == "markdown-it"
    assert site.markdown.typographer is False
    assert site.title == "Eleventy notes"
    assert not marker.exists()


def test_zola_and_hugo_config_toml_are_told_apart(tmp_path: Path) -> None:
    write(tmp_path / "z" / "config.toml", 'base_url = "https://z.org"\ncompile_sass = false\n'
          'title = "Zola notes"\ntaxonomies = [{name = "tags"}, {name = "authors"}]\n'
          "[markdown]\nsmart_punctuation = true\n[extra]\nauthor = \"Ed\"\n")
    write(tmp_path / "h" / "config.toml", 'baseURL = "https://h.org"\ntitle = "Hugo notes"\n')
    zola = detect_site(tmp_path / "z")
    hugo = detect_site(tmp_path / "h")
    assert (zola.generator, zola.markdown.engine, zola.url) == ("zola", "pulldown-cmark",
                                                                "https://z.org")
    assert zola.taxonomies == ("tags", "authors")
    assert zola.markdown.typographer is True
    assert zola.params["author"] == "Ed"
    assert (hugo.generator, hugo.url) == ("hugo", "https://h.org")


def test_pelican_conf_is_parsed_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    write(tmp_path / "pelicanconf.py",
          "import os\n"
          f"open({str(marker)!r}, 'w').write('x')\n"
          "AUTHOR = 'Fay'\nSITENAME = 'Pelican notes'\nSITEURL = ''\n"
          "PATH = 'content'\nARTICLE_URL = 'posts/{date:%Y}/{slug}/'\n"
          "MARKDOWN = {'extension_configs': {'markdown.extensions.toc': {}}, "
          "'output_format': 'html5'}\n"
          "THEME = os.path.join('themes', 'x')\n")
    site = detect_site(tmp_path / "content" if (tmp_path / "content").mkdir() is None else tmp_path)
    assert site.generator == "pelican"
    assert site.title == "Pelican notes"
    assert site.author == "Fay"
    assert site.permalink == "posts/{date:%Y}/{slug}/"
    assert site.markdown.extensions == ("markdown.extensions.toc",)
    assert "THEME" not in site.variables  # not a literal: skipped
    assert not marker.exists()


def test_mkdocs_python_name_tags_are_kept_as_text(tmp_path: Path) -> None:
    write(tmp_path / "mkdocs.yml", "site_name: Docs notes\nmarkdown_extensions:\n  - toc:\n"
          "      permalink: true\n  - admonition\n  - pymdownx.superfences:\n"
          "      custom_fences:\n        - name: mermaid\n"
          "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
          "extra:\n  analytics: !ENV [ANALYTICS, none]\n")
    site = detect_site(tmp_path)
    assert site.generator == "mkdocs"
    assert site.title == "Docs notes"
    assert site.markdown.extensions == ("toc", "admonition", "pymdownx.superfences")
    fence = site.markdown.options["extension_configs"]["pymdownx.superfences"]
    assert fence["custom_fences"][0]["format"].startswith("!!python/name:")


def test_no_generator_is_blogdesk_style(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "posts").mkdir()
    site = detect_site(tmp_path / "posts")
    assert site.generator == "blogdesk"
    assert site.describe() == "blogdesk style · python-markdown"


def test_search_stops_at_the_git_work_tree(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: outer\n")
    inner = tmp_path / "repo"
    (inner / ".git").mkdir(parents=True)
    (inner / "posts").mkdir()
    assert find_generator(inner / "posts") is None
    assert find_generator(tmp_path / "x" if (tmp_path / "x").mkdir() is None else tmp_path)


def test_search_is_bounded_in_levels(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: far\n")
    deep = tmp_path / "a" / "b" / "c" / "d" / "e" / "f"
    deep.mkdir(parents=True)
    assert detect_site(deep).generator == "blogdesk"
    assert detect_site(deep.parent).generator == "jekyll"


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("_config.yml", "title: [unclosed\n", "invalid YAML"),
        ("hugo.toml", "title = \n", "invalid TOML"),
        ("_config.yml", "- a list\n", "not a mapping"),
        ("_config.yml", "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 9)),
         "invalid YAML"),  # a billion laughs: 9**9 values
        ("_config.yml", "title: " + "x" * (1 << 20) + "\n", "larger than"),
        ("pelicanconf.py", "def (:\n", "not readable Python"),
    ],
)
def test_unreadable_config_falls_back_and_says_so(tmp_path: Path, name: str, text: str,
                                                  reason: str) -> None:
    write(tmp_path / name, text)
    site = detect_site(tmp_path)
    assert site.generator == "blogdesk"
    assert len(site.warnings) == 1
    assert reason in site.warnings[0]
    assert name in site.warnings[0]
    assert "blogdesk's own style" in site.warnings[0]


def test_blogdesk_toml_overrides_the_generator(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: Jekyll notes\n")
    write(tmp_path / "blogdesk.toml", 'generator = "Hugo"\n')
    assert load_config(tmp_path).generator == "hugo"
    site = detect_site(tmp_path)
    assert (site.generator, site.source) == ("hugo", "blogdesk.toml")
    assert "defaults apply" in site.warnings[0]
    write(tmp_path / "blogdesk.toml", 'generator = "jekyll"\n')
    same = detect_site(tmp_path)
    assert (same.generator, same.title, same.source) == ("jekyll", "Jekyll notes",
                                                         "blogdesk.toml")
    write(tmp_path / "blogdesk.toml", 'generator = "blogdesk"\n')
    assert detect_site(tmp_path).generator == "blogdesk"


def test_blogdesk_toml_rejects_an_unknown_generator(tmp_path: Path) -> None:
    write(tmp_path / "blogdesk.toml", 'title = "x"\ngenerator = "gatsby"\n')
    with pytest.raises(ConfigError, match=r"blogdesk.toml:2: generator should be one of"):
        load_config(tmp_path)
    site = detect_site(tmp_path)
    assert site.generator == "blogdesk"
    assert "gatsby" in site.warnings[0]


def test_site_command_json_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "hugo.toml", 'title = "Field notes"\n')
    assert main(["site", str(tmp_path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["generator"] == "hugo"
    assert info["markdown"]["engine"] == "goldmark"
    assert info["title"] == "Field notes"
    assert main(["site", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Hugo site · goldmark"
    assert "title: Field notes" in out
    assert main(["site", str(tmp_path / "missing")]) == 1
    assert "not a folder" in capsys.readouterr().err
    assert main(["site", str(tmp_path), "--generator", "gatsby"]) == 2


def test_a_fifo_in_the_data_folder_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: t\n")
    (tmp_path / "_data").mkdir()
    os.mkfifo(tmp_path / "_data" / "pipe.yml")
    write(tmp_path / "_data" / "ok.yml", "a: 1\n")
    site = detect_site(tmp_path)
    assert site.data == {"ok": {"a": 1}}
    assert any("pipe.yml" in w and "named pipe" in w for w in site.warnings)


def test_blogdesk_toml_at_the_site_root_overrides_for_a_posts_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "blogdesk.toml", 'posts_dir = "content/posts"\ngenerator = "zola"\n')
    (tmp_path / "content" / "posts").mkdir(parents=True)
    site = detect_site(tmp_path / "content" / "posts")
    assert (site.generator, site.template_language) == ("zola", "tera")


def test_hugo_markdown_options_keep_the_configs_own_keys(tmp_path: Path) -> None:
    """The renderer reads goldmark's table as Hugo documents it (camelCase); the flags are read
    whatever the case, as Hugo reads them."""
    write(tmp_path / "hugo.toml", "[Markup.Goldmark.extensions]\ntaskList = false\n"
          "[markup.goldmark.parser]\nautoHeadingIDType = \"blackfriday\"\n")
    site = detect_site(tmp_path)
    assert site.markdown.options["extensions"] == {"taskList": False}
    assert site.markdown.options["parser"] == {"autoHeadingIDType": "blackfriday"}
    assert "tasklist" not in site.markdown.extensions and "table" in site.markdown.extensions


@pytest.mark.parametrize(("config", "language"), [
    ("module.exports = () => ({});", "liquid"),
    ('module.exports = () => ({ markdownTemplateEngine: "njk" });', "nunjucks"),
    ("export default { markdownTemplateEngine: false };", ""),
])
def test_eleventys_markdown_template_engine_is_read_as_text(tmp_path: Path, config: str,
                                                            language: str) -> None:
    write(tmp_path / "eleventy.config.js", config)
    assert detect_site(tmp_path).template_language == language


def test_an_empty_generator_setting_means_detect(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: t\n")
    write(tmp_path / "blogdesk.toml", 'generator = ""\n')
    assert load_config(tmp_path).generator == ""
    assert detect_site(tmp_path).generator == "jekyll"
