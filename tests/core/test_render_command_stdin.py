"""`blogdesk render -`: a post from stdin gets its generator's template pass, as a file does."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from blogdesk.cli import main

POST = """\
---
title: Tags from stdin
---
The garden in May.

{{< figure src="/beds.png" caption="Raised beds" >}}
"""

LIQUID_POST = """\
---
title: A script
---
{% highlight ruby %}
puts 'watering'
{% endhighlight %}
"""


def feed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)


def test_hugo_shortcodes_from_stdin_outside_any_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no site here or above: Hugo's defaults
    feed(monkeypatch, POST)
    assert main(["render", "-", "--generator", "hugo"]) == 0
    out = capsys.readouterr().out
    assert '<figure><img src="/beds.png" alt="Raised beds">' in out
    assert "{{&lt;" not in out and "figure src" not in out


def test_liquid_from_stdin_outside_any_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    feed(monkeypatch, LIQUID_POST)
    assert main(["render", "-", "--generator", "jekyll"]) == 0
    out = capsys.readouterr().out
    assert "<pre" in out and "watering" in out and "{%" not in out


def test_a_file_outside_any_site_gets_the_pass_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = tmp_path / "loose.md"
    post.write_text(POST, encoding="utf-8")
    assert main(["render", str(post), "--generator", "hugo"]) == 0
    assert '<figure><img src="/beds.png" alt="Raised beds">' in capsys.readouterr().out


def test_stdin_in_a_hugo_site_uses_its_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No --generator: the site around the current folder decides, its params included."""
    (tmp_path / "hugo.toml").write_text('title = "Desk"\n[params]\nseason = "spring"\n',
                                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    feed(monkeypatch, '---\ntitle: T\n---\nSown in {{< param "season" >}}.\n')
    assert main(["render", "-"]) == 0
    assert capsys.readouterr().out == "<p>Sown in spring.</p>\n"
