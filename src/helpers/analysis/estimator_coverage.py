"""How far the estimator's range can be trusted: calibration, held-out coverage and gain over the naive answer, with intervals.

- :func:`conformal_margin`: split-conformal calibration of the range on a scored forward fold (use the calibration
  fold, ``study.CALIBRATION_TRAIN_MAX_YEAR`` -> ``study.TRAIN_MAX_YEAR``, never the test year). Each record's score
  is its signed distance outside the model's raw 10th-90th percentile range on the log scale (negative inside); the
  margin is the ``study.ESTIMATE_LEVEL`` quantile of the scores over records (with the split-conformal
  ``(n + 1)`` correction). Moving both ends out by it makes the raw ranges hold that share of the fold's records.
- :func:`held_out`: coverage of the ranges on a scored test year, overall and per region, for every record (the
  calibrated range) and for the records the thin-profile rule answers, each with a 95% interval.
- :func:`gains`: the naive answer's median % error minus the model's (percentage points; positive: the model is
  better), overall and per region, with a 95% interval.

Intervals are percentile bootstraps over **distinct profiles** (a cluster bootstrap): a profile is one set of the
estimator's inputs (:data:`PROFILE_COLUMNS`), and every record with the same inputs gets the same range and median,
often at one posted salary, so records of one profile are not independent answers. Resampling records (or a Wilson
interval over records) would treat 15,000 records of a hundred profiles as 15,000 independent trials and give far too
narrow an interval; resampling profiles keeps their dependence. The gain's bootstrap is paired: model and naive are
scored on the same resampled profiles. A coverage over fewer than ``study.ESTIMATE_MIN_PROFILES`` profiles is not
stated (NaN, beside its count). Each bootstrap's random stream follows from a digest of its data and its name, so the
same statistic gives the same interval wherever it is computed.
"""

from __future__ import annotations

import hashlib
import math
from functools import cache

import numpy as np
import pandas as pd

from helpers import binning, schema, study
from helpers.analysis import estimator as est
from helpers.analysis import estimator_rule
from helpers.analysis.estimator_rule import PROFILE_COLUMNS

#: The row of :func:`held_out` and :func:`gains` over every region.
ALL = "all"
#: Groups of records in :func:`held_out`: every record with the calibrated range; answered under the rule; by status.
EVERY, ANSWERED, OK, THIN = "every record", "answered", "ok", "thin"
_CHUNK = 100


def profile_ids(s: pd.DataFrame) -> np.ndarray:
    """A code per row of ``s``: rows with the same :data:`PROFILE_COLUMNS` share it (0 .. profiles - 1)."""
    return s.groupby(list(PROFILE_COLUMNS), observed=True, sort=True).ngroup().to_numpy()


def rng_for(name: str, *arrays: np.ndarray) -> np.random.Generator:
    """A random stream that follows from ``name`` and the bytes of ``arrays`` (the statistic and its data)."""
    h = hashlib.sha256(name.encode())
    for a in arrays:
        h.update(np.ascontiguousarray(np.asarray(a, dtype="float64")).tobytes())
    return np.random.default_rng(int.from_bytes(h.digest()[:8], "little"))


def _draws(rng: np.random.Generator, k: int, n_boot: int) -> np.ndarray:
    """``n_boot`` x ``k`` multiplicities: each row a resample of ``k`` profiles with replacement."""
    return rng.multinomial(k, np.full(k, 1.0 / k), size=n_boot)


def _ci(reps: np.ndarray) -> tuple[float, float]:
    a = (1 - study.CI_LEVEL) / 2
    lo, hi = np.quantile(reps, [a, 1 - a])
    return float(lo), float(hi)


def scores(s: pd.DataFrame) -> np.ndarray:
    """Each row's conformity score: log distance outside its ``low``-``high`` range (negative inside)."""
    y = s["y"].to_numpy()
    return np.maximum(np.log(s["low"].to_numpy() / y), np.log(y / s["high"].to_numpy()))


def conformal_margin(s: pd.DataFrame, level: float = study.ESTIMATE_LEVEL) -> dict[str, float]:
    """The split-conformal margin on a scored fold whose ``low``-``high`` are the model's raw range (scored with
    ``margin=0``). Returns ``margin`` (the ``level`` quantile of :func:`scores` over records, at the corrected level
    ``ceil((n + 1) level) / n``), ``rounded`` (rounded up to 0.001, as ``study.ESTIMATE_MARGIN`` states it),
    ``raw_coverage`` and ``calibrated_coverage`` (with ``rounded``) on the fold, ``n`` records and ``profiles``."""
    w = s["n"].to_numpy(dtype="float64")
    n = float(w.sum())
    q = min(1.0, math.ceil((n + 1) * level) / n)
    margin = float(binning.weighted_quantile(scores(s), w, q)[0])
    rounded = math.ceil(round(margin * 1000, 6)) / 1000
    e = scores(s)
    return {"margin": margin, "rounded": rounded, "raw_coverage": float(np.sum(w * (e <= 0)) / n),
            "calibrated_coverage": float(np.sum(w * (e <= rounded)) / n), "n": int(n),
            "profiles": int(profile_ids(s).max() + 1)}


