"""Correctness at scale: the books balance, corrupt lines are quarantined, binned quantiles stay close.

Exact quantiles are computed here independently of the curation: DuckDB reads the synthetic raw
file (bad lines skipped, the injected bad codes filtered by simple rules), keeps DISTINCT records,
and numpy takes ``np.quantile(..., method="inverted_cdf")`` per grouping.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from benchmarks.generate import Generated
from helpers import binning, paths, schema, study

#: Groupings checked: (label, filters on the curated tables' columns).
GROUPINGS: tuple[tuple[str, dict[str, object]], ...] = (
    ("all records", {}),
    ("United States, Senior, ml_engineering", {"region": "United States", "grade": "Senior", "role_family": "ml_engineering"}),
    ("Europe, Junior", {"region": "Europe", "grade": "Junior"}),
    ("2023, Middle, data_science", {"work_year": 2023, "grade": "Middle", "role_family": "data_science"}),
    ("Other, Executive", {"region": "Other", "grade": "Executive"}),
)


@dataclass
class Checks:
    """Outcome of the correctness checks for one synthetic file."""

    books: dict[str, int]
    books_ok: bool
    quarantined: int
    max_rel_err_pct: float  # binned vs exact quantile, worst over groupings and p10..p90
    summary_exact: bool  # salary_summary.csv equals the exact quantiles where it has the grouping
    groupings: int

    @property
    def ok(self) -> bool:
        return self.books_ok and self.max_rel_err_pct <= 2.0 and self.summary_exact


def _exact_records(raw_csv: Path) -> pd.DataFrame:
    """Distinct valid records of the synthetic file with grade, region and role family (own SQL)."""
    con = duckdb.connect()
    src = str(raw_csv).replace("'", "''")
    levels = ", ".join(f"'{k}'" for k in schema.GRADE_OF_LEVEL)
    europe = ", ".join(f"'{c}'" for c in sorted(study.EUROPE))
    titles = pd.read_csv(paths.AUTHORED / "role_families.csv", keep_default_na=False)[["job_title", "role_family"]]
    con.register("titles", titles)
    grade_case = " ".join(f"WHEN '{k}' THEN '{g}'" for k, g in schema.GRADE_OF_LEVEL.items())
    return con.execute(
        f"""WITH raw AS (
              SELECT DISTINCT * FROM read_csv('{src}', header = true, all_varchar = true, ignore_errors = true,
                                             delim = ',', quote = '"', escape = '"')
              WHERE experience_level IN ({levels}) AND length(company_location) = 2 AND company_location <> 'ZZ'
                AND TRY_CAST(salary_in_usd AS DOUBLE) IS NOT NULL AND TRY_CAST(salary AS DOUBLE) IS NOT NULL)
            SELECT CAST(work_year AS INTEGER) AS work_year, CASE experience_level {grade_case} END AS grade,
                   t.role_family,
                   CASE WHEN company_location = 'US' THEN 'United States'
                        WHEN company_location IN ({europe}) THEN 'Europe' ELSE 'Other' END AS region,
                   CAST(salary_in_usd AS DOUBLE) AS salary_usd
            FROM raw JOIN titles t USING (job_title)"""
    ).df()


def _select(df: pd.DataFrame, filters: dict[str, object]) -> pd.DataFrame:
    mask = np.ones(len(df), dtype=bool)
    for col, val in filters.items():
        mask &= (df[col] == val).to_numpy()
    return df[mask]


def run_checks(gen: Generated, out_dir: Path) -> Checks:
    """Compare the curation of ``gen.path`` (written to ``out_dir``) with what the generator knows."""
    report = json.loads((out_dir / "curation_report.json").read_text())
    rejected = {k: v for k, v in report["rejected_by_reason"].items() if v}
    books = {
        "lines": gen.lines, "read": report["rows_read"], "kept": report["rows_kept"],
        "rejected": report["rows_rejected"], "duplicates": report["duplicates_removed"], "distinct_expected": gen.distinct,
    }
    quarantine = out_dir / "quarantine" / "salaries_rejected.csv"  # published inside the folder, git-ignored
    quarantined = len(pd.read_csv(quarantine, dtype=str, keep_default_na=False)) if quarantine.is_file() else 0
    books_ok = (
        report["rows_read"] == gen.lines
        and report["rows_kept"] + report["rows_rejected"] + report["duplicates_removed"] == gen.lines
        and report["rows_kept"] == gen.distinct
        and rejected == gen.injected
        and quarantined == sum(gen.injected.values())
    )
    exact = _exact_records(gen.path)
    bins = pd.read_csv(out_dir / "salary_bins.csv", keep_default_na=False)
    summary = pd.read_csv(out_dir / "salary_summary.csv", keep_default_na=False, dtype={"work_year": str})
    qs = np.array(list(binning.QUANTILES.values()))
    worst, summary_exact = 0.0, True
    for _, filters in GROUPINGS:
        want = np.quantile(_select(exact, filters)["salary_usd"].to_numpy(), qs, method="inverted_cdf")
        got = binning.binned_quantile(_select(bins, filters), qs)
        worst = max(worst, float(np.max(np.abs(got / want - 1))) * 100)
        key = {"work_year": "all", "region": "all", "role_family": "all", **{k: str(v) for k, v in filters.items()}}
        if "grade" in filters:  # the summary has every grade x (year|all) x (region|all) x (family|all)
            row = _select(summary, key)
            summary_exact &= len(row) == 1 and bool(np.all(row[list(binning.QUANTILES)].to_numpy()[0] == np.round(want)))
    return Checks(books, books_ok, quarantined, worst, summary_exact, len(GROUPINGS))
