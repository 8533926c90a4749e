"""Template tags in a post body are expanded before Markdown and never lost: Liquid evaluated in
a sandbox, Hugo shortcodes emulated or shown as labelled blocks, Zola and Nunjucks shown."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from blogdesk.core.render import RenderOptions, new_markdown, sanitize
from blogdesk.core.sites.config import Site
from blogdesk.core.sites.templates import (
    MISSING_HREF,
    PostTarget,
    TemplateContext,
    expand_templates,
)

POSTS = (
    PostTarget("_posts/2024-01-02-first.md", "/2024/01/02/first/"),
    PostTarget("content/posts/a.md", "/posts/a/"),
    PostTarget("content/posts/bundle/index.md", "/posts/bundle/"),
)


def jekyll(root: Path | None = None, **page: object) -> TemplateContext:
    site = Site(generator="jekyll", root=root, template_language="liquid",
                url="https://example.org", baseurl="/blog", title="Field notes",
                data={"team": [{"name": "Ann"}, {"name": "Bo"}]})
    return TemplateContext(site=site, page=page, posts=POSTS)


def hugo(**page: object) -> TemplateContext:
    site = Site(generator="hugo", template_language="hugo", url="https://example.org/",
                params={"author": "Ann", "social": {"mastodon": "@ann"}})
    return TemplateContext(site=site, page=page, posts=POSTS)


def html_of(text: str, smart_quotes: bool = True) -> str:
    """The body as blogdesk's Python-Markdown renderer and its sanitizer show it, with
    ``md_in_html`` (what the CommonMark and kramdown renderers do for a block's inner Markdown)."""
    options = RenderOptions(smart_quotes=smart_quotes, highlight=False)
    md = new_markdown(options)
    md.registerExtensions(["md_in_html"], {})
    return sanitize(md.convert(text), options)


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


# --- the regression cases from the issue ---------------------------------------------------------


def test_an_include_that_ends_a_paragraph_stays_visible(tmp_path: Path) -> None:
    result = expand_templates('Intro:\n{% include figure.html src="a.png" %}\n', jekyll(tmp_path))
    html = html_of(result.text)
    assert "Intro:" in html
    assert '{% include figure.html src="a.png" %}' in visible(html).replace("&quot;", '"')
    assert 'class="bd-tag bd-tag-missing"' in html
    assert 'title="include figure.html: not found in _includes"' in html
    assert [d.line for d in result.diagnostics] == [2]


def test_an_include_renders_the_sites_include(tmp_path: Path) -> None:
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "figure.html").write_text(
        '<figure><img src="{{ include.src | relative_url }}" alt="{{ include.alt }}"></figure>')
    body = 'Intro:\n\n{% include figure.html src="a.png" alt=page.title %}\n'
    result = expand_templates(body, jekyll(tmp_path, title="A day"))
    assert result.text == 'Intro:\n\n<figure><img src="/blog/a.png" alt="A day"></figure>\n'
    assert result.diagnostics == ()


def test_a_tag_that_ends_a_heading_stays_visible() -> None:
    result = expand_templates("# Vite {% indieavatar https://vitejs.dev %}\n", jekyll())
    html = html_of(result.text)
    assert re.search(r"<h1[^>]*>Vite <span", html)
    assert "{% indieavatar https://vitejs.dev %}" in visible(html)
    assert "indieavatar" in result.diagnostics[0].message


def test_site_url_in_a_reference_definition_keeps_the_links() -> None:
    body = "See [the notes][1] and [more][1].\n\n[1]: {{ site.url }}/notes/\n"
    result = expand_templates(body, jekyll())
    html = html_of(result.text)
    assert html.count('<a href="https://example.org/notes/"') == 2
    assert "[1]" not in html


