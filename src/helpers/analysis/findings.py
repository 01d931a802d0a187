"""Findings: each headline result computed once, for the notebooks, the site's front page and the README alike.

A notebook that discusses a headline calls the function here instead of re-deriving it, and the site reads the
same function's result, so the front page and the notebook agree by construction (same data, years, families,
bootstrap size, all from :mod:`helpers.study`). Results are numbers; wording them is the presentation's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import data, paths, schema, study
from helpers.analysis import factcheck, sensitivity, sources, stats


def pooled_ml(bins: pd.DataFrame) -> pd.DataFrame:
    """ML-engineering rows of the pooled work years (``study.POOLED_YEARS``), every region."""
    return stats.subset(bins, role_family=study.ML_FAMILY, work_year=list(study.POOLED_YEARS))


def us_europe_gap(bins: pd.DataFrame) -> pd.DataFrame:
    """US / Europe median ratio of ML engineers by grade, pooled years: ``stats.compare_table`` (notebook 02)."""
    return stats.compare_table(pooled_ml(bins), ["grade"], n_boot=study.N_BOOT)


#: Quantiles of the plain answer's middle half.
MIDDLE_HALF: tuple[float, float] = (0.25, 0.75)


def pay_by_grade(tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """What ML engineers earn at each grade, US and Europe, for every salary source: the front page's plain answer.

    One row per source, region and grade the source defines (Stack Overflow has no executive level; ``n = 0`` where
    nobody answered): ``source``, ``region``, ``grade``, ``n``, ``median`` with its 95% interval ``lo``/``hi``, the middle half
    ``p25``/``p75`` (nominal USD per year, in each source's own pay concept and years) and ``small_sample``.
    ``tables`` maps a source key to its curated table (default: the curated tables).
    """
    parts = []
    for s in sources.SOURCES:
        table = s.bins() if tables is None else tables[s.key]
        defined = [g for g in schema.GRADES if (table["grade"].astype(str) == g).any()]
        rows = stats.subset(s.ml(table), region=list(study.COMPARED_REGIONS))
        ci = stats.quantile_ci_table(rows, ["region", "grade"], n_boot=study.N_BOOT)
        mid = stats.quantile_table(rows, ["region", "grade"], qs=MIDDLE_HALF)
        t = ci.merge(mid.drop(columns=["small_sample"]), on=["region", "grade", "n"], how="left")
        t = t.assign(region=t["region"].astype(str), grade=t["grade"].astype(str)).set_index(["region", "grade"])
        full = pd.MultiIndex.from_product([list(study.COMPARED_REGIONS), defined], names=["region", "grade"])
        t = t.reindex(full).reset_index()
        t["n"] = t["n"].fillna(0).astype(int)
        t["small_sample"] = t["n"].map(stats.is_small)
        parts.append(t.rename(columns={"value": "median"}).assign(source=s.name))
    out = pd.concat(parts, ignore_index=True)
    return out[["source", "region", "grade", "n", "median", "lo", "hi", "p25", "p75", "small_sample"]]


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
    return GradeStep(region, "Junior", "Senior",
                     stats.bootstrap_quantile(junior, 0.5, study.N_BOOT),
                     stats.bootstrap_quantile(senior, 0.5, study.N_BOOT),
                     stats.compare_quantiles(senior, junior, 0.5, "ratio", study.N_BOOT))


def fact_check(curated: Path = paths.CURATED, sens: pd.DataFrame | None = None) -> list[factcheck.Verdict]:
    """Every claim of the article on all its evidence (notebook 06, the front page's third headline, the README's
    claims section): :func:`factcheck.check_all` on the curated tables in ``curated``. ``sens`` is
    ``sensitivity.ratio_table`` on the same tables (computed when not given); the "Europe lower" range is
    :func:`us_europe_range`'s."""
    tables = {s.key: data.load(s.table, curated) for s in sources.SOURCES}
    sens = sensitivity.ratio_table(bins=tables) if sens is None else sens
    rng = us_europe_range(sens)
    ev = factcheck.Evidence.of(tables, data.load("official_statistics", curated), data.reference_wages(curated), sens)
    return factcheck.check_all(data.load("claims", curated), ev, (rng.lowest, rng.highest, rng.results))


def claim(verdicts: list[factcheck.Verdict], claim_id: str) -> factcheck.Verdict:
    """The verdict on one claim, by id."""
    return next(v for v in verdicts if v.claim_id == claim_id)


def us_share(bins: pd.DataFrame) -> tuple[int, int]:
    """(records at US companies, all records) of ML engineers in the pooled years: how US-heavy the headline data is."""
    rows = pooled_ml(bins)
    return int(stats.subset(rows, region=study.COMPARED_REGIONS[0])["n"].sum()), int(rows["n"].sum())
