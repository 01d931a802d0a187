"""Figure regression test for the constant-price trend (helpers.presentation.plots_trends), as tests/test_plots.py does.

Rendered on a small fixed synthetic table (typed in here, independent of the data and of the price indices) under
the project theme on Agg, checked for structure (constant prices labelled, nominal faint beside them, small samples
hollow and never joined) and compared with the committed baseline under tests/baseline/. Regenerate after an
intended visual change with ``UPDATE_BASELINES=1 pytest tests/test_plots_trends.py`` and look at the PNG.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.lines import Line2D

from helpers.presentation import plots_trends, table_format, theme
from tests.figures import assert_matches_baseline
from tests.test_plots import legend_labels

DPI = 72
FACTORS = {2021: 1.16, 2022: 1.07, 2023: 1.03, 2024: 1.0}  # made-up price factors, not an index


def table() -> pd.DataFrame:
    """Two grades x two regions over four years; Europe's 2022 Middle point is small between two solid ones."""
    rows = []
    for grade, scale in (("Middle", 0.8), ("Senior", 1.0)):
        for region, ns, vals in (("United States", [9, 70, 550, 1800], [150e3, 165e3, 180e3, 185e3]),
                                 ("Europe", [8, 36, 26, 160], [50e3, 70e3, 98e3, 108e3])):
            for y, n, v in zip(FACTORS, ns, vals, strict=True):
                f = FACTORS[y]
                rows.append({"work_year": y, "grade": grade, "region": region, "n": n, "value": v * scale,
                             "lo": v * scale * 0.93, "hi": v * scale * 1.08, "small_sample": n < 30,
                             "value_constant": v * scale * f, "lo_constant": v * scale * 0.93 * f,
                             "hi_constant": v * scale * 1.08 * f, "price_factor": f})
    out = pd.DataFrame(rows)
    out.attrs["price_label"] = "constant 2024 USD (CPI-U)"
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("figures_trends") / "trend_constant.png"
    with matplotlib.rc_context():
        theme.use_theme()
        fig = plots_trends.trend_constant(table(), title="US medians flat in real terms since 2023",
                                          ylabel="Median, constant 2024 USD (CPI-U)", note="Prices: made up.",
                                          figsize=(6, 4.6))
        fig.savefig(out, dpi=DPI)
        yield fig, out
    plt.close("all")


def test_structure(rendered) -> None:
    fig = rendered[0]
    assert theme.title_of(fig) == "US medians flat in real terms since 2023"
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 2 and "constant 2024 USD (CPI-U)" in axes[0].get_ylabel().replace("\n", " ")
    keys = legend_labels(fig)
    assert {"United States (constant prices)", "Europe (constant prices)", plots_trends.NOMINAL_KEY,
            theme.SMALL_KEY} <= set(keys)
    cap = [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]
    assert cap and "n = 5,318" in cap[0] and "Prices: made up." in " ".join(cap[0].split())


def test_nominal_is_faint_and_below_the_constant_points(rendered) -> None:
    ax = rendered[0].axes[0]
    faint = [ln for ln in ax.get_lines() if ln.get_alpha() is not None and ln.get_alpha() < 1]
    assert faint, "nominal medians drawn faint"
    ys = np.concatenate([np.asarray(ln.get_ydata(), dtype=float) for ln in faint])
    assert np.nanmax(ys) <= 185e3 * 0.8 + 1  # the nominal values, not the constant ones
    assert 150e3 * 0.8 * FACTORS[2021] in {round(y, 6) for ln in ax.get_lines() for y in np.asarray(ln.get_ydata(), float)}


def test_small_samples_are_hollow_and_never_joined(rendered) -> None:
    fig = rendered[0]
    lines = [ln for ax in fig.axes for ln in ax.get_lines() if isinstance(ln, Line2D)]
    hollow = [ln for ln in lines if ln.get_marker() == "o" and ln.get_markerfacecolor() == "white"]
    assert hollow
    for ln in lines:
        x, y = (np.asarray(v, dtype=float) for v in ln.get_data())
        if len(x) > 1:  # every line, dotted nominal ones included
            for h in hollow:
                hx, hy = (np.asarray(v, dtype=float) for v in h.get_data())
                assert not (np.isclose(x[:, None], hx[None, :]) & np.isclose(y[:, None], hy[None, :])).any()


def test_constant_table_keeps_nominal_beside_constant() -> None:
    t = plots_trends.constant_table(table())
    cols = list(t.columns)
    assert cols.index("Median, nominal (USD/yr)") + 1 == cols.index("Median, constant 2024 USD (CPI-U)")
    assert not any("_" in c for c in cols if c not in table_format.HEADERS and c != "small_sample")


def test_matches_baseline(rendered) -> None:
    assert_matches_baseline(rendered[1], "trends_constant")
