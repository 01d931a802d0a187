"""The shared file mechanics: sha256 of a file and the atomic folder swap."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers import fsutil


def test_sha256_of_matches_hashlib_across_blocks(tmp_path):
    f = tmp_path / "f.bin"
    content = bytes(range(256)) * 9000  # more than one 1 MiB block
    f.write_bytes(content)
    assert fsutil.sha256_of(f) == hashlib.sha256(content).hexdigest()


def _folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "a.txt").write_text(text)
    return path


def test_replace_dir_swaps_in_and_leaves_nothing_behind(tmp_path):
    out = _folder(tmp_path / "out", "old")
    new = _folder(tmp_path / ".tmp-new", "new")
    assert fsutil.replace_dir(new, out) == out
    assert (out / "a.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_replace_dir_creates_a_missing_target(tmp_path):
    new = _folder(tmp_path / ".tmp-new", "new")
    fsutil.replace_dir(new, tmp_path / "out")
    assert (tmp_path / "out" / "a.txt").read_text() == "new"


def test_replace_dir_puts_the_old_folder_back_when_the_swap_fails(tmp_path):
    out = _folder(tmp_path / "out", "old")
    with pytest.raises(OSError):
        fsutil.replace_dir(tmp_path / "no-such-folder", out)
    assert (out / "a.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
