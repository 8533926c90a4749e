"""Property: no file in a library can hang, crash or hide the rest of it (issue 12).

Random bytes and random YAML, TOML and JSON front matter (anchors and aliases, deep nesting, odd
encodings and line endings, NULs, huge numbers, odd dates, tags) are written beside three good
posts, and the library scan (``Library.open``), ``blogdesk check``, ``blogdesk stats``,
``blogdesk render`` (one generator of each Markdown family), ``export_site`` and
``export_post`` run on them. Each input must:

- end within a time limit (every input runs in a worker process that is killed when it passes
  the limit, so a hang fails the test instead of hanging the run);
- give a result or a clear per-file error (no "internal error", no Python exception type that
  only a programmer can read, a message that names the file);
- leave every good post listed, checked, counted and exported.

Explicit examples pin the issue's reproducers that are front matter (the alias bomb, 100k
nested brackets in JSON and TOML) and what long runs found (an image name or a slug too long
for the file system). Examples: a modest number by default (derandomized under CI by the
conftest profile); set ``BLOGDESK_LONG_RUN=1`` (the repository's one flag for long runs,
also read by ``tests/core/test_incremental_property.py``; ``make soak`` sets it) for a long run, or
``BLOGDESK_PROPERTY_EXAMPLES=N`` for N examples per test.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

LONG = bool(os.environ.get("BLOGDESK_LONG_RUN"))
EXAMPLES = int(os.environ.get("BLOGDESK_PROPERTY_EXAMPLES", "400" if LONG else "25"))
TIME_LIMIT_S = 60.0  # per input, for all five operations together, on a busy CI machine
MEMORY_LIMIT = 3 * 2**30  # the worker's address space: a runaway input fails, not the machine

GOOD = {
    "good-one.md": ("Good one", "alpha"),
    "notes/good-two.md": ("Good two", "bravo"),
    "good-three.markdown": ("Good three", "charlie"),
}
HOSTILE_NAMES = ("hostile.md", "notes/deep/hostile-two.md")
GENERATORS = ("blogdesk", "hugo", "jekyll", "zola")  # one of each Markdown family


# --- the worker ---------------------------------------------------------------------------------


def _error_text(exc: BaseException) -> dict[str, str]:
    return {"type": type(exc).__name__, "module": type(exc).__module__, "message": str(exc)}


def _cli(argv: list[str]) -> dict[str, Any]:
    from blogdesk import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = cli.main(argv)
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 2
    return {"rc": rc, "out": out.getvalue(), "err": err.getvalue()}


def _operate(job: dict[str, Any]) -> dict[str, Any]:
    """Every operation of the property on one library folder; what each gave."""
    from blogdesk.core.export import export_post, export_site
    from blogdesk.core.library import Library

    root, work = Path(job["root"]), Path(job["work"])
    result: dict[str, Any] = {}
    try:
        library = Library.open(root, work / "cache", background=False, workers=1)
        try:
            result["library"] = [
                [entry.path.relative_to(root).as_posix(), entry.title, entry.error]
                for entry in library.posts()
            ]
        finally:
            library.close()
    except Exception as exc:
        result["library_error"] = _error_text(exc)
    result["check"] = _cli(["check", str(root)])
    files = [str(root / name) for name in (*GOOD, *job["hostile"])]
    result["stats"] = _cli(["stats", *files])
    result["render"] = {}
    for generator in GENERATORS:
        out = work / f"render-{generator}"
        answer = _cli(["render", "--generator", generator, "--out-dir", str(out), *files])
        answer["text"] = "\n".join(
            p.read_text(encoding="utf-8", errors="replace") for p in sorted(out.glob("*.html"))
        )
        result["render"][generator] = answer
    try:
        report = export_site(root, work / "site")
        pages = sorted((work / "site").rglob("*.html"))
        result["site"] = {
            "errors": report.errors,
            "text": "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in pages),
        }
    except Exception as exc:
        result["site_error"] = _error_text(exc)
    result["post"] = {}
    for name in job["hostile"]:
        try:
            export_post(root / name, work / "page.html")
            result["post"][name] = None
        except Exception as exc:
            result["post"][name] = _error_text(exc)
    return result


def _worker_loop() -> None:
    """Read one job (a JSON line) at a time from stdin and answer with a JSON line."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    for line in sys.stdin:
        answer = _operate(json.loads(line))
        sys.__stdout__.write(json.dumps(answer) + "\n")
        sys.__stdout__.flush()


