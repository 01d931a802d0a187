"""Trends over work years in constant prices: medians restated in a base year's prices, the nominal ones faint beside.

Same grammar as :mod:`helpers.presentation.plots` (a dot is a median, a faint band its 95% interval, a hollow dot a
group under ``study.SMALL_SAMPLE_N`` records, never joined into a line). The constant-price medians carry the
finding; the nominal medians (as reported) are drawn faint and dotted in the same colour, so the reader sees how much
of a nominal rise is inflation. The table is a :func:`helpers.analysis.stats.quantile_ci_table` passed through
:func:`helpers.analysis.prices.to_constant` on ``value``, ``lo`` and ``hi``.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers import study
from helpers.presentation import plots, table_format, theme
from helpers.presentation.plots import SMALL

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
    def name(g: object) -> str:
        return f"{(labels or {}).get(str(g), table_format.label(g)) if g is not None else 'Median'} (constant prices)"

    fig, _, seen, whiskers = plots.trend_panels(table, x, group, facet, ncols, 1.9, ylabel, figsize,
                                                ("value_constant", "lo_constant", "hi_constant"),
                                                ("value", NOMINAL_ALPHA), name)
    handles = [theme.key_line(k, c, dot=True) for k, c in seen.items()]
    handles += [_key_nominal(), plots.key_bands(list(seen.values()))]
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


def constant_display(table: pd.DataFrame, currency: str = "USD") -> table_format.Table:
    """The compact :func:`constant_table` as a displayed table: medians and interval bounds in whole units, n, and
    the "n < 30" note."""
    df = constant_table(table, currency, compact=True)
    return table_format.table(df, kinds={c: table_format.MONEY for c in df.columns if c.startswith(("Median", "95% CI"))})
