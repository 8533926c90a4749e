"""Site export benchmark: generated posts exported cold and after one post changed, and the
same posts built by Pelican (Python-Markdown and Jinja2 too) in the same run.

1,000 posts (``--quick``: 200, about 30 s in all with Pelican). Cold exports and Pelican builds
run as command-line processes, taking turns so both see the same load on a shared machine; each
time includes starting Python. The re-export after one change is timed as a command and in
process (libraries already loaded, as in the app). The posts are about 800 words each, with
headings, a code block, a table, an image and a footnote, generated from a fixed seed; Pelican
gets the same body with its own metadata lines and the same Markdown extensions.
``run(quick)`` returns the rows for ``bench/run.py``; run this file to print them.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / ".work" / "export"
PYTHON = sys.executable
POSTS = 1000
QUICK_POSTS = 200

WORDS = (
    "the a of to and in that it is was for on are with as his they be at one have this from or "
    "had by word but what some we can out other were all there when up use your how said an "
    "each she which do their time if will way about many then them write would like so these "
    "her long make thing see him two has look more day could go come did number sound no most "
    "people my over know water than call first who may down side been now find draft edit "
    "reader page post library preview export markdown heading summary template folder theme"
).split()
TAGS = [f"topic-{i}" for i in range(40)]
CATEGORIES = ["Craft", "Tools", "Essays", "Notes", "Travel", "Reviews", "Guides", "Letters"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*"
    if rng.random() < 0.1:
        i = rng.randrange(len(words))
        words[i] = f"`{words[i]}`"
    return " ".join(words) + rng.choice([".", ".", ".", "?"])


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _body(rng: random.Random, n: int) -> str:
    """About 800 words: paragraphs, headings, a list, a code block, a table, an image, a note."""
    parts = [_paragraph(rng, 5)]
    for section in range(4):
        parts.append(f"## {_sentence(rng).rstrip('.?')}")
        parts.append(_paragraph(rng, 4))
        if section == 0:
            parts.append("\n".join(f"- {_sentence(rng)}" for _ in range(4)))
        if section == 1:
            parts.append(
                "```python\n"
                f"def step_{n}(items, limit={n % 17}):\n"
                '    """Keep the first items that pass."""\n'
                "    kept = []\n"
                "    for item in items:\n"
                "        if len(kept) >= limit:\n"
                "            break\n"
                "        kept.append(item * 2)\n"
                "    return kept\n"
                "```"
            )
        if section == 2:
            rows = "\n".join(
                f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | {rng.choice(WORDS)} |"
                for _ in range(5)
            )
            parts.append(f"| Name | Count | Note |\n|------|------:|------|\n{rows}")
        if section == 3:
            parts.append(f"![{rng.choice(WORDS)} figure](images/fig-{n % 20}.png)")
        parts.append(_paragraph(rng, 5) + ("[^1]" if section == 3 else ""))
    parts.append(f"[^1]: {_sentence(rng)}")
    return "\n\n".join(parts) + "\n"


def _png(seed: int) -> bytes:
    """A tiny valid PNG, so both tools copy a real image."""
    width = height = 8
    raw = b"".join(b"\x00" + bytes([seed * 9 % 256, 80, 160]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))


def make_posts(folder: Path, count: int = POSTS) -> tuple[Path, Path]:
    """The same posts for blogdesk (YAML front matter) and Pelican (its metadata lines)."""
    folder = folder / str(count)  # one folder per size: quick and full runs keep theirs
    blog, content = folder / "blog", folder / "pelican" / "content"
    marker = folder / ".complete"
    if marker.exists():
        return blog, content
    shutil.rmtree(folder, ignore_errors=True)
    for images in (blog / "images", content / "images"):
        images.mkdir(parents=True)
        for i in range(20):
            (images / f"fig-{i}.png").write_bytes(_png(i))
    (blog / "blogdesk.toml").write_text(
        'site_title = "Bench blog"\nbase_url = "https://bench.example/"\n'
        '[author]\nname = "Bench Writer"\nrole = "Writes benchmarks"\nbio = "Writes a lot."\n'
        '[cta]\ntitle = "Say hello"\ntext = "Write to me."\nlabel = "Email"\n'
        'url = "mailto:bench@example.org"\n',
        encoding="utf-8",
    )
    rng = random.Random(20260214)
    for n in range(count):
        title = _sentence(rng).rstrip(".?")[:70]
        day = time.gmtime(1_600_000_000 + n * 86_400 * 1.7)
        date = time.strftime("%Y-%m-%d %H:%M", day)
        tags = rng.sample(TAGS, rng.randint(2, 5))
        category = rng.choice(CATEGORIES)
        summary = _sentence(rng)
        body = _body(rng, n)
        (blog / f"post-{n:04}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {date}\ncategory: {category}\n'
            f'tags: [{", ".join(tags)}]\nsummary: "{summary}"\nslug: post-{n:04}\n---\n\n{body}',
            encoding="utf-8",
        )
        (content / f"post-{n:04}.md").write_text(
            f"Title: {title}\nDate: {date}\nCategory: {category}\nTags: {', '.join(tags)}\n"
            f"Summary: {summary}\nSlug: post-{n:04}\n\n{body}",
            encoding="utf-8",
        )
    (folder / "pelican" / "pelicanconf.py").write_text(
        "AUTHOR = 'Bench Writer'\nSITENAME = 'Bench blog'\nSITEURL = ''\nTIMEZONE = 'UTC'\n"
        "DEFAULT_LANG = 'en'\nPATH = 'content'\nSTATIC_PATHS = ['images']\n"
        "RELATIVE_URLS = True\nDEFAULT_PAGINATION = False\nLOAD_CONTENT_CACHE = False\n"
        "FEED_DOMAIN = 'https://bench.example'\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
        "ARTICLE_URL = 'posts/{slug}/'\nARTICLE_SAVE_AS = 'posts/{slug}/index.html'\n"
        "MARKDOWN = {'extension_configs': {\n"
        "    'markdown.extensions.codehilite': {'css_class': 'highlight'},\n"
        "    'markdown.extensions.extra': {}, 'markdown.extensions.meta': {},\n"
        "    'markdown.extensions.toc': {}, 'markdown.extensions.smarty': {},\n"
        "    'markdown.extensions.sane_lists': {}}, 'output_format': 'html5'}\n",
        encoding="utf-8",
    )
    marker.write_text("ok")
    return blog, content


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src")
    return env


CPU: dict[str, list[float]] = {}


def _timed(args: list[str], cwd: Path, label: str) -> float:
    """Wall-clock seconds of a command; its CPU seconds (all processes) go to CPU[label]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=_env(), check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(label, []).append(cpu)
    return elapsed