def test_a_for_loop_building_links_renders_its_output() -> None:
    body = ("## Changes\n\n{% assign versions = \"1.0,1.1,2.0\" | split: \",\" %}"
            "{% for v in versions %}\n- [Version {{ v }}]({{ site.baseurl }}/v{{ v }}/)"
            "{% endfor %}\n")
    html = html_of(expand_templates(body, jekyll()).text)
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert links == [("/blog/v1.0/", "Version 1.0"), ("/blog/v1.1/", "Version 1.1"),
                     ("/blog/v2.0/", "Version 2.0")]
    assert "{%" not in html


def test_hugo_ref_in_a_link_gives_a_valid_href() -> None:
    body = ('See [x]({{< ref "a.md" >}}), [y]({{< relref "posts/bundle" >}}) '
            'and [z]({{< ref "gone.md" >}}).\n')
    result = expand_templates(body, hugo())
    html = html_of(result.text)
    assert '<a href="https://example.org/posts/a/"' in html
    assert '<a href="/posts/bundle/"' in html
    assert f'<a href="{MISSING_HREF}"' in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all("{{" not in href and "gone" not in href for href in hrefs)
    # the missing target's tag is the link's tooltip: never lost
    assert f'<a href="{MISSING_HREF}" title="{{{{&lt; ref &quot;gone.md&quot; &gt;}}}}"' in html
    assert "gone.md" in result.diagnostics[0].message


def test_figure_parameters_are_not_touched_by_smart_quotes() -> None:
    body = ('{{< figure src="/img/a.png" alt="A \\"quoted\\" cat" caption="It\'s a cat" '
            'link="https://example.org/cat" >}}\n')
    html = html_of(expand_templates(body, hugo()).text, smart_quotes=True)
    assert '<img src="/img/a.png" alt="A &quot;quoted&quot; cat">' in html
    assert '<a href="https://example.org/cat"' in html
    assert "<figcaption><p>It's a cat</p></figcaption>" in html.replace("&#39;", "'")
    assert "“" not in html and "’" not in html


def test_jekyll_highlight_becomes_a_code_block() -> None:
    body = "Run it:\n\n{% highlight ruby %}\nputs \"hi\" # not a heading\n{% endhighlight %}\n"
    result = expand_templates(body, jekyll())
    assert result.text == 'Run it:\n\n```ruby\nputs "hi" # not a heading\n```\n'
    assert '<code class="language-ruby">puts "hi" # not a heading' in html_of(result.text)


# --- Liquid ------------------------------------------------------------------------------------


def test_liquid_site_page_assign_if_capture_raw() -> None:
    body = ("{{ site.title }} / {{ page.title }} / {{ site.data.team[1].name }}\n"
            "{% assign n = 2 %}{% if n > 1 %}many{% else %}one{% endif %}\n"
            "{% capture who %}{{ site.data.team | map: 'name' | join: ', ' }}{% endcapture %}"
            "{{ who }}\n{% raw %}{{ kept }}{% endraw %}\n{% comment %}gone{% endcomment %}")
    result = expand_templates(body, jekyll(title="Today"))
    assert result.text.split("\n") == ["Field notes / Today / Bo", "many", "Ann, Bo",
                                        "{{ kept }}", ""]


def test_post_url_and_link_use_the_preview_hook() -> None:
    body = ("[a]({% post_url 2024-01-02-first %}) [b]({% link _posts/2024-01-02-first.md %}) "
            "[c]({% post_url 2020-01-01-gone %})\n")
    plain = expand_templates(body, jekyll())
    assert plain.text.startswith("[a](/2024/01/02/first/) [b](/2024/01/02/first/) ")
    assert f'[c]({MISSING_HREF} "{{% post_url 2020-01-01-gone %}}")' in plain.text
    context = jekyll()
    hooked = TemplateContext(site=context.site, posts=POSTS,
                             post_href=lambda target: f"blogdesk-post:{target.path}")
    text = expand_templates(body, hooked).text
    assert text.startswith("[a](blogdesk-post:_posts/2024-01-02-first.md)")


