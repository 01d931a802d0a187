"""Conclusions of notebooks/07_sql_warehouse.ipynb, recomputed in pandas from the curated data (not via SQL)."""

from __future__ import annotations

import pytest

from helpers import binning, data, study
from helpers.analysis import statistics as stats
from helpers.analysis import warehouse

YEAR = study.LATEST_FULL_YEAR


@pytest.fixture(scope="module")
def ml(curated_dir):
    b = data.salary_bins(curated_dir)
    return b[(b.role_family == study.ML_FAMILY) & (b.work_year == YEAR)]


def _median(rows):
    return binning.binned_quantile(rows, 0.5)[0]


def test_us_median_above_europe_at_every_grade_with_european_data(ml):
    compared = 0
    for grade in ["Junior", "Middle", "Senior", "Executive"]:
        eu = ml[(ml.region == "Europe") & (ml.grade == grade)]
        us = ml[(ml.region == "United States") & (ml.grade == grade)]
        if eu.n.sum() == 0:
            continue
        compared += 1
        assert _median(us) > _median(eu), grade
    assert compared == 3  # the title says "all 3 grades with data"


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
