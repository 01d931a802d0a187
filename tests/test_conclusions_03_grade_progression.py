"""The conclusions notebooks/03_grade_progression.ipynb states, re-derived from the curated data with helpers.stats and
cross-checked against exact medians (np.quantile, inverted CDF) of the de-duplicated raw records and against the
exact per-year medians in salary_summary.csv."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import data, schema, study
from helpers.analysis import statistics as stats

# the notebook's choices, from the one place they are made
REGIONS = list(study.COMPARED_REGIONS)
YEARS = list(study.POOLED_YEARS)
WIDE = list(study.WIDE_ML_FAMILIES)
N_BOOT = study.N_BOOT
ML = study.ML_FAMILY
SEEDS = study.SEEDS


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
    return stats.grade_multipliers(ml, by=["region"], n_boot=N_BOOT, seed=SEEDS["ladder_steps"])


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
    assert eu.loc["Senior→Lead", "n_to"] == 0 and np.isnan(eu.loc["Senior→Lead", "ratio"])
    assert not eu.loc["Middle→Senior", "small_sample"] and eu.loc["Middle→Senior", "lo"] > 1
    exact = exact_medians(raw, [ML], "Europe", YEARS)
    assert exact["Senior"] > exact["Middle"] and np.isnan(exact["Lead"])


def test_middle_to_senior_step_not_clearly_different_between_regions(steps) -> None:
    ms = steps[steps["step"] == "Middle→Senior"]
    ms = ms.set_index(ms["region"].astype(str))
    assert stats.intervals_overlap(ms.loc["United States"], ms.loc["Europe"])


def test_wider_family_europe_steeper_at_middle_to_senior(bins, raw) -> None:
    wide = stats.subset(bins, role_family=WIDE, work_year=YEARS, region=REGIONS)
    sw = stats.grade_multipliers(wide, by=["region"], n_boot=N_BOOT, seed=SEEDS["ladder_steps_wide"])
    sw = sw.set_index(["step", "region"], drop=False)
    eu, us = sw.loc[("Middle→Senior", "Europe")], sw.loc[("Middle→Senior", "United States")]
    assert not eu["small_sample"] and eu["lo"] > us["hi"]
    j_eu, j_us = sw.loc[("Junior→Middle", "Europe")], sw.loc[("Junior→Middle", "United States")]
    assert stats.intervals_overlap(j_eu, j_us)  # the prose names only Middle→Senior as clearly steeper
    assert sw.loc[("Senior→Lead", "Europe"), "small_sample"]
    e, u = exact_medians(raw, WIDE, "Europe", YEARS), exact_medians(raw, WIDE, "United States", YEARS)
    assert e["Senior"] / e["Middle"] > u["Senior"] / u["Middle"]


def test_us_ladder_flat_between_2023_and_2024(bins, curated_dir) -> None:
    us = stats.subset(bins, role_family=ML, region="United States", work_year=YEARS)
    yoy = stats.compare_table(us, ["grade"], split="work_year", a=YEARS[-1], b=YEARS[0], n_boot=N_BOOT, seed=SEEDS["year_on_year"])
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
    from helpers.presentation import table_format as tables

    ml = stats.subset(bins, role_family=ML, work_year=YEARS, region=REGIONS)
    below = tables.share_below(tables.distribution(ml)).set_index("grade")
    assert list(below.index) == ["Middle", "Senior"] and (below["share_below"] > 0.5).all()
    sub = raw[(raw["role_family"] == ML) & raw["work_year"].isin(YEARS)]
    for grade, share in below["share_below"].items():
        us = sub.loc[(sub["region"] == "United States") & (sub["grade"] == grade), "salary"].to_numpy()
        eu = sub.loc[(sub["region"] == "Europe") & (sub["grade"] == grade), "salary"].to_numpy()
        exact = (eu < np.quantile(us, 0.5, method="inverted_cdf")).mean()
        assert exact > 0.5 and abs(exact - share) < 0.03
