"""Conclusions of notebooks/06_fact_check.ipynb, recomputed independently (not through helpers.analysis): aijobs' and
Stack Overflow's figures from the raw files (tests/raw_sources.py) or numpy on the curated bins, the BLS and OECD
figures from the reference files in ../shared/data/reference, intervals by a plain numpy bootstrap of records, and
the stated rules (each line, then the combination rule) applied here. Each test then checks that the notebook states
the verdict and the numbers it draws."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers import binning, data, paths, schema, study
from tests import raw_sources
from tests.notebook_text import stored_text

YEAR = study.LATEST_FULL_YEAR
ML = list(study.ML_SPECIALIST_FAMILIES)
REFERENCE = paths.SHARED_RAW.parent / "reference"
TOL, PARTLY = 0.10, 0.25  # the rules as notebook 06 states them (with study.SMALL_SAMPLE_N)
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


SURVEYS = ("aijobs.net", "Stack Overflow 2024")  # the lines that measure ML pay; the BLS occupations stand in


def _pct_span(claimed: float, estimates: list[float]) -> str:
    lo, hi = sorted(abs(claimed / e - 1) for e in estimates)[::len(estimates) - 1]
    return f"{lo:.0%}" if f"{lo:.0%}" == f"{hi:.0%}" else f"{lo * 100:.0f}–{hi:.0%}"


def test_150k_is_partly_supported_by_the_ml_pay_surveys_and_the_stand_ins_are_shown_apart(annual_lines, claims, stated):
    claimed = claims["us_ml_avg_annual"]
    verdicts = {k: v for k, (_, v) in annual_lines.items()}
    assert verdicts == {"aijobs.net": "partly supported", "Stack Overflow 2024": "partly supported",
                        "BLS OEWS Computer and Information Research Scientists": "supported",
                        "BLS OEWS Data Scientists": "partly supported", "BLS OEWS Software Developers": "supported"}
    ml = [annual_lines[k][0] for k in SURVEYS]
    bls = [e for k, (e, _) in annual_lines.items() if k not in SURVEYS]
    # the claim's verdict rests on the surveys of ML pay alone; the stand-in occupations disagree among themselves
    assert _combine([verdicts[k] for k in SURVEYS]) == "partly supported"
    assert _combine([v for k, v in verdicts.items() if k not in SURVEYS]) == "mixed"
    span = _pct_span(claimed, ml)
    assert span == "22–23%" and all(e > claimed for e in ml)  # the figure: the claim is 22-23% low
    assert (f"claimed 150,000 USD per year: partly supported. The 2 lines of evidence that measure ML pay put it at "
            f"{min(ml):,.0f}–{max(ml):,.0f} USD per year; the claim is {span} below them") in stated
    assert (f"stand in for ML pay without measuring it, {min(bls):,.0f}–{max(bls):,.0f} USD per year: mixed") in stated
    # the key figure's title starts from ML pay, not from the lowest stand-in occupation
    assert (f"Both surveys of ML pay put the US mean at {min(ml) / 1000:,.0f}k–{max(ml) / 1000:,.0f}k USD a "
            f"year: the article's 150,000 is {span} below (partly supported); its 2,900 a month: not supported") in stated
    assert "mixed (2 of 5 lines support it)" not in stated


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


def test_monthly_claim_is_the_annual_claim_over_twelve_and_not_more_support(annual_lines, claims, stated):
    assert claims["us_ml_avg_annual"] / 12 == claims["us_ml_avg_monthly"]
    ml = [annual_lines[k][0] / 12 for k in SURVEYS]
    assert (f"claimed 12,500 USD per month: partly supported, as the claim it restates. The arithmetic is right: "
            f"150,000 / 12 = 12,500, so it is the same claim on the same evidence ÷ 12, not more support: the 2 lines "
            f"of evidence that measure ML pay put it at {min(ml):,.0f}–{max(ml):,.0f} USD per month") in stated


def test_answer_box_states_the_ml_pay_means_with_intervals_and_n(annual_lines, bins, claims, shared_raw, stated):
    """The first bullet: each ML pay survey's mean with its 95% interval (checked against a numpy bootstrap of the
    records, within 1.5%) and n, the claim's distance from them and its verdict; the monthly figure as the same claim."""
    import re

    sub = bins[(bins.region == "United States") & bins.role_family.isin(ML) & (bins.work_year == YEAR)]
    so = raw_sources.so_ml(shared_raw)
    records = {"aijobs.net": _records(sub), "Stack Overflow 2024": so.loc[so.region == "United States", "pay"].to_numpy()}
    box = stated[stated.index("Answer."):]
    for name, x in records.items():
        found = re.search(rf"{name} ([\d,]+) \(95% CI ([\d,]+)–([\d,]+), n = ([\d,]+)\)", box)
        assert found, name
        mean, lo, hi, n = (float(g.replace(",", "")) for g in found.groups())
        assert n == len(x) >= study.SMALL_SAMPLE_N and mean == pytest.approx(annual_lines[name][0], abs=0.5)
        ref = np.quantile(_boot(x, lambda s: s.mean(axis=1), reps=1000), [0.025, 0.975])
        assert (lo, hi) == pytest.approx(tuple(ref), rel=0.015), name
    assert "The article's 150,000 USD a year for US ML specialists is 22–23% below the mean pay" in box
    assert "partly supported (off by more than ±10%, less than ±25%)" in box
    assert "Its 12,500 a month is the same claim ÷ 12." in box
    bls = [e for k, (e, _) in annual_lines.items() if k not in SURVEYS]
    assert min(bls) < claims["us_ml_avg_annual"] < max(bls)
    assert f"stand in for ML pay (BLS OEWS) run from {min(bls):,.0f}–{max(bls):,.0f}, either side of it" in box


