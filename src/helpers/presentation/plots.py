"""The collection's charts: each takes a tidy table from :mod:`helpers.analysis` and returns a finished Figure.

Every chart states its finding in the title (passed in, computed by the caller), has a legend entry for every kind
of mark, labels its axes with units and names source and n in a caption. One grammar throughout: a dot is a median;
a thin whisker or a faint band is a 95% confidence interval; a translucent box is a spread (p25–p75) or a
prediction range, never an interval; a hollow dot is a group under ``study.SMALL_SAMPLE_N`` records and is never
joined into a line; ratios sit on a log axis written as multiples (×1.2, never +20%). Colours mean one thing everywhere
(:data:`helpers.presentation.theme.COLOURS`); look and layout come from :mod:`helpers.presentation.theme`.

Compared groups (:func:`group_styles`) are named as the codebook names their values ("On-site", not 0) and drawn in
their own colour (a region, a role family, a source), or, when they have none, in the theme's colours for compared
groups (``theme.GROUP_COLORS``: ``theme.PAIR_COLORS`` for two), the same value in the same colour on every panel.

Sections, in order: compared groups; legend keys; pay by grade and two groups compared; trends over work years
(nominal, and in constant prices with the nominal medians faint beside them); more comparisons (countries,
categories, ratios, prediction ranges); distributions and counts; the fact check.
"""

from __future__ import annotations

import numbers
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

from helpers import schema, study
from helpers import tables as codebook
from helpers.analysis import factcheck
from helpers.presentation import table_format, theme

# ---------------------------------------------------------------- compared groups: their names and colours


class Group(NamedTuple):
    """How a compared group is shown: its name in legends and labels, and its colour."""

    label: str
    color: str


def group_label(value: object, column: str = "") -> str:
    """A group's name as a reader sees it: the codebook's label for a coded value (``table_format.label``: "On-site"
    for ``remote_ratio`` 0, "ML engineering" for ``ml_engineering``), capitalised as a legend entry starts; a value
    that is already a name (a region, a source) as it is written."""
    text = table_format.label(value, column)
    return text[:1].upper() + text[1:] if text != str(value) else text


def _codebook_order(column: str) -> list[object]:
    """The allowed values of ``column`` in the codebook's order (company size S, M, L), or none."""
    for t in codebook.TABLES.values():
        if column in t.columns and t.field(column).enum:
            return list(t.field(column).enum)
    return []


def group_styles(values: Iterable[object], column: str = "") -> dict[object, Group]:
    """Each distinct value of ``values`` (a ``column``'s), in drawing order, with its :class:`Group` style.

    Order: regions first in their fixed order (United States first), then the codebook's order of the column's
    values (or a categorical's), then numbers by value and names alphabetically. Colours: every group's own
    (:func:`theme.color_of`: a region, a role family, a verdict, a source) when each has one and no two share it;
    otherwise ``theme.GROUP_COLORS`` in that order (two groups: ``theme.PAIR_COLORS``), so that two compared groups
    are always clearly apart. More groups without a colour of their own than there are such colours is refused."""
    s = pd.Series(list(values) if not isinstance(values, pd.Series) else values).dropna()
    enum = _codebook_order(column) or (list(s.cat.categories) if isinstance(s.dtype, pd.CategoricalDtype) else [])
    rank = {str(v): i for i, v in enumerate([*schema.REGIONS, *enum])}

    def key(v: object) -> tuple[int, float, str]:
        number = isinstance(v, numbers.Real) and not isinstance(v, bool)
        return rank.get(str(v), len(rank)), float(v) if number else 0.0, str(v)

    present = sorted(dict.fromkeys(s.tolist()), key=key)
    own = [theme.color_of(v, "") for v in present]
    if not (all(own) and len(set(own)) == len(own)):
        if len(present) > len(theme.GROUP_COLORS):
            raise ValueError(f"{len(present)} groups of {column or 'a column'} without a colour of their own: at most "
                             f"{len(theme.GROUP_COLORS)} can be told apart; draw fewer, or one panel per group")
        own = list(theme.GROUP_COLORS[:len(present)])
    return {v: Group(group_label(v, column), c) for v, c in zip(present, own, strict=True)}


def _styles(table: pd.DataFrame, group: str | None) -> dict[object, Group]:
    """:func:`group_styles` of ``table``'s ``group`` column; without a group, one grey group named "Median"."""
    return {None: Group("Median", theme.MUTED)} if group is None else group_styles(table[group], group)


def _split(table: pd.DataFrame, group: str | None, styles: dict[object, Group]) -> list[tuple[object, Group, pd.DataFrame]]:
    """``table`` split by ``group`` in the order of ``styles`` (:func:`_styles`; drawn across panels: the whole
    table's, so a group keeps its colour on every panel), each part with its value and style."""
    if group is None:
        return [(None, styles[None], table)]
    parts = dict(list(table.groupby(group, observed=True, sort=False)))
    return [(g, style, parts[g]) for g, style in styles.items() if g in parts]


