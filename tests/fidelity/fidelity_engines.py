"""The real engines the fidelity suite compares against: hugo, jekyll, markdown-it (node) and
pulldown-cmark (Zola's Markdown library, through its Python binding pyromark).

Each function takes ``{name: markdown body}`` and returns ``{name: html}`` as the engine renders
each body, built in one run in a temporary folder, or raises :class:`EngineMissing` with a
message saying what is missing (the tests turn that into a skip).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
POSTS = HERE / "posts"
NODE_DIR = HERE / ".node"
NPM_PACKAGES = (
    "markdown-it@14",
    "markdown-it-footnote@4",
    "markdown-it-deflist@3",
    "markdown-it-anchor@9",
)
BUILD_TIMEOUT = 300


class EngineMissing(RuntimeError):
    """The engine is not installed or could not run; the message says what to install."""


def fixture_posts() -> dict[str, str]:
    """Every fixture post body by name (file stem), in name order."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(POSTS.glob("*.md"))}


def _run(cmd: list[str], cwd: Path, what: str, timeout: float = BUILD_TIMEOUT) -> None:
    try:
        done = subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise EngineMissing(f"{what} did not finish in {timeout} s") from exc
    if done.returncode != 0:
        raise EngineMissing(f"{what} failed ({done.returncode}): {done.stderr.strip()[:500]}")


def _toml_tables(prefix: str, table: dict[str, Any]) -> str:
    """Nested tables of bools and strings as TOML, under ``prefix``."""
    plain = {k: v for k, v in table.items() if not isinstance(v, dict)}
    out = f"[{prefix}]\n" if plain else ""
    for key, value in plain.items():
        out += f"{key} = {json.dumps(value)}\n"
    for key, value in table.items():
        if isinstance(value, dict):
            out += _toml_tables(f"{prefix}.{key}", value)
    return out


def hugo(
    posts: dict[str, str], site: Path, goldmark: dict[str, Any] | None = None
) -> dict[str, str]:
    """Each body as ``hugo`` renders it (``.Content``), with its default goldmark settings
    changed by ``goldmark`` (written as ``[markup.goldmark...]`` tables).

    Code fences are not highlighted (``markup.highlight.codeFences = false``): highlighting is
    presentation, and with ``linenos`` Hugo would turn a code block into a table of line numbers.
    """
    if shutil.which("hugo") is None:
        raise EngineMissing("hugo is not installed (Debian package hugo; scripts/system-deps.sh)")
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "http://example.org/"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", '
        '"section"]\n'
        "[markup.highlight]\ncodeFences = false\n"
        + _toml_tables("markup.goldmark", goldmark or {}),
        encoding="utf-8",
    )
    (site / "layouts" / "_default" / "single.html").write_text("{{ .Content }}", encoding="utf-8")
    for name, body in posts.items():
        page = f'---\ntitle: "{name}"\nslug: "{name}"\n---\n\n{body}'
        (site / "content" / "posts" / f"{name}.md").write_text(page, encoding="utf-8")
    _run(["hugo", "--quiet", "-d", "public"], site, "hugo")
    return {
        name: (site / "public" / "posts" / name / "index.html").read_text(encoding="utf-8")
        for name in posts
    }


def jekyll(
    posts: dict[str, str], site: Path, kramdown: dict[str, Any] | None = None
) -> dict[str, str]:
    """Each body as ``jekyll build`` renders it: kramdown with GFM input, Jekyll's defaults
    changed by ``kramdown`` (the ``kramdown:`` settings of ``_config.yml``).

    Liquid is off for the fixtures (``render_with_liquid: false``): template tags are the
    site layer's part, checked on their own.
    """
    if shutil.which("jekyll") is None:
        raise EngineMissing("jekyll is not installed (Debian package jekyll; system-deps.sh)")
    source = site / "src"
    (source / "_layouts").mkdir(parents=True)
    settings = "".join(f"  {key}: {json.dumps(value)}\n" for key, value in (kramdown or {}).items())
    config = "markdown: kramdown\nquiet: true\n" + (f"kramdown:\n{settings}" if settings else "")
    (source / "_config.yml").write_text(config, encoding="utf-8")
    (source / "_layouts" / "raw.html").write_text("{{ content }}", encoding="utf-8")
    for name, body in posts.items():
        page = f"---\nlayout: raw\nrender_with_liquid: false\npermalink: /{name}.html\n---\n\n"
        (source / f"{name}.md").write_text(page + body, encoding="utf-8")
    _run(["jekyll", "build", "--safe", "-s", str(source), "-d", str(site / "out")], site, "jekyll")
    return {name: (site / "out" / f"{name}.html").read_text(encoding="utf-8") for name in posts}


_NODE_SCRIPT = r"""
const fs = require('fs');
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const o = input.options;
const md = require('markdown-it')({html: o.html, linkify: o.linkify, typographer: o.typographer});
if (o.footnotes) md.use(require('markdown-it-footnote'));
if (o.deflist) md.use(require('markdown-it-deflist'));
if (o.anchor) md.use(require('markdown-it-anchor'));
if (o.code === false) md.disable('code');
const out = {};
for (const [name, body] of Object.entries(input.posts)) out[name] = md.render(body);
process.stdout.write(JSON.stringify(out));
"""


def install_markdown_it(timeout: float = 240) -> Path:
    """npm-install markdown-it and its plugins into tests/fidelity/.node (once); its folder."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise EngineMissing("node and npm are not installed (Debian packages nodejs npm)")
    names = [spec.rsplit("@", 1)[0] for spec in NPM_PACKAGES]
    if all((NODE_DIR / "node_modules" / name / "package.json").exists() for name in names):
        return NODE_DIR
    NODE_DIR.mkdir(exist_ok=True)
    (NODE_DIR / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    cmd = ["npm", "install", "--no-audit", "--no-fund", "--silent", *NPM_PACKAGES]
    _run(cmd, NODE_DIR, "npm install (is the npm registry reachable?)", timeout)
    return NODE_DIR


def markdown_it(posts: dict[str, str], options: dict[str, bool], node_dir: Path) -> dict[str, str]:
    """Each body as markdown-it (JavaScript) renders it with the given options and plugins."""
    script = node_dir / "render.js"
    script.write_text(_NODE_SCRIPT, encoding="utf-8")
    payload = json.dumps({"posts": posts, "options": options})
    try:
        done = subprocess.run(
            ["node", str(script)],
            cwd=node_dir,
            input=payload,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise EngineMissing("node did not finish in 120 s") from exc
    if done.returncode != 0:
        raise EngineMissing(f"markdown-it (node) failed: {done.stderr.strip()[:500]}")
    result: dict[str, str] = json.loads(done.stdout)
    return result


def pulldown_cmark(posts: dict[str, str]) -> dict[str, str]:
    """Each body as pulldown-cmark renders it with the extensions Zola turns on.

    Zola adds heading ids itself (pulldown-cmark writes none), so the comparison leaves ids out.
    """
    try:
        import pyromark
    except ImportError as exc:
        raise EngineMissing(
            "pyromark (pulldown-cmark) is not installed: pip install -e '.[dev]'"
        ) from exc
    o = pyromark.Options
    zola = (
        o.ENABLE_TABLES
        | o.ENABLE_FOOTNOTES
        | o.ENABLE_STRIKETHROUGH
        | o.ENABLE_TASKLISTS
        | o.ENABLE_HEADING_ATTRIBUTES
    )
    return {name: pyromark.html(body, options=zola) for name, body in posts.items()}
