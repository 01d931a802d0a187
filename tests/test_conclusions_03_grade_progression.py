"""The conclusions notebooks/03_grade_progression.ipynb states, re-derived from the curated data with helpers.stats and
cross-checked against exact medians (np.quantile, inverted CDF) of the de-duplicated raw records and against the
exact per-year medians in salary_summary.csv."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import data, paths, schema, study
from helpers.analysis import stats
from helpers.presentation import theme
from tests.notebook_text import answer_box, figures, stored_text

# the notebook's choices, from the one place they are made
REGIONS = list(study.COMPARED_REGIONS)
YEARS = list(study.POOLED_YEARS)
WIDE = list(study.WIDE_ML_FAMILIES)
N_BOOT = study.N_BOOT
ML = study.ML_FAMILY


@pytest.fixture(scope="module")
def bins(curated_dir: Path) -> pd.DataFrame:
    return data.salary_bins(curated_dir)


@pytest.fixture(scope="module")
def raw(raw_records: pd.DataFrame) -> pd.DataFrame:
    return raw_records


def exact_medians(raw: pd.DataFrame, families: list[str], region: str, years: list[int]) -> pd.Series:
    sub = raw[raw["role_family"].isin(families) & (raw["region"] == region) & raw["work_year"].isin(years)]
    return sub.groupby("grade")["salary"].agg(lambda x: np.quantile(x, 0.5, method="inverted_cdf")).reindex(list(schema.GRADES))


@pytest.fixture(scope="module")
def steps(bins) -> pd.DataFrame:
    ml = stats.subset(bins, role_family=ML, work_year=YEARS, region=REGIONS)
    return stats.grade_multipliers(ml, by=["region"], n_boot=N_BOOT)


def test_each_us_step_raises_the_median_clearly(steps, raw) -> None:
    us = steps[steps["region"] == "United States"]
    assert len(us) == 3 and not us["small_sample"].any()
    assert (us["lo"] > 1).all()  # every interval above x1
    exact = exact_medians(raw, [ML], "United States", YEARS)
    assert exact.is_monotonic_increasing and exact.notna().all()
    ratios = (exact.to_numpy()[1:] / exact.to_numpy()[:-1])
    np.testing.assert_allclose(us["ratio"].to_numpy(), ratios, rtol=0.02)


def test_europe_steps_junior_thin_lead_missing_middle_senior_clear(steps, raw) -> None:
    eu = steps[steps["region"] == "Europe"]
    eu = eu.set_index(eu["step"].astype(str))
    assert eu.loc["Junior→Middle", "small_sample"] and eu.loc["Junior→Middle", "n_from"] < study.SMALL_SAMPLE_N
    assert eu.loc["Senior→Executive", "n_to"] == 0 and np.isnan(eu.loc["Senior→Executive", "ratio"])
    assert not eu.loc["Middle→Senior", "small_sample"] and eu.loc["Middle→Senior", "lo"] > 1
    exact = exact_medians(raw, [ML], "Europe", YEARS)
    assert exact["Senior"] > exact["Middle"] and np.isnan(exact["Executive"])


def test_middle_to_senior_step_not_clearly_different_between_regions(steps) -> None:
    ms = steps[steps["step"] == "Middle→Senior"]
    ms = ms.set_index(ms["region"].astype(str))
    assert stats.intervals_overlap(ms.loc["United States"], ms.loc["Europe"])


def test_wider_family_europe_steeper_at_middle_to_senior(bins, raw) -> None:
    wide = stats.subset(bins, role_family=WIDE, work_year=YEARS, region=REGIONS)
    sw = stats.grade_multipliers(wide, by=["region"], n_boot=N_BOOT)
    sw = sw.set_index(["step", "region"], drop=False)
    eu, us = sw.loc[("Middle→Senior", "Europe")], sw.loc[("Middle→Senior", "United States")]
    assert not eu["small_sample"] and eu["lo"] > us["hi"]
    j_eu, j_us = sw.loc[("Junior→Middle", "Europe")], sw.loc[("Junior→Middle", "United States")]
    assert stats.intervals_overlap(j_eu, j_us)  # the prose names only Middle→Senior as clearly steeper
    assert sw.loc[("Senior→Executive", "Europe"), "small_sample"]
    e, u = exact_medians(raw, WIDE, "Europe", YEARS), exact_medians(raw, WIDE, "United States", YEARS)
    assert e["Senior"] / e["Middle"] > u["Senior"] / u["Middle"]


def test_the_ladder_gap_is_notebook_02s_ratio_by_grade_with_its_interval(raw) -> None:
    """The European ladder's Junior start is the exact medians' order, and each US/Europe ratio the prose quotes is the
    one notebook 02 states for the same grade: the same value and interval (one statistic, one number)."""
    said = stored_text(paths.NOTEBOOKS / "03_grade_progression.ipynb")
    m = re.search(r"Junior median \(([\d,]+) USD a year against ([\d,]+) in the US\).*?US median ÷ Europe's (.+?) \(grades", said)
    assert m, "the ladder-gap sentence is missing"
    e, u = exact_medians(raw, WIDE, "Europe", YEARS), exact_medians(raw, WIDE, "United States", YEARS)
    assert e["Junior"] < u["Junior"]
    assert float(m.group(1).replace(",", "")) < float(m.group(2).replace(",", ""))
    quoted = re.findall(r"×([\d.]+) \[([\d.]+)–([\d.]+)\] at (\w+)", m.group(3))
    assert len(quoted) >= 2
    in_02 = stored_text(paths.NOTEBOOKS / "02_us_vs_europe.ipynb")
    for ratio, lo, hi, grade in quoted:
        assert f"{grade}: the US median is ×{ratio} Europe's (95% CI {lo}–{hi};" in in_02, (grade, ratio, lo, hi)


def test_us_ladder_flat_between_2023_and_2024(bins, curated_dir) -> None:
    us = stats.subset(bins, role_family=ML, region="United States", work_year=YEARS)
    yoy = stats.compare_table(us, ["grade"], split="work_year", a=YEARS[-1], b=YEARS[0], n_boot=N_BOOT)
    flat = yoy[~yoy["small_sample"]]
    assert list(flat["grade"].astype(str)) == ["Middle", "Senior"]
    assert ((flat["lo"] <= 1) & (flat["hi"] >= 1)).all()
    # exact per-year medians from salary_summary.csv: within 5% of each other for those grades
    s = data.salary_summary(curated_dir)
    s = s[(s["region"] == "United States") & (s["role_family"] == ML)]
    for g in flat["grade"].astype(str):
        m = s[s["grade"] == g].set_index("work_year")["p50"]
        assert abs(m["2024"] / m["2023"] - 1) < 0.05


def test_years_before_2022_are_tiny(bins, curated_dir) -> None:
    early = stats.subset(bins, role_family=ML, region=REGIONS, work_year=[2020, 2021])
    per_cell = early.groupby(["work_year", "region", "grade"], observed=True)["n"].sum()
    assert per_cell.max() < study.SMALL_SAMPLE_N
    s = data.salary_summary(curated_dir)
    s = s[s["work_year"].isin(["2020", "2021"]) & s["region"].isin(REGIONS) & (s["role_family"] == ML)]
    assert s["n"].max() < study.SMALL_SAMPLE_N


def test_most_european_ml_engineers_earn_less_than_the_us_median(bins, raw) -> None:
    """The spread figure's title: at every grade with 30+ records on both sides (Middle, Senior), most European ML
    engineers earn less than the US median, as the exact raw records show too."""
    from helpers.presentation import table_format

    ml = stats.subset(bins, role_family=ML, work_year=YEARS, region=REGIONS)
    below = table_format.share_below(table_format.distribution(ml)).set_index("grade")
    assert list(below.index) == ["Middle", "Senior"] and (below["share_below"] > 0.5).all()
    sub = raw[(raw["role_family"] == ML) & raw["work_year"].isin(YEARS)]
    for grade, share in below["share_below"].items():
        us = sub.loc[(sub["region"] == "United States") & (sub["grade"] == grade), "salary"].to_numpy()
        eu = sub.loc[(sub["region"] == "Europe") & (sub["grade"] == grade), "salary"].to_numpy()
        exact = (eu < np.quantile(us, 0.5, method="inverted_cdf")).mean()
        assert exact > 0.5 and abs(exact - share) < 0.03


# ---------------------------------------------------------------- the headline's range and constant prices

NOTEBOOK = paths.NOTEBOOKS / "03_grade_progression.ipynb"
REFERENCE = paths.ROOT.parent / "shared" / "data" / "reference" / "cpi_annual.csv"
BASE = study.PRICE_BASE_YEAR


def _outputs() -> list[dict]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]


def _alts() -> list[str]:
    return [o["metadata"]["image/png"]["alt"] for o in _outputs() if "image/png" in o.get("data", {})]


def _figure_csv(header: str) -> pd.DataFrame:
    found = [pd.read_csv(io.StringIO("".join(o["data"]["text/csv"]))) for o in _outputs()
             if header in "".join(o.get("data", {}).get("text/csv", ""))]
    assert len(found) == 1, f"one figure's data with the column {header!r}"
    return found[0]


def _index(area: str, unit_part: str) -> dict[int, float]:
    if not REFERENCE.is_file():
        pytest.skip(f"{REFERENCE} not available")
    ref = pd.read_csv(REFERENCE, dtype=str)
    ref = ref[(ref["area"] == area) & ref["unit"].str.contains(unit_part, regex=False)]
    return {int(y): float(v) for y, v in zip(ref["year"], ref["value"], strict=True)}


def cpi() -> dict[int, float]:
    return _index("US", "1982-84=100")


def hicp() -> dict[int, float]:
    return _index("EA", "2025=100")


def _med(x) -> float:
    return float(np.quantile(np.asarray(x, dtype=float), 0.5, method="inverted_cdf"))


def _boot_ratio(a: np.ndarray, b: np.ndarray, factor: float, seed: int = 0, reps: int = 2000) -> tuple[float, float]:
    """Percentile bootstrap of median(a) / median(b) * factor, resampling the raw records (numpy only)."""
    rng = np.random.default_rng(seed)
    ra = np.quantile(rng.choice(a, (reps, a.size)), 0.5, axis=1, method="inverted_cdf")
    rb = np.quantile(rng.choice(b, (reps, b.size)), 0.5, axis=1, method="inverted_cdf")
    lo, hi = np.quantile(ra / rb * factor, [0.025, 0.975])
    return float(lo), float(hi)


@pytest.fixture(scope="module")
def raw_rows(shared_raw: Path) -> pd.DataFrame:
    """Every raw aijobs row (copies included, ``copy`` marks repeats) with family and grade, read here."""
    df = pd.read_csv(shared_raw / "aijobs" / "salaries.csv", dtype=str, keep_default_na=False)
    family = pd.read_csv(paths.AUTHORED / "role_families.csv", dtype=str).set_index("job_title")["role_family"]
    return df.assign(copy=df.duplicated(), work_year=df["work_year"].str.strip().astype(int),
                     grade=df["experience_level"].map(schema.GRADE_OF_LEVEL), role_family=df["job_title"].map(family),
                     usd=df["salary_in_usd"].astype(float), amount=df["salary"].astype(float))


def test_headline_states_the_step_and_the_prose_its_range_across_every_choice(raw_rows, shared_raw) -> None:
    title = _alts()[0]  # the key figure (README index, docs/grade_ladder.png)
    m = re.search(r"(\d+)k → (\d+)k → (\d+)k → (\d+)k; Senior/Junior ×([\d.]+) \[([\d.]+)–([\d.]+)\] "
                  r"\(aijobs\.net as published\)", title)
    assert m, title
    ks, step, step_lo, step_hi = [int(k) for k in m.groups()[:4]], float(m[5]), float(m[6]), float(m[7])
    ends = re.search(r"run from ×([\d.]+) \[[\d.]+–[\d.]+\] \(aijobs\.net[^)]*\) to ×([\d.]+) \[[\d.]+–[\d.]+\] "
                     r"\(aijobs\.net[^)]*\)", stored_text(NOTEBOOK))
    assert ends, "the step's range is given by its two ends, each with its interval"
    lo, hi = float(ends[1]), float(ends[2])
    ml = raw_rows[(raw_rows["role_family"] == ML) & raw_rows["work_year"].isin(YEARS)]
    d = ml[~ml["copy"]]
    exact = [_med(d.loc[(d["company_location"] == "US") & (d["grade"] == g), "usd"]) for g in schema.GRADES]
    assert all(abs(k * 1000 - e) <= 0.01 * e + 500 for k, e in zip(ks, exact, strict=True))
    assert exact == sorted(exact)  # "rises at every grade"
    # the Junior→Senior step under each choice, US side only (UK out and USD-paid European records out leave it)
    variants = {"baseline": d, "duplicates kept": ml, "full-time": d[d["employment_type"] == "FT"], "uk out": d,
                "usd-paid out": d, "residence": d.assign(company_location=d["employee_residence"])}
    steps = []
    for v in variants.values():
        us = v[v["company_location"] == "US"]
        senior, junior = us.loc[us["grade"] == "Senior", "usd"], us.loc[us["grade"] == "Junior", "usd"]
        assert min(len(senior), len(junior)) >= study.SMALL_SAMPLE_N
        steps.append(_med(senior) / _med(junior))
    assert abs(min(steps) - lo) < 0.015 and abs(max(steps) - hi) < 0.015
    us = d[d["company_location"] == "US"]
    senior, junior = (us.loc[us["grade"] == g, "usd"].to_numpy() for g in ("Senior", "Junior"))
    assert abs(_med(senior) / _med(junior) - step) < 0.015
    b_lo, b_hi = _boot_ratio(senior, junior, 1.0)
    assert abs(b_lo - step_lo) < 0.04 and abs(b_hi - step_hi) < 0.04
    # Stack Overflow cannot measure it: no US ML respondent with under a year of professional coding (pay >= floor)
    so = pd.read_csv(shared_raw / "so_survey" / "2024" / "stackoverflow_survey_single_response.csv", dtype=str,
                     usecols=["main_branch", "dev_type", "country", "years_code_pro", "converted_comp_yearly"])
    cross = pd.read_csv(shared_raw / "so_survey" / "2024" / "qname_levels_single_response_crosswalk.csv", dtype=str)
    dev = cross[cross["qname"] == "dev_type"].set_index("level")["label"]
    ml_so = so[(so["main_branch"] == "1") & so["dev_type"].map(dev).isin(
        ["Data scientist or machine learning specialist", "Developer, AI"])
        & (pd.to_numeric(so["converted_comp_yearly"], errors="coerce") >= 5000)
        & (so["country"] == "United States of America")]
    assert len(ml_so) > study.SMALL_SAMPLE_N and (ml_so["years_code_pro"] == "0").sum() == 0
    assert "Stack Overflow 2024 cannot measure it (no US Junior respondents" in stored_text(NOTEBOOK)


def test_headline_fits_two_lines() -> None:
    fig = plt.figure(figsize=(7.0, 4.4))
    try:
        assert theme.wrap_title(fig, _alts()[0]).count("\n") <= 1
    finally:
        plt.close(fig)


def test_prices_rose_as_the_prose_says() -> None:
    text, c, h = stored_text(NOTEBOOK), cpi(), hicp()
    first, last = min(study.TREND_YEARS), max(study.TREND_YEARS)
    for ix in (c, h):
        assert f"prices rose {ix[last] / ix[first] - 1:.1%} from {first} to {last} and " \
               f"{ix[last] / ix[last - 1] - 1:.1%} from {last - 1} to {last}" in text
    assert 0.20 < c[last] / c[first] - 1 < 0.22  # the "about 21%"


def test_constant_dollars_are_nominal_times_the_cpi_ratio(raw) -> None:
    t = _figure_csv(f"Median, constant {BASE} USD (CPI-U)")
    c = cpi()
    want = t["Median, nominal (USD/yr)"] * t["Work year"].map(lambda y: c[BASE] / c[int(y)])
    np.testing.assert_allclose(t[f"Median, constant {BASE} USD (CPI-U)"], want, atol=1.5)
    us = t[t["Region"] == "United States"]
    assert sorted(us["Work year"].unique()) == list(study.TREND_YEARS)
    sub = raw[(raw["role_family"] == ML) & (raw["region"] == "United States")]
    for r in us.itertuples(index=False):
        exact = _med(sub.loc[(sub["work_year"] == r[1]) & (sub["grade"] == r[2]), "salary"])
        assert abs(r[4] / exact - 1) <= 0.011


def test_us_ladder_shows_no_clear_real_change_between_the_last_two_years(raw) -> None:
    c = cpi()
    a, b = YEARS[-1], YEARS[0]
    text = stored_text(NOTEBOOK)
    sub = raw[(raw["role_family"] == ML) & (raw["region"] == "United States")]
    for grade in ("Middle", "Senior"):
        xa = sub.loc[(sub["work_year"] == a) & (sub["grade"] == grade), "salary"].to_numpy()
        xb = sub.loc[(sub["work_year"] == b) & (sub["grade"] == grade), "salary"].to_numpy()
        assert min(xa.size, xb.size) >= study.SMALL_SAMPLE_N
        real = _med(xa) / _med(xb) * c[b] / c[a]
        lo, hi = _boot_ratio(xa, xb, c[b] / c[a])
        assert lo < 1 < hi, (grade, lo, hi)  # no clear real change
        shown = float(re.search(rf"- {grade}: real ×([\d.]+)", text)[1])
        assert abs(shown - real) < 0.02
    assert "no clear real change at Middle and Senior" in _alts()[3]


def test_euro_area_view_in_constant_euros(raw_rows) -> None:
    h = hicp()
    since = {**{k: 1999 for k in ("AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PT")},
             "GR": 2001, "SI": 2007, "CY": 2008, "MT": 2008, "SK": 2009, "EE": 2011, "LV": 2014, "LT": 2015, "HR": 2023}
    d = raw_rows[~raw_rows["copy"] & (raw_rows["salary_currency"] == "EUR")]
    d = d[d["work_year"] >= d["company_location"].map(since).fillna(9999)]
    d = d[d["role_family"].isin(WIDE) & d["work_year"].isin(study.TREND_YEARS)]
    cells = d.groupby(["work_year", "grade"]).size()
    # the title is about pay: the latest year's median at each grade with 30+ records, in constant (= that year's) euros
    latest = max(study.TREND_YEARS)
    assert latest == BASE
    for grade, n in cells.loc[latest].items():
        if n >= study.SMALL_SAMPLE_N:
            exact = _med(d.loc[(d["work_year"] == latest) & (d["grade"] == grade), "amount"])
            shown = float(re.search(rf"(\d+)k \({grade}\)", _alts()[4])[1])
            assert abs(shown - exact / 1000) <= 1, (grade, shown, exact)
    # a grade under 30 records over all the years is named as thin, not drawn
    totals = cells.groupby(level="grade").sum()
    for grade, n in totals[totals < study.SMALL_SAMPLE_N].items():
        assert f"{grade} thin (n = {n} over all years), not drawn" in _alts()[4]
    assert (totals < study.SMALL_SAMPLE_N).any()
    # the figure's constant euros are its nominal euros times HICP(base) / HICP(year)
    t = _figure_csv(f"Median, constant {BASE} EUR (HICP)")
    want = t["Median, nominal (EUR/yr)"] * t["Work year"].map(lambda y: h[BASE] / h[int(y)])
    np.testing.assert_allclose(t[f"Median, constant {BASE} EUR (HICP)"], want, atol=1.5)
    for r in t.itertuples(index=False):
        exact = _med(d.loc[(d["work_year"] == r[0]) & (d["grade"] == r[1]), "amount"])
        assert abs(r[3] / exact - 1) <= 0.011
    # Senior, the one grade with n >= 30 in both of the last two years: no clear real change
    a, b = YEARS[-1], YEARS[0]
    xa = d.loc[(d["work_year"] == a) & (d["grade"] == "Senior"), "amount"].to_numpy()
    xb = d.loc[(d["work_year"] == b) & (d["grade"] == "Senior"), "amount"].to_numpy()
    assert min(xa.size, xb.size) >= study.SMALL_SAMPLE_N
    lo, hi = _boot_ratio(xa, xb, h[b] / h[a])
    assert lo < 1 < hi
    assert f"Senior {b}→{a}: no clear real change" in _alts()[4]


# ---------------------------------------------------------------- the Answer box, and titles that name thin groups

def _pooled(raw: pd.DataFrame) -> pd.DataFrame:
    return raw[(raw["role_family"] == ML) & raw["work_year"].isin(YEARS)]


def test_answer_box_gives_the_median_by_grade_with_n_and_the_junior_to_senior_multiple(raw) -> None:
    box = answer_box(NOTEBOOK).splitlines()
    us_line = next(x for x in box if x.startswith("> - US ML engineers' median pay"))
    eu_line = next(x for x in box if x.startswith("> - European ML engineers' median pay"))
    sub = _pooled(raw)
    for region, line in (("United States", us_line), ("Europe", eu_line)):
        for grade in schema.GRADES:
            x = sub.loc[(sub["region"] == region) & (sub["grade"] == grade), "salary"].to_numpy()
            if x.size >= study.SMALL_SAMPLE_N:
                m = re.search(rf"{grade} ([\d,]+)k \(n = ([\d,]+)\)", line)
                assert m and int(m[2].replace(",", "")) == x.size, (region, grade)
                assert abs(int(m[1].replace(",", "")) * 1000 / _med(x) - 1) < 0.011  # binned, then rounded to 1k
            elif x.size:
                assert f"{grade} thin (n = {x.size})" in line and f"{grade} {x.size}" not in line
            else:
                assert f"no {grade} records" in line
    us = sub[sub["region"] == "United States"]
    junior, senior = (us.loc[us["grade"] == g, "salary"].to_numpy() for g in ("Junior", "Senior"))
    m = re.search(r"\*\*×([\d.]+)\*\* a US Junior's \(95% CI ([\d.]+)–([\d.]+); n = ([\d,]+) Junior, ([\d,]+) Senior",
                  "\n".join(box))
    assert m and abs(float(m[1]) - _med(senior) / _med(junior)) < 0.02
    lo, hi = _boot_ratio(senior, junior, 1.0)
    assert abs(float(m[2]) - lo) < 0.05 and abs(float(m[3]) - hi) < 0.05
    assert (int(m[4].replace(",", "")), int(m[5].replace(",", ""))) == (junior.size, senior.size)


def test_titles_conclude_from_30_or_more_and_name_the_thin_groups(raw) -> None:
    figs = figures(NOTEBOOK)
    sub = _pooled(raw)
    n = sub.groupby(["region", "grade"]).size()
    # the ladder: US grades (all 30+) and the step results
    assert figs[0]["rests_on"] == n["United States"].min() >= study.SMALL_SAMPLE_N
    # the spread: Middle and Senior on both sides; Europe Junior named as thin, its share not stated
    solid = [g for g in schema.GRADES if min(n.get(("United States", g), 0), n.get(("Europe", g), 0)) >= study.SMALL_SAMPLE_N]
    assert solid == ["Middle", "Senior"]
    assert figs[1]["rests_on"] == min(n[r, g] for r in REGIONS for g in solid)
    assert f"Europe Junior thin (n = {n['Europe', 'Junior']})" in figs[1]["alt"] and "at Junior" not in figs[1]["alt"]
    # the steps: every US step, the smallest grade behind them
    assert figs[2]["rests_on"] == n["United States"].min()
    # the USD trend: the US grades thin in the earlier year are named, not read
    us = raw[(raw["role_family"] == ML) & (raw["region"] == "United States")]
    early = us[us["work_year"] == YEARS[0]].groupby("grade").size().reindex(list(schema.GRADES), fill_value=0)
    for grade, k in early[early < study.SMALL_SAMPLE_N].items():
        assert f"US {grade} {YEARS[0]} thin (n = {k})" in figs[3]["alt"]
    assert all(f["rests_on"] >= study.SMALL_SAMPLE_N for f in figs)
