"""Conclusions of notebooks/07_sql_warehouse.ipynb, recomputed in pandas from the curated data (not via SQL)."""

from __future__ import annotations

import pytest

from helpers import binning, data, paths, schema, study
from helpers.analysis import stats, warehouse
from tests.notebook_text import answer_box, figures

YEAR = study.LATEST_FULL_YEAR
NOTEBOOK = paths.NOTEBOOKS / "07_sql_warehouse.ipynb"


@pytest.fixture(scope="module")
def ml(curated_dir):
    b = data.salary_bins(curated_dir)
    return b[(b.role_family == study.ML_FAMILY) & (b.work_year == YEAR)]


def _median(rows):
    return binning.binned_quantile(rows, 0.5)[0]


def _n(rows) -> int:
    return int(rows["n"].sum())


def _cells(ml):
    """{(region, grade): rows} for the two compared regions and every grade."""
    return {(r, g): ml[(ml.region == r) & (ml.grade == g)] for r in study.COMPARED_REGIONS for g in schema.GRADES}


def test_title_compares_only_grades_with_30_in_both_regions_and_names_the_thin_ones(ml):
    cells = _cells(ml)
    us, eu = study.COMPARED_REGIONS
    solid = [g for g in schema.GRADES if min(_n(cells[us, g]), _n(cells[eu, g])) >= study.SMALL_SAMPLE_N]
    assert solid == ["Middle", "Senior"]
    assert all(_median(cells[us, g]) > _median(cells[eu, g]) for g in solid)
    (fig,) = figures(NOTEBOOK)
    title = fig["alt"]
    assert title.startswith(f"US ML engineers' median pay is above Europe's at Middle and Senior, the 2 grades with "
                            f"{study.SMALL_SAMPLE_N}+ records in both ({YEAR})")
    assert f"Europe Junior thin (n = {_n(cells[eu, 'Junior'])})" in title
    assert f"no Europe {schema.GRADES[-1]} records" in title and "all 3 grades" not in title
    assert fig["rests_on"] == min(_n(cells[r, g]) for r in (us, eu) for g in solid)


def test_answer_box_says_sql_reproduces_the_medians_by_grade(ml):
    box = answer_box(NOTEBOOK)
    cells = {k: v for k, v in _cells(ml).items() if _n(v)}
    assert f"**{len(cells)} of {len(cells)}**" in box and "multipliers identical" in box
    for (region, grade), rows in cells.items():
        line = next(x for x in box.splitlines() if x.startswith("> - " + ("In SQL" if region == "United States" else "Europe")))
        n = _n(rows)
        if n >= study.SMALL_SAMPLE_N:
            assert f"{grade} {_median(rows) / 1000:,.0f}k (n = {n:,})" in line, (region, grade)
        else:
            assert f"{grade} thin (n = {n})" in line, (region, grade)


def test_europe_has_no_lead_and_a_small_junior_group(ml):
    eu = ml[ml.region == "Europe"]
    assert eu[eu.grade == "Executive"].n.sum() == 0
    assert 0 < eu[eu.grade == "Junior"].n.sum() < study.SMALL_SAMPLE_N
    assert all(eu[eu.grade == g].n.sum() >= study.SMALL_SAMPLE_N for g in ["Middle", "Senior"])


def test_sql_and_pandas_agree_exactly_in_the_notebooks_queries(curated_dir, ml):
    con = warehouse.connect(curated_dir)
    try:
        got = warehouse.query(con, warehouse.region_medians_sql(study.ML_FAMILY, YEAR))
        lad = warehouse.query(con, warehouse.ladder_sql(study.ML_FAMILY, YEAR, "United States"))
    finally:
        con.close()
    for r in got.itertuples():
        assert r.value_usd == _median(ml[(ml.region == r.region) & (ml.grade == r.grade)])
    us = ml[ml.region == "United States"]
    mult = stats.grade_multipliers(us, n_boot=10)
    assert lad["x_previous_grade"].iloc[1:].tolist() == mult["ratio"].tolist()


def test_binned_medians_within_one_percent_of_exact(curated_dir):
    b = data.salary_bins(curated_dir)
    s = data.salary_summary(curated_dir)
    s = s[(s.work_year == "all") & (s.role_family == study.ML_FAMILY) & (s.region != "all")]
    assert len(s) >= 10
    for r in s.itertuples():
        rows = b[(b.role_family == study.ML_FAMILY) & (b.region == r.region) & (b.grade == r.grade)]
        assert abs(_median(rows) / r.p50 - 1) < 0.01
