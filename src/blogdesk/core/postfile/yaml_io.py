"""ruamel.yaml instances for front matter: a round-trip loader limited against alias bombs (one
per thread), a dumper with a given indentation, and the YAML 1.1 resolver that decides quoting.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError

from blogdesk.core import yaml_limits


class _LimitedConstructor(RoundTripConstructor):
    """ruamel.yaml's round-trip constructor that refuses a document whose aliases expand to
    too many values or nest too deep (``yaml_limits``: the billion laughs), before building it."""

    def construct_document(self, node: Any) -> Any:
        yaml_limits.check(node, error=YAMLError)
        return super().construct_document(node)


def _new_yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    # One instance per operation: ruamel.yaml instances are not thread-safe.
    y = YAML(typ="rt")
    y.Constructor = _LimitedConstructor
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


_LOCAL = threading.local()


def _loader() -> YAML:
    # Building a YAML instance costs about as much as reading a small block: keep one per
    # thread (instances are not thread-safe), made on first use rather than at import.
    y: YAML | None = getattr(_LOCAL, "loader", None)
    if y is None:
        y = _LOCAL.loader = _new_yaml()
    return y


def _yaml_load(text: str) -> Any:
    yaml_limits.check_text(text, error=YAMLError)
    try:
        return _loader().load(text)
    except YAMLError:
        # ruamel.yaml 0.19 rejects a trailing tab after a plain scalar ("title: Hi\t") that other
        # YAML readers accept; retry with just those tabs removed (line numbers are unchanged).
        fixed = re.sub(r"(?m)(?<=\S)[ \t]*\t[ \t]*$", "", text)
        if fixed == text:
            raise
        try:
            return _loader().load(fixed)
        except YAMLError:
            pass
        raise


def _yaml_dump(data: Any, mapping: int = 2, sequence: int = 4, offset: int = 2) -> str:
    buf = io.StringIO()
    _new_yaml(mapping, sequence, offset).dump(data, buf)
    return buf.getvalue()


@functools.cache
def _yaml11_resolver() -> Any:
    import yaml as pyyaml

    return pyyaml.resolver.Resolver(), pyyaml.nodes.ScalarNode


def _yaml11_not_str(text: str) -> bool:
    """True when a YAML 1.1 reader (Jekyll, PyYAML) would not read `text` unquoted as a string."""
    resolver, node = _yaml11_resolver()
    return bool(resolver.resolve(node, text, (True, False)) != "tag:yaml.org,2002:str")
