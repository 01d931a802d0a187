"""The conclusions notebooks/02_us_vs_europe.ipynb states, re-derived from the curated data with helpers.stats and
cross-checked independently: exact quantiles (np.quantile, inverted CDF) of the de-duplicated raw records, and
PPP / average-wage figures read straight from reference_wages.csv."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import data, paths, study
from helpers.analysis import findings, money, stats
from helpers.presentation import table_format
from tests import raw_sources
from tests.notebook_text import readable, stored_text
from tests.raw_sources import BARE_RANGE, check_ends, ends

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
def wages(curated_dir: Path) -> pd.DataFrame:
    return data.reference_wages(curated_dir)


@pytest.fixture(scope="module")
def raw(raw_records: pd.DataFrame) -> pd.DataFrame:
    return raw_records


def exact_median(raw: pd.DataFrame, **f: object) -> tuple[float, int]:
    m = np.ones(len(raw), dtype=bool)
    for k, v in f.items():
        m &= raw[k].isin(v if isinstance(v, list) else [v]).to_numpy()
    x = raw.loc[m, "salary"].to_numpy()
    return (float(np.quantile(x, 0.5, method="inverted_cdf")) if len(x) else float("nan")), len(x)


@pytest.fixture(scope="module")
def gap(bins):
    return findings.us_europe_gap(bins)  # the notebook's own result


@pytest.fixture(scope="module")
def gap_wide(bins):
    return stats.compare_table(stats.subset(bins, role_family=WIDE, work_year=YEARS), ["grade"], n_boot=N_BOOT)


def test_pooled_years_hold_nearly_all_records_and_2025_is_partial(bins, raw) -> None:
    ml = stats.subset(bins, role_family=ML, region=REGIONS)
    per_year = ml.groupby("work_year")["n"].sum()
    assert per_year.loc[YEARS].sum() / per_year.sum() > 0.9
    assert per_year.loc[2025] < per_year.loc[2024] / 10  # a partial year
    raw_per_year = raw[(raw["role_family"] == ML) & raw["region"].isin(REGIONS)].groupby("work_year").size()
    pd.testing.assert_series_equal(per_year.astype("int64"), raw_per_year.astype("int64"), check_names=False, check_index_type=False)


def test_us_beats_europe_at_every_grade_with_enough_data(gap, raw) -> None:
    solid = gap[~gap["small_sample"]]
    assert list(solid["grade"].astype(str)) == ["Middle", "Senior"]
    assert (solid["ratio"] > 1).all() and (solid["lo"] > 1).all()  # every interval excludes 1
    for _, r in solid.iterrows():
        us, n_us = exact_median(raw, role_family=ML, work_year=YEARS, region="United States", grade=r["grade"])
        eu, n_eu = exact_median(raw, role_family=ML, work_year=YEARS, region="Europe", grade=r["grade"])
        assert (n_us, n_eu) == (r["n_a"], r["n_b"])
        assert us > eu
        assert r["ratio"] == pytest.approx(us / eu, rel=0.02)


def test_europe_is_too_thin_at_junior_and_has_no_lead_ml_engineers(gap, raw) -> None:
    g = gap.set_index(gap["grade"].astype(str))
    assert 0 < g.loc["Junior", "n_b"] < study.SMALL_SAMPLE_N
    assert g.loc["Executive", "n_b"] == 0
    assert exact_median(raw, role_family=ML, work_year=YEARS, region="Europe", grade="Executive")[1] == 0


def test_gap_holds_in_each_year_where_both_sides_have_n30(bins) -> None:
    by_year = stats.compare_table(stats.subset(bins, role_family=ML, work_year=YEARS), ["work_year", "grade"],
                                  n_boot=N_BOOT)
    solid = by_year[~by_year["small_sample"]]
    assert len(solid) >= 3
    assert (solid["lo"] > 1).all()


def test_wider_family_gap_at_every_grade_with_enough_data(gap_wide, raw) -> None:
    solid = gap_wide[~gap_wide["small_sample"]]
    assert list(solid["grade"].astype(str)) == ["Junior", "Middle", "Senior"]
    assert (solid["lo"] > 1).all()
    lead = gap_wide[gap_wide["grade"] == "Executive"].iloc[0]
    assert 0 < lead["n_b"] < study.SMALL_SAMPLE_N  # Europe's Executive: shown, not concluded
    for _, r in solid.iterrows():
        us, _ = exact_median(raw, role_family=WIDE, work_year=YEARS, region="United States", grade=r["grade"])
        eu, _ = exact_median(raw, role_family=WIDE, work_year=YEARS, region="Europe", grade=r["grade"])
        assert us > eu and r["ratio"] == pytest.approx(us / eu, rel=0.02)


def test_every_country_cell_with_n30_is_below_the_us(bins, raw) -> None:
    wide = stats.subset(bins, role_family=WIDE, work_year=YEARS)
    eu = stats.quantile_table(stats.subset(wide, region="Europe"), ["company_location"], qs=[0.5])
    countries = eu[~eu["small_sample"]]["company_location"].astype(str).tolist()
    assert {"GB", "DE"} <= set(countries)
    vs = stats.country_comparisons(wide, countries, by=["grade"], n_boot=N_BOOT)
    solid = vs[~vs["small_sample"]]
    assert len(solid) >= 2 and (solid["ratio"] > 1).all()
    for _, r in solid.iterrows():
        us, _ = exact_median(raw, role_family=WIDE, work_year=YEARS, company_location="US", grade=r["grade"])
        c, n = exact_median(raw, role_family=WIDE, work_year=YEARS, company_location=r["country"], grade=r["grade"])
        assert n >= study.SMALL_SAMPLE_N and c < us


def _factor_by_hand(wages: pd.DataFrame, country: str, year: int) -> float | None:
    """PPP USD per nominal USD, read directly from the CSV rows (LCU per USD / LCU per international $)."""
    cur = money.CURRENCY_OF[country]
    if country == "US":
        return 1.0
    fx = wages[(wages["measure"] == "fx_rate") & (wages["period"].astype(str) == str(year))]
    direct = fx[fx["unit"] == f"{cur} per USD"]["value"]
    inverse = fx[fx["unit"] == f"USD per {cur}"]["value"]
    ppp = wages[(wages["measure"] == "ppp_factor") & (wages["geo"] == country) & (wages["period"].astype(str) == str(year))]
    if ppp.empty or (direct.empty and inverse.empty):
        return None
    lcu_per_usd = float(direct.iloc[0]) if not direct.empty else 1 / float(inverse.iloc[0])
    assert ppp["unit"].iloc[0].startswith(f"{cur} per international")
    return lcu_per_usd / float(ppp["value"].iloc[0])


def test_ppp_gap_is_smaller_but_still_clear(bins, wages, gap, raw) -> None:
    rb = money.reference_bins(stats.subset(bins, role_family=ML, work_year=YEARS, region=REGIONS), wages)
    gap_ppp = stats.compare_table(rb, ["grade"], value_col="ppp_usd", n_boot=N_BOOT)
    nominal = gap.set_index(gap["grade"].astype(str))["ratio"]
    solid = gap_ppp[~gap_ppp["small_sample"]]
    assert list(solid["grade"].astype(str)) == ["Middle", "Senior"]
    for _, r in solid.iterrows():
        assert r["lo"] > 1 and r["ratio"] < nominal[str(r["grade"])]
    # independent: restate raw European records with factors read by hand, exact median
    sub = raw[(raw["role_family"] == ML) & raw["work_year"].isin(YEARS) & (raw["region"] == "Europe")]
    f = {k: _factor_by_hand(wages, *k) for k in set(zip(sub["company_location"], sub["work_year"], strict=True))}
    fac = np.array([np.nan if f[k] is None else f[k] for k in zip(sub["company_location"], sub["work_year"], strict=True)])
    ppp = sub["salary"].to_numpy() * fac
    for _, r in solid.iterrows():
        x = ppp[(sub["grade"] == r["grade"]).to_numpy() & ~np.isnan(ppp)]
        assert len(x) == r["n_b"]
        assert r["value_b"] == pytest.approx(np.quantile(x, 0.5, method="inverted_cdf"), rel=0.011)


def test_relative_to_average_wage_no_clear_gap(bins, wages, raw) -> None:
    rb = money.reference_bins(stats.subset(bins, role_family=ML, work_year=YEARS, region=REGIONS), wages)
    gw = stats.compare_table(rb, ["grade"], value_col="wage_multiple", n_boot=N_BOOT)
    solid = gw[~gw["small_sample"]]
    assert len(solid) == 2
    assert ((solid["lo"] <= 1) & (solid["hi"] >= 1)).all()  # neither interval excludes 1
    # independent: US multiples = exact median of salary / that year's OECD US wage (PPP USD = USD for the US)
    us_wage = {y: float(wages[(wages["measure"] == "average_annual_wage") & (wages["geo"] == "US")
                              & (wages["period"].astype(str) == str(y))]["value"].iloc[0]) for y in YEARS}
    sub = raw[(raw["role_family"] == ML) & raw["work_year"].isin(YEARS) & (raw["region"] == "United States")]
    mult = sub["salary"] / sub["work_year"].map(us_wage)
    for _, r in solid.iterrows():
        exact = np.quantile(mult[sub["grade"] == r["grade"]], 0.5, method="inverted_cdf")
        assert r["value_a"] == pytest.approx(exact, rel=0.011)
        assert r["value_a"] > 1.5  # US ML engineers earn well above the average wage


@pytest.fixture(scope="module")
def raw_ratios(shared_raw: Path) -> dict[str, float]:
    """The all-grades US / Europe ratio of each source and choice, from the raw files (tests.raw_sources)."""
    return {k: raw_sources.ratio(v) for k, v in
            raw_sources.variants(raw_sources.aijobs_ml(shared_raw), raw_sources.so_ml(shared_raw)).items()}


@pytest.fixture(scope="module")
def raw_frames(shared_raw: Path) -> dict[str, pd.DataFrame]:
    return raw_sources.variants(raw_sources.aijobs_ml(shared_raw), raw_sources.so_ml(shared_raw))


@pytest.fixture(scope="module")
def stated() -> str:
    return stored_text(paths.NOTEBOOKS / "02_us_vs_europe.ipynb")


def test_the_headline_states_the_range_by_its_two_ends(raw_ratios, raw_frames, stated) -> None:
    """The key figure's title and the prose give the range across every source and choice (all with n >= 30 on both
    sides) as its two ends, each with its interval and pool, never as a bare "×1.7–2.4"; each source as published
    with its n."""
    lo, hi = min(raw_ratios.values()), max(raw_ratios.values())
    assert 1 < lo < hi
    title = ends(stated, "all grades, by source and definition:")
    check_ends(title, raw_ratios, raw_frames)
    assert ends(stated, "US ML pay over Europe's (all grades pooled)") == title  # the prose says the same
    assert not BARE_RANGE.search(stated)
    span = re.search(r"their 95% intervals together reach from (\d+\.\d+) to (\d+\.\d+)", stated)
    assert span and float(span.group(1)) < title[0][0] < title[1][0] < float(span.group(2))
    for name, key in (("aijobs.net", "baseline"), ("Stack Overflow 2024", "so")):
        m = re.search(rf"{re.escape(name)}, as published: the US median is ×([\d.]+) Europe's \(95% CI ([\d.]+)–([\d.]+); "
                      r"n = ([\d,]+) vs ([\d,]+)\)", stated)
        assert m, name
        ratio, ci_lo, ci_hi = (float(m.group(i)) for i in (1, 2, 3))
        assert ratio == pytest.approx(raw_ratios[key], rel=0.02) and ci_lo < ratio < ci_hi
        frame = raw_frames[key]
        assert (int(m.group(4).replace(",", "")), int(m.group(5).replace(",", ""))) == (
            int((frame["region"] == "United States").sum()), int((frame["region"] == "Europe").sum()))


@pytest.fixture(scope="module")
def raw_ppp(raw_frames, wages) -> dict[str, pd.DataFrame]:
    """Each raw variant with pay restated in PPP dollars by hand (factors read from the CSV): aijobs by the company's
    country and work year, Stack Overflow by the residence in 2024; records without a factor left out."""
    out = {}
    for key, df in raw_frames.items():
        so = key.startswith("so")
        country = df["country"] if so else df["company_location"]
        year = pd.Series(2024, index=df.index) if so else df["work_year"]
        keep = df["region"].isin(REGIONS)
        f = {k: _factor_by_hand(wages, *k) if k[0] in money.CURRENCY_OF else None
             for k in set(zip(country[keep], year[keep], strict=True))}
        fac = np.array([f[k] if f[k] is not None else np.nan for k in zip(country[keep], year[keep], strict=True)])
        d = df[keep].assign(ppp=df.loc[keep, "pay"].to_numpy() * fac)
        out[key] = d[d["ppp"].notna()]
    return out


def test_the_ppp_ratio_under_each_choice(raw_ppp, stated) -> None:
    """In PPP dollars the range across sources and choices is printed by its two ends (interval, pool), and aijobs'
    grades with 30+ records are given with and without the European records paid in US dollars, with n."""
    ratios = {k: raw_sources.ratio(v, "ppp") for k, v in raw_ppp.items()}
    assert all(1 < r < 2 for r in ratios.values())
    check_ends(ends(stated, "In PPP dollars, US ML pay over Europe's (all grades pooled)"), ratios, raw_ppp, "ppp")
    usd_out = raw_ppp["usd out"]
    assert len(usd_out) < len(raw_ppp["baseline"])
    for grade in ("Middle", "Senior"):
        m = re.search(rf"- {grade}: ×([\d.]+) \[[\d.]+–[\d.]+\] as published \(n = ([\d,]+) vs ([\d,]+)\), ×([\d.]+) "
                      r"\[[\d.]+–[\d.]+\] without the USD-paid European records \(n = ([\d,]+) vs ([\d,]+)\)", stated)
        assert m, grade
        for (ratio, n_us, n_eu), frame in zip(((1, 2, 3), (4, 5, 6)), (raw_ppp["baseline"], usd_out), strict=True):
            g = frame[frame["experience_level"] == {"Middle": "MI", "Senior": "SE"}[grade]]
            assert float(m.group(ratio)) == pytest.approx(raw_sources.ratio(g, "ppp"), rel=0.02)
            assert (int(m.group(n_us).replace(",", "")), int(m.group(n_eu).replace(",", ""))) == (
                int((g["region"] == "United States").sum()), int((g["region"] == "Europe").sum()))
        assert float(m.group(4)) > float(m.group(1))  # without dollar contracts Europe's PPP median is lower


def test_the_country_figure_names_only_cells_with_30_records(raw, stated) -> None:
    """No "every country×grade" claim: the title names exactly the country×grade cells with 30+ records, each with
    its exact ratio, and says the others are thin; no interval is printed for a cell under 5 records."""
    wide = raw[raw["role_family"].isin(WIDE) & raw["work_year"].isin(YEARS)]
    eu = wide[wide["region"] == "Europe"]
    countries = [c for c, n in eu["company_location"].value_counts().items() if n >= study.SMALL_SAMPLE_N]
    us = wide[wide["company_location"] == "US"]
    cells = eu[eu["company_location"].isin(countries)].groupby(["company_location", "grade"]).size()
    solid = cells[cells >= study.SMALL_SAMPLE_N]
    title = re.search(r"US median over the country's, in the (\d+) of the (\d+) country×grade cells shown that have "
                      r"30\+ records: (.*?); the other cells are thin", stated)
    assert title and int(title.group(1)) == len(solid) and int(title.group(2)) == len(cells)
    named = re.findall(r"([A-Z][\w ]+?) (Junior|Middle|Senior|\w+) ×([\d.]+) \[[\d.]+–[\d.]+\]", title.group(3))
    assert len(named) == len(solid)
    names = {table_format.country(c): c for c in countries}
    for name, grade, ratio in named:
        c = names[name]
        assert (c, grade) in solid.index
        exact = (np.quantile(us.loc[us["grade"] == grade, "salary"], 0.5, method="inverted_cdf")
                 / np.quantile(eu.loc[(eu["company_location"] == c) & (eu["grade"] == grade), "salary"], 0.5,
                               method="inverted_cdf"))
        assert float(ratio) == pytest.approx(exact, abs=0.051)
    assert "Every European country" not in stated
    thin = cells[cells < 5]
    assert len(thin)  # the check below is not empty: some cells drawn have 1 to 4 records
    for c, grade in thin.index:
        line = next(x for x in stated.splitlines() if re.match(rf"\s*{re.escape(table_format.country(c))}\s+{grade}\s", x))
        assert not re.search(r"\d\.\d\d–\d\.\d\d", line) and "too few records" in line, line


def test_the_answer_box_opens_the_notebook(raw) -> None:
    """Right under the title: one to three bullets with each grade's US and European median and n, the ratio with
    its interval, and how much depends on the source."""
    nb = json.loads((paths.NOTEBOOKS / "02_us_vs_europe.ipynb").read_text(encoding="utf-8"))
    cell = nb["cells"][1]
    assert {"answer", "prose"} <= set(cell["metadata"].get("tags", []))
    box = readable("".join(cell["outputs"][0]["data"]["text/markdown"]))
    assert box.startswith("> **Answer.**") and 1 <= box.count("\n> - ") <= 3
    ml = raw[(raw["role_family"] == ML) & raw["work_year"].isin(YEARS)]
    for grade in ("Junior", "Middle", "Senior"):
        m = re.search(rf"{grade} \$([\d,]+) \(n = ([\d,]+)\) vs \$([\d,]+) \(n = ([\d,]+)", box)
        assert m, grade
        for region, (v, n) in zip(REGIONS, ((1, 2), (3, 4)), strict=True):
            exact, count = exact_median(ml, region=region, grade=grade)
            assert float(m.group(v).replace(",", "")) == pytest.approx(exact, rel=0.011)
            assert int(m.group(n).replace(",", "")) == count
    assert "too few to conclude" in box.split("Middle")[0]  # Europe's Junior is under 30 records
    assert re.search(r"×1\.\d\d \[\d\.\d\d–\d\.\d\d\] at Middle, ×1\.\d\d \[\d\.\d\d–\d\.\d\d\] at Senior", box)
    assert "in PPP dollars from" in box and not BARE_RANGE.search(box)
