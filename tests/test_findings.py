"""The headline findings, recomputed independently (numpy on records expanded from the bins), and their wording on
the front page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import data, paths, study
from helpers.analysis import findings
from helpers.presentation import wording
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


@pytest.fixture(scope="module")
def verdicts(curated_dir) -> list:
    return findings.fact_check(curated_dir)


def test_fact_check_covers_every_claim(verdicts, bins, curated_dir) -> None:
    claims = data.load("claims", curated_dir)
    assert [v.claim_id for v in verdicts] == claims.claim_id.tolist()
    # every claim has a rule and at least one line that tests it, directly or (a grade's years) indirectly
    assert all(v.lines and any(ln.tested for ln in v.lines) for v in verdicts)
    annual = findings.claim(verdicts, "us_ml_avg_annual")
    us = bins[(bins.work_year == study.LATEST_FULL_YEAR) & bins.role_family.isin(study.ML_SPECIALIST_FAMILIES)
              & (bins.region == "United States")]
    assert annual.claimed == claims.set_index("claim_id").loc["us_ml_avg_annual", "value"]
    assert annual.lines[0].estimate == pytest.approx(us.sum_usd.sum() / us.n.sum()) and annual.lines[0].n == us.n.sum()
    assert f"the median is {_median(us):,.0f}" in annual.lines[0].reason


@pytest.fixture(scope="module")
def front(curated_dir) -> list:
    return render.headlines(curated_dir)


def test_front_page_words_the_findings(front, verdicts, bins, shared_raw) -> None:
    gap = findings.us_europe_gap(bins).set_index("grade").loc["Senior"]
    claim = findings.claim(verdicts, "us_ml_avg_annual")
    assert len(front) == 3
    # the US / Europe headline is the range across sources and choices (recomputed from the raw files) by its two
    # ends, each with its interval and pool (never a bare "×1.7–2.4"), with each source as published and the Senior
    # ratio beside it
    frames = raw_sources.variants(raw_sources.aijobs_ml(shared_raw), raw_sources.so_ml(shared_raw))
    ratios = {k: raw_sources.ratio(v) for k, v in frames.items()}
    found = raw_sources.ends(front[0].text, "all grades pooled, runs")
    raw_sources.check_ends(found, ratios, frames)
    assert front[0].value == " to ".join(f"×{v:.1f} [{lo:.1f}–{hi:.1f}]" for v, lo, hi, _ in found)
    assert not raw_sources.BARE_RANGE.search(front[0].value + front[0].text)
    assert f"{len(ratios)} results" in front[0].text
    assert "aijobs.net ×" in front[0].detail and "Stack Overflow 2024 ×" in front[0].detail
    assert f"×{gap['ratio']:.2f} (95% CI {gap['lo']:.2f}–{gap['hi']:.2f}" in front[0].detail
    assert study.years_label(study.POOLED_YEARS) in front[0].detail and f"n = {gap['n_b']:,}" in front[0].detail
    # the article's "$150,000 average" is framed as notebook 06 and the README frame it: the range of the lines that
    # measure ML pay (recomputed here: aijobs' mean from the bins, Stack Overflow's from the raw file), the BLS
    # occupations (as published) beside them as stand-ins, the combined verdict and every line with its n
    claimed = claim.claimed
    so = raw_sources.so_ml(shared_raw)
    bls = pd.read_csv(paths.SHARED_RAW.parent / "reference" / "bls_oews_national_M2024_dl.csv", dtype=str)
    bls = bls[(bls.AREA == "99") & (bls.NAICS == "000000") & bls.OCC_CODE.isin(["15-1221", "15-1252", "15-2051"])]
    us = bins[(bins.work_year == study.LATEST_FULL_YEAR) & bins.role_family.isin(study.ML_SPECIALIST_FAMILIES)
              & (bins.region == "United States")]
    means = [us.sum_usd.sum() / us.n.sum(), so.loc[so.region == "United States", "pay"].mean()]  # they measure ML pay
    stand_ins = bls.A_MEAN.astype(float)  # the nearest official occupations stand in for it, beside the verdict
    assert front[2].value == f"${min(means) / 1000:,.0f}k–${max(means) / 1000:,.0f}k"
    assert f"claimed {claimed:,.0f} USD per year: {claim.verdict}." in front[2].text
    assert f"{len(means)} lines of evidence that measure ML pay put it at {min(means):,.0f}–{max(means):,.0f}" in front[2].text
    assert f"without measuring it, {stand_ins.min():,.0f}–{stand_ins.max():,.0f} USD per year" in front[2].text
    assert f"n = {us.n.sum():,}" in front[2].detail and f"n = {(so.region == 'United States').sum():,}" in front[2].detail
    assert front[2].detail.count("published figure, no interval") == len(bls)


def _stored_text(notebook: str) -> str:
    return stored_text(paths.NOTEBOOKS / notebook)


def test_front_page_frames_the_claim_as_notebook_06_and_the_readme_do(front, verdicts) -> None:
    """One framing per claim: the front page's third headline is the statement notebook 06 prints and the README
    lists, word for word, and it is the one of the claim's current verdict."""
    front = front[2]
    claim = findings.claim(verdicts, "us_ml_avg_annual")
    assert (front.value, front.text, front.detail) == wording.headline(claim)
    assert front.text in _stored_text("06_fact_check.ipynb"), "notebook 06 does not state the front page's words"
    assert front.text in (paths.ROOT / "README.md").read_text(encoding="utf-8"), "README claims section is stale"
    for line in claim.lines:  # every line of evidence, with its verdict, is on the front page
        assert f"{line.name} " in front.detail and line.verdict in front.detail


def test_us_share(bins, pooled) -> None:
    n_us, n_all = findings.us_share(bins)
    assert (n_us, n_all) == (pooled[pooled.region == "United States"].n.sum(), pooled.n.sum())
    assert n_us / n_all > 0.5  # "mostly US companies", as the front page's caveat says
