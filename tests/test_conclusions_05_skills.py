"""Conclusions of notebooks/05_skills.ipynb: the hand-authored skills table and the indirect pay evidence."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from helpers import binning, data, paths, schema, study
from helpers.analysis import stats
from tests.notebook_text import answer_box, figures

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


# ---------------------------------------------------------------- the titles and the Answer box, from the raw records

NOTEBOOK = paths.NOTEBOOKS / "05_skills.ipynb"


def _clearly_above(a: np.ndarray, b: np.ndarray, reps: int = 2000) -> bool:
    """Whether median(a) / median(b) has a 95% percentile-bootstrap interval above 1 (numpy only, raw records)."""
    rng = np.random.default_rng(20240)
    ra = np.quantile(rng.choice(a, (reps, a.size)), 0.5, axis=1, method="inverted_cdf")
    rb = np.quantile(rng.choice(b, (reps, b.size)), 0.5, axis=1, method="inverted_cdf")
    return bool(np.quantile(ra / rb, 0.025) > 1)


@pytest.fixture(scope="module")
def counted(raw_records) -> dict[str, tuple[int, int, int]]:
    """Per neighbour family: (grades clearly below ML engineers, grades with 30+ on both sides, smallest such group)."""
    us = raw_records[(raw_records["region"] == "United States") & (raw_records["work_year"] == YEAR)]
    out = {}
    for other in study.NEIGHBOUR_FAMILIES:
        above, solid, sizes = 0, 0, []
        for grade in schema.GRADES:
            a = us.loc[(us["role_family"] == study.ML_FAMILY) & (us["grade"] == grade), "salary"].to_numpy()
            b = us.loc[(us["role_family"] == other) & (us["grade"] == grade), "salary"].to_numpy()
            if min(a.size, b.size) >= study.SMALL_SAMPLE_N:
                solid, sizes = solid + 1, [*sizes, a.size, b.size]
                above += _clearly_above(a, b)
        out[other] = (above, solid, min(sizes))
    return out


def test_titles_count_only_grades_with_30_on_both_sides(counted):
    figs = figures(NOTEBOOK)
    names = dict(zip(study.NEIGHBOUR_FAMILIES, ("data engineers", "analytics & BI staff"), strict=True))
    for fig, (family, (above, solid, smallest)) in zip(figs, counted.items(), strict=True):
        assert solid == len(schema.GRADES)  # every grade has 30+ on both sides, so "of 4 grades" counts them all
        assert fig["alt"] == f"US ML engineers out-earn {names[family]} at {above} of {solid} grades ({YEAR})"
        assert fig["rests_on"] == smallest >= study.SMALL_SAMPLE_N


def test_answer_box_says_what_a_salary_survey_can_say_about_skills(skills, counted):
    box = answer_box(NOTEBOOK)
    shown = ~skills["demonstrated_in"].str.startswith("not demonstrated")
    indirect = skills["evidence_in_data"].str.startswith("indirect").sum()
    assert f"direct evidence on none of the article's {len(skills)} skills" in box
    assert f"indirect evidence, through titles, on {indirect}" in box and f"puts {shown.sum()} of them to work" in box
    (de_above, de_solid, _), (bi_above, bi_solid, _) = counted.values()
    assert f"data engineers' at {de_above} of {de_solid} grades" in box
    assert f"analytics & BI staff's at {bi_above} of {bi_solid} grades" in box
    assert "not a price of SQL" in box
