"""Hugo shortcodes in post bodies: the built-ins emulated, custom ones shown as labelled blocks.

Shortcodes are found everywhere in the body, as Hugo finds them (``{{< name params >}}``,
``{{% name params %}}``, self-closing ``/>}}``, a closing ``{{< /name >}}`` pairing with its
opening, and ``{{</* escaped */>}}`` written out literally). The built-ins:

- ``figure``: a ``<figure>`` with the image, link and caption (parameter values go into HTML
  attributes, so no smart-quote step reaches them);
- ``ref`` / ``relref``: the named post's URL (through the preview's hook), so
  ``[x]({{< ref "a.md" >}})`` is a working link; an unknown post gives ``#bd-missing``;
- ``highlight``: a fenced code block; ``details``: a ``<details>`` with its Markdown inside;
- ``param``: the page's, else the site's, parameter;
- ``youtube``, ``vimeo``, ``x``, ``twitter``/``tweet``, ``gist``, ``instagram``: a card with the
  link.

Any other shortcode is a labelled block with its name, its parameters and its inner content
(Markdown, rendered by the Markdown step that follows).
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from blogdesk.core.sites.classes import CLASS_PREFIX, EMBED_KINDS
from blogdesk.core.sites.templates import (
    Diagnostic,
    Expanded,
    Marks,
    TemplateContext,
    attribute,
    block_placeholder,
    find_post,
    inline_placeholder,
    line_of,
    literal,
)

__all__ = ["MAX_SHORTCODES", "embed_card", "expand_shortcodes", "parse_params"]

MAX_SHORTCODES = 5000  # a body with more is shown with the rest unexpanded
MAX_DEPTH = 20

_TAG = re.compile(
    r"\{\{(?P<delim>[<%])(?P<comment>/\*)?\s*(?P<close>/)?\s*(?P<name>[\w./-]+)"
    r"(?P<params>(?:\"(?:[^\"\\\n]|\\.)*\"|`[^`{]*`|[^\"`>%{]|\{(?!\{)|[>%](?!\}\}))*?)"
    r"\s*(?P<selfclose>/)?\s*(?P<endcomment>\*/)?(?P<enddelim>[>%])\}\}",
    re.DOTALL,
)
_COMMENTED = re.compile(r"^\{\{([<%])/\*(.*?)\*/([>%])\}\}$", re.DOTALL)
_PARAM = re.compile(r"""(?:([\w-]+)\s*=\s*)?("(?:[^"\\]|\\.)*"|`[^`{]*`|[^\s"`]+)""")


@dataclass
class _Shortcode:
    name: str
    delim: str  # "<" or "%"
    params: str
    start: int
    end: int  # end of the opening tag
    raw: str
    inner_start: int = -1
    inner_end: int = -1
    close_end: int = -1
    children: list[_Shortcode] = field(default_factory=list)

    @property
    def whole_end(self) -> int:
        return self.close_end if self.close_end >= 0 else self.end


def parse_params(text: str) -> tuple[list[str], dict[str, str]]:
    """Hugo shortcode parameters: positional values, and ``name="value"`` pairs."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for key, value in _PARAM.findall(text):
        if value[:1] == '"':
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        elif value[:1] == "`":
            value = value[1:-1]
        if key:
            named[key] = value
        else:
            positional.append(value)
    return positional, named


def expand_shortcodes(body: str, context: TemplateContext, protect: bool = False) -> Expanded:
    """Expand the Hugo shortcodes of ``body``; see the module's docstring."""
    if "{{<" not in body and "{{%" not in body:
        return Expanded(body)
    expander = _Expander(body, context)
    roots = expander.tree()
    text = expander.expand_range(0, len(body), roots, 0)
    return expander.marks.finish(text, expander.diagnostics, protect,
                                 render_inner=context.render_inner)