def test_a_failing_tag_is_shown_raw_with_its_error_and_the_rest_evaluates() -> None:
    body = "{{ site.title }}\n\n{{ page.title | no_such_filter }}\n\n{% if %}\n"
    result = expand_templates(body, jekyll(title="T"))
    assert result.text.startswith("Field notes\n\n")
    html = html_of(result.text)
    assert 'class="bd-tag bd-tag-error" title="Liquid error: unknown filter' in html
    assert "{{ page.title | no_such_filter }}" in visible(html)
    assert "{% if %}" in visible(html)
    assert sorted(d.line for d in result.diagnostics) == [3, 5]


def test_a_runaway_loop_stops_and_is_shown() -> None:
    body = "before\n\n{% for i in (1..1000000) %}{{ i }}{% endfor %}\n\nafter\n"
    result = expand_templates(body, jekyll())
    assert "before" in result.text and "after" in result.text
    assert "limit" in result.diagnostics[0].message
    assert "{% for i in (1..1000000) %}{{ i }}{% endfor %}" in visible(html_of(result.text))


def test_nested_loops_are_bounded_too() -> None:
    body = "{% for i in (1..200) %}{% for j in (1..200) %}x{% endfor %}{% endfor %}"
    result = expand_templates(body, jekyll())
    assert "limit" in result.diagnostics[0].message
    assert len(result.text) < 2000


def test_the_wall_clock_limit_stops_evaluation() -> None:
    body = "start {% for i in (1..50) %}{% for j in (1..50) %}{% for k in (1..3) %}" \
           "{{ i | times: j }}{% endfor %}{% endfor %}{% endfor %} end"
    slow = TemplateContext(site=jekyll().site, time_limit=0.0)
    result = expand_templates(body, slow)
    assert "start" in result.text and "end" in result.text
    assert "longer than" in result.diagnostics[-1].message
    assert "{% for i in (1..50) %}" in visible(html_of(result.text))


def test_includes_cannot_leave_the_includes_folder(tmp_path: Path) -> None:
    (tmp_path / "_includes").mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    os.symlink(secret, tmp_path / "_includes" / "link.html")
    body = "{% include ../secret.txt %} {% include link.html %} {% include /etc/hostname %}"
    result = expand_templates(body, jekyll(tmp_path))
    assert "SECRET" not in result.text
    assert result.text.count("bd-tag-missing") == 3


def test_an_oversized_include_is_refused(tmp_path: Path) -> None:
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "big.html").write_text("x" * (300 << 10))
    result = expand_templates("{% include big.html %}", jekyll(tmp_path))
    assert "bd-tag-missing" in result.text and len(result.text) < 1000


def test_a_plugin_block_tag_shows_its_content() -> None:
    body = "{% callout warning %}\nThis is *important*.\n{% endcallout %}\n"
    html = html_of(expand_templates(body, jekyll()).text)
    assert 'class="bd-tag bd-tag-block"' in html
    assert "Liquid callout" in html and "warning" in html
    assert "<em>important</em>" in html


def test_liquid_in_a_code_block_that_is_not_evaluated_stays_plain_text() -> None:
    body = "```\n{% mytag a %}\n```\n"
    assert expand_templates(body, jekyll()).text == body


def test_render_with_liquid_false_leaves_the_body_alone() -> None:
    body = "{{ site.title }}"
    assert expand_templates(body, jekyll(render_with_liquid=False)).text == body


def test_jekyll_gist_is_a_card_with_the_link() -> None:
    html = html_of(expand_templates("{% gist someone/0123abcd %}\n", jekyll()).text)
    assert '<a href="https://gist.github.com/someone/0123abcd"' in html


# --- Hugo shortcodes ---------------------------------------------------------------------------


