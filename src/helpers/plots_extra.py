"""Plot helpers that ``helpers.plots`` does not have, in its theme and conventions.

``prediction_ranges``: a predicted median with its prediction range (not a confidence interval) per row,
for the salary estimator (notebook 08). Small support (``n_similar`` below the small-sample threshold) is
drawn hollow and faded with an "n<30" label, as in ``helpers.plots``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from helpers import plots
from helpers.stats import SMALL_SAMPLE_N


def prediction_ranges(table: pd.DataFrame, category: str, *, title: str, level: str = "80%",
                      xlabel: str = "USD per year, nominal", source: str = plots.SOURCE, note: str = "",
                      figsize: tuple[float, float] = (7.0, 4.2)) -> Figure:
    """One row per ``category`` value (first row on top): dot = ``median``, bar = ``low``-``high`` (the ``level``
    prediction range), ``n_similar`` beside each label; rows with ``n_similar`` < 30 hollow, faded and labelled.

    ``note`` is appended to the caption (e.g. the range's held-out coverage).
    """
    fig, ax = plt.subplots(figsize=figsize)
    ys = np.arange(len(table))[::-1]
    color = plots.PALETTE[0]
    for y, (_, r) in zip(ys, table.iterrows(), strict=True):
        small = r["n_similar"] < SMALL_SAMPLE_N
        alpha = plots.SMALL_ALPHA if small else 1.0
        ax.plot([r["low"], r["high"]], [y, y], color=color, linewidth=6, alpha=0.3 * alpha, solid_capstyle="butt")
        ax.plot(r["median"], y, "o", color=color, mfc="white" if small else color, markersize=7, alpha=max(alpha, 0.6))
        ax.annotate(plots.usd(r["median"]), (r["median"], y), xytext=(0, 6), textcoords="offset points", ha="center",
                    fontsize=8, color="#222222")
        if small:
            ax.annotate(plots.SMALL_LABEL, (r["high"], y), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=8, color="#B00020")
    ax.set_yticks(ys, [f"{r[category]} (n = {int(r['n_similar']):,})" for _, r in table.iterrows()])
    ax.set_xlim(0, float(table["high"].max()) * 1.12)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.xaxis.set_major_formatter(FuncFormatter(plots.usd))
    ax.grid(axis="y", visible=False)
    cap = (f"{source}. Dot: predicted median; bar: {level} prediction range (where {level} of such salaries should fall, "
           f"not a confidence interval). n = similar survey records; hollow/faded: {plots.SMALL_LABEL}." + (f" {note}" if note else ""))
    plots.finding_title(ax, title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(category.replace("_", " ").capitalize())
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    plots.caption(fig, cap)
    return fig


#: Colours of fact-check verdicts (Okabe-Ito: green, orange, vermillion, grey).
VERDICT_COLORS: dict[str, str] = {"supported": "#009E73", "partly supported": "#E69F00", "not supported": "#D55E00",
                                  "cannot be tested": "#999999"}


def claim_ratios(table: pd.DataFrame, *, title: str, tolerance: float, partly: float, source: str = plots.SOURCE,
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
    plots.finding_title(ax, title)
    ax.set_xlabel("Claimed / estimated value, both in USD (log scale; ×1 = exact)")
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    plots.caption(fig, cap)
    return fig
