"""Coverage: what the curated data holds, as record counts by dimension, shares and thin cells.

Used by the dataset tour (notebook 01) to show, before any figure is trusted, where the sample is
large and where it is too thin to say much (the heatmap is ``plots.coverage_heatmap``).
"""

from __future__ import annotations

import pandas as pd

from helpers import study


def counts(bins: pd.DataFrame, rows: str, cols: str, total: bool = True) -> pd.DataFrame:
    """Distinct records per ``rows`` x ``cols`` (observed categories, sorted), with totals if asked."""
    table = bins.pivot_table(index=rows, columns=cols, values="n", aggfunc="sum", observed=True, fill_value=0)
    table = table.astype("int64")
    table.columns = table.columns.astype(str)
    table.index = table.index.astype(str)
    if total:
        table["Total"] = table.sum(axis=1)
        table.loc["Total"] = table.sum(axis=0)
    return table


def share(bins: pd.DataFrame, column: str, value: object) -> float:
    """Share of distinct records whose ``column`` equals ``value`` (0..1)."""
    n = bins["n"].sum()
    return float(bins.loc[bins[column] == value, "n"].sum() / n) if n else float("nan")



def summary_facts(bins: pd.DataFrame, report: dict) -> dict[str, float]:
    """The headline coverage facts the dataset tour states (all computed, none typed)."""
    ml = bins[bins["role_family"] == study.ML_FAMILY]
    by_year = bins.groupby("work_year")["n"].sum()
    europe_ml = ml[ml["region"] == "Europe"].groupby("grade", observed=False)["n"].sum()
    return {
        "records": int(bins["n"].sum()),
        "rows_read": report["rows_read"],
        "duplicate_share": report["duplicates_removed"] / report["rows_read"],
        "us_share": share(bins, "region", "United States"),
        "europe_share": share(bins, "region", "Europe"),
        "medium_company_share": share(bins, "company_size", "M"),
        "small_company_records": int(bins.loc[bins["company_size"] == "S", "n"].sum()),
        "large_company_records": int(bins.loc[bins["company_size"] == "L", "n"].sum()),
        "executive_records": int(bins.loc[bins["grade"] == "Executive", "n"].sum()),
        "ml_executive_records": int(ml.loc[ml["grade"] == "Executive", "n"].sum()),
        "ml_records": int(ml["n"].sum()),
        "ml_europe": int(europe_ml.sum()),
        **{f"ml_europe_{g.lower()}": int(n) for g, n in europe_ml.items()},
        "year_max_records": int(by_year.idxmax()),
        "year_max_share": float(by_year.max() / by_year.sum()),
        "last_year": int(by_year.index.max()),
        "last_year_records": int(by_year.iloc[-1]),
        "min_salary_usd": float((bins["sum_usd"] / bins["n"]).min()),
    }