def test_hugo_highlight_details_and_param() -> None:
    body = ('{{< highlight go "linenos=table" >}}\nfunc main() {}\n{{< /highlight >}}\n\n'
            '{{< details summary="More" open=true >}}\n**bold** text\n{{< /details >}}\n\n'
            "By {{< param author >}} ({{< param social.mastodon >}}), {{< param kind >}}.\n")
    result = expand_templates(body, hugo(kind="note"))
    html = html_of(result.text)
    assert '<code class="language-go">func main() {}' in html
    assert '<details open markdown="1"><summary>More</summary>' in result.text
    assert "<summary>More</summary>" in html
    assert "<strong>bold</strong>" in html
    assert "By Ann (@ann), note." in html
    assert result.diagnostics == ()


def test_hugo_embeds_are_cards_with_the_link() -> None:
    body = ("{{< youtube w7Ft2ymGmfc >}}\n\n{{< vimeo id=\"146022717\" >}}\n\n"
            '{{< x user="someone" id="1453110110599868418" >}}\n\n{{< gist someone 7896402 >}}\n\n'
            '{{< youtube "javascript:alert(1)" >}}\n')
    result = expand_templates(body, hugo())
    hrefs = re.findall(r'href="([^"]+)"', html_of(result.text))
    assert hrefs == ["https://www.youtube.com/watch?v=w7Ft2ymGmfc", "https://vimeo.com/146022717",
                     "https://x.com/someone/status/1453110110599868418",
                     "https://gist.github.com/someone/7896402"]
    assert "cannot tell the link" in result.diagnostics[0].message


def test_a_custom_shortcode_is_a_labelled_block_with_rendered_inner_markdown() -> None:
    body = ('{{% notice type="warning" %}}\nSome *inner* text by {{< param author >}}.\n'
            "{{% /notice %}}\n\nInline {{< badge new >}} here.\n")
    result = expand_templates(body, hugo())
    html = html_of(result.text)
    assert 'class="bd-tag bd-tag-block"' in html
    assert "shortcode notice" in html
    assert 'type="warning"' in html.replace("&quot;", '"')
    assert "Some <em>inner</em> text by Ann." in html
    assert "{{&lt; badge new &gt;}}" in visible(html)
    assert [d.line for d in result.diagnostics] == [1, 5]