class _Expander:
    def __init__(self, body: str, context: TemplateContext) -> None:
        self.body = body
        self.context = context
        self.marks = Marks()
        self.diagnostics: list[Diagnostic] = []

    def note(self, code: _Shortcode, message: str) -> None:
        self.diagnostics.append(Diagnostic(line_of(self.body, code.start), code.raw, message))

    def tree(self) -> list[_Shortcode]:
        """The shortcodes as a tree: a closing tag pairs with the nearest open one of its name."""
        roots: list[_Shortcode] = []
        stack: list[_Shortcode] = []
        for count, match in enumerate(_TAG.finditer(self.body)):
            if count >= MAX_SHORTCODES:
                self.diagnostics.append(Diagnostic(line_of(self.body, match.start()), "",
                                                   f"more than {MAX_SHORTCODES} shortcodes; "
                                                   "the rest are left as text"))
                break
            if match.group("comment") and match.group("endcomment"):
                # {{</* name */>}}: Hugo writes the shortcode itself, as text
                code = _Shortcode("", match.group("delim"), "", match.start(), match.end(),
                                  match.group(0))
                code.name = "#literal"
                (stack[-1].children if stack else roots).append(code)
                continue
            name = match.group("name")
            if match.group("close"):
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth].name == name:
                        opened = stack[depth]
                        del stack[depth:]
                        opened.inner_start, opened.inner_end = opened.end, match.start()
                        opened.close_end = match.end()
                        break
                else:
                    orphan = _Shortcode("#orphan", match.group("delim"), "", match.start(),
                                        match.end(), match.group(0))
                    (stack[-1].children if stack else roots).append(orphan)
                continue
            code = _Shortcode(name, match.group("delim"), match.group("params").strip(),
                              match.start(), match.end(), match.group(0))
            (stack[-1].children if stack else roots).append(code)
            if not match.group("selfclose") and len(stack) < MAX_DEPTH:
                stack.append(code)
        # an opening tag never closed has no inner content: its children move up a level
        return _flatten_unclosed(roots)

    def expand_range(self, start: int, end: int, codes: Sequence[_Shortcode], depth: int) -> str:
        out: list[str] = []
        pos = start
        for code in codes:
            out.append(self.body[pos:code.start])
            out.append(self.expand(code, depth))
            pos = code.whole_end
        out.append(self.body[pos:end])
        return "".join(out)

    def inner(self, code: _Shortcode, depth: int) -> str:
        if code.inner_start < 0:
            return ""
        return self.expand_range(code.inner_start, code.inner_end, code.children, depth + 1)

    def raw_of(self, code: _Shortcode) -> str:
        return self.body[code.start:code.whole_end]

    def expand(self, code: _Shortcode, depth: int) -> str:
        raw = self.raw_of(code)
        if code.name == "#literal":
            # `{{</* x */>}}` is Hugo's way to write `{{< x >}}` as text: never expanded again
            text = _COMMENTED.sub(r"{{\1\2\3}}", code.raw)
            return self.marks.add(literal(text), text)
        if code.name == "#orphan":
            self.note(code, "a closing shortcode without its opening one")
            return self.marks.add(inline_placeholder(raw, "shortcode", "no opening tag",
                                                     "error"), raw)
        positional, named = parse_params(code.params)
        handler = _BUILT_INS.get(code.name)
        if handler is not None:
            result = handler(self, code, positional, named, depth)
            if result is not None:
                return result
        if code.name in _EMBEDS:
            card = embed_card(code.name, positional, named)
            if card is not None:
                return self.marks.add(card, raw)
        label = f"shortcode {code.name}"
        if code.name in _EMBEDS:
            self.note(code, f"{label}: cannot tell the link from its parameters")
        elif handler is not None:
            self.note(code, f"{label}: its parameters are incomplete, shown not rendered")
        else:
            self.note(code, f"{label}: a custom shortcode, shown not rendered")
        inner = self.inner(code, depth)
        block = block_placeholder(label, code.params, inner, "custom shortcode")
        if code.inner_start < 0 and not _at_line_start(self.body, code.start):
            return self.marks.add(inline_placeholder(raw, label, "custom shortcode", "custom"),
                                  raw)
        return self.marks.add(block, raw)


