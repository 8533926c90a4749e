"""Code blocks for the Python-Markdown family: Pygments' lexers found once and run faster.

CodeHilite asks Pygments for a lexer by name for every code block, and Pygments answers by
searching its table of some 600 lexers. Then the lexer (a ``RegexLexer`` for almost every
language) tries the rules of its current state one after another at each position of the code,
a regex call and a turn of a Python loop per rule: a nine-line Python block costs about 2,400
calls, more than half a millisecond, a fifth of an 850-word post's render.

:func:`install` makes CodeHilite's lexer look-up go through :func:`lexer_by_name`, which:

- remembers the lexer *class* by name (a new instance per block, as before: lexers keep their
  options on the instance);
- gives a lexer that runs on ``RegexLexer``'s own loop :func:`_tokens` instead: for each state,
  one regex made of the state's rules as alternatives, in their order, each with its own flags
  (``(?im:...)``) and followed by an empty group of its own (so that a branch still starts with
  the rule's first character, which the regex engine tests before it tries the branch). An
  alternation tries its branches in order and takes the first that matches, exactly as the loop
  does, so the last group closed names the rule the loop would take. A rule that yields one
  plain token takes the branch's text and end as they are (nothing follows the branch that could
  make it end elsewhere); a rule with a callback gets the match of its own regex (its groups
  numbered as the rule wrote them). A state
  is run by the plain loop when its rules cannot be joined safely: a back-reference (its number
  would change), verbose or ASCII mode (a comment would swallow the closing parenthesis), or a
  joined regex that does not compile. And if the rule's own match ever ends elsewhere than its
  branch did, that position is tried rule by rule. A state is joined once it has been entered
  :data:`JOIN_AFTER` times in the process (compiling the joined regex costs about what
  compiling the rules did).
- and, once a state has been entered :data:`DISPATCH_AFTER` times, looks at the character where
  the next token starts: for each
  ASCII character, the rules whose match can start with it (read from each rule's parsed regex:
  its possible first characters, anchors and lookarounds passed over; a rule that may match
  empty, or holds a construct not read, counts for every character) are known, and when they
  are few (a letter in Python code: one or two rules of 56), those are tried one by one instead
  of the joined regex, which tries its branches in turn at C speed but still one by one (before
  the state is joined, every character's rules are tried so, however many). The
  first of them that matches is the first of all the rules that matches: no other can match
  there.

The tokens, and so the HTML, are the same: ``tests/core/test_render_fastlexer.py`` compares the
token streams of both loops for many languages on real and random code, and renders the
fixtures both ways.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

__all__ = ["install", "lexer_by_name"]

#: A state's joined rules: the joined regex's ``match``; per group number, the rule's index; and
#: per ASCII character, the few rules that can match starting with it (:func:`_dispatch`).
_Joined = tuple[
    "Callable[[str, int], re.Match[str] | None] | None", dict[int, int], dict[str, tuple[Any, ...]]
]

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
#: Flags a branch can carry in a scoped group; any other (verbose: a comment would swallow the
#: closing parenthesis) keeps the state on the plain loop.
_SCOPED = re.UNICODE | re.IGNORECASE | re.MULTILINE | re.DOTALL
_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_CLASSES: dict[str, type] = {}
#: Per lexer class and state: the rules list joined (kept to be sure it is the same list: a few
#: lexers, C#'s for one, pick their rules per instance) and what it was joined into.
_JOINED: dict[tuple[type, str], tuple[list[Any], _Joined | None, bool]] = {}
#: How many times a state is entered in a process before its rules are joined: the joined regex
#: compiles in about as long as the rules did one by one (30 ms for Python's main state), and
#: beside the dispatch on the first character it saves only 1-5% of a block (2 to 30 us for a
#: ten-line block of Python, Go, Rust, Bash or JavaScript), so it repays its cost only after
#: thousands of blocks.
JOIN_AFTER = 2000
#: How many times a state is entered before its rules are read for the characters they can
#: start with (about half what compiling the joined regex costs, and a block or two of code
#: repays it: a Python block lexes in a third of the plain loop's time with it).
DISPATCH_AFTER = 8
_ENTERED: dict[tuple[type, str], int] = {}
_LOCK = threading.Lock()
_installed = False


def install() -> None:
    """Route CodeHilite's lexer look-up through :func:`lexer_by_name` (once per process)."""
    global _installed
    if _installed:
        return
    from markdown.extensions import codehilite

    if getattr(codehilite, "get_lexer_by_name", None) is None:
        return  # Pygments missing: CodeHilite writes plain blocks, nothing to speed up
    codehilite.get_lexer_by_name = lexer_by_name  # type: ignore[attr-defined]
    _installed = True