def test_shortcodes_in_code_blocks_and_escaped_ones_stay_text() -> None:
    body = '```\n{{< figure src="x.png" >}}\n```\n\nWrite {{</* figure src="x.png" */>}}.\n'
    result = expand_templates(body, hugo())
    assert result.text.startswith('```\n{{< figure src="x.png" >}}\n```\n')
    assert 'Write {{< figure src="x.png" >}}.' in visible(html_of(result.text)).replace(
        "&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


@pytest.mark.parametrize("body", ["{{< /orphan >}}", "{{< unclosed >}} text {{< x", "{{<"])
def test_odd_shortcodes_never_lose_text(body: str) -> None:
    text = visible(html_of(expand_templates(body, hugo()).text, smart_quotes=False))
    for word in re.findall(r"\w+", body):
        assert word in text


# --- Zola, Nunjucks ----------------------------------------------------------------------------


def test_zola_shortcodes_are_labelled_placeholders() -> None:
    site = Site(generator="zola", template_language="tera")
    body = ('{{ youtube(id="abc", autoplay=true) }}\n\n{% quote(author="Ann") %}\n'
            "A *wise* line.\n{% end %}\n")
    result = expand_templates(body, TemplateContext(site=site))
    html = html_of(result.text)
    assert 'youtube(id="abc", autoplay=true)' in visible(html).replace("&quot;", '"')
    assert "Zola shortcode quote" in html and "<em>wise</em>" in html
    assert len(result.diagnostics) == 2


def test_nunjucks_tags_are_labelled_placeholders() -> None:
    result = expand_templates("{% set x = 1 %}{{ x }}", TemplateContext(), language="nunjucks")
    assert result.text.count("bd-tag-raw") == 2
    assert "{% set x = 1 %}" in visible(html_of(result.text))


def test_no_template_language_leaves_the_body_alone() -> None:
    body = "{{ site.title }} {% x %} {{< y >}}"
    assert expand_templates(body, TemplateContext()).text == body


def test_site_posts_loop_lists_the_posts_newest_first() -> None:
    posts = (PostTarget("_posts/2024-01-02-first.md", "/first/", "First", "2024-01-02"),
             PostTarget("_posts/2024-03-04-second.md", "/second/", "Second", "2024-03-04"))
    context = TemplateContext(site=jekyll().site, posts=posts)
    body = "{% for post in site.posts %}\n- [{{ post.title }}]({{ post.url }}){% endfor %}\n"
    assert expand_templates(body, context).text == "\n- [Second](/second/)\n- [First](/first/)\n"


def test_every_failing_tag_is_marked_and_lines_stay_right() -> None:
    body = "".join(f"{{{{ x | bad_{n} }}}}\n" for n in range(30))
    body += "{% for i in (1..3) %}\n{{ i | bad }}\n{% endfor %}\n"
    body += "{{ y | worse }}\n{{ site.title }}\n"
    result = expand_templates(body, jekyll())
    # the failing statement inside the loop is shown once per turn; the loop itself runs
    assert result.text.count("bd-tag-error") == 30 + 3 + 1
    assert result.text.endswith("Field notes\n")
    assert [d.line for d in result.diagnostics][-2:] == [32, 34]


def test_tags_inside_inline_code_are_shown_as_text() -> None:
    body = "Write `{{< badge new >}}` or ``{{< figure src=\"x\" >}}`` to add one.\n"
    result = expand_templates(body, hugo())
    assert result.text == body
    liquid = expand_templates("Use `{% plugin_tag %}` and `{{ site.title }}`.\n", jekyll())
    assert liquid.text == "Use `{% plugin_tag %}` and `Field notes`.\n"  # Jekyll evaluates it


def test_a_figure_without_a_source_is_shown_with_a_reason() -> None:
    result = expand_templates('{{< figure caption="no image" >}}\n', hugo())
    assert "shortcode figure" in result.text
    assert "incomplete" in result.diagnostics[0].message


def test_every_class_the_pass_writes_is_in_placeholder_classes(tmp_path: Path) -> None:
    """The sanitizer keeps PLACEHOLDER_CLASSES; nothing written here may fall outside it."""
    from blogdesk.core.sites.templates import PLACEHOLDER_CLASSES

    outputs = [
        expand_templates(body, jekyll(tmp_path)).text for body in (
            "{% include x.html %} {% plugin %} {{ x | bad }} {% post_url nope %} "
            "{% gist a/b %} {% box %}in{% endbox %}",
        )
    ] + [
        expand_templates(body, hugo()).text for body in (
            "{{< custom >}} a {{< x1 >}} {{< param nope >}} {{< /orphan >}}\n\n{{< custom2 >}}\n"
            "{{% block %}}in{{% /block %}}\n{{< youtube abc >}}{{< vimeo 1 >}}{{< x id=1 >}}"
            "{{< tweet 1 >}}{{< twitter 1 >}}{{< gist a b >}}{{< instagram c >}}",
        )
    ] + [expand_templates("{{ a() }} {% b() %}x{% end %}", TemplateContext(
        site=Site(template_language="tera"))).text]
    written: dict[str, set[str]] = {}
    for text in outputs:
        for tag, classes in re.findall(r'<(\w+) class="([^"]+)"', text):
            written.setdefault(tag, set()).update(classes.split())
    for tag, classes in written.items():
        assert classes <= PLACEHOLDER_CLASSES[tag], (tag, classes - PLACEHOLDER_CLASSES[tag])
    assert written["span"] >= {"bd-tag", "bd-tag-raw", "bd-tag-error", "bd-tag-missing",
                               "bd-tag-custom", "bd-tag-url"}


def test_protected_html_survives_an_engine_that_omits_raw_html() -> None:
    """With protect, the HTML is kept out of the Markdown (Hugo's unsafe=false would drop it)
    and put back into the rendered page."""
    body = ('See [x]({{< ref "a.md" >}}).\n\n{{< figure src="/a.png" caption="A cat" >}}\n\n'
            '{{% notice warning %}}\nSome *inner* text.\n{{% /notice %}}\n\nInline '
            '{{< badge new >}} here.\n')
    expanded = expand_templates(body, hugo(), protect=True)
    assert "<" not in expanded.text  # nothing for the engine to omit
    assert "[x](https://example.org/posts/a/)" in expanded.text
    md = new_markdown(RenderOptions(smart_quotes=True, highlight=False))
    rendered = md.convert(expanded.text)
    page = sanitize(expanded.restore(rendered))
    assert '<figure><img src="/a.png" alt="A cat"><figcaption><p>A cat</p></figcaption>' \
        "</figure>" in page
    assert re.search(r'<div class="bd-tag bd-tag-block"[^>]*><div class="bd-tag-label">'
                     r"shortcode notice", page)
    assert "<p>Some <em>inner</em> text.</p>\n</div>" in page
    assert "Inline <span" in page and "{{&lt; badge new &gt;}}</span> here." in page
    assert "\ue002" not in page and "\ue003" not in page


def test_protect_works_for_liquid_and_zola_too(tmp_path: Path) -> None:
    liquid = expand_templates("Intro:\n{% include gone.html %}\n", jekyll(tmp_path), protect=True)
    assert "<" not in liquid.text
    assert "bd-tag-missing" in liquid.restore(f"<p>{liquid.text}</p>")
    zola = expand_templates("{% note() %}\n*a*\n{% end %}\n",
                            TemplateContext(site=Site(template_language="tera")), protect=True)
    assert "<" not in zola.text and "*a*" in zola.text
    assert zola.restore(zola.text).count("<div") == 2


def test_hugo_tags_survive_the_hugo_flavour_which_omits_raw_html() -> None:
    """Hugo's default (unsafe = false) omits raw HTML; the protected pass keeps its own HTML."""
    contract = pytest.importorskip("blogdesk.core.render.contract",
                                   reason="the renderer families are not here yet")
    flavour = contract.flavour("hugo")
    body = ('{{< figure src="/a.png" caption="A cat" >}}\n\nInline {{< badge new >}} here.\n\n'
            '{{% notice %}}\nSome *inner* text.\n{{% /notice %}}\n')
    expanded = expand_templates(body, hugo(), protect=True)
    page = sanitize(expanded.restore(contract.render_with(flavour, expanded.text).html))
    assert '<img src="/a.png" alt="A cat">' in page
    assert "{{&lt; badge new &gt;}}</span> here." in page
    assert "<p>Some <em>inner</em> text.</p>" in page


def test_each_output_line_knows_its_body_line() -> None:
    """The preview scrolls by body lines: every line of the expanded text maps back."""
    body = ("Intro.\n\n{{% notice %}}\nInner *text*.\n{{% /notice %}}\n\nAfter the block.\n\n"
            "{{< badge\n  new >}} and more.\n\nLast line.\n")
    expanded = expand_templates(body, hugo())
    out = expanded.text.split("\n")
    src = body.split("\n")
    for wanted in ("Intro.", "After the block.", "Last line."):
        line = out.index(wanted) + 1
        assert src[expanded.source_line(line) - 1] == wanted
    assert src[expanded.source_line(out.index("Inner *text*.") + 1) - 1] == "Inner *text*."
    assert expanded.source_line(out.index("Last line.") + 1) == 12


def test_lines_are_the_bodys_when_nothing_moved_them() -> None:
    expanded = expand_templates("{{ site.title }}\n\nText.\n", jekyll())
    assert expanded.source_lines is None and expanded.source_line(3) == 3
    looped = expand_templates("{% for i in (1..9) %}\n- {{ i }}{% endfor %}\n\nEnd.\n", jekyll())
    last = looped.text.split("\n").index("End.") + 1
    assert looped.source_line(last) == 4  # the lines after the loop match exactly
    assert {looped.source_line(n) for n in range(1, last)} <= {1, 2, 3}


def test_liquid_reaches_no_python_attribute() -> None:
    """The sandbox: values are looked up as keys and indexes only, never as Python attributes."""
    import datetime as dt

    context = TemplateContext(site=jekyll().site,
                              page={"date": dt.datetime(2024, 1, 2), "title": "x"})
    body = ("{{ page.date.year }}|{{ page.date.__class__ }}|{{ page.title.__class__.__mro__ }}|"
            "{{ site.title.__len__ }}|{{ page.date | date: '%Y' }}")
    assert expand_templates(body, context).text == "||||2024"


def test_an_include_that_includes_itself_stops_and_only_it_is_marked(tmp_path: Path) -> None:
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "self.html").write_text("x{% include self.html %}")
    (tmp_path / "_includes" / "bad.html").write_text("{{ 'a' | no_filter }}")
    body = "a {% include self.html %} b {% include bad.html %} {{ site.title }}"
    result = expand_templates(body, jekyll(tmp_path))
    assert result.text.endswith(" Field notes")
    assert result.text.count("bd-tag-error") == 2
    assert "recursive include" in result.diagnostics[0].message
    assert "in _includes/bad.html: unknown filter" in result.diagnostics[1].message


