"""Conclusions of notebooks/06_fact_check.ipynb, recomputed independently (not through helpers.analysis): aijobs' and
Stack Overflow's figures from the raw files (tests/raw_sources.py) or numpy on the curated bins, the BLS and OECD
figures from the reference files in ../shared/data/reference, intervals by a plain numpy bootstrap of records, and
the stated rules (each line, then the combination rule) applied here. Each test then checks that the notebook states
the verdict and the numbers it draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import binning, data, paths, schema, study
from tests import raw_sources
from tests.notebook_text import stored_text

YEAR = study.LATEST_FULL_YEAR
ML = list(study.ML_SPECIALIST_FAMILIES)
REFERENCE = paths.SHARED_RAW.parent / "reference"
TOL, PARTLY, N30 = 0.10, 0.25, study.SMALL_SAMPLE_N  # the rules as notebook 06 states them
BLS_CODES = {"15-1221": "Computer and Information Research Scientists", "15-2051": "Data Scientists",
             "15-1252": "Software Developers"}


@pytest.fixture(scope="module")
def stated() -> str:
    return stored_text(paths.NOTEBOOKS / "06_fact_check.ipynb")


@pytest.fixture(scope="module")
def bins(curated_dir):
    return data.salary_bins(curated_dir)


@pytest.fixture(scope="module")
def claims(curated_dir):
    c = data.load("claims", curated_dir)
    return dict(zip(c.claim_id, c.value, strict=True))


def _bls(year: int) -> pd.DataFrame:
    f = pd.read_csv(REFERENCE / f"bls_oews_national_M{year}_dl.csv", dtype=str)
    f = f[(f["AREA"] == "99") & (f["NAICS"] == "000000")]
    return f.set_index("OCC_CODE")


def _oecd_us(year: int) -> float:
    o = pd.read_csv(REFERENCE / "oecd_avg_wages.csv")
    return float(o[(o.ref_area == "USA") & (o.year == year) & (o.base_period == 2025)].obs_value.iloc[0])


def _verdict(claimed: float, estimate: float, lo: float | None = None, hi: float | None = None) -> str:
    if lo is not None and lo <= claimed <= hi:
        return "supported"
    rel = abs(claimed / estimate - 1)
    return "supported" if rel <= TOL else "partly supported" if rel <= PARTLY else "not supported"


def _combine(verdicts: list[str]) -> str:
    tested = {v for v in verdicts if v != "cannot be tested"}
    return "cannot be tested" if not tested else tested.pop() if len(tested) == 1 else "mixed"


def _boot(x: np.ndarray, stat, reps: int = 600, seed: int = 5) -> np.ndarray:
    """``reps`` replicates of ``stat`` over rows of records resampled with replacement (in chunks: little memory)."""
    rng, out = np.random.default_rng(seed), []
    for _ in range(reps // 100):
        out.append(stat(x[rng.integers(0, len(x), (100, len(x)))]))
    return np.concatenate(out)


def _median(x) -> float:
    return float(np.quantile(np.asarray(x, dtype=float), 0.5, method="inverted_cdf"))


def _median_ci(x) -> tuple[float, float]:
    reps = _boot(np.asarray(x, dtype=float), lambda s: np.quantile(s, 0.5, axis=1, method="inverted_cdf"))
    return tuple(np.quantile(reps, [0.025, 0.975]))


def _records(b: pd.DataFrame) -> np.ndarray:
    """Records expanded from curated bins, each at its bin's mean."""
    agg = b.groupby("bin")[["n", "sum_usd"]].sum()
    agg = agg[agg.n > 0]
    return np.repeat((agg.sum_usd / agg.n).to_numpy(), agg.n.to_numpy())


# ------------------------------------------------------------------ claims 1-2: about 150,000 a year, 12,500 a month

