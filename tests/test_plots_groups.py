"""Compared groups on a coded column read well in every comparison chart of helpers.presentation.plots.

Each chart that compares groups is drawn with the groups given as codes of a codebook column (``remote_ratio`` 0 and
100, no wrapper renaming them): its legend (or its row labels) must name them as the codebook does ("On-site",
"Remote", never "0" or "100"), and the two groups must be drawn in two colours far apart (CIE76 distance, with normal
vision and with simulated red-green colour blindness), taken from the theme's colours for compared groups, never a
place's or a source's. Places and sources keep their own colours.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers import schema
from helpers.presentation import plots, theme
from helpers.presentation import table_format as tables
from tests import test_plots as base
from tests.test_colours import CVD, MIN_DELTA_E_CVD, delta_e
from tests.test_plots_extra import distribution_bins, ranges

#: The two coded groups, and how the codebook (``schema.REMOTE_RATIOS``) names them, capitalised as a legend starts.
CODES = {"United States": 0, "Europe": 100}
NAMES = {0: "On-site", 100: "Remote"}
#: Two compared colours at least this far apart (CIE76 ΔE), with normal vision.
MIN_APART = 20.0


def coded(table: pd.DataFrame, column: str = "region") -> pd.DataFrame:
    """``table`` with its regions replaced by remote-ratio codes (US -> 0, Europe -> 100) in a ``remote_ratio`` column."""
    return table.assign(remote_ratio=table[column].map(CODES)).drop(columns=column)


def compare_coded() -> pd.DataFrame:
    t = base.compare()
    t.attrs.update({"a": 0, "b": 100, "split": "remote_ratio"})
    return t


def steps_coded() -> pd.DataFrame:
    t = coded(base.steps())
    return t.assign(label=[f"{'on-site' if r == 0 else 'remote'}: step {i}" for i, r in enumerate(t["remote_ratio"])])


def ranges_coded() -> pd.DataFrame:
    return ranges().assign(remote_ratio=[0, 100, 100]).drop(columns="region")


def ecdf_coded() -> pd.DataFrame:
    bins = distribution_bins()
    return tables.distribution(coded(bins), by=("remote_ratio", "grade"))


#: Every chart that compares groups by colour, drawn on the coded column.
CHARTS: dict[str, Callable[[], Figure]] = {
    "grade_ladder": lambda: plots.grade_ladder(coded(base.quantiles()), group="remote_ratio", title="On-site above remote"),
    "dumbbell": lambda: plots.dumbbell(compare_coded(), "grade", title="On-site above remote"),
    "trend": lambda: plots.trend(coded(base.trend_table()), group="remote_ratio", facet="grade", title="On-site flat"),
    "trend_constant": lambda: plots.trend_constant(coded(base.constant_trend_table()), group="remote_ratio",
                                                   title="On-site flat", ylabel="Median, constant 2024 USD"),
    "ratio_dots": lambda: plots.ratio_dots(steps_coded(), group="remote_ratio", title="Steps alike on-site and remote",
                                           n_total=100),
    "prediction_ranges": lambda: plots.prediction_ranges(ranges_coded(), "country", group="remote_ratio",
                                                         title="On-site ranges above remote ones"),
    "pay_ecdf": lambda: plots.pay_ecdf(ecdf_coded(), group="remote_ratio", reference=0, title="Remote below on-site"),
}


def legend_colours(fig: Figure) -> dict[str, str]:
    """{label: colour} of the legend's line and dot entries."""
    handles = [h for leg in fig.legends for h in leg.legend_handles if isinstance(h, Line2D)]
    return {h.get_label(): matplotlib.colors.to_hex(h.get_color()) for h in handles}


@pytest.fixture(scope="module")
def drawn():
    with matplotlib.rc_context():
        theme.use_theme()
        yield {name: make() for name, make in CHARTS.items()}
    plt.close("all")


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_coded_groups_are_named_as_the_codebook_names_them(name: str, drawn) -> None:
    keys = legend_colours(drawn[name])
    for code, label in NAMES.items():
        assert schema.REMOTE_RATIOS[code].lower().startswith(label.lower())  # the codebook's own words
        assert any(k == label or k.startswith(f"{label} ") for k in keys), f"no legend entry for {label}: {list(keys)}"
        assert str(code) not in keys, f"a raw code in the legend: {list(keys)}"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_two_coded_groups_get_two_colours_far_apart(name: str, drawn) -> None:
    keys = legend_colours(drawn[name])
    colours = [next(c for k, c in keys.items() if k == label or k.startswith(f"{label} ")) for label in NAMES.values()]
    a, b = colours
    assert delta_e(a, b) > MIN_APART, f"{a} and {b} read as one"
    assert all(delta_e(a, b, vision) > MIN_DELTA_E_CVD for vision in CVD), f"{a} and {b} alike for colour-blind readers"
    meanings = {c.lower() for k, c in theme.COLOURS.items() if not k.startswith("compared group")}
    assert not {a, b} & meanings, "a compared group drawn in a place's, a source's or a family's colour"
    assert {a, b} == {c.lower() for c in theme.PAIR_COLORS}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_each_group_keeps_its_colour_on_every_mark(name: str, drawn) -> None:
    """The marks drawn are in the legend's colours: no mark in a grey or another colour standing for a group."""
    keys = legend_colours(drawn[name])
    pair = {c.lower() for c in theme.PAIR_COLORS}
    marks = {matplotlib.colors.to_hex(ln.get_color()) for ax in drawn[name].axes for ln in ax.get_lines()}
    assert pair <= marks and pair <= set(keys.values())


