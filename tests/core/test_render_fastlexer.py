"""Code blocks: the lexers that ``core/render/fastlexer.py`` runs on one joined regex per state
give the very tokens of Pygments' own loop, and the rendered HTML does not change."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions import codehilite
from pygments import token
from pygments.lexer import RegexLexer
from pygments.lexers import get_lexer_by_name
from render_samples import sample_posts

from blogdesk.core.render import RenderOptions, fastlexer, render

REPO = Path(__file__).resolve().parents[2]

LANGUAGES = [
    "python", "pycon", "javascript", "typescript", "json", "yaml", "toml", "ini", "bash",
    "console", "powershell", "html", "xml", "css", "scss", "c", "cpp", "csharp", "java",
    "kotlin", "go", "rust", "ruby", "php", "sql", "diff", "markdown", "lua", "haskell", "elixir",
    "swift", "dockerfile", "make", "nginx", "latex", "r", "perl", "lisp", "nix", "jinja",
]  # fmt: skip

SNIPPETS = [
    'def step(items, limit=3):\n    """Keep some."""\n    return [i * 2 for i in items][:limit]\n',
    "if (a < b && c) { x = 1; } // note\n/* more */\nlet s = `t ${x}`;\n",
    '<div class="x">&amp; {{ y }}</div>\n<script>var a = "b";</script>\n',
    "SELECT name, count(*) FROM posts WHERE draft = 'no' GROUP BY name;\n",
    'echo "$HOME" | grep -i draft && ls ${X:-1} > /dev/null 2>&1\n',
    'title: "Notes"\ntags: [a, b]\n# a comment\nnumber: 2.5e3\n',
    "x = 1 \\\n  + 2 ; @decorated\n\t\ttabbed\n\n",
    "",
    "\n\n",
    "unterminated 'string\nand \"another\n",
]


@pytest.fixture(autouse=True, params=["joined", "dispatched"])
def _join_at_once(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Every state joined on its first entry, so that the joined regexes (and the dispatch on
    the first character beside them) are what is tested; and, the second time, every state
    dispatched on its first character from its first entry, never joined."""
    monkeypatch.setattr(fastlexer, "_JOINED", {})
    monkeypatch.setattr(fastlexer, "_ENTERED", {})
    monkeypatch.setattr(fastlexer, "DISPATCH_AFTER", 1)
    monkeypatch.setattr(fastlexer, "JOIN_AFTER", 1 if request.param == "joined" else 10**9)


def _tokens(lexer: object, text: str) -> object:
    try:
        return list(lexer.get_tokens(text))  # type: ignore[attr-defined]
    except Exception as exc:  # the same failure, if any, from both loops
        return repr(exc)


def _random_code(seed: int) -> str:
    rng = random.Random(seed)
    chars = "abcdefXYZ019 _\t\n\"'`$#@!%^&*()[]{}<>/\\|;:,.?=+-~"
    words = ["def", "class", "if", "return", "fn", "let", "#", "//", "/*", "*/", '"""', "<!--"]
    picks = (rng.choice(words) if rng.random() < 0.2 else rng.choice(chars) for _ in range(300))
    return "".join(picks)


@pytest.mark.parametrize("language", LANGUAGES)
def test_joined_states_give_the_tokens_of_the_plain_loop(language: str) -> None:
    slow = get_lexer_by_name(language)
    fast = fastlexer.lexer_by_name(language)
    assert type(fast) is type(slow)
    if type(slow).get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed:
        assert fast.get_tokens_unprocessed.__func__ is fastlexer._tokens
    for text in SNIPPETS + [_random_code(seed) for seed in range(8)]:
        assert _tokens(fast, text) == _tokens(slow, text), text


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["python", "bash", "javascript", "html", "yaml", "c"]),
    st.text(alphabet=st.sampled_from(list("ab1 _\n\t\"'`$#()[]{}<>/\\*=;:.-")), max_size=120),
)
def test_random_code_gives_the_same_tokens(language: str, text: str) -> None:
    assert _tokens(fastlexer.lexer_by_name(language), text) == _tokens(
        get_lexer_by_name(language), text
    )


def test_an_unknown_language_fails_as_pygments_does() -> None:
    from pygments.util import ClassNotFound

    with pytest.raises(ClassNotFound):
        fastlexer.lexer_by_name("no-such-language")
    with pytest.raises(ClassNotFound):
        fastlexer.lexer_by_name("")


def test_a_state_that_cannot_be_joined_runs_on_the_plain_loop() -> None:
    """A back-reference would be renumbered in a joined regex: that state is left unjoined."""

    class Quoted(RegexLexer):
        tokens: ClassVar[dict[str, Any]] = {
            "root": [
                (r"(['\"])(.*?)\1", token.String),
                (r"\w+", token.Name),
                (r"\s+", token.Whitespace),
            ]
        }

    lexer = Quoted()
    lexer.get_tokens_unprocessed = fastlexer._tokens.__get__(lexer)
    text = 'say \'it" here\' and "this"\n'
    assert _tokens(lexer, text) == _tokens(Quoted(), text)
    fast = fastlexer._JOINED[(Quoted, "root")][1]
    assert fast is not None and fast[0] is None  # no joined regex; the dispatch alone


