"""Conclusions of notebooks/04_company_examples.ipynb, recomputed from the curated data."""

from __future__ import annotations

import pytest

from helpers import data, paths, schema, study
from helpers.analysis import stats
from tests.notebook_text import answer_box, figures, markdown

NOTEBOOK = paths.NOTEBOOKS / "04_company_examples.ipynb"


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


def test_size_title_is_descriptive_and_names_the_thin_size(us_ml):
    """Medium firms hold almost every record; small firms are too thin to rank, so the title ranks no size."""
    n = us_ml.groupby("company_size", observed=True)["n"].sum()
    assert n["M"] / n.sum() > 0.9
    assert n["S"] < study.SMALL_SAMPLE_N <= n["L"]
    size_fig = figures(NOTEBOOK)[0]
    title = size_fig["alt"]
    assert f"hold {n['M'] / n.sum():.0%} of US ML engineer records" in title and "not ranked" in title
    assert f"small firms thin (n = {n['S']})" in title
    assert not any(word in title for word in ("top", "highest", "lowest", "best"))
    assert size_fig["rests_on"] == n["M"]  # the share: medium firms' records out of all
    assert "the sizes are not ranked" in " ".join(markdown(NOTEBOOK).split())


def test_remote_title_rests_on_on_site_and_remote_and_names_hybrid_thin(bins):
    us24 = stats.subset(bins, region="United States", role_family=study.ML_FAMILY, work_year=study.LATEST_FULL_YEAR)
    n = us24.groupby("remote_ratio", observed=True)["n"].sum()
    remote_fig = figures(NOTEBOOK)[1]
    assert remote_fig["alt"].startswith("On-site and remote US ML engineers: medians about the same")
    assert f"hybrid thin (n = {n[50]})" in remote_fig["alt"]
    assert remote_fig["rests_on"] == min(n[0], n[100]) >= study.SMALL_SAMPLE_N


def test_answer_box_what_the_companies_use_ml_for_and_what_the_survey_can_say(curated_dir, bins, us_ml):
    box = answer_box(NOTEBOOK)
    c = data.load("companies", curated_dir)
    apps = c[c["ml_application"] != ""]
    assert f"says what ML does at {len(apps)}:" in box
    for r in apps.itertuples():
        assert r.company in box and r.ml_application in box
    by_country = bins.groupby("company_location", observed=True)["n"].sum()
    assert "**cannot say what these companies pay**" in box
    assert (f"{(c['hq_country'] == 'US').sum()} of the {len(c)} are headquartered in the United States, where "
            f"{by_country['US'] / by_country.sum():.0%} of the survey's records are") in box
    assert f"China (Baidu) has {by_country.get('CN', 0)}." in box
    n = us_ml.groupby("company_size", observed=True)["n"].sum()
    assert f"hold {n['M'] / n.sum():.0%} of US ML-engineer records" in box and f"small firms n = {n['S']}: thin" in box
    assert "without ranking" in box


def test_on_site_and_remote_medians_cannot_be_told_apart(bins):
    us24 = stats.subset(bins, region="United States", role_family=study.ML_FAMILY, work_year=study.LATEST_FULL_YEAR)
    for rows in (us24, us24[us24.grade == "Senior"]):
        est = stats.compare_quantiles(rows[rows.remote_ratio == 0], rows[rows.remote_ratio == 100], kind="ratio",
                                      n_boot=1000)
        assert est.lo <= 1 <= est.hi
        assert min(est.ns) >= study.SMALL_SAMPLE_N
    assert us24[us24.remote_ratio == 50].n.sum() < study.SMALL_SAMPLE_N
