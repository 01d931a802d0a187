"""Distributions and counts: the weighted ECDF of pay by group, and the coverage heatmap of record counts.

Same grammar as :mod:`helpers.presentation.plots` (thin groups drawn and marked as thin, n beside every figure);
colours from :mod:`helpers.presentation.theme`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from helpers import schema, study
from helpers.presentation import table_format as tables
from helpers.presentation import theme
from helpers.presentation.plots import EXECUTIVE


def pay_ecdf(dist: pd.DataFrame, *, title: str, group: str = "region", facet: str = "grade", reference: str = "United States",
             xlabel: str = "USD per year, nominal (log scale)", source: str = theme.SOURCE, note: str = "",
             figsize: tuple[float, float] | None = None) -> Figure:
    """Weighted ECDFs (seaborn) of pay from :func:`table_format.distribution`: one panel per ``facet`` value, one line per
    ``group`` (region colours), and the ``reference`` group's median as a dashed line. Where another group's line
    crosses it, a dot and a plain statement ("84% of Europe below the US median") say the share below it, for groups
    with 30+ records. Groups under 30 records are drawn dotted and thin, and say so; a group with no records in a
    panel is named there ("no Europe records")."""
    import seaborn as sns  # here, not at module level: it pulls in scipy.stats (~1 s), and only this chart uses it

    facets = [f for f in (theme.GRADE_ORDER if facet == "grade" else sorted(dist[facet].unique())) if (dist[facet] == f).any()]
    ncols = min(2, len(facets))
    nrows = int(np.ceil(len(facets) / ncols))
    fig, axes = plt.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False, figsize=figsize or (7.0, 2.4 * nrows + 1.7))
    present = list(dist[group].astype(str).unique())
    groups = [g for g in schema.REGIONS if g in present] + sorted(g for g in present if g not in schema.REGIONS)

    def short(g: object) -> str:
        return "US" if g == "United States" else tables.label(g)

    for ax, f in zip(axes.flat, facets, strict=False):
        part = dist[dist[facet] == f]
        ns = part.groupby(group, observed=True)["n"].sum().reindex(groups).fillna(0).astype(int)
        for g in ns.index[ns > 0]:
            small = ns[g] < study.SMALL_SAMPLE_N
            sns.ecdfplot(data=part[part[group] == g], x="salary_usd", weights="n", color=theme.color_of(g, theme.MUTED), ax=ax,
                         log_scale=True, linewidth=1.0 if small else 1.8, linestyle=":" if small else "-")
        if ns.get(reference, 0) > 0:
            ref = part[part[group] == reference]
            med = float(ref.loc[ref["share_at_or_below"] >= 0.5, "salary_usd"].iloc[0])
            ax.axvline(med, color=theme.color_of(reference, theme.INK), linewidth=1.0, linestyle="--", zorder=1)
            for g in ns.index[(ns >= study.SMALL_SAMPLE_N) & (ns.index != reference)]:
                other = part[part[group] == g]
                below = float(other.loc[other["salary_usd"] < med, "n"].sum() / other["n"].sum())
                color = theme.color_of(g, theme.MUTED)
                ax.plot(med, below, "o", color=color, markeredgecolor=theme.INK, markersize=6, zorder=4)
                ax.annotate(f"{below:.0%} of {short(g)}\nbelow the {short(reference)}\nmedian", (med, below), xytext=(6, -2),
                            textcoords="offset points", ha="left", va="top", fontsize=7.5, color=theme.INK,
                            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1})
        counts = ", ".join(f"{short(g)} {int(n):,}" + ("*" if 0 < n < study.SMALL_SAMPLE_N else "") for g, n in ns.items())
        ax.set_title(f"{f} (n: {counts})", fontsize=8.5, loc="left")
        missing = [short(g) for g, n in ns.items() if n == 0]
        if missing:
            ax.text(0.03, 0.93, f"no {listing_or(missing)} records at this grade", transform=ax.transAxes, ha="left",
                    va="top", fontsize=8, color=theme.MUTED)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0%}"))
        ax.xaxis.set_major_locator(FixedLocator([25e3, 50e3, 100e3, 200e3, 400e3]))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(theme.usd))
        ax.set_xlabel(xlabel if ax in axes[-1, :] else "")
        ax.set_ylabel("Share earning at most x" if ax in axes[:, 0] else "")
    for ax in list(axes.flat)[len(facets):]:
        ax.set_visible(False)
    handles = [theme.key_line(tables.label(g), theme.color_of(g, theme.MUTED)) for g in groups]
    handles += [theme.key_line(f"{reference} median", theme.color_of(reference, theme.INK), "--"),
                theme.key_dot(f"share below the {short(reference)} median", theme.MUTED),
                theme.key_line(f"{theme.SMALL_LABEL} (n*): thin dotted line", theme.MUTED, ":")]
    cap = (f"{source}, n = {int(dist['n'].sum()):,}. Each line: the share of a group's records earning at most the "
           f"salary on the x axis (weighted ECDF of 1% salary bins). Where a line crosses the dashed {reference} median "
           f"(the dot) reads the share below it; it is stated for groups with n ≥ {study.SMALL_SAMPLE_N}. {EXECUTIVE}"
           + (f" {note}" if note else ""))
    return theme.layout(fig, title, cap, handles)


def listing_or(items: Sequence[str]) -> str:
    """'A', 'A or B', 'A, B or C'."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def coverage_heatmap(table: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, note: str = "") -> Figure:
    """Annotated heatmap of record counts (log colour scale); cells with n < 30 are hatched, outlined and bold.

    ``table`` is the output of :func:`helpers.analysis.coverage.counts` (a ``Total`` row/column is dropped before drawing).
    """
    body = table.drop(index="Total", columns="Total", errors="ignore")
    values = body.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(7.0, 0.45 * len(body) + 2.4))
    shown = np.where(values > 0, values, np.nan)
    vmax = max(np.nanmax(shown) if np.isfinite(shown).any() else 1.0, 2.0)
    # more records, darker: the thin cells (hatched) are the light ones, where the hatching shows
    im = ax.imshow(shown, cmap="cividis_r", norm=LogNorm(vmin=1, vmax=vmax), aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = int(values[i, j])
            small = v < study.SMALL_SAMPLE_N
            if small:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch=theme.SMALL_HATCH, edgecolor=theme.INK, linewidth=1.0))
            color = "white" if v and np.log(v) > 0.55 * np.log(vmax) else "black"
            box = {"facecolor": "white", "alpha": 0.9, "edgecolor": "none", "pad": 1.5} if small else None
            ax.text(j, i, f"{v:,}", ha="center", va="center", fontsize=8.5, color=theme.INK if small else color,
                    fontweight="bold" if small else "normal", bbox=box)
    ax.set_xticks(range(values.shape[1]), [tables.label(c) for c in body.columns])
    ax.set_yticks(range(values.shape[0]), [tables.label(i) for i in body.index])
    ax.grid(False)
    cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cb.ax.yaxis.set_major_locator(FixedLocator([t for t in (1, 10, 100, 1_000, 10_000) if t <= vmax]))
    cb.ax.yaxis.set_minor_locator(NullLocator())
    cb.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    cb.set_label("distinct records (log scale)")
    extra = f"Hatched cells: n < {study.SMALL_SAMPLE_N}, too thin for a reliable median." + (f" {note}" if note else "")
    handles = [Rectangle((0, 0), 1, 1, fill=False, hatch=theme.SMALL_HATCH, edgecolor=theme.INK, label=f"n < {study.SMALL_SAMPLE_N}")]
    return theme.finish(fig, ax, title, xlabel, ylabel, theme.default_caption(int(values.sum()), extra), handles)