class Worker:
    """A worker process, restarted after a job that did not end in time."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        env = dict(os.environ)
        for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            env[var] = str(self.home / var.lower())
        return subprocess.Popen(
            [sys.executable, __file__, "--worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def run(self, job: dict[str, Any]) -> tuple[dict[str, Any] | None, float]:
        """(the answer, seconds); None as the answer when the job passed the time limit or the
        worker died."""
        if self.proc is None or self.proc.poll() is not None:
            self.proc = self._start()
        proc = self.proc
        assert proc.stdin is not None and proc.stdout is not None
        started = time.monotonic()
        proc.stdin.write(json.dumps(job) + "\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], TIME_LIMIT_S)
        line = proc.stdout.readline() if ready else ""
        seconds = time.monotonic() - started
        if not line:
            self.stop()
            return None, seconds
        return json.loads(line), seconds

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    process = Worker(tmp_path_factory.mktemp("worker-home"))
    yield process
    process.stop()


# --- the property -------------------------------------------------------------------------------


def _library(base: Path, hostile: list[bytes]) -> tuple[Path, list[str]]:
    root = base / "blog"
    for name, (title, marker) in GOOD.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: {title}\ndate: 2024-05-01\ntags: [ok]\n---\n"
            f"A good post with the word {marker}-marker in it.\n",
            encoding="utf-8",
        )
    names = list(HOSTILE_NAMES[: len(hostile)])
    for name, data in zip(names, hostile, strict=True):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root, names


def _clear(error: dict[str, str] | None) -> bool:
    """An error a user can act on: one of blogdesk's own, or a plain OS or value error."""
    if error is None:
        return True
    return bool(error["message"]) and (
        error["module"].startswith("blogdesk")
        or error["type"] in {"OSError", "ValueError", "UnicodeDecodeError", "PermissionError"}
    )


def check_library(worker: Worker, hostile: list[bytes]) -> None:
    """Runs every operation on the good posts and the hostile files, and checks the property."""
    with tempfile.TemporaryDirectory(prefix="blogdesk-hostile-") as tmp:
        base = Path(tmp)
        root, names = _library(base, hostile)
        (base / "work").mkdir()
        answer, _seconds = worker.run(
            {"root": str(root), "work": str(base / "work"), "hostile": names}
        )
        inputs = {name: data[:300] for name, data in zip(names, hostile, strict=True)}
        assert answer is not None, f"no answer within {TIME_LIMIT_S:.0f} s for {inputs!r}"

        # the library: every good post listed with its title, every hostile file listed
        assert "library_error" not in answer, answer.get("library_error")
        listed = {rel: (title, error) for rel, title, error in answer["library"]}
        for name, (title, _marker) in GOOD.items():
            assert listed.get(name) == (title, None), (name, listed.get(name), inputs)
        for name in names:
            assert name in listed, f"{name} silently left out of the library: {inputs!r}"

        # check: a result or per-file problems, never a crash, never a good post
        check = answer["check"]
        assert check["rc"] in (0, 1), check
        assert "internal error" not in check["err"] and "Traceback" not in check["err"], check
        for name in GOOD:
            assert Path(name).name not in check["out"] + check["err"], check
        if check["rc"] == 1:
            assert any(Path(n).name in check["out"] for n in names), check

        # stats: every good post counted, a bad file named
        stats = answer["stats"]
        assert stats["rc"] in (0, 1) and "internal error" not in stats["err"], stats
        for name in GOOD:
            assert f"{name}: 1 min read" in stats["out"], stats
        for line in stats["err"].splitlines():
            assert any(Path(n).name in line for n in names), stats

        # render, in each Markdown family: the good bodies, no author class (the card-title
        # exploit is one of the bodies), a failure named
        for generator, render in answer["render"].items():
            assert render["rc"] in (0, 1), (generator, render)
            assert "internal error" not in render["err"], (generator, render)
            for _title, marker in GOOD.values():
                assert f"{marker}-marker" in render["text"], (generator, marker, render)
            assert "card-title" not in render["text"], (generator, render["text"])
            for line in render["err"].splitlines():
                assert any(Path(n).name in line for n in names), (generator, render)

        # export: the site has every good post, and a failure names its file
        assert "site_error" not in answer, answer.get("site_error")
        for _title, marker in GOOD.values():
            assert f"{marker}-marker" in answer["site"]["text"], (marker, answer["site"])
        for error in answer["site"]["errors"]:
            assert any(Path(n).name in error for n in names), answer["site"]["errors"]
        for name, error in answer["post"].items():
            assert _clear(error), (name, error, inputs)
            if error is not None:
                assert error["type"] != "RecursionError"


