"""The classes the template-tag pass writes on its placeholders: what the sanitizer keeps.

A module with no imports of its own, so the sanitizer can read it without loading the sites
package's readers.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["CLASS_PREFIX", "EMBED_KINDS", "INLINE_KINDS", "PLACEHOLDER_CLASSES"]

#: Every placeholder element's class starts with this prefix (the sanitizer must keep them).
CLASS_PREFIX = "bd-tag"
#: Placeholder kinds: shown raw (a plugin's tag), an error, a missing include/post/param, a
#: custom shortcode inline.
INLINE_KINDS = ("raw", "error", "missing", "custom")
#: The embeds shown as a card with their link.
EMBED_KINDS = ("youtube", "vimeo", "x", "twitter", "tweet", "gist", "instagram")
#: Per tag, every class this pass writes: what the sanitizer has to keep for the placeholders.
PLACEHOLDER_CLASSES: Mapping[str, frozenset[str]] = MappingProxyType({
    "span": frozenset({CLASS_PREFIX, f"{CLASS_PREFIX}-url",
                       *(f"{CLASS_PREFIX}-{kind}" for kind in INLINE_KINDS)}),
    "div": frozenset({CLASS_PREFIX, f"{CLASS_PREFIX}-block", f"{CLASS_PREFIX}-label",
                      f"{CLASS_PREFIX}-card", *(f"{CLASS_PREFIX}-{kind}" for kind in EMBED_KINDS)}),
    "code": frozenset({f"{CLASS_PREFIX}-params"}),
})
