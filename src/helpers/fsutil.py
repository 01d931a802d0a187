"""File mechanics written once: a file's sha256, and replacing a folder by a freshly built one atomically.

Used by the pipeline (checksums of raw and authored inputs, publishing ``data/curated``) and by the
site builder (publishing ``site/``). Imports nothing from the project.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks (raw files can be large)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def replace_dir(tmp: Path, out: Path) -> Path:
    """Put the finished folder ``tmp`` in the place of ``out``, so readers see the old folder or the new, never a mix.

    ``tmp`` must be on the same filesystem as ``out`` (create it beside ``out``, e.g. with
    ``tempfile.mkdtemp(dir=out.parent)``). Two renames: ``out`` moves aside, ``tmp`` takes its name;
    if the second rename fails the previous ``out`` is put back and the error re-raised. The previous
    folder is deleted only once the new one is in place. Returns ``out``.
    """
    tmp, out = Path(tmp), Path(out)
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    try:
        tmp.rename(out)
    except BaseException:
        if old is not None:
            old.rename(out)  # put the previous folder back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return out
