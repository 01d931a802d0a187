"""The collection's figure theme: one colour per meaning, rcParams, formatters, the figure layout, legend keys and display.

Every chart in :mod:`helpers.presentation.plots` ends with :func:`finish` or :func:`layout`: the finding as a title
across the top, a legend row with an entry for every kind of mark under it, the plot, and a caption with source and
n, shown as text under the image. Colours mean one thing everywhere (:data:`COLOURS`): the United States is always the same blue and
nothing else is. In notebooks: ``theme.use_theme()`` once, then ``theme.show(fig, data=table, basis=title)`` (display +
close; the title becomes the PNG's alt text, the table drawn travels with the figure as CSV with the licence of the
curated tables it was drawn from, and the title's
:class:`Title` records the smallest group its words rest on, for ``tests/test_titles.py``).
"""

from __future__ import annotations

import base64
import io
import math
import re
import textwrap
from collections.abc import Iterable, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from helpers import data as loaded
from helpers import licensing, schema, study
from helpers.analysis import sources
from helpers.presentation import table_format

#: Places (Okabe & Ito blue and orange; grey for the other regions, ``schema.REGION_NAMES``). Blue and orange mean
#: these places and nothing else.
REGION_COLORS: dict[str, str] = {"United States": "#0072B2", "Europe": "#E69F00", "Other": "#999999"}
#: Role families compared with ML engineering (notebook 05), by code.
FAMILY_COLORS: dict[str, str] = {study.ML_FAMILY: "#CC79A7", "data_engineering": "#8C510A", "analytics_bi": "#661100"}
#: Fact-check verdicts ("cannot be tested" has no estimate, so it is never drawn as a point).
VERDICT_COLORS: dict[str, str] = {"supported": "#009E73", "partly supported": "#F0E442", "not supported": "#D55E00",
                                  "cannot be tested": "#CCCCCC"}
#: Salary sources compared side by side (notebooks 06 and 10), by name: each registered source's own colour
#: (``sources.Source.colour``), and the official statistics': hues no place uses (Paul Tol's green, wine and sand),
#: apart from the places' colours and from each other also for red-green colour-blind readers
#: (``tests/test_colours.py`` measures it), so a source never reads as the US or Europe.
SOURCE_COLORS: dict[str, str] = {**{s.name: s.colour for s in sources.SOURCES}, "official statistics": "#DDCC77"}
#: Two compared groups that have no colour of their own (on-site vs remote, two work years, two company sizes): Paul
#: Tol's indigo and teal, distinct from each other and from every other meaning.
PAIR_COLORS: tuple[str, str] = ("#332288", "#44AA99")
#: Compared groups without a colour of their own, in order (:func:`helpers.presentation.plots.group_styles`): the
#: pair, then Tol's cyan and olive for a third and a fourth (on-site, hybrid, remote), apart from each other also for
#: red-green colour-blind readers (``tests/test_colours.py`` measures it).
GROUP_COLORS: tuple[str, ...] = (*PAIR_COLORS, "#88CCEE", "#999933")
#: "Selected" (the explorer's chosen place): black, marked by weight, never by a place's or a source's hue.
SELECTED = "#000000"
#: Every colour that carries a meaning, by meaning (a test checks that no two meanings share one).
COLOURS: dict[str, str] = {**{f"region: {k}": v for k, v in REGION_COLORS.items()},
                           **{f"role family: {schema.ROLE_FAMILIES[k]}": v for k, v in FAMILY_COLORS.items()},
                           **{f"verdict: {k}": v for k, v in VERDICT_COLORS.items()},
                           **{f"source: {k}": v for k, v in SOURCE_COLORS.items()},
                           **{f"compared group: {k}": v for k, v in zip(("first", "second", "third", "fourth"),
                                                                         GROUP_COLORS, strict=True)},
                           "selected": SELECTED}
