"""The collection's figure theme: palette, colours by meaning, rcParams, formatters, titles, captions and display.

Every chart in :mod:`helpers.presentation.plots` ends with :func:`finish` (finding title, axis labels with units,
caption with source and n), so all figures share one look. In notebooks: ``theme.use_theme()`` once, then
``theme.show(fig)`` (display + close, so outputs stay deterministic; the title becomes the PNG's alt text).
"""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers import schema, study

#: Okabe & Ito (2008) colour-blind-safe palette (black last).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
REGION_COLORS: dict[str, str] = {"United States": "#0072B2", "Europe": "#E69F00", "Other": "#999999"}
GRADE_ORDER: tuple[str, ...] = tuple(schema.GRADES)
#: Colours of fact-check verdicts (Okabe-Ito: green, orange, vermillion, grey).
VERDICT_COLORS: dict[str, str] = {"supported": "#009E73", "partly supported": "#E69F00", "not supported": "#D55E00",
                                  "cannot be tested": "#999999"}
#: Default caption source line.
SOURCE = "Source: aijobs.net salary survey (CC0), distinct records"
#: Label used for small-sample marks.
SMALL_LABEL = f"n<{study.SMALL_SAMPLE_N}"
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


def times(x: float, _pos: object = None) -> str:
    """Axis formatter: 1.25 -> '×1.2'."""
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


def finish(fig: Figure, ax: Axes, title: str, xlabel: str, ylabel: str, cap: str, *,
           bottom: float = 0.08) -> Figure:
    """The one finishing routine: finding title, axis labels (with units), layout leaving ``bottom`` for the caption."""
    finding_title(ax, title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout(rect=(0, bottom, 1, 1))
    caption(fig, cap)
    return fig


def small_note(ax: Axes, x: float, y: float, **kw: object) -> None:
    """Mark a small-sample point with the "n<30" label."""
    ax.annotate(SMALL_LABEL, (x, y), fontsize=8, color="#B00020", ha="center", va="bottom", **kw)
