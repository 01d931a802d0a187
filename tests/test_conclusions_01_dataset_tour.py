"""The dataset tour's caveats hold on the curated data (a data change that breaks one fails here).

Each fact is recomputed independently of ``coverage.summary_facts`` (from salary_summary.csv or
the raw file), then the prose's qualitative claim is asserted.
"""

from __future__ import annotations

import pandas as pd

from helpers import data, paths, schema, study
from helpers.analysis import coverage
from tests.notebook_text import answer_box, figures, stored_text


def _summary_all() -> pd.DataFrame:
    s = data.salary_summary()
    return s[(s["work_year"] == "all")]


def test_us_heavy_and_europe_small():
    s = _summary_all()
    by_region = s[(s["role_family"] == "all") & (s["region"] != "all")].groupby("region")["n"].sum()
    total = by_region.sum()
    assert by_region["United States"] / total > 0.8  # "any global figure is really a US figure"
    assert by_region["Europe"] / total < 0.10
    facts = coverage.summary_facts(data.salary_bins(), data.curation_report())
    assert abs(facts["us_share"] - by_region["United States"] / total) < 1e-12


def test_europe_ml_engineering_is_thin_and_lead_is_below_threshold():
    s = _summary_all()
    eu = s[(s["region"] == "Europe") & (s["role_family"] == study.ML_FAMILY)].set_index("grade")["n"]
    us = s[(s["region"] == "United States") & (s["role_family"] == study.ML_FAMILY)].set_index("grade")["n"]
    assert eu.reindex(["Executive"]).fillna(0).iloc[0] < study.SMALL_SAMPLE_N
    assert eu.sum() < us.sum() / 5


def test_more_than_half_of_raw_rows_are_duplicates(shared_raw):
    raw = pd.read_csv(shared_raw / "aijobs" / "salaries.csv")
    assert raw.duplicated().mean() > 0.5


def test_one_year_dominates_and_last_year_is_partial():
    s = data.salary_summary()
    years = s[(s["work_year"] != "all") & (s["region"] == "all") & (s["role_family"] == "all")]
    per_year = years.groupby("work_year")["n"].sum()
    assert per_year.max() / per_year.sum() > 0.5
    last = per_year.index.max()
    assert per_year[last] < 0.02 * per_year.sum()


def test_medium_companies_dominate():
    bins = data.salary_bins()
    assert bins.loc[bins["company_size"] == "M", "n"].sum() / bins["n"].sum() > 0.9


def test_salaries_are_clipped_near_15000():
    bins = data.salary_bins()
    assert 14_000 <= (bins["sum_usd"] / bins["n"]).min() <= 16_000


# ---------------------------------------------------------------- the Answer box and the coverage title, from the raw file

NOTEBOOK = paths.NOTEBOOKS / "01_dataset_tour.ipynb"


def test_answer_box_says_what_the_data_is_and_its_size(shared_raw, raw_records):
    box = answer_box(NOTEBOOK)
    raw = pd.read_csv(shared_raw / "aijobs" / "salaries.csv", dtype=str, keep_default_na=False)
    distinct = raw.drop_duplicates()
    assert f"**{len(distinct):,}** distinct records" in box
    assert f"from {len(raw):,} raw rows ({len(raw) - len(distinct):,} exact duplicates removed" in box
    years = raw_records["work_year"]
    assert f"work years {years.min()}–{years.max()}" in box
    ml = raw_records[raw_records["role_family"] == study.ML_FAMILY]
    by_region = ml["region"].value_counts()
    assert (f"ML engineers: **{len(ml):,}**, of them {by_region['United States']:,} at US companies and "
            f"{by_region['Europe']:,} at European ones") in box
    assert f"{(raw_records['region'] == 'United States').mean():.0%} of records are at US companies" in box
    assert f"{years.value_counts().max() / len(years):.0%} are from {years.value_counts().idxmax()}" in box
    eu = ml[ml["region"] == "Europe"]["grade"].value_counts().reindex(list(schema.GRADES), fill_value=0)
    assert ", ".join(f"{g} {n:,}" for g, n in list(eu.items())[:-1]) + f" and {eu.index[-1]} {eu.iloc[-1]:,} records" in box
    assert "Stack Overflow Developer Survey 2024" in box


def test_coverage_title_counts_both_regions(raw_records):
    ml = raw_records[raw_records["role_family"] == study.ML_FAMILY]["region"].value_counts()
    (fig,) = figures(NOTEBOOK)
    assert fig["alt"] == f"ML engineering: {ml['Europe']:,} European records vs {ml['United States']:,} in the US"
    assert fig["rests_on"] == ml["Europe"]


def test_caveats_print_the_small_groups_they_name(shared_raw, raw_records):
    """The caveats on company size and the Executive level give the records they rest on, counted here from the
    de-duplicated raw file."""
    stated = stored_text(NOTEBOOK)
    distinct = pd.read_csv(shared_raw / "aijobs" / "salaries.csv", dtype=str, keep_default_na=False).drop_duplicates()
    size = distinct["company_size"].value_counts()
    assert (f"{size['M'] / len(distinct):.0%} of records say 50-250 employees, so size comparisons rest on the other "
            f"{1 - size['M'] / len(distinct):.0%}: {size['S']:,} S and {size['L']:,} L answers.") in stated
    executive = raw_records[raw_records["grade"] == "Executive"]
    ml = int((executive["role_family"] == study.ML_FAMILY).sum())
    assert f"rest on few responses: {len(executive):,} of the {len(distinct):,} records, {ml:,} of them in ML engineering." in stated