def test_only_2022_had_an_aijobs_mean_within_10_percent_of_150k(bins, claims, stated):
    years = []
    for y in sorted(bins.work_year.unique()):
        sub = bins[(bins.region == "United States") & bins.role_family.isin(ML) & (bins.work_year == y)]
        if sub.n.sum() >= study.SMALL_SAMPLE_N and abs(claims["us_ml_avg_annual"] / (sub.sum_usd.sum() / sub.n.sum()) - 1) <= TOL:
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
    assert (f"claimed 2,900 USD per month (implied): not supported. The 2 lines of evidence put it at "
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
            if min(len(us), len(eu)) < study.SMALL_SAMPLE_N:
                continue
            usable[name].append(grade)
            assert _ratio_ci(us, eu)[0] > 1, (name, grade)  # the US / Europe interval lies above x1
    assert usable == {"aijobs.net": ["Middle", "Senior"], "Stack Overflow 2024": ["Senior"]}
    frames = raw_sources.variants(raw_sources.aijobs_ml(shared_raw), raw_sources.so_ml(shared_raw))
    ratios = {k: raw_sources.ratio(v) for k, v in frames.items()}
    found = raw_sources.ends(stated, "records on both sides), the US ML median runs")
    raw_sources.check_ends(found, ratios, frames)  # each end: the raw extreme, its pool, a numpy bootstrap's interval
    assert "claimed direction (Europe < US): supported." in stated
    assert "the lowest and highest estimates, each with its own interval, not one interval" in stated
    assert not raw_sources.BARE_RANGE.search(stated)
    assert "above Europe's at every grade with 30+ records in both regions, in both sources" in stated


# ------------------------------------------------------------------ claims 5-6: a grade's years

@pytest.fixture(scope="module")
def so_all(curated_dir) -> pd.DataFrame:
    b = data.load("so_salary_bins", curated_dir)
    return b[~b.below_pay_floor]


def _aijobs_level(raw_records, region: str, grade: str | None, ml: bool, shared_raw) -> np.ndarray:
    """aijobs' records of a pool and region (one grade, or all grades when ``grade`` is None), from the raw file."""
    if ml:
        a = raw_sources.aijobs_ml(shared_raw)
        a = a[~a.duplicate & (a.region == region)]
        return a.loc[a.experience_level.map(schema.GRADE_OF_LEVEL) == grade if grade else slice(None), "pay"].to_numpy()
    r = raw_records[raw_records.work_year.isin(study.POOLED_YEARS) & (raw_records.region == region)
                    & (raw_records.salary >= raw_sources.FLOOR)]
    return r.loc[r.grade == grade if grade else slice(None), "salary"].to_numpy()


def _band(so_ml, so_all, region: str, band: str | None, ml: bool) -> np.ndarray:
    """Stack Overflow's answers of a pool and region (one band of years, or all when ``band`` is None)."""
    if ml:
        s = so_ml[so_ml.region == region]
        return s.loc[s.band == band if band else slice(None), "pay"].to_numpy()
    s = so_all[so_all.region == region]
    return _records(s[s.years_code_pro_band == band] if band else s)


def _relative(group: np.ndarray, whole: np.ndarray) -> tuple[float, float, float]:
    """The group's median ÷ its whole survey's median, with the 95% interval of independent bootstraps of the two."""
    med = lambda s: np.quantile(s, 0.5, axis=1, method="inverted_cdf")  # noqa: E731
    reps = _boot(group, med, seed=3) / _boot(whole, med, seed=4)
    return (_median(group) / _median(whole), *np.quantile(reps, [0.025, 0.975]))


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


SO = "Stack Overflow 2024"
#: Where each years claim's statement starts in the notebook's text.
STATEMENT_OF = {"Junior": "Years of experience of a Junior (up to 1 year): cannot be tested directly",
                "Middle": "Years it takes to reach the Middle level (1 to 3 years): cannot be tested directly"}
POOL_LINES = [("ML roles", "United States"), ("ML roles", "Europe"), ("all roles", "United States"), ("all roles", "Europe")]


@pytest.fixture(scope="module")
def indirect(raw_records, so_all, shared_raw) -> dict[tuple[str, str], dict]:
    """Per pool and region: n and relative median (with interval) of aijobs' Junior and Middle and of Stack
    Overflow's under-1-year and 1-3-year bands, each against its own survey's median, recomputed here."""
    so_ml = raw_sources.so_ml(shared_raw)
    out = {}
    for pool, region in POOL_LINES:
        ml = pool == "ML roles"
        aj_all, so_whole = _aijobs_level(raw_records, region, None, ml, shared_raw), _band(so_ml, so_all, region, None, ml)
        groups = {g: _aijobs_level(raw_records, region, g, ml, shared_raw) for g in ("Junior", "Middle")}
        groups |= {b: _band(so_ml, so_all, region, b, ml) for b in ("0", "1-3", "4-6", "7-10", "11+")}
        out[(pool, region)] = {k: (len(x), _relative(x, aj_all if k in ("Junior", "Middle") else so_whole) if len(x) >= study.SMALL_SAMPLE_N
                                   else None) for k, x in groups.items()}
    return out


def test_grade_years_cannot_be_tested_directly(stated):
    for quantity in ("Years of experience of a Junior (up to 1 year)", "Years it takes to reach the Middle level (1 to 3 years)"):
        assert (f"{quantity}: cannot be tested directly: no source records grade and years for the same people") in stated
    assert "Middle (1 to 3 years): not supported" not in stated and "Junior (under 1 year): not supported" not in stated
    assert ("The article's grade definitions (a Junior has up to 1 year; it takes 1–3 years to reach Middle) cannot be "
            "tested directly") in stated  # the Answer box


def test_indirectly_junior_pay_is_that_of_one_to_three_years_not_under_one(indirect, stated):
    readings = {}
    for key, g in indirect.items():
        junior, band = g["Junior"][1], g["0"][1]
        if junior is None or band is None:
            readings[key] = "cannot be tested"
            continue
        readings[key] = "consistent" if _overlap(junior[1:], band[1:]) else "not consistent"
        assert junior[0] > band[0]  # Juniors earn more, relative to their survey, than those under a year
        assert _overlap(junior[1:], g["1-3"][1][1:]), key  # ... and sit with the 1-3-year answers
        pool, region = key
        where = "the US" if region == "United States" else region
        assert (f"{pool.capitalize()} in {where}: not consistent: aijobs' Junior (×{junior[0]:.2f}") in stated
    assert readings == {("ML roles", "United States"): "cannot be tested", ("ML roles", "Europe"): "cannot be tested",
                        ("all roles", "United States"): "not consistent", ("all roles", "Europe"): "not consistent"}
    # the ML pools are thin where the claim needs them (the numbers), said with their n
    assert indirect[("ML roles", "United States")]["0"][0] == 0 and indirect[("ML roles", "Europe")]["Junior"][0] < study.SMALL_SAMPLE_N
    assert "ML roles in the US and ML roles in Europe: cannot be tested (fewer than 30 records or answers)." in stated
    assert ("aijobs' Junior is paid like Stack Overflow's answers with 1–3 years of professional coding, not like "
            "those with under 1 year") in stated


def test_indirectly_one_to_three_years_pay_between_junior_and_middle(indirect, stated):
    readings = {}
    for key, g in indirect.items():
        junior, middle, band = g["Junior"][1], g["Middle"][1], g["1-3"][1]
        if junior is None or middle is None or band is None:
            readings[key] = "cannot be tested"
            continue
        readings[key] = "consistent" if _overlap((junior[1], middle[2]), band[1:]) else "not consistent"
        pool, region = key
        where = "the US" if region == "United States" else region
        assert (f"{pool.capitalize()} in {where}: consistent: Stack Overflow 2024's answers with 1–3 years "
                f"(×{band[0]:.2f}") in stated
    assert readings == {("ML roles", "United States"): "cannot be tested", ("ML roles", "Europe"): "cannot be tested",
                        ("all roles", "United States"): "consistent", ("all roles", "Europe"): "consistent"}
    assert indirect[("ML roles", "United States")]["1-3"][0] == 25  # under 30: the thin band


def test_the_groups_too_thin_for_the_ml_lines_are_printed_with_their_n(indirect, stated):
    """The prose under the indirect figure names each group under 30 records or answers that a pool's lines need (aijobs'
    Junior and Middle, Stack Overflow's under-1-year and 1-3-year bands), with its n recomputed here; the pool with
    none says it can test the claims."""
    labels = {"Junior": "aijobs.net's Junior", "Middle": "aijobs.net's Middle", "0": f"{SO}'s answers with under 1 year",
              "1-3": f"{SO}'s answers with 1–3 years"}
    for pool in ("ML roles", "all roles"):
        thin = {k: [(r, indirect[(pool, r)][k][0]) for r in ("United States", "Europe")
                    if indirect[(pool, r)][k][0] < study.SMALL_SAMPLE_N] for k in labels}
        thin = {k: v for k, v in thin.items() if v}
        if not thin:
            assert f"the {pool.replace(' ', '-')} pools can." in stated
            continue
        for k, rows in thin.items():
            counts = " and ".join(f"{n:,} in {'the US' if r == 'United States' else r}" for r, n in rows)
            assert f"{labels[k]}: n = {counts}" in stated, k
    assert "The ML-roles lines cannot test either claim, each needing a group with fewer than 30 records or answers" in stated
    assert "the all-roles pools can." in stated


def test_relative_medians_printed_match_the_recomputation(indirect, stated):
    """Every relative median the statements print for a tested line, with its interval, recomputed here (point within
    0.015 of the raw-record ratio; interval ends within 0.03)."""
    import re

    checked = 0
    for (pool, region), g in indirect.items():
        if pool != "all roles":
            continue
        where = "the US" if region == "United States" else region
        for key, label, claim in (("Junior", "aijobs' Junior", "Junior"), ("0", f"{SO}'s answers with under 1 year", "Junior"),
                                  ("1-3", f"{SO}'s answers with 1–3 years", "Middle"), ("Middle", "aijobs' Middle", "Middle")):
            n, (value, lo, hi) = g[key]
            statement = stated[stated.index(STATEMENT_OF[claim]):]
            text = statement[statement.index(f"All roles in {where}:"):]
            found = re.search(re.escape(label) + r" \(×([\d.]+) \[([\d.]+)–([\d.]+)\], n = ([\d,]+)\)", text)
            assert found, (pool, region, key)
            v, a, b, m = found.groups()
            assert float(v) == pytest.approx(value, abs=0.015) and (float(a), float(b)) == pytest.approx((lo, hi), abs=0.03)
            assert int(m.replace(",", "")) == pytest.approx(n, rel=0.01)
            checked += 1
    assert checked == 8


def test_no_grade_verdict_rests_on_a_thin_group(indirect, stated):
    """Every indirect line that reads 'consistent' or 'not consistent' rests on groups of 30+ on both sides."""
    for (pool, region), g in indirect.items():
        where = "the US" if region == "United States" else region
        needed = [g["Junior"][0], g["0"][0]]
        if min(needed) < study.SMALL_SAMPLE_N:
            assert f"{pool.capitalize()} in {where}: not consistent" not in stated
            assert f"{pool.capitalize()} in {where}: consistent" not in stated


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


def test_the_rules_are_stated_before_any_result() -> None:
    """The verdict words, how lines combine and how a grade's years are read stand in the notebook's text before its
    first figure; the tolerances and thresholds they refer to are printed from code just above them."""
    import re

    cells = json.loads((paths.NOTEBOOKS / "06_fact_check.ipynb").read_text(encoding="utf-8"))["cells"]
    first = next(i for i, c in enumerate(cells) if any("image/png" in o.get("data", {}) for o in c.get("outputs", [])))
    before = " ".join(" ".join("".join(c["source"]).split()) for c in cells[:first] if c["cell_type"] == "markdown")
    words = ("supported", "partly supported", "not supported", "cannot be tested", "mixed", "cannot be tested directly")
    assert all(f"*{word}*" in before for word in words)
    assert "never decide it" in before and "is the same evidence ÷ 12" in before
    assert "**A grade's years**" in before and "cannot be tested directly" in before
    printed = stored_text(paths.NOTEBOOKS / "06_fact_check.ipynb")
    assert re.search(r"Tolerance for \*supported\*: ±\d+%; for \*partly supported\*: ±\d+%", printed)
    assert f"Enough records = at least {study.SMALL_SAMPLE_N} per group" in printed
