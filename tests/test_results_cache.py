"""helpers.results_cache.kept: a slow result is computed once per distinct call, even when several processes ask for it
at the same time (the test workers, a notebook kernel and the site build do), and read back by the others."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import joblib
import pytest

from helpers import results_cache


def _slow_square(x: int, log: str) -> int:
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"{x}\n")
    time.sleep(0.3)  # long enough for the other process to ask while this one computes
    return x * x


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``_slow_square`` kept in a cache of its own under ``tmp_path``."""
    monkeypatch.setattr(results_cache, "ROOT", tmp_path / "cache")
    monkeypatch.setattr(results_cache, "MEMORY", joblib.Memory(tmp_path / "cache", verbose=0))
    return results_cache.kept(_slow_square)


def _ask(func, x: int, log: str, start, out) -> None:
    start.wait()
    out.put(func(x, log))


def test_processes_asking_at_once_compute_the_call_once(kept, tmp_path: Path) -> None:
    log = str(tmp_path / "computed.txt")
    ctx = multiprocessing.get_context("fork")
    start, out = ctx.Barrier(3), ctx.Queue()
    procs = [ctx.Process(target=_ask, args=(kept, 7, log, start, out)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert sorted(out.get(timeout=5) for _ in procs) == [49, 49, 49]
    assert Path(log).read_text(encoding="utf-8").split() == ["7"], "computed more than once"


def test_distinct_calls_are_computed_apart_and_kept(kept, tmp_path: Path) -> None:
    log = str(tmp_path / "computed.txt")
    assert (kept(2, log), kept(3, log), kept(2, log)) == (4, 9, 4)
    assert Path(log).read_text(encoding="utf-8").split() == ["2", "3"]