def _export(blog: Path, out: Path, label: str) -> float:
    return _timed([PYTHON, "-m", "blogdesk", "export", str(blog), "-o", str(out)], REPO, label)


def _pelican(folder: Path) -> float:
    pelican = Path(PYTHON).with_name("pelican")
    args = [str(pelican)] if pelican.exists() else [PYTHON, "-m", "pelican"]
    out = folder / "output"
    shutil.rmtree(out, ignore_errors=True)
    return _timed(
        [*args, "content", "-o", str(out), "-s", "pelicanconf.py", "-q"], folder, "pelican"
    )


def _row(
    name: str,
    times: list[float],
    baseline: str | None = None,
    base_median: float | None = None,
    goal: str = "",
    cpu: list[float] | None = None,
) -> dict:
    median = statistics.median(times)
    row = {
        "name": name,
        "median_s": median,
        "spread_s": max(times) - min(times),
        "baseline": baseline,
        "ratio": median / base_median if base_median else None,
        "goal": goal,
        "runs": len(times),
    }
    if cpu:  # on a shared machine the CPU time says more than the wall clock
        row["cpu_s"] = statistics.median(cpu)
    return row


def _in_process(blog: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of an export in this process (libraries loaded, as in the app)."""
    from blogdesk.core.export import export_site

    started, cpu = time.perf_counter(), time.process_time()
    export_site(blog, out)
    return time.perf_counter() - started, time.process_time() - cpu


def run(quick: bool = False) -> list[dict]:
    """Cold export, re-export after one change, and Pelican, as rows for bench/run.py."""
    CPU.clear()
    count = QUICK_POSTS if quick else POSTS
    blog, content = make_posts(WORK, count)
    cold_runs, change_runs = (3, 5) if quick else (3, 7)
    out = WORK / str(count) / "out"
    load = os.getloadavg()[0]
    # the export record lives in the user cache folder: a cold export starts without it
    os.environ["XDG_CACHE_HOME"] = str(WORK / "cache")
    records = WORK / "cache" / "blogdesk" / "exports"

    cold, pelican = [], []
    for _ in range(cold_runs):  # taking turns: both see the same load
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(records, ignore_errors=True)
        cold.append(_export(blog, out, "cold"))
        pelican.append(_pelican(content.parent))

    changed, in_process, in_process_cpu = [], [], []
    target = blog / f"post-{count // 2:04}.md"
    original = target.read_text(encoding="utf-8")
    sys.path.insert(0, str(REPO / "src"))
    try:
        target.write_text(original + "\nA first change.\n", encoding="utf-8")
        _in_process(blog, out)  # loads the libraries, as an app that has shown a preview
        for i in range(change_runs):
            target.write_text(original + f"\nOne more sentence, number {i}.\n", encoding="utf-8")
            changed.append(_export(blog, out, "changed"))
            target.write_text(original + f"\nAnother sentence, number {i}.\n", encoding="utf-8")
            wall, cpu = _in_process(blog, out)
            in_process.append(wall)
            in_process_cpu.append(cpu)
    finally:
        target.write_text(original, encoding="utf-8")

    load = max(load, os.getloadavg()[0])
    pelican_median = statistics.median(pelican)
    cold_median = statistics.median(cold)
    label = f"{count:,} posts"
    rows = [
        _row(
            f"export cold, {label}",
            cold,
            f"pelican, {label}",
            pelican_median,
            "at most Pelican's time (design: 4 s for 1,000 posts on 2 cores)",
            CPU.get("cold"),
        ),
        _row(f"pelican, {label}", pelican, cpu=CPU.get("pelican")),
        _row(
            f"re-export after one post changed, {label} (command)",
            changed,
            f"export cold, {label}",
            cold_median,
            "under 0.5 s",
            CPU.get("changed"),
        ),
        _row(
            f"re-export after one post changed, {label} (in process)",
            in_process,
            f"export cold, {label}",
            cold_median,
            "under 0.5 s (design: 0.3 s)",
            in_process_cpu,
        ),
    ]
    for row in rows:  # a shared machine: say how busy it was
        row["load"] = round(load, 2)
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        ratio = f"{row['ratio']:.2f}x {row['baseline']}" if row["ratio"] else ""
        cpu = f"cpu {row['cpu_s']:.2f} s" if "cpu_s" in row else ""
        print(
            f"{row['name']:<58} {row['median_s']:7.2f} s  ±{row['spread_s']:.2f}  {cpu:<14} {ratio}"
        )
    print(f"load average {row['load']} on {os.cpu_count()} cores")
