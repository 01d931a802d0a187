"""ecdf.ecdf_line draws exactly what seaborn.ecdfplot drew in plots.pay_ecdf (same arrays, labels, pixels)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.presentation import ecdf


def _frames() -> list[pd.DataFrame]:
    """Groups as pay_ecdf passes them: a slice of a bigger table (index not 0..n-1), int weights; ties, a missing
    salary, an infinite one, a missing weight, a single row."""
    rng = np.random.default_rng(3)
    salaries = np.round(np.exp(rng.normal(11.5, 0.5, 60)), -3)  # rounded: many ties
    big = pd.DataFrame({"salary_usd": salaries, "n": rng.integers(1, 40, 60)}, index=np.arange(100, 160))
    odd = pd.DataFrame({"salary_usd": [5e4, np.nan, 8e4, np.inf, 5e4, 1.2e5], "n": [3.0, 2.0, 1.0, 4.0, np.nan, 2.0]},
                       index=[7, 3, 9, 1, 5, 2])
    return [big.iloc[::2], big.iloc[1::3], odd, big.iloc[[4]]]


def _draw(plot_one) -> tuple[list, list, np.ndarray]:
    fig, axes = plt.subplots(2, 2, sharex=True, sharey=True, squeeze=False, figsize=(4, 3), dpi=50)
    frames = _frames()
    for k, (ax, frame) in enumerate(zip(axes.flat, frames, strict=True)):
        plot_one(ax, frame, color="#0072B2", linewidth=1.8, linestyle="-")
        plot_one(ax, frame.iloc[: max(1, len(frame) // 2)], color="#E69F00", linewidth=1.0, linestyle=":")
        if k == 1:
            ax.set_xlabel("set by the caller")
    lines = [(ln.get_xydata().tobytes(), ln.get_drawstyle(), tuple(ln.sticky_edges.y), ln.get_color(),
              ln.get_linestyle(), ln.get_linewidth()) for ax in fig.axes for ln in ax.get_lines()]
    state = [(ax.get_xscale(), ax.get_xlabel(), ax.xaxis.label.get_visible(), ax.get_ylabel(),
              ax.yaxis.label.get_visible(), ax.get_xlim(), ax.get_ylim()) for ax in fig.axes]
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba()).copy()
    plt.close(fig)
    return lines, state, pixels


def test_ecdf_line_is_seaborns_ecdfplot() -> None:
    sns = pytest.importorskip("seaborn")

    def seaborn(ax, frame, **line):
        sns.ecdfplot(data=frame, x="salary_usd", weights="n", ax=ax, log_scale=True, **line)

    def ours(ax, frame, **line):
        ecdf.ecdf_line(ax, frame, "salary_usd", "n", **line)

    with matplotlib.rc_context():
        theirs, mine = _draw(seaborn), _draw(ours)
    assert len(mine[0]) == 8
    assert mine[0] == theirs[0]  # every line's vertices, bit for bit, and its style
    assert mine[1] == theirs[1]  # scale, labels (and their visibility), limits
    assert np.array_equal(mine[2], theirs[2])  # the rendered pixels


def test_ecdf_line_values() -> None:
    fig, ax = plt.subplots()
    frame = pd.DataFrame({"salary_usd": [3e4, 1e4, 2e4, 2e4], "n": [1, 2, 3, 4]})
    line = ecdf.ecdf_line(ax, frame, "salary_usd", "n")
    x, y = line.get_xdata(), line.get_ydata()
    assert ax.get_xscale() == "log" and line.get_drawstyle() == "steps-post"
    assert x[0] == 0 and np.allclose(x[1:], [1e4, 2e4, 2e4, 3e4])
    assert y[0] == 0 and np.allclose(y[1:], np.cumsum([2, 3, 4, 1]) / 10)
    assert ecdf.ecdf_line(ax, frame.iloc[:0], "salary_usd", "n") is None
    plt.close(fig)
