"""What the curated data covers: record counts by dimension, and a heatmap that marks thin cells.

Used by the dataset tour (notebook 01) to show, before any figure is trusted, where the sample is
large and where it is too thin to say much.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from helpers import plots
from helpers.stats import SMALL_SAMPLE_N


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


def thin_cells(table: pd.DataFrame, threshold: int = SMALL_SAMPLE_N) -> list[tuple[str, str, int]]:
    """(row, column, n) of every cell below ``threshold`` (totals excluded), in table order."""
    body = table.drop(index="Total", columns="Total", errors="ignore")
    return [(r, c, int(body.loc[r, c])) for r in body.index for c in body.columns if body.loc[r, c] < threshold]


def coverage_heatmap(table: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, note: str = "") -> Figure:
    """Annotated heatmap of record counts (log colour scale); cells with n < 30 are hatched and outlined.

    ``table`` is the output of :func:`counts` (a ``Total`` row/column is dropped before drawing).
    """
    body = table.drop(index="Total", columns="Total", errors="ignore")
    values = body.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(7.0, 0.45 * len(body) + 2.0))
    shown = np.where(values > 0, values, np.nan)
    vmax = max(np.nanmax(shown) if np.isfinite(shown).any() else 1.0, 2.0)
    im = ax.imshow(shown, cmap="cividis", norm=LogNorm(vmin=1, vmax=vmax), aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = int(values[i, j])
            small = v < SMALL_SAMPLE_N
            if small:
                ax.add_patch(Rectangle(
                    (j - 0.5, i - 0.5), 1, 1, fill=False, hatch=plots.SMALL_HATCH, edgecolor="#B00020", linewidth=1.0))
            color = "white" if v and np.log(v) < 0.55 * np.log(vmax) else "black"
            box = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1.5} if small else None
            ax.text(j, i, f"{v:,}", ha="center", va="center", fontsize=8.5, color="#B00020" if small else color,
                    fontweight="bold" if small else "normal", bbox=box)
    ax.set_xticks(range(values.shape[1]), body.columns)
    ax.set_yticks(range(values.shape[0]), body.index)
    ax.grid(False)
    cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cb.set_label("distinct records (log scale)")
    n = int(values.sum())
    extra = f"Hatched red cells: n < {SMALL_SAMPLE_N}, too thin for a reliable median." + (f" {note}" if note else "")
    return plots._finish(fig, ax, title, xlabel, ylabel, plots.default_caption(n, extra))


def summary_facts(bins: pd.DataFrame, report: dict) -> dict[str, float]:
    """The headline coverage facts the dataset tour states (all computed, none typed)."""
    ml = bins[bins["role_family"] == "ml_engineering"]
    by_year = bins.groupby("work_year")["n"].sum()
    europe_ml = ml[ml["region"] == "Europe"].groupby("grade", observed=False)["n"].sum()
    return {
        "records": int(bins["n"].sum()),
        "rows_read": report["rows_read"],
        "duplicate_share": report["duplicates_removed"] / report["rows_read"],
        "us_share": share(bins, "region", "United States"),
        "europe_share": share(bins, "region", "Europe"),
        "medium_company_share": share(bins, "company_size", "M"),
        "ml_records": int(ml["n"].sum()),
        "ml_europe": int(europe_ml.sum()),
        **{f"ml_europe_{g.lower()}": int(n) for g, n in europe_ml.items()},
        "year_max_records": int(by_year.idxmax()),
        "year_max_share": float(by_year.max() / by_year.sum()),
        "last_year": int(by_year.index.max()),
        "last_year_records": int(by_year.iloc[-1]),
        "min_salary_usd": float((bins["sum_usd"] / bins["n"]).min()),
    }
