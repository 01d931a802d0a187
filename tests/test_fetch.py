"""Fetching raw files: from a local mirror or a URL, always checked against the committed manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.__main__ import main
from helpers.fsutil import sha256_of
from helpers.pipeline import sources


def test_fetch_from_mirror_verifies_and_copies(shared_raw, tmp_path):
    got = sources.fetch(shared_raw, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in got] == [f.path for f in sources.raw_files()]
    for f in sources.raw_files():
        assert sha256_of(tmp_path / f.path) == f.sha256
        assert (tmp_path / f.path).stat().st_size == f.bytes


def _fake_source(tmp_path: Path, content: bytes, url: str = "http://127.0.0.1:9/none.csv") -> tuple[Path, Path]:
    """A mirror with one file and a manifest that describes ``content``."""
    mirror = tmp_path / "mirror"
    (mirror / "x").mkdir(parents=True)
    (mirror / "x" / "f.csv").write_bytes(content)
    import hashlib

    manifest = tmp_path / "sources.json"
    manifest.write_text(json.dumps({"sources": [{"name": "x", "files": [
        {"path": "x/f.csv", "url": url, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}]}]}))
    return mirror, manifest


def test_checksum_mismatch_is_refused_and_leaves_nothing(tmp_path):
    mirror, manifest = _fake_source(tmp_path, b"a,b\n1,2\n")
    (mirror / "x" / "f.csv").write_bytes(b"a,b\n1,3\n")  # same size, different bytes
    raw = tmp_path / "raw"
    with pytest.raises(sources.FetchError, match="sha256"):
        sources.fetch(mirror, raw, manifest)
    assert not (raw / "x" / "f.csv").exists()
    assert list((raw / "x").iterdir()) == []  # no temporary file left behind


def test_size_mismatch_is_refused(tmp_path):
    mirror, manifest = _fake_source(tmp_path, b"a,b\n1,2\n")
    (mirror / "x" / "f.csv").write_bytes(b"a,b\n1,2\n3,4\n")
    with pytest.raises(sources.FetchError, match="bytes"):
        sources.fetch(mirror, tmp_path / "raw", manifest)


def test_missing_file_in_mirror_is_named(tmp_path):
    mirror, manifest = _fake_source(tmp_path, b"a\n")
    (mirror / "x" / "f.csv").unlink()
    with pytest.raises(sources.FetchError, match="not found in the local mirror"):
        sources.fetch(mirror, tmp_path / "raw", manifest)


def test_offline_download_says_what_to_do(tmp_path):
    # Port 9 on loopback refuses at once: the same path as a machine without network.
    _, manifest = _fake_source(tmp_path, b"a\n", url="http://127.0.0.1:9/f.csv")
    with pytest.raises(sources.FetchError) as err:
        sources.fetch(None, tmp_path / "raw", manifest, timeout=5)
    msg = str(err.value)
    assert "could not download http://127.0.0.1:9/f.csv" in msg and "--from" in msg


def test_valid_existing_file_is_kept(tmp_path):
    mirror, manifest = _fake_source(tmp_path, b"a\n")
    raw = tmp_path / "raw"
    sources.fetch(mirror, raw, manifest)
    (mirror / "x" / "f.csv").unlink()  # the mirror is gone, the verified copy is enough
    assert sources.fetch(mirror, raw, manifest) == [raw / "x" / "f.csv"]


def test_cli_fetch_failure_exits_nonzero(tmp_path, capsys):
    assert main(["fetch", "--from", str(tmp_path / "nowhere"), "--raw", str(tmp_path / "raw")]) == 1
    assert "fetch failed" in capsys.readouterr().err
