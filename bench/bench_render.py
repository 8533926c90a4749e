"""Rendering benchmark: full render, the incremental update after a keystroke, and two baselines.

For posts of 1k, 5k, 20k and 100k words (generated deterministically: headings, paragraphs,
lists, code, tables, links, footnotes), measured in one process, median and spread (max - min)
of repeated runs:

- ``cmarkgfm``: GitHub's C library, the floor (another dialect: it does not do footnotes, smart
  quotes or highlighting the way blogdesk does);
- ``python-markdown per keystroke``: a fresh ``markdown.markdown`` with the same extensions and
  no sanitizing, re-run on every keystroke (what ReText does);
- ``full render``: blogdesk's ``render()`` (Markdown, heading ids, sanitizing);
- ``incremental edit``: one more character typed in the middle of the post (a word being
  typed, so each render sees new text), then ``IncrementalRenderer.render`` (the preview's
  path); its goal is about 20 ms at 100k words;
- ``incremental open``: the first render of a post by a new IncrementalRenderer.
- at 5k and 100k words, the full render of each Markdown family behind the renderer contract
  (``core/render/contract.py``: sanitized HTML, outline, blocks with their lines): CommonMark as
  Hugo and as Eleventy render it, kramdown as Jekyll does, Python-Markdown through its adapter;
  and ``markdown-it-py alone`` (parse and render with Hugo's options, no sanitizing, no blocks),
  to set against cmarkgfm on the same text.

Importable as ``run(quick) -> list[dict]`` for bench/run.py; as a script it prints a table.
The machine may be shared: each row carries the load average (``load``) and the process CPU
time (``cpu_s``), which other processes disturb less than the wall clock.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

SIZES = (1_000, 5_000, 20_000, 100_000)
FAMILY_SIZES = (5_000, 100_000)

WORDS = (
    "the a of to and in is that it for on with as was by this be are from at or an have we you "
    "draft post reader writing blog page note idea edit words time library tag heading preview "
    "export title summary markdown folder simple clear short long story sentence paragraph "
    "structure argument example detail evidence question answer outline revision audience"
).split()
HEADINGS = ("Introduction", "Background", "Setting up", "Details", "Examples", "Summary", "Notes")


def _sentence(rng: random.Random, count: int) -> str:
    words = [rng.choice(WORDS) for _ in range(count)]
    words[0] = words[0].capitalize()
    roll = rng.random()
    i = rng.randrange(count)
    if roll < 0.25:
        words[i] = f"*{words[i]}*"
    elif roll < 0.35:
        words[i] = f"**{words[i]}**"
    elif roll < 0.45:
        words[i] = f"`{words[i]}`"
    elif roll < 0.55:
        words[i] = f"[{words[i]}](https://example.com/{words[i]})"
    elif roll < 0.6:
        words[i] = f"[{words[i]}][r{rng.randrange(10)}]"
    elif roll < 0.68:
        words[i] = f'"{words[i]}"'
    return " ".join(words) + rng.choice(".....?!")


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng, rng.randint(6, 18)) for _ in range(rng.randint(2, 6)))
    lines, line = [], ""
    for word in text.split(" "):  # wrapped at 90 columns, as people type in an editor
        if line and len(line) + len(word) >= 90:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def make_post(words: int, seed: int = 1) -> str:
    """A Markdown post body of about ``words`` words; the same for the same arguments."""
    rng = random.Random(f"{words}-{seed}")
    parts: list[str] = []
    notes: list[str] = []
    count = 0
    while count < words:
        roll = rng.random()
        if roll < 0.08:
            part = f"{rng.choice(['##', '##', '###'])} {rng.choice(HEADINGS)}"
        elif roll < 0.6:
            part = _paragraph(rng)
            if rng.random() < 0.1:
                label = f"n{len(notes) + 1}"
                part += f"[^{label}]"
                notes.append(f"[^{label}]: {_sentence(rng, rng.randint(5, 12))}")
        elif roll < 0.7:
            items = [f"- {_sentence(rng, rng.randint(4, 10))}" for _ in range(rng.randint(2, 5))]
            part = ("\n\n" if rng.random() < 0.3 else "\n").join(items)
        elif roll < 0.76:
            part = "\n".join(
                f"{n}. {_sentence(rng, rng.randint(4, 10))}" for n in range(1, rng.randint(3, 6))
            )
        elif roll < 0.83:
            lang = rng.choice(["python", "bash", "text"])
            lines = [f"value_{n} = {rng.choice(WORDS)!r}" for n in range(rng.randint(2, 8))]
            part = f"```{lang}\n" + "\n".join(lines) + "\n```"
        elif roll < 0.87:
            rows = ["| Name | Value | Note |", "|:-----|------:|------|"]
            rows += [
                f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | {_sentence(rng, 4)} |"
                for _ in range(rng.randint(2, 6))
            ]
            part = "\n".join(rows)
        elif roll < 0.93:
            part = "> " + _paragraph(rng).replace("\n", "\n> ")
        else:
            part = _paragraph(rng)
        parts.append(part)
        count += len(part.split())
    parts += [f'[r{n}]: https://example.com/reference/{n} "Reference {n}"' for n in range(10)]
    return "\n\n".join(parts + notes) + "\n"


def middle_of_a_word(body: str) -> int:
    """An offset inside a word near the middle of the post, where a keystroke lands."""
    pos = len(body) // 2
    while not body[pos].isalpha():
        pos += 1
    return pos


# --- measuring -----------------------------------------------------------------------------------


def _measure(
    work: Callable[[int], object], repeats: int, prepare: Callable[[int], None] | None = None
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run (prepare runs untimed before each)."""
    walls, cpus = [], []
    for i in range(repeats):
        if prepare is not None:
            prepare(i)
        wall, cpu = time.perf_counter(), time.process_time()
        work(i)
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return walls, cpus


