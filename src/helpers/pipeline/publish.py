"""Publishing ``data/curated`` in one atomic step under a lock: tables, documents, datapackage and quarantine together.

:func:`publishing` holds an ``flock`` on ``data/.curated.lock`` for a whole run, build included (a second run
waits up to ``wait`` seconds, then refuses at once with a message naming the holder). :func:`write` removes what
dead runs left
(:func:`helpers.fsutil.clean_stale`), writes every file into a fresh ``data/.curated-tmp-*`` folder (each file
fsynced), and swaps that folder with ``data/curated`` in one ``renameat2(RENAME_EXCHANGE)``
(:func:`helpers.fsutil.replace_dir`). The quarantine (rejected raw records) is part of the swapped folder, under
``quarantine/``, which the folder's own ``.gitignore`` keeps out of git: the quarantine and the curation report can
never disagree with the tables they sit beside. A read-only ``data/curated`` (owner write bit off) is refused,
not replaced. Every filesystem step is a named :func:`helpers.fsutil.fault_point` (``tests/test_publish.py`` lists them in order).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.fsutil import FsFault, clean_stale, fault_point, fs_step, fsync_dir, locked, read_only_by_mode, replace_dir
from helpers.pipeline import package
from helpers.pipeline.package import Curated

QUARANTINE = package.QUARANTINE
#: The published folder's own .gitignore: the quarantine holds raw records, which are never committed.
GITIGNORE = "# Written by `python -m helpers curate`: rejected raw records are never committed.\nquarantine/\n"
_WRITE_TODO = "free space on that file system (or make it writable) and run again"


def lock_path(out_dir: Path) -> Path:
    """The lock file of a published folder: ``.NAME.lock`` beside it (git-ignored for ``data/curated``)."""
    out_dir = Path(out_dir)
    return out_dir.parent / f".{out_dir.name}.lock"


def csv_text(df: pd.DataFrame) -> str:
    """A table as the package writes it (UTF-8, LF, no index)."""
    return df.to_csv(index=False, lineterminator="\n")


def _files(curated: Curated) -> list[str]:
    """Files in the order they are written, ``datapackage.json`` (which hashes the others) last."""
    return [*(f"{n}.csv" for n in curated.tables), QUARANTINE, *curated.other_quarantines, ".gitignore", "curation_report.json",
            *package.DOCUMENTS, "datapackage.json"]


def _content(curated: Curated, name: str, folder: Path) -> bytes:
    if name == QUARANTINE:
        return package.quarantine_bytes(curated.rejects)
    if name in curated.other_quarantines:
        return package.quarantine_bytes(curated.other_quarantines[name])
    if name == ".gitignore":
        return GITIGNORE.encode()
    if name == "curation_report.json":
        return (json.dumps(curated.report, indent=2, sort_keys=True) + "\n").encode()
    if name == "CURATION_REPORT.md":
        return package.report_markdown(curated).encode()
    if name == "CODEBOOK.md":
        return package.codebook_markdown(curated).encode()
    if name == "datapackage.json":
        return (json.dumps(package.describe(curated, folder), indent=2, ensure_ascii=False) + "\n").encode()
    return csv_text(curated.tables[name.removesuffix(".csv")]).encode("utf-8")


@contextlib.contextmanager
def publishing(out_dir: Path = paths.CURATED, wait: float = 0.0) -> Iterator[None]:
    """Hold the right to publish ``out_dir`` for a whole run (build included), so a second run refuses at once.

    Refuses a read-only ``out_dir`` (owner write bit off) before taking the lock; waits up to ``wait`` seconds for
    another run, then raises :class:`helpers.fsutil.LockBusy`. Call :func:`write` with ``lock=False`` inside.
    """
    out_dir = Path(out_dir)
    parent = out_dir.parent
    with fs_step("cannot create the folder", parent, "make its parent writable, or write elsewhere (--out DIR)"):
        parent.mkdir(parents=True, exist_ok=True)
    if read_only_by_mode(out_dir):
        mode = stat.filemode(os.stat(out_dir).st_mode)
        raise FsFault(f"{out_dir} is read-only ({mode}): the curation does not replace a folder someone protected; "
                      f"make it writable (chmod u+w {out_dir}) to publish a new version")
    with locked(lock_path(out_dir), wait, what=str(out_dir)):
        yield


def write(curated: Curated, out_dir: Path = paths.CURATED, wait: float = 0.0, lock: bool = True) -> Path:
    """Publish every table, the quarantine, the curation report, the codebook and ``datapackage.json`` to ``out_dir``.

    Atomic: readers (and a crash at any point) see the previous folder or the new one, never a mix or none. On any
    failure the temporary folder is removed and ``out_dir`` is left as it was; a foreseeable filesystem fault is
    raised as :class:`helpers.fsutil.FsFault` (one line: what, where, what to do). ``lock=False`` when the caller
    already holds :func:`publishing` for ``out_dir``.
    """
    out_dir = Path(out_dir)
    with publishing(out_dir, wait) if lock else contextlib.nullcontext():
        _publish(curated, out_dir)
    return out_dir


def _publish(curated: Curated, out_dir: Path) -> None:
    parent = out_dir.parent
    fault_point("publish.locked")
    with fs_step("cannot remove leftovers of an earlier run beside", out_dir, "remove them by hand and run again"):
        curated.cleaned = clean_stale(out_dir)
    fault_point("publish.cleaned")
    with fs_step("cannot create a temporary folder in", parent, _WRITE_TODO):
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-tmp-", dir=parent))
        tmp.chmod(0o755)
    fault_point("publish.tmp-created")
    try:
        for name in _files(curated):
            _write_one(tmp / name, _content(curated, name, tmp), name)
        with fs_step("cannot flush", tmp, _WRITE_TODO):
            fsync_dir(tmp / "quarantine")
            fsync_dir(tmp)
        fault_point("publish.synced")
        with fs_step("cannot put the new version in place of", out_dir, "make its folder writable and run again"):
            replace_dir(tmp, out_dir, "publish")
            fsync_dir(parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_one(path: Path, data: bytes, name: str) -> None:
    with fs_step("cannot write", path, _WRITE_TODO):
        path.parent.mkdir(exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    fault_point(f"publish.wrote:{name}")
