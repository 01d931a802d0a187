"""Fact-check rules, each source's check, the combination rule and the lines of evidence per claim, recomputed
independently from the curated tables or on small synthetic inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import binning, data, study
from helpers.analysis import factcheck, sensitivity, sources, stats

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
    assert list(t["source"]) == ["a", "b", "c", "d"] and t["n"].isna().all() and set(t["kind"]) == {"measures"}
    s = factcheck.summary([v])
    assert s.loc[0, "n_supported"] == 2 and s.loc[0, "n_partly_supported"] == 1 and s.loc[0, "tested"] == 3
    assert list(s["verdict"].cat.categories) == list(factcheck.COMBINED_VERDICTS)
    rows = factcheck.value_lines([v], ("x",))
    assert len(rows) == 3 and rows["group"].iloc[0] == "100 USD: mixed"
    assert factcheck.value_lines([v], ("other",)).empty


def _stand_in(verdict: str, estimate: float, name: str) -> factcheck.Line:
    return factcheck.Line("BLS", "an occupation", estimate, None, None, None, verdict, "why", name, factcheck.STANDS_IN)


def test_stand_in_lines_are_shown_beside_the_verdict_and_never_decide_it():
    lines = (_line("partly supported", 190, "survey A"), _line("partly supported", 195, "survey B"),
             _stand_in("supported", 150, "occupation C"), _stand_in("not supported", 100, "occupation D"))
    verdict = factcheck.combine(lines)
    assert verdict == "partly supported"  # the stand-ins disagree, but only the lines that measure the claim decide
    assert factcheck.combine(lines, factcheck.STANDS_IN) == "mixed"
    assert factcheck.evidence_range(lines) == (190, 195)
    assert factcheck.evidence_range(lines, factcheck.STANDS_IN) == (100, 150)
    v = factcheck.Verdict("x", "q", "q", 150.0, "USD", lines, verdict, 190, 195)
    assert [ln.name for ln in v.tested] == ["survey A", "survey B"]
    assert v.stand_in_verdict == "mixed" and v.stand_in_range == (100, 150)
    assert v.by_verdict(factcheck.STANDS_IN) == {"supported": ["occupation C"], "not supported": ["occupation D"]}
    row = factcheck.summary([v]).iloc[0]
    assert (row["lines"], row["tested"], row["n_partly_supported"], row["n_supported"]) == (2, 2, 2, 0)
    assert row["stand_in_verdict"] == "mixed"
    chart = factcheck.value_lines([v], ("x",))
    assert list(chart["group"]) == ["150 USD: partly supported"] * 2 + ["Standing in, not ML pay: mixed"] * 2
    # stand-ins alone never give the claim a verdict
    assert factcheck.combine(lines[2:]) == factcheck.DIRECTLY


def test_a_restated_claim_is_not_counted_again_and_indirect_lines_give_no_verdict():
    lines = (_line("partly supported", 190, "a"),)
    annual = factcheck.Verdict("annual", "q", "q", 150.0, "USD", lines, "partly supported", 190, 190)
    monthly = factcheck.Verdict("monthly", "q", "q", 12.5, "USD", lines, "partly supported", 190, 190,
                                restates="annual")
    indirect = (factcheck.Line("s", "m", 0.6, 0.5, 0.7, 50, "not consistent", "r", "pool", factcheck.INDIRECT),)
    assert factcheck.combine(indirect) == factcheck.DIRECTLY == "cannot be tested directly"
    years = factcheck.Verdict("years", "q", "q", None, "band", indirect, factcheck.combine(indirect), None, None)
    s = factcheck.summary([annual, monthly, years]).set_index("claim_id")
    assert s.loc["annual", "tested"] == 1 and pd.isna(s.loc["monthly", "tested"]) and s.loc["monthly", "restates"] == "annual"
    assert s.loc["years", "verdict"] == factcheck.DIRECTLY and s.loc["years", "indirect"] == 1 and s.loc["years", "tested"] == 0


def test_the_verdict_words_are_defined_in_one_sentence_printed_with_the_rule():
    words = factcheck.VERDICT_WORDS
    assert words.count(". ") == 0 and words.endswith(".")  # one sentence
    for verdict in factcheck.COMBINED_VERDICTS:
        assert verdict in words, verdict
    assert f"±{factcheck.TOLERANCE:.0%}" in words and f"{study.SMALL_SAMPLE_N} records" in words
    assert factcheck.COMBINATION_RULE.startswith(words)


def test_the_rule_is_stated_with_the_tolerances():
    assert f"±{factcheck.TOLERANCE:.0%}" in factcheck.COMBINATION_RULE and "mixed" in factcheck.COMBINATION_RULE


# ------------------------------------------------------------------ a grade's years, synthetic

def _rel(levels: dict[str, tuple[int, float, float, float]], bands: dict[str, tuple[int, float, float, float]]) -> pd.DataFrame:
    """One pool's and region's relative medians: name -> (n, ratio to own median, lo, hi)."""
    rows = [{"kind": "level", "group": g, "n": n, "value": v, "lo": lo, "hi": hi} for g, (n, v, lo, hi) in levels.items()]
    rows += [{"kind": "band", "group": b, "n": n, "value": v, "lo": lo, "hi": hi} for b, (n, v, lo, hi) in bands.items()]
    out = pd.DataFrame(rows)
    return out.assign(small_sample=out["n"] < study.SMALL_SAMPLE_N)


LEVELS_OK = {"Junior": (200, 0.65, 0.62, 0.68), "Middle": (400, 0.90, 0.88, 0.92), "Senior": (500, 1.1, 1.08, 1.12)}
BANDS_OK = {"0": (60, 0.45, 0.40, 0.50), "1-3": (300, 0.64, 0.61, 0.67), "4-6": (300, 0.85, 0.82, 0.89),
            "7-10": (300, 1.0, 0.97, 1.03), "11+": (300, 1.2, 1.17, 1.23)}


def test_claimed_bands_come_from_the_article_grades():
    assert factcheck.claimed_bands("Junior") == ("0",)
    assert factcheck.claimed_bands("Middle") == ("1-3",)
    assert factcheck.band_label("0") == "under 1 year" and factcheck.band_label("1-3") == "1–3 years"


@pytest.mark.parametrize("grade, levels, bands, expected, why", [
    # Junior: its relative median against the under-1-year band's
    ("Junior", LEVELS_OK, BANDS_OK, "not consistent", "lies above Stack Overflow 2024's answers with under 1 year"),
    ("Junior", {**LEVELS_OK, "Junior": (200, 0.47, 0.44, 0.52)}, BANDS_OK, "consistent", "overlaps"),
    ("Junior", LEVELS_OK, {**BANDS_OK, "0": (12, 0.45, 0.40, 0.50)}, "cannot be tested", "n = 12"),
    ("Junior", LEVELS_OK, {**BANDS_OK, "0": (0, np.nan, np.nan, np.nan)}, "cannot be tested", "no answers"),
    ("Junior", {**LEVELS_OK, "Junior": (21, 0.5, 0.4, 0.7)}, BANDS_OK, "cannot be tested", "aijobs' Junior (×0.50"),
    # reaching Middle in 1-3 years: the 1-3-year band between the Junior's and the Middle's
    ("Middle", LEVELS_OK, BANDS_OK, "consistent", "at the Junior end"),
    ("Middle", LEVELS_OK, {**BANDS_OK, "1-3": (300, 0.80, 0.77, 0.83)}, "consistent", "lie inside the span"),
    ("Middle", LEVELS_OK, {**BANDS_OK, "1-3": (300, 0.50, 0.47, 0.55)}, "not consistent", "lie below aijobs' Junior"),
    ("Middle", LEVELS_OK, {**BANDS_OK, "1-3": (300, 1.00, 0.96, 1.04)}, "not consistent", "lie above aijobs' Middle"),
    ("Middle", {**LEVELS_OK, "Junior": (21, 0.5, 0.4, 0.7)}, BANDS_OK, "cannot be tested", "n = 21"),
    ("Middle", LEVELS_OK, {**BANDS_OK, "1-3": (25, 0.7, 0.6, 0.8)}, "cannot be tested", "n = 25"),
])
def test_indirect_years_rule(grade, levels, bands, expected, why):
    line = factcheck.indirect_line(grade, _rel(levels, bands), "ML roles", "Europe")
    assert line.verdict == expected and why in line.reason, line.reason
    assert line.name == "ML roles in Europe" and line.kind == factcheck.INDIRECT
    band = factcheck.claimed_bands(grade)[0]
    assert line.n == bands[band][0]


def test_a_level_sits_with_the_bands_whose_interval_overlaps_its_own():
    rel = _rel(LEVELS_OK, {**BANDS_OK, "4-6": (20, 0.66, 0.6, 0.7)})  # a thin band is never matched
    level = rel[rel["group"] == "Junior"].iloc[0]
    assert factcheck.sits_with(level, rel[rel["kind"] == "band"]) == ["1-3"]


def test_relative_medians_divide_each_group_by_its_own_survey(bins, curated_dir):
    so = data.load("so_salary_bins", curated_dir)
    rel = factcheck.relative(bins, so)
    assert set(rel["pool"]) == {p.name for p in factcheck.POOLS}
    assert len(rel) == len(factcheck.POOLS) * 2 * (len(factcheck.LEVELS) + len(factcheck.BANDS))
    r = rel[(rel["pool"] == "all roles") & (rel["region"] == "Europe")].set_index("group")
    aj = bins[bins.work_year.isin(study.POOLED_YEARS) & (bins.region == "Europe")]
    junior = aj[aj.grade == "Junior"]
    assert r.loc["Junior", "n"] == junior.n.sum() and r.loc["Junior", "n_overall"] == aj.n.sum()
    expected = binning.binned_quantile(junior, 0.5)[0] / binning.binned_quantile(aj, 0.5)[0]
    assert r.loc["Junior", "value"] == pytest.approx(expected)
    assert r.loc["Junior", "lo"] < r.loc["Junior", "value"] < r.loc["Junior", "hi"]
    empty = rel[rel["n"] == 0]
    assert empty["value"].isna().all() and empty["lo"].isna().all()
    few = rel[(rel["n"] > 0) & (rel["n"] < study.MIN_INTERVAL_N)]
    assert few["lo"].isna().all()  # no interval under 5 records


# ------------------------------------------------------------------ lines of evidence

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
    line = factcheck.direction_line("S", sens)
    assert line.verdict == expected
    assert line.n == 1170 and (line.estimate == 1.7 if expected != "cannot be tested" else line.estimate is None)


def test_wrong_arithmetic_and_unknown_claims(curated_dir):
    claim = pd.Series({"claim_id": "us_ml_avg_monthly", "quantity": "q", "quote": "", "value": 13_000.0, "unit": "USD"})
    v = factcheck.us_ml_monthly(claim, 150_000.0, None)  # the arithmetic is checked before any data is read
    assert v.verdict == "not supported" and "150,000 / 12 = 12,500, not 13,000" in v.lines[0].reason
    unknown = pd.DataFrame([{"claim_id": "made_up", "quantity": "q", "quote": "", "value": np.nan, "unit": "x"}])
    out = factcheck.check_all(unknown, None, (1.0, 2.0, 1))
    assert out[0].verdict == "cannot be tested" and not out[0].lines


def test_us_ml_pay_lines_separate_the_surveys_from_the_stand_in_occupations(curated_dir):
    from helpers.analysis import findings

    verdicts = {v.claim_id: v for v in findings.fact_check(curated_dir)}
    annual, monthly = verdicts["us_ml_avg_annual"], verdicts["us_ml_avg_monthly"]
    assert {ln.source for ln in annual.tested} == {s.name for s in sources.SOURCES}
    assert {ln.source for ln in annual.of_kind(factcheck.STANDS_IN, tested=False)} == {factcheck.BLS}
    assert monthly.restates == annual.claim_id and monthly.verdict == annual.verdict
    assert [ln.kind for ln in monthly.lines] == [ln.kind for ln in annual.lines]
    for ln_m, ln_a in zip(monthly.lines, annual.lines, strict=True):
        assert ln_m.estimate == pytest.approx(ln_a.estimate / 12)
    for cid in factcheck.YEARS_CLAIMS:
        v = verdicts[cid]
        assert v.verdict == factcheck.DIRECTLY and v.low is None and {ln.kind for ln in v.lines} == {factcheck.INDIRECT}
        assert {ln.verdict for ln in v.lines} <= {factcheck.CONSISTENT, factcheck.NOT_CONSISTENT,
                                                   "cannot be tested"}
