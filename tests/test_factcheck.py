"""Fact-check rules, each source's check, the combination rule and the lines of evidence per claim, recomputed
independently from the curated tables or on small synthetic inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import binning, data, study
from helpers.analysis import factcheck, factcheck_grades, factcheck_sources, sensitivity, sources
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


def test_bootstrap_mean_is_exact_and_deterministic(bins):
    sub = factcheck.us_ml(bins, YEAR)
    a, b = stats.bootstrap_mean(sub, n_boot=300), stats.bootstrap_mean(sub.iloc[::-1], n_boot=300)
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


def test_sentence_states_claim_evidence_and_verdict(bins, wages, claims):
    annual = factcheck.check_us_ml_avg_annual(_claim(claims, "us_ml_avg_annual"), bins, YEAR)
    text = annual.sentence()
    assert annual.claim_id in text and annual.verdict in text and annual.reason in text
    assert f"{annual.estimate:,.0f}" in text and f"n = {annual.n:,}" in text
    untestable = factcheck.check_us_market_avg(2900, wages.iloc[:0])
    assert "cannot be tested" in untestable.sentence() and "Evidence" not in untestable.sentence()


# ------------------------------------------------------------------ the combination rule

def _line(verdict: str, estimate: float | None = 100.0, name: str = "s") -> factcheck.Line:
    return factcheck.Line(name, "what", estimate, None, None, None, verdict, "why")


@pytest.mark.parametrize("verdicts, expected", [
    (["supported", "supported"], "supported"),
    (["partly supported", "partly supported"], "partly supported"),
    (["not supported", "not supported", "cannot be tested"], "not supported"),  # an untested line is left out
    (["supported", "partly supported"], "mixed"),
    (["supported", "not supported"], "mixed"),
    (["cannot be tested"], "cannot be tested"),
    ([], "cannot be tested"),
])
def test_combination_rule(verdicts, expected):
    assert factcheck.combine([_line(v) for v in verdicts]) == expected
    assert expected in factcheck.COMBINED_VERDICTS


def test_range_by_verdict_table_and_summary():
    lines = (_line("supported", 120, "a"), _line("partly supported", 90, "b"), _line("cannot be tested", 500, "c"),
             _line("supported", 110, "d"))
    assert factcheck.evidence_range(lines) == (90, 120)  # the untested line's estimate is not evidence
    assert factcheck.evidence_range([_line("cannot be tested", None)]) == (None, None)
    v = factcheck.Verdict("x", "a quantity", "a quote", 100.0, "USD", lines, factcheck.combine(lines), 90, 120)
    assert v.verdict == "mixed" and [ln.name for ln in v.tested] == ["a", "b", "d"]
    assert v.by_verdict() == {"supported": ["a", "d"], "partly supported": ["b"]}
    t = v.table()
    assert list(t["source"]) == ["a", "b", "c", "d"] and t["n"].isna().all()
    s = factcheck.summary([v])
    assert s.loc[0, "n_supported"] == 2 and s.loc[0, "n_partly_supported"] == 1 and s.loc[0, "tested"] == 3
    assert list(s["verdict"].cat.categories) == list(factcheck.COMBINED_VERDICTS)
    rows = factcheck.value_lines([v], ("x",))
    assert len(rows) == 3 and rows["group"].iloc[0] == "100 USD: mixed"
    assert factcheck.value_lines([v], ("other",)).empty


def test_the_rule_is_stated_with_the_tolerances():
    assert f"±{factcheck.TOLERANCE:.0%}" in factcheck.COMBINATION_RULE and "mixed" in factcheck.COMBINATION_RULE


# ------------------------------------------------------------------ a grade's years (factcheck_grades), synthetic

def _bands(**rows: tuple[int, float, float, float]) -> pd.DataFrame:
    """Bands of years: name -> (n, median, lo, hi); the names are the schema's bands ("0", "1-3", ...)."""
    return pd.DataFrame([{"band": b, "n": n, "value": v, "lo": lo, "hi": hi, "small_sample": n < study.SMALL_SAMPLE_N}
                         for b, (n, v, lo, hi) in rows.items()])


def _level(n: int, value: float, lo: float, hi: float) -> pd.Series:
    return pd.Series({"n": n, "value": value, "lo": lo, "hi": hi, "small_sample": n < study.SMALL_SAMPLE_N})


