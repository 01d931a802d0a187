"""The headline findings, recomputed independently (numpy on records expanded from the bins), and their wording on
the front page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import data, paths, study
from helpers.analysis import findings
from helpers.presentation.site import render
from tests import raw_sources
from tests.notebook_text import stored_text


def _median(bins: pd.DataFrame) -> float:
    """Inverted-CDF median with numpy on the records expanded from the bins (each at its bin's mean salary)."""
    agg = bins.groupby("bin")[["n", "sum_usd"]].sum()
    agg = agg[agg["n"] > 0]
    return float(np.quantile(np.repeat((agg["sum_usd"] / agg["n"]).to_numpy(), agg["n"].to_numpy()), 0.5, method="inverted_cdf"))


@pytest.fixture(scope="module")
def bins(curated_dir: Path) -> pd.DataFrame:
    return data.salary_bins(curated_dir)


@pytest.fixture(scope="module")
def pooled(bins: pd.DataFrame) -> pd.DataFrame:
    sel = bins[bins.work_year.isin(study.POOLED_YEARS)]
    return sel[sel.role_family == study.ML_FAMILY]


def test_us_europe_gap_by_grade(bins, pooled) -> None:
    gap = findings.us_europe_gap(bins).set_index("grade")
    for grade in ("Middle", "Senior"):
        us = pooled[(pooled.region == "United States") & (pooled.grade == grade)]
        eu = pooled[(pooled.region == "Europe") & (pooled.grade == grade)]
        row = gap.loc[grade]
        assert (row["n_a"], row["n_b"]) == (us.n.sum(), eu.n.sum())
        assert row["ratio"] == pytest.approx(_median(us) / _median(eu), rel=1e-9)
        assert row["lo"] <= row["ratio"] <= row["hi"] and row["hi"] - row["lo"] < 0.5 * row["ratio"]


def test_junior_to_senior(bins, pooled) -> None:
    step = findings.junior_to_senior(bins)
    us = pooled[pooled.region == "United States"]
    jr, sr = _median(us[us.grade == "Junior"]), _median(us[us.grade == "Senior"])
    assert step.median_from.value == pytest.approx(jr) and step.median_to.value == pytest.approx(sr)
    assert step.ratio.value == pytest.approx(sr / jr, rel=1e-9)
    assert step.ratio.lo <= step.ratio.value <= step.ratio.hi
    assert step.median_from.n == us[us.grade == "Junior"].n.sum()


def test_us_ml_salary_claim(bins, curated_dir) -> None:
    claims = data.load("claims", curated_dir)
    result = findings.us_ml_salary_claim(bins, claims)
    us = bins[(bins.work_year == study.LATEST_FULL_YEAR) & bins.role_family.isin(study.ML_SPECIALIST_FAMILIES)
              & (bins.region == "United States")]
    assert result.year == study.LATEST_FULL_YEAR
    assert result.median.value == pytest.approx(_median(us), rel=1e-9) and result.median.n == us.n.sum()
    assert result.claimed == claims.set_index("claim_id").loc["us_ml_avg_annual", "value"]
    assert result.check is not None and result.check.estimate == pytest.approx(us.sum_usd.sum() / us.n.sum())


def test_front_page_words_the_findings(bins, curated_dir, shared_raw) -> None:
    front = render.headlines(curated_dir)
    gap = findings.us_europe_gap(bins).set_index("grade").loc["Senior"]
    claim = findings.us_ml_salary_claim(bins, data.load("claims", curated_dir))
    assert len(front) == 3
    # the US / Europe headline is the range across sources and choices (recomputed from the raw files), with each
    # source as published and the Senior ratio beside it
    ratios = {k: raw_sources.ratio(v) for k, v in raw_sources.variants(raw_sources.aijobs_ml(shared_raw),
                                                                        raw_sources.so_ml(shared_raw)).items()}
    lo, hi = (float(x) for x in front[0].value.rstrip("×").split("–"))
    assert (lo, hi) == pytest.approx((min(ratios.values()), max(ratios.values())), abs=0.051)
    assert f"{len(ratios)} results" in front[0].text
    assert "aijobs.net ×" in front[0].detail and "Stack Overflow 2024 ×" in front[0].detail
    assert f"×{gap['ratio']:.2f} (95% CI {gap['lo']:.2f}–{gap['hi']:.2f}" in front[0].detail
    assert study.years_label(study.POOLED_YEARS) in front[0].detail and f"n = {gap['n_b']:,}" in front[0].detail
    # the article's "$150,000 average" is judged by the MEAN with its interval, as notebook 06 does, never by the median
    check = claim.check
    assert front[2].value == f"${check.estimate:,.0f}" and front[2].value != f"${claim.median.value:,.0f}"
    assert f"95% CI ${check.lo:,.0f}–${check.hi:,.0f}" in front[2].text and "Mean" in front[2].text
    assert f"${claim.claimed:,.0f} average" in front[2].text and front[2].text.endswith(f": {check.verdict}.")
    assert check.reason in front[2].detail and f"n = {check.n:,}" in front[2].detail


def _stored_text(notebook: str) -> str:
    return stored_text(paths.NOTEBOOKS / notebook)


def test_front_page_frames_the_claim_as_notebook_06_does(bins, curated_dir) -> None:
    """One framing per claim: the figure, interval and verdict on the front page are the ones notebook 06 states."""
    check = findings.us_ml_salary_claim(bins, data.load("claims", curated_dir)).check
    stated = _stored_text("06_fact_check.ipynb")
    for number in (check.estimate, check.lo, check.hi):
        assert f"{number:,.0f}" in stated, f"notebook 06 does not state {number:,.0f}"
    assert check.verdict in stated and "mean" in stated.lower()


def test_us_share(bins, pooled) -> None:
    n_us, n_all = findings.us_share(bins)
    assert (n_us, n_all) == (pooled[pooled.region == "United States"].n.sum(), pooled.n.sum())
    assert n_us / n_all > 0.5  # "mostly US companies", as the front page's caveat says