# ---------------------------------------------------------------- legend keys

class BandKey(Patch):
    """Legend entry for translucent bands or boxes drawn in several colours (95% CI bands, spreads): one swatch per
    colour, side by side."""

    def __init__(self, label: str, colors: Sequence[str], alpha: float = theme.BAND_ALPHA) -> None:
        super().__init__(facecolor=colors[0] if colors else theme.MUTED, alpha=alpha, edgecolor="none", label=label)
        self.colors = list(colors) or [theme.MUTED]


class _BandKeyHandler(HandlerBase):
    def create_artists(self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans):
        k = len(orig_handle.colors)
        # the key's alpha is raised a little so a pale band still reads in the small swatch
        return [Rectangle((-xdescent + i * width / k, -ydescent), width / k, height, facecolor=c, edgecolor="none",
                          alpha=min(1.0, orig_handle.get_alpha() * 1.6), transform=trans)
                for i, c in enumerate(orig_handle.colors)]


Legend.update_default_handler_map({BandKey: _BandKeyHandler()})


def key_bands(colors: Sequence[str], label: str = theme.BAND_KEY, alpha: float = theme.BAND_ALPHA) -> BandKey:
    """Legend entry for the bands (95% CI bands; with ``label`` and ``alpha``, spreads or ranges drawn as boxes) of a
    figure whose bands take their group's colour."""
    return BandKey(label, list(dict.fromkeys(colors)), alpha)


SMALL = f"Hollow: {theme.SMALL_LABEL}, shown but not concluded from, never joined into a line."
EXECUTIVE = "Executive = the survey's EX level (executive/director)."


# ---------------------------------------------------------------- pay by grade, and two groups compared


def grade_ladder(table: pd.DataFrame, *, title: str, group: str | None = "region", ylabel: str = "Median, USD per year, nominal",
                 source: str = theme.SOURCE, figsize: tuple[float, float] = (7.0, 4.4)) -> Figure:
    """Median per grade (dot) with the middle half of salaries (p25–p75) as a translucent box, one colour per
    ``group`` value (e.g. region), medians joined only between neighbouring grades with n >= 30.

    ``table``: a :func:`helpers.analysis.stats.quantile_table` with ``grade`` (and ``group``) columns.
    """
    fig, ax = plt.subplots(figsize=figsize)
    groups = _split(table, group, _styles(table, group))
    k, handles = len(groups), []
    for j, (_, (name, color), t) in enumerate(groups):
        t = t.set_index("grade").reindex(list(theme.GRADE_ORDER))
        x = np.arange(len(theme.GRADE_ORDER)) + (j - (k - 1) / 2) * 0.22
        small = t["small_sample"].fillna(True).to_numpy(dtype=bool)
        theme.solid_line(ax, x, t["p50"].to_numpy(dtype=float), small | t["n"].isna().to_numpy(), color)
        for xi, (_, r) in zip(x, t.iterrows(), strict=True):
            if pd.isna(r["n"]):
                continue
            ax.add_patch(Rectangle((xi - 0.09, r["p25"]), 0.18, r["p75"] - r["p25"], facecolor=color, alpha=theme.SPREAD_ALPHA,
                                   edgecolor="none", zorder=1))
            theme.dot(ax, xi, r["p50"], color, bool(r["small_sample"]))
            if r["small_sample"]:
                theme.small_note(ax, xi, r["p75"], xytext=(0, 2))
        handles.append(theme.key_line(name, color, dot=True))
    ax.set_xticks(range(len(theme.GRADE_ORDER)), theme.GRADE_ORDER)
    ax.set_xlim(-0.5, len(theme.GRADE_ORDER) - 0.5)
    ax.yaxis.set_major_formatter(FuncFormatter(theme.usd))
    ax.grid(axis="x", visible=False)
    handles += [key_bands([c for _, (_, c), _ in groups], theme.SPREAD_KEY, theme.SPREAD_ALPHA)]
    handles += [theme.key_small()] if table["small_sample"].any() else []
    cap = (f"{source}, n = {int(table['n'].sum()):,}. Dot: median; box: p25–p75, the middle half of salaries (a spread, "
           f"not a confidence interval). {SMALL} {EXECUTIVE}")
    return theme.finish(fig, ax, title, "Grade", ylabel, cap, handles)


