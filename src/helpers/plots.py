"""The collection's plotting theme and plot helpers.

Every helper takes a tidy table from :mod:`helpers.stats` and returns a :class:`matplotlib.figure.Figure` with a title
that states the finding (pass it computed), axis labels with units, a caption with source and n, and small samples
(``small_sample`` column, n < :data:`helpers.stats.SMALL_SAMPLE_N`) drawn faded + hatched and labelled "n<30".
In notebooks: ``plots.use_theme()`` once, then ``plots.show(fig)`` (display + close, so outputs stay deterministic).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from helpers import schema
from helpers.stats import SMALL_SAMPLE_N

#: Okabe & Ito (2008) colour-blind-safe palette (black last).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
REGION_COLORS: dict[str, str] = {"United States": "#0072B2", "Europe": "#E69F00", "Other": "#999999"}
GRADE_ORDER: tuple[str, ...] = tuple(schema.GRADES)
#: Default caption source line.
SOURCE = "Source: aijobs.net salary survey (CC0), distinct records"
#: Label used for small-sample marks.
SMALL_LABEL = f"n<{SMALL_SAMPLE_N}"
SMALL_ALPHA = 0.35
SMALL_HATCH = "///"

THEME: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "ml-careers",
    "svg.fonttype": "path",
    "hatch.color": "#555555",
    "hatch.linewidth": 0.6,
    "path.simplify": True,
}


def use_theme() -> None:
    """Apply :data:`THEME` to matplotlib's rcParams (call once per notebook / test session)."""
    mpl.rcParams.update(THEME)


def usd(x: float, _pos: object = None) -> str:
    """Axis formatter: 152000 -> '152k'."""
    return f"{x / 1000:,.0f}k"


def _times(x: float, _pos: object = None) -> str:
    return f"×{x:.1f}"


def caption(fig: Figure, text: str) -> None:
    """Bottom-left caption (source and n) in small grey text, wrapped to the figure width.

    Leave room for it when laying out, e.g. ``fig.tight_layout(rect=(0, 0.08, 1, 1))`` before calling this.
    """
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=8, color="#555555", wrap=True)


def wrap_title(fig: Figure, text: str, fontsize: float = 11.5, share: float = 1.0) -> str:
    """``text`` wrapped to fit ``share`` of the figure's width at ``fontsize`` (bold DejaVu Sans, ~0.6 em per char)."""
    width = max(20, int(fig.get_figwidth() * share * 72 / (fontsize * 0.62)))
    return textwrap.fill(text, width=width)


def finding_title(ax: Axes, text: str) -> None:
    """Left-aligned bold title stating the finding, wrapped to the figure width."""
    ax.set_title(wrap_title(ax.figure, text), loc="left")


def title_of(fig: Figure) -> str:
    """The figure's finding: its suptitle, else the first axes title (left, then centre), on one line."""
    texts = [fig._suptitle.get_text() if fig._suptitle else ""]
    texts += [ax.get_title(loc=loc) for ax in fig.axes for loc in ("left", "center")]
    return " ".join(next((t for t in texts if t.strip()), "").split())


def show(fig: Figure) -> None:
    """Display a figure in a notebook, then close it (no duplicate output, no memory leak).

    The figure's title (the finding) is stored as the PNG's ``alt`` text in the output metadata, so the rendered
    site and the README index can quote each figure's finding without reading pixels.
    """
    from IPython.display import display

    display(fig, metadata={"image/png": {"alt": title_of(fig)}})
    plt.close(fig)


def default_caption(n: int, extra: str = "", source: str = SOURCE) -> str:
    """'Source: ..., n = 1,234. <extra>' for figures built outside these helpers."""
    return f"{source}, n = {n:,}." + (f" {extra}" if extra else "")


