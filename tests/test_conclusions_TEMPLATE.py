"""Conclusions of the notebook this file is named after, recomputed independently from the raw survey file.

The template for a notebook's conclusion test: copy it with its notebook (CONTRIBUTING.md, "Adding a notebook"). The
notebook it checks follows from this file's name (``notebook_of(__file__)``). Each test recomputes one statement
the notebook prints with plain pandas and numpy on the de-duplicated raw records (the ``raw_records`` fixture), then
checks the stored output says it; the study's choices come from ``helpers.study``, as in the notebook.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import data, study
from helpers.analysis import findings
from tests.notebook_text import answer_box, figures, notebook_of, stored_text

NOTEBOOK = notebook_of(__file__)
#: The independent bootstrap's seed: this check draws its own random numbers (the notebook's intervals need no
#: seed, their stream follows from the statistic and its records).
CHECK_SEED = 2718
REMOTE, ON_SITE = 100, 0  # the survey's remote_ratio codes: over 80% remote, under 20%


@pytest.fixture(scope="module")
def us_ml(raw_records: pd.DataFrame) -> pd.DataFrame:
    """US ML engineers' distinct raw records in the pooled years."""
    r = raw_records
    return r[(r["role_family"] == study.ML_FAMILY) & (r["region"] == study.COMPARED_REGIONS[0])
             & r["work_year"].isin(study.POOLED_YEARS)]


@pytest.fixture(scope="module")
def gap(curated_dir) -> pd.DataFrame:
    """The notebook's own result, computed as the notebook computes it."""
    return findings.remote_vs_on_site(data.salary_bins(curated_dir)).set_index("grade")


def salaries(us_ml: pd.DataFrame, grade: str, remote: int) -> np.ndarray:
    return us_ml.loc[(us_ml["grade"] == grade) & (us_ml["remote_ratio"] == remote), "salary"].to_numpy()


def median(x: np.ndarray) -> float:
    return float(np.quantile(x, 0.5, method="inverted_cdf"))


def boot_medians(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """``study.N_BOOT`` medians of resamples of ``x`` (records drawn with replacement)."""
    return np.quantile(rng.choice(x, size=(study.N_BOOT, x.size)), 0.5, axis=1, method="inverted_cdf")


def test_counts_are_the_raw_records(us_ml, gap) -> None:
    counts = us_ml.groupby(["grade", "remote_ratio"]).size()
    for grade, r in gap.iterrows():
        assert (r["n_a"], r["n_b"]) == (counts.get((grade, REMOTE), 0), counts.get((grade, ON_SITE), 0))
    assert (us_ml["remote_ratio"] == 50).sum() < study.SMALL_SAMPLE_N  # "hybrid jobs are too few to compare"


def test_ratios_are_the_exact_medians_ratios(us_ml, gap) -> None:
    """Binned medians (1% bins) within 2% of the exact medians of the raw salaries."""
    for grade, r in gap.iterrows():
        remote, on_site = salaries(us_ml, grade, REMOTE), salaries(us_ml, grade, ON_SITE)
        assert r["ratio"] == pytest.approx(median(remote) / median(on_site), rel=0.02)


def test_verdicts_hold_on_an_independent_bootstrap(us_ml, gap) -> None:
    """Remote pays less at Middle and about the same at Senior: a plain resampling bootstrap of the raw salaries
    agrees on which side of ×1 each interval lies."""
    rng = np.random.default_rng(CHECK_SEED)
    solid = gap[~gap["small_sample"]]
    assert list(solid.index.astype(str)) == ["Middle", "Senior"]
    for grade, r in solid.iterrows():
        remote, on_site = salaries(us_ml, grade, REMOTE), salaries(us_ml, grade, ON_SITE)
        reps = boot_medians(rng, remote) / boot_medians(rng, on_site)
        lo, hi = np.quantile(reps, [0.025, 0.975])
        assert (hi < 1) == (r["hi"] < 1) and (lo > 1) == (r["lo"] > 1), grade
    assert solid.loc["Middle", "hi"] < 1 <= solid.loc["Senior", "hi"] and solid.loc["Senior", "lo"] <= 1


def test_answer_box_states_each_solid_grade_and_names_the_thin_ones(gap) -> None:
    box = answer_box(NOTEBOOK)
    assert f"work years {min(study.POOLED_YEARS)}–{max(study.POOLED_YEARS)}" in box
    for grade, r in gap.iterrows():
        said = f"n = {r['n_a']:,} remote vs {r['n_b']:,} on-site"
        assert said in box, grade
        if r["small_sample"]:
            assert min(r["n_a"], r["n_b"]) < study.SMALL_SAMPLE_N and f"{grade} ({said})" in box
        else:
            assert f"×{r['ratio']:.2f} (95% CI {r['lo']:.2f}–{r['hi']:.2f}; {said})" in box
    assert "**remote lower**, ×" in box and "Senior: **about the same" in box


def test_figure_title_rests_on_the_grades_with_30_or_more_records(gap) -> None:
    (figure,) = figures(NOTEBOOK)
    solid = gap[~gap["small_sample"]]
    assert figure["rests_on"] == min(solid["n_a"].min(), solid["n_b"].min()) >= study.SMALL_SAMPLE_N
    assert "lower at Middle, about the same at Senior" in figure["alt"]
    for grade, r in gap[gap["small_sample"]].iterrows():
        assert f"{grade} thin (n = {min(r['n_a'], r['n_b'])})" in figure["alt"]


def test_the_prose_and_the_table_print_the_same_intervals(gap) -> None:
    """One statistic, one number: the prose cell and the formatted table show the Answer box's intervals."""
    text = stored_text(NOTEBOOK)
    for _, r in gap[~gap["small_sample"]].iterrows():
        assert f"×{r['ratio']:.2f} on-site's (95% CI {r['lo']:.2f}–{r['hi']:.2f}" in text
        assert f"{r['ratio']:.2f} {r['lo']:.2f}–{r['hi']:.2f}" in text