def _flatten_unclosed(codes: list[_Shortcode]) -> list[_Shortcode]:
    out: list[_Shortcode] = []
    for code in codes:
        if code.inner_start < 0 and code.children:
            children = _flatten_unclosed(code.children)
            code.children = []
            out.append(code)
            out.extend(children)
        else:
            code.children = _flatten_unclosed(code.children)
            out.append(code)
    return out


def _at_line_start(text: str, index: int) -> bool:
    window = max(0, index - 1000)
    newline = text.rfind("\n", window, index)
    if newline < 0 and window > 0:
        return False  # deep into a very long line
    return not text[newline + 1:index].strip()


# --- built-ins ---------------------------------------------------------------------------------


def _figure(ex: _Expander, code: _Shortcode, positional: list[str], named: dict[str, str],
            depth: int) -> str | None:
    src = named.get("src", positional[0] if positional else "")
    if not src:
        return None
    img_attrs = [f'src="{attribute(src)}"']
    # Hugo: the alt text, else the caption made plain (markdownify | plainify)
    alt = named.get("alt") or html.unescape(_strip_tags(_markdownify(named.get("caption", ""))))
    img_attrs.append(f'alt="{attribute(alt)}"')
    for key in ("width", "height", "title"):
        if key in named and key != "title":
            img_attrs.append(f'{key}="{attribute(named[key])}"')
    image = f"<img {' '.join(img_attrs)}>"
    if named.get("link"):
        image = f'<a href="{attribute(named["link"])}">{image}</a>'
    caption = ""
    title, text, attr = named.get("title", ""), named.get("caption", ""), named.get("attr", "")
    if title or text or attr:
        parts = []
        if title:
            parts.append(f"<h4>{literal(title)}</h4>")
        if text or attr:
            attr_html = _markdownify(attr)
            if attr and named.get("attrlink"):
                attr_html = f'<a href="{attribute(named["attrlink"])}">{attr_html}</a>'
            parts.append(f"<p>{_markdownify(text)}{' ' if text and attr else ''}{attr_html}</p>")
        caption = f"<figcaption>{''.join(parts)}</figcaption>"
    css = f' class="{attribute(named["class"])}"' if named.get("class") else ""
    return ex.marks.add(f"<figure{css}>{image}{caption}</figure>", ex.raw_of(code))


def _ref(ex: _Expander, code: _Shortcode, positional: list[str], named: dict[str, str],
         depth: int) -> str | None:
    name = named.get("path", positional[0] if positional else "")
    path, _, anchor = name.partition("#")
    raw = ex.raw_of(code)
    target = find_post(ex.context.posts, path) if path else None
    if target is None and not path and anchor:
        return f"#{urllib.parse.quote(anchor)}"
    if target is None:
        ex.note(code, f"{code.name} {name!r}: no such post (Hugo stops with REF_NOT_FOUND)")
        return ex.marks.add(inline_placeholder(raw, f"{code.name} {name}", "no such post",
                                               "missing"), raw)
    href = ex.context.href(target)
    if code.name == "ref" and ex.context.post_href is None and href.startswith("/"):
        parts = urllib.parse.urlsplit(ex.context.site.url)  # ref is absolute: scheme and host
        if parts.scheme and parts.netloc:
            href = f"{parts.scheme}://{parts.netloc}{href}"
    return href + (f"#{urllib.parse.quote(anchor)}" if anchor else "")


def _highlight(ex: _Expander, code: _Shortcode, positional: list[str], named: dict[str, str],
               depth: int) -> str | None:
    language = positional[0] if positional else named.get("lang", "")
    body = ex.inner(code, depth).strip("\n")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{body}\n{fence}"


def _details(ex: _Expander, code: _Shortcode, positional: list[str], named: dict[str, str],
             depth: int) -> str | None:
    summary = named.get("summary", "Details")
    is_open = named.get("open", "").lower() in ("true", "1", "yes")
    opened = " open" if is_open else ""
    head = f'<details{opened} markdown="1"><summary>{literal(summary)}</summary>'
    return ex.marks.add((head, ex.inner(code, depth), "</details>"), ex.raw_of(code))


