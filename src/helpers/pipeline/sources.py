"""Raw sources: the committed manifest (``data/sources.json``), fetching its files into ``data/raw``, checking a snapshot's checksum."""

from __future__ import annotations

import importlib
import importlib.util
import json
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from helpers import paths
from helpers.fsutil import sha256_of


class FetchError(RuntimeError):
    """A raw file could not be fetched or did not match the manifest."""


class SnapshotMismatch(ValueError):
    """The raw file is not the snapshot ``data/sources.json`` pins (and curating another one was not asked for)."""


class SourceFileError(ValueError):
    """A source's raw file (or its crosswalk or mappings) cannot be curated at all; the message says where."""


@dataclass(frozen=True)
class RawFile:
    """One raw file as the manifest records it."""

    source: str
    path: str  # relative to data/raw
    url: str
    bytes: int
    sha256: str


def load_manifest(manifest: Path = paths.SOURCES_MANIFEST) -> dict:
    """The committed manifest of raw sources (``data/sources.json``)."""
    return json.loads(manifest.read_text(encoding="utf-8"))


def source_modules(manifest: Path = paths.SOURCES_MANIFEST) -> dict[str, ModuleType]:
    """The curation module of each source in the manifest that has one of its own, ``helpers.pipeline.<name>``, by
    name, in the manifest's order. Each adds its tables to the package (``add_to``, raising
    :class:`SourceFileError`), writes its section of the curation report (``report_markdown``) and its sentence of
    the package's description (``PACKAGE_NOTE``). The aijobs survey, the collection's own, is curated by
    :mod:`helpers.pipeline.curate` itself."""
    names = [s["name"] for s in load_manifest(manifest)["sources"]]
    return {n: importlib.import_module(f"{__package__}.{n}") for n in names
            if importlib.util.find_spec(f"{__package__}.{n}") is not None}


def raw_files(manifest: Path = paths.SOURCES_MANIFEST) -> list[RawFile]:
    """Every raw file the manifest lists."""
    out = []
    for src in load_manifest(manifest)["sources"]:
        for f in src["files"]:
            out.append(RawFile(src["name"], f["path"], f["url"], int(f["bytes"]), f["sha256"]))
    return out


def verify(path: Path, rf: RawFile) -> None:
    """Raise ``FetchError`` unless ``path`` has the manifest's size and sha256."""
    size = path.stat().st_size
    if size != rf.bytes:
        raise FetchError(f"{path}: {size} bytes, but data/sources.json expects {rf.bytes} for {rf.path}")
    digest = sha256_of(path)
    if digest != rf.sha256:
        raise FetchError(f"{path}: sha256 {digest} does not match data/sources.json ({rf.sha256}) for {rf.path}")


def _download(url: str, dest: Path, timeout: float) -> None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp, open(dest, "wb") as out:
            shutil.copyfileobj(resp, out)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(
            f"could not download {url} ({exc}). If this machine is offline, copy the files from a local "
            "mirror instead: python -m helpers fetch --from ../shared/data/raw"
        ) from exc


def fetch(
    from_dir: Path | None = None,
    raw_dir: Path = paths.RAW,
    manifest: Path = paths.SOURCES_MANIFEST,
    timeout: float = 30.0,
) -> list[Path]:
    """Fill ``raw_dir`` with every manifest file, from ``from_dir`` if given, else from its URL.

    Each file lands under a temporary name, is verified, then renamed into place, so a failed
    fetch never leaves a partial or unverified file behind. Files already present and valid are kept.
    """
    done = []
    for rf in raw_files(manifest):
        dest = raw_dir / rf.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            try:
                verify(dest, rf)
                done.append(dest)
                continue
            except FetchError:
                pass  # stale or corrupt copy: fetch it again
        with tempfile.NamedTemporaryFile(dir=dest.parent, prefix=".fetch-", delete=False) as tmp:
            tmp_path = Path(tmp.name)
        try:
            if from_dir is not None:
                src = Path(from_dir) / rf.path
                if not src.is_file():
                    raise FetchError(f"{src}: not found in the local mirror {from_dir}")
                shutil.copyfile(src, tmp_path)
            else:
                _download(rf.url, tmp_path, timeout)
            verify(tmp_path, rf)
            tmp_path.replace(dest)
        finally:
            tmp_path.unlink(missing_ok=True)
        done.append(dest)
    return done


def check_snapshot(size: int, sha256: str, path: Path, rel: str, manifest: Path = paths.SOURCES_MANIFEST,
                   other_snapshot: bool = False) -> dict:
    """The snapshot record of the raw file ``rel`` (at ``path``): its bytes, sha256 and whether it is the pinned one.

    Raises :class:`SnapshotMismatch` unless it is the snapshot the manifest pins or ``other_snapshot`` is given.
    """
    pinned = next((f for f in raw_files(manifest) if f.path == rel), None)
    is_pinned = pinned is not None and (size, sha256) == (pinned.bytes, pinned.sha256)
    if not is_pinned and not other_snapshot:
        expected = f"{pinned.bytes:,} bytes, sha256 {pinned.sha256}" if pinned else "no entry"
        raise SnapshotMismatch(
            f"{path}: {size:,} bytes, sha256 {sha256} is not the snapshot data/sources.json pins ({expected}). "
            "Fetch the pinned one (make data), or curate this one on purpose: python -m helpers curate --other-snapshot"
        )
    return {"path": f"raw/{rel}", "bytes": size, "sha256": sha256, "pinned": is_pinned,
            "pinned_sha256": pinned.sha256 if pinned else None}
