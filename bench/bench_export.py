"""Site export benchmark against Hugo: the same generated posts built by ``hugo`` and exported
by blogdesk, cold, taking turns, medians; and the re-export after one post changed.

1,000 posts (``--quick``: 200) of about 850 words each, generated from a fixed seed: headings,
paragraphs with emphasis and code spans, lists nested by two spaces, fenced code, a table.
They are written twice:

- as a Hugo site (``hugo.toml``, ``content/posts/``, a minimal ``layouts/_default/single.html``
  with ``{{ .Content }}`` and a list page, so that ``hugo`` renders every body): ``hugo`` builds
  it, and ``blogdesk export`` exports the same folder in the Hugo flavour (CommonMark family);
- as a plain blogdesk library (``blogdesk.toml``, no generator config): blogdesk's own
  Python-Markdown flavour.

Every cold run starts from nothing: ``hugo --gc --ignoreCache`` into a fresh destination, and
blogdesk with no output folder, export record or body cache. Each time includes starting the
process; blogdesk's modules have their bytecode, as an installed copy does (a shell with
``PYTHONDONTWRITEBYTECODE`` would otherwise compile them in every run). The re-export after
one change is timed as a command and in process (libraries
loaded, as in the app). Without ``hugo`` on PATH the peer rows are skipped with a message.
``run(quick)`` returns the rows for ``bench/run.py``; run this file to print them.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / ".work" / "export-hugo"
PYTHON = sys.executable
POSTS = 1000
QUICK_POSTS = 200
HUGO = shutil.which("hugo")

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
    if rng.random() < 0.1:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    return " ".join(words) + rng.choice([".", ".", ".", "?"])


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _nested_list(rng: random.Random) -> str:
    """A list with items nested by two spaces, as most real posts indent them."""
    lines = []
    for _ in range(3):
        lines.append(f"- {_sentence(rng)}")
        lines.extend(f"  - {_sentence(rng)}" for _ in range(2))
    return "\n".join(lines)


def _code(n: int) -> str:
    return (
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


def _table(rng: random.Random) -> str:
    rows = "\n".join(
        f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | {rng.choice(WORDS)} |" for _ in range(5)
    )
    return f"| Name | Count | Note |\n|------|------:|------|\n{rows}"


def _body(rng: random.Random, n: int) -> str:
    """About 850 words: paragraphs, headings, a nested list, a code block, a table."""
    parts = [_paragraph(rng, 5)]
    for section in range(4):
        parts.append(f"## {_sentence(rng).rstrip('.?')}")
        parts.append(_paragraph(rng, 4))
        if section == 0:
            parts.append(_nested_list(rng))
        elif section == 1:
            parts.append(_code(n))
        elif section == 2:
            parts.append(_table(rng))
        else:
            parts.append("\n".join(f"{i}. {_sentence(rng)}" for i in range(1, 4)))
        parts.append(_paragraph(rng, 5))
    return "\n\n".join(parts) + "\n"


_SINGLE = (
    "<!doctype html><html><head><title>{{ .Title }}</title></head><body>"
    '<a href="{{ .Site.Home.RelPermalink }}">Back</a><h1>{{ .Title }}</h1>'
    "<p>{{ .Date.Format \"January 2, 2006\" }} · {{ .ReadingTime }} min read · "
    "{{ .WordCount }} words</p><article>{{ .Content }}</article></body></html>\n"
)
_LIST = (
    "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>"
    '{{ range .Pages }}<article><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
    "<p>{{ .Summary }}</p></article>{{ end }}</body></html>\n"
)
_BLOGDESK_TOML = (
    'site_title = "Bench blog"\nbase_url = "https://bench.example/"\n'
    '[author]\nname = "Bench Writer"\nrole = "Writes benchmarks"\nbio = "Writes a lot."\n'
    '[cta]\ntitle = "Say hello"\ntext = "Write to me."\nlabel = "Email"\n'
    'url = "mailto:bench@example.org"\n'
)


def make_posts(folder: Path, count: int = POSTS) -> tuple[Path, Path]:
    """The same posts as a Hugo site and as a plain blogdesk library: (hugo site, library)."""
    folder = folder / str(count)  # one folder per size: quick and full runs keep theirs
    site, library = folder / "hugo-site", folder / "library"
    marker = folder / ".complete"
    if marker.exists():
        return site, library
    shutil.rmtree(folder, ignore_errors=True)
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    library.mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text(_SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(_LIST, encoding="utf-8")
    (site / "hugo.toml").write_text(
        'baseURL = "https://bench.example/"\ntitle = "Bench blog"\nlanguageCode = "en"\n'
        "[permalinks]\nposts = '/posts/:slug/'\n",
        encoding="utf-8",
    )
    (site / "blogdesk.toml").write_text(_BLOGDESK_TOML, encoding="utf-8")
    (library / "blogdesk.toml").write_text(_BLOGDESK_TOML, encoding="utf-8")
    rng = random.Random(20260214)
    for n in range(count):
        title = _sentence(rng).rstrip(".?")[:70]
        day = time.gmtime(1_600_000_000 + n * 86_400 * 1.7)
        date = time.strftime("%Y-%m-%dT%H:%M:%SZ", day)
        tags = rng.sample(TAGS, rng.randint(2, 5))
        category = rng.choice(CATEGORIES)
        text = (
            f'---\ntitle: "{title}"\ndate: {date}\ncategories: [{category}]\n'
            f'tags: [{", ".join(tags)}]\nsummary: "{_sentence(rng)}"\nslug: post-{n:04}\n'
            f"---\n\n{_body(rng, n)}"
        )
        (posts / f"post-{n:04}.md").write_text(text, encoding="utf-8")
        (library / f"post-{n:04}.md").write_text(text, encoding="utf-8")
    marker.write_text("ok")
    return site, library


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src")
    # cold means no export record, output or body cache, not uncompiled: an installed program
    # has its bytecode (written by _compile before the first timed run), as bench_library does
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _compile() -> None:
    """Bytecode for blogdesk's own modules, as an installed copy has it (not timed)."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "src" / "blogdesk")],
                   env=_env(), check=True, capture_output=True)


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


