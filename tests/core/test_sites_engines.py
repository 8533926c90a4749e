"""The template-tag pass agrees with the real engines: the same Hugo shortcodes and Jekyll Liquid
built by `hugo` and `jekyll` give the same links, images, captions, code languages and text.

Skipped, with the reason, when the engine is not installed (Debian packages hugo and jekyll)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from blogdesk.core.postfile import load_post
from blogdesk.core.render import RenderOptions, new_markdown, sanitize
from blogdesk.core.sites import detect_site
from blogdesk.core.sites.conventions import is_draft_path, is_post_path, post_target
from blogdesk.core.sites.templates import TemplateContext, expand_templates

HUGO_POST = """---
title: Tags
kind: note
---
See [x]({{< ref "a.md" >}}) and [y]({{< relref "posts/b" >}}).

{{< figure src="/img/a.png" title="A \\"quoted\\" title" caption="It is *here*" link="/a" >}}

{{< highlight go >}}
func main() {}
{{< /highlight >}}

By {{< param author >}} / {{< param kind >}}.
"""

JEKYLL_POST = """---
layout: default
title: Second
---
Intro:
{% include figure.html src="a.png" alt=page.title %}

See [the notes][1] and [first]({% post_url 2024-01-02-first %})
and [l]({% link _posts/2024-01-02-first.md %}).

[1]: {{ site.url }}/notes/

{% highlight ruby %}
puts "hi" # not a heading
{% endhighlight %}

{% assign versions = "1.0,1.1" | split: "," %}{% for v in versions %}
- [Version {{ v }}]({{ site.baseurl }}/v{{ v }}/){% endfor %}
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def facts(page: str) -> dict[str, list[str]]:
    """What must agree: link targets, image sources and alts, captions, code languages, text."""
    text = re.sub(r"<figure class=\"highlight\">.*?</figure>|<pre.*?</pre>", "", page, flags=re.S)
    words = html.unescape(re.sub(r"<[^>]+>", " ", text))
    words = words.replace("’", "'").replace("“", '"').replace("”", '"')
    return {
        "href": re.findall(r'<a href="([^"]+)"', page),
        "img": [html.unescape(m) for m in re.findall(r"<img ([^>]*?)/?>", page)
                for m in [" ".join(sorted(re.findall(r'(?:src|alt)="[^"]*"', m)))]],
        "caption": [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split())
                    for c in re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)],
        "code": re.findall(r'class="language-(\w+)"', page),
        "text": words.split(),
    }


