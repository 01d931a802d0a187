"""The estimator's score tables for display: shares as rounded percentages, plain column names.

Split from :mod:`helpers.analysis.estimator` (which re-exports :func:`readable`) to keep that module short.
"""

from __future__ import annotations

import pandas as pd


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """An ``evaluate``/``evaluate_by`` (or ``estimator_rule``, ``estimator_coverage``) table with shares as rounded
    percentages, points and % rounded to 0.1, and plain column names (for display); a coverage under its interval's
    ``lo``-``hi`` in %, a gain's ``lo``-``hi`` in points."""
    names = {"coverage_80": "coverage of the range (%)", "median_abs_pct_error": "median abs. error of median (%)",
             "median_range_width_pct": "median range width (% of low)", "coverage_model": "coverage, model (%)",
             "coverage_baseline": "coverage, naive (%)", "error_pct_model": "median abs. error, model (%)",
             "error_pct_baseline": "median abs. error, naive (%)", "n_test": "n test", "n_train": "n train",
             "coverage": "coverage of the range (%)", "coverage_rule": "coverage, under the rule (%)", "declined_pct": "declined (%)",
             "error_pct": "median abs. error of median (%)", "share_pct": "share of the test year (%)",
             "similar_records": "similar records in the training years (n)", "group": "records of the test year",
             "profiles": "distinct profiles (n)", "profiles_answered": "distinct profiles answered (n)",
             "records": "records (n)", "region": "Region",
             "error_model": "median abs. error, model (%)", "error_naive": "median abs. error, naive (%)",
             "gain": "model's gain over naive (points)"}
    out = table.copy()
    for col in out.columns:
        if col.startswith("coverage") or (col in ("lo", "hi") and "coverage" in out.columns):
            out[col] = (out[col] * 100).round(1)
        elif "pct" in col or col.startswith("error_") or col in ("gain", "lo", "hi"):
            out[col] = out[col].round(1)
    if "gain" in out.columns:
        names = {**names, "lo": "gain, 95% interval from (points)", "hi": "gain, 95% interval to (points)"}
    elif "coverage" in out.columns:
        names = {**names, "lo": "coverage, 95% interval from (%)", "hi": "coverage, 95% interval to (%)"}
    return out.rename(columns=names)