#: Marks that carry no category: reference lines (×1, a target), connectors, notes.
INK, MUTED, FAINT = "#222222", "#555555", "#BBBBBB"
GRADE_ORDER: tuple[str, ...] = tuple(schema.GRADES)
#: Default caption source line: the collection's own survey.
SOURCE = f"Source: {sources.OWN.caption}"
#: Label used for small-sample marks.
SMALL_LABEL = f"n<{study.SMALL_SAMPLE_N}"
SMALL_KEY = f"n < {study.SMALL_SAMPLE_N}: hollow, never joined"
SMALL_HATCH = "///"
#: Spread (p25–p75) and confidence interval are drawn differently: a translucent box vs a thin whisker.
SPREAD_ALPHA, BAND_ALPHA = 0.28, 0.18
SPREAD_KEY, CI_KEY, BAND_KEY = "p25–p75: middle half of salaries", "95% CI (whisker)", "95% CI (band)"
TITLE_SIZE, CAPTION_SIZE = 11.5, 8.0

THEME: dict[str, object] = {
    "font.family": "DejaVu Sans", "font.size": 10,
    "axes.titlesize": 10, "axes.titleweight": "normal", "axes.titlelocation": "left", "axes.labelsize": 10,
    "xtick.labelsize": 9, "ytick.labelsize": 9, "legend.fontsize": 9, "legend.frameon": False,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.color": "#dddddd",
    "grid.linewidth": 0.6, "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=[REGION_COLORS["United States"], REGION_COLORS["Europe"], REGION_COLORS["Other"]]),
    "figure.figsize": (7.0, 4.2),
    # figures are laid out at 100 dpi and written at 2x (200 dpi): sharp on high-density screens
    "figure.dpi": 100, "savefig.dpi": 200,
    "figure.facecolor": "white", "savefig.facecolor": "white",
    "svg.hashsalt": "ml-careers", "svg.fonttype": "path",
    "hatch.color": "#555555", "hatch.linewidth": 0.6, "path.simplify": True,
}
#: Colours kept when a figure's PNG is optimised (a palette PNG: about a third of the size, no visible change).
PNG_COLOURS = 256


def use_theme() -> None:
    """Apply :data:`THEME` to matplotlib's rcParams (call once per notebook / test session)."""
    mpl.rcParams.update(THEME)


def color_of(name: object, default: str = MUTED) -> str:
    """The colour of a region, role family (code or label), verdict or source; ``default`` for anything else."""
    key = str(name)
    labels = {v: k for k, v in schema.ROLE_FAMILIES.items()}
    return (REGION_COLORS.get(key) or FAMILY_COLORS.get(labels.get(key, key)) or VERDICT_COLORS.get(key)
            or SOURCE_COLORS.get(key) or default)


def usd(x: float, _pos: object = None) -> str:
    """Axis formatter: 152000 -> '152k'."""
    return f"{x / 1000:,.0f}k"


def times(x: float, _pos: object = None) -> str:
    """Axis formatter: 1.25 -> '×1.25' (trailing zeros dropped)."""
    return f"×{x:.2f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- marks: the grammar the legend keys describe

def dot(ax: Axes, x: float, y: float, color: str, small: bool, size: float = 6.5, **kw: object) -> None:
    """A median: a filled dot, hollow when its group is small."""
    ax.plot(x, y, "o", color=color, mfc="white" if small else color, markersize=size, mew=1.4, zorder=3, **kw)


def whisker(ax: Axes, x: float, y: float, lo: float, hi: float, color: str, horizontal: bool = False) -> None:
    """A 95% confidence interval: a thin capped whisker (spreads are boxes, never whiskers)."""
    err = [[y - lo], [hi - y]] if not horizontal else [[x - lo], [hi - x]]
    ax.errorbar(x, y, **({"xerr": err} if horizontal else {"yerr": err}), fmt="none", ecolor=color, elinewidth=1.1,
                capsize=2.5, zorder=2)


def solid_line(ax: Axes, xs: np.ndarray, ys: np.ndarray, small: np.ndarray, color: str) -> None:
    """A line through consecutive points with n >= 30 only: a small point (or a gap) breaks it."""
    ax.plot(xs, np.where(small, np.nan, ys), color=color, linewidth=1.8, zorder=2)