def dumbbell(table: pd.DataFrame, category: str, *, title: str, xlabel: str = "Median, USD per year, nominal",
             source: str = theme.SOURCE, value_format: str = "usd", figsize: tuple[float, float] = (7.0, 4.4)) -> Figure:
    """``a`` vs ``b`` (e.g. US vs Europe) per category from :func:`helpers.analysis.stats.compare_table`: one row per
    category, a dot per side with its 95% CI whisker, the ratio (with CI) written on the right.

    Sides are named and coloured by :func:`group_styles` (the codebook's "On-site", not 0; a region's or a role
    family's own colour, else ``theme.PAIR_COLORS``). ``value_format``: "usd" (axis in k USD from 0) or "ratio"
    (multiples, e.g. of the average wage: a log axis)."""
    a, b = table.attrs.get("a", "United States"), table.attrs.get("b", "Europe")
    kind, split = table.attrs.get("kind", "ratio"), str(table.attrs.get("split", "region"))
    styles = group_styles([a, b], split)
    (la, ca), (lb, cb) = styles[a], styles[b]
    ta, tb = table_format.label(a, split), table_format.label(b, split)  # in running text: "no remote data", not "no Remote data"
    fig, ax = plt.subplots(figsize=figsize)
    ys = np.arange(len(table))[::-1]
    for y, (_, r) in zip(ys, table.iterrows(), strict=True):
        if pd.notna(r["value_a"]) and pd.notna(r["value_b"]) and not r["small_sample"]:
            ax.plot([r["value_a"], r["value_b"]], [y, y], color=theme.FAINT, linewidth=3, zorder=1, solid_capstyle="butt")
        for side, color in (("a", ca), ("b", cb)):
            if r[f"n_{side}"]:
                theme.whisker(ax, r[f"value_{side}"], y, r[f"lo_{side}"], r[f"hi_{side}"], color, horizontal=True)
                theme.dot(ax, r[f"value_{side}"], y, color, r[f"n_{side}"] < study.SMALL_SAMPLE_N, size=7.5)
        val, k = r[kind], theme.usd
        txt = (f"×{val:.2f} [{r['lo']:.2f}–{r['hi']:.2f}]" if kind == "ratio" else f"{k(val)} [{k(r['lo'])}–{k(r['hi'])}]") \
            if pd.notna(val) else f"no {tb} data" if not r["n_b"] else f"no {ta} data"
        txt += f"  ({theme.SMALL_LABEL})" if r["small_sample"] and pd.notna(val) else ""
        ax.annotate(txt, (1.0, y), xycoords=("axes fraction", "data"), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color=theme.MUTED if r["small_sample"] else theme.INK)
    head = textwrap.fill(f"{la} / {lb}", 20) + " [95% CI]" if kind == "ratio" else "difference [95% CI]"
    ax.annotate(head, (1.0, len(table) - 0.45),
                xycoords=("axes fraction", "data"), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8.5,
                fontweight="bold", color=theme.INK)
    ax.set_yticks(ys, [f"{group_label(r[category], category)}\n(n = {r['n_a']:,} / {r['n_b']:,})" for _, r in table.iterrows()])
    ax.set_ylim(-0.6, len(table) - 0.2)
    if value_format == "usd":
        ax.set_xlim(0, np.nanmax(table[["hi_a", "hi_b"]].to_numpy(dtype=float)) * 1.08)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], min_n_ticks=5))
        ax.xaxis.set_major_formatter(FuncFormatter(theme.usd))
    else:
        theme.log_ratio_axis(ax, table[["lo_a", "hi_a", "lo_b", "hi_b"]].to_numpy(dtype=float).ravel())
    ax.grid(axis="y", visible=False)
    handles = [theme.key_dot(la, ca), theme.key_dot(lb, cb), theme.key_whisker("95% CI of each median")]
    handles += [theme.key_small()] if table["small_sample"].any() else []
    n = int(table["n_a"].sum() + table["n_b"].sum())
    cap = (f"{source}, n = {n:,} ({ta} / {tb} per row). Whiskers: 95% bootstrap CI of each median; right: the ratio "
           f"{ta} / {tb} [95% CI]. {SMALL}")
    return theme.finish(fig, ax, title, xlabel, table_format.header(category), cap, handles)


# ---------------------------------------------------------------- trends over work years


