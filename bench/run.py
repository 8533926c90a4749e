"""Run every blogdesk benchmark and write one report.

Each ``bench/bench_*.py`` module exposes ``run(quick: bool) -> list[dict]``; a row has ``name``,
``median_s``, ``spread_s`` (max - min over the repeats), ``baseline`` (the name of a measure taken
in the same run) and ``ratio`` (median / baseline median). The report goes to
``bench/results/latest.json`` and a Markdown table is printed. ``--quick`` runs a smaller version.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUITES = (
    "bench_render", "bench_templates", "bench_library", "bench_export", "bench_preview",
    "bench_startup", "bench_git", "bench_spelling",
)


def _fmt_seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def _fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3g}×"


def table(rows: list[dict]) -> str:
    lines = [
        "| suite | measure | median | spread | baseline | ratio | goal |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if "median_s" in row:
            median = _fmt_seconds(row.get("median_s"))
            spread = _fmt_seconds(row.get("spread_s"))
        else:  # a non-time measure, e.g. memory
            median = f"{row.get('value')} {row.get('unit', '')}".strip()
            spread = "–"
        lines.append(
            f"| {row['suite']} | {row['name']} | {median} | {spread} | "
            f"{row.get('baseline') or '–'} | {_fmt_ratio(row.get('ratio'))} | "
            f"{row.get('goal', '')} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run, under two minutes")
    parser.add_argument("--only", nargs="*", choices=SUITES, help="run only these suites")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    rows: list[dict] = []
    failures: list[str] = []
    started = time.perf_counter()
    for suite in args.only or SUITES:
        print(f"== {suite}", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(suite)
            for row in module.run(quick=args.quick):
                rows.append({"suite": suite.removeprefix("bench_"), **row})
        except Exception:  # one broken suite must not hide the others' numbers
            failures.append(suite)
            traceback.print_exc()
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": args.quick,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "seconds": round(time.perf_counter() - started, 1),
        "rows": rows,
        "failed_suites": failures,
    }
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(table(rows))
    print(f"\n{len(rows)} measures in {report['seconds']} s; report: {out}", file=sys.stderr)
    if failures:
        print(f"failed suites: {', '.join(failures)}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
