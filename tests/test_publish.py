"""Publishing is atomic and locked: killed at any point, run twice at once, or left with debris, ``data/curated`` is the
old version or the new one, complete, never a mix and never missing.

How faults are made: the test-only hook :func:`helpers.fsutil.fault_point` (environment variable ``HELPERS_FAULT``)
kills the process with SIGKILL at a named point, or pauses it there. Publication points and curation phases are
killed in a forked child of the test process (fast: nothing is imported again; nothing in the child cleans up,
exactly as after a power cut or the OOM killer): for a curation phase the child runs the command line's own
``main(["curate", ...])`` on a small sample of the real file. Two curations at once use real
``python -m helpers curate`` subprocesses, so the command line is also covered end to end, interpreter and all.
Most starting folders are copies of the old version published once per module (the same bytes a run writes).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import data, fsutil
from helpers.__main__ import main
from helpers.pipeline import curate, publish
from tests.test_bad_input import files_of, write_raw

pytestmark = pytest.mark.slow  # real curations, forked children and subprocesses


def _raw(tmp: Path, header: str, lines: list[str]) -> Path:
    return write_raw(tmp, lines, header=header)


@pytest.fixture(scope="module")
def versions(real_lines, tmp_path_factory):
    """Two different curations of real rows (old: the first half of the sample, new: the second half)."""
    header, lines = real_lines
    tmp = tmp_path_factory.mktemp("versions")
    old = curate.build(_raw(tmp / "old", header, lines[: len(lines) // 2]), other_snapshot=True)
    new = curate.build(_raw(tmp / "new", header, lines[len(lines) // 2 :]), other_snapshot=True)
    ref = tmp / "ref"
    return old, new, files_of(publish.write(old, ref / "old" / "curated")), files_of(publish.write(new, ref / "new" / "curated"))


@pytest.fixture(scope="module")
def old_reference(versions, tmp_path_factory) -> Path:
    """The old version as a run publishes it, written once: tests start from copies of it (the same bytes)."""
    return publish.write(versions[0], tmp_path_factory.mktemp("reference") / "curated")


def _copy(reference: Path, out: Path) -> Path:
    shutil.copytree(reference, out)
    return out


@pytest.fixture
def old_published(old_reference, tmp_path):
    """A folder holding the old version, as the CLI published it (a copy of the reference)."""
    return _copy(old_reference, tmp_path / "data" / "curated")


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith((f".{out.name}-tmp-", f".{out.name}-old-")))


#: Seconds a forked child may take to reach its fault point (it takes well under one; generous for a busy machine).
CHILD_LIMIT = 120


def _killed_child(point: str, fn) -> int:
    """Run ``fn`` in a forked child with ``point=kill``; the child's wait status.

    The child's output is discarded (it would land in this test's capture); a child still running after
    :data:`CHILD_LIMIT` seconds is killed and the test fails naming the point."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 3
        try:
            os.environ[fsutil.FAULT_ENV] = f"{point}=kill"
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                fn()
            code = 0
        finally:
            os._exit(code)
    deadline = time.monotonic() + CHILD_LIMIT
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail(f"the child killed at {point} was still running after {CHILD_LIMIT} s")
        time.sleep(0.005)


def publish_points(curated) -> list[str]:
    """Every fault point of a publication over an existing folder, in order (one between any two filesystem steps)."""
    return ["publish.locked", "publish.cleaned", "publish.tmp-created",
            *(f"publish.wrote:{f}" for f in publish._files(curated)), "publish.synced", "publish.exchanged", "publish.removed-old"]


def test_the_points_are_every_step_of_a_publication(versions, tmp_path, monkeypatch):
    old, new, _, _ = versions
    out = publish.write(old, tmp_path / "curated")
    trace = tmp_path / "trace"
    monkeypatch.setenv(fsutil.FAULT_TRACE_ENV, str(trace))
    publish.write(new, out)
    assert trace.read_text().splitlines() == publish_points(new)


def test_killed_at_any_point_of_publishing_the_folder_is_old_or_new_never_a_mix(versions, old_reference, tmp_path):
    _, new, old_files, new_files = versions
    for point in publish_points(new):
        out = _copy(old_reference, tmp_path / point.replace(":", "_") / "curated")
        status = _killed_child(point, lambda out=out: publish.write(new, out))
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"{point} was not reached"
        now = files_of(out)
        assert now in (old_files, new_files), f"killed at {point}: a mix of versions"
        assert now == (new_files if point in ("publish.exchanged", "publish.removed-old") else old_files), point
        data.check_package(out)  # complete: every resource present, hashes as listed
        # the next run cleans up what the killed one left and publishes
        again = publish.write(new, out)
        assert files_of(again) == new_files and _leftovers(out) == [], point


def test_killed_during_a_first_publication_leaves_nothing_or_the_new_folder(versions, tmp_path):
    _, new, _, new_files = versions
    for point in ("publish.synced", "publish.renamed"):
        out = tmp_path / point / "curated"
        _killed_child(point, lambda out=out: publish.write(new, out))
        assert (not out.exists()) if point == "publish.synced" else files_of(out) == new_files


def test_without_rename_exchange_a_kill_between_the_two_renames_is_repaired_by_the_next_run(versions, old_reference, tmp_path,
                                                                                          monkeypatch):
    _, new, old_files, new_files = versions
    monkeypatch.setattr(fsutil, "exchange", lambda a, b: False)  # as on a platform without renameat2
    for point in ("publish.moved-aside", "publish.renamed"):
        out = _copy(old_reference, tmp_path / point / "curated")
        _killed_child(point, lambda out=out: publish.write(new, out))
        if point == "publish.moved-aside":  # the window the exchange closes: no folder, the old one aside
            assert not out.exists() and len(list(out.parent.glob(".curated-old-*"))) == 1
            assert fsutil.clean_stale(out)[0].startswith("restored")
            assert files_of(out) == old_files
        else:
            assert files_of(out) == new_files
        assert files_of(publish.write(new, out)) == new_files and _leftovers(out) == []


