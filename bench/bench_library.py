"""Library benchmark: opening, re-opening and searching a library of 10,000 posts of ~800 words.

The baseline, measured in the same run, is the time to just read those files: walk the folder
and open and read the bytes of each one (warm disk cache, as every measure here). Measures:

- cold open, list ready: no index yet; ``Library.open`` plus the first ``posts()``;
- cold open, search ready: the same, until the background indexing (exact words, full text) ends;
- warm open: the index exists and nothing changed; open plus ``posts()``;
- reopen after 10 files changed; open plus ``posts()``;
- query: ``Library.posts`` for typical searches (a word, a word as typed, a phrase, a word with
  a tag filter) and the worst cases (the most common word; its first three letters, a prefix);
- search, first screen: what the author waits for in the app, in a child process (Qt offscreen):
  the library panel (320x800) showing every post, the search text set, then ``run_search`` and
  one repaint of the list, snippets included; for the worst terms (a word in every post, three
  letters of it), a common word (a third of the posts), a phrase and a rare word;
- ``blogdesk list DIR --json`` as a command, warm (the index exists), output piped, against
  python-frontmatter reading every file with no index (the peer); ``blogdesk --help`` against
  a bare ``python -c pass``.

Cold-open, first-screen and command rows also give ``cpu_s``: CPU seconds (of this process and
the scan's worker processes; of the panel's process; of the command), steadier than wall time on
a shared machine.

Goals on a 2-core machine: list ready cold 1.5 s, warm open 0.3 s, search to the first screen
50 ms, ``list --json`` 0.3 s as a command.
``run(quick)`` returns rows for ``bench/run.py``; ``python bench/bench_library.py [--quick]``
prints a table. Posts are generated once (seeded) into ``bench/.work/``.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / ".work"
sys.path.insert(0, str(REPO / "src"))

from blogdesk.core.library import Library, Query  # noqa: E402

SEED = 20260514
BASELINE = "read all files"  # the name of the baseline row, which the other rows refer to
TOPICS = (
    "delegation leadership writing editing drafting markdown python testing deployment "
    "caching performance accessibility typography design research interviews habits "
    "productivity feedback mentoring hiring onboarding architecture refactoring databases "
    "search indexing security privacy photography travel cooking gardening music"
).split()
CATEGORIES = ("Writing", "Engineering", "Leadership", "Design", "Notes", "Travel", "Tools")


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    weights = [26 - i for i in range(len(letters))]
    words = set(TOPICS)
    while len(words) < size:
        length = rng.choice((2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10, 11))
        words.add("".join(rng.choices(letters, weights, k=length)))
    return sorted(words)


def _sentence(
    rng: random.Random, vocab: list[str], cumulative: list[float], n: int, plain: bool = False
) -> str:
    words = rng.choices(vocab, cum_weights=cumulative, k=n)
    if plain:
        return words[0].capitalize() + " " + " ".join(words[1:])
    if rng.random() < 0.2:
        words[rng.randrange(n)] = f"*{rng.choice(TOPICS)}*"
    if rng.random() < 0.1:
        i = rng.randrange(n)
        words[i] = f"[{words[i]}](https://example.com/{words[i]})"
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _body(rng: random.Random, vocab: list[str], cumulative: list[float], words: int) -> str:
    parts: list[str] = []
    count = 0
    while count < words:
        kind = rng.random()
        if kind < 0.1:
            heading = _sentence(rng, vocab, cumulative, rng.randint(2, 6))[:-1]
            parts.append(f"## {heading}")
            count += len(heading.split())
        elif kind < 0.18:
            items = [_sentence(rng, vocab, cumulative, rng.randint(4, 10)) for _ in range(3)]
            parts.append("\n".join(f"- {item}" for item in items))
            count += sum(len(item.split()) for item in items)
        elif kind < 0.22:
            parts.append("```python\ndef example(value):\n    return value * 2\n```")
            count += 6
        else:
            sentences = [
                _sentence(rng, vocab, cumulative, rng.randint(8, 22))
                for _ in range(rng.randint(3, 6))
            ]
            text = " ".join(sentences)
            parts.append(text)
            count += len(text.split())
    return "\n\n".join(parts) + "\n"


def make_library(folder: Path, count: int, words: int = 800) -> Path:
    """``count`` posts of about ``words`` words in nested year folders; made once, reused."""
    marker = folder / f".complete-{count}-{words}-{SEED}-2"
    if marker.exists() and [m.name for m in folder.glob(".complete-*")] == [marker.name]:
        return folder  # (another marker: another library was made in the same folder)
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(SEED)
    vocab = _vocabulary(rng)
    cumulative: list[float] = []
    total = 0.0
    for rank in range(len(vocab)):
        total += 1.0 / (rank + 10)
        cumulative.append(total)
    rng.shuffle(vocab)
    tags_pool = TOPICS + [f"topic-{i}" for i in range(150)]
    for i in range(count):
        year = 2015 + i % 12
        title = _sentence(rng, vocab, cumulative, rng.randint(3, 8), plain=True)
        tags = rng.sample(tags_pool, rng.randint(1, 5))
        tag_text = f"[{', '.join(tags)}]" if i % 3 else " ".join(tags)
        lines = [
            "---",
            f"title: {title}",
            f"date: {year}-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00",
            f"category: {rng.choice(CATEGORIES)}",
            f"tags: {tag_text}",
            f"summary: {_sentence(rng, vocab, cumulative, rng.randint(10, 20), plain=True)}.",
        ]
        if i % 4 == 0:
            lines.append(f"updated: {year + 1}-01-{1 + i % 28:02d}")
        if i % 17 == 0:
            lines.append("draft: true")
        lines.append("---")
        text = "\n".join(lines) + "\n\n" + _body(rng, vocab, cumulative, words)
        path = folder / str(year) / f"post-{i:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    marker.touch()
    return folder


def read_all(folder: Path) -> int:
    """The baseline: walk the folder and read every post's bytes."""
    total = 0
    stack = [os.fspath(folder)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    stack.append(entry.path)
                elif entry.name.endswith(".md"):
                    with open(entry.path, "rb") as handle:
                        total += len(handle.read())
    return total


def _time(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the scan's pool)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _row(name: str, values: list[float], base: float, goal: str = "", **extra: object) -> dict:
    median = statistics.median(values)
    return {
        "name": name,
        "median_s": median,
        "spread_s": max(values) - min(values),
        "baseline": BASELINE,
        "ratio": median / base,
        "runs": len(values),
        "goal": goal,
        **extra,
    }


def _touch_some(folder: Path, rng: random.Random, count: int) -> None:
    files = sorted(folder.rglob("*.md"))
    for path in rng.sample(files, count):
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"\nOne more line about {rng.choice(TOPICS)}.\n")


def _words_by_use() -> list[str]:
    """The words of ``make_library``, most used first (its weights follow the shuffle)."""
    rng = random.Random(SEED)
    vocab = _vocabulary(rng)
    rng.shuffle(vocab)
    return vocab


def _most_frequent_words() -> list[str]:
    return _words_by_use()[:2]


def screen_searches() -> list[tuple[str, str]]:
    """(label, text as typed) for the panel: the worst terms, a common word, a phrase, a rare
    one."""
    words = _words_by_use()
    common, second = words[:2]
    return [
        ("the most common word", common + " "),
        ("3 letters typed of it", common[:3]),
        ("a common word", "delegation "),
        ("a phrase", f'"{common} {second}"'),
        ("a rare word", words[-1] + " "),
    ]


def panel_search_times(folder: Path, cache: Path, repeats: int) -> dict[str, dict]:
    """In this process (a child of ``run``): Qt offscreen, the library panel, each search from
    the full list to its first screen drawn; {label: {"times": [...], "shown": "N of M posts"}}."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from blogdesk.ui.widgets.library_panel import LibraryPanel

    app = QApplication.instance() or QApplication([])
    library = Library.open(folder, cache_dir=cache)
    library.wait_until_indexed()
    panel = LibraryPanel()
    panel.resize(320, 800)
    panel.show()
    panel.set_library(library)
    app.processEvents()
    results: dict[str, dict] = {}
    for label, text in screen_searches():
        times, cpu = [], []
        for _ in range(repeats):
            _set_search(panel, "")
            panel.run_search()
            app.processEvents()
            _set_search(panel, text)
            started, cpu_started = time.perf_counter(), time.process_time()
            panel.run_search()
            panel.view.viewport().repaint()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            app.processEvents()
        results[label] = {"times": times, "cpu": cpu, "shown": panel.count_label.text()}
    panel.stop_watching()
    library.close()
    return results


def _set_search(panel: object, text: str) -> None:
    field = panel.search  # type: ignore[attr-defined]
    field.blockSignals(True)  # the panel's typing timer is not part of the measure
    field.setText(text)
    field.blockSignals(False)


def _command_times(argv: list[str], repeats: int, env: dict[str, str]) -> tuple[list, float]:
    """Wall times of a command, output piped to nothing (one run first, to warm it), and its
    median CPU seconds (steadier than wall time on a shared machine)."""
    times, cpu = [], []
    for index in range(repeats + 1):
        started, cpu_started = time.perf_counter(), _cpu()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                       check=True, timeout=300)  # fmt: skip
        if index:
            times.append(time.perf_counter() - started)
            cpu.append(_cpu() - cpu_started)
    return times, statistics.median(cpu)


# The peer: python-frontmatter on every post, no index, the same fields as JSON on stdout.
_PEER = """
import json, os, sys, frontmatter
rows = []
for folder, _dirs, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".md"):
            post = frontmatter.load(os.path.join(folder, name))
            rows.append({"path": os.path.join(folder, name), "words": len(post.content.split()),
                         **{k: str(v) for k, v in post.metadata.items()}})