@pytest.fixture(scope="module")
def annual_lines(bins, claims, shared_raw) -> dict[str, tuple[float, str]]:
    """Each line of evidence on the annual claim: (estimate, verdict by the rule). The surveys' 95% intervals of the
    mean (bootstrap) are checked to exclude the claim, so the tolerances decide, as for the published figures."""
    claimed = claims["us_ml_avg_annual"]
    sub = bins[(bins.region == "United States") & bins.role_family.isin(ML) & (bins.work_year == YEAR)]
    so = raw_sources.so_ml(shared_raw)
    estimates = {"aijobs.net": (sub.sum_usd.sum() / sub.n.sum(), _records(sub)),
                 "Stack Overflow 2024": (None, so.loc[so.region == "United States", "pay"].to_numpy())}
    out = {}
    for name, (exact, records) in estimates.items():
        lo, hi = np.quantile(_boot(records, lambda s: s.mean(axis=1)), [0.025, 0.975])
        assert not lo <= claimed <= hi, name
        out[name] = exact if exact is not None else records.mean()
    bls = _bls(2024)
    out.update({f"BLS OEWS {name}": float(bls.loc[code, "A_MEAN"]) for code, name in BLS_CODES.items()})
    return {k: (v, _verdict(claimed, v)) for k, v in out.items()}


def test_150k_is_mixed_evidence(annual_lines, claims, stated):
    verdicts = {k: v for k, (_, v) in annual_lines.items()}
    assert verdicts == {"aijobs.net": "partly supported", "Stack Overflow 2024": "partly supported",
                        "BLS OEWS Computer and Information Research Scientists": "supported",
                        "BLS OEWS Data Scientists": "partly supported", "BLS OEWS Software Developers": "supported"}
    assert _combine(list(verdicts.values())) == "mixed"
    low, high = min(e for e, _ in annual_lines.values()), max(e for e, _ in annual_lines.values())
    assert f"claimed 150,000 USD per year: mixed. 5 lines of evidence put it at {low:,.0f}–{high:,.0f} USD per year" in stated
    # the key figure's title: the range across sources, and how many lines support the claim
    assert f"US ML pay averages {low / 1000:,.0f}k–{high / 1000:,.0f}k USD a year" in stated
    assert "the article's 150,000 is mixed (2 of 5 lines support it)" in stated


def test_the_nearest_official_occupations_are_within_4_percent_in_may_2024_and_9_in_2023(claims):
    for year, within in ((2024, 0.04), (2023, 0.09)):
        bls = _bls(year)
        for code in ("15-1221", "15-1252"):
            assert abs(claims["us_ml_avg_annual"] / float(bls.loc[code, "A_MEAN"]) - 1) <= within, (year, code)


def test_both_ml_surveys_put_the_mean_above_the_claim(annual_lines, bins, claims):
    for source in ("aijobs.net", "Stack Overflow 2024"):
        assert annual_lines[source][0] > claims["us_ml_avg_annual"] / (1 - TOL)
    sub = bins[(bins.region == "United States") & bins.role_family.isin(ML) & (bins.work_year == YEAR)]
    assert claims["us_ml_avg_annual"] < binning.binned_quantile(sub, 0.5)[0]  # below the median too


def test_monthly_claim_is_the_annual_claim_over_twelve_and_as_mixed(annual_lines, claims, stated):
    assert claims["us_ml_avg_annual"] / 12 == claims["us_ml_avg_monthly"]
    low = min(e for e, _ in annual_lines.values()) / 12
    high = max(e for e, _ in annual_lines.values()) / 12
    assert f"claimed 12,500 USD per month: mixed. 5 lines of evidence put it at {low:,.0f}–{high:,.0f}" in stated


def test_only_2022_had_an_aijobs_mean_within_10_percent_of_150k(bins, claims, stated):
    years = []
    for y in sorted(bins.work_year.unique()):
        sub = bins[(bins.region == "United States") & bins.role_family.isin(ML) & (bins.work_year == y)]
        if sub.n.sum() >= N30 and abs(claims["us_ml_avg_annual"] / (sub.sum_usd.sum() / sub.n.sum()) - 1) <= TOL:
            years.append(int(y))
    assert years == [2022]
    assert "within ±10% of 150,000 occurs in: 2022." in stated


# ------------------------------------------------------------------ claim 3: 2,900 a month on the US market