def _param(ex: _Expander, code: _Shortcode, positional: list[str], named: dict[str, str],
           depth: int) -> str | None:
    name = named.get("name", positional[0] if positional else "")
    value = _lookup(ex.context.page, name)
    if value is None:
        value = _lookup(ex.context.site.params, name)
    if value is None:
        raw = ex.raw_of(code)
        ex.note(code, f"param {name!r}: not set in the page or the site")
        return ex.marks.add(inline_placeholder(raw, f"param {name}", "not set", "missing"), raw)
    return ex.marks.add(literal(str(value)), str(value))


def _lookup(table: Mapping[str, Any], dotted: str) -> Any:
    value: Any = table
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        lowered = {str(k).lower(): v for k, v in value.items()}
        value = lowered.get(part.lower())
    return value


@functools.lru_cache(maxsize=512)
def _markdownify(text: str) -> str:
    """Hugo's ``markdownify`` of a short text: its inline Markdown as HTML, on one line.

    The caller's sanitizer cleans the result like the rest of the body.
    """
    if not text.strip():
        return ""
    import markdown

    html = markdown.markdown(text[:2000]).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html.replace("\n", " ")


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]*>", "", text)


_BUILT_INS = {
    "figure": _figure,
    "ref": _ref,
    "relref": _ref,
    "highlight": _highlight,
    "details": _details,
    "param": _param,
}

# --- embeds: a card with the link --------------------------------------------------------------

_ID = re.compile(r"^[\w-]{1,128}$")
_EMBEDS = frozenset(EMBED_KINDS)
_EMBED_NAMES = {"youtube": "YouTube video", "vimeo": "Vimeo video", "x": "Post on X",
                "twitter": "Post on X", "tweet": "Post on X", "gist": "GitHub gist",
                "instagram": "Instagram post"}


def embed_card(kind: str, positional: list[str], named: dict[str, str]) -> str | None:
    """A card linking to an embedded video, post or gist; None when the ids do not look right.

    Only well-formed ids go into the URL (letters, digits, ``-`` and ``_``), so a parameter can
    never make another kind of link.
    """
    url = _embed_url(kind, positional, named)
    if url is None:
        return None
    name = _EMBED_NAMES[kind]
    p = CLASS_PREFIX
    return (f'<div class="{p} {p}-card {p}-{kind}"><a href="{attribute(url)}">'
            f'{literal(name)}</a> <span class="{p}-url">{literal(url)}</span></div>')


def _embed_url(kind: str, positional: list[str], named: dict[str, str]) -> str | None:
    def ok(*values: str) -> bool:
        return all(_ID.match(v) for v in values)

    if kind == "youtube":
        video = named.get("id", positional[0] if positional else "")
        return f"https://www.youtube.com/watch?v={video}" if ok(video) else None
    if kind == "vimeo":
        video = named.get("id", positional[0] if positional else "")
        return f"https://vimeo.com/{video}" if ok(video) else None
    if kind == "instagram":
        post = named.get("id", positional[0] if positional else "")
        return f"https://www.instagram.com/p/{post}/" if ok(post) else None
    if kind in ("x", "twitter", "tweet"):
        user = named.get("user", positional[0] if len(positional) > 1 else "")
        status = named.get("id", positional[-1] if positional else "")
        if not ok(status):
            return None
        host = "x.com" if kind == "x" else "twitter.com"
        if user and ok(user):
            return f"https://{host}/{user}/status/{status}"
        return f"https://{host}/i/status/{status}"
    if kind == "gist":
        user = named.get("user", positional[0] if positional else "")
        gist = named.get("id", positional[1] if len(positional) > 1 else "")
        if not ok(user, gist):
            return None
        return f"https://gist.github.com/{user}/{gist}"
    return None