def _trend_panels(table: pd.DataFrame, x: str, group: str | None, facet: str | None, ncols: int, height: float,
                  ylabel: str, figsize: tuple[float, float] | None = None, cols: tuple[str, str, str] = ("value", "lo", "hi"),
                  faint: tuple[str, float] | None = None, name: Callable[[object, str], str] | None = None,
                  ) -> tuple[Figure, np.ndarray, dict[str, str], bool]:
    """The panels of :func:`trend` and :func:`trend_constant`: one panel per ``facet`` value, one colour per
    ``group`` (:func:`group_styles`), the median ``cols[0]`` with its band ``cols[1]``-``cols[2]`` joined only between
    neighbouring points with n >= 30, a whisker for such a point alone, hollow small points. ``faint`` = (column,
    alpha) draws that column beside it, dotted and faint (e.g. the nominal median); ``name(value, label)`` is a group's
    legend label. Returns the figure (y axes labelled ``ylabel``, panels beyond the facets hidden), its axes, the
    legend's {label: colour} and whether any whisker was drawn."""
    facets = [None] if facet is None else [f for f in (theme.GRADE_ORDER if facet == "grade" else sorted(table[facet].unique()))
                                           if (table[facet] == f).any()]
    nrows = int(np.ceil(len(facets) / min(ncols, len(facets))))
    fig, axes = plt.subplots(nrows, min(ncols, len(facets)), sharex=True, sharey=True, squeeze=False,
                             figsize=figsize or (7.0, 2.3 * nrows + height))
    xs = sorted(table[x].unique())
    styles = _styles(table, group)
    seen = {name(g, style.label) if name else style.label: style.color for g, style in styles.items()}
    whiskers = False
    for ax, f in zip(axes.flat, facets, strict=False):
        part = table if f is None else table[table[facet] == f]
        for _, (_, color), t in _split(part, group, styles):
            t = t.set_index(x).reindex(xs)
            small = t["small_sample"].fillna(True).to_numpy(dtype=bool) | t["n"].isna().to_numpy()
            vals, lo, hi = (t[c].to_numpy(dtype=float) for c in cols)
            other = t[faint[0]].to_numpy(dtype=float) if faint else np.full(len(xs), np.nan)
            if faint:
                ax.plot(xs, np.where(small, np.nan, other), color=color, linestyle=":", linewidth=1.1, alpha=faint[1],
                        zorder=1)
            ax.fill_between(xs, np.where(small, np.nan, lo), np.where(small, np.nan, hi), color=color,
                            alpha=theme.BAND_ALPHA, linewidth=0)
            theme.solid_line(ax, np.asarray(xs), vals, small, color)
            alone = ~small & np.r_[True, small[:-1]] & np.r_[small[1:], True]  # n >= 30 but no such neighbour: no band
            for xi, v, o, s, a, lo_i, hi_i in zip(xs, vals, other, small, alone, lo, hi, strict=True):
                if a:
                    theme.whisker(ax, xi, v, lo_i, hi_i, color)
                if faint and pd.notna(o):
                    theme.dot(ax, xi, o, color, s, size=3.8, alpha=faint[1])
                if pd.notna(v):
                    theme.dot(ax, xi, v, color, s, size=5.5)
            whiskers |= bool(alone.any())
        if f is not None:
            ax.set_title(f"{group_label(f, facet or '')} (n = {int(part['n'].sum()):,})", fontsize=9.5, loc="left")
        ax.set_xticks(xs, [str(v) for v in xs])
        ax.yaxis.set_major_formatter(FuncFormatter(theme.usd))
    theme.panels(axes, len(facets), ylabel)
    for ax in axes[-1, :]:
        ax.set_xlabel(table_format.header(x))
    return fig, axes, seen, whiskers


def trend(table: pd.DataFrame, x: str = "work_year", group: str | None = "region", facet: str | None = None, *, title: str,
          ylabel: str = "Median, USD per year, nominal", source: str = theme.SOURCE, ncols: int = 2,
          figsize: tuple[float, float] | None = None) -> Figure:
    """Median per ``x`` (e.g. work year) with a 95% CI band, one colour per ``group``, one panel per ``facet`` value
    (e.g. grade), from :func:`helpers.analysis.stats.quantile_ci_table`. Lines and bands join only neighbouring
    points with n >= 30: small-sample points stand alone, hollow."""
    fig, _, seen, whiskers = _trend_panels(table, x, group, facet, ncols, 1.6, ylabel, figsize)
    handles = [theme.key_line(k, c, dot=True) for k, c in seen.items()] + [key_bands(list(seen.values()))]
    handles += ([theme.key_whisker()] if whiskers else []) + ([theme.key_small()] if table["small_sample"].any() else [])
    cap = (f"{source}, n = {int(table['n'].sum()):,}. Dot: median; band: its 95% bootstrap CI, drawn only between "
           f"neighbouring points with n ≥ {study.SMALL_SAMPLE_N} (a whisker where such a point has no such neighbour). {SMALL}")
    return theme.layout(fig, title, cap, handles)