def coverage(s: pd.DataFrame, low: np.ndarray, high: np.ndarray, name: str,
             n_boot: int = study.N_BOOT) -> dict[str, float]:
    """Share of ``s``'s records (weights ``n``) whose ``y`` lies in ``low``-``high``, with a 95% cluster-bootstrap
    interval over distinct profiles. ``coverage``, ``lo``, ``hi`` are NaN under ``study.ESTIMATE_MIN_PROFILES``
    profiles; ``records`` and ``profiles`` are always given."""
    out = {"records": int(s["n"].sum()), "profiles": 0, "coverage": np.nan, "lo": np.nan, "hi": np.nan}
    if s.empty:
        return out
    ids = profile_ids(s)
    k = int(ids.max() + 1)
    y, w = s["y"].to_numpy(), s["n"].to_numpy(dtype="float64")
    inside = (np.asarray(low) <= y) & (y <= np.asarray(high))
    a, b = np.bincount(ids, w * inside, k), np.bincount(ids, w, k)
    out["profiles"] = k
    if k < study.ESTIMATE_MIN_PROFILES:
        return out
    draws = _draws(rng_for("estimator coverage " + name, y, w, inside), k, n_boot)
    out["coverage"] = float(a.sum() / b.sum())
    out["lo"], out["hi"] = _ci(draws @ a / (draws @ b))
    return out


def _regions(s: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    return [(ALL, s)] + [(r, s[(s["region"] == r).to_numpy()]) for r in schema.REGIONS]


def held_out(s: pd.DataFrame, factor: float = study.ESTIMATE_WIDEN, n_boot: int = study.N_BOOT) -> pd.DataFrame:
    """Coverage on a scored test year (:func:`helpers.analysis.estimator_rule.scored`, calibrated ranges) with 95%
    intervals: every record with the calibrated range, per region; the records answered under the thin-profile rule
    (thin ranges widened ``factor`` times), per region; and the ok and thin answers. Index (``group``, ``region``:
    :data:`ALL` or a region); columns ``records``, ``profiles``, ``coverage``, ``lo``, ``hi``."""
    lo, hi = est.widen(s["median"], s["low"], s["high"], factor)
    thin = (s["status"] == est.THIN).to_numpy()
    s = s.assign(rule_low=np.where(thin, lo, s["low"]), rule_high=np.where(thin, hi, s["high"]))
    kept = s[(s["status"] != est.DECLINED).to_numpy()]
    rows = {}
    for region, g in _regions(s):
        rows[(EVERY, region)] = coverage(g, g["low"].to_numpy(), g["high"].to_numpy(), f"{EVERY} {region}", n_boot)
    for region, g in _regions(kept):
        rows[(ANSWERED, region)] = coverage(g, g["rule_low"].to_numpy(), g["rule_high"].to_numpy(), f"{ANSWERED} {region}", n_boot)
    for status, group in ((est.OK, OK), (est.THIN, THIN)):
        g = s[(s["status"] == status).to_numpy()]
        rows[(group, ALL)] = coverage(g, g["rule_low"].to_numpy(), g["rule_high"].to_numpy(), f"{group} {ALL}", n_boot)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index = pd.MultiIndex.from_tuples(out.index, names=["group", "region"])
    return out


def _median_errors(err: np.ndarray, w: np.ndarray, ids: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """The weighted (inverted-CDF) median of ``err`` under each row of ``draws`` (profile multiplicities)."""
    order = np.argsort(err, kind="stable")
    e, wo, io = err[order], w[order], ids[order]
    out = []
    for start in range(0, len(draws), _CHUNK):
        cum = np.cumsum(draws[start:start + _CHUNK][:, io] * wo, axis=1)
        out.append(e[np.argmax(cum >= 0.5 * cum[:, -1:], axis=1)])
    return np.concatenate(out)


def gain(s: pd.DataFrame, name: str, n_boot: int = study.N_BOOT) -> dict[str, float]:
    """Median % error of the naive answer (``base_median``) and of the model's (``median``) on ``s``'s records, and
    the gain (naive minus model, percentage points; positive: the model is better) with a 95% paired cluster-bootstrap
    interval over distinct profiles."""
    ids = profile_ids(s)
    k = int(ids.max() + 1)
    y, w = s["y"].to_numpy(), s["n"].to_numpy(dtype="float64")
    errs = {m: np.abs(np.log(y / s[col].to_numpy())) for m, col in (("model", "median"), ("naive", "base_median"))}
    pct = {m: float(np.expm1(binning.weighted_quantile(e, w, 0.5)[0]) * 100) for m, e in errs.items()}
    draws = _draws(rng_for("estimator gain " + name, y, w, errs["model"], errs["naive"]), k, n_boot)
    reps = {m: np.expm1(_median_errors(e, w, ids, draws)) * 100 for m, e in errs.items()}
    lo, hi = _ci(reps["naive"] - reps["model"])
    return {"records": int(w.sum()), "profiles": k, "error_model": pct["model"], "error_naive": pct["naive"],
            "gain": pct["naive"] - pct["model"], "lo": lo, "hi": hi}


def gains(s: pd.DataFrame, n_boot: int = study.N_BOOT) -> pd.DataFrame:
    """:func:`gain` on every record of a scored test year and per region (index ``region``: :data:`ALL` first)."""
    out = pd.DataFrame.from_dict({r: gain(g, r, n_boot) for r, g in _regions(s)}, orient="index")
    out.index.name = "region"
    return out


@cache
def measured() -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`held_out` and :func:`gains` of the curated data's test fold (the estimator fitted up to
    ``study.TRAIN_MAX_YEAR``, scored on ``study.TEST_YEAR``), computed once per process."""
    from helpers import data

    s = estimator_rule.scored(data.salary_bins(), study.TRAIN_MAX_YEAR, study.TEST_YEAR)
    return held_out(s), gains(s)