def log_ratio_axis(ax: Axes, values: Sequence[float], must: Sequence[float] = ()) -> None:
    """A log x axis for ratios with a ×1 line: ticks at round values (and at ``must``), written as multiples (×1.2):
    a ratio is written one way, with ×, on every axis, label and table."""
    v = np.asarray([x for x in values if np.isfinite(x)] + [1.0])
    lo, hi = v.min() / 1.06, v.max() * 1.06
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    cands = [0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0]
    # ×1 and ``must``, then round values at least 1/7 of the axis apart
    ticks, gap = [1.0, *(t for t in must if lo <= t <= hi)], (math.log(hi) - math.log(lo)) / 7
    for t in sorted((t for t in cands if lo <= t <= hi and t != 1.0), key=lambda t: abs(math.log(t))):
        if all(abs(math.log(t / u)) >= gap for u in ticks):
            ticks.append(t)
    ticks.sort()
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(times))
    ax.axvline(1.0, color=INK, linewidth=0.9, zorder=1)


# ---------------------------------------------------------------- legend keys (one entry per kind of mark)

def key_dot(label: str, color: str, hollow: bool = False, marker: str = "o") -> Line2D:
    """Legend entry for a dot (hollow: a small sample)."""
    return Line2D([], [], marker=marker, linestyle="none", color=color, markerfacecolor="white" if hollow else color,
                  markersize=7, label=label)


def key_line(label: str, color: str, style: str = "-", dot: bool = False) -> Line2D:
    """Legend entry for a line (``style`` as matplotlib's linestyle; with a dot: a line of medians)."""
    return Line2D([], [], color=color, linestyle=style, marker="o" if dot else None, markersize=6, linewidth=1.6, label=label)


def key_small() -> Line2D:
    """Legend entry for small-sample marks: a hollow grey dot."""
    return key_dot(SMALL_KEY, MUTED, hollow=True)


def key_whisker(label: str = CI_KEY) -> Line2D:
    """Legend entry for a confidence interval drawn as a whisker."""
    return Line2D([], [], color=MUTED, marker="|", markersize=9, linewidth=1.2, label=label)


def key_box(label: str = SPREAD_KEY, color: str = MUTED, alpha: float = SPREAD_ALPHA) -> Patch:
    """Legend entry for a translucent box or band (a spread, or a CI band)."""
    return Patch(facecolor=color, alpha=alpha, edgecolor="none", label=label)


# ---------------------------------------------------------------- layout: title, legend row, plot, caption

def _lines(text: str, width_pt: float, size: float, em: float) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width=max(20, int(width_pt / (size * em)))) or [""]


def wrap_title(fig: Figure, text: str, fontsize: float = TITLE_SIZE, share: float = 1.0) -> str:
    """``text`` wrapped to fit ``share`` of the figure's width at ``fontsize`` (bold DejaVu Sans, ~0.62 em per char)."""
    return "\n".join(_lines(text, fig.get_figwidth() * 72 * share - 10, fontsize, 0.62))


def finding_title(ax: Axes, text: str) -> None:
    """The finding as the figure's title, top left, wrapped to the figure width."""
    fig = ax.figure
    fig.suptitle(wrap_title(fig, text), x=0.01, y=0.99, ha="left", va="top", fontweight="bold", fontsize=TITLE_SIZE)


def title_of(fig: Figure) -> str:
    """The figure's finding: its suptitle, else the first axes title (left, then centre), on one line."""
    texts = [fig._suptitle.get_text() if fig._suptitle else ""]
    texts += [ax.get_title(loc=loc) for ax in fig.axes for loc in ("left", "center")]
    return " ".join(next((t for t in texts if t.strip()), "").split())


#: ``gid`` of the caption's text artist (see :func:`caption`).
CAPTION_GID = "figure-caption"
#: Output metadata key marking the caption output :func:`show` sends right after a figure.
CAPTION_OUTPUT = "figure_caption"


def caption(fig: Figure, text: str) -> float:
    """Keep the caption (source, n, notes) with the figure, off the picture: a hidden text artist (``gid``
    :data:`CAPTION_GID`) that :func:`show` prints as text under the image, legible at any screen width. Returns the
    height share it takes in the picture: none."""
    fig.text(0.01, 0.01, " ".join(text.split()), ha="left", va="bottom", fontsize=CAPTION_SIZE, color=MUTED,
             visible=False, gid=CAPTION_GID)
    return 0.0


