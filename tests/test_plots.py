"""Figure regression tests for helpers.presentation.plots.

Each plot helper is rendered on small fixed synthetic tables (typed in here, independent of the data and of
helpers.stats) with the project theme on the Agg backend, then:
- structural checks: finding title, axis label with a unit, caption with "n =", small samples marked;
- pixel comparison with the committed baseline PNG under tests/baseline/ (matplotlib's compare_images, RMS tol).
Regenerate baselines after an intended visual change with ``UPDATE_BASELINES=1 pytest tests/test_plots.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers.presentation import plots, theme
from tests.figures import assert_matches_baseline

DPI = 72

GRADES = pd.CategoricalDtype(list(theme.GRADE_ORDER), ordered=True)


def quantiles() -> pd.DataFrame:
    rows = [
        ("United States", "Junior", 120, 80e3, 100e3, 125e3, 150e3, 180e3),
        ("United States", "Senior", 900, 130e3, 160e3, 190e3, 230e3, 280e3),
        ("United States", "Lead", 50, 150e3, 180e3, 210e3, 260e3, 320e3),
        ("Europe", "Junior", 12, 30e3, 40e3, 55e3, 70e3, 90e3),
        ("Europe", "Senior", 140, 70e3, 90e3, 120e3, 150e3, 190e3),
    ]
    t = pd.DataFrame(rows, columns=["region", "grade", "n", "p10", "p25", "p50", "p75", "p90"])
    t["grade"] = t["grade"].astype(GRADES)
    t["small_sample"] = t["n"] < 30
    return t


def ci_table(key: str, keys: list[object], ns: list[int], values: list[float]) -> pd.DataFrame:
    t = pd.DataFrame({key: keys, "n": ns, "value": values})
    t["lo"], t["hi"] = t["value"] * 0.9, t["value"] * 1.12
    t["small_sample"] = t["n"] < 30
    return t


def compare() -> pd.DataFrame:
    t = pd.DataFrame({
        "grade": pd.Categorical(["Junior", "Senior", "Lead"], dtype=GRADES),
        "n_a": [120, 900, 50], "value_a": [125e3, 190e3, 210e3],
        "n_b": [12, 140, 0], "value_b": [55e3, 120e3, float("nan")],
    })
    for s in "ab":
        t[f"lo_{s}"], t[f"hi_{s}"] = t[f"value_{s}"] * 0.93, t[f"value_{s}"] * 1.08
    t["ratio"] = t["value_a"] / t["value_b"]
    t["lo"], t["hi"] = t["ratio"] * 0.85, t["ratio"] * 1.2
    t["small_sample"] = t[["n_a", "n_b"]].min(axis=1) < 30
    t.attrs.update({"a": "United States", "b": "Europe", "kind": "ratio"})
    return t


def trend_table() -> pd.DataFrame:
    parts = [ci_table("work_year", [2021, 2022, 2023, 2024], ns, vals).assign(region=r)
             for r, ns, vals in (("United States", [9, 70, 550, 1800], [150e3, 165e3, 180e3, 178e3]),
                                 ("Europe", [8, 26, 75, 160], [50e3, 70e3, 98e3, 108e3]))]
    return pd.concat(parts, ignore_index=True)


def multiples() -> tuple[pd.DataFrame, pd.DataFrame]:
    parts = [ci_table("grade", ["Junior", "Middle", "Senior"], ns, vals).assign(country=c)
             for c, ns, vals in (("GB", [10, 40, 60], [40e3, 90e3, 135e3]), ("DE", [5, 12, 17], [80e3, 90e3, 140e3]))]
    ref = ci_table("grade", ["Junior", "Middle", "Senior", "Lead"], [136, 651, 1511, 63], [130e3, 157e3, 192e3, 212e3])
    return pd.concat(parts, ignore_index=True), ref


CASES: dict[str, Callable[[], Figure]] = {
    "grade_ladder": lambda: plots.grade_ladder(quantiles(), title="Each grade step raises the median", figsize=(6, 4)),
    "dumbbell": lambda: plots.dumbbell(compare(), "grade", title="US medians exceed Europe's", figsize=(6, 4)),
    "trend": lambda: plots.trend(trend_table(), title="US medians flat since 2023", figsize=(6, 4)),
    "small_multiples": lambda: plots.small_multiples(*multiples()[:1], "country", title="GB and DE below the US line",
                                                     reference=multiples()[1], reference_label="United States", ncols=2, figsize=(6, 4)),
    "bar_with_ci": lambda: plots.bar_with_ci(ci_table("company_size", ["S", "M", "L"], [20, 3000, 1100], [75e3, 140e3, 124e3]),
                                             "company_size", title="Medium companies pay most", figsize=(6, 4)),
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    """Every case rendered once under the theme: name -> (figure, PNG path at DPI)."""
    out_dir = tmp_path_factory.mktemp("figures")
    with matplotlib.rc_context():
        theme.use_theme()
        figs = {}
        for name, make in CASES.items():
            fig = make()
            fig.savefig(out_dir / f"{name}.png", dpi=DPI)
            figs[name] = (fig, out_dir / f"{name}.png")
        yield figs
    plt.close("all")


def all_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_structure(name: str, rendered) -> None:
    fig = rendered[name][0]
    assert isinstance(fig, Figure)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    titles = [ax.get_title(loc="left") for ax in axes] + [fig._suptitle.get_text() if fig._suptitle else ""]
    assert any(len(t) > 10 for t in titles), "a finding title"
    labels = [ax.get_ylabel() + " " + ax.get_xlabel() for ax in axes]
    assert any("USD" in lab for lab in labels), f"an axis label with a unit: {labels}"
    assert any(t.get_text().startswith("Source:") and "n =" in t.get_text() for t in fig.texts), "caption with n"
    assert any(theme.SMALL_LABEL in t for t in all_texts(fig)), "small-sample groups labelled"


@pytest.mark.parametrize("name", ["bar_with_ci"])
def test_small_samples_hatched(name: str, rendered) -> None:
    fig = rendered[name][0]
    hatches = [p.get_hatch() for p in fig.axes[0].patches]
    assert theme.SMALL_HATCH in hatches and None in hatches  # small ones hatched, the others not


def test_theme_is_colourblind_palette_and_fixed_font(rendered) -> None:
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
    assert matplotlib.rcParams["svg.hashsalt"] is not None
    assert set(theme.REGION_COLORS) == {"United States", "Europe", "Other"}
    assert theme.REGION_COLORS["United States"] != theme.REGION_COLORS["Europe"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_baseline(name: str, rendered) -> None:
    assert_matches_baseline(rendered[name][1], name)