def _row(name: str, walls: list[float], cpus: list[float], baseline: str | None) -> dict:
    return {
        "name": name,
        "median_s": statistics.median(walls),
        "spread_s": max(walls) - min(walls),
        "cpu_s": statistics.median(cpus),
        "runs": len(walls),
        "baseline": baseline,
        "ratio": None,
        "load": round(os.getloadavg()[0], 2),
    }


def _label(words: int) -> str:
    return f"{words // 1000}k words"


def _naive_markdown() -> Callable[[str], str]:
    """A fresh markdown.markdown with blogdesk's extensions, no sanitizing: ReText's way."""
    import markdown

    extensions = [
        "tables", "fenced_code", "footnotes", "abbr", "attr_list", "def_list", "sane_lists",
        "toc", "codehilite", "smarty",
    ]  # fmt: skip
    configs = {"codehilite": {"css_class": "codehilite", "guess_lang": False}}

    def convert(text: str) -> str:
        return markdown.markdown(text, extensions=extensions, extension_configs=configs)

    return convert


def _cmark() -> Callable[[str], str] | None:
    try:
        import cmarkgfm
    except ImportError:
        return None
    return cmarkgfm.github_flavored_markdown_to_html  # type: ignore[no-any-return]


def bench_size(words: int, quick: bool) -> list[dict]:
    from blogdesk.core.incremental import IncrementalRenderer
    from blogdesk.core.render import RenderOptions, render

    body = make_post(words)
    label = _label(words)
    big = words >= 50_000
    slow_repeats = (2 if big else 3) if quick else (5 if big else 9)
    edit_repeats = 15 if quick else 51
    options = RenderOptions(allow_remote_images=False)  # what the preview renders with
    rows = []

    naive = _naive_markdown()
    naive(body[:2000])  # imports and extension set-up happen once, outside the timings
    walls, cpus = _measure(lambda _i: naive(body), slow_repeats)
    naive_name = f"python-markdown per keystroke, {label}"
    rows.append(_row(naive_name, walls, cpus, None))

    cmark = _cmark()
    if cmark is not None:
        walls, cpus = _measure(lambda _i: cmark(body), 21 if quick else 101)
        rows.append(_row(f"cmarkgfm (floor), {label}", walls, cpus, naive_name))

    render(body[:2000], options)
    walls, cpus = _measure(lambda _i: render(body, options), slow_repeats)
    full_name = f"full render, {label}"
    rows.append(_row(full_name, walls, cpus, naive_name))

    renderers: list[IncrementalRenderer] = []
    walls, cpus = _measure(
        lambda _i: renderers[-1].render(body),
        slow_repeats,
        prepare=lambda _i: renderers.append(IncrementalRenderer(options)),
    )
    rows.append(_row(f"incremental open, {label}", walls, cpus, full_name))

    # keystrokes in the middle: typing a word, one character more each time, so that every
    # render sees text it has not seen (no cache hit on an earlier version)
    renderer = renderers[-1]
    pos = middle_of_a_word(body)
    typed = "incrementally" * (edit_repeats // 13 + 1)
    versions = [body[:pos] + typed[: i + 1] + body[pos:] for i in range(edit_repeats)]
    walls, cpus = _measure(lambda i: renderer.render(versions[i]), edit_repeats)
    rows.append(_row(f"incremental edit, {label}", walls, cpus, naive_name))
    if big:
        rows[-1]["goal"] = "about 20 ms at 100k words"
    if words in FAMILY_SIZES:
        rows += bench_families(body, label, slow_repeats, full_name)
    return rows


def bench_families(body: str, label: str, repeats: int, pymd_name: str) -> list[dict]:
    """The full render of each family behind the contract, and markdown-it-py on its own."""
    from blogdesk.core.render.commonmark import CommonMarkOptions, build_parser
    from blogdesk.core.render.contract import flavour, render_with

    rows = []
    for generator, family in (
        ("hugo", "CommonMark"),
        ("eleventy", "CommonMark"),
        ("jekyll", "kramdown"),
        ("blogdesk", "Python-Markdown"),
    ):
        chosen = flavour(generator)
        render_with(chosen, body[:2000])  # imports and parser set-up, outside the timings
        walls, cpus = _measure(lambda _i, c=chosen: render_with(c, body), repeats)
        name = f"full render, {family} family ({generator}), {label}"
        rows.append(_row(name, walls, cpus, pymd_name))
        if chosen.family != "pymd":
            rows.append(_incremental_family_edit(chosen, body, label, name))
    parser = build_parser(CommonMarkOptions.for_generator("hugo", highlight=False))
    parser.render(body[:2000])
    walls, cpus = _measure(lambda _i: parser.render(body), repeats)
    rows.append(_row(f"markdown-it-py alone (hugo options), {label}", walls, cpus, pymd_name))
    return rows


def _incremental_family_edit(chosen: Any, body: str, label: str, full_name: str) -> dict:
    """Keystrokes in the middle of the post, each a text not seen before, rendered by the
    family's incremental renderer (the preview worker's) after it rendered the post once."""
    from blogdesk.core.render.family_incremental import IncrementalFamily

    renderer = IncrementalFamily(chosen.family, chosen.options)
    renderer.render(body)
    pos = middle_of_a_word(body)
    typed = "incrementally" * 3
    versions = [body[:pos] + typed[: i + 1] + body[pos:] for i in range(31)]
    walls, cpus = _measure(lambda i: renderer.render(versions[i]), len(versions))
    row = _row(f"incremental edit, {chosen.generator} ({chosen.family}), {label}", walls, cpus,
               full_name)
    row["goal"] = "well under the preview's 50 ms at 5k, 150 ms at 100k words"
    return row


def _with_ratios(rows: list[dict]) -> list[dict]:
    medians = {row["name"]: row["median_s"] for row in rows}
    for row in rows:
        base = medians.get(row["baseline"] or "")
        row["ratio"] = row["median_s"] / base if base else None
    return rows


def run(quick: bool = False) -> list[dict]:
    """Every rendering measure at every size; see the module docstring."""
    rows: list[dict] = []
    for words in SIZES:
        rows += bench_size(words, quick)
    return _with_ratios(rows)


def _seconds(value: float) -> str:
    return f"{value * 1e3:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(rows: list[dict]) -> str:
    lines = [
        "| measure | median | spread | CPU | baseline | ratio | load |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = f"{row['ratio']:.3f}×" if row["ratio"] is not None else "–"
        lines.append(
            f"| {row['name']} | {_seconds(row['median_s'])} | {_seconds(row['spread_s'])} | "
            f"{_seconds(row['cpu_s'])} | {row['baseline'] or '–'} | {ratio} | {row['load']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args(argv)
    print(table(run(quick=args.quick)))
    print(f"\nload average at the end: {os.getloadavg()}, CPUs: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