def test_rename_exchange_is_available_here_and_swaps_atomically(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    assert fsutil.exchange(a, b), "renameat2(RENAME_EXCHANGE) unavailable: publishing falls back to two renames"
    assert ((a / "x").read_text(), (b / "x").read_text()) == ("b", "a")


def test_a_second_run_refuses_clearly_or_waits(versions, tmp_path):
    old, new, _, new_files = versions
    out = publish.write(old, tmp_path / "curated")
    with fsutil.locked(publish.lock_path(out)):
        with pytest.raises(fsutil.LockBusy) as err:
            publish.write(new, out)
        msg = str(err.value)
        assert f"pid {os.getpid()}" in msg and "--wait" in msg and str(out) in msg
    lock = fsutil.locked(publish.lock_path(out))
    lock.__enter__()
    threading.Timer(0.3, lock.__exit__, (None, None, None)).start()
    t0 = time.monotonic()
    publish.write(new, out, wait=30)  # waits for the holder, then publishes
    assert time.monotonic() - t0 >= 0.25 and files_of(out) == new_files


def test_stale_temporary_folders_are_cleaned_and_reported(versions, tmp_path):
    old, new, _, new_files = versions
    out = publish.write(old, tmp_path / "curated")
    for name in (".curated-tmp-dead1", ".curated-old-dead2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "salary_bins.csv").write_text("partial")
    publish.write(new, out)
    assert _leftovers(out) == [] and files_of(out) == new_files
    assert sorted(new.cleaned) == [f"removed .curated-{k}-dead{i}, left by a run that did not finish" for i, k in ((2, "old"), (1, "tmp"))]


def test_a_read_only_curated_folder_is_refused_not_replaced(versions, tmp_path):
    old, new, old_files, _ = versions
    out = publish.write(old, tmp_path / "curated")
    out.chmod(0o555)  # as root chmod does not stop a rename: the curation reads the intent from the mode bits
    try:
        with pytest.raises(fsutil.FsFault, match=r"read-only \(dr-xr-xr-x\).*chmod u\+w"):
            publish.write(new, out)
    finally:
        out.chmod(0o755)
    assert files_of(out) == old_files


# ------------------------------------------------------------- whole curations: the command line's main, and real subprocesses


def _cli(raw: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "helpers", "curate", "--raw", str(raw), "--out", str(out), "--other-snapshot", *extra]
    return subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def raws(real_lines, tmp_path_factory):
    header, lines = real_lines
    tmp = tmp_path_factory.mktemp("raws")
    return _raw(tmp / "a", header, lines[: len(lines) // 2]), _raw(tmp / "b", header, lines[len(lines) // 2 :])


def test_two_curations_at_once_one_waits_one_refuses_and_the_last_wins(raws, versions, tmp_path):
    raw_old, raw_new = raws
    _, _, old_files, new_files = versions
    out = tmp_path / "curated"
    env = {fsutil.FAULT_ENV: "publish.tmp-created=pause", fsutil.FAULT_DIR_ENV: str(tmp_path)}
    first = _cli(raw_old, out, env=env)
    _wait_for(tmp_path / "publish.tmp-created.paused")
    refused = _cli(raw_new, out)
    waiting = _cli(raw_new, out, "--wait", "120")
    _, r_err = refused.communicate(timeout=120)
    assert refused.returncode == 1 and r_err.count("\n") == 1 and "Traceback" not in r_err
    assert f"pid {first.pid}" in r_err and "--wait" in r_err
    time.sleep(0.5)
    assert waiting.poll() is None  # still waiting for the lock
    (tmp_path / "publish.tmp-created.resume").touch()
    assert first.wait(120) == 0 and waiting.wait(120) == 0, waiting.stderr.read()
    assert files_of(out) == new_files != old_files and _leftovers(out) == []


@pytest.mark.parametrize("point", ["curate.scanned", "curate.validated", "curate.built", "publish.wrote:salary_summary.csv"])
def test_a_curation_killed_at_any_phase_leaves_the_previous_data(raws, versions, old_published, capsys, point):
    _, raw_new = raws
    _, _, old_files, new_files = versions
    out = old_published
    args = ["curate", "--raw", str(raw_new), "--out", str(out), "--other-snapshot"]
    status = _killed_child(point, lambda: main(args))  # the command line's curation, SIGKILLed mid-run
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"{point} was not reached"
    assert files_of(out) == old_files
    capsys.readouterr()
    code = main(args)  # the next run
    stdout, stderr = capsys.readouterr()
    assert code == 0, stderr
    assert files_of(out) == new_files and _leftovers(out) == []
    if point.startswith("publish."):
        assert "cleaned up: removed .curated-tmp-" in stdout


def test_a_second_run_refuses_before_building_anything(raws, tmp_path, monkeypatch):
    raw_old, _ = raws
    out = tmp_path / "curated"
    built = []
    monkeypatch.setattr(curate, "build", lambda *a, **k: built.append(1))
    with fsutil.locked(publish.lock_path(out)), pytest.raises(fsutil.LockBusy):
        curate.curate(raw_old, out, other_snapshot=True)
    assert built == [] and not out.exists()
