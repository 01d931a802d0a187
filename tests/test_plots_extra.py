"""Figure regression tests for the estimator's, the fact check's and the distribution charts (same approach as
tests/test_plots.py).

Rendered on small fixed synthetic tables (typed in here, independent of the data and of the estimator) under the
project theme on Agg, then checked for structure and compared with the committed baseline PNG under tests/baseline/.
Regenerate after an intended visual change with ``UPDATE_BASELINES=1 pytest tests/test_plots_extra.py``.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers.presentation import plots, table_format, theme
from tests.figures import assert_matches_baseline
from tests.test_plots import legend_labels

DPI = 72


def ranges() -> pd.DataFrame:
    return pd.DataFrame({
        "country": ["United States", "Germany", "India"], "region": ["United States", "Europe", "Other"],
        "median": [190e3, 95e3, 40e3], "low": [120e3, 60e3, 18e3], "high": [300e3, 150e3, 90e3],
        "n_similar": [1500, 24, 3],
    })


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("figures_extra") / "prediction_ranges.png"
    with matplotlib.rc_context():
        theme.use_theme()
        fig = plots.prediction_ranges(ranges(), "country", group="region", title="Senior pay is highest in the US",
                                      figsize=(6, 4), note="Held-out coverage 72%.")
        fig.savefig(out, dpi=DPI)
        yield fig, out
    plt.close("all")


def test_structure(rendered) -> None:
    fig = rendered[0]
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert theme.title_of(fig) == "Senior pay is highest in the US"
    assert "USD" in ax.get_xlabel()
    cap = [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]
    assert cap and "prediction range" in cap[0] and "Held-out coverage 72%." in " ".join(cap[0].split())
    pos = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
    assert pos["United States (n = 1,500)"] > pos["Germany (n = 24)"] > pos["India (n = 3)"]  # first row on top
    small = [t.get_text() for t in ax.texts if theme.SMALL_LABEL in t.get_text()]
    assert len(small) == 2  # the two rows with n_similar < 30
    keys = legend_labels(fig)
    assert {"United States", "Europe", "Other regions", "80% prediction range", theme.SMALL_KEY} <= set(keys)


def test_matches_baseline(rendered) -> None:
    assert_matches_baseline(rendered[1], "extra_prediction_ranges")


def distribution_bins() -> pd.DataFrame:
    """salary_bins-like rows: US and European records at two grades, Europe's Middle group below 30 records, and a
    US-only Executive grade."""
    rows = []
    for region, grade, centre, n in (("United States", "Middle", 150e3, 300), ("United States", "Senior", 190e3, 500),
                                     ("Europe", "Middle", 80e3, 8), ("Europe", "Senior", 110e3, 120),
                                     ("United States", "Executive", 220e3, 90)):
        salaries = centre * np.exp(np.linspace(-0.6, 0.6, 25))
        counts = np.maximum(1, np.round(n * np.exp(-np.linspace(-2, 2, 25) ** 2) / 11)).astype(int)
        for s, c in zip(salaries, counts, strict=True):
            rows.append((region, grade, int(np.floor(np.log(s) / np.log(1.01))), int(c), float(s * c)))
    return pd.DataFrame(rows, columns=["region", "grade", "bin", "n", "sum_usd"])


@pytest.fixture(scope="module")
def rendered_ecdf(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("figures_extra") / "pay_ecdf.png"
    dist = table_format.distribution(distribution_bins())
    with matplotlib.rc_context():
        theme.use_theme()
        fig = plots.pay_ecdf(dist, title="Most European ML engineers earn less than the typical US one", figsize=(6, 5.4))
        fig.savefig(out, dpi=DPI)
        yield fig, out, dist
    plt.close("all")


def test_distribution_table_is_a_weighted_ecdf() -> None:
    bins = distribution_bins()
    dist = table_format.distribution(bins)
    for (region, grade), t in dist.groupby(["region", "grade"]):
        raw = bins[(bins.region == region) & (bins.grade == grade)]
        assert t["n"].sum() == raw["n"].sum()
        assert t["share_at_or_below"].is_monotonic_increasing and t["share_at_or_below"].iloc[-1] == pytest.approx(1.0)
        assert t["salary_usd"].is_monotonic_increasing


def test_pay_ecdf_structure(rendered_ecdf) -> None:
    fig, _, dist = rendered_ecdf
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left").split(" (")[0] for ax in axes] == ["Middle", "Senior", "Executive"]
    assert all(ax.get_xscale() == "log" for ax in axes)
    assert "USD" in axes[0].get_xlabel() or "USD" in axes[-1].get_xlabel()
    keys = legend_labels(fig)
    assert {"United States", "Europe", "United States median"} <= set(keys)
    assert "Europe 25*" in axes[0].get_title(loc="left")  # Europe's Middle group (25 bins of >= 1 record) says it is small
    cap = [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]
    assert cap and f"n = {int(dist['n'].sum()):,}" in cap[0]
    # the ECDF lines carry the region colours; the small group is drawn dotted
    styles = {(ln.get_color(), ln.get_linestyle()) for ln in axes[0].get_lines()}
    assert (theme.REGION_COLORS["Europe"], ":") in styles and (theme.REGION_COLORS["United States"], "-") in styles
    # the crossing is stated in plain words where Europe has 30+ records, computed here from the bins themselves
    bins = distribution_bins()
    us = bins[(bins.region == "United States") & (bins.grade == "Senior")].sort_values("bin")
    us_median = (us["sum_usd"] / us["n"]).to_numpy()[np.searchsorted(us["n"].cumsum() / us["n"].sum(), 0.5)]
    eu = bins[(bins.region == "Europe") & (bins.grade == "Senior")]
    share = eu.loc[eu["sum_usd"] / eu["n"] < us_median, "n"].sum() / eu["n"].sum()
    said = [" ".join(t.get_text().split()) for t in axes[1].texts]
    assert f"{share:.0%} of Europe below the US median" in said
    assert not any("below the US median" in t.get_text() for t in axes[0].texts)  # Europe's Middle is thin: not said
    # a grade without European records says so, and its title counts them as 0
    assert "no Europe records at this grade" in [t.get_text() for t in axes[2].texts]
    assert "Europe 0" in axes[2].get_title(loc="left")


def test_pay_ecdf_matches_baseline(rendered_ecdf) -> None:
    assert_matches_baseline(rendered_ecdf[1], "extra_pay_ecdf")
