"""Spell checking of a post's prose: which words to check, and the dictionaries to check them in.

The scanner finds the words a reader sees and leaves out what is not prose: fenced and indented
code, code spans, URLs and e-mail addresses, link and image targets, reference definitions,
HTML tags and comments, character references, attribute lists (``{#id .class}``) and template
tags (``{{ ... }}``, ``{% ... %}``, Hugo's ``{{< ... >}}``). Optionally it also skips words in
ALL CAPS (acronyms) and words with digits (``mp3``, ``2nd``). Positions are offsets into the
text given, so the editor can underline them and the command line can print ``line:col``.

The dictionaries are Hunspell's, through pyenchant (as ReText and Apostrophe use). Two word
lists are added to the language's dictionary: the author's own (in the user data folder) and
the blog's (``blogdesk-words.txt`` in the library root, a plain list that co-authors and CI
share). Words ignored in one post live only in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "BLOG_WORDS_NAME",
    "DictionaryMissing",
    "Misspelling",
    "ScanOptions",
    "SpellChecker",
    "Word",
    "WordList",
    "dictionary_tag",
    "install_hint",
    "prose_words",
]

#: The blog's own word list, in the library root beside ``blogdesk.toml``.
BLOG_WORDS_NAME = "blogdesk-words.txt"
#: Longest word worth looking up; longer runs are not words (base64, hashes).
MAX_WORD = 40
#: The scanner works on at most this many characters (a post far larger is not prose to check).
MAX_TEXT = 8_000_000


@dataclass(frozen=True)
class ScanOptions:
    """Which words the scanner leaves out besides the non-prose parts."""

    skip_all_caps: bool = True
    skip_with_digits: bool = True


@dataclass(frozen=True)
class Word:
    """A word of prose: its text and where it is (``start``/``end`` offsets into the text)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Misspelling:
    """A word the dictionaries do not know, with its 1-based line and column."""

    word: str
    start: int
    end: int
    line: int
    column: int


class DictionaryMissing(Exception):
    """No dictionary is installed for a language; the message says how to install one."""

    def __init__(self, language: str) -> None:
        self.language = language
        super().__init__(
            f"no spelling dictionary for {language!r}: {install_hint(language)}"
        )


# --- the scanner -------------------------------------------------------------------------------

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")
# Spans that are never prose, matched on the text outside code blocks. Every repetition is
# bounded or stops at a line end or a blank line, so a stray backtick or ``<`` in a long post
# costs a short scan, never a quadratic one.
_NO_BLANK_LINE = r"(?:[^\n]|\n(?![ \t]*\n))"
_NOT_PROSE = re.compile(
    "|".join(
        (
            # a code span: a backtick run, closed by a run of the same length
            r"(?<!`)(?P<tick>`+)(?!`)" + _NO_BLANK_LINE + r"{0,4000}?(?<!`)(?P=tick)(?!`)",
            # Template tags: Hugo shortcodes, Liquid, Nunjucks and Zola (braces do not nest)
            r"\{\{[^{}]{0,2000}\}\}|\{%[^{}]{0,2000}%\}|\{#[^{}]{0,2000}#\}",
            r"<!--(?s:.{0,20000}?)-->",  # HTML comments
            r"</?[A-Za-z][A-Za-z0-9-]{0,40}(?:\s[^<>]{0,2000})?/?>",  # HTML tags
            r"<[^<>\s]{1,2000}>",  # autolinks <https://...>, <me@example.org>
            r"\]\([^()\s]{0,2000}(?:\([^()\s]{0,500}\)[^()\s]{0,500})?"
            r"(?:[ \t]+\"[^\"\n]{0,500}\")?\)",  # link and image targets
            r"\]\[[^\]\n]{0,500}\]",  # reference-style link labels
            r"^[ \t]{0,3}\[[^\]\n]{1,500}\]:[ \t]*\S.*$",  # reference definitions
            r"\[\^[^\]\s]{1,200}\]",  # footnote references
            r"(?:https?|ftp|file)://\S+|www\.[^\s<>()]+",  # bare URLs
            r"mailto:\S+|\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+",  # e-mail addresses
            r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|\w{1,32});",  # character references
            r"\{[:#.][^{}\n]{0,500}\}",  # attribute lists {: .class} {#id}
        )
    ),
    re.M,
)
# A word: letters, with apostrophes inside (don't, l'été); digits and underscores join it so
# a token like ``mp3`` or ``snake_case`` is seen whole (and then skipped), never half-checked.
_TOKEN = re.compile(r"[\w][\w'’]*[\w]|[\w]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_NOT_NEWLINE = re.compile(r"[^\r\n]")


def _code_block_lines(lines: Sequence[str]) -> list[bool]:
    """Which lines are code: inside a fence (its fence lines too) or an indented code block."""
    code = [False] * len(lines)
    fence: str | None = None
    previous_blank = True
    in_list = False
    indented = False
    for number, line in enumerate(lines):
        if fence is not None:
            code[number] = True
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            continue
        opened = _FENCE.match(line)
        if opened:
            fence, code[number] = opened.group(1), True
            continue
        blank = not line.strip()
        if _LIST_ITEM.match(line):
            in_list = True
        elif not blank and not _INDENTED.match(line):
            in_list = False
        # An indented block starts after a blank line, outside a list (where indentation
        # continues the item), and goes on while lines stay indented or blank.
        if _INDENTED.match(line) and not in_list and (previous_blank or indented):
            indented = code[number] = True
        elif not blank:
            indented = False
        previous_blank = blank
    return code


def _masked(text: str) -> str:
    """The text with every non-prose character replaced by a space (offsets unchanged)."""
    lines = text.splitlines(keepends=True)
    code = _code_block_lines(lines)
    pieces = [_blank(line) if is_code else line for line, is_code in zip(lines, code, strict=True)]
    return _NOT_PROSE.sub(lambda m: _blank(m.group(0)), "".join(pieces))


def _blank(text: str) -> str:
    """Spaces for every character but line ends, so offsets and line numbers stay."""
    return _NOT_NEWLINE.sub(" ", text)


def prose_words(text: str, options: ScanOptions = ScanOptions()) -> Iterator[Word]:
    """Each word of prose in ``text`` (a post's body), in order."""
    masked = _masked(text[:MAX_TEXT])
    for match in _TOKEN.finditer(masked):
        word = match.group(0).strip("'’")
        start = match.start() + match.group(0).index(word[0]) if word else match.start()
        if not word or len(word) > MAX_WORD or not _HAS_LETTER.search(word):
            continue
        if "_" in word:
            continue
        if options.skip_with_digits and any(ch.isdigit() for ch in word):
            continue
        if options.skip_all_caps and len(word) > 1 and _possessive_base(word).isupper():
            continue
        yield Word(word, start, start + len(word))


def _possessive_base(word: str) -> str:
    """``YAML`` for ``YAML's``; the word itself otherwise."""
    return word[:-2] if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS" else word


# --- word lists --------------------------------------------------------------------------------


@dataclass
class WordList:
    """A plain word list on disk, one word a line (``#`` lines are comments)."""

    path: Path
    words: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path, limit: int = 2_000_000) -> WordList:
        """The list at ``path`` (empty when there is none); at most ``limit`` bytes are read."""
        words: set[str] = set()
        try:
            with path.open("rb") as handle:
                data = handle.read(limit)
        except (FileNotFoundError, NotADirectoryError):
            return cls(path, words)
        for line in data.decode("utf-8", errors="replace").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(line)
        return cls(path, words)

    def add(self, word: str) -> None:
        """Add a word and save the list (atomically, sorted, so a diff shows one line)."""
        from blogdesk.core.postfile import atomic_write

        if word in self.words:
            return
        self.words.add(word)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = "".join(f"{w}\n" for w in sorted(self.words, key=str.casefold))
        atomic_write(self.path, text.encode("utf-8"))


