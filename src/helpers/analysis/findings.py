"""Findings: each headline result computed once, for the notebooks, the site's front page and the README alike.

A notebook that discusses a headline calls the function here instead of re-deriving it, and the site reads the
same function's result, so the front page and the notebook agree by construction (same data, years, families,
bootstrap size and seed, all from :mod:`helpers.study`). Results are numbers; wording them is the presentation's job.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import study
from helpers.analysis import factcheck, sensitivity, sources
from helpers.analysis import statistics as stats


def pooled_ml(bins: pd.DataFrame) -> pd.DataFrame:
    """ML-engineering rows of the pooled work years (``study.POOLED_YEARS``), every region."""
    return stats.subset(bins, role_family=study.ML_FAMILY, work_year=list(study.POOLED_YEARS))


def us_europe_gap(bins: pd.DataFrame) -> pd.DataFrame:
    """US / Europe median ratio of ML engineers by grade, pooled years: ``statistics.compare_table`` (notebook 02)."""
    return stats.compare_table(pooled_ml(bins), ["grade"], n_boot=study.N_BOOT, seed=study.SEEDS["gap_by_grade"])


@dataclass(frozen=True)
class GapRange:
    """The US / Europe median ratio of ML pay, all grades pooled, across sources and the analyst's choices.

    ``lowest``/``highest`` span every source x choice with at least ``study.SMALL_SAMPLE_N`` records on both sides
    (``results`` of them); ``table`` holds those results (source, variant, ratio, lo, hi, n_a, n_b, small_sample) and
    ``baseline`` the as-published row of each source.
    """

    lowest: float
    highest: float
    results: int
    table: pd.DataFrame
    baseline: pd.DataFrame


def us_europe_range(table: pd.DataFrame | None = None) -> GapRange:
    """What survives of the US / Europe gap: :func:`sensitivity.ratio_table` (every source, each choice flipped alone)
    reduced to the all-grades ratio (notebooks 02 and 10, the site's front page)."""
    table = sensitivity.ratio_table() if table is None else table
    pooled = table[table["measure"] == sources.ALL_GRADES].reset_index(drop=True)
    counted = pooled[~pooled["small_sample"].astype(bool) & pooled["ratio"].notna()]
    low, high = sensitivity.surviving_range(table)
    baseline = pooled[pooled["variant"] == sensitivity.VARIANTS[0].name].reset_index(drop=True)
    return GapRange(low, high, len(counted), pooled, baseline)


@dataclass(frozen=True)
class GradeStep:
    """The median of one grade against another's, in one region: both medians and their ratio, each with its interval."""

    region: str
    from_grade: str
    to_grade: str
    median_from: stats.Estimate
    median_to: stats.Estimate
    ratio: stats.Estimate


def junior_to_senior(bins: pd.DataFrame, region: str = study.COMPARED_REGIONS[0]) -> GradeStep:
    """How many times the median Junior's pay the median Senior ML engineer earns in ``region`` (pooled years)."""
    rows = stats.subset(pooled_ml(bins), region=region)
    junior, senior = stats.subset(rows, grade="Junior"), stats.subset(rows, grade="Senior")
    seed = study.SEEDS["headline"]
    return GradeStep(region, "Junior", "Senior",
                     stats.bootstrap_quantile(junior, 0.5, study.N_BOOT, seed=seed),
                     stats.bootstrap_quantile(senior, 0.5, study.N_BOOT, seed=seed),
                     stats.compare_quantiles(senior, junior, 0.5, "ratio", study.N_BOOT, seed=seed))


@dataclass(frozen=True)
class ClaimCheck:
    """The article's US ML salary claim against the survey: the claimed figure, the median and the fact check."""

    claimed: float | None
    median: stats.Estimate
    check: factcheck.Check | None
    year: int


def us_ml_salary_claim(bins: pd.DataFrame, claims: pd.DataFrame) -> ClaimCheck:
    """The fact check's own evidence on "US ML specialists earn about $150,000" (notebook 06), median included."""
    values = claims.set_index("claim_id")["value"]
    claimed = values.get("us_ml_avg_annual")
    claimed = None if claimed is None or pd.isna(claimed) else float(claimed)
    year = factcheck.DEFAULT_YEAR
    median = factcheck.us_ml_median(bins, year)
    check = factcheck.check_us_ml_avg_annual(claimed, bins, year) if claimed is not None and median.available else None
    return ClaimCheck(claimed, median, check, year)


def us_share(bins: pd.DataFrame) -> tuple[int, int]:
    """(records at US companies, all records) of ML engineers in the pooled years: how US-heavy the headline data is."""
    rows = pooled_ml(bins)
    return int(stats.subset(rows, region=study.COMPARED_REGIONS[0])["n"].sum()), int(rows["n"].sum())
