"""The weighted ECDF line: drawn exactly as ``seaborn.ecdfplot(x=..., weights=..., log_scale=True)`` draws it.

:func:`helpers.presentation.plots.pay_ecdf` draws one line per group; seaborn's only part in it was this line, and
importing seaborn pulls in scipy.stats (about 1 s of CPU per notebook kernel). :func:`ecdf_line` makes the same
matplotlib calls with the same arrays (seaborn 0.13's ``ecdfplot``: the log x scale set, x taken through the axis'
log transform and back, sorted, weights cumulated to a proportion, a ``steps-post`` line from x = 0 at 0 with
sticky y edges at 0 and 1, and the default axis labels with seaborn's visibility rule), so the figure is pixel for
pixel the one seaborn drew. ``tests/test_analysis_ecdf.py`` compares the two line by line and as rendered images.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D


def ecdf_line(ax: Axes, data: pd.DataFrame, x: str, weights: str, **line: object) -> Line2D | None:
    """A weighted ECDF of ``data[x]`` (weights ``data[weights]``) on a log x axis, as a step line on ``ax``.

    Rows with a missing or infinite value are left out; ``line`` goes to ``ax.plot`` (colour, width, style). Sets
    the x label to ``x`` and the y label to ``"Proportion"`` where they are still empty (as seaborn does). Returns
    the line, or None when no row is left (nothing drawn, as seaborn).
    """
    ax.set_xscale("log", nonpositive="mask")
    values = data[x].to_numpy(dtype=float)
    finite = np.isfinite(values)  # seaborn drops missing and infinite values, then takes the log
    transform = ax.xaxis.get_transform()
    logs = np.full(len(values), np.nan)
    logs[finite] = transform.transform(values[finite])
    keep = ~np.isnan(logs) & data[weights].notna().to_numpy()
    logs, w = logs[keep], data[weights].to_numpy()[keep]
    line_artist = None
    if len(logs):
        sorter = logs.argsort()
        cum = w[sorter].cumsum()
        stat = np.r_[0, cum / cum.max()]
        vals = transform.inverted().transform(np.r_[-np.inf, logs[sorter]])  # starts at 10 ** -inf = 0
        line_artist, = ax.plot(vals, stat, **line, drawstyle="steps-post")
        line_artist.sticky_edges.y[:] = 0, 1
    if not ax.get_xlabel():
        ax.set_xlabel(x, visible=any(t.get_visible() for t in ax.get_xticklabels()))
    if not ax.get_ylabel():
        ax.set_ylabel("Proportion", visible=any(t.get_visible() for t in ax.get_yticklabels()))
    return line_artist