def caption_of(fig: Figure) -> str:
    """The figure's caption (:func:`caption`), or ``""`` when it has none."""
    return " ".join(t.get_text() for t in fig.texts if t.get_gid() == CAPTION_GID)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def caption_markdown(text: str) -> str:
    """``text`` as Markdown that renders as exactly that text (Markdown's special characters escaped, dollar signs
    as ``table_format.DOLLAR``)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("$", table_format.DOLLAR)


def layout(fig: Figure, title: str, cap: str, handles: Sequence[Artist] = (), *, right: float = 1.0) -> Figure:
    """The one finishing routine: finding title across the top, a legend row under it (one entry per kind of
    mark), the axes; the caption goes with the figure as text (:func:`caption`), shown under the image by
    :func:`show`. ``right`` < 1 keeps a margin for notes right of the plot."""
    width_pt, height_pt = fig.get_figwidth() * 72, fig.get_figheight() * 72
    title_lines = wrap_title(fig, title).count("\n") + 1
    finding_title(fig.axes[0], title)
    top_pt = title_lines * TITLE_SIZE * 1.25 + 10
    if handles:
        widths = [len(h.get_label()) * 9 * 0.56 + 34 for h in handles]
        ncols = max(1, min(len(handles), int((width_pt - 10) // max(widths))))
        rows = math.ceil(len(handles) / ncols)
        fig.legend(handles=list(handles), loc="upper left", bbox_to_anchor=(0.005, 1 - top_pt / height_pt), ncols=ncols,
                   fontsize=9, handlelength=1.8, columnspacing=1.2, borderaxespad=0.2, frameon=False)
        top_pt += rows * 9 * 1.75 + 8
    bottom = caption(fig, cap)
    fig._suptitle.set_in_layout(False)  # its room is reserved above (tight_layout would reserve it twice)
    fig.tight_layout(rect=(0, bottom, right, 1 - top_pt / height_pt))
    fig._suptitle.set_in_layout(True)  # ... but a tight bounding box when saving must keep it
    return fig


def finish(fig: Figure, ax: Axes, title: str, xlabel: str, ylabel: str, cap: str, handles: Sequence[Artist] = (), *,
           right: float = 1.0) -> Figure:
    """:func:`layout` for a one-axes chart, with its axis labels (units in them)."""
    ax.set_xlabel("\n".join(_lines(xlabel, fig.get_figwidth() * 72 * 0.62, 10, 0.56)) if xlabel else "")
    ax.set_ylabel("\n".join(_lines(ylabel, fig.get_figheight() * 72 * 0.5, 10, 0.56)) if ylabel else "")
    return layout(fig, title, cap, handles, right=right)


def panels(axes: np.ndarray, used: int, ylabel: str) -> None:
    """Small multiples: hide the panels beyond the ``used`` first, label the first column's y axes (wrapped)."""
    for ax in list(axes.flat)[used:]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(textwrap.fill(ylabel, 26), fontsize=8.5)


def default_caption(n: int, extra: str = "", source: str = SOURCE) -> str:
    """'Source: ..., n = 1,234. <extra>' for figures built outside these helpers."""
    return f"{source}, n = {n:,}." + (f" {extra}" if extra else "")


def small_note(ax: Axes, x: float, y: float, **kw: object) -> None:
    """Mark a small-sample point with the "n<30" label (grey, just above the point unless told otherwise)."""
    kw = {"xytext": (0, 6), "textcoords": "offset points", **kw}
    ax.annotate(SMALL_LABEL, (x, y), fontsize=7.5, color=MUTED, ha="center", va="bottom", **kw)


# ---------------------------------------------------------------- display

class Title(str):
    """A figure's finding and the sizes of the groups its words rest on (the records behind each group the title
    concludes, ranks or counts from). A thin group the title only names as thin is drawn but not among them.

    A plain ``str`` everywhere (the plot helpers take it as the title); :func:`show` records ``min(rests_on)`` in the
    figure's output metadata, so a test can hold every title to the small-sample rule (``study.SMALL_SAMPLE_N``).
    """

    rests_on: tuple[int, ...]

    def __new__(cls, text: str, rests_on: Iterable[int]) -> Title:
        sizes = tuple(int(n) for n in rests_on)
        if not sizes:
            raise ValueError(f"a title rests on at least one group: {text!r}")
        title = super().__new__(cls, text)
        title.rests_on = sizes
        return title

    @property
    def smallest(self) -> int:
        """The smallest group the title rests on (records)."""
        return min(self.rests_on)


