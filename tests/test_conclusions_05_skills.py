"""Conclusions of notebooks/05_skills.ipynb: the hand-authored skills table and the indirect pay evidence."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers import binning, data, paths, study
from helpers.analysis import statistics as stats

YEAR = study.LATEST_FULL_YEAR


@pytest.fixture(scope="module")
def skills() -> pd.DataFrame:
    return pd.read_csv(paths.AUTHORED / "skills.csv")


def test_skills_table_covers_the_articles_list(skills):
    assert list(skills.columns) == ["skill", "article_wording", "category", "demonstrated_in", "evidence_in_data"]
    assert skills["skill"].is_unique and len(skills) == 7
    words = " ".join(skills["article_wording"]).lower()
    for needle in ["discrete mathematics", "statistics", "probability", "machine learning algorithms", "sql", "data warehouses",
                   "python", "numpy", "scipy", "spss", "sas", "matlab", "matplotlib"]:
        assert needle in words, needle
    assert not skills.isna().any().any()


def test_every_pointer_in_the_skills_table_exists(skills):
    text = " ".join(skills["demonstrated_in"])
    notebooks = set(re.findall(r"\b(\d\d_[a-z0-9_]+)\b", text))
    modules = set(re.findall(r"(src/helpers/[a-z_/]+\.py)", text))
    assert notebooks and modules
    for nb in notebooks:
        assert (paths.NOTEBOOKS / f"{nb}.ipynb").is_file(), nb
    for mod in modules:
        assert (paths.ROOT / mod).is_file(), mod


def test_counts_stated_in_the_notebook(skills):
    shown = ~skills["demonstrated_in"].str.startswith("not demonstrated")
    assert shown.sum() == 6 and skills.loc[~shown, "skill"].tolist() == ["spss_sas_matlab"]
    assert not skills["evidence_in_data"].str.startswith("direct").any()
    indirect = skills.loc[skills["evidence_in_data"].str.startswith("indirect"), "skill"]
    assert sorted(indirect) == ["ml_algorithms", "sql_data_warehouses"]


@pytest.fixture(scope="module")
def us(curated_dir):
    return stats.subset(data.salary_bins(curated_dir), region="United States", work_year=YEAR)


def _ratio(us, grade, other):
    a = us[(us.role_family == study.ML_FAMILY) & (us.grade == grade)]
    b = us[(us.role_family == other) & (us.grade == grade)]
    est = stats.compare_quantiles(a, b, 0.5, "ratio", n_boot=1000)  # another bootstrap size than the notebook's: a robust conclusion
    assert est.value == binning.binned_quantile(a, 0.5)[0] / binning.binned_quantile(b, 0.5)[0]
    return est


@pytest.mark.parametrize("grade", ["Junior", "Middle", "Senior"])
def test_ml_engineers_out_earn_data_engineers_below_lead(us, grade):
    est = _ratio(us, grade, "data_engineering")
    assert est.lo > 1 and not est.small_sample


def test_lead_ml_vs_data_engineering_cannot_be_told_apart(us):
    est = _ratio(us, "Executive", "data_engineering")
    assert est.lo <= 1 <= est.hi


@pytest.mark.parametrize("grade", ["Junior", "Middle", "Senior", "Executive"])
def test_ml_engineers_out_earn_analytics_bi_at_every_grade(us, grade):
    assert _ratio(us, grade, "analytics_bi").lo > 1