def test_dot_ci_and_small_multiples_name_coded_categories() -> None:
    """Charts with one colour name each coded row or panel as the codebook does."""
    t = base.ci_table("remote_ratio", [0, 50, 100], [300, 40, 120], [190e3, 170e3, 180e3])
    panels = pd.concat([base.ci_table("grade", ["Junior", "Senior"], [40, 60], [100e3, 150e3]).assign(remote_ratio=r)
                        for r in (0, 100)], ignore_index=True)
    with matplotlib.rc_context():
        theme.use_theme()
        rows = plots.dot_ci(t, "remote_ratio", title="Remote and on-site medians alike")
        multiples = plots.small_multiples(panels, "remote_ratio", title="Remote and on-site medians alike", ncols=2)
    try:
        ticks = [x.get_text() for x in rows.axes[0].get_yticklabels()]
        assert ticks == ["On-site (n = 300)", "Hybrid (n = 40)", "Remote (n = 120)"]
        titles = [ax.get_title(loc="left") for ax in multiples.axes if ax.get_visible()]
        assert [s.split(" (")[0] for s in titles] == ["On-site", "Remote"]
    finally:
        plt.close("all")


def test_group_styles_order_and_colours() -> None:
    # places and sources keep their own colours; places in their fixed order, the US first
    regions = plots.group_styles(["Europe", "Other", "United States"], "region")
    assert list(regions) == ["United States", "Europe", "Other"]
    assert [s.color for s in regions.values()] == [theme.REGION_COLORS[r] for r in regions]
    assert regions["Other"].label == schema.REGION_NAMES["Other"]
    sources = plots.group_styles(list(theme.SOURCE_COLORS), "source")
    assert {s.label: s.color for s in sources.values()} == theme.SOURCE_COLORS
    # codes in the codebook's order (company size S < M < L; remote ratios by value), the theme's group colours
    sizes = plots.group_styles(["L", "S", "M"], "company_size")
    assert list(sizes) == list(schema.COMPANY_SIZES)
    assert [s.label for s in sizes.values()] == [v[:1].upper() + v[1:] for v in schema.COMPANY_SIZES.values()]
    remote = plots.group_styles(pd.Series([100, 0, 50, 0]), "remote_ratio")
    assert list(remote) == [0, 50, 100] and [s.color for s in remote.values()] == list(theme.GROUP_COLORS[:3])
    # a role family with a colour and one without: both in the pair's colours, never one grey
    families = plots.group_styles(["ml_engineering", "data_science"], "role_family")
    assert {s.color for s in families.values()} == set(theme.PAIR_COLORS)
    assert plots.group_styles([2023, 2024], "work_year")[2024].label == "2024"  # a plain value stays as written
    with pytest.raises(ValueError, match="without a colour of their own"):
        plots.group_styles(range(len(theme.GROUP_COLORS) + 1), "work_year")



def test_a_group_keeps_its_colour_on_a_panel_without_the_other() -> None:
    """Colours are given over the whole table: a panel where only the remote group has records draws it in the remote
    colour, not in the first colour of the pair."""
    t = coded(base.trend_table())
    t = t[~((t["grade"] == "Middle") & (t["remote_ratio"] == 0))]
    with matplotlib.rc_context():
        theme.use_theme()
        fig = plots.trend(t, group="remote_ratio", facet="grade", title="Remote medians rise")
    try:
        remote = legend_colours(fig)[NAMES[100]]
        middle = next(ax for ax in fig.axes if ax.get_title(loc="left").startswith("Middle"))
        drawn = {matplotlib.colors.to_hex(ln.get_color()) for ln in middle.get_lines()
                 if ln.get_marker() == "o" or len(ln.get_xdata()) > 1}  # dots and lines (a whisker's caps aside)
        assert drawn == {remote}
    finally:
        plt.close(fig)