def _stock_render(text: str) -> str:
    saved = codehilite.get_lexer_by_name
    codehilite.get_lexer_by_name = get_lexer_by_name  # type: ignore[attr-defined]
    try:
        return render(text, RenderOptions()).html
    finally:
        codehilite.get_lexer_by_name = saved  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", sample_posts(), ids=lambda p: p.name)
def test_fixture_renders_as_with_pygments_own_lookup(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert render(text).html == _stock_render(text)


def test_code_blocks_of_many_languages_render_as_before() -> None:
    blocks = (f"```{lang}\n{SNIPPETS[i % len(SNIPPETS)]}```" for i, lang in enumerate(LANGUAGES))
    text = "\n\n".join(blocks)
    text += "\n\n    an indented block\n\n```nosuchlang\nplain\n```\n"
    html = render(text).html
    assert html == _stock_render(text)
    assert html.count('class="codehilite"') == len(LANGUAGES) + 2


def test_a_state_is_joined_only_once_it_is_used_often(monkeypatch: pytest.MonkeyPatch) -> None:
    """One block of a language compiles nothing more than Pygments does; many blocks do."""
    monkeypatch.setattr(fastlexer, "JOIN_AFTER", 200)
    monkeypatch.setattr(fastlexer, "DISPATCH_AFTER", 8)
    lexer = fastlexer.lexer_by_name("python")
    text = "def f(x):\n    return x\n"
    assert _tokens(lexer, text) == _tokens(get_lexer_by_name("python"), text)
    assert not fastlexer._JOINED
    for _ in range(10):
        assert _tokens(lexer, text) == _tokens(get_lexer_by_name("python"), text)
    dispatched = fastlexer._JOINED[(type(lexer), "root")][1]
    assert dispatched is not None and dispatched[0] is None and len(dispatched[2]) == 128
    for _ in range(190):
        assert _tokens(lexer, text) == _tokens(get_lexer_by_name("python"), text)
    joined = fastlexer._JOINED[(type(lexer), "root")][1]
    assert joined is not None and joined[0] is not None


def _rules_of(language: str) -> list[tuple[str, Any]]:
    """(state, compiled rule regex) of every rule of a language's lexer."""
    lexer = get_lexer_by_name(language)
    found = []
    for state, rules in getattr(lexer, "_tokens", {}).items():
        for rule in rules:
            pattern = getattr(rule[0], "__self__", None)
            if pattern is not None:
                found.append((state, pattern))
    return found


_ALL_RULES = [rule for language in LANGUAGES for rule in _rules_of(language)]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(_ALL_RULES) - 1),
    st.text(alphabet=st.sampled_from(list("aZ9_ \n\t\"'`$#()[]{}<>/\\*=;:.,-+!?@&|%^~")),
            min_size=1, max_size=12),
)
def test_a_rule_matches_only_where_its_first_characters_say(index: int, text: str) -> None:
    """The characters a rule is dispatched on (``_first_chars``) hold every character one of its
    matches can start with, and a rule that may match empty is tried everywhere."""
    _state, pattern = _ALL_RULES[index]
    first = fastlexer._first_chars(pattern)
    for pos in range(len(text)):
        m = pattern.match(text, pos)
        if m is not None and first is not None:
            assert m.end() > pos, pattern.pattern  # a rule that may be empty has no set
            assert text[pos] in first, (pattern.pattern, text[pos:])


def test_the_first_characters_of_rules_in_their_common_forms() -> None:
    assert fastlexer._first_chars(re.compile(r"[a-c]\w*")) == frozenset("abc")
    assert fastlexer._first_chars(re.compile(r"(?i)(rb|br)(\")")) == frozenset("rRbB")
    assert fastlexer._first_chars(re.compile(r"^(\s*)(x)")) >= frozenset(" \t\nx")
    assert fastlexer._first_chars(re.compile(r"(?<!\.)\bdef\b")) == frozenset("d")
    spaces = frozenset(" \t\x0b\x0c\r\x1c\x1d\x1e\x1f")
    assert fastlexer._first_chars(re.compile(r"[^\S\n]+")) == spaces
    assert fastlexer._first_chars(re.compile(r"\s*")) is None  # may be empty
    assert fastlexer._first_chars(re.compile(r"(a)?(?(1)x|y)")) is None  # not read: anything


def test_most_characters_of_python_code_try_a_few_rules_only() -> None:
    """The dispatch is used: after joining, a letter, a digit and a space each have their few
    rules, and the tokens are those of the plain loop."""
    lexer = fastlexer.lexer_by_name("python")
    text = SNIPPETS[0]
    assert _tokens(lexer, text) == _tokens(get_lexer_by_name("python"), text)
    table = fastlexer._JOINED[(type(lexer), "root")][1][2]  # type: ignore[index]
    assert {"k", "7", " ", "("} <= set(table)
    if fastlexer.JOIN_AFTER == 1:  # beside the joined regex, only the characters with few
        assert all(len(table[c]) <= fastlexer._FEW for c in table)
