"""The estimator's score tables for display: shares as rounded percentages, plain column names.

Split from :mod:`helpers.analysis.estimator` (which re-exports :func:`readable`) to keep that module short.
"""

from __future__ import annotations

import pandas as pd


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """An ``evaluate``/``evaluate_by`` (or ``estimator_rule``) table with shares as rounded percentages and plain
    column names (for display)."""
    names = {"coverage_80": "coverage of 80% range (%)", "median_abs_pct_error": "median abs. error of median (%)",
             "median_range_width_pct": "median range width (% of low)", "coverage_model": "coverage, model (%)",
             "coverage_baseline": "coverage, naive (%)", "error_pct_model": "median abs. error, model (%)",
             "error_pct_baseline": "median abs. error, naive (%)", "n_test": "n test", "n_train": "n train",
             "coverage": "coverage of 80% range (%)", "coverage_rule": "coverage, under the rule (%)", "declined_pct": "declined (%)",
             "error_pct": "median abs. error of median (%)", "share_pct": "share of the test year (%)",
             "similar_records": "similar records in the training years (n)", "group": "records of the test year"}
    out = table.copy()
    for col in out.columns:
        if col.startswith("coverage"):
            out[col] = (out[col] * 100).round(1)
        elif "pct" in col:
            out[col] = out[col].round(1)
    return out.rename(columns=names)
