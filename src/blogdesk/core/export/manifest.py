"""The export record: what the last site export of one output folder wrote, kept as blogdesk's
own cache in the user's cache folder (never in the output folder, which may come with a shared
blog), and still never trusted for content.

``<user cache>/blogdesk/exports/<sha256 of the resolved output path>/`` holds ``record.json``
(each post's source fingerprint and metadata, the inputs hash of every file written, the related
choices) and ``bodies/<sha256>.fragment``: each post's sanitized body, named by the hash of its
text. A body whose file's size or time is not what the record says is rendered again; a body is
published only when its text, read for the page, still has its hash (else the page is not
written, the error names it, and the post is rendered again next time), and a body of an
earlier export is sanitized again on the way (the export does that). A record that is
malformed, of another version or for another folder is an empty record. The paths a record
names are checked by the caller (see ``output.py``) before anything is removed, written or
copied.

A record of earlier versions in the output folder (``.blogdesk-export.json`` and
``.blogdesk-export/``) is never read, and never deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["ExportRecord", "default_cache_dir", "record_folder"]

RECORD_VERSION = 2
RECORD_NAME = "record.json"
BODIES = "bodies"
#: Where earlier versions kept the record, in the output folder: never read, never deleted.
LEGACY_RECORD_NAME = ".blogdesk-export.json"
LEGACY_CACHE_DIR_NAME = ".blogdesk-export"
_HEX64 = re.compile(r"[0-9a-f]{64}")


def default_cache_dir() -> Path:
    """The folder that holds export records: ``<user cache>/blogdesk/exports``."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("blogdesk")) / "exports"


def record_folder(outdir: Path, cache_dir: Path | None = None) -> Path:
    """The record's folder for ``outdir``; refuses a cache folder inside the output folder."""
    resolved = Path(outdir).resolve()
    folder = (cache_dir if cache_dir is not None else default_cache_dir()).resolve()
    if folder == resolved or resolved in folder.parents:
        raise ValueError(f"the export cache cannot live inside the output folder {outdir}")
    return folder / hashlib.sha256(os.fsencode(resolved)).hexdigest()


def body_sha(text: str) -> str:
    """The name of a body in the cache: the sha256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ExportRecord:
    """The record and body cache of one output folder.

    When the user cache folder cannot be made (a read-only home), a temporary folder stands in
    for this export and is removed by :meth:`close`: the export works, nothing is reused.
    """

    def __init__(self, outdir: Path, cache_dir: Path | None = None) -> None:
        self.outdir = Path(outdir).resolve()
        folder = record_folder(self.outdir, cache_dir)
        self.temporary = False
        try:
            (folder / BODIES).mkdir(parents=True, exist_ok=True)
        except OSError:
            import tempfile  # only here: a command that exports needs it this rarely

            folder = Path(tempfile.mkdtemp(prefix="blogdesk-export-"))
            (folder / BODIES).mkdir()
            self.temporary = True
        self.folder = folder
        self.bodies = str(folder / BODIES)

    # -- the record ------------------------------------------------------------------------------

    def exists(self) -> bool:
        """Whether an export of this folder left a record (a stat; :meth:`read` checks it)."""
        return not self.temporary and (self.folder / RECORD_NAME).is_file()

    def read(self) -> dict[str, Any]:
        """The saved record, or ``{}`` when there is none or it is not one this version wrote."""
        if self.temporary:
            return {}
        try:
            data = json.loads((self.folder / RECORD_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if (
            not isinstance(data, dict)
            or data.get("version") != RECORD_VERSION
            or data.get("outdir") != str(self.outdir)
        ):
            return {}
        posts = data.get("posts")
        outputs = data.get("outputs")
        data["posts"] = (
            {k: v for k, v in posts.items() if isinstance(k, str) and isinstance(v, dict)}
            if isinstance(posts, dict)
            else {}
        )
        data["outputs"] = (
            {k: v for k, v in outputs.items() if isinstance(k, str) and isinstance(v, str)}
            if isinstance(outputs, dict)
            else {}
        )
        related = data.get("related")
        if not isinstance(related, dict) or not all(
            isinstance(v, list) and all(isinstance(k, str) for k in v) for v in related.values()
        ):
            data.pop("related", None)
        return data

    def save(self, data: Mapping[str, Any]) -> None:
        """Write the record atomically (a cut-short write leaves the previous one)."""
        if self.temporary:
            return
        record = {**data, "version": RECORD_VERSION, "outdir": str(self.outdir)}
        target = self.folder / RECORD_NAME
        tmp = target.with_name(f".{RECORD_NAME}.{os.getpid()}.tmp")
        # ASCII JSON: a file name that is not UTF-8 (lone surrogates) goes in as \udcxx
        tmp.write_text(json.dumps(record), encoding="ascii")
        os.replace(tmp, target)

    # -- bodies ----------------------------------------------------------------------------------

    def body_path(self, sha: str) -> str:
        return body_path(self.bodies, sha)

    def body_ok(self, sha: object, stamp: object) -> bool:
        """True when the cached body named ``sha`` is there with the size and mtime of
        ``stamp`` (a stat, not a read: a re-export checks every body; its text is checked by
        :func:`read_body` where it is used)."""
        if not isinstance(sha, str) or not isinstance(stamp, list):
            return False
        try:
            return body_stamp(body_path(self.bodies, sha)) == stamp
        except (OSError, ValueError):
            return False

    def prune(self, keep: set[str]) -> None:
        """Remove cached bodies no post uses any more, and the temporary files of a worker
        stopped while it wrote one (only files of our own naming)."""
        try:
            names = os.listdir(self.bodies)
        except OSError:
            return
        for name in names:
            unused = name.endswith(".fragment") and name[: -len(".fragment")] not in keep
            if unused or name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(self.bodies, name))

    def close(self) -> None:
        if self.temporary:
            import shutil

            shutil.rmtree(self.folder, ignore_errors=True)


def body_path(bodies: str, sha: str) -> str:
    """The cache file of the body whose hash is ``sha`` (a hex digest; nothing else is a name)."""
    if not _HEX64.fullmatch(sha):
        raise ValueError(f"not a body hash: {sha!r}")
    return f"{bodies}/{sha}.fragment"


def body_stamp(path: str) -> list[int]:
    """[size, mtime_ns] of a body file, as the record keeps it."""
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns]


def write_body(bodies: str, text: str) -> tuple[str, list[int]]:
    """Keep a sanitized body in the cache; its hash (the name) and stamp are returned."""
    sha = body_sha(text)
    target = body_path(bodies, sha)
    if os.path.isfile(target) and read_body(bodies, sha) is not None:
        return sha, body_stamp(target)  # another post's, the same text: its stamp stays
    tmp = f"{target}.{os.getpid()}.tmp"  # two workers may write the same body at once
    with open(tmp, "w", encoding="utf-8", errors="surrogatepass") as handle:
        handle.write(text)
    os.replace(tmp, target)
    return sha, body_stamp(target)


def read_body(bodies: str, sha: str) -> str | None:
    """The cached body named ``sha`` if its text still has that hash; else None."""
    try:
        with open(body_path(bodies, sha), encoding="utf-8", errors="surrogatepass") as handle:
            text = handle.read()
    except (OSError, ValueError):
        return None
    return text if body_sha(text) == sha else None