# --- dictionaries ------------------------------------------------------------------------------


class _Dictionary(Protocol):
    def check(self, word: str) -> bool: ...
    def suggest(self, word: str) -> list[str]: ...


def dictionary_tag(language: str | None) -> str:
    """A dictionary tag from a post's or site's language: ``en`` -> ``en_US``,
    ``en-gb`` -> ``en_GB``, ``de`` -> ``de_DE``."""
    value = (language or "en").strip().replace("-", "_")
    parts = value.split("_", 1)
    lang = parts[0].lower() or "en"
    if len(parts) == 2 and parts[1]:
        return f"{lang}_{parts[1].upper()}"
    return {"en": "en_US", "pt": "pt_PT", "sv": "sv_SE", "da": "da_DK", "nb": "nb_NO"}.get(
        lang, f"{lang}_{lang.upper()}"
    )


def install_hint(language: str) -> str:
    """How to get a dictionary for ``language`` on Debian and Ubuntu."""
    package = "hunspell-" + language.lower().replace("_", "-")
    return f"install the {package} package (Debian, Ubuntu: sudo apt install {package})"


def _enchant_dict(tag: str) -> _Dictionary:
    try:
        import enchant
    except ImportError as exc:  # pyenchant is installed but the C library is not
        raise DictionaryMissing(tag) from exc
    try:
        return enchant.Dict(tag)  # type: ignore[no-any-return]
    except enchant.errors.DictNotFoundError as exc:
        raise DictionaryMissing(tag) from exc