# In constant prices: medians restated in a base year's prices carry the finding; the nominal medians (as reported)
# are drawn faint and dotted in the same colour, so the reader sees how much of a nominal rise is inflation. The table
# is a :func:`helpers.analysis.stats.quantile_ci_table` passed through :func:`helpers.analysis.prices.to_constant` on
# ``value``, ``lo`` and ``hi``.

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
    def name(g: object, label: str) -> str:
        return f"{(labels or {}).get(str(g), label)} (constant prices)"

    fig, _, seen, whiskers = _trend_panels(table, x, group, facet, ncols, 1.9, ylabel, figsize,
                                           ("value_constant", "lo_constant", "hi_constant"), ("value", NOMINAL_ALPHA), name)
    handles = [theme.key_line(k, c, dot=True) for k, c in seen.items()]
    handles += [_key_nominal(), key_bands(list(seen.values()))]
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


# ---------------------------------------------------------------- more comparisons: countries, categories, ratios, ranges


def small_multiples(table: pd.DataFrame, facet: str, x: str = "grade", *, title: str, ylabel: str = "Median, USD per year, nominal",
                    source: str = theme.SOURCE, ncols: int = 3, reference: pd.DataFrame | None = None, reference_label: str = "reference",
                    order: Sequence[object] | None = None, color: str | None = None,
                    figsize: tuple[float, float] | None = None) -> Figure:
    """One small panel per ``facet`` value (e.g. company country, shown by name): median with 95% CI whisker and its n
    beside it (a thin group's dot hollow; a group under ``study.MIN_INTERVAL_N`` records has no dot, only its n
    at the foot of the panel) on a y axis from zero, across
    ``x`` (e.g. grade), from :func:`helpers.analysis.stats.quantile_ci_table`. ``reference`` (same columns, no
    facet) is drawn in every panel as a dashed line in its own colour (e.g. the US), labelled ``reference_label`` in
    the legend. Panels in ``order`` (default: table order); shared y axis."""
    facets = list(order) if order is not None else list(pd.unique(table[facet]))
    nrows = int(np.ceil(len(facets) / ncols))
    fig, axes = plt.subplots(nrows, ncols, sharey=True, figsize=figsize or (7.4, 2.3 * nrows + 1.5), squeeze=False)
    cats = list(theme.GRADE_ORDER) if x == "grade" else sorted(table[x].unique())
    color = color or theme.color_of("Europe")
    ref_color = theme.color_of(reference_label, theme.INK)
    for ax, f in zip(axes.flat, facets, strict=False):
        t = table[table[facet] == f]
        if reference is not None:
            ref = reference.set_index(x).reindex(cats)
            ax.plot(range(len(cats)), ref["value"], color=ref_color, linewidth=1.3, linestyle="--", zorder=1)
        for _, r in t.iterrows():
            xi = cats.index(r[x])
            if not table_format.interval_shown(r["n"]):  # 1-4 records: no median is drawn, the count is said at the foot
                ax.annotate(f"n={int(r['n'])}", (xi, 0), xytext=(0, 3), textcoords="offset points", fontsize=6.5,
                            color=theme.MUTED, ha="center", va="bottom")
                continue
            theme.whisker(ax, xi, r["value"], r["lo"], r["hi"], color)
            theme.dot(ax, xi, r["value"], color, bool(r["small_sample"]), size=5.5)
            last = xi == len(cats) - 1  # every drawn cell says its n; the last column's label goes left, inside the panel
            ax.annotate(f"n={int(r['n']):,}", (xi, r["value"]), xytext=(-8 if last else 7, 0), textcoords="offset points",
                        fontsize=6.5, color=theme.MUTED if r["small_sample"] else theme.INK, va="center",
                        ha="right" if last else "left")
        ax.set_title(f"{group_label(f, facet)} (n = {int(t['n'].sum()):,})", fontsize=9.5, loc="left")
        ax.set_xticks(range(len(cats)), [str(c) for c in cats], fontsize=7.5)
        ax.set_xlim(-0.5, len(cats) - 0.5)
        ax.yaxis.set_major_formatter(FuncFormatter(theme.usd))
        ax.grid(axis="x", visible=False)
    top = np.nanmax([*table.loc[table["n"] >= study.MIN_INTERVAL_N, ["value", "hi"]].to_numpy(dtype=float).ravel(),
                     *([] if reference is None else reference["value"].to_numpy(dtype=float))])
    axes.flat[0].set_ylim(0, top * 1.08)  # from zero, like every other dot plot (the y axis is shared)
    theme.panels(axes, len(facets), ylabel)
    handles = [theme.key_dot(f"{table_format.header(facet)}: median", color), theme.key_whisker()]
    handles += [theme.key_line(f"{reference_label} median (every panel)", ref_color, "--")] if reference is not None else []
    handles += [theme.key_small()] if table["small_sample"].any() else []
    cap = (f"{source}, n = {int(table['n'].sum()):,}. Dot: median, its n beside it; whisker: its 95% bootstrap CI. "
           f"{SMALL} A cell under {study.MIN_INTERVAL_N} records has no dot: its n stands at the foot of the panel. "
           f"{EXECUTIVE}")
    return theme.layout(fig, title, cap, handles)


