"""The fact check's charts: every line of evidence on the article's figures, and its grades against years.

Same grammar as :mod:`helpers.presentation.plots`: a dot is an estimate with its 95% CI as a whisker, hollow when
under ``study.SMALL_SAMPLE_N`` records (never concluded from); a shaded band is a 95% CI drawn as a band; verdicts
and sources keep their colours (``theme.VERDICT_COLORS``, ``theme.SOURCE_COLORS``).
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from helpers import study
from helpers.presentation import theme
from helpers.presentation.plots import SMALL

SO_NAME, AIJOBS_NAME = "Stack Overflow 2024", "aijobs.net"


def evidence_lines(table: pd.DataFrame, *, title: str, tolerance: float, partly: float, source: str, note: str = "",
                   figsize: tuple[float, float] = (7.6, 6.0)) -> Figure:
    """Claimed value ÷ each line's estimate on a log axis, grouped by claim: ``table`` has ``group`` (a claim's
    heading, shown bold above its lines, first group on top), ``label`` (the line), ``claimed``, ``estimate``,
    ``lo``, ``hi`` (NaN for a published figure: no whisker) and ``verdict`` (the line's own, its dot's colour).
    Shaded bands at ±``tolerance`` (supported) and ±``partly`` (partly supported)."""
    fig, ax = plt.subplots(figsize=figsize)
    ax.axvspan(1 - partly, 1 + partly, color=theme.color_of("partly supported"), alpha=0.22, linewidth=0)
    ax.axvspan(1 - tolerance, 1 + tolerance, color=theme.color_of("supported"), alpha=0.22, linewidth=0)
    ticks, labels, heads, seen, values = [], [], [], {}, [1 - partly, 1 + partly]
    y = 0.0
    for group, g in reversed(list(table.groupby("group", sort=False))):
        for _, r in g[::-1].iterrows():
            ratio, color = r["claimed"] / r["estimate"], theme.color_of(r["verdict"], theme.INK)
            seen[str(r["verdict"])] = color
            values.append(ratio)
            if pd.notna(r["lo"]) and pd.notna(r["hi"]):
                values += [r["claimed"] / r["hi"], r["claimed"] / r["lo"]]
                theme.whisker(ax, ratio, y, r["claimed"] / r["hi"], r["claimed"] / r["lo"], theme.INK, horizontal=True)
            ax.plot(ratio, y, "o", color=color, markeredgecolor=theme.INK, markersize=8.5, zorder=3)
            right = r["claimed"] / r["lo"] if pd.notna(r["lo"]) else ratio
            ax.annotate(f"×{ratio:.2f}", (right, y), xytext=(9, 0), textcoords="offset points", va="center", fontsize=8.5,
                        color=theme.INK)
            ticks.append(y)
            labels.append(str(r["label"]))
            y += 1.25
        ticks.append(y - 0.45)
        labels.append(str(group))
        heads.append(len(labels) - 1)
        y += 1.0
    theme.log_ratio_axis(ax, [min(values) / 1.1, max(values) * 1.25], as_rise=False, must=(1 - partly, 1 + partly))
    ax.set_yticks(ticks, [t if i in heads else textwrap.fill(t, 34) for i, t in enumerate(labels)])
    for i in heads:
        ax.get_yticklabels()[i].set_fontweight("bold")
    ax.set_ylim(-0.7, y - 0.9)
    ax.grid(axis="y", visible=False)
    order = ["supported", "partly supported", "not supported"]
    handles = [theme.key_dot(f"line {v}", seen[v]) for v in order if v in seen]
    handles += [theme.key_box(f"±{tolerance:.0%}: supported", theme.color_of("supported"), 0.3),
                theme.key_box(f"±{partly:.0%}: partly supported", theme.color_of("partly supported"), 0.35),
                theme.key_whisker()]
    cap = (f"{source}. Dot: claimed value ÷ the line's estimate (×1 = exact; log scale); whisker: the same over the "
           "line's 95% interval (published figures have none)." + (f" {note}" if note else ""))
    return theme.finish(fig, ax, title, "Claimed value ÷ estimate, both in USD (log scale)", "", cap, handles)


def _band_label(band: str) -> str:
    return "under 1 year" if band == "0" else f"{band.replace('-', '–')} years"


def levels_vs_years(bands: pd.DataFrame, levels: pd.DataFrame, *, title: str,
                    regions: tuple[str, ...] = study.COMPARED_REGIONS, source: str = "", note: str = "",
                    xlabel: str = "Median, USD per year, nominal", figsize: tuple[float, float] = (7.6, 5.0)) -> Figure:
    """One panel per region, shared rows: Stack Overflow's median per band of years of professional coding (``bands``:
    ``region``, ``band``, ``n``, ``value``, ``lo``, ``hi``, ``small_sample``; "no answers" where n = 0) below aijobs'
    level medians (``levels``: ``region``, ``grade``, same columns), each a dot with its 95% CI whisker and its n.
    A level with enough records also shades its interval down across the bands, so the bands it matches are those
    whose whisker reaches into its shade."""
    so_c, aj_c = theme.color_of(SO_NAME), theme.color_of(AIJOBS_NAME)
    fig, axes = plt.subplots(1, len(regions), figsize=figsize, sharey=True, squeeze=False)
    order = list(pd.unique(bands["band"]))
    grades = list(pd.unique(levels["grade"]))
    y_band = {b: i for i, b in enumerate(order)}
    y_level = {g: len(order) + 0.6 + i for i, g in enumerate(grades)}
    for ax, region in zip(axes[0], regions, strict=True):
        b = bands[bands["region"] == region].set_index("band").reindex(order)
        lv = levels[levels["region"] == region].set_index("grade").reindex(grades)
        for rows, ys, color in ((b, y_band, so_c), (lv, y_level, aj_c)):
            for key, r in rows.iterrows():
                y = ys[key]
                if pd.isna(r["n"]) or not r["n"] or pd.isna(r["value"]):
                    ax.annotate("no answers", (0, y), xytext=(4, 0), textcoords="offset points", va="center",
                                fontsize=8, color=theme.MUTED)
                    continue
                small = bool(r["small_sample"])
                theme.whisker(ax, r["value"], y, r["lo"], r["hi"], color, horizontal=True)
                theme.dot(ax, r["value"], y, color, small, size=7)
                ax.annotate(f"n = {int(r['n']):,}" + (f" ({theme.SMALL_LABEL})" if small else ""), (r["hi"], y),
                            xytext=(5, 0), textcoords="offset points", va="center", fontsize=7.5,
                            color=theme.MUTED if small else theme.INK)
                if color == aj_c and not small:
                    ax.fill_between([r["lo"], r["hi"]], -0.6, y, color=aj_c, alpha=theme.BAND_ALPHA, linewidth=0,
                                    zorder=0)
        top = np.nanmax([b["hi"].max(), lv["hi"].max()])
        ax.set_xlim(0, float(top) * 1.3)
        ax.axhline(len(order) - 0.2, color=theme.FAINT, linewidth=0.8)
        ax.xaxis.set_major_formatter(FuncFormatter(theme.usd))
        ax.grid(axis="y", visible=False)
        ax.set_title("the US" if region == study.COMPARED_REGIONS[0] else region, loc="left", fontsize=9.5)
        ax.set_xlabel(xlabel, fontsize=8.5)
    ticks = [*y_band.values(), *y_level.values()]
    names = [_band_label(str(k)) for k in order] + [f"{AIJOBS_NAME} {g}" for g in grades]
    axes[0][0].set_yticks(ticks, names)
    axes[0][0].set_ylim(-0.6, max(ticks) + 0.6)
    axes[0][0].set_ylabel("Stack Overflow: years of professional coding", fontsize=8.5)
    handles = [theme.key_dot("Stack Overflow: median by years", so_c), theme.key_dot(f"{AIJOBS_NAME}: median by level", aj_c),
               theme.key_whisker(), theme.key_box(f"{AIJOBS_NAME} level's CI, shaded down", aj_c, theme.BAND_ALPHA)]
    handles += [theme.key_small()] if bands["small_sample"].any() or levels["small_sample"].any() else []
    cap = f"{source}. A level matches a band when the two intervals overlap. {SMALL}" + (f" {note}" if note else "")
    return theme.layout(fig, title, cap, handles)