json.dump(rows, sys.stdout)
"""


def command_rows(folder: Path, cache_home: Path, repeats: int) -> list[dict]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    env.pop("BLOGDESK_DEBUG", None)
    # warm means compiled too: an installed program has its bytecode (the warm-up run writes it)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    blogdesk = [sys.executable, "-m", "blogdesk"]
    peer_name = "python-frontmatter, every file, as JSON"
    bare_name = "python -c pass"
    peer, peer_cpu = _command_times([sys.executable, "-c", _PEER, str(folder)], repeats, env)
    listing, list_cpu = _command_times([*blogdesk, "list", str(folder), "--json"], repeats, env)
    bare, bare_cpu = _command_times([sys.executable, "-c", "pass"], repeats, env)
    helping, help_cpu = _command_times([*blogdesk, "--help"], repeats, env)
    peer_median, bare_median = statistics.median(peer), statistics.median(bare)
    return [
        _row(peer_name, peer, peer_median, baseline=peer_name, cpu_s=peer_cpu),
        _row("blogdesk list DIR --json, warm (a command)", listing, peer_median, "0.3 s",
             baseline=peer_name, cpu_s=list_cpu),
        _row(bare_name, bare, bare_median, baseline=bare_name, cpu_s=bare_cpu),
        _row("blogdesk --help (a command)", helping, bare_median, baseline=bare_name,
             cpu_s=help_cpu),
    ]  # fmt: skip


def screen_rows(folder: Path, cache: Path, repeats: int, base: float) -> list[dict]:
    code = [sys.executable, str(Path(__file__).resolve()), "--panel-search", str(folder),
            str(cache), str(repeats)]  # fmt: skip
    done = subprocess.run(code, capture_output=True, text=True, timeout=600, check=True)
    results = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        _row(f"search to the first screen: {label} ({found['shown']})", found["times"], base,
             "50 ms", cpu_s=statistics.median(found["cpu"]))
        for label, found in results.items()
    ]  # fmt: skip


def searches() -> list[tuple[str, Query]]:
    common, second = _most_frequent_words()
    return [
        ("a word", Query(text="delegation")),
        ("a word as typed, by relevance", Query(text="deleg", sort="relevance")),
        ("a phrase", Query(text=f'"{common} {second}"')),
        ("a word and a tag", Query(text="performance", tag="caching")),
        ("the most common word", Query(text=common + " ", sort="relevance")),
        ("3 letters typed of it", Query(text=common[:3], sort="relevance")),
    ]


def run(quick: bool = False) -> list[dict]:
    count = 2000 if quick else 10_000
    repeats = 3 if quick else 5
    folder = make_library(WORK / f"library-{count}", count)
    read_all(folder)  # warm the disk cache for everyone
    baseline = [_time(lambda: read_all(folder)) for _ in range(repeats)]
    base = statistics.median(baseline)
    load = os.getloadavg()[0]
    cold_list, cold_search, warm, changed = [], [], [], []
    cpu_list, cpu_search = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run_index in range(repeats):
            cache = Path(tmp) / f"cold-{run_index}"
            started, cpu = time.perf_counter(), _cpu()
            library = Library.open(folder, cache_dir=cache)
            library.posts()
            cold_list.append(time.perf_counter() - started)
            cpu_list.append(_cpu() - cpu)
            library.wait_until_indexed()
            cold_search.append(time.perf_counter() - started)
            library.close()
            cpu_search.append(_cpu() - cpu)
        cache = Path(tmp) / f"cold-{repeats - 1}"
        for _ in range(repeats):
            started = time.perf_counter()
            library = Library.open(folder, cache_dir=cache)
            library.posts()
            warm.append(time.perf_counter() - started)
            library.close()
        rng = random.Random(SEED)
        for _ in range(repeats):
            _touch_some(folder, rng, 10)
            started = time.perf_counter()
            library = Library.open(folder, cache_dir=cache)
            library.posts()
            changed.append(time.perf_counter() - started)
            library.close()
        search_rows = []
        library = Library.open(folder, cache_dir=cache)
        for label, query in searches():
            hits = len(library.posts(query))
            times = [_time(lambda q=query: library.posts(q)) for _ in range(repeats * 2)]
            search_rows.append(_row(f"query: {label} ({hits:,} posts)", times, base))
        library.close()
        search_rows += screen_rows(folder, cache, repeats * 2, base)
        command = command_rows(folder, Path(tmp) / "cache-home", repeats)
    load_after = os.getloadavg()[0]
    note = f"load average {load:.1f} before, {load_after:.1f} after"
    return [
        _row(BASELINE, baseline, base, note=note, posts=count),
        _row("cold open, list ready", cold_list, base, "1.5 s", cpu_s=statistics.median(cpu_list)),
        _row("cold open, search ready", cold_search, base, cpu_s=statistics.median(cpu_search)),
        _row("warm open, list ready", warm, base, "0.3 s"),
        _row("reopen after 10 files changed, list ready", changed, base),
        *search_rows,
        *command,
    ]


if __name__ == "__main__" and sys.argv[1:2] == ["--panel-search"]:
    folder_arg, cache_arg, repeats_arg = sys.argv[2:5]
    found = panel_search_times(Path(folder_arg), Path(cache_arg), int(repeats_arg))
    print(json.dumps(found))
elif __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import table

    rows = run(quick="--quick" in sys.argv)
    print(table([{"suite": "library", **row} for row in rows]))
    for row in rows:
        if "cpu_s" in row:
            print(f"{row['name']}: {row['cpu_s'] * 1000:.1f} ms of CPU")
        if "note" in row:
            print(row["note"])