class SpellChecker:
    """Checks words in one language's dictionary plus the author's and the blog's word lists."""

    def __init__(
        self,
        language: str | None = None,
        *,
        word_lists: Iterable[WordList] = (),
        options: ScanOptions = ScanOptions(),
        dictionary: Any = None,
    ) -> None:
        self.tag = dictionary_tag(language)
        self._dict: _Dictionary = dictionary if dictionary is not None else _enchant_dict(self.tag)
        self.word_lists = list(word_lists)
        self.options = options
        self.ignored: set[str] = set()
        self._known: dict[str, bool] = {}

    def is_known(self, word: str) -> bool:
        """True for a word of the dictionary, a word list, or ignored in this post."""
        cached = self._known.get(word)
        if cached is None:
            cached = self._lookup(word)
            self._known[word] = cached
        if cached or word in self.ignored:
            return True
        return any(word in wl.words or word.lower() in wl.words for wl in self.word_lists)

    def _lookup(self, word: str) -> bool:
        bare = word.replace("’", "'")
        if self._dict.check(bare) or (bare != word and self._dict.check(word)):
            return True
        # A possessive of a known word or name ("YAML's", "Tomás's") is known too.
        base = _possessive_base(bare)
        return base != bare and self.is_known(base)

    def ignore(self, word: str) -> None:
        """Leave ``word`` unmarked for as long as this checker lives (one post)."""
        self.ignored.add(word)
        self._known.clear()

    def add(self, word: str, word_list: WordList) -> None:
        """Add ``word`` to one of the word lists (saved at once) and stop marking it."""
        word_list.add(word)
        if word_list not in self.word_lists:
            self.word_lists.append(word_list)
        self._known.clear()

    def suggest(self, word: str, limit: int = 6) -> list[str]:
        """The dictionary's suggestions, best first."""
        return self._dict.suggest(word.replace("’", "'"))[:limit]

    def misspellings(self, text: str) -> list[Misspelling]:
        """Every unknown word of prose in ``text``, with its line and column (1-based)."""
        found: list[Misspelling] = []
        line, line_start, scanned = 1, 0, 0
        for word in prose_words(text, self.options):
            if self.is_known(word.text):
                continue
            line += text.count("\n", scanned, word.start)
            newline = text.rfind("\n", 0, word.start)
            line_start = newline + 1
            scanned = word.start
            found.append(
                Misspelling(word.text, word.start, word.end, line, word.start - line_start + 1)
            )
        return found


# --- one post ----------------------------------------------------------------------------------

_LANGUAGE_KEYS = ("lang", "language")


def post_language(metadata: dict[str, Any], site_language: str | None, default: str) -> str:
    """The language to check a post in: its own ``lang``/``language`` key, else the site's,
    else the setting."""
    for key in _LANGUAGE_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return site_language or default


def personal_words_path() -> Path:
    """The author's own word list, in the user data folder."""
    from platformdirs import user_data_path

    return user_data_path("blogdesk") / "words.txt"


def word_lists_for(library_root: Path | None) -> list[WordList]:
    """The author's word list and, for a post in a library, the blog's."""
    lists = [WordList.load(personal_words_path())]
    if library_root is not None:
        lists.append(WordList.load(library_root / BLOG_WORDS_NAME))
    return lists


@dataclass(frozen=True)
class FileFinding:
    """A misspelling in a post file: the line and column count from the file's first line."""

    path: Path
    line: int
    column: int
    word: str
    suggestions: tuple[str, ...]

    def __str__(self) -> str:
        hint = f" ({', '.join(self.suggestions)})" if self.suggestions else ""
        return f"{self.path}:{self.line}:{self.column}: {self.word}{hint}"


class FileSpeller:
    """Checks post files, one checker per language (a dictionary loads once), with the word
    lists of the library each file is in."""

    def __init__(
        self,
        default_language: str = "en_US",
        options: ScanOptions = ScanOptions(),
        fallback_root: Path | None = None,
    ) -> None:
        self.default_language = default_language
        self.fallback_root = fallback_root
        self.options = options
        self._checkers: dict[tuple[str, Path | None], SpellChecker] = {}
        self._sites: dict[Path, tuple[Path | None, str | None]] = {}

    def _site(self, folder: Path) -> tuple[Path | None, str | None]:
        """The library root for a folder (where blogdesk.toml is) and the site's language."""
        if folder not in self._sites:
            from blogdesk.core.config import ConfigError, find_config_root, load_config

            root = find_config_root(folder) or self.fallback_root
            language = None
            if root is not None and (root / "blogdesk.toml").is_file():
                try:
                    language = load_config(root).language
                except ConfigError:
                    language = None
            self._sites[folder] = (root, language)
        return self._sites[folder]

    def checker(self, metadata: dict[str, Any], folder: Path) -> SpellChecker:
        """The checker for a post in ``folder`` with this front matter (raises
        DictionaryMissing when its language has no dictionary)."""
        root, site_language = self._site(folder)
        tag = dictionary_tag(post_language(metadata, site_language, self.default_language))
        key = (tag, root)
        if key not in self._checkers:
            self._checkers[key] = SpellChecker(
                tag, word_lists=word_lists_for(root), options=self.options
            )
        return self._checkers[key]

    def check_file(self, path: Path) -> list[FileFinding]:
        """Every misspelling in the body of the post at ``path``. Raises PostError for a file
        that cannot be read as a post, DictionaryMissing for a language with no dictionary."""
        from blogdesk.core.postfile import load_post

        post = load_post(path)
        checker = self.checker(post.metadata, path.parent.resolve())
        offset = post.line_of_body_start() - 1
        return [
            FileFinding(path, m.line + offset, m.column, m.word, tuple(checker.suggest(m.word, 4)))
            for m in checker.misspellings(post.body)
        ]
