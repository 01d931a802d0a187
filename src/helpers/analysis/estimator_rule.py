"""The measurements behind the estimator's thin-profile rule: held-out accuracy by similar records, and the widening.

A held-out test row's similar records are counted in the *training* years only (what the estimator would have
known when it answered), with :func:`helpers.analysis.estimator.similar_counts`. Pay is compared in constant
base-year USD (:func:`helpers.analysis.estimator.unit`), as the estimator fits it. Ranges are the calibrated ones
(``study.ESTIMATE_MARGIN``) unless :func:`scored` is told otherwise. A coverage measured on fewer than
``study.ESTIMATE_MIN_PROFILES`` distinct profiles is left out (NaN) beside its count of profiles
(:data:`PROFILE_COLUMNS`). Three measurements:

- :func:`by_n`: coverage of the 80% range and median error, model and naive baseline, per bucket of similar records
  (``study.ESTIMATE_N_EDGES``), on one forward fold. Where the error grows is where ``study.ESTIMATE_MIN_N`` sits.
- :func:`calibrate`: the widening factor for thin answers, measured on the calibration fold (fit up to
  ``study.CALIBRATION_TRAIN_MAX_YEAR``, score on ``study.TRAIN_MAX_YEAR``), never on the test year: the smallest
  factor, in steps of ``STEP``, giving thin answers at least the coverage of the well-sampled ("ok") answers.
- :func:`rule_effect`: the rule applied to the held-out test year: how many records each status holds, and the
  coverage and error before and after widening (declined records are counted, not scored as answers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import binning, study
from helpers.analysis import estimator as est

#: The estimator's inputs that tell one held-out profile from another (the work year is the test year's, one value).
PROFILE_COLUMNS: tuple[str, ...] = ("grade", "role_family", "company_location", "company_size", "remote_ratio",
                                    "employment_type")
#: The widening factors tried by :func:`calibrate`.
STEP, MAX_FACTOR = 0.05, 3.0


def bucket_labels(edges: tuple[int, ...] = study.ESTIMATE_N_EDGES) -> list[str]:
    """``(0, 1, 5, 10)`` -> ``["0", "1–4", "5–9", "10+"]``."""
    out = []
    for lo, hi in zip(edges, [*edges[1:], None], strict=True):
        out.append(f"{lo}+" if hi is None else str(lo) if hi == lo + 1 else f"{lo}–{hi - 1}")
    return out


def scored(bins: pd.DataFrame, train_max_year: int, test_year: int, model: est.SalaryModel | None = None,
           baseline: est.Baseline | None = None, margin: float = study.ESTIMATE_MARGIN) -> pd.DataFrame:
    """The test year's rows (``n > 0``) with what each method said and the truth: ``y`` (the row's mean salary in
    constant base-year USD, the predictions' unit: :func:`helpers.analysis.estimator.truth`),
    ``n`` (its records), ``n_similar`` (counted in the training years), the model's ``median``, ``low``, ``high``,
    the baseline's ``base_median``, ``base_low``, ``base_high``, the rule's ``status`` and the profile columns
    (:data:`PROFILE_COLUMNS`). The model's range is moved out by ``margin`` on the
    log scale (0: its raw 10th-90th percentiles)."""
    bins = est.collapse(bins)
    train = bins[bins["work_year"] <= train_max_year]
    test = bins[(bins["work_year"] == test_year) & (bins["n"] > 0)]
    model = model or est.fit_kept(bins, train_max_year)  # the same fit, kept between processes
    baseline = baseline or est.fit_baseline(bins, train_max_year)
    if model.train_years[1] >= test_year:
        raise ValueError(f"the model was fitted on work years up to {model.train_years[1]}: not a held-out test of {test_year}")
    out = test[["grade", "region", "company_location", "role_family", "company_size", "remote_ratio", "employment_type"]].copy()
    out["y"], out["n"] = est.truth(test), test["n"].to_numpy()
    out["n_similar"] = est.similar_counts(train, test)
    out = pd.concat([out, model.predict(test, margin), baseline.predict(test).add_prefix("base_")], axis=1)
    out["status"] = [est.status_of(int(k)) for k in out["n_similar"]]
    return out


def _profiles(s: pd.DataFrame) -> int:
    return int(s.groupby(list(PROFILE_COLUMNS), observed=True, sort=False).ngroups) if len(s) else 0


def _stated(s: pd.DataFrame, low: pd.Series | np.ndarray, high: pd.Series | np.ndarray) -> float:
    """:func:`_coverage`, or NaN when ``s`` holds fewer than ``study.ESTIMATE_MIN_PROFILES`` distinct profiles."""
    return _coverage(s, low, high) if _profiles(s) >= study.ESTIMATE_MIN_PROFILES else float("nan")


def _coverage(s: pd.DataFrame, low: pd.Series | np.ndarray, high: pd.Series | np.ndarray) -> float:
    inside = (np.asarray(low) <= s["y"].to_numpy()) & (s["y"].to_numpy() <= np.asarray(high))
    return float(np.sum(s["n"].to_numpy() * inside) / s["n"].sum())


def _error_pct(s: pd.DataFrame, median: str) -> float:
    err = np.abs(np.log(s["y"].to_numpy() / s[median].to_numpy()))
    return float(np.expm1(binning.weighted_quantile(err, s["n"].to_numpy(), 0.5)[0]) * 100)


def _widened(s: pd.DataFrame, factor: float) -> tuple[np.ndarray, np.ndarray]:
    return est.widen(s["median"], s["low"], s["high"], factor)


def by_n(s: pd.DataFrame, edges: tuple[int, ...] = study.ESTIMATE_N_EDGES) -> pd.DataFrame:
    """Per bucket of similar records (a :func:`scored` table): test records, distinct profiles, coverage of the
    model's range (NaN under ``study.ESTIMATE_MIN_PROFILES`` profiles), median % error of the model's and of the naive
    median."""
    cut = pd.cut(s["n_similar"], [*edges, np.inf], right=False, labels=bucket_labels(edges))
    rows = []
    for label, g in s.groupby(cut, observed=True, sort=True):
        rows.append({"similar_records": str(label), "n_test": int(g["n"].sum()), "profiles": _profiles(g),
                     "coverage_model": _stated(g, g["low"], g["high"]),
                     "error_pct_model": _error_pct(g, "median"), "error_pct_baseline": _error_pct(g, "base_median")})
    return pd.DataFrame(rows)


def calibrate(s: pd.DataFrame) -> dict[str, float]:
    """The widening factor on a :func:`scored` calibration fold: the smallest factor (steps of ``STEP``) at which the
    thin rows' coverage reaches the ok rows'. Returns ``factor``, ``target`` (ok coverage), ``thin_before``,
    ``thin_after``, the records behind them, ``n_ok`` and ``n_thin``, and their distinct profiles, ``profiles_ok`` and
    ``profiles_thin``."""
    ok, thin = s[s["status"] == est.OK], s[s["status"] == est.THIN]
    if ok.empty or thin.empty:
        raise ValueError("the calibration fold needs both ok and thin rows")
    target = _coverage(ok, ok["low"], ok["high"])
    factors = np.round(np.arange(1.0, MAX_FACTOR + STEP / 2, STEP), 2)
    factor = next((float(f) for f in factors if _coverage(thin, *_widened(thin, f)) >= target), float(factors[-1]))
    return {"factor": factor, "target": target, "thin_before": _coverage(thin, thin["low"], thin["high"]),
            "thin_after": _coverage(thin, *_widened(thin, factor)), "n_ok": int(ok["n"].sum()), "n_thin": int(thin["n"].sum()),
            "profiles_ok": _profiles(ok), "profiles_thin": _profiles(thin)}


def rule_effect(s: pd.DataFrame, factor: float = study.ESTIMATE_WIDEN) -> pd.DataFrame:
    """The rule on a :func:`scored` test year, one row per group of records: every record with the model's range (as
    before the rule), each status, thin widened, and every answered (ok or thin) record under the rule. Columns:
    ``group``, ``n_test``, ``share_pct`` (of the test year's records), ``profiles`` (distinct), ``coverage`` (NaN
    under ``study.ESTIMATE_MIN_PROFILES`` profiles), ``error_pct``."""
    lo, hi = _widened(s, factor)
    thin = (s["status"] == est.THIN).to_numpy()
    s = s.assign(rule_low=np.where(thin, lo, s["low"]), rule_high=np.where(thin, hi, s["high"]))
    total = s["n"].sum()
    groups = [("every record, the model's range (no rule)", s, "low", "high"),
              (f"ok: {study.ESTIMATE_THIN_N}+ similar records", s[s["status"] == est.OK], "low", "high"),
              (f"thin: {study.ESTIMATE_MIN_N}–{study.ESTIMATE_THIN_N - 1}, the model's range", s[thin], "low", "high"),
              (f"thin: {study.ESTIMATE_MIN_N}–{study.ESTIMATE_THIN_N - 1}, widened ×{factor:.2f}", s[thin], "rule_low", "rule_high"),
              (f"declined: under {study.ESTIMATE_MIN_N} (no answer given)", s[s["status"] == est.DECLINED], "low", "high"),
              ("answered under the rule (ok and widened thin)", s[s["status"] != est.DECLINED], "rule_low", "rule_high")]
    rows = []
    for name, g, low, high in groups:
        rows.append({"group": name, "n_test": int(g["n"].sum()), "share_pct": float(g["n"].sum() / total * 100),
                     "profiles": _profiles(g), "coverage": _stated(g, g[low], g[high]) if len(g) else np.nan,
                     "error_pct": _error_pct(g, "median") if len(g) else np.nan})
    return pd.DataFrame(rows)


def coverage_by(s: pd.DataFrame, by: str, factor: float = study.ESTIMATE_WIDEN) -> pd.DataFrame:
    """Per value of ``by`` (grade, region) on a :func:`scored` test year: test records, the share declined, the
    model's coverage on every record (no rule) and on the records answered under the rule (thin widened), each NaN
    under ``study.ESTIMATE_MIN_PROFILES`` distinct profiles (``profiles``, ``profiles_answered``)."""
    lo, hi = _widened(s, factor)
    thin = (s["status"] == est.THIN).to_numpy()
    s = s.assign(rule_low=np.where(thin, lo, s["low"]), rule_high=np.where(thin, hi, s["high"]))
    rows = []
    for key, g in s.groupby(by, observed=True, sort=True):
        kept = g[g["status"] != est.DECLINED]
        rows.append({by: key, "n_test": int(g["n"].sum()), "declined_pct": float(100 - kept["n"].sum() / g["n"].sum() * 100),
                     "profiles": _profiles(g), "coverage_model": _stated(g, g["low"], g["high"]),
                     "profiles_answered": _profiles(kept),
                     "coverage_rule": _stated(kept, kept["rule_low"], kept["rule_high"]) if len(kept) else np.nan})
    return pd.DataFrame(rows)