def ours(site_root: Path, post: Path, posts: list[Path]) -> str:
    site = detect_site(site_root)
    targets = [post_target(site, p.relative_to(site_root).as_posix(), load_post(p).metadata)
               for p in posts]
    loaded = load_post(post)
    context = TemplateContext(site=site, page=loaded.metadata, posts=targets)
    expanded = expand_templates(loaded.body, context)
    assert expanded.diagnostics == ()
    options = RenderOptions(smart_quotes=True, highlight=False)
    md = new_markdown(options)
    md.registerExtensions(["md_in_html"], {})
    return sanitize(md.convert(expanded.text), options)


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed (apt: hugo)")
def test_hugo_shortcodes_agree_with_hugo(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml", 'baseURL = "https://example.org/"\ntitle = "T"\n'
          '[params]\nauthor = "Ann"\n[markup.goldmark.renderer]\nunsafe = true\n')
    for layout in ("single", "list"):
        write(tmp_path / "layouts" / "_default" / f"{layout}.html", "{{ .Content }}")
    posts = [tmp_path / "content" / "posts" / "a.md", tmp_path / "content/posts/b/index.md",
             tmp_path / "content" / "posts" / "t.md"]
    write(posts[0], "---\ntitle: A\n---\nHello\n")
    write(posts[1], "---\ntitle: B\n---\nBundle\n")
    write(posts[2], HUGO_POST)
    subprocess.run(["hugo", "--quiet", "-s", str(tmp_path), "-d", str(tmp_path / "out")],
                   check=True, timeout=120, capture_output=True)
    theirs = (tmp_path / "out" / "posts" / "t" / "index.html").read_text()
    mine = ours(tmp_path, posts[2], posts)
    assert facts(mine)["href"] == ["https://example.org/posts/a/", "/posts/b/", "/a"]
    assert facts(mine) == facts(theirs)


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (apt: jekyll)")
def test_jekyll_liquid_agrees_with_jekyll(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: Field notes\nurl: https://example.org\n"
          "baseurl: /blog\nmarkdown: kramdown\n")
    write(tmp_path / "_layouts" / "default.html", "{{ content }}")
    write(tmp_path / "_includes" / "figure.html",
          '<figure><img src="{{ include.src | relative_url }}" alt="{{ include.alt }}"></figure>')
    posts = [tmp_path / "_posts" / "2024-01-02-first.md", tmp_path / "_posts/2024-02-03-second.md"]
    write(posts[0], "---\nlayout: default\ntitle: First\n---\nHello\n")
    write(posts[1], JEKYLL_POST)
    result = subprocess.run(["jekyll", "build", "-q", "-s", str(tmp_path), "-d",
                             str(tmp_path / "out")], timeout=300, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"jekyll could not build here: {result.stderr.strip()[:200]}")
    theirs = (tmp_path / "out" / "2024" / "02" / "03" / "second.html").read_text()
    mine = ours(tmp_path, posts[1], posts)
    assert facts(mine)["href"][:3] == ["https://example.org/notes/",
                                       "/blog/2024/01/02/first.html",
                                       "/blog/2024/01/02/first.html"]
    assert facts(mine) == facts(theirs)


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed (apt: hugo)")
def test_hugo_publishes_posts_where_post_target_says(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml", 'baseURL = "https://example.org/blog/"\ntitle = "T"\n'
          '[permalinks]\nposts = "/:year/:month/:slug/"\n')
    for layout in ("single", "list"):
        write(tmp_path / "layouts" / "_default" / f"{layout}.html", "{{ .Content }}")
    posts = {
        "content/posts/first.md": "---\ntitle: First\ndate: 2024-05-01\n---\nA\n",
        "content/posts/named/index.md": "---\ntitle: B\ndate: 2023-02-03\nslug: other\n---\nB\n",
        "content/notes/plain.md": "---\ntitle: Plain\ndate: 2022-01-01\n---\nC\n",
        "content/posts/_index.md": "---\ntitle: Section\n---\n",
    }
    for rel, text in posts.items():
        write(tmp_path / rel, text)
    subprocess.run(["hugo", "--quiet", "-s", str(tmp_path), "-d", str(tmp_path / "out")],
                   check=True, timeout=120, capture_output=True)
    site = detect_site(tmp_path)
    for rel in posts:
        if not is_post_path(site, rel):
            continue
        url = post_target(site, rel, load_post(tmp_path / rel).metadata).url
        assert url.startswith("/blog/")
        assert (tmp_path / "out" / url.removeprefix("/blog/") / "index.html").is_file(), url
    assert not is_post_path(site, "content/posts/_index.md")


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (apt: jekyll)")
def test_jekyll_publishes_posts_where_post_target_says(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: T\nbaseurl: /blog\npermalink: pretty\n")
    write(tmp_path / "_layouts" / "default.html", "{{ content }}")
    posts = {
        "_posts/2024-05-01-first-post.md": "---\nlayout: default\ncategories: [Garden, Tools]\n"
                                           "---\nA\n",
        "_posts/2023-02-03-second.md": "---\nlayout: default\nslug: renamed\n---\nB\n",
        "_drafts/an-idea.md": "---\nlayout: default\n---\nC\n",
    }
    for rel, text in posts.items():
        write(tmp_path / rel, text)
    result = subprocess.run(["jekyll", "build", "-q", "-s", str(tmp_path), "-d",
                             str(tmp_path / "out")], timeout=300, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"jekyll could not build here: {result.stderr.strip()[:200]}")
    site = detect_site(tmp_path)
    for rel in posts:
        if is_draft_path(site, rel):
            continue
        url = post_target(site, rel, load_post(tmp_path / rel).metadata).url
        assert (tmp_path / "out" / url.removeprefix("/blog/") / "index.html").is_file(), url
    assert is_draft_path(site, "_drafts/an-idea.md")
    assert not (tmp_path / "out" / "an-idea").exists()  # drafts are not published
