"""Fact-check rules and each claim's verdict, recomputed independently from the curated tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import binning, data, study
from helpers.analysis import factcheck
from helpers.analysis import statistics as stats

YEAR = factcheck.DEFAULT_YEAR


@pytest.fixture(scope="module")
def bins(curated_dir):
    return data.salary_bins(curated_dir)


@pytest.fixture(scope="module")
def wages(curated_dir):
    return data.reference_wages(curated_dir)


@pytest.fixture(scope="module")
def claims(curated_dir):
    return data.load("claims", curated_dir)


def _claim(claims, cid):
    return float(claims.loc[claims.claim_id == cid, "value"].iloc[0])


# ------------------------------------------------------------------ rules

@pytest.mark.parametrize("claimed, lo, hi, expected", [
    (100, 95, 120, "supported"),          # inside the interval
    (109, 99, 101, "supported"),          # outside the interval, within 10%
    (89, 99, 101, "partly supported"),    # 11% below
    (124, 99, 101, "partly supported"),   # 24% above
    (74, 99, 101, "not supported"),       # 26% below
    (140, None, None, "not supported"),
])
def test_value_verdict_rules(claimed, lo, hi, expected):
    assert factcheck.value_verdict(claimed, 100.0, lo, hi)[0] == expected


def test_value_verdict_without_estimate_cannot_be_tested():
    assert factcheck.value_verdict(100, None)[0] == "cannot be tested"
    assert factcheck.value_verdict(None, 100.0)[0] == "cannot be tested"
    assert factcheck.value_verdict(100, math.nan)[0] == "cannot be tested"


def test_bootstrap_mean_is_exact_and_seeded(bins):
    sub = factcheck.us_ml(bins, YEAR)
    a, b = stats.bootstrap_mean(sub, n_boot=300, seed=1), stats.bootstrap_mean(sub, n_boot=300, seed=1)
    assert a == b
    assert a.value == sub.sum_usd.sum() / sub.n.sum()
    assert a.lo < a.value < a.hi
    empty = stats.bootstrap_mean(sub.iloc[:0])
    assert empty.n == 0 and math.isnan(empty.value)


# ------------------------------------------------------------------ claims

def test_us_ml_annual_mean_matches_salary_summary(bins, claims, curated_dir):
    check = factcheck.check_us_ml_avg_annual(_claim(claims, "us_ml_avg_annual"), bins, YEAR)
    s = data.salary_summary(curated_dir)
    rows = s[(s.work_year == str(YEAR)) & (s.region == "United States") & s.role_family.isin(["ml_engineering", "ml_research"])
             & (s.grade.notna())]
    rows = rows.groupby("role_family")[["n"]].sum().join(
        rows.assign(total=rows.n * rows.mean_usd).groupby("role_family")[["total"]].sum())
    mean = rows.total.sum() / rows.n.sum()
    assert check.n == rows.n.sum()
    assert check.estimate == pytest.approx(mean, abs=1.0)  # summary means are rounded to whole dollars
    assert check.lo < check.estimate < check.hi


def test_us_ml_annual_verdict(bins, claims):
    claimed = _claim(claims, "us_ml_avg_annual")
    sub = factcheck.us_ml(bins, YEAR)
    mean = sub.sum_usd.sum() / sub.n.sum()
    rel = abs(claimed / mean - 1)
    expected = "supported" if rel <= 0.10 else "partly supported" if rel <= 0.25 else "not supported"
    check = factcheck.check_us_ml_avg_annual(claimed, bins, YEAR)
    assert not (check.lo <= claimed <= check.hi)
    assert check.verdict == expected == "partly supported"
    assert f"{binning.binned_quantile(sub, 0.5)[0]:,.0f}" in check.reason


def test_us_ml_monthly_is_the_annual_over_twelve(bins, claims):
    annual, monthly = _claim(claims, "us_ml_avg_annual"), _claim(claims, "us_ml_avg_monthly")
    assert annual / 12 == monthly
    check = factcheck.check_us_ml_avg_monthly(monthly, annual, bins, YEAR)
    assert check.verdict == factcheck.check_us_ml_avg_annual(annual, bins, YEAR).verdict
    assert check.estimate == pytest.approx(factcheck.us_ml(bins, YEAR).pipe(lambda d: d.sum_usd.sum() / d.n.sum() / 12))
    wrong = factcheck.check_us_ml_avg_monthly(13_000, annual, bins, YEAR)
    assert wrong.verdict == "not supported" and "12,500" in wrong.reason


def test_us_market_average_against_bls(wages, claims):
    claimed = _claim(claims, "us_market_avg")
    bls = wages[(wages.occupation_code == "00-0000") & (wages.measure == "mean_annual_wage") & (wages.geo == "US")]
    assert len(bls) >= 1
    # 2,900 a month is 34,800 a year: far below every BLS all-occupations mean annual wage
    assert (claimed * 12 < 0.75 * bls.value).all()
    check = factcheck.check_us_market_avg(claimed, wages)
    latest = bls.loc[bls.period.astype(str).idxmax(), "value"]
    assert check.estimate == pytest.approx(latest / 12)
    assert check.verdict == "not supported"


def test_us_market_average_without_bls_cannot_be_tested(wages):
    no_bls = wages[wages.occupation_code != "00-0000"]
    assert factcheck.check_us_market_avg(2900, no_bls).verdict == "cannot be tested"


def test_europe_lower_by_grade(bins):
    sub = stats.subset(bins, role_family=["ml_engineering", "ml_research"], work_year=YEAR)
    usable = []
    for grade in ["Junior", "Middle", "Senior", "Lead"]:
        eu, us = sub[(sub.region == "Europe") & (sub.grade == grade)], sub[(sub.region == "United States") & (sub.grade == grade)]
        if min(eu.n.sum(), us.n.sum()) >= study.SMALL_SAMPLE_N:
            usable.append(grade)
            assert binning.binned_quantile(eu, 0.5)[0] < binning.binned_quantile(us, 0.5)[0]
    check = factcheck.check_europe_lower(bins, YEAR)
    assert usable and check.details is not None
    assert check.details.loc[check.details.enough, "grade"].astype(str).tolist() == usable
    assert (check.details.loc[check.details.enough, "hi"] < 1).all()
    assert check.verdict == "supported"
    assert check.estimate < 1


def test_europe_lower_cannot_be_tested_without_european_records(bins):
    assert factcheck.check_europe_lower(bins[bins.region != "Europe"], YEAR).verdict == "cannot be tested"


def test_check_all_covers_every_claim_and_unknown_claims(bins, wages, claims):
    extra = pd.concat([claims, pd.DataFrame([{"claim_id": "made_up", "value": np.nan, "unit": "x"}])], ignore_index=True)
    checks = factcheck.check_all(extra, bins, wages, YEAR)
    assert [c.claim_id for c in checks] == extra.claim_id.tolist()
    assert all(c.verdict in factcheck.VERDICTS and c.reason for c in checks)
    assert checks[-1].verdict == "cannot be tested"
    table = factcheck.summary(checks)
    assert len(table) == len(extra) and list(table.verdict.cat.categories) == list(factcheck.VERDICTS)


def test_sentence_states_claim_evidence_and_verdict(bins, wages, claims):
    checks = factcheck.check_all(claims, bins, wages, YEAR)
    for c in checks:
        text = c.sentence()
        assert c.claim_id in text and c.verdict in text and c.reason in text
    annual = checks[0]
    assert f"{annual.estimate:,.0f}" in annual.sentence() and f"n = {annual.n:,}" in annual.sentence()
    untestable = factcheck.check_us_market_avg(2900, wages.iloc[:0])
    assert "cannot be tested" in untestable.sentence() and "Evidence" not in untestable.sentence()