def dot_ci(table: pd.DataFrame, category: str, *, title: str, xlabel: str = "Median, USD per year, nominal",
           source: str = theme.SOURCE, color: str | None = None, legend: str = "Median", ylabel: str | None = None,
           n_total: int | None = None, figsize: tuple[float, float] = (7.0, 3.8)) -> Figure:
    """One row per ``category`` value (first on top, n beside each label): the median (``value``) as a dot with its
    95% CI whisker (``lo``–``hi``), from :func:`helpers.analysis.stats.quantile_ci_table`; axis from 0."""
    fig, ax = plt.subplots(figsize=figsize)
    color = color or theme.MUTED
    ys = np.arange(len(table))[::-1]
    for y, (_, r) in zip(ys, table.iterrows(), strict=True):
        if pd.isna(r["value"]):
            ax.annotate("no data", (0, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8, color=theme.MUTED)
            continue
        theme.whisker(ax, r["value"], y, r["lo"], r["hi"], color, horizontal=True)
        theme.dot(ax, r["value"], y, color, bool(r["small_sample"]), size=8)
        if r["small_sample"]:
            theme.small_note(ax, r["value"], y, xytext=(0, 7))
    ax.set_yticks(ys, [f"{group_label(r[category], category)} (n = {r['n']:,})" for _, r in table.iterrows()])
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.set_xlim(0, float(table["hi"].max()) * 1.1)
    ax.xaxis.set_major_formatter(FuncFormatter(theme.usd))
    ax.grid(axis="y", visible=False)
    handles = [theme.key_dot(legend, color), theme.key_whisker(), *([theme.key_small()] if table["small_sample"].any() else [])]
    n = int(table["n"].sum()) if n_total is None else n_total
    cap = f"{source}, n = {n:,}. Dot: median; whisker: its 95% bootstrap CI. {SMALL}"
    return theme.finish(fig, ax, title, xlabel, ylabel if ylabel is not None else table_format.header(category), cap, handles)


def ratio_dots(table: pd.DataFrame, label: str = "label", *, title: str, group: str | None = None, source: str = theme.SOURCE,
               xlabel: str = "Ratio of medians (×, log scale)", n_total: int | None = None, note: str = "",
               figsize: tuple[float, float] = (7.0, 4.4)) -> Figure:
    """Ratios (e.g. grade steps from :func:`helpers.analysis.stats.grade_multipliers`) as dots with 95% CI
    whiskers on a log axis written as multiples (×), one row per ``label`` (first on top), coloured by ``group``
    (:func:`group_styles`; the legend in the rows' order). Needs ``ratio``, ``lo``, ``hi``, ``small_sample`` (and
    ``n_from``/``n_to`` or ``n`` for the caption)."""
    fig, ax = plt.subplots(figsize=figsize)
    ys = np.arange(len(table))[::-1]
    styles = group_styles(table[group], group) if group else {}
    seen: dict[str, str] = {}
    for y, (_, r) in zip(ys, table.iterrows(), strict=True):
        color = styles[r[group]].color if group else theme.INK
        if group:
            seen[styles[r[group]].label] = color
        if pd.isna(r["ratio"]):
            ax.annotate("no records at one grade", (1.0, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8,
                        color=theme.MUTED)
            continue
        theme.whisker(ax, r["ratio"], y, r["lo"], r["hi"], color, horizontal=True)
        theme.dot(ax, r["ratio"], y, color, bool(r["small_sample"]), size=7.5)
        ax.annotate(f"×{r['ratio']:.2f}" + (f" ({theme.SMALL_LABEL})" if r["small_sample"] else ""), (r["hi"], y), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8.5, color=theme.MUTED if r["small_sample"] else theme.INK)
    theme.log_ratio_axis(ax, [*table["lo"], *table["hi"] * 1.12])
    ax.set_yticks(ys, list(table[label]))
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.grid(axis="y", visible=False)
    handles = [theme.key_dot(k, c) for k, c in seen.items()] + [theme.key_whisker()]
    handles += [theme.key_small()] if table["small_sample"].any() else []
    n = n_total if n_total is not None else int(table.get("n", pd.Series([0])).sum())
    cap = (f"{source}, n = {n:,}. Dot: ratio of medians (×1: equal; log scale: ×2 and ×0.5 are the same distance "
           f"from ×1); whisker: its 95% bootstrap CI. {SMALL}" + (f" {note}" if note else ""))
    return theme.finish(fig, ax, title, xlabel, "", cap, handles)


def prediction_ranges(table: pd.DataFrame, category: str, *, title: str, level: str = "80%", group: str | None = None,
                      xlabel: str = "USD per year, nominal", source: str = theme.SOURCE, note: str = "",
                      figsize: tuple[float, float] = (7.0, 4.6)) -> Figure:
    """One row per ``category`` value (first row on top): dot = ``median``, translucent box = ``low``–``high`` (the
    ``level`` prediction range: where such salaries should fall, not a confidence interval), ``n_similar`` beside
    each label, coloured by ``group`` (e.g. region, :func:`group_styles`); rows with ``n_similar`` < 30 hollow."""
    fig, ax = plt.subplots(figsize=figsize)
    ys = np.arange(len(table))[::-1]
    styles = group_styles(table[group], group) if group else {None: Group("Predicted median", theme.MUTED)}
    for y, (_, r) in zip(ys, table.iterrows(), strict=True):
        color = styles[r[group] if group else None].color
        small = r["n_similar"] < study.SMALL_SAMPLE_N
        ax.add_patch(Rectangle((r["low"], y - 0.18), r["high"] - r["low"], 0.36, facecolor=color, alpha=theme.SPREAD_ALPHA,
                               edgecolor="none"))
        theme.dot(ax, r["median"], y, color, small, size=7.5)
        ax.annotate(theme.usd(r["median"]) + (f" ({theme.SMALL_LABEL})" if small else ""), (r["high"], y), xytext=(5, 0),
                    textcoords="offset points", va="center", fontsize=8.5, color=theme.MUTED if small else theme.INK)
    ax.set_yticks(ys, [f"{group_label(r[category], category)} (n = {int(r['n_similar']):,})" for _, r in table.iterrows()])
    ax.set_xlim(0, float(table["high"].max()) * 1.18)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.xaxis.set_major_formatter(FuncFormatter(theme.usd))
    ax.grid(axis="y", visible=False)
    handles = [theme.key_dot(name, c) for name, c in styles.values()]
    handles += [key_bands([c for _, c in styles.values()], f"{level} prediction range", theme.SPREAD_ALPHA)]
    handles += [theme.key_small()] if (table["n_similar"] < study.SMALL_SAMPLE_N).any() else []
    cap = (f"{source}. Dot: predicted median; box: {level} prediction range (where {level} of such salaries should fall, "
           f"not a confidence interval). n = similar survey records; hollow: {theme.SMALL_LABEL}." + (f" {note}" if note else ""))
    return theme.finish(fig, ax, title, xlabel, table_format.header(category), cap, handles)


# ---------------------------------------------------------------- distributions and counts

def pay_ecdf(dist: pd.DataFrame, *, title: str, group: str = "region", facet: str = "grade", reference: str = "United States",
             xlabel: str = "USD per year, nominal (log scale)", source: str = theme.SOURCE, note: str = "",
             figsize: tuple[float, float] | None = None) -> Figure:
    """Weighted ECDFs (seaborn) of pay from :func:`table_format.distribution`: one panel per ``facet`` value, one line per
    ``group`` (named and coloured by :func:`group_styles`), and the ``reference`` group's median as a dashed line.
    Where another group's line crosses it, a dot and a plain statement ("84% of Europe below the US median") say the
    share below it, for groups with 30+ records. Groups under 30 records are drawn dotted and thin, and say so; a
    group with no records in a panel is named there ("no Europe records")."""
    import seaborn as sns  # here, not at module level: it pulls in scipy.stats (~1 s), and only this chart uses it

    facets = [f for f in (theme.GRADE_ORDER if facet == "grade" else sorted(dist[facet].unique())) if (dist[facet] == f).any()]
    ncols = min(2, len(facets))
    nrows = int(np.ceil(len(facets) / ncols))
    fig, axes = plt.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False, figsize=figsize or (7.0, 2.4 * nrows + 1.7))
    styles = group_styles(dist[group], group)
    groups = list(styles)

    def short(g: object) -> str:  # in running text: "84% of Europe below the US median", "of remote below the on-site"
        return "US" if g == "United States" else table_format.label(g, group)

    for ax, f in zip(axes.flat, facets, strict=False):
        part = dist[dist[facet] == f]
        ns = part.groupby(group, observed=True)["n"].sum().reindex(groups).fillna(0).astype(int)
        for g in ns.index[ns > 0]:
            small = ns[g] < study.SMALL_SAMPLE_N
            sns.ecdfplot(data=part[part[group] == g], x="salary_usd", weights="n", color=styles[g].color, ax=ax,
                         log_scale=True, linewidth=1.0 if small else 1.8, linestyle=":" if small else "-")
        if ns.get(reference, 0) > 0:
            ref = part[part[group] == reference]
            med = float(ref.loc[ref["share_at_or_below"] >= 0.5, "salary_usd"].iloc[0])
            ax.axvline(med, color=styles[reference].color, linewidth=1.0, linestyle="--", zorder=1)
            for g in ns.index[(ns >= study.SMALL_SAMPLE_N) & (ns.index != reference)]:
                other = part[part[group] == g]
                below = float(other.loc[other["salary_usd"] < med, "n"].sum() / other["n"].sum())
                ax.plot(med, below, "o", color=styles[g].color, markeredgecolor=theme.INK, markersize=6, zorder=4)
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
    handles = [theme.key_line(label, color) for label, color in styles.values()]
    ref_color = styles[reference].color if reference in styles else theme.INK
    handles += [theme.key_line(f"{group_label(reference, group)} median", ref_color, "--"),
                theme.key_dot(f"share below the {short(reference)} median", theme.MUTED),
                theme.key_line(f"{theme.SMALL_LABEL} (n*): thin dotted line", theme.MUTED, ":")]
    cap = (f"{source}, n = {int(dist['n'].sum()):,}. Each line: the share of a group's records earning at most the "
           f"salary on the x axis (weighted ECDF of 1% salary bins). Where a line crosses the dashed "
           f"{table_format.label(reference, group)} median (the dot) reads the share below it; it is stated for groups with "
           f"n ≥ {study.SMALL_SAMPLE_N}. {EXECUTIVE}"
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
    ax.set_xticks(range(values.shape[1]), [table_format.label(c) for c in body.columns])
    ax.set_yticks(range(values.shape[0]), [table_format.label(i) for i in body.index])
    ax.grid(False)
    cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cb.ax.yaxis.set_major_locator(FixedLocator([t for t in (1, 10, 100, 1_000, 10_000) if t <= vmax]))
    cb.ax.yaxis.set_minor_locator(NullLocator())
    cb.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    cb.set_label("distinct records (log scale)")
    extra = f"Hatched cells: n < {study.SMALL_SAMPLE_N}, too thin for a reliable median." + (f" {note}" if note else "")
    handles = [Rectangle((0, 0), 1, 1, fill=False, hatch=theme.SMALL_HATCH, edgecolor=theme.INK, label=f"n < {study.SMALL_SAMPLE_N}")]
    return theme.finish(fig, ax, title, xlabel, ylabel, theme.default_caption(int(values.sum()), extra), handles)


# ---------------------------------------------------------------- the fact check
# Every line of evidence on the article's figures, and its grades against years: a dot is an estimate with its 95% CI
# as a whisker, hollow when under ``study.SMALL_SAMPLE_N`` records (never concluded from); a shaded band is a 95% CI
# drawn as a band; verdicts and sources keep their colours (``theme.VERDICT_COLORS``, ``theme.SOURCE_COLORS``).



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
    band_c, level_c = theme.color_of(factcheck.BANDS_FROM), theme.color_of(factcheck.LEVELS_FROM)
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
                y, color = y_of[(r["kind"], r["group"])], level_c if r["kind"] == "level" else band_c
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
                    ax.fill_between([r["lo"], r["hi"]], -0.6, y, color=level_c, alpha=theme.BAND_ALPHA, linewidth=0, zorder=0)
            theme.log_ratio_axis(ax, [low / 1.05, top * 1.45])
            ax.axhline(len(bands) - 0.2, color=theme.FAINT, linewidth=0.8)
            ax.grid(axis="y", visible=False)
            where = "the US" if region == study.COMPARED_REGIONS[0] else region
            ax.set_title(f"{pool}, {where}", loc="left", fontsize=9)
            if row == len(pools) - 1:
                ax.set_xlabel("Median ÷ its survey's median (×, log scale)", fontsize=8)
    ticks = [y_of[("band", b)] for b in bands] + [y_of[("level", g)] for g in levels]
    names = [_band_label(str(b)) for b in bands] + [f"{factcheck.LEVELS_FROM} {g}" for g in levels]
    for row in range(len(pools)):
        axes[row][0].set_yticks(ticks, names)
        axes[row][0].set_ylim(-0.6, max(ticks) + 0.6)
    handles = [theme.key_dot(f"{factcheck.BANDS_CALLED}: median by years of professional coding ÷ its median", band_c),
               theme.key_dot(f"{factcheck.LEVELS_FROM}: median by level ÷ its median", level_c), theme.key_whisker(),
               theme.key_box(f"{factcheck.LEVELS_FROM} level's CI, shaded down", level_c, theme.BAND_ALPHA)]
    handles += [theme.key_small()] if table["small_sample"].any() else []
    cap = (f"{source}. Indirect evidence: no source has grade and years for the same people. ×1 = the survey's own "
           f"median (same pool and region). {SMALL}" + (f" {note}" if note else ""))
    return theme.layout(fig, title, cap, handles)
