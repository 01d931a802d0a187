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


@pytest.mark.parametrize("use_exchange", [True, False])
def test_replace_dir_either_way_leaves_only_the_new_folder(tmp_path, use_exchange):
    out = _folder(tmp_path / "out", "old")
    new = _folder(tmp_path / ".tmp-new", "new")
    fsutil.replace_dir(new, out, use_exchange=use_exchange)
    assert (out / "a.txt").read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_faults_are_told_in_one_line_with_what_to_do():
    import errno

    for code, words in [(errno.EACCES, "permission denied"), (errno.EROFS, "read-only file system"),
                        (errno.ENOSPC, "no space left on device"), (errno.ENOENT, "not found")]:
        msg = fsutil.fault_message(OSError(code, "x", "/some/path"), "cannot write")
        assert msg.startswith(f"cannot write /some/path: {words}; ") and "\n" not in msg
    with pytest.raises(fsutil.FsFault, match="cannot read /p: permission denied"), fsutil.fs_step("cannot read", "/p"):
        raise PermissionError(errno.EACCES, "Permission denied")


def test_read_only_is_read_from_the_mode_bits_even_as_root(tmp_path):
    d = _folder(tmp_path / "d", "x")
    assert not fsutil.read_only_by_mode(d) and not fsutil.read_only_by_mode(tmp_path / "missing")
    d.chmod(0o555)
    try:
        assert fsutil.read_only_by_mode(d)
    finally:
        d.chmod(0o755)


def test_the_fault_hook_does_nothing_unless_asked_and_raises_what_it_is_told(monkeypatch):
    monkeypatch.delenv(fsutil.FAULT_ENV, raising=False)
    fsutil.fault_point("publish.exchanged")
    monkeypatch.setenv(fsutil.FAULT_ENV, "publish.wrote:*=enospc")
    fsutil.fault_point("publish.exchanged")  # another point: nothing
    with pytest.raises(OSError, match=r"injected at publish\.wrote:x\.csv") as err:
        fsutil.fault_point("publish.wrote:x.csv")
    assert err.value.errno == 28


def test_clean_stale_restores_a_folder_left_aside_and_removes_debris(tmp_path):
    _folder(tmp_path / ".out-old-abc", "old")
    _folder(tmp_path / ".out-tmp-def", "partial")
    notes = fsutil.clean_stale(tmp_path / "out")
    assert (tmp_path / "out" / "a.txt").read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert notes[0].startswith("restored") and "did not finish" in notes[1]


def test_the_lock_is_exclusive_and_released_with_its_holder(tmp_path):
    lock = tmp_path / ".x.lock"
    with fsutil.locked(lock), pytest.raises(fsutil.LockBusy, match="pid"), fsutil.locked(lock):
        pass
    with fsutil.locked(lock):  # released: free again
        pass