def lexer_by_name(alias: str, **options: Any) -> Any:
    """A new lexer for ``alias`` (as ``pygments.lexers.get_lexer_by_name``), on the fast loop."""
    from pygments.lexer import RegexLexer
    from pygments.lexers import find_lexer_class_by_name

    key = alias.lower() if isinstance(alias, str) else alias
    cls: Any = _CLASSES.get(key)
    if cls is None:
        cls = find_lexer_class_by_name(alias)  # raises ClassNotFound (a ValueError) as before
        _CLASSES[key] = cls
    lexer = cls(**options)
    if cls.get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed:
        lexer.get_tokens_unprocessed = _tokens.__get__(lexer)
    return lexer


def _joined(cls: type, state: str, rules: list[tuple[Any, Any, Any]]) -> _Joined | None:
    """How ``state``'s rules are tried: None for the plain loop; else the joined regex (None
    until the state has been entered :data:`JOIN_AFTER` times, or when it cannot be joined),
    its group index and the per-character dispatch (from :data:`DISPATCH_AFTER` entries)."""
    key = (cls, state)
    kept = _JOINED.get(key)
    if kept is not None and kept[0] is rules and kept[2]:
        return kept[1]  # final: joined, or known not to join
    entered = _ENTERED[key] = _ENTERED.get(key, 0) + 1
    if entered < DISPATCH_AFTER:
        return None  # not yet worth reading the rules: the plain loop
    if entered < JOIN_AFTER:
        if kept is not None and kept[0] is rules:
            return kept[1]
        fast, final = _unjoined(rules), False
    else:  # the rules read for the dispatch before are not read again
        before = kept[1] if kept is not None and kept[0] is rules else None
        fast = _join(rules, before[2] if before is not None else None) or before
        fast, final = fast or _unjoined(rules), True
    with _LOCK:
        _JOINED[key] = (rules, fast, final)
    return fast


def _unjoined(rules: list[tuple[Any, Any, Any]]) -> _Joined | None:
    """The per-character dispatch alone (every character's rules, however many), or None."""
    patterns: list[Any] = [getattr(rule[0], "__self__", None) for rule in rules]
    if not patterns or not all(isinstance(p, re.Pattern) for p in patterns):
        return None
    return None, {}, _dispatch(patterns, rules, None)


def _join(
    rules: list[tuple[Any, Any, Any]], every: dict[str, tuple[Any, ...]] | None = None
) -> _Joined | None:
    """The joined regex, its group index, and the dispatch of the characters with few rules
    (taken from ``every``, the dispatch of every character, when there is one)."""
    patterns: list[Any] = [getattr(rule[0], "__self__", None) for rule in rules]
    if not patterns or not all(isinstance(p, re.Pattern) for p in patterns):
        return None
    branches = []
    for i, pattern in enumerate(patterns):
        branch = _branch(pattern)
        if branch is None:
            return None
        branches.append(f"{branch}(?P<blogdeskrule{i}>)")
    try:
        compiled = re.compile("|".join(branches))
    except Exception:  # too big or too odd to join (re.error, RecursionError...): the loop
        return None
    index = {compiled.groupindex[f"blogdeskrule{i}"]: i for i in range(len(patterns))}
    if every is None:
        return compiled.match, index, _dispatch(patterns, rules, _FEW)
    return compiled.match, index, {c: few for c, few in every.items() if len(few) <= _FEW}


