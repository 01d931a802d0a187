"""The collection's charts: each takes a tidy table from :mod:`helpers.analysis` and returns a finished Figure.

Every chart states its finding in the title (passed in, computed by the caller), labels its axes with units, names
source and n in a caption, and marks small samples (``small_sample`` column, n < ``study.SMALL_SAMPLE_N``) hollow or
faded and labelled "n<30". Look and finishing come from :mod:`helpers.presentation.theme`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from helpers import study
from helpers.presentation.theme import (
    GRADE_ORDER,
    PALETTE,
    REGION_COLORS,
    SMALL_ALPHA,
    SMALL_HATCH,
    SMALL_LABEL,
    SOURCE,
    VERDICT_COLORS,
    caption,
    default_caption,
    finish,
    small_note,
    times,
    usd,
    wrap_title,
)


def grade_ladder(table: pd.DataFrame, *, title: str, group: str | None = "region", ylabel: str = "Median, USD per year, nominal",
                 source: str = SOURCE, figsize: tuple[float, float] = (7.0, 4.2)) -> Figure:
    """Median per grade with IQR bars (p25-p75), one line per ``group`` value (e.g. region).

    ``table``: a :func:`helpers.analysis.statistics.quantile_table` with ``grade`` (and ``group``) columns. Small-sample points are
    hollow, faded and labelled "n<30".
    """
    fig, ax = plt.subplots(figsize=figsize)
    groups = [(None, table)] if group is None else list(table.groupby(group, observed=True, sort=True))
    k = len(groups)
    for j, (g, t) in enumerate(groups):
        color = REGION_COLORS.get(str(g), PALETTE[j % len(PALETTE)]) if g is not None else PALETTE[0]
        t = t.set_index("grade").reindex(list(GRADE_ORDER))
        x = np.arange(len(GRADE_ORDER)) + (j - (k - 1) / 2) * 0.12
        ok = t["n"].notna().to_numpy()
        ax.plot(x[ok], t["p50"].to_numpy()[ok], color=color, linewidth=1.8, label=f"{g}" if g is not None else "median")
        for xi, (_, r) in zip(x, t.iterrows(), strict=True):
            if pd.isna(r["n"]):
                continue
            small = bool(r["small_sample"])
            ax.errorbar(xi, r["p50"], yerr=[[r["p50"] - r["p25"]], [r["p75"] - r["p50"]]], fmt="o", color=color,
                        alpha=SMALL_ALPHA if small else 1.0, mfc="white" if small else color, capsize=3, markersize=6)
            if small:
                small_note(ax, xi, r["p75"])
    ax.set_xticks(range(len(GRADE_ORDER)), GRADE_ORDER)
    ax.yaxis.set_major_formatter(FuncFormatter(usd))
    ax.grid(axis="x", visible=False)
    if group is not None:
        ax.legend(loc="upper left")
    cap = f"{source}, n = {int(table['n'].sum()):,}. Dot median, bar p25–p75. Hollow/faded: {SMALL_LABEL}. Lead = EX (executive/director)."
    return finish(fig, ax, title, "Grade", ylabel, cap)


def dumbbell(table: pd.DataFrame, category: str, *, title: str, xlabel: str = "Median, USD per year, nominal",
             source: str = SOURCE, value_format: str = "usd", figsize: tuple[float, float] = (7.0, 4.2)) -> Figure:
    """US vs Europe (or any ``a`` vs ``b``) per category from :func:`helpers.analysis.statistics.compare_table`: one row per category,
    a dot per side with CI whiskers, the ratio (with CI) annotated on the right; small/empty sides marked.

    ``value_format``: "usd" (axis in k USD) or "ratio" (×1.5, e.g. multiples of the average wage)."""
    a, b = table.attrs.get("a", "United States"), table.attrs.get("b", "Europe")
    kind = table.attrs.get("kind", "ratio")
    fig, ax = plt.subplots(figsize=figsize)
    ys = np.arange(len(table))[::-1]
    ca, cb = REGION_COLORS.get(str(a), PALETTE[0]), REGION_COLORS.get(str(b), PALETTE[1])
    xmax = np.nanmax(table[["hi_a", "hi_b"]].to_numpy(dtype=float))
    for y, (_, r) in zip(ys, table.iterrows(), strict=True):
        if pd.notna(r["value_a"]) and pd.notna(r["value_b"]):
            ax.plot([r["value_a"], r["value_b"]], [y, y], color="#bbbbbb", linewidth=3, zorder=1)
        for side, color in (("a", ca), ("b", cb)):
            n, v = r[f"n_{side}"], r[f"value_{side}"]
            if not n:
                continue
            small = n < study.SMALL_SAMPLE_N
            ax.errorbar(v, y, xerr=[[v - r[f"lo_{side}"]], [r[f"hi_{side}"] - v]], fmt="o", color=color, capsize=3,
                        markersize=7, alpha=SMALL_ALPHA if small else 1.0, mfc="white" if small else color, zorder=2)
            if small:
                ax.annotate(SMALL_LABEL, (v, y + 0.15), fontsize=8, color="#B00020", ha="center", va="bottom")
        val = r[kind]
        txt = (f"×{val:.2f} [{r['lo']:.2f}–{r['hi']:.2f}]" if kind == "ratio" else f"{usd(val)} [{usd(r['lo'])}–{usd(r['hi'])}]") \
            if pd.notna(val) else f"no {b} data" if not r["n_b"] else f"no {a} data"
        ax.annotate(txt, (1.0, y), xycoords=("axes fraction", "data"), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color="#B00020" if r["small_sample"] else "#222222")
    ax.annotate(f"{'ratio' if kind == 'ratio' else 'difference'} [95% CI]", (1.0, len(table) - 0.45), xycoords=("axes fraction", "data"),
                xytext=(4, 0), textcoords="offset points", va="center", fontsize=8.5, fontweight="bold", color="#222222")
    labels = [f"{r[category]}\n(n = {r['n_a']:,} / {r['n_b']:,})" for _, r in table.iterrows()]
    ax.set_yticks(ys, labels)
    ax.set_xlim(0, xmax * 1.08)
    ax.set_ylim(-0.6, len(table) - 0.2)
    ax.xaxis.set_major_formatter(FuncFormatter(usd if value_format == "usd" else times))
    ax.grid(axis="y", visible=False)
    ax.legend(handles=[Patch(color=ca, label=str(a)), Patch(color=cb, label=str(b))], loc="lower right", bbox_to_anchor=(1.0, 1.0),
              ncols=2, fontsize=8.5, borderaxespad=0.2)
    n = int(table["n_a"].sum() + table["n_b"].sum())
    cap = (f"{source}, n = {n:,}. Whiskers: 95% bootstrap CI of each median; right: {a}/{b} "
           f"{'ratio' if kind == 'ratio' else 'difference'} [95% CI]. Hollow/faded: {SMALL_LABEL}.")
    fig.suptitle(wrap_title(fig, title), x=0.01, ha="left", fontweight="bold", fontsize=11.5)
    ax.set_xlabel(textwrap.fill(xlabel, width=int(fig.get_figwidth() * 0.6 * 72 / 6)))
    ax.set_ylabel(category.replace("_", " ").capitalize())
    fig.tight_layout(rect=(0, 0.08, 0.8, 1))
    caption(fig, cap)
    return fig


def trend(table: pd.DataFrame, x: str = "work_year", group: str | None = "region", *, title: str,
          ylabel: str = "Median, USD per year, nominal", source: str = SOURCE, figsize: tuple[float, float] = (7.0, 4.2)) -> Figure:
    """Median line with CI band per ``group`` over ``x`` from :func:`helpers.analysis.statistics.quantile_ci_table` (``value``, ``lo``,
    ``hi``, ``n``, ``small_sample``). Bands are drawn only between points with n >= 30; small-sample points are hollow,
    labelled "n<30" (one note in the corner instead when there are many)."""
    fig, ax = plt.subplots(figsize=figsize)
    groups = [(None, table)] if group is None else list(table.groupby(group, observed=True, sort=True))
    n_small = int(table["small_sample"].sum())
    for j, (g, t) in enumerate(groups):
        t = t.sort_values(x)
        color = REGION_COLORS.get(str(g), PALETTE[j % len(PALETTE)]) if g is not None else PALETTE[0]
        small = t["small_sample"].to_numpy(dtype=bool)
        ax.fill_between(t[x], t["lo"], t["hi"], where=~small, color=color, alpha=0.18, linewidth=0)
        ax.plot(t[x], t["value"], color=color, linewidth=1.8, label=str(g) if g is not None else "median")
        ok = t[~small]
        ax.errorbar(ok[x], ok["value"], yerr=[ok["value"] - ok["lo"], ok["hi"] - ok["value"]], fmt="o", color=color, zorder=3,
                    markersize=5.5, capsize=3, linewidth=1)
        ax.scatter(t[x][small], t["value"][small], facecolor="white", edgecolor=color, zorder=3, s=30)
        if n_small <= 4:
            for _, r in t[t["small_sample"]].iterrows():
                small_note(ax, r[x], r["value"], xytext=(0, 5), textcoords="offset points")
    if n_small > 4:
        ax.annotate(f"hollow points: {SMALL_LABEL}", (1.0, 0.02), xycoords="axes fraction", ha="right", va="bottom", fontsize=8,
                    color="#B00020")
    xs = sorted(table[x].unique())
    ax.set_xticks(xs, [str(v) for v in xs])
    ax.yaxis.set_major_formatter(FuncFormatter(usd))
    if group is not None:
        ax.legend(loc="upper left")
    cap = (f"{source}, n = {int(table['n'].sum()):,}. Band: 95% bootstrap CI of the median (n ≥ {study.SMALL_SAMPLE_N}). "
           f"Hollow: {SMALL_LABEL}.")
    return finish(fig, ax, title, x.replace("_", " ").capitalize(), ylabel, cap)


def small_multiples(table: pd.DataFrame, facet: str, x: str = "grade", *, title: str, ylabel: str = "Median, USD per year, nominal",
                    source: str = SOURCE, ncols: int = 3, reference: pd.DataFrame | None = None, reference_label: str = "reference",
                    order: Sequence[object] | None = None, figsize: tuple[float, float] | None = None) -> Figure:
    """One small panel per ``facet`` value (e.g. country): median with CI bars across ``x`` (e.g. grade), from a
    :func:`helpers.analysis.statistics.quantile_ci_table`. ``reference`` (same columns, no facet) is drawn as a grey line in every
    panel (e.g. the US), labelled ``reference_label``. Panels in ``order`` (default: table order). Shared y axis; small
    samples hollow + "n<30"."""
    facets = list(order) if order is not None else list(pd.unique(table[facet]))
    nrows = int(np.ceil(len(facets) / ncols))
    fig, axes = plt.subplots(nrows, ncols, sharey=True, figsize=figsize or (2.6 * ncols, 2.3 * nrows + 0.9), squeeze=False)
    cats = list(GRADE_ORDER) if x == "grade" else sorted(table[x].unique())
    pos = {c: i for i, c in enumerate(cats)}
    for ax, f in zip(axes.flat, facets, strict=False):
        t = table[table[facet] == f]
        if reference is not None:
            ref = reference.set_index(x).reindex(cats)
            ax.plot(range(len(cats)), ref["value"], color="#999999", linewidth=1.2, linestyle="--", label=reference_label)
        for _, r in t.iterrows():
            xi, small = pos[r[x]], bool(r["small_sample"])
            color = PALETTE[1]
            ax.errorbar(xi, r["value"], yerr=[[r["value"] - r["lo"]], [r["hi"] - r["value"]]], fmt="o", color=color, capsize=2,
                        alpha=SMALL_ALPHA if small else 1.0, mfc="white" if small else color, markersize=5)
            if small:
                small_note(ax, xi, r["hi"])
        ax.set_title(f"{f} (n = {int(t['n'].sum()):,})", fontsize=9.5, loc="left", fontweight="normal")
        ax.set_xticks(range(len(cats)), [str(c)[:3] for c in cats], fontsize=8)
        ax.set_xlim(-0.5, len(cats) - 0.5)
        ax.yaxis.set_major_formatter(FuncFormatter(usd))
        ax.grid(axis="x", visible=False)
    for ax in list(axes.flat)[len(facets):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel, fontsize=8.5)
    fig.suptitle(wrap_title(fig, title), x=0.01, ha="left", fontweight="bold", fontsize=11.5)
    ref_txt = f" Dashed: {reference_label} median." if reference is not None else ""
    cap = f"{source}, n = {int(table['n'].sum()):,}. Dot median, bar 95% bootstrap CI. Hollow/faded: {SMALL_LABEL}.{ref_txt}"
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    caption(fig, cap)
    return fig


def bar_with_ci(table: pd.DataFrame, category: str, *, title: str, xlabel: str = "Median, USD per year, nominal",
                source: str = SOURCE, color: str | None = None, colors: Sequence[str] | None = None, value_format: str = "usd",
                reference: float | None = None, ylabel: str | None = None, show_n: bool = True, n_total: int | None = None,
                figsize: tuple[float, float] = (7.0, 4.2)) -> Figure:
    """Horizontal bars (``value``) with CI whiskers (``lo``-``hi``) per ``category`` from
    :func:`helpers.analysis.statistics.quantile_ci_table`, first row on top, n beside each label; small samples faded + hatched.

    ``value_format``: "usd" (axis in k USD) or "ratio" (×1.25, for multipliers; then give a unit-bearing ``xlabel``);
    ``reference`` draws a vertical line (e.g. 1.0 for ratios); ``colors`` gives one colour per row. ``show_n=False`` when the
    category labels already carry n; ``n_total`` overrides the caption's n (default: sum of ``n``).
    """
    fig, ax = plt.subplots(figsize=figsize)
    ys = np.arange(len(table))[::-1]
    for k, (y, (_, r)) in enumerate(zip(ys, table.iterrows(), strict=True)):
        small = bool(r["small_sample"])
        if pd.isna(r["value"]):
            ax.annotate("no data", (0, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8, color="#B00020")
            continue
        face = colors[k] if colors is not None else color or PALETTE[0]
        ax.barh(y, r["value"], color=face, alpha=SMALL_ALPHA if small else 0.85, hatch=SMALL_HATCH if small else None,
                edgecolor="#333333" if small else "none", height=0.65)
        ax.errorbar(r["value"], y, xerr=[[r["value"] - r["lo"]], [r["hi"] - r["value"]]], fmt="none", ecolor="black", capsize=3)
        if small:
            ax.annotate(SMALL_LABEL, (r["hi"], y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8, color="#B00020")
    ax.set_yticks(ys, [f"{r[category]} (n = {r['n']:,})" if show_n else str(r[category]) for _, r in table.iterrows()])
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.xaxis.set_major_formatter(FuncFormatter(usd if value_format == "usd" else times))
    if reference is not None:
        ax.axvline(reference, color="#333333", linewidth=1, linestyle="--")
    ax.grid(axis="y", visible=False)
    n = int(table["n"].sum()) if n_total is None else n_total
    cap = f"{source}, n = {n:,}. Whiskers: 95% bootstrap CI. Faded/hatched: {SMALL_LABEL}."
    return finish(fig, ax, title, xlabel, ylabel if ylabel is not None else category.replace("_", " ").capitalize(), cap)


def prediction_ranges(table: pd.DataFrame, category: str, *, title: str, level: str = "80%",
                      xlabel: str = "USD per year, nominal", source: str = SOURCE, note: str = "",
                      figsize: tuple[float, float] = (7.0, 4.2)) -> Figure:
    """One row per ``category`` value (first row on top): dot = ``median``, bar = ``low``-``high`` (the ``level``
    prediction range), ``n_similar`` beside each label; rows with ``n_similar`` < 30 hollow, faded and labelled.

    ``note`` is appended to the caption (e.g. the range's held-out coverage).
    """
    fig, ax = plt.subplots(figsize=figsize)
    ys = np.arange(len(table))[::-1]
    color = PALETTE[0]
    for y, (_, r) in zip(ys, table.iterrows(), strict=True):
        small = r["n_similar"] < study.SMALL_SAMPLE_N
        alpha = SMALL_ALPHA if small else 1.0
        ax.plot([r["low"], r["high"]], [y, y], color=color, linewidth=6, alpha=0.3 * alpha, solid_capstyle="butt")
        ax.plot(r["median"], y, "o", color=color, mfc="white" if small else color, markersize=7, alpha=max(alpha, 0.6))
        ax.annotate(usd(r["median"]), (r["median"], y), xytext=(0, 6), textcoords="offset points", ha="center",
                    fontsize=8, color="#222222")
        if small:
            ax.annotate(SMALL_LABEL, (r["high"], y), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=8, color="#B00020")
    ax.set_yticks(ys, [f"{r[category]} (n = {int(r['n_similar']):,})" for _, r in table.iterrows()])
    ax.set_xlim(0, float(table["high"].max()) * 1.12)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.xaxis.set_major_formatter(FuncFormatter(usd))
    ax.grid(axis="y", visible=False)
    cap = (f"{source}. Dot: predicted median; bar: {level} prediction range (where {level} of such salaries should fall, "
           f"not a confidence interval). n = similar survey records; hollow/faded: {SMALL_LABEL}." + (f" {note}" if note else ""))
    return finish(fig, ax, title, xlabel, category.replace("_", " ").capitalize(), cap, bottom=0.1)




def claim_ratios(table: pd.DataFrame, *, title: str, tolerance: float, partly: float, source: str = SOURCE,
                 note: str = "", figsize: tuple[float, float] = (7.0, 3.6)) -> Figure:
    """Fact-check of claimed values: one row per claim (first on top) at ``claimed / estimate`` on a log axis, with the
    interval as ``claimed / hi``..``claimed / lo`` where known, shaded bands at ±``tolerance`` and ±``partly``, coloured
    by ``verdict``. ``table`` needs ``label``, ``claimed``, ``estimate``, ``lo``, ``hi``, ``verdict`` columns."""
    fig, ax = plt.subplots(figsize=figsize)
    ax.axvspan(1 - partly, 1 + partly, color="#E69F00", alpha=0.10, linewidth=0)
    ax.axvspan(1 - tolerance, 1 + tolerance, color="#009E73", alpha=0.15, linewidth=0)
    ax.axvline(1, color="#333333", linewidth=1)
    ys = np.arange(len(table))[::-1]
    ratios = []
    for y, (_, r) in zip(ys, table.iterrows(), strict=True):
        color = VERDICT_COLORS.get(str(r["verdict"]), "#333333")
        ratio = r["claimed"] / r["estimate"]
        ratios.append(ratio)
        if pd.notna(r["lo"]) and pd.notna(r["hi"]):
            lo, hi = r["claimed"] / r["hi"], r["claimed"] / r["lo"]
            ratios += [lo, hi]
            ax.plot([lo, hi], [y, y], color=color, linewidth=2)
        ax.plot(ratio, y, "o", color=color, markersize=8)
        ax.annotate(f"{r['verdict']} (×{ratio:.2f})", (ratio, y), xytext=(0, 8), textcoords="offset points", ha="center",
                    fontsize=8.5, color=color)
    ax.set_xscale("log")
    lo_x, hi_x = min([*ratios, 1 - partly]) * 0.72, max([*ratios, 1 + partly]) * 1.2
    ax.set_xlim(lo_x, hi_x)
    ticks = [t for t in (0.25, 0.33, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0) if lo_x <= t <= hi_x]
    ax.set_xticks(ticks, [f"×{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set_yticks(ys, list(table["label"]))
    ax.set_ylim(-0.6, len(table) - 0.3)
    ax.grid(axis="y", visible=False)
    cap = (f"{source}; reference wages as cited. Dot: claimed value / our estimate; line: the same over our 95% interval. "
           f"Green band ±{tolerance:.0%} (supported), orange band ±{partly:.0%} (partly supported)." + (f" {note}" if note else ""))
    return finish(fig, ax, title, "Claimed / estimated value, both in USD (log scale; ×1 = exact)", "", cap, bottom=0.12)


def coverage_heatmap(table: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, note: str = "") -> Figure:
    """Annotated heatmap of record counts (log colour scale); cells with n < 30 are hatched and outlined.

    ``table`` is the output of :func:`helpers.analysis.coverage.counts` (a ``Total`` row/column is dropped before drawing).
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
            small = v < study.SMALL_SAMPLE_N
            if small:
                ax.add_patch(Rectangle(
                    (j - 0.5, i - 0.5), 1, 1, fill=False, hatch=SMALL_HATCH, edgecolor="#B00020", linewidth=1.0))
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
    extra = f"Hatched red cells: n < {study.SMALL_SAMPLE_N}, too thin for a reliable median." + (f" {note}" if note else "")
    return finish(fig, ax, title, xlabel, ylabel, default_caption(n, extra))
