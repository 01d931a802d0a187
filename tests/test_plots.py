"""Figure regression tests for helpers.presentation.plots: the grade, comparison and trend charts (the estimator's
ranges and the distributions: tests/test_plots_extra.py; the fact check's: tests/test_plots_factcheck.py; compared
groups on a coded column, every helper: tests/test_plots_groups.py).

Each plot helper is rendered on small fixed synthetic tables (typed in here, independent of the data and of
helpers.stats) with the project theme on the Agg backend, then:
- structural checks: finding title, axis label with a unit, caption with "n =", a legend entry for every kind of
  mark, small samples drawn hollow and never joined into a line, human labels only;
- pixel comparison with the committed baseline PNG under tests/baseline/ (matplotlib's compare_images, RMS tol).
Regenerate baselines after an intended visual change with ``UPDATE_BASELINES=1 pytest tests/test_plots.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers.presentation import plots, theme
from helpers.presentation import table_format as tables
from tests.figures import assert_matches_baseline

DPI = 72

GRADES = pd.CategoricalDtype(list(theme.GRADE_ORDER), ordered=True)


def quantiles() -> pd.DataFrame:
    rows = [
        ("United States", "Junior", 120, 80e3, 100e3, 125e3, 150e3, 180e3),
        ("United States", "Senior", 900, 130e3, 160e3, 190e3, 230e3, 280e3),
        ("United States", "Executive", 50, 150e3, 180e3, 210e3, 260e3, 320e3),
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
        "grade": pd.Categorical(["Junior", "Senior", "Executive"], dtype=GRADES),
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
    """Two grades x two regions over four years; Europe's 2022 Middle point is small between two solid ones."""
    parts = []
    for grade, scale in (("Middle", 0.8), ("Senior", 1.0)):
        for r, ns, vals in (("United States", [9, 70, 550, 1800], [150e3, 165e3, 180e3, 178e3]),
                            ("Europe", [8, 36, 26, 160], [50e3, 70e3, 98e3, 108e3])):
            parts.append(ci_table("work_year", [2021, 2022, 2023, 2024], ns, [v * scale for v in vals]).assign(region=r, grade=grade))
    return pd.concat(parts, ignore_index=True)


def multiples() -> tuple[pd.DataFrame, pd.DataFrame]:
    parts = [ci_table("grade", ["Junior", "Middle", "Senior"], ns, vals).assign(company_location=c)
             for c, ns, vals in (("GB", [10, 40, 60], [40e3, 90e3, 135e3]), ("DE", [3, 12, 17], [80e3, 90e3, 140e3]))]
    ref = ci_table("grade", ["Junior", "Middle", "Senior", "Executive"], [136, 651, 1511, 63], [130e3, 157e3, 192e3, 212e3])
    return pd.concat(parts, ignore_index=True), ref


def steps() -> pd.DataFrame:
    t = pd.DataFrame({"region": ["United States"] * 3 + ["Europe"] * 3,
                      "label": ["US: Junior→Middle", "US: Middle→Senior", "US: Senior→Executive",
                                "Europe: Junior→Middle", "Europe: Middle→Senior", "Europe: Senior→Executive"],
                      "ratio": [1.21, 1.22, 1.10, 1.68, 1.36, np.nan], "n_from": [136, 651, 1511, 21, 69, 143],
                      "n_to": [651, 1511, 63, 69, 143, 0]})
    t["lo"], t["hi"] = t["ratio"] * 0.94, t["ratio"] * 1.07
    t["small_sample"] = t[["n_from", "n_to"]].min(axis=1) < 30
    return t


CASES: dict[str, Callable[[], Figure]] = {
    "grade_ladder": lambda: plots.grade_ladder(quantiles(), title="Each grade step raises the median", figsize=(6, 4)),
    "dumbbell": lambda: plots.dumbbell(compare(), "grade", title="US medians exceed Europe's", figsize=(6, 4)),
    "trend": lambda: plots.trend(trend_table(), facet="grade", title="US medians flat since 2023", figsize=(6, 4)),
    "small_multiples": lambda: plots.small_multiples(multiples()[0], "company_location", title="GB and DE below the US line",
                                                     reference=multiples()[1], reference_label="United States", ncols=2,
                                                     figsize=(6, 4)),
    "dot_ci": lambda: plots.dot_ci(ci_table("company_size", ["S", "M", "L"], [20, 3000, 1100], [75e3, 140e3, 124e3]),
                                   "company_size", title="Medium companies pay most", color=theme.color_of("United States"),
                                   legend="United States: median", figsize=(6, 3.4)),
    "ratio_dots": lambda: plots.ratio_dots(steps(), group="region", title="Each US grade step raises the median ×1.10–×1.22",
                                           n_total=2594, xlabel="Higher grade ÷ lower (×, log scale)",
                                           figsize=(6, 4)),
}
#: Cases whose value axis is a ratio (no USD unit on an axis).
RATIO_CASES = {"ratio_dots"}


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