def _cold_export(blog: Path, out: Path, label: str) -> float:
    """An export with no output folder, no export record and no body cache."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(WORK / "cache", ignore_errors=True)
    return _export(blog, out, label)


def _hugo(site: Path) -> float:
    """A cold ``hugo`` build: fresh destination, no resource or module cache."""
    dest = site.parent / "hugo-public"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.rmtree(site / "resources", ignore_errors=True)
    assert HUGO is not None
    return _timed(
        [HUGO, "--quiet", "--gc", "--ignoreCache", "--cacheDir", str(WORK / "hugo-cache"),
         "-s", str(site), "-d", str(dest)],
        site,
        "hugo",
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


def _cold_rows(site: Path, library: Path, count: int, runs: int) -> list[dict]:
    """Cold exports of both flavours and cold ``hugo``, taking turns."""
    label = f"{count:,} posts"
    out_hugo, out_pymd = WORK / str(count) / "out-hugo", WORK / str(count) / "out-pymd"
    flavour_hugo, flavour_pymd, peer = [], [], []
    for _ in range(runs):  # taking turns: all three see the same load
        flavour_hugo.append(_cold_export(site, out_hugo, "hugo-flavour"))
        if HUGO:
            peer.append(_hugo(site))
        flavour_pymd.append(_cold_export(library, out_pymd, "pymd-flavour"))
    if not HUGO:
        print("hugo is not on PATH (Debian: apt-get install hugo): the peer rows are skipped",
              file=sys.stderr)
    base = f"hugo, {label}" if HUGO else None
    base_median = statistics.median(peer) if HUGO else None
    rows = [
        _row(f"export cold, Hugo flavour, {label}", flavour_hugo, base, base_median,
             "at most 1.0x hugo", CPU.get("hugo-flavour")),
        _row(f"export cold, Python-Markdown flavour, {label}", flavour_pymd, base, base_median,
             "at most 2.5x hugo", CPU.get("pymd-flavour")),
    ]
    if HUGO:
        rows.insert(0, _row(f"hugo, {label}", peer, cpu=CPU.get("hugo")))
    return rows


def _change_rows(site: Path, count: int, runs: int) -> list[dict]:
    """Re-export of the Hugo-flavoured site after one post changed: a command and in process."""
    label = f"{count:,} posts"
    out = WORK / str(count) / "out-hugo"
    changed, in_process, in_process_cpu = [], [], []
    target = site / "content" / "posts" / f"post-{count // 2:04}.md"
    original = target.read_text(encoding="utf-8")
    sys.path.insert(0, str(REPO / "src"))
    try:
        target.write_text(original + "\nA first change.\n", encoding="utf-8")
        _in_process(site, out)  # loads the libraries, as an app that has shown a preview
        for i in range(runs):
            target.write_text(original + f"\nOne more sentence, number {i}.\n", encoding="utf-8")
            changed.append(_export(site, out, "changed"))
            target.write_text(original + f"\nAnother sentence, number {i}.\n", encoding="utf-8")
            wall, cpu = _in_process(site, out)
            in_process.append(wall)
            in_process_cpu.append(cpu)
    finally:
        target.write_text(original, encoding="utf-8")
    return [
        _row(f"re-export after one post changed, {label} (command)", changed,
             goal="0.3 s", cpu=CPU.get("changed")),
        _row(f"re-export after one post changed, {label} (in process)", in_process,
             goal="0.3 s", cpu=in_process_cpu),
    ]


def run(quick: bool = False) -> list[dict]:
    """Cold exports beside cold ``hugo``, and the re-export after one change, as rows."""
    CPU.clear()
    count = QUICK_POSTS if quick else POSTS
    site, library = make_posts(WORK, count)
    load = os.getloadavg()[0]
    # the export record and the body cache live in the user cache folder: cold runs remove it
    os.environ["XDG_CACHE_HOME"] = str(WORK / "cache")
    _compile()
    rows = _cold_rows(site, library, count, 3)
    rows += _change_rows(site, count, 5 if quick else 7)
    load = max(load, os.getloadavg()[0])
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
