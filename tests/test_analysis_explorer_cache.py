"""explorer's answers are computed once when several processes (or threads) ask for them at the same moment."""

from __future__ import annotations

import json
import threading
import time

from helpers.analysis import explorer


def test_concurrent_askers_compute_once(tmp_path, monkeypatch, curated_dir) -> None:
    calls = []

    def slow_compute(curated):
        calls.append(curated)
        time.sleep(0.4)  # long enough for the second asker to arrive while the first computes
        return {"version": explorer.VERSION, "x": [1]}

    monkeypatch.setattr(explorer, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(explorer, "compute", slow_compute)
    texts = []
    ask = explorer._cached.__wrapped__  # past the per-process memo: each thread is a new asker
    threads = [threading.Thread(target=lambda: texts.append(ask(str(curated_dir)))) for _ in range(2)]
    for t in threads:
        t.start()
        time.sleep(0.05)
    for t in threads:
        t.join()
    assert len(calls) == 1  # the second waited for the first's file instead of computing again
    assert len(texts) == 2 and texts[0] == texts[1]
    assert [p.name for p in (tmp_path / "cache").glob("*.json")] == [f"{explorer.cache_key(curated_dir)}.json"]


def test_no_writable_cache_still_answers(tmp_path, monkeypatch, curated_dir) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(explorer, "CACHE", blocker / "cache")  # cannot be created: no lock, nothing kept
    monkeypatch.setattr(explorer, "compute", lambda curated: {"version": explorer.VERSION, "x": [2]})
    assert json.loads(explorer._cached.__wrapped__(str(curated_dir))) == {"version": explorer.VERSION, "x": [2]}
