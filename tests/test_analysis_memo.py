"""helpers.memo: results kept between processes by inputs and code, computed once, never unpickled unless signed."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from helpers import data, memo, paths, schema, study
from helpers.analysis import estimator, estimator_stability


def _never() -> object:
    raise AssertionError("computed although the result was kept")


def test_a_fresh_process_reads_the_kept_result(tmp_path) -> None:
    """A pickle and a JSON text kept by this process are read back by another one, whose compute would fail."""
    folder = tmp_path / "cache"
    assert memo.remember_pickle(folder, "k1", lambda: {"a": np.arange(3)})["a"].tolist() == [0, 1, 2]
    assert memo.remember_json(folder, "k2", lambda: json.dumps([1.5, 2])) == "[1.5, 2]"
    assert (folder.stat().st_mode & 0o777) == 0o700 and ((folder / ".hmac-key").stat().st_mode & 0o777) == 0o600
    code = ("import sys; from pathlib import Path; from helpers import memo\n"
            "def never(): raise SystemExit('computed again')\n"
            "f = Path(sys.argv[1]); print(memo.remember_pickle(f, 'k1', never)['a'].tolist(), memo.remember_json(f, 'k2', never))")
    out = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[0,", "1,", "2]", "[1.5,", "2]"]


def test_a_changed_input_or_helper_source_gives_another_key(tmp_path, monkeypatch) -> None:
    src = tmp_path / "src" / "helpers"
    src.mkdir(parents=True)
    (src / "a.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "in.csv").write_text("a\n1\n", encoding="utf-8")
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    first = memo.key([tmp_path / "in.csv"], "user", 1)
    assert memo.key([tmp_path / "in.csv"], "user", 1) == first
    assert memo.key([tmp_path / "in.csv"], "user", 2) != first  # another argument
    (tmp_path / "in.csv").write_text("a\n2\n", encoding="utf-8")
    second = memo.key([tmp_path / "in.csv"], "user", 1)
    assert second != first  # another input
    (src / "a.py").write_text("X = 2\n", encoding="utf-8")
    assert memo.key([tmp_path / "in.csv"], "user", 1) not in (first, second)  # another helper source
    calls = []
    for k in (first, second, first):
        memo.remember_json(tmp_path / "cache", k, lambda: calls.append(1) or "1")
    assert len(calls) == 2  # a new key computes afresh, a known one reads


def test_concurrent_askers_compute_once(tmp_path) -> None:
    """Two forked children ask at once: one computes (0.4 s), the other waits for its file."""
    folder, log = tmp_path / "cache", tmp_path / "computed"

    def slow() -> str:
        with log.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        time.sleep(0.4)
        return json.dumps({"pid": os.getpid()})

    children = []
    for i in range(2):
        pid = os.fork()
        if pid == 0:  # the child: ask, say what it got, leave at once
            code = 1
            try:
                (tmp_path / f"got{i}").write_text(memo.remember_json(folder, "same", slow), encoding="utf-8")
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
        time.sleep(0.05)
    assert all(os.waitpid(pid, 0)[1] == 0 for pid in children)
    assert len(log.read_text(encoding="utf-8").split()) == 1
    assert (tmp_path / "got0").read_text(encoding="utf-8") == (tmp_path / "got1").read_text(encoding="utf-8")


def test_an_unwritable_folder_still_answers(tmp_path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    folder = blocker / "cache"  # cannot be created: no lock, nothing kept, the result computed each time
    for _ in range(2):
        assert memo.remember_json(folder, "k", lambda: "[3]") == "[3]"
        assert memo.remember_pickle(folder, "k", lambda: (4, "x")) == (4, "x")
    assert not folder.exists()


class _Planted:
    """Unpickling this runs code: it writes the file it names."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_a_planted_or_foreign_pickle_is_not_loaded(tmp_path) -> None:
    folder, sentinel = tmp_path / "cache", tmp_path / "ran"
    memo.remember_pickle(folder, "other", lambda: 0)  # the folder and its key exist
    body = pickle.dumps(_Planted(str(sentinel)))
    (folder / "k.pickle").write_bytes(body)  # no signature
    assert memo.remember_pickle(folder, "k", lambda: "fresh") == "fresh"
    (folder / "k2.pickle").write_bytes(b"\0" * 32 + body)  # a wrong signature
    assert memo.remember_pickle(folder, "k2", lambda: "fresh") == "fresh"
    assert not sentinel.exists()
    memo.remember_pickle(folder, "k3", lambda: "kept")
    os.chmod(folder / "k3.pickle", 0o666)  # signed, but anyone could have written it
    assert memo.remember_pickle(folder, "k3", lambda: "again") == "again"
    os.chmod(folder, 0o777)  # a folder others may write to: nothing is read from it, nothing kept
    assert memo.remember_pickle(folder, "k3", lambda: "not kept") == "not kept"
    assert memo.remember_pickle(folder, "other", lambda: 1) == 1