def test_claimed_bands_come_from_the_article_grades():
    assert factcheck_grades.claimed_bands("Junior") == ("0",)
    assert factcheck_grades.claimed_bands("Middle") == ("1-3",)
    assert factcheck_grades.band_label("0") == "under 1 year" and factcheck_grades.band_label("1-3") == "1–3 years"


@pytest.mark.parametrize("level, bands, expected, why", [
    # matches its claimed band (intervals overlap)
    ((200, 60, 55, 66), {"0": (50, 62, 58, 70), "1-3": (80, 90, 85, 95)}, "supported", "matches under 1 year"),
    # the claimed band has enough answers and lies apart
    ((200, 90, 86, 94), {"0": (50, 62, 58, 70), "1-3": (80, 90, 85, 95)}, "not supported", "matches 1–3 years, not"),
    ((200, 75, 73, 77), {"0": (50, 62, 58, 70), "1-3": (80, 90, 85, 95)}, "not supported", "between under 1 year and"),
    # the claimed band is thin but another band matches
    ((200, 90, 86, 94), {"0": (3, 62, 58, 70), "1-3": (80, 90, 85, 95)}, "not supported", "too few answers"),
    # the claimed band is thin and nothing matches: no conclusion
    ((200, 200, 190, 210), {"0": (3, 62, 58, 70), "1-3": (80, 90, 85, 95)}, "cannot be tested", "no band matches"),
    # too few records at the level
    ((12, 60, 55, 66), {"0": (50, 62, 58, 70)}, "cannot be tested", "only 12 aijobs Junior records"),
])
def test_years_rule(level, bands, expected, why):
    line = factcheck_grades.years_line("Junior", _level(*level), _bands(**bands), "ML roles", "Europe")
    assert line.verdict == expected and why in line.reason, line.reason
    assert line.name == "ML roles in Europe"


def test_years_line_without_records_cannot_be_tested():
    line = factcheck_grades.years_line("Middle", None, _bands(**{"1-3": (80, 90, 85, 95)}), "all roles", "United States")
    assert line.verdict == "cannot be tested" and line.n == 0 and line.name == "all roles in the US"


# ------------------------------------------------------------------ lines of evidence (factcheck_sources)

def _sens(source: str, rows: dict[str, tuple[float, float, float, int, int]]) -> pd.DataFrame:
    base = sensitivity.VARIANTS[0].name
    return pd.DataFrame([{"source": source, "variant": base, "measure": m, "ratio": r, "lo": lo, "hi": hi, "n_a": a,
                          "n_b": b, "small_sample": min(a, b) < study.SMALL_SAMPLE_N}
                         for m, (r, lo, hi, a, b) in rows.items()])


@pytest.mark.parametrize("grades, expected", [
    ({"Middle": (1.8, 1.6, 2.0, 600, 60), "Senior": (1.6, 1.4, 1.7, 900, 90)}, "supported"),
    ({"Middle": (1.8, 1.6, 2.0, 600, 60), "Senior": (1.1, 0.9, 1.3, 900, 90)}, "partly supported"),
    ({"Middle": (0.9, 0.7, 1.1, 600, 60)}, "not supported"),
    ({"Junior": (2.4, 1.5, 3.4, 100, 20)}, "cannot be tested"),  # only a thin grade
])
def test_direction_line(grades, expected):
    sens = _sens("S", {**grades, sources.ALL_GRADES: (1.7, 1.5, 1.9, 1000, 170)})
    line = factcheck_sources.direction_line("S", sens)
    assert line.verdict == expected
    assert line.n == 1170 and (line.estimate == 1.7 if expected != "cannot be tested" else line.estimate is None)


def test_wrong_arithmetic_and_unknown_claims(curated_dir):
    claim = pd.Series({"claim_id": "us_ml_avg_monthly", "quantity": "q", "quote": "", "value": 13_000.0, "unit": "USD"})
    v = factcheck_sources.us_ml_monthly(claim, 150_000.0, None)  # the arithmetic is checked before any data is read
    assert v.verdict == "not supported" and "150,000 / 12 = 12,500, not 13,000" in v.lines[0].reason
    unknown = pd.DataFrame([{"claim_id": "made_up", "quantity": "q", "quote": "", "value": np.nan, "unit": "x"}])
    out = factcheck_sources.check_all(unknown, None, (1.0, 2.0, 1))
    assert out[0].verdict == "cannot be tested" and not out[0].lines
