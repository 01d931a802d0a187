"""Filesystem faults get one clear line (what failed, the path, what to do), a non-zero exit, and the previous data intact.

How the faults are made: the tests run as root, and root ignores permission bits, so ``chmod`` alone cannot deny
anything. The faults are simulated in-process instead, at the operating-system boundary the code goes through:
``builtins.open`` raising ``PermissionError`` (unreadable raw file), ``os.stat`` raising it (unreadable raw
folder), ``os.open``/``os.mkdir`` raising ``EROFS`` (read-only ``data/``), and files opened for writing that raise
``ENOSPC`` once a byte budget is spent (full disk, at every stage of publishing). Where the machine lets the tests
mount a tmpfs (root with mount rights, as here), the full disk and the read-only file system are also real: a 1 MiB
tmpfs is filled up, then remounted read-only; elsewhere those two tests are skipped.
"""

from __future__ import annotations

import builtins
import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.__main__ import main
from tests.test_bad_input import GOOD, files_of, write_raw

REAL_OPEN = builtins.open


def _under(path, root: Path) -> bool:
    """Whether ``path`` lies under ``root`` (string arithmetic only: this runs inside patched os functions)."""
    if isinstance(path, int):
        return False
    p, r = os.path.abspath(os.fsdecode(path)), os.path.abspath(root)
    return p == r or p.startswith(r + os.sep)


class _Limited:
    """A file whose writes fail with ENOSPC once the shared byte budget is spent."""

    def __init__(self, fh, budget: list[int]):
        self._fh, self._budget = fh, budget

    def write(self, data):
        if len(data) > self._budget[0]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self._fh.name)
        self._budget[0] -= len(data)
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


def full_disk(monkeypatch, root: Path, budget: int) -> None:
    """Files opened for writing under ``root`` share ``budget`` bytes, then fail with ENOSPC."""
    left = [budget]

    def fake_open(file, mode="r", *args, **kwargs):
        fh = REAL_OPEN(file, mode, *args, **kwargs)
        return _Limited(fh, left) if any(c in mode for c in "wax+") and _under(file, root) else fh

    monkeypatch.setattr(builtins, "open", fake_open)


def deny(monkeypatch, module, name: str, root: Path, code: int) -> None:
    """``module.name(path, ...)`` raises ``OSError(code)`` for paths under ``root``."""
    real = getattr(module, name)

    def fake(path, *args, **kwargs):
        if _under(path, root):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, name, fake)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """A data folder with a version the command line published, made once (each test starts from a copy of it)."""
    root = tmp_path_factory.mktemp("published")
    out = root / "data" / "curated"
    assert main(["curate", "--raw", str(write_raw(root / "a", GOOD)), "--out", str(out), "--other-snapshot"]) == 0
    return out.parent


@pytest.fixture
def published(reference, tmp_path):
    """A data folder with a published version (a copy of :func:`reference`: the same files, the lock file beside
    them), and a raw folder to curate a new one from."""
    out = shutil.copytree(reference, tmp_path / "data") / "curated"
    return write_raw(tmp_path / "b", GOOD[:3]), out, files_of(out)


def one_line_failure(capsys, args: list[str]) -> str:
    code = main(args)
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def _curate(raw: Path, out: Path) -> list[str]:
    return ["curate", "--raw", str(raw), "--out", str(out), "--other-snapshot"]


def test_unreadable_raw_file(published, monkeypatch, capsys):
    raw, out, before = published
    f = raw / "aijobs" / "salaries.csv"

    def fake_open(file, mode="r", *args, **kwargs):
        if _under(file, f):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(file))
        return REAL_OPEN(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    err = one_line_failure(capsys, _curate(raw, out))
    assert f"cannot read the raw file {f}: permission denied; give this user read access" in err
    assert files_of(out) == before


def test_unreadable_raw_folder(published, monkeypatch, capsys):
    raw, out, before = published
    deny(monkeypatch, os, "stat", raw / "aijobs", errno.EACCES)
    err = one_line_failure(capsys, _curate(raw, out))
    assert "cannot read the raw file" in err and str(raw / "aijobs") in err and "permission denied" in err
    assert files_of(out) == before


def test_read_only_data_folder(published, monkeypatch, capsys):
    raw, out, before = published
    for name in ("open", "mkdir"):
        deny(monkeypatch, os, name, out.parent, errno.EROFS)
    err = one_line_failure(capsys, _curate(raw, out))
    assert "read-only file system" in err and str(out.parent) in err and "--out" in err
    assert files_of(out) == before


def test_read_only_curated_folder(published, capsys):
    raw, out, before = published
    out.chmod(0o555)
    try:
        err = one_line_failure(capsys, _curate(raw, out))
    finally:
        out.chmod(0o755)
    assert "read-only" in err and f"chmod u+w {out}" in err
    assert files_of(out) == before


@pytest.mark.parametrize("budget", [0, 500, 20_000, 120_000])
def test_full_disk_at_any_stage_of_publishing(published, monkeypatch, capsys, budget):
    raw, out, before = published
    full_disk(monkeypatch, out.parent, budget)
    err = one_line_failure(capsys, _curate(raw, out))
    assert "no space left on device; free space on that file system" in err and str(out.parent) in err
    assert files_of(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".curated-")] == []  # the partial copy is gone


def test_full_temporary_folder_for_the_normalised_copy(published, tmp_path, monkeypatch, capsys):
    import tempfile

    raw, out, before = published
    f = raw / "aijobs" / "salaries.csv"
    f.write_bytes(f.read_bytes().replace(b"\n", b"\r\n"))  # CRLF: the parser reads a normalised copy
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    full_disk(monkeypatch, tmp, 10)
    err = one_line_failure(capsys, _curate(raw, out))
    assert "cannot write a normalised copy" in err and "no space left" in err and "TMPDIR" in err
    assert files_of(out) == before


def test_fetch_into_a_read_only_folder_is_one_line(tmp_path, monkeypatch, capsys, shared_raw):
    deny(monkeypatch, os, "mkdir", tmp_path, errno.EROFS)
    err = one_line_failure(capsys, ["fetch", "--from", str(shared_raw), "--raw", str(tmp_path / "raw")])
    assert "read-only file system" in err


# ------------------------------------------------------------- a real small file system, where the machine allows it


@pytest.fixture
def tmpfs(tmp_path):
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root with mount rights); the in-process simulations above cover it")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_real_full_disk_then_a_real_read_only_file_system(tmpfs, tmp_path, capsys):
    out = tmpfs / "curated"
    assert main(_curate(write_raw(tmp_path / "a", GOOD), out)) == 0
    before = files_of(out)
    free = os.statvfs(tmpfs).f_bavail * os.statvfs(tmpfs).f_frsize
    (tmpfs / "filler").write_bytes(b"\0" * max(free - 20_000, 0))  # leave less than a new version needs
    err = one_line_failure(capsys, _curate(write_raw(tmp_path / "b", GOOD[:3]), out))
    assert "no space left on device" in err
    assert files_of(out) == before and [p.name for p in tmpfs.iterdir() if p.name.startswith(".curated-")] == []
    (tmpfs / "filler").unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    err = one_line_failure(capsys, _curate(write_raw(tmp_path / "c", GOOD[:3]), out))
    assert "read-only file system" in err
    assert files_of(out) == before
