"""`blogdesk manpage`: print the manual page (roff, made by argparse-manpage).

A command rather than a file generated at build time: pip and pipx install no man pages where
``man`` looks, a build step would need its own hook and dependency, and the page printed here is
always the installed version's. ``blogdesk manpage > ~/.local/share/man/man1/blogdesk.1`` puts
it where ``man blogdesk`` finds it; ``blogdesk manpage | man -l -`` shows it at once.
"""

from __future__ import annotations

import argparse

# Sections argparse cannot describe, appended in roff.
EXTRA = r"""
.SH FILES
.TP
\fI~/.local/state/blogdesk/log/blogdesk.log\fR
The log (rotated at 1 MB, three kept). \-\-verbose and \-\-debug also show it on stderr;
a crash of the app leaves its traceback or fault report here.
.TP
\fIblogdesk.toml\fR
Site settings in a library's root folder: title, base URL, author, reading speed.
.SH EXIT STATUS
0 on success; 1 when a command found problems or could not do its work; 2 for a usage error
(an unknown command, a missing file or folder) or an internal error.
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "manpage",
        help="print the manual page (roff)",
        description="Print blogdesk's manual page on stdout: blogdesk manpage | man -l -",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print(page(), end="")
    return 0


def page() -> str:
    """The manual page of the whole command line, in roff."""
    from argparse_manpage.manpage import Manpage

    from blogdesk import __version__
    from blogdesk.cli import build_parser

    parser = build_parser()
    data = {
        "project_name": "blogdesk",
        "version": __version__,
        "description": "read, draft and export Markdown blog posts",
        "manual_title": "blogdesk manual",
        "authors": ["the blogdesk authors"],
    }
    return str(Manpage(parser, _data=data)).rstrip("\n") + "\n" + EXTRA.lstrip("\n")
