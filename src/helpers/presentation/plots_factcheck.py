"""The fact check's charts: every line of evidence on the article's figures, and its grades against years.

Same grammar as :mod:`helpers.presentation.plots`: a dot is an estimate with its 95% CI as a whisker, hollow when
under ``study.SMALL_SAMPLE_N`` records (never concluded from); a shaded band is a 95% CI drawn as a band; verdicts
and sources keep their colours (``theme.VERDICT_COLORS``, ``theme.SOURCE_COLORS``); ratios are written with ×.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers import study
from helpers.presentation import theme
from helpers.presentation.plots import SMALL

SO_NAME, AIJOBS_NAME = "Stack Overflow 2024", "aijobs.net"


def evidence_lines(table: pd.DataFrame, *, title: str, tolerance: float, partly: float, source: str, note: str = "",
                   figsize: tuple[float, float] = (8.0, 6.0)) -> Figure:
    """Each line's estimate as a multiple of the claimed value (×1.29: the line puts it 1.29 times the claim) on a log
    axis, grouped by claim: ``table`` has ``group`` (a claim's heading, shown bold above its lines, first group on
    top), ``label`` (the line), ``claimed``, ``estimate``, ``lo``, ``hi`` (NaN for a published figure: no whisker)
    and ``verdict`` (the line's own, its dot's colour). Grey bands where the claim lies within ±``tolerance``
    (supported) and ±``partly`` (partly supported) of the estimate: the darker band inside the lighter one."""
    fig, ax = plt.subplots(figsize=figsize)
    outer, inner = (1 / (1 + partly), 1 / (1 - partly)), (1 / (1 + tolerance), 1 / (1 - tolerance))
    ax.axvspan(*outer, color=theme.FAINT, alpha=0.35, linewidth=0)
    ax.axvspan(*inner, color=theme.MUTED, alpha=0.3, linewidth=0)
    ticks, labels, heads, seen, values = [], [], [], {}, [*outer]
    y = 0.0
    for group, g in reversed(list(table.groupby("group", sort=False))):
        for _, r in g[::-1].iterrows():
            ratio, color = r["estimate"] / r["claimed"], theme.color_of(r["verdict"], theme.INK)
            seen[str(r["verdict"])] = color
            values.append(ratio)
            if pd.notna(r["lo"]) and pd.notna(r["hi"]):
                values += [r["lo"] / r["claimed"], r["hi"] / r["claimed"]]
                theme.whisker(ax, ratio, y, r["lo"] / r["claimed"], r["hi"] / r["claimed"], theme.INK, horizontal=True)
            ax.plot(ratio, y, "o", color=color, markeredgecolor=theme.INK, markersize=8.5, zorder=3)
            right = r["hi"] / r["claimed"] if pd.notna(r["hi"]) else ratio
            ax.annotate(f"×{ratio:.2f}", (right, y), xytext=(9, 0), textcoords="offset points", va="center", fontsize=8.5,
                        color=theme.INK)
            ticks.append(y)
            labels.append(str(r["label"]))
            y += 1.25
        ticks.append(y - 0.45)
        labels.append(str(group))
        heads.append(len(labels) - 1)
        y += 1.0
    theme.log_ratio_axis(ax, [min(values) / 1.1, max(values) * 1.25], must=outer)
    ax.set_yticks(ticks, [t if i in heads else textwrap.fill(t, 34) for i, t in enumerate(labels)])
    for i in heads:
        ax.get_yticklabels()[i].set_fontweight("bold")
    ax.set_ylim(-0.7, y - 0.9)
    ax.grid(axis="y", visible=False)
    order = ["supported", "partly supported", "not supported"]
    handles = [theme.key_dot(f"line {v}", seen[v]) for v in order if v in seen]
    handles += [theme.key_box(f"claim within ±{tolerance:.0%}: supported", theme.MUTED, 0.3),
                theme.key_box(f"claim within ±{partly:.0%}: partly supported", theme.FAINT, 0.35),
                theme.key_whisker()]
    cap = (f"{source}. Dot: the line's estimate ÷ the claimed value (×1 = the claim is exact; above ×1 the line puts "
           "pay higher than the claim; log scale); whisker: the line's 95% interval ÷ the claim (published figures "
           "have none)." + (f" {note}" if note else ""))
    return theme.finish(fig, ax, title, "Line's estimate ÷ claimed value, in USD (×, log scale)", "", cap, handles)


def _band_label(band: str) -> str:
    """A Stack Overflow band of years of professional coding, as its row says it: '1–3 years of coding'."""
    return ("under 1 year" if band == "0" else f"{band.replace('-', '–')} years") + " of coding"


def relative_pay(table: pd.DataFrame, *, title: str, pools: tuple[str, ...], regions: tuple[str, ...] = study.COMPARED_REGIONS,
                 source: str = "", note: str = "", figsize: tuple[float, float] = (7.6, 6.6)) -> Figure:
    """Indirect evidence on the article's years, one panel per pool (rows) and region (columns), shared rows: each
    Stack Overflow band's median of years of professional coding and each aijobs level's median, both divided by their
    own survey's median (``table``: ``pool``, ``region``, ``kind`` "band" or "level", ``group``, ``n``, ``value``,
    ``lo``, ``hi``, ``small_sample``; "no answers" where n = 0; no whisker where ``lo`` is NaN), each a dot with its
    95% CI whisker and its n, around a ×1 line (the survey's own median), on one log axis shared by every panel. Each
    row names its source ("aijobs.net Junior", "1–3 years of coding": Stack Overflow). A level with enough records
    also shades its interval down across the bands, so a band sits with a level when its whisker reaches into the
    shade."""
    so_c, aj_c = theme.color_of(SO_NAME), theme.color_of(AIJOBS_NAME)
    fig, axes = plt.subplots(len(pools), len(regions), figsize=figsize, sharey=True, sharex=True, squeeze=False)
    bands = list(pd.unique(table.loc[table["kind"] == "band", "group"]))
    levels = list(pd.unique(table.loc[table["kind"] == "level", "group"]))
    y_of = {("band", b): i for i, b in enumerate(bands)}
    y_of.update({("level", g): len(bands) + 0.6 + i for i, g in enumerate(levels)})
    ends = table[["lo", "hi", "value"]].to_numpy(dtype=float)
    low, top = float(np.nanmin(ends)), float(np.nanmax(ends))
    for row, pool in enumerate(pools):
        for ax, region in zip(axes[row], regions, strict=True):
            panel = table[(table["pool"] == pool) & (table["region"] == region)]
            ax.axvline(1.0, color=theme.INK, linewidth=0.8, zorder=1)
            for _, r in panel.iterrows():
                y, color = y_of[(r["kind"], r["group"])], aj_c if r["kind"] == "level" else so_c
                if not r["n"] or pd.isna(r["value"]):
                    ax.annotate("no answers", (0, y), xycoords=("axes fraction", "data"), xytext=(4, 0),
                                textcoords="offset points", va="center", fontsize=7.5, color=theme.MUTED)
                    continue
                small, has_ci = bool(r["small_sample"]), pd.notna(r["lo"]) and pd.notna(r["hi"])
                if has_ci:
                    theme.whisker(ax, r["value"], y, r["lo"], r["hi"], color, horizontal=True)
                theme.dot(ax, r["value"], y, color, small, size=6.5)
                ax.annotate(f"n = {int(r['n']):,}" + (f" ({theme.SMALL_LABEL})" if small else ""),
                            (r["hi"] if has_ci else r["value"], y), xytext=(5, 0), textcoords="offset points",
                            va="center", fontsize=7, color=theme.MUTED if small else theme.INK)
                if r["kind"] == "level" and not small and has_ci:
                    ax.fill_between([r["lo"], r["hi"]], -0.6, y, color=aj_c, alpha=theme.BAND_ALPHA, linewidth=0, zorder=0)
            theme.log_ratio_axis(ax, [low / 1.05, top * 1.45])
            ax.axhline(len(bands) - 0.2, color=theme.FAINT, linewidth=0.8)
            ax.grid(axis="y", visible=False)
            where = "the US" if region == study.COMPARED_REGIONS[0] else region
            ax.set_title(f"{pool}, {where}", loc="left", fontsize=9)
            if row == len(pools) - 1:
                ax.set_xlabel("Median ÷ its survey's median (×, log scale)", fontsize=8)
    ticks = [y_of[("band", b)] for b in bands] + [y_of[("level", g)] for g in levels]
    names = [_band_label(str(b)) for b in bands] + [f"{AIJOBS_NAME} {g}" for g in levels]
    for row in range(len(pools)):
        axes[row][0].set_yticks(ticks, names)
        axes[row][0].set_ylim(-0.6, max(ticks) + 0.6)
    handles = [theme.key_dot("Stack Overflow: median by years of professional coding ÷ its median", so_c),
               theme.key_dot(f"{AIJOBS_NAME}: median by level ÷ its median", aj_c), theme.key_whisker(),
               theme.key_box(f"{AIJOBS_NAME} level's CI, shaded down", aj_c, theme.BAND_ALPHA)]
    handles += [theme.key_small()] if table["small_sample"].any() else []
    cap = (f"{source}. Indirect evidence: no source has grade and years for the same people. ×1 = the survey's own "
           f"median (same pool and region). {SMALL}" + (f" {note}" if note else ""))
    return theme.layout(fig, title, cap, handles)