def legend_labels(fig: Figure) -> list[str]:
    return [t.get_text() for leg in fig.legends + [ax.get_legend() for ax in fig.axes if ax.get_legend()] for t in leg.get_texts()]


@pytest.mark.parametrize("name", sorted(CASES))
def test_structure(name: str, rendered) -> None:
    fig = rendered[name][0]
    assert isinstance(fig, Figure)
    assert len(theme.title_of(fig)) > 10, "a finding title"
    axes = [ax for ax in fig.axes if ax.get_visible()]
    labels = " ".join(ax.get_ylabel() + " " + ax.get_xlabel() for ax in axes)
    assert ("log scale" in labels) if name in RATIO_CASES else ("USD" in labels), f"an axis label with a unit: {labels}"
    assert any(t.get_text().startswith("Source:") and "n =" in t.get_text() for t in fig.texts), "caption with n"
    keys = legend_labels(fig)
    assert keys and theme.SMALL_KEY in keys, f"a legend entry for every mark, small samples included: {keys}"
    assert not any("_" in t for t in all_texts(fig) + keys), "no code names (snake_case) in a figure"


@pytest.mark.parametrize("name", sorted(CASES))
def test_small_samples_are_hollow_and_never_joined(name: str, rendered) -> None:
    fig = rendered[name][0]
    lines = [ln for ax in fig.axes for ln in ax.get_lines() if isinstance(ln, Line2D)]
    hollow = [ln for ln in lines if ln.get_marker() == "o" and ln.get_markerfacecolor() == "white"]
    assert hollow, "small samples drawn hollow"
    for ln in lines:  # a line through several points never passes through a hollow one
        x, y = (np.asarray(v, dtype=float) for v in ln.get_data())
        if ln.get_linestyle() in ("-", "--") and len(x) > 1:
            for h in hollow:
                hx, hy = (np.asarray(v, dtype=float) for v in h.get_data())
                hit = np.isclose(x[:, None], hx[None, :]) & np.isclose(y[:, None], hy[None, :])
                assert not hit.any(), "a line joins a small-sample point"


def test_spread_is_a_box_and_the_interval_a_whisker(rendered) -> None:
    fig = rendered["grade_ladder"][0]
    assert theme.SPREAD_KEY in legend_labels(fig)
    assert any("not a confidence interval" in t.get_text() for t in fig.texts)
    assert fig.axes[0].patches, "p25–p75 drawn as boxes"
    assert not fig.axes[0].containers, "no whiskers in the ladder (whiskers mean CIs)"


def test_small_multiples_name_countries_and_grades_and_key_the_reference(rendered) -> None:
    fig = rendered["small_multiples"][0]
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    assert titles[0].startswith("United Kingdom") and titles[1].startswith("Germany")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == list(theme.GRADE_ORDER)
    assert "United States median (every panel)" in legend_labels(fig)
    # every drawn cell has its n beside it; a cell under 5 records has no dot and no whisker, only its n
    de, gb = fig.axes[1], fig.axes[0]
    assert len(de.containers) == 2 and len(gb.containers) == 3
    assert {t.get_text() for t in de.texts} == {"n=3", "n=12", "n=17"}
    assert {t.get_text() for t in gb.texts} == {"n=10", "n=40", "n=60"}
    dots = [ln for ln in de.get_lines() if ln.get_marker() == "o"]
    assert len(dots) == 2 and 80e3 not in [float(ln.get_ydata()[0]) for ln in dots]  # DE Junior (n = 3) not drawn
    assert gb.get_ylim()[0] == 0  # from zero, like the other dot plots


def test_ratio_dots_sit_on_a_log_axis_written_as_multiples(rendered) -> None:
    ax = rendered["ratio_dots"][0].axes[0]
    assert ax.get_xscale() == "log"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "×1" in ticks and "×1.2" in ticks
    labels = [t.get_text() for t in ax.texts]
    assert "×1.21" in labels and "×1.68 (n<30)" in labels
    # a ratio is written one way: no percentage on the axis, the labels or the caption
    assert not any("%" in t for t in ticks + labels)


def test_one_colour_per_meaning() -> None:
    colours = [c.lower() for c in theme.COLOURS.values()]
    assert len(colours) == len(set(colours)), "two meanings share a colour"
    assert set(theme.REGION_COLORS) == {"United States", "Europe", "Other"}
    assert theme.color_of("United States") == theme.REGION_COLORS["United States"]
    assert theme.color_of("ML engineering") == theme.color_of("ml_engineering") != theme.color_of("United States")


