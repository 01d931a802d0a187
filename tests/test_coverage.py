"""Coverage tables and the coverage heatmap (figure regression against a committed baseline)."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from helpers.analysis import coverage
from helpers.presentation import plots, theme
from tests.figures import assert_matches_baseline

matplotlib.use("Agg")


@pytest.fixture
def bins() -> pd.DataFrame:
    rows = [("Junior", "United States", 120), ("Junior", "Europe", 12), ("Senior", "United States", 900),
            ("Senior", "Europe", 45), ("Executive", "United States", 25)]
    return pd.DataFrame(rows, columns=["grade", "region", "n"])


def test_counts_have_totals_and_zero_cells(bins):
    t = coverage.counts(bins, "grade", "region")
    assert t.loc["Total", "Total"] == bins["n"].sum()
    assert t.loc["Executive", "Europe"] == 0


def test_share(bins):
    assert coverage.share(bins, "region", "Europe") == pytest.approx(57 / 1102)


def test_heatmap_matches_baseline(bins, tmp_path):
    theme.use_theme()
    fig = plots.coverage_heatmap(coverage.counts(bins, "grade", "region"), title="Europe is thin",
                                    xlabel="Company region", ylabel="Grade")
    texts = [t.get_text() for t in fig.texts]
    assert any("n = 1,102" in t for t in texts) and any("n < 30" in t for t in texts)
    ax = fig.axes[0]
    assert theme.title_of(fig) == "Europe is thin" and ax.get_xlabel() and ax.get_ylabel()
    # the colour bar reads in plain counts (1, 10, 100), not powers of ten
    fig.canvas.draw()
    bar = [t.get_text() for t in fig.axes[1].get_yticklabels() if t.get_text()]
    assert bar[:3] == ["1", "10", "100"] and not any("^" in t or "10⁰" in t for t in bar)
    # the thin cells are the light end of the scale, so their hatching (dark ink) shows
    image = ax.get_images()[0]
    assert image.get_cmap()(image.norm(1))[:3] > image.get_cmap()(image.norm(1000))[:3]
    out = tmp_path / "coverage_heatmap.png"
    fig.savefig(out)
    assert_matches_baseline(out, "coverage_heatmap")