def test_2900_a_month_is_far_below_every_official_average(claims, stated):
    claimed = claims["us_market_avg"]
    bls, oecd = float(_bls(2024).loc["00-0000", "A_MEAN"]) / 12, _oecd_us(2024) / 12
    assert _verdict(claimed, bls) == _verdict(claimed, oecd) == "not supported"
    for year in (2023, 2024):
        assert claimed * 12 < float(_bls(year).loc["00-0000", "A_MEDIAN"])  # even below the median wage
    assert (f"claimed 2,900 USD per month (implied): not supported. 2 lines of evidence put it at "
            f"{min(bls, oecd):,.0f}–{max(bls, oecd):,.0f}") in stated


# ------------------------------------------------------------------ claim 4: Europe lower

def _ratio_ci(us: np.ndarray, eu: np.ndarray) -> tuple[float, float]:
    med = lambda s: np.quantile(s, 0.5, axis=1, method="inverted_cdf")  # noqa: E731
    reps = _boot(us, med, seed=1) / _boot(eu, med, seed=2)
    return tuple(np.quantile(reps, [0.025, 0.975]))


def test_europe_lower_in_both_sources_at_every_well_sampled_grade(shared_raw, stated):
    aij = raw_sources.aijobs_ml(shared_raw)
    aij = aij[~aij.duplicate].assign(grade=lambda d: d.experience_level.map(schema.GRADE_OF_LEVEL))
    so = raw_sources.so_ml(shared_raw)
    years = pd.to_numeric(so.years_code_pro, errors="coerce")
    so = so.assign(grade=np.where(years < 1, "Junior", np.where(years <= 3, "Middle", "Senior")))
    usable = {}
    for name, df in (("aijobs.net", aij), ("Stack Overflow 2024", so)):
        usable[name] = []
        for grade in schema.GRADES:
            us = df.loc[(df.region == "United States") & (df.grade == grade), "pay"].to_numpy()
            eu = df.loc[(df.region == "Europe") & (df.grade == grade), "pay"].to_numpy()
            if min(len(us), len(eu)) < N30:
                continue
            usable[name].append(grade)
            assert _ratio_ci(us, eu)[0] > 1, (name, grade)  # the US / Europe interval lies above x1
    assert usable == {"aijobs.net": ["Middle", "Senior"], "Stack Overflow 2024": ["Senior"]}
    ratios = [raw_sources.ratio(v) for v in raw_sources.variants(raw_sources.aijobs_ml(shared_raw), so).values()]
    assert (f"claimed direction (Europe < US): supported. US ML median pay is {min(ratios):.1f}–{max(ratios):.1f}× "
            "Europe's") in stated
    assert "above Europe's at every grade with 30+ records in both regions, in both sources" in stated


# ------------------------------------------------------------------ claims 5-6: a grade's years

@pytest.fixture(scope="module")
def so_all(curated_dir) -> pd.DataFrame:
    b = data.load("so_salary_bins", curated_dir)
    return b[~b.below_pay_floor]


def _aijobs_level(raw_records, region: str, grade: str, ml: bool, shared_raw) -> np.ndarray:
    if ml:
        a = raw_sources.aijobs_ml(shared_raw)
        a = a[~a.duplicate & (a.experience_level.map(schema.GRADE_OF_LEVEL) == grade) & (a.region == region)]
        return a.pay.to_numpy()
    r = raw_records[raw_records.work_year.isin(study.POOLED_YEARS) & (raw_records.grade == grade)
                    & (raw_records.region == region)]
    return r.salary.to_numpy()


def _band(so_ml, so_all, region: str, band: str, ml: bool) -> np.ndarray:
    if ml:
        return so_ml.loc[(so_ml.region == region) & (so_ml.band == band), "pay"].to_numpy()
    return _records(so_all[(so_all.region == region) & (so_all.years_code_pro_band == band)])


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


@pytest.mark.parametrize("grade, claimed_band, expected", [("Junior", "0", {
    ("ML roles", "United States"): ("not supported", "4-6"), ("ML roles", "Europe"): ("cannot be tested", None),
    ("all roles", "United States"): ("not supported", "1-3"), ("all roles", "Europe"): ("not supported", None)}),
    ("Middle", "1-3", {("ML roles", "United States"): ("not supported", "4-6"), ("ML roles", "Europe"): ("not supported", "4-6"),
                       ("all roles", "United States"): ("not supported", None), ("all roles", "Europe"): ("not supported", None)})])
