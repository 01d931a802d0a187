"""Figure regression tests for helpers.plots_extra (same approach as tests/test_plots.py).

Rendered on a small fixed synthetic table (typed in here, independent of the data and of the estimator) under the
project theme on Agg, then checked for structure and compared with the committed baseline PNG under tests/baseline/.
Regenerate after an intended visual change with ``UPDATE_BASELINES=1 pytest tests/test_plots.py``.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers.presentation import plots, theme
from tests.figures import assert_matches_baseline

DPI = 72


def ranges() -> pd.DataFrame:
    return pd.DataFrame({
        "country": ["United States", "Germany", "India"],
        "median": [190e3, 95e3, 40e3], "low": [120e3, 60e3, 18e3], "high": [300e3, 150e3, 90e3],
        "n_similar": [1500, 24, 3],
    })


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("figures_extra") / "prediction_ranges.png"
    with matplotlib.rc_context():
        theme.use_theme()
        fig = plots.prediction_ranges(ranges(), "country", title="Senior pay is highest in the US", figsize=(6, 4),
                                            note="Held-out coverage 72%.")
        fig.savefig(out, dpi=DPI)
        yield fig, out
    plt.close("all")


def test_structure(rendered) -> None:
    fig = rendered[0]
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Senior pay is highest in the US"
    assert "USD" in ax.get_xlabel()
    cap = [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]
    assert cap and "prediction range" in cap[0] and "Held-out coverage 72%." in cap[0]
    pos = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
    assert pos["United States (n = 1,500)"] > pos["Germany (n = 24)"] > pos["India (n = 3)"]  # first row on top
    small = [t.get_text() for t in ax.texts if t.get_text() == theme.SMALL_LABEL]
    assert len(small) == 2  # the two rows with n_similar < 30


def test_matches_baseline(rendered) -> None:
    assert_matches_baseline(rendered[1], "extra_prediction_ranges")


def claims_table() -> pd.DataFrame:
    return pd.DataFrame({
        "label": ["annual pay", "monthly pay", "market wage"],
        "claimed": [150e3, 12.5e3, 2.9e3], "estimate": [194e3, 16.2e3, 5.66e3],
        "lo": [190e3, 15.8e3, None], "hi": [198e3, 16.5e3, None],
        "verdict": ["partly supported", "partly supported", "not supported"],
    })


@pytest.fixture(scope="module")
def rendered_claims(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("figures_extra") / "claim_ratios.png"
    with matplotlib.rc_context():
        theme.use_theme()
        fig = plots.claim_ratios(claims_table(), title="Two claims are too low, one far too low", tolerance=0.1, partly=0.25,
                                       figsize=(6, 3.4), note="n = 3,298.")
        fig.savefig(out, dpi=DPI)
        yield fig, out
    plt.close("all")


def test_claim_ratios_structure(rendered_claims) -> None:
    fig = rendered_claims[0]
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Two claims are too low, one far too low"
    assert ax.get_xscale() == "log" and "USD" in ax.get_xlabel()
    cap = [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]
    assert cap and "n = 3,298." in cap[0]
    notes = [t.get_text() for t in ax.texts]
    assert f"not supported (×{2.9e3 / 5.66e3:.2f})" in notes
    lo, hi = ax.get_xlim()
    assert lo < 2.9e3 / 5.66e3 and hi > 1.25  # every point and both bands visible


def test_claim_ratios_matches_baseline(rendered_claims) -> None:
    assert_matches_baseline(rendered_claims[1], "extra_claim_ratios")
