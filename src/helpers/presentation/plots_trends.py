"""Trends over work years in constant prices: medians restated in a base year's prices, the nominal ones faint beside.

Same grammar as :mod:`helpers.presentation.plots` (a dot is a median, a faint band its 95% interval, a hollow dot a
group under ``study.SMALL_SAMPLE_N`` records, never joined into a line). The constant-price medians carry the
finding; the nominal medians (as reported) are drawn faint and dotted in the same colour, so the reader sees how much
of a nominal rise is inflation. The table is a :func:`helpers.analysis.statistics.quantile_ci_table` passed through
:func:`helpers.analysis.prices.to_constant` on ``value``, ``lo`` and ``hi``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from helpers import study
from helpers.presentation import table_format as tables
from helpers.presentation import theme
from helpers.presentation.plots import SMALL, _ordered

#: How faint the nominal medians are drawn.
NOMINAL_ALPHA = 0.45
NOMINAL_KEY = "Nominal median (faint, dotted)"


def _key_nominal() -> Line2D:
    return Line2D([], [], color=theme.MUTED, linestyle=":", marker="o", markersize=4, linewidth=1.1,
                  alpha=NOMINAL_ALPHA + 0.15, label=NOMINAL_KEY)


def trend_constant(table: pd.DataFrame, x: str = "work_year", group: str | None = "region", facet: str | None = "grade",
                   *, title: str, ylabel: str, source: str = theme.SOURCE, labels: dict[str, str] | None = None,
                   note: str = "", ncols: int = 2, figsize: tuple[float, float] | None = None) -> Figure:
    """Median per ``x`` in constant prices (``value_constant`` with its band ``lo_constant``–``hi_constant``), one
    colour per ``group``, one panel per ``facet``; the nominal median (``value``) faint and dotted beside it.

    Lines and bands join only neighbouring points with n >= 30; small points stand alone, hollow (nominal ones too).
    ``ylabel`` states the unit and base year (e.g. ``prices.label()``); ``labels`` renames groups in the legend
    (e.g. Europe -> "Euro area, paid in EUR"); ``note`` ends the caption (the price index and its source).
    """
    facets = [None] if facet is None else [f for f in (theme.GRADE_ORDER if facet == "grade" else sorted(table[facet].unique()))
                                           if (table[facet] == f).any()]
    cols = min(ncols, len(facets))
    nrows = int(np.ceil(len(facets) / cols))
    fig, axes = plt.subplots(nrows, cols, sharex=True, sharey=True, squeeze=False, figsize=figsize or (7.0, 2.3 * nrows + 1.9))
    xs = sorted(table[x].unique())
    seen: dict[str, str] = {}
    whiskers = False
    for ax, f in zip(axes.flat, facets, strict=False):
        part = table if f is None else table[table[facet] == f]
        for g, t in ([(None, part)] if group is None else _ordered(part, group)):
            color = theme.color_of(g, theme.MUTED) if g is not None else theme.MUTED
            t = t.set_index(x).reindex(xs)
            small = t["small_sample"].fillna(True).to_numpy(dtype=bool) | t["n"].isna().to_numpy()
            real, nominal = t["value_constant"].to_numpy(dtype=float), t["value"].to_numpy(dtype=float)
            lo, hi = t["lo_constant"].to_numpy(dtype=float), t["hi_constant"].to_numpy(dtype=float)
            ax.plot(xs, np.where(small, np.nan, nominal), color=color, linestyle=":", linewidth=1.1, alpha=NOMINAL_ALPHA,
                    zorder=1)
            ax.fill_between(xs, np.where(small, np.nan, lo), np.where(small, np.nan, hi), color=color,
                            alpha=theme.BAND_ALPHA, linewidth=0)
            theme.solid_line(ax, np.asarray(xs), real, small, color)
            alone = ~small & np.r_[True, small[:-1]] & np.r_[small[1:], True]  # n >= 30 but no such neighbour
            for xi, v, nv, s, a, lo_i, hi_i in zip(xs, real, nominal, small, alone, lo, hi, strict=True):
                if a:
                    theme.whisker(ax, xi, v, lo_i, hi_i, color)
                if pd.notna(nv):
                    theme.dot(ax, xi, nv, color, s, size=3.8, alpha=NOMINAL_ALPHA)
                if pd.notna(v):
                    theme.dot(ax, xi, v, color, s, size=5.5)
            whiskers |= bool(alone.any())
            name = (labels or {}).get(str(g), tables.label(g)) if g is not None else "Median"
            seen[f"{name} (constant prices)"] = color
        if f is not None:
            ax.set_title(f"{f} (n = {int(part['n'].sum()):,})", fontsize=9.5, loc="left")
        ax.set_xticks(xs, [str(v) for v in xs])
        ax.yaxis.set_major_formatter(FuncFormatter(theme.usd))
    theme.panels(axes, len(facets), ylabel)
    for ax in axes[-1, :]:
        ax.set_xlabel(tables.header(x))
    handles = [theme.key_line(k, c, dot=True) for k, c in seen.items()]
    handles += [_key_nominal(), theme.key_box(theme.BAND_KEY, theme.MUTED, theme.BAND_ALPHA)]
    handles += ([theme.key_whisker()] if whiskers else []) + ([theme.key_small()] if table["small_sample"].any() else [])
    cap = (f"{source}, n = {int(table['n'].sum()):,}. Dot: median in constant prices; band: its 95% bootstrap CI, drawn "
           f"only between neighbouring points with n ≥ {study.SMALL_SAMPLE_N} (a whisker where such a point has no such "
           f"neighbour); faint dotted: the nominal median. {SMALL}" + (f" {note}" if note else ""))
    return theme.layout(fig, title, cap, handles)


def constant_table(table: pd.DataFrame, currency: str = "USD", compact: bool = False) -> pd.DataFrame:
    """A :func:`trend_constant` table with human headers, constant-price columns beside the nominal ones: for the
    figure's CSV, or (``compact``: the medians, the constant interval and n) for a displayed table. The unit comes
    from ``attrs["price_label"]``."""
    unit = table.attrs["price_label"]
    names = {"value": f"Median, nominal ({currency}/yr)", "value_constant": f"Median, {unit}",
             "lo": "95% CI low, nominal", "hi": "95% CI high, nominal",
             "lo_constant": f"95% CI low, {unit}", "hi_constant": f"95% CI high, {unit}",
             "price_factor": f"Price factor (× nominal, to {unit})"}
    cols = ("region", "work_year", "grade", "n", "value", "value_constant", "lo_constant", "hi_constant",
            *(() if compact else ("lo", "hi", "price_factor")), "small_sample")
    keep = [c for c in cols if c in table.columns]
    return table[keep].rename(columns=names).reset_index(drop=True)


def constant_display(table: pd.DataFrame, currency: str = "USD") -> tables.Table:
    """The compact :func:`constant_table` as a displayed table: medians and interval bounds in whole units, n, and
    the "n < 30" note."""
    df = constant_table(table, currency, compact=True)
    return tables.table(df, kinds={c: tables.MONEY for c in df.columns if c.startswith(("Median", "95% CI"))})