def test_aijobs_levels_do_not_have_the_article_years(grade, claimed_band, expected, raw_records, so_all, shared_raw, stated):
    so_ml = raw_sources.so_ml(shared_raw)
    found = {}
    for (pool, region), (_, band) in expected.items():
        ml = pool == "ML roles"
        level = _aijobs_level(raw_records, region, grade, ml, shared_raw)
        if len(level) < N30:
            found[(pool, region)] = ("cannot be tested", None)
            continue
        ci = _median_ci(level)
        claimed = _band(so_ml, so_all, region, claimed_band, ml)
        if len(claimed) >= N30:
            verdict = "supported" if _overlap(ci, _median_ci(claimed)) else "not supported"
        else:  # the claimed band is thin: ruled out only when the level matches another band with enough answers
            others = [b for b in ("1-3", "4-6", "7-10", "11+") if len(_band(so_ml, so_all, region, b, ml)) >= N30]
            verdict = "not supported" if any(_overlap(ci, _median_ci(_band(so_ml, so_all, region, b, ml))) for b in others) \
                else "cannot be tested"
        if band is not None:  # the band the notebook names as the level's match
            other = _band(so_ml, so_all, region, band, ml)
            assert len(other) >= N30 and _overlap(ci, _median_ci(other)), (pool, region, band)
        found[(pool, region)] = (verdict, band)
    assert found == expected
    assert _combine([v for v, _ in found.values()]) == "not supported"
    said = {"Junior": "Years of experience of a Junior (under 1 year): not supported.",
            "Middle": "Years of experience of a Middle (1 to 3 years): not supported."}[grade]
    assert said in stated
    for (pool, region), (_, band) in expected.items():
        if band is not None:
            where = "the US" if region == "United States" else region
            assert f"{pool} in {where}: {band.replace('-', '–')} years" in stated


def test_stack_overflow_has_almost_no_ml_respondents_under_a_year(shared_raw, so_all, stated):
    so = raw_sources.so_ml(shared_raw)
    n_us, n_eu = int(((so.region == "United States") & (so.band == "0")).sum()), int(((so.region == "Europe") & (so.band == "0")).sum())
    assert n_us == 0 and n_eu < N30
    n_all = int(so_all[(so_all.region == "United States") & (so_all.years_code_pro_band == "0")].n.sum())
    assert n_all >= N30  # the all-roles pool can see the band
    assert f"ML roles in the US: n = {n_us}, ML roles in Europe: n = {n_eu}, all roles in the US: n = {n_all}" in stated
    # the issue's numbers: US ML respondents with 1-3 years (thin) earn less than aijobs' US Junior median
    one_three = so.loc[(so.region == "United States") & (so.band == "1-3"), "pay"]
    assert len(one_three) < N30 and "1–3 years n = 25" in stated


def test_pay_rises_with_years_in_every_pool_and_region(shared_raw, so_all, stated):
    so_ml = raw_sources.so_ml(shared_raw)
    for ml in (True, False):
        for region in study.COMPARED_REGIONS:
            meds = [_median(x) for b in ("0", "1-3", "4-6", "7-10", "11+")
                    if len(x := _band(so_ml, so_all, region, b, ml)) >= N30]
            assert meds == sorted(meds) and len(meds) >= 2, (ml, region)
    assert "In every pool and region Stack Overflow's median rises from band to band" in stated


def test_the_by_year_table_gives_constant_dollars_beside_nominal(bins, stated) -> None:
    """Each work year's US ML mean and median restated in constant base-year dollars with the CPI-U annual averages
    of the shared reference file (never typed here), nominal beside them; the partial year is flagged."""
    index = raw_sources.cpi_u()
    base = index[study.PRICE_BASE_YEAR]
    us = bins[bins["role_family"].isin(study.ML_SPECIALIST_FAMILIES) & (bins["region"] == "United States")]
    checked = 0
    for year, g in us.groupby("work_year"):
        if year not in index:
            continue
        mean = g["sum_usd"].sum() / g["n"].sum()
        assert f"{mean:,.0f}" in stated and f"{mean * base / index[year]:,.0f}" in stated, year
        checked += 1
    assert checked >= 5
    assert f"constant {study.PRICE_BASE_YEAR} USD (CPI-U)" in stated and "annual average of 11 months" in stated