@pytest.mark.parametrize(("generator", "language", "body"), [
    ("hugo", "hugo", '{{% notice warning %}}\nSome *inner* text.\n{{% /notice %}}\n\nAfter.\n'),
    ("jekyll", "liquid", "{% notice warning %}\nSome *inner* text.\n{% endnotice %}\n\nAfter.\n"),
    ("zola", "tera", '{% notice(kind="warning") %}\nSome *inner* text.\n{% end %}\n\nAfter.\n'),
])
def test_each_family_renders_a_blocks_inner_markdown_as_one_block(generator: str,
                                                                  language: str,
                                                                  body: str) -> None:
    """With protect and the renderer's own render_inner, a block placeholder is one token,
    so it is one top-level block of the page, and its inner Markdown is rendered by the family."""
    contract = pytest.importorskip("blogdesk.core.render.contract")
    flavour = contract.flavour(generator)
    context = TemplateContext(site=Site(generator=generator, template_language=language),
                              render_inner=lambda md: contract.render_with(flavour, md).html)
    expanded = expand_templates(body, context, protect=True)
    assert expanded.text.split("\n")[0].startswith("\ue002")  # the block is one token line
    rendered = contract.render_with(flavour, expanded.text)
    blocks = [sanitize(expanded.restore(block.html)) for block in rendered.blocks]
    assert len(blocks) == 2
    assert re.search(r'^<div class="bd-tag bd-tag-block"[^>]*>.*<p>Some <em>inner</em> text.</p>'
                     r"\s*</div>\s*$", blocks[0], re.S)
    assert blocks[1].strip() == "<p>After.</p>"
    assert expanded.source_line(3) == 5  # "After." is body line 5


def test_a_tag_marked_inside_another_failing_tag_shows_its_own_text() -> None:
    """Found by the property test: a failing tag holding another failing tag is shown as the
    author wrote both, with no private-use mark left in the text or the tooltip."""
    result = expand_templates("{{<{{<\n>}}>}}", jekyll())
    assert "\ue000" not in result.text and "\ue001" not in result.text
    assert html.unescape(visible(result.text)).replace("\n", "") == "{{<{{<>}}>}}"
    assert all("\ue000" not in d.message for d in result.diagnostics)