def _finish(fig: Figure, ax: Axes, title: str, xlabel: str, ylabel: str, cap: str) -> Figure:
    finding_title(ax, title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    caption(fig, cap)
    return fig


def _small_note(ax: Axes, x: float, y: float, **kw: object) -> None:
    ax.annotate(SMALL_LABEL, (x, y), fontsize=8, color="#B00020", ha="center", va="bottom", **kw)


def distribution_by_group(table: pd.DataFrame, by: str | Sequence[str], *, title: str, ylabel: str = "USD per year, nominal",
                          source: str = SOURCE, color_by: str | None = None, figsize: tuple[float, float] = (7.0, 4.2)) -> Figure:
    """Box-like plot per group from a :func:`helpers.stats.quantile_table` (p10, p25, p50, p75, p90): box = p25-p75,
    line = median, whiskers = p10-p90; n under each box; small samples faded + hatched + "n<30".

    ``table`` may also be raw ``salary_bins`` rows (a ``bin`` column): the quantile table is then computed here.
    """
    by = [by] if isinstance(by, str) else list(by)
    if "bin" in table.columns:
        from helpers.stats import quantile_table

        table = quantile_table(table, by)
    fig, ax = plt.subplots(figsize=figsize)
    for i, r in enumerate(table.itertuples(index=False)):
        d = r._asdict()
        color = REGION_COLORS.get(str(d[color_by]), PALETTE[0]) if color_by else PALETTE[0]
        small = bool(d["small_sample"])
        alpha = SMALL_ALPHA if small else 0.85
        ax.add_patch(Rectangle((i - 0.3, d["p25"]), 0.6, d["p75"] - d["p25"], facecolor=color, alpha=alpha,
                               hatch=SMALL_HATCH if small else None, edgecolor="#333333", linewidth=0.8))
        ax.plot([i - 0.3, i + 0.3], [d["p50"], d["p50"]], color="black", linewidth=2)
        ax.plot([i, i], [d["p10"], d["p25"]], color="#333333", linewidth=1)
        ax.plot([i, i], [d["p75"], d["p90"]], color="#333333", linewidth=1)
        if small:
            _small_note(ax, i, d["p90"])
    labels = ["\n".join(str(r[c]) for c in by) + f"\nn = {r['n']:,}" for _, r in table.iterrows()]
    ax.set_xticks(range(len(table)), labels)
    ax.set_xlim(-0.6, len(table) - 0.4)
    ax.yaxis.set_major_formatter(FuncFormatter(usd))
    ax.grid(axis="x", visible=False)
    ax.set_ylim(bottom=0)
    cap = f"{source}, n = {int(table['n'].sum()):,}. Box p25–p75, line median, whiskers p10–p90. Faded/hatched: {SMALL_LABEL}."
    return _finish(fig, ax, title, " / ".join(by).replace("_", " "), ylabel, cap)


def grade_ladder(table: pd.DataFrame, *, title: str, group: str | None = "region", ylabel: str = "Median, USD per year, nominal",
                 source: str = SOURCE, figsize: tuple[float, float] = (7.0, 4.2)) -> Figure:
    """Median per grade with IQR bars (p25-p75), one line per ``group`` value (e.g. region).

    ``table``: a :func:`helpers.stats.quantile_table` with ``grade`` (and ``group``) columns. Small-sample points are
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
                _small_note(ax, xi, r["p75"])
    ax.set_xticks(range(len(GRADE_ORDER)), GRADE_ORDER)
    ax.yaxis.set_major_formatter(FuncFormatter(usd))
    ax.grid(axis="x", visible=False)
    if group is not None:
        ax.legend(loc="upper left")
    cap = f"{source}, n = {int(table['n'].sum()):,}. Dot median, bar p25–p75. Hollow/faded: {SMALL_LABEL}. Lead = EX (executive/director)."
    return _finish(fig, ax, title, "Grade", ylabel, cap)


def dumbbell(table: pd.DataFrame, category: str, *, title: str, xlabel: str = "Median, USD per year, nominal",
             source: str = SOURCE, value_format: str = "usd", figsize: tuple[float, float] = (7.0, 4.2)) -> Figure:
    """US vs Europe (or any ``a`` vs ``b``) per category from :func:`helpers.stats.compare_table`: one row per category,
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
            small = n < SMALL_SAMPLE_N
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
    ax.xaxis.set_major_formatter(FuncFormatter(usd if value_format == "usd" else _times))
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
    """Median line with CI band per ``group`` over ``x`` from :func:`helpers.stats.quantile_ci_table` (``value``, ``lo``,
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
                _small_note(ax, r[x], r["value"], xytext=(0, 5), textcoords="offset points")
    if n_small > 4:
        ax.annotate(f"hollow points: {SMALL_LABEL}", (1.0, 0.02), xycoords="axes fraction", ha="right", va="bottom", fontsize=8,
                    color="#B00020")
    xs = sorted(table[x].unique())
    ax.set_xticks(xs, [str(v) for v in xs])
    ax.yaxis.set_major_formatter(FuncFormatter(usd))
    if group is not None:
        ax.legend(loc="upper left")
    cap = f"{source}, n = {int(table['n'].sum()):,}. Band: 95% bootstrap CI of the median (n ≥ {SMALL_SAMPLE_N}). Hollow: {SMALL_LABEL}."
    return _finish(fig, ax, title, x.replace("_", " ").capitalize(), ylabel, cap)


def small_multiples(table: pd.DataFrame, facet: str, x: str = "grade", *, title: str, ylabel: str = "Median, USD per year, nominal",
                    source: str = SOURCE, ncols: int = 3, reference: pd.DataFrame | None = None, reference_label: str = "reference",
                    order: Sequence[object] | None = None, figsize: tuple[float, float] | None = None) -> Figure:
    """One small panel per ``facet`` value (e.g. country): median with CI bars across ``x`` (e.g. grade), from a
    :func:`helpers.stats.quantile_ci_table`. ``reference`` (same columns, no facet) is drawn as a grey line in every
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
                _small_note(ax, xi, r["hi"])
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
    :func:`helpers.stats.quantile_ci_table`, first row on top, n beside each label; small samples faded + hatched.

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
    ax.xaxis.set_major_formatter(FuncFormatter(usd if value_format == "usd" else _times))
    if reference is not None:
        ax.axvline(reference, color="#333333", linewidth=1, linestyle="--")
    ax.grid(axis="y", visible=False)
    n = int(table["n"].sum()) if n_total is None else n_total
    cap = f"{source}, n = {n:,}. Whiskers: 95% bootstrap CI. Faded/hatched: {SMALL_LABEL}."
    return _finish(fig, ax, title, xlabel, ylabel if ylabel is not None else category.replace("_", " ").capitalize(), cap)