def test_theme_is_fixed_font_and_2x_output(rendered) -> None:
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
    assert matplotlib.rcParams["svg.hashsalt"] is not None
    assert matplotlib.rcParams["savefig.dpi"] == 2 * matplotlib.rcParams["figure.dpi"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_baseline(name: str, rendered) -> None:
    assert_matches_baseline(rendered[name][1], name)


def test_band_key_shows_each_band_colour(rendered) -> None:
    fig = rendered["trend"][0]
    assert theme.BAND_KEY in legend_labels(fig)
    swatches = {matplotlib.colors.to_hex(r.get_facecolor()[:3]).lower()
                for r in fig.legends[0].findobj(matplotlib.patches.Rectangle) if r.get_visible()}
    assert {theme.REGION_COLORS["United States"].lower(), theme.REGION_COLORS["Europe"].lower()} <= swatches
    assert theme.MUTED.lower() not in swatches  # not one grey swatch for coloured bands


def test_ladder_spread_key_shows_each_box_colour(rendered) -> None:
    """The ladder's p25–p75 boxes take their region's colour, and so does the legend's swatch for them (not one grey)."""
    fig = rendered["grade_ladder"][0]
    boxes = {matplotlib.colors.to_hex(p.get_facecolor()[:3]) for p in fig.axes[0].patches}
    assert boxes == {theme.REGION_COLORS["United States"].lower(), theme.REGION_COLORS["Europe"].lower()}
    assert theme.SPREAD_KEY in legend_labels(fig)
    swatches = {matplotlib.colors.to_hex(r.get_facecolor()[:3])
                for r in fig.legends[0].findobj(matplotlib.patches.Rectangle) if r.get_visible()}
    assert swatches == boxes  # the only boxes in the legend: one swatch per box colour, no grey one


# ---------------------------------------------------------------- trends in constant prices (plots.trend_constant)

FACTORS = {2021: 1.16, 2022: 1.07, 2023: 1.03, 2024: 1.0}  # made-up price factors, not an index


def constant_trend_table() -> pd.DataFrame:
    """Two grades x two regions over four years in nominal and (made-up) constant prices; Europe's 2022 Middle point is
    small between two solid ones."""
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
def rendered_constant(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("figures_trends") / "trend_constant.png"
    with matplotlib.rc_context():
        theme.use_theme()
        fig = plots.trend_constant(constant_trend_table(), title="US medians flat in real terms since 2023",
                                   ylabel="Median, constant 2024 USD (CPI-U)", note="Prices: made up.", figsize=(6, 4.6))
        fig.savefig(out, dpi=DPI)
        yield fig, out
    plt.close("all")


def test_trend_constant_structure(rendered_constant) -> None:
    fig = rendered_constant[0]
    assert theme.title_of(fig) == "US medians flat in real terms since 2023"
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 2 and "constant 2024 USD (CPI-U)" in axes[0].get_ylabel().replace("\n", " ")
    keys = legend_labels(fig)
    assert {"United States (constant prices)", "Europe (constant prices)", plots.NOMINAL_KEY,
            theme.SMALL_KEY} <= set(keys)
    cap = [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]
    assert cap and "n = 5,318" in cap[0] and "Prices: made up." in " ".join(cap[0].split())


def test_trend_constant_nominal_is_faint_and_below_the_constant_points(rendered_constant) -> None:
    ax = rendered_constant[0].axes[0]
    faint = [ln for ln in ax.get_lines() if ln.get_alpha() is not None and ln.get_alpha() < 1]
    assert faint, "nominal medians drawn faint"
    ys = np.concatenate([np.asarray(ln.get_ydata(), dtype=float) for ln in faint])
    assert np.nanmax(ys) <= 185e3 * 0.8 + 1  # the nominal values, not the constant ones
    assert 150e3 * 0.8 * FACTORS[2021] in {round(y, 6) for ln in ax.get_lines() for y in np.asarray(ln.get_ydata(), float)}


def test_trend_constant_small_samples_are_hollow_and_never_joined(rendered_constant) -> None:
    fig = rendered_constant[0]
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
    t = plots.constant_table(constant_trend_table())
    cols = list(t.columns)
    assert cols.index("Median, nominal (USD/yr)") + 1 == cols.index("Median, constant 2024 USD (CPI-U)")
    assert not any("_" in c for c in cols if c not in tables.HEADERS and c != "small_sample")


def test_trend_constant_matches_baseline(rendered_constant) -> None:
    assert_matches_baseline(rendered_constant[1], "trends_constant")