# --- strategies ---------------------------------------------------------------------------------

KEYS = [
    "title", "date", "updated", "lastmod", "tags", "categories", "category", "summary",
    "description", "excerpt", "author", "draft", "published", "slug", "image", "cover", "weight",
]  # fmt: skip
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\x00\x07\x0c\t\r"),
    max_size=30,
)
HUGE = st.integers(min_value=2**63, max_value=10**400) | st.integers(max_value=-(2**63))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    HUGE,
    st.floats(),
    TEXT,
    st.dates(),
    st.datetimes(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
FIELDS = st.dictionaries(st.sampled_from(KEYS) | TEXT, VALUES, max_size=8)
BODY = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "# Heading\n\nText with a note[^1].\n\n[^1]: The note.\n",
            "```python\nx = 1\n```\n",
            "<script>alert(1)</script><p class='card-title'><a href='http://x'>.</a></p>\n",
            "{{< figure src=x >}} {% include x.html %}\n",
            "- a\n  - b\n    - c\n",
        ]
    ),
)
DEPTH = st.integers(min_value=1, max_value=400 if LONG else 60)


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a YAML double-quoted string
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # numbers as they print (nan, inf, huge), dates in ISO form


def _yaml(value: Any, indent: int = 0) -> str:
    """Block YAML of the value, by hand, so that what a generator emits is not the limit."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "".join(
            f"\n{pad}{json.dumps(str(k))}: {_yaml(v, indent + 2)}" for k, v in value.items()
        )
    if isinstance(value, list):
        if not value:
            return "[]"
        return "".join(f"\n{pad}- {_yaml(v, indent + 2).lstrip()}" for v in value)
    return _yaml_scalar(value)


# "billion laughs": nine levels of nine aliases, 376 bytes that expand to 9^9 values
ALIAS_BOMB = (
    "a: &a [x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "tags: *i\n"
)
YAML_PIECES = [
    ALIAS_BOMB,
    "base: &base {title: Shared, tags: [a, b]}\npost:\n  <<: *base\n  slug: merged\n",
    "tags: &t [one, two]\ncategories: *t\nkeywords: [*t, *t, *t]\n",
    "title: *undefined\n",
    "title: &a x\ntitle: *a\n",
    "title: !!binary aGVsbG8=\n",
    "title: !!python/object/apply:os.system ['echo owned']\n",
    "date: !!timestamp 2001-12-14t21:59:43.10-05:00\n",
    "date: 2024-02-30\n",
    "date: 2024-05-01T10:00:00+25:00\n",
    "date: 0000-00-00\n",
    "date: 99999-01-01\n",
    "tags: !!set {a, b}\n",
    "? [complex, key]\n: value\n",
    "%YAML 1.1\n---\ntitle: directive\n",
    "title: one\n---\ntitle: two\n",
    "title:\t'tab'\n",
    "draft: yes\npublished: no\nweight: 0x1F\nratio: .inf\n",
    "title: 1e99999\nsummary: 123456789012345678901234567890123456789\n",
    'title: "unterminated\n',
    "title: [a, {b: [c, {d: e}]}]\n",
    "  bad: indentation\n title: x\n",
    "title: '\x00'\n",
    "- a list\n- not a mapping\n",
]


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    parts = [_yaml(draw(FIELDS)).lstrip("\n")]
    for piece in draw(st.lists(st.sampled_from(YAML_PIECES), max_size=3)):
        parts.append(piece)
    depth = draw(st.integers(min_value=0, max_value=1)) and draw(DEPTH)
    if depth:
        parts.append("nested: " + "[" * depth + "x" + "]" * depth + "\n")
        parts.append("deep:" + "".join("\n" + "  " * i + "- " for i in range(depth)) + "end\n")
    text = "\n".join(p if p.endswith("\n") else p + "\n" for p in parts if p)
    return f"---\n{text}---\n{draw(BODY)}"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if value is None:
        return '""'
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(str(value), repr(value))
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items())
            + "}"
        )
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


TOML_PIECES = [
    "date = 1979-05-27T07:32:00-08:00\n",
    "date = 2024-13-01\n",
    "date = 07:32:00\n",
    "title = \n",
    "title = 'a'\ntitle = 'b'\n",
    "[params]\nauthor = 'x'\n[params]\nauthor = 'y'\n",
    "a.b.c = 1\na.b = 2\n",
    "[[menu]]\nname = 'x'\n[[menu]]\nname = 'y'\n",
    "big = 99999999999999999999999999999999\n",
    's = "\\u0000"\n',
    "tags = [1, 'mixed', {a = 1}]\n",
]


@st.composite
def toml_documents(draw: st.DrawFn) -> str:
    fields = draw(FIELDS)
    lines = [f"{json.dumps(str(k))} = {_toml_value(v)}\n" for k, v in fields.items()]
    lines += draw(st.lists(st.sampled_from(TOML_PIECES), max_size=3))
    depth = draw(st.integers(min_value=0, max_value=1)) and draw(DEPTH)
    if depth:
        lines.append("nested = " + "[" * depth + "1" + "]" * depth + "\n")
    return "+++\n" + "".join(lines) + f"+++\n{draw(BODY)}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@st.composite
def json_documents(draw: st.DrawFn) -> str:
    text = json.dumps(_jsonable(draw(FIELDS)))  # NaN and Infinity as Python writes them
    depth = draw(st.integers(min_value=0, max_value=1)) and draw(DEPTH)
    if depth:
        text = (
            text[:-1]
            + (", " if len(text) > 2 else "")
            + '"deep": '
            + "[" * depth
            + "]" * depth
            + "}"
        )
    if draw(st.booleans()):
        text = text[: draw(st.integers(min_value=0, max_value=len(text)))]  # cut short
    return f"{text}\n\n{draw(BODY)}"


@st.composite
def encoded(draw: st.DrawFn, documents: st.SearchStrategy[str]) -> bytes:
    """A document as it may sit on disk: any line endings, encodings, stray NULs."""
    text = draw(documents)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("\n", newline)
    encoding = draw(
        st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-be", "latin-1", "cp1252"])
    )
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        where = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:where] + b"\x00" + data[where:]
    return data


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(hostile=st.lists(st.binary(max_size=4096), min_size=1, max_size=2))
def test_random_bytes(worker: Worker, hostile: list[bytes]) -> None:
    check_library(worker, hostile)


@SETTINGS
@given(hostile=st.lists(encoded(yaml_documents()), min_size=1, max_size=2))
# found by a long run: a cover image named longer than a file name may be failed the whole export
@example(hostile=[b"---\nimage: " + b"1" * 300 + b"\n---\n![x](" + b"2" * 300 + b".png)\n"])
@example(hostile=[f"---\n{ALIAS_BOMB}---\nBody.\n".encode()])
@example(hostile=[b'---\ntitle: "' + b"word " * 200 + b'"\n---\nA long slug.\n'])
def test_random_yaml_front_matter(worker: Worker, hostile: list[bytes]) -> None:
    check_library(worker, hostile)


@SETTINGS
@given(hostile=st.lists(encoded(toml_documents()), min_size=1, max_size=2))
@example(hostile=[b"+++\nnested = " + b"[" * 100_000 + b"1" + b"]" * 100_000 + b"\n+++\nx\n"])
def test_random_toml_front_matter(worker: Worker, hostile: list[bytes]) -> None:
    check_library(worker, hostile)


@SETTINGS
@given(hostile=st.lists(encoded(json_documents()), min_size=1, max_size=2))
@example(hostile=[b'{"title": ' + b"[" * 100_000 + b"\n\nA body.\n"])  # RecursionError once
def test_random_json_front_matter(worker: Worker, hostile: list[bytes]) -> None:
    check_library(worker, hostile)


def test_the_worker_fails_a_hang_instead_of_waiting(monkeypatch, tmp_path) -> None:
    """The time limit is real: a job that does not end is stopped and reported as no answer."""
    monkeypatch.setattr(sys.modules[__name__], "TIME_LIMIT_S", 1.0)
    hang = Worker(tmp_path / "home")
    hang._start = lambda: subprocess.Popen(  # type: ignore[method-assign]
        [sys.executable, "-c", "import time; time.sleep(60)"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    started = time.monotonic()
    answer, seconds = hang.run({"root": str(tmp_path), "work": str(tmp_path), "hostile": []})
    assert answer is None and seconds < 10 and time.monotonic() - started < 10
    assert hang.proc is None  # killed, so the next job starts a fresh worker


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    if str(Path(__file__).resolve().parent) in sys.path:
        sys.path.remove(str(Path(__file__).resolve().parent))  # not the tests folder's modules
    _worker_loop()
