"""Conclusions of notebooks/04_company_examples.ipynb, recomputed from the curated data."""

from __future__ import annotations

import pytest

from helpers import binning, data, schema, study
from helpers.analysis import statistics as stats


@pytest.fixture(scope="module")
def bins(curated_dir):
    return data.salary_bins(curated_dir)


def test_named_companies_and_their_headquarters(curated_dir):
    c = data.load("companies", curated_dir)
    assert len(c) == 10 and c["company"].is_unique
    hq = c["hq_country"].value_counts()
    assert hq["US"] == 8 and hq["CN"] == 1
    assert c.loc[c["company"] == "Edgecase", "hq_country"].iloc[0] == ""  # deliberately unconfirmed
    assert (c.loc[c["ml_application"] != "", "article_mention"] == "example with application").all()


def test_the_survey_has_no_employer_name_column(shared_raw):
    header = (shared_raw / "aijobs" / "salaries.csv").open(encoding="utf-8").readline().strip().split(",")
    assert tuple(header) == schema.RAW_COLUMNS
    assert not any(word in col for col in header for word in ("employer", "company_name", "organisation", "organization"))


def test_us_sample_is_large_and_china_is_effectively_absent(bins):
    by_country = bins.groupby("company_location", observed=True)["n"].sum()
    assert by_country["US"] > 0.8 * by_country.sum()
    assert by_country.get("CN", 0) <= 5


@pytest.fixture(scope="module")
def us_ml(bins):
    return stats.subset(bins, region="United States", role_family=study.ML_FAMILY, work_year=list(study.POOLED_YEARS))


def test_medium_companies_dominate_and_have_the_top_median(us_ml):
    n = us_ml.groupby("company_size", observed=True)["n"].sum()
    assert n["M"] / n.sum() > 0.9
    assert n["S"] < study.SMALL_SAMPLE_N
    med = {s: binning.binned_quantile(us_ml[us_ml.company_size == s], 0.5)[0] for s in ["S", "M", "L"]}
    assert med["M"] == max(med.values())


def test_on_site_and_remote_medians_cannot_be_told_apart(bins):
    us24 = stats.subset(bins, region="United States", role_family=study.ML_FAMILY, work_year=study.LATEST_FULL_YEAR)
    for rows in (us24, us24[us24.grade == "Senior"]):
        est = stats.compare_quantiles(rows[rows.remote_ratio == 0], rows[rows.remote_ratio == 100], kind="ratio",
                                      n_boot=1000)
        assert est.lo <= 1 <= est.hi
        assert min(est.ns) >= study.SMALL_SAMPLE_N
    assert us24[us24.remote_ratio == 50].n.sum() < study.SMALL_SAMPLE_N