def test_the_kept_fit_predicts_exactly_what_a_fresh_fit_predicts(monkeypatch) -> None:
    """``estimator.fitted()`` read back from its signed pickle (fitting is made to fail) against ``estimator.fit``
    run here, on a grid of profiles: grade × country × role family × work year, every number equal."""
    fresh = estimator.fit(data.salary_bins())
    estimator.fitted(None)  # kept (computed now, or already by another process)
    monkeypatch.setattr(estimator, "fit", lambda *a, **k: _never())
    kept = estimator.fitted.__wrapped__(None)  # past the per-process memo: read from the folder
    region = {"US": "United States", "DE": "Europe", "GB": "Europe", "IN": "Other", "BR": "Other", "ZZ": "Other"}
    grid = pd.DataFrame([{**estimator.DEFAULTS, "grade": g, "company_location": c, "role_family": f, "region": r,
                          "work_year": y} for g in schema.GRADES for c, r in region.items()
                         for f in schema.ROLE_FAMILIES for y in study.TREND_YEARS])
    pd.testing.assert_frame_equal(kept.predict(grid), fresh.predict(grid), check_exact=True)
    assert kept.categories == fresh.categories and kept.train_years == fresh.train_years and kept.n_train == fresh.n_train


def test_kept_refits_are_the_refits(monkeypatch, tmp_path) -> None:
    """The stability refits read back from JSON equal the refits computed, exactly (a small slice, one bootstrap);
    other bins are another key, computed afresh."""
    monkeypatch.setattr(memo, "ROOT", tmp_path / "cache")
    bins = data.salary_bins()
    small = bins[bins["work_year"] == study.TEST_YEAR].head(3000)
    frame = pd.DataFrame([{**estimator.DEFAULTS, "grade": g, "company_location": c, "region": r}
                          for g in schema.GRADES for c, r in (("US", "United States"), ("DE", "Europe"))])
    own = estimator.fit(estimator.collapse(small))
    first = estimator_stability.refit_medians(small, frame, n_boot=1, seed=1, model=own)
    assert list(first) == [estimator_stability.BINS, estimator_stability.RECORDS, "bootstrap 1"]
    estimator_stability._SEEN.clear()  # a new process
    monkeypatch.setattr(estimator, "fit", lambda *a, **k: _never())
    again = estimator_stability.refit_medians(small, frame, n_boot=1, seed=1, model=own)
    pd.testing.assert_frame_equal(again, first, check_exact=True)
    with pytest.raises(AssertionError, match="computed"):
        estimator_stability.refit_medians(small.head(2999), frame, n_boot=1, seed=1, model=own)


def test_a_frame_digest_follows_values_dtypes_and_index() -> None:
    df = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    same = memo.frame_digest(df.copy())
    assert memo.frame_digest(df) == same
    changed = df.copy()
    changed.loc[2, "a"] = 4
    assert memo.frame_digest(changed) != same
    assert memo.frame_digest(df.astype({"a": "float64"})) != same
    assert memo.frame_digest(df.set_axis([0, 1, 5])) != same
    assert memo.frame_digest(df.rename(columns={"b": "c"})) != same