def title_basis(fig: Figure, basis: Title) -> dict[str, int]:
    """The output metadata recording what ``fig``'s title rests on: ``{"rests_on": smallest n}``. ``basis`` must be
    the figure's own title (as drawn, wrapping aside)."""
    if not isinstance(basis, Title):
        raise TypeError(f"basis must be a theme.Title (the title with the groups it rests on), got {type(basis).__name__}")
    if "".join(basis.split()) != "".join(title_of(fig).split()):
        raise ValueError(f"basis {str(basis)!r} is not the figure's title {title_of(fig)!r}")
    return {"rests_on": basis.smallest}


def png_bytes(fig: Figure) -> tuple[bytes, dict[str, int]]:
    """The figure as IPython's 'retina' format draws it (``retina_figure``: 2x pixels, tight box), optimised to a
    palette PNG, and the 1x display size (``width``, ``height``) for the output metadata."""
    from IPython.core.pylabtools import retina_figure
    from PIL import Image

    png, size = retina_figure(fig)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    img = img.quantize(PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue(), {"width": int(size["width"]), "height": int(size["height"])}


class UnknownProvenance(ValueError):
    """A figure's ``data`` table does not say which curated tables it was drawn from, so its licence is unknown."""


def data_terms(data: pd.DataFrame) -> dict:
    """The recorded terms (:meth:`helpers.licensing.Terms.as_dict`) of a figure's ``data``: licence, sources and
    attribution, from the curated tables it was drawn from; raises :class:`UnknownProvenance` when they are not known."""
    names = licensing.tables_of(data)
    if names is None:
        raise UnknownProvenance(
            "theme.show(fig, data=...): the table does not say which curated tables it was drawn from, so the licence "
            "of its data is unknown. Build it with helpers that carry provenance (a table loaded by helpers.data keeps "
            "it through pandas' filtering and assign; a helper that builds a new table calls "
            "helpers.licensing.carry(out, *inputs)); it is never guessed.")
    return licensing.terms(names).as_dict()


def show(fig: Figure, data: pd.DataFrame | None = None, basis: Title | None = None) -> None:
    """Display a figure in a notebook, then close it (no duplicate output, no memory leak).

    One display bundle: ``image/png`` (2x resolution, shown at 1x size), ``text/plain`` (as IPython formats the
    figure) and, when ``data`` is given, ``text/csv``: the table the figure draws, with human column names
    (:func:`helpers.presentation.table_format.figure_csv`), for the site's downloads. The figure's title (the finding) is
    the PNG's ``alt`` text in the output metadata, so the site and the README index can quote each figure's finding;
    ``basis`` (the same title as a :class:`Title`) adds the smallest n it rests on (:func:`title_basis`). The
    figure's caption (:func:`caption`: source, n, notes) follows as a second output, ``text/markdown`` marked
    :data:`CAPTION_OUTPUT` in its metadata: text under the image, never pixels inside it.
    The CSV's metadata records the terms of its data (:func:`data_terms`: licence, sources, attribution, from the
    curated tables it was drawn from; a table whose provenance is unknown is refused with
    :class:`UnknownProvenance`), and ``tables_loaded`` lists every curated table the notebook had loaded by then
    (:data:`helpers.data.LOADED`: the data its page draws on).
    """
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    metadata: dict = {}
    if data is not None:
        try:
            metadata["text/csv"] = data_terms(data)  # before anything is shown: a refused table shows nothing
        except UnknownProvenance:
            plt.close(fig)
            raise
    bundle, _ = InteractiveShell.instance().display_formatter.format(fig, include=("text/plain",))
    png, size = png_bytes(fig)
    bundle["image/png"] = base64.b64encode(png).decode("ascii")
    if data is not None:
        bundle["text/csv"] = table_format.figure_csv(data)
    metadata["image/png"] = {**size, "alt": title_of(fig), **(title_basis(fig, basis) if basis is not None else {})}
    metadata["tables_loaded"] = sorted(loaded.LOADED | set(metadata.get("text/csv", {}).get("tables", ())))
    display(bundle, raw=True, metadata=metadata)
    cap = caption_of(fig)
    if cap:  # the caption as text right under the image: legible at any width, searchable, read aloud
        display({"text/markdown": caption_markdown(cap), "text/plain": cap}, raw=True, metadata={CAPTION_OUTPUT: True})
    plt.close(fig)