#: A character whose rules are at most this many tries them one by one; with more, the joined
#: regex is quicker.
_FEW = 6


def _dispatch(
    patterns: list[re.Pattern[str]], rules: list[Any], most: int | None
) -> dict[str, tuple[Any, ...]]:
    """Per ASCII character, the rules (in their order) that may match at a position holding it,
    for the characters that have at most ``most`` of them (None: all). A rule left out cannot match
    there (its match cannot start with that character, and it cannot be empty), so the first of
    these that matches is the first of all the rules that matches."""
    firsts = [_first_chars(pattern) for pattern in patterns]
    table = {}
    for char in map(chr, range(128)):
        few = tuple(rule for rule, first in zip(rules, firsts, strict=True)
                    if first is None or char in first)  # fmt: skip
        if most is None or len(few) <= most:
            table[char] = few
    return table


class _Unknown(Exception):
    """A construct :func:`_first_chars` does not read: the rule may start with anything."""


def _first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The ASCII characters a match of ``pattern`` can start with (a superset: lookarounds and
    anchors are passed over, a flag turned off inside the pattern is taken as on), or None when
    the match may be empty or the pattern holds something not read here."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern.pattern, pattern.flags)
        chars, may_be_empty = _first_of(parsed, parsed.state, pattern.flags)
    except Exception:  # _Unknown, or another Python's parser: every character may start it
        return None
    return None if may_be_empty else frozenset(chars)


_ASCII = tuple(map(chr, range(128)))


def _first_of(items: Any, state: Any, flags: int) -> tuple[set[str], bool]:
    """(the ASCII characters the sequence ``items`` may start with, whether it may be empty)."""
    from re import _constants as c  # type: ignore[attr-defined]

    chars: set[str] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero width: passing over it only widens
            continue
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):  # one character: asked of the engine
            return chars | _one_char(op, av, state, flags), False
        if op is c.SUBPATTERN:
            _group, on, off, sub = av
            inner, empty = _first_of(sub, state, (flags | on) & ~off)
        elif op is c.ATOMIC_GROUP:
            inner, empty = _first_of(av, state, flags)
        elif op is c.BRANCH:
            inner, empty = set(), False
            for alternative in av[1]:
                more, may = _first_of(alternative, state, flags)
                inner |= more
                empty = empty or may
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            inner, empty = _first_of(av[2], state, flags)
            empty = empty or av[0] == 0
        else:  # a back-reference, a conditional...
            raise _Unknown(op)
        chars |= inner
        if not empty:
            return chars, False
    return chars, True


_ONE_CHAR: dict[tuple[Any, str, int], frozenset[str]] = {}


def _one_char(op: Any, av: Any, state: Any, flags: int) -> frozenset[str]:
    """The ASCII characters one character-matching item matches, compiled on its own (many
    rules share their first item: each is compiled once)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    key = (op, repr(av), flags | state.flags)
    chars = _ONE_CHAR.get(key)
    if chars is None:
        alone = _compiler.compile(_parser.SubPattern(state, [(op, av)]), flags)
        chars = frozenset(char for char in _ASCII if alone.match(char))
        if len(_ONE_CHAR) < 4096:
            _ONE_CHAR[key] = chars
    return chars


def _branch(pattern: re.Pattern[str]) -> str | None:
    """A rule's regex as a branch with its own flags, ``(?im:...)``; None if it cannot be one."""
    source = pattern.pattern
    if not isinstance(source, str) or pattern.flags & ~_SCOPED or _BACKREFERENCE.search(source):
        return None
    while (lead := _GLOBAL_FLAGS.match(source)) is not None:
        source = source[lead.end() :]  # in pattern.flags already; not allowed mid-pattern
    on = "".join(letter for flag, letter in _LETTERS if pattern.flags & flag)
    return f"(?{on}:{source})" if on else f"(?:{source})"


