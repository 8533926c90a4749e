"""The site's Atom feed (``feed.xml``): the newest published posts with their full HTML, links
made absolute or relative to the feed, and no character XML 1.0 forbids.
"""

from __future__ import annotations

import html as html_lib
import json
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from blogdesk.core.export.entry import Entry, _entry_json, _parse_iso, _sha
from blogdesk.core.export.page import _URL_ATTR, _author, _env, _is_relative, _join_base

if TYPE_CHECKING:
    from blogdesk.core.config import Config
    from blogdesk.core.export import _Writer


FEED_LIMIT = 20
#: What XML 1.0 does not allow in a document, even escaped: most C0 controls, lone surrogates,
#: U+FFFE and U+FFFF. A title with a bell or a body with a form feed must not break the feed.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _rfc3339(value: datetime) -> str:
    aware = value if value.tzinfo is not None else value.astimezone()
    text = aware.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _write_feed(
    writer: _Writer,
    config: Config,
    visible: Sequence[Entry],
    slugs: Mapping[str, str],
    records: Mapping[str, Mapping[str, Any]],
    page_key: str,
    body_of: Callable[[str], str],
) -> None:
    """``feed.xml``: the newest published posts as Atom 1.0, with the full HTML of each."""
    base_url = config.base_url
    published = [e for e in visible if e.status == "published"][:FEED_LIMIT]
    site_id = base_url or _urn(f"blogdesk:{config.site_title}")
    summary_inputs = [
        [e.key, _entry_json(e), slugs[e.key], records[e.key]["body_sha"]] for e in published
    ]
    inputs = _sha(json.dumps([page_key, summary_inputs], ensure_ascii=False, default=str))
    if not writer.needed("feed.xml", inputs):
        return
    items = [
        _feed_item(entry, config, site_id, slugs, records[entry.key], body_of)
        for entry in published
    ]
    stamps = [_parse_iso(str(item["updated"])) for item in items]
    newest = max((stamp for stamp in stamps if stamp is not None), default=None)
    updated = _rfc3339(newest or datetime.now(timezone.utc))
    feed = {
        "id": site_id,
        "title": config.site_title,
        "subtitle": config.description,
        "language": config.language or "en",
        "updated": updated,
        "self_href": _join_base(base_url, "feed.xml") if base_url else "",
        "home_href": base_url or "index.html",
        # Atom needs an author on the feed or on every entry
        "author": config.author.name or config.site_title or "Unknown",
    }
    page = _env().get_template("feed.xml.j2").render(feed=_xml_text(feed), entries=_xml_text(items))
    writer.write("feed.xml", page)


def _stamps(entry: Entry) -> tuple[str, str]:
    """When a post was published and last updated (never before it was published)."""
    when = entry.when or datetime.fromtimestamp(
        Path(entry.path).stat().st_mtime if Path(entry.path).exists() else 0, timezone.utc
    )
    updated = _parse_iso(entry.updated) or when
    return _rfc3339(when), _rfc3339(max(updated, when))


def _feed_item(
    entry: Entry,
    config: Config,
    site_id: str,
    slugs: Mapping[str, str],
    record: Mapping[str, Any],
    body_of: Callable[[str], str],
) -> dict[str, Any]:
    """One post of the feed, with its body's links pointing at the site's pages."""
    # the site's link rewriting is the package's own (shared with the post pages); imported
    # here because the package imports this module
    from blogdesk.core.export import _rewrite_links

    base_url = config.base_url
    slug = slugs[entry.key]
    page_dir = f"posts/{quote(slug)}/"
    href = _join_base(base_url, page_dir) if base_url else page_dir + "index.html"
    link_map = {
        h: f"../{quote(slugs[t])}/index.html" for h, t in record.get("links", []) if t in slugs
    }
    body = _rewrite_links(body_of(entry.key), link_map)
    content = _feed_urls(body, _join_base(base_url, page_dir) if base_url else None, page_dir)
    published_at, updated_at = _stamps(entry)
    name, *_rest = _author(entry, config)
    return {
        "id": href if base_url else _urn(f"{site_id}/{slug}"),
        "title": entry.title,
        "published": published_at,
        "updated": updated_at,
        "href": href,
        "author": name,
        "categories": list(dict.fromkeys((*entry.categories, *entry.tags))),
        "summary": entry.summary,
        "content": content,
    }


def _xml_text(value: Any) -> Any:
    """``value`` with the characters XML 1.0 does not allow removed from every string in it."""
    if isinstance(value, str):
        return _XML_INVALID.sub("", value)
    if isinstance(value, dict):
        return {k: _xml_text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_xml_text(v) for v in value]
    return value


def _urn(name: str) -> str:
    """A stable Atom id for a site without a base URL."""
    import uuid

    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _feed_urls(html: str, page_url: str | None, page_dir: str) -> str:
    """Relative URLs in a body made absolute (with a base URL) or relative to the feed."""

    def fix(match: re.Match[str]) -> str:
        attr, value = match.group(1), match.group(2)
        url = html_lib.unescape(value)
        if not url or not (_is_relative(url) or url.startswith("#")):
            return match.group(0)
        if page_url:
            fixed = urljoin(page_url, url)
        elif url.startswith("#"):
            fixed = page_dir + "index.html" + url
        else:
            fixed = posixpath.normpath(posixpath.join(page_dir, url))
        return f'{attr}="{html_lib.escape(fixed)}"'

    return _URL_ATTR.sub(fix, html)
