"""The conclusions notebooks/09_explorer.ipynb states, re-derived independently: medians with numpy (inverted CDF) on
the records expanded from the curated bins, counts straight from the bins, the estimator refitted here; and each
stated number checked against the notebook's stored outputs."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import data, paths, schema, study
from helpers.analysis import estimator
from tests import raw_sources
from tests.notebook_text import stored_text

NOTEBOOK = paths.NOTEBOOKS / "09_explorer.ipynb"
WIDE = list(study.WIDE_ML_FAMILIES)


def _median(rows: pd.DataFrame) -> float:
    agg = rows.groupby("bin")[["n", "sum_usd"]].sum()
    agg = agg[agg["n"] > 0]
    return float(np.quantile(np.repeat((agg["sum_usd"] / agg["n"]).to_numpy(), agg["n"].to_numpy()), 0.5, method="inverted_cdf"))


@pytest.fixture(scope="module")
def stored() -> str:
    """The text of every stored output (streams, text/*, figure alt text)."""
    return stored_text(NOTEBOOK)


@pytest.fixture(scope="module")
def senior(curated_dir: Path) -> pd.DataFrame:
    b = data.salary_bins(curated_dir)
    return b[b.work_year.isin(study.POOLED_YEARS) & (b.role_family == study.ML_FAMILY) & (b.grade == "Senior")]


def test_the_answers_cover_every_place_with_records(curated_dir: Path, stored: str) -> None:
    b = data.salary_bins(curated_dir)
    pooled = b[b.work_year.isin(study.POOLED_YEARS) & b.role_family.isin(WIDE) & (b.n > 0)]
    countries = set(pooled.company_location.astype(str))
    assert f"The answers cover {len(countries) + 2:,} places (the US, {len(countries) - 1} other countries and the regions)" in stored
    nominal = 0
    for fam in ([study.ML_FAMILY], WIDE):
        rows = pooled[pooled.role_family.isin(fam)]
        nominal += rows.groupby(["grade", "company_location"], observed=True).n.sum().gt(0).sum()
        nominal += rows[rows.region != study.COMPARED_REGIONS[0]].groupby(["grade", "region"], observed=True).n.sum().gt(0).sum()
    stated = int(re.search(r"([\d,]+) medians with data", stored).group(1).replace(",", ""))
    # every nominal cell with records, plus the PPP cells (US and European places: the reference table covers only them)
    assert nominal < stated < 2 * nominal
    assert f"{len(schema.GRADES)} grades × 2 role families × 2 money units" in stored
    grid_countries = b.loc[b.n > 0, "company_location"].nunique()
    assert f"{len(schema.GRADES)} grades × {grid_countries} company countries × {len(schema.ROLE_FAMILIES)} role families" in stored


def test_every_place_with_enough_records_is_below_the_us(senior: pd.DataFrame, stored: str) -> None:
    us = _median(senior[senior.company_location == study.REFERENCE_COUNTRY])
    groups = [senior[senior.region == r] for r in ("Europe", "Other")]
    groups += [g for c, g in senior.groupby("company_location", observed=True)
               if c != study.REFERENCE_COUNTRY and g.n.sum() >= study.SMALL_SAMPLE_N]
    groups = [g for g in groups if g.n.sum() >= study.SMALL_SAMPLE_N]
    ratios = [us / _median(g) for g in groups]
    assert len(ratios) >= 3 and all(r > 1 for r in ratios)
    m = re.search(rf"every place with {study.SMALL_SAMPLE_N}\+ records is clearly below the US median \(the US median "
                  r"is from ×([\d.]+) \[([\d.]+)–([\d.]+)\] \([^)]+\) to ×([\d.]+) \[([\d.]+)–([\d.]+)\] \([^)]+\) theirs\)", stored)
    assert m, "the title gives the ratio's two ends, each with its interval"
    assert float(m[1]) == pytest.approx(min(ratios), abs=0.006) and float(m[4]) == pytest.approx(max(ratios), abs=0.006)
    assert float(m[2]) > 1 and float(m[5]) > 1  # "clearly below": even the lowest end's interval is above ×1


def test_the_default_selection_is_europe_senior(senior: pd.DataFrame, stored: str) -> None:
    eu, us = senior[senior.region == "Europe"], senior[senior.company_location == study.REFERENCE_COUNTRY]
    m_eu, m_us = _median(eu), _median(us)
    assert f"median ${m_eu:,.0f} (95% interval" in stored and f"n = {eu.n.sum():,}" in stored
    assert f"United States (reference): ${m_us:,.0f}, n = {us.n.sum():,}; the US median is ×{m_us / m_eu:.2f} this one" in stored
    assert m_us / m_eu > 1.5  # notebook 02's Senior gap, the same number
    assert (f"Senior ML engineers at companies in Europe earn a median of ${m_eu:,.0f} a year" in stored
            and f"at US companies ${m_us:,.0f} (n = {us.n.sum():,}): the US median is ×{m_us / m_eu:.2f} theirs" in stored)
    assert eu.n.sum() >= study.SMALL_SAMPLE_N and us.n.sum() >= study.SMALL_SAMPLE_N  # the Answer box rests on 30+


@pytest.fixture(scope="module")
def bins(curated_dir: Path) -> pd.DataFrame:
    return data.salary_bins(curated_dir)


@pytest.fixture(scope="module")
def refitted(bins: pd.DataFrame) -> dict[int | None, estimator.SalaryModel]:
    """The estimator refitted here on the curated bins, once per module: on every work year (None) and on the training
    years only (the held-out fit); fitting is deterministic (tests/test_estimator.py), so each test sees the same model
    a fit of its own would give."""
    return {None: estimator.fit(bins), study.TRAIN_MAX_YEAR: estimator.fit(bins, study.TRAIN_MAX_YEAR)}


def _held_out(b: pd.DataFrame, status: str, held_out: estimator.SalaryModel) -> tuple[float, int, int]:
    """Coverage on the test year of the ranges given to answers of one status ("ok", "thin" widened, or "answered":
    both), with the records and distinct profiles behind it; the similar records counted in the training years with
    pandas, the calibration margin and the widening applied here to the model's raw percentiles."""
    train, test = b[b.work_year <= study.TRAIN_MAX_YEAR], b[(b.work_year == study.TEST_YEAR) & (b.n > 0)]
    keys = ["grade", "role_family", "company_location"]
    counts = train.groupby(keys, observed=True).n.sum()
    n = np.array([counts.get(k, 0) for k in test[keys].itertuples(index=False, name=None)])
    thin = (n >= study.ESTIMATE_MIN_N) & (n < study.ESTIMATE_THIN_N)
    keep = {"ok": n >= study.ESTIMATE_THIN_N, "thin": thin, "answered": n >= study.ESTIMATE_MIN_N}[status]
    raw = held_out.predict(test, margin=0.0)
    m, f = study.ESTIMATE_MARGIN, np.where(thin, study.ESTIMATE_WIDEN, 1.0)
    low = raw["median"] * (raw["low"] * np.exp(-m) / raw["median"]) ** f
    high = raw["median"] * (raw["high"] * np.exp(m) / raw["median"]) ** f
    y, w = raw_sources.real_usd(test), test.n
    profiles = test[keep].groupby(["grade", "role_family", "company_location", "company_size", "remote_ratio",
                                   "employment_type"], observed=True).ngroups
    return float(np.average(((low <= y) & (y <= high))[keep], weights=w[keep])), int(w[keep].sum()), profiles


def _similar(b: pd.DataFrame, grade: str, code: str) -> int:
    return int(b[(b.grade == grade) & (b.role_family == study.ML_FAMILY) & (b.company_location == code)].n.sum())


def test_the_profile_is_the_estimators_answer_with_its_measured_coverage(bins: pd.DataFrame, refitted, stored: str) -> None:
    b = bins
    model = refitted[None]
    profile = pd.DataFrame([{**estimator.DEFAULTS, "grade": "Senior", "company_location": study.REFERENCE_COUNTRY,
                             "region": study.COMPARED_REGIONS[0]}])
    p = model.predict(profile).iloc[0]
    assert f"expected median ${p['median']:,.0f}, 80% range ${p['low']:,.0f}–${p['high']:,.0f}" in stored
    similar = _similar(b, "Senior", study.REFERENCE_COUNTRY)
    assert similar >= study.ESTIMATE_THIN_N and f"n = {similar:,} similar records" in stored
    given, records, profiles = _held_out(b, "answered", refitted[study.TRAIN_MAX_YEAR])
    assert profiles >= study.ESTIMATE_MIN_PROFILES and abs(given - study.ESTIMATE_LEVEL) <= 0.03  # it means what it says
    assert (f"measured coverage on held-out {study.TEST_YEAR} of the ranges given (ok and thin answers): {given:.1%} "
            f"(95% interval") in stored and f"{records:,} records, {profiles} profiles)" in stored
    ok, _, ok_profiles = _held_out(b, "ok", refitted[study.TRAIN_MAX_YEAR])
    assert ok_profiles >= study.ESTIMATE_MIN_PROFILES
    assert f"answers with {study.ESTIMATE_THIN_N}+ similar records: {ok:.1%} (95% interval" in stored
    # the Answer box: the same figures
    assert (f"The salary estimator expects ${p['median']:,.0f} for a Senior ML engineer at a US company (80% range "
            f"${p['low']:,.0f}–${p['high']:,.0f}") in stored and f"the ranges it gives held {given:.1%} (95% interval" in stored


def test_a_thin_profile_is_widened_and_a_declined_one_has_no_number(bins: pd.DataFrame, refitted, stored: str) -> None:
    b = bins
    de, india = _similar(b, "Senior", "DE"), _similar(b, "Senior", "IN")
    assert study.ESTIMATE_MIN_N <= de < study.ESTIMATE_THIN_N and india < study.ESTIMATE_MIN_N
    p = refitted[None].predict(pd.DataFrame([{**estimator.DEFAULTS, "grade": "Senior", "company_location": "DE",
                                                 "region": "Europe"}])).iloc[0]
    f = study.ESTIMATE_WIDEN
    low, high = p["median"] * (p["low"] / p["median"]) ** f, p["median"] * (p["high"] / p["median"]) ** f
    assert low < p["low"] and high > p["high"]
    unit = f"constant {study.PRICE_BASE_YEAR} USD (CPI-U) per year"
    assert (f"expected median ${p['median']:,.0f}, 80% range ${low:,.0f}–${high:,.0f}, widened ({unit}); "
            f"n = {de} similar records") in stored
    assert f"Thin: only {de} survey records" in stored
    _, records, profiles = _held_out(b, "thin", refitted[study.TRAIN_MAX_YEAR])
    assert profiles < study.ESTIMATE_MIN_PROFILES  # too few distinct profiles to state the thin answers' coverage
    assert (f"thin answers alone (widened ×{f:.2f}): cannot be measured reliably: {profiles} distinct profiles (fewer than "
            f"{study.ESTIMATE_MIN_PROFILES}), {records:,} records") in stored
    test = b[(b.work_year == study.TEST_YEAR) & (b.n > 0) & (b.region == "Europe")]
    raw = refitted[study.TRAIN_MAX_YEAR].predict(test, margin=0.0)
    y, m = raw_sources.real_usd(test), study.ESTIMATE_MARGIN
    europe = np.average((raw["low"] * np.exp(-m) <= y) & (y <= raw["high"] * np.exp(m)), weights=test.n)
    assert (f"every record at companies in Europe (the calibrated range, before the rule): {europe:.1%} (95% interval"
            in stored)
    block = stored[stored.index("Senior · India · ML engineering"):].split("Salary estimator")[0]
    assert "no answer: the estimator declines this profile." in block and f"only {india} survey records" in block
    assert "$" not in block  # a declined profile shows no number