def _first_rule(
    rules: Sequence[tuple[Any, Any, Any]], text: str, pos: int
) -> tuple[re.Match[str], Any, Any] | None:
    """RegexLexer's own choice: the first rule that matches at ``pos``."""
    for rexmatch, action, new_state in rules:
        m = rexmatch(text, pos)
        if m:
            return m, action, new_state
    return None


def _rule_match(
    rules: list[tuple[Any, Any, Any]],
    rule: int | None,
    branch: re.Match[str],
    text: str,
    pos: int,
    token_type: type,
) -> tuple[re.Match[str], Any, Any] | None:
    """The match, action and new state of the rule whose branch matched at ``pos``.

    A rule that yields one plain token needs only its text and its end: the branch's match has
    them (nothing after the branch in the joined regex can make it end elsewhere), so the rule's
    regex is not run again. A rule with a callback gets its own match (its groups numbered as
    it wrote them); should that ever end elsewhere, the rules are tried one by one."""
    if rule is None:
        return _first_rule(rules, text, pos)
    rexmatch, action, new_state = rules[rule]
    if type(action) is token_type:
        return branch, action, new_state
    m = rexmatch(text, pos)
    if m is not None and m.end() == branch.end():
        return m, action, new_state
    return _first_rule(rules, text, pos)


def _tokens(self: Any, text: str, stack: tuple[str, ...] = ("root",)) -> Iterator[Any]:
    """``RegexLexer.get_tokens_unprocessed`` with each state's rules tried as one regex."""
    from pygments.token import Error, Whitespace, _TokenType

    cls = type(self)
    pos = 0
    tokendefs = self._tokens
    statestack = list(stack)
    statetokens = tokendefs[statestack[-1]]
    joined = _joined(cls, statestack[-1], statetokens)
    end = len(text)
    while 1:
        found: tuple[re.Match[str], Any, Any] | None
        if joined is None:
            found = _first_rule(statetokens, text, pos)
        elif pos < end and (few := joined[2].get(text[pos])) is not None:
            found = None  # the few rules that may start with this character, in turn
            for rule in few:
                m = rule[0](text, pos)
                if m:
                    found = m, rule[1], rule[2]
                    break
        elif joined[0] is None:  # not joined (yet): every rule, in turn
            found = _first_rule(statetokens, text, pos)
        else:
            branch = joined[0](text, pos)
            if branch is None:
                found = None
            else:
                rule = joined[1].get(branch.lastindex or 0)
                found = _rule_match(statetokens, rule, branch, text, pos, _TokenType)
        if found is not None:
            m, action, new_state = found
            if action is not None:
                if type(action) is _TokenType:
                    yield pos, action, m.group()
                else:
                    yield from action(self, m)
            pos = m.end()
            if new_state is not None:
                if isinstance(new_state, tuple):
                    for state in new_state:
                        if state == "#pop":
                            if len(statestack) > 1:
                                statestack.pop()
                        elif state == "#push":
                            statestack.append(statestack[-1])
                        else:
                            statestack.append(state)
                elif isinstance(new_state, int):
                    # pop, but keep at least one state on the stack
                    if abs(new_state) >= len(statestack):
                        del statestack[1:]
                    else:
                        del statestack[new_state:]
                elif new_state == "#push":
                    statestack.append(statestack[-1])
                else:
                    raise AssertionError(f"wrong state def: {new_state!r}")
                statetokens = tokendefs[statestack[-1]]
                joined = _joined(cls, statestack[-1], statetokens)
            continue
        # no rule matched: a newline resets the state to root, anything else is an error
        if pos >= end:
            break
        if text[pos] == "\n":
            statestack = ["root"]
            statetokens = tokendefs["root"]
            joined = _joined(cls, "root", statetokens)
            yield pos, Whitespace, "\n"
            pos += 1
            continue
        yield pos, Error, text[pos]
        pos += 1
