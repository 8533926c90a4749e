"""Template-tag benchmark: the pass that runs before Markdown, per template language.

For posts of 5k and 100k words (bench_render's generated posts) with a template tag in about
one paragraph in ten (Liquid: ``site.*`` outputs, ``post_url``, ``highlight``; Hugo: ``ref``,
``figure``, a custom ``{{% %}}`` block), median and spread of ``expand_templates``. A body with
no tag costs one substring test. Importable as ``run(quick) -> list[dict]`` for bench/run.py.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

TAGS = {
    "liquid": ("Read {{ site.title }} and [the first]({% post_url 2024-01-02-first %}).",
               "{% highlight ruby %}\nputs 1\n{% endhighlight %}"),
    "hugo": ('See [the first]({{< ref "first.md" >}}) and {{< param author >}}.',
             '{{< figure src="/a.png" caption="A *cat*" >}}\n\n'
             "{{% note %}}\nInner.\n{{% /note %}}"),
}


def with_tags(body: str, language: str) -> str:
    inline, block = TAGS[language]
    parts = body.split("\n\n")
    for n in range(0, len(parts), 10):
        parts[n] += "\n\n" + (block if n % 50 == 0 else inline)
    return "\n\n".join(parts)


def run(quick: bool = False) -> list[dict]:
    from bench_render import make_post

    from blogdesk.core.sites.config import Site
    from blogdesk.core.sites.templates import PostTarget, TemplateContext, expand_templates

    posts = (PostTarget("_posts/2024-01-02-first.md", "/first/"),
             PostTarget("content/posts/first.md", "/posts/first/"))
    rows = []
    for words in (5_000, 100_000):
        for language in ("liquid", "hugo"):
            site = Site(generator=language, template_language=language, title="Notes",
                        params={"author": "Ann"})
            context = TemplateContext(site=site, posts=posts)
            body = with_tags(make_post(words), language)
            expand_templates(body[:2000], context)  # imports outside the timing
            times = []
            for _ in range(3 if quick else 9):
                start = time.perf_counter()
                expand_templates(body, context)
                times.append(time.perf_counter() - start)
            rows.append({
                "name": f"{language} tags, {words // 1000}k words",
                "median_s": statistics.median(times),
                "spread_s": max(times) - min(times),
                "baseline": None,
                "ratio": None,
            })
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(f"{row['name']}: {row['median_s'] * 1e3:.1f} ms (spread {row['spread_s'] * 1e3:.1f})")
