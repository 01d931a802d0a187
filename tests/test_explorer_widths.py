"""The explorer page at a phone's width (390 px) and a desktop's (1280 px), in headless Chromium (Debian's): what a
reader sees when a place has no PPP factor, when only the reference side of a ratio is thin, when the source changes,
where the reference's label and the axis fall, what the profile lookup follows, which colour "selected" is, whether
the page scrolls sideways, and whether a link restores everything on the page.

Every expected number is computed here from the curated tables (pandas and numpy), never read from the page's data.
Every wait is on readiness (the page's ``data-ready`` flag, the address bar naming the new selection, the controls
holding it); there is no fixed sleep. Screenshots go to ``screenshots/explorer/`` when asked (``SITE_SCREENSHOTS=1``).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import data, study
from helpers.analysis import estimator, explorer, money
from helpers.analysis.sources import STACK_OVERFLOW as SO
from helpers.presentation import table_format, theme
from tests import browser as browser_setup
from tests.test_explorer_browser import choose

SHOTS = browser_setup.SCREENSHOTS / "explorer"
WIDTHS = (390, 1280)
GREY = "rgb(153, 153, 153)"

pytestmark = pytest.mark.skipif(not browser_setup.INSTALLED, reason=browser_setup.SKIP_REASON)


def _rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


#: Every colour that means a place, a source, a role family or a verdict, as the browser reports a computed colour.
MEANINGS = {_rgb(c) for k, c in theme.COLOURS.items() if k != "selected"}  # the places', families', verdicts' and sources'


def _median(rows: pd.DataFrame) -> float:
    agg = rows.groupby("bin")[["n", "sum_usd"]].sum()
    agg = agg[agg["n"] > 0]
    return float(np.quantile(np.repeat((agg["sum_usd"] / agg["n"]).to_numpy(), agg["n"].to_numpy()), 0.5, method="inverted_cdf"))


def _open(context, url: str, width: int):
    """A new page ``width`` px wide at ``url``, once it has drawn its first answer; the errors it raises."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    page.wait_for_selector("body[data-ready='true']")
    return page, errors


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def window(request, isolated_context, page_file):
    """A page ``width`` px wide, shared by the module's tests at that width (a new page costs as much as a load)."""
    page, errors = _open(isolated_context[0], page_file.as_uri(), request.param)
    try:
        yield page, errors, request.param
    finally:
        page.close()


@pytest.fixture
def tab(window, isolated_context, page_file):
    """The explorer freshly opened (no link state) at each width: the width's page loaded again at the bare address
    (the state lives in the address's fragment, so leaving it out is a new document with the defaults)."""
    page, errors, width = window
    errors.clear()
    page.goto(page_file.as_uri(), wait_until="load")
    page.wait_for_selector("body[data-ready='true']")
    yield page, errors, width
    assert not errors, errors
    assert not isolated_context[1], f"requests left the machine: {isolated_context[1]}"


@pytest.fixture(scope="module")
def pooled(curated_dir: Path) -> pd.DataFrame:
    b = data.salary_bins(curated_dir)
    return b[b.work_year.isin(study.POOLED_YEARS)]


@pytest.fixture(scope="module")
def so(curated_dir: Path) -> pd.DataFrame:
    if SO.key not in explorer.results(curated_dir)["sources"]:
        pytest.skip("the developer survey is not curated")
    rows = data.load(SO.table, curated_dir)
    return rows[~rows.below_pay_floor.astype(bool) & rows.years_code_pro_band.notna() & rows.residence_country.notna()]


def _so_counts(so: pd.DataFrame, place: str, ml_only: bool = True) -> pd.DataFrame:
    """Respondents per band: at ``place`` (a country or ``region:NAME``) and in the US."""
    rows = so[so.ml_role.astype(bool)] if ml_only else so
    here = rows[rows.region == place.split(":")[1]] if place.startswith("region:") else rows[rows.residence_country == place]
    us = rows[rows.residence_country == study.REFERENCE_COUNTRY]
    return pd.DataFrame({"here": here.groupby("years_code_pro_band").n.sum(), "us": us.groupby("years_code_pro_band").n.sum()}).fillna(0)


def _grade_row(page, level_label: str) -> list[str]:
    return page.evaluate("""label => [...document.querySelectorAll('#grades-body tr')]
        .filter(r => r.cells[0].textContent === label).map(r => [...r.cells].map(c => c.textContent))[0]""", level_label)


# ---------------------------------------------------------------- PPP dollars: a place without a PPP factor says so

def test_places_without_a_ppp_factor_say_so_in_the_menu_and_the_table(tab, pooled, curated_dir) -> None:
    page, _, width = tab
    wages = data.reference_wages(curated_dir)
    names = dict(zip(*(data.load("countries", curated_dir)[c].astype(str) for c in ("country_code", "country_name")), strict=True))
    ml = pooled[(pooled.role_family == study.ML_FAMILY) & (pooled.grade == "Senior")]
    for place, rows, label in (("CA", ml[ml.company_location == "CA"], names["CA"]),
                               ("region:Other", ml[ml.region == "Other"], table_format.label("Other", "region"))):
        converted = money.reference_bins(rows, wages)
        lacking = int(converted.loc[converted.ppp_usd.isna(), "n"].sum())
        assert lacking == rows.n.sum() > 0  # every record of the place lacks a PPP factor
        shown = choose(page, "Senior", place, unit="ppp")
        option = page.eval_on_selector("#place", "s => s.options[s.selectedIndex].text")
        assert option == f"{label} (no PPP factor for its {lacking:,} records)"
        assert shown["value"] is None and f"for its {lacking:,} records" in shown["text"]
        row = _grade_row(page, "Senior")
        assert row[1] == f"no PPP factor for its {lacking:,} records" and row[2] == "–"
        assert "no records" not in option + row[1]
    browser_setup.screenshot(page, SHOTS / f"ppp-canada-{width}.png", full_page=True)


# ---------------------------------------------------------------- a ratio is thin when either side is

def test_a_ratio_is_greyed_when_either_side_is_thin(tab, so) -> None:
    page, _, width = tab
    counts = _so_counts(so, "region:Europe")
    only_us = counts[(counts.here >= study.SMALL_SAMPLE_N) & (counts.us > 0) & (counts.us < study.SMALL_SAMPLE_N)]
    both = counts[(counts.here >= study.SMALL_SAMPLE_N) & (counts.us >= study.SMALL_SAMPLE_N)]
    assert len(only_us) and len(both)  # the data hold both kinds of comparison
    band, us_n = str(only_us.index[0]), int(only_us.us.iloc[0])
    choose(page, band, "region:Europe", family="ml_role", source=SO.key)
    labels = {v["id"]: v["label"] for v in explorer.results()["sources"][SO.key]["level"]["values"]}
    colour = """label => getComputedStyle([...document.querySelectorAll('#grades-body tr')]
        .find(r => r.cells[0].textContent === label).querySelector('td.ratio')).color"""
    assert page.evaluate(colour, labels[band]) == GREY
    assert all(page.evaluate(colour, labels[str(b)]) != GREY for b in both.index)
    warning = page.locator("#answer-ref-thin")
    assert warning.is_visible() and f"United States has {us_n} records" in warning.inner_text()
    browser_setup.screenshot(page, SHOTS / f"stackoverflow-thin-us-{width}.png", full_page=True)


# ---------------------------------------------------------------- defaults: a populated comparison for every source

def test_every_source_opens_on_a_populated_comparison(tab, pooled, so) -> None:
    page, _, _ = tab
    assert page.eval_on_selector("#place", "s => s.value") == "region:Europe"
    level = page.eval_on_selector("#level", "s => s.value")
    ml = pooled[(pooled.role_family == study.ML_FAMILY) & (pooled.grade == level)]
    assert ml[ml.region == "Europe"].n.sum() >= study.SMALL_SAMPLE_N
    assert ml[ml.company_location == study.REFERENCE_COUNTRY].n.sum() >= study.SMALL_SAMPLE_N
    page.select_option("#source", SO.key)
    page.wait_for_function("() => location.hash.includes('source=" + SO.key + "')")
    level, place = page.eval_on_selector("#level", "s => s.value"), page.eval_on_selector("#place", "s => s.value")
    counts = _so_counts(so, place)
    populated = counts[(counts.here >= study.SMALL_SAMPLE_N) & (counts.us >= study.SMALL_SAMPLE_N)]
    assert level in populated.index.astype(str), (level, counts)
    assert counts.loc[level, "here"] == populated.here.max()  # the best-populated of them
    assert int(page.inner_text("#answer-n")) == counts.loc[level, "here"]
    assert "No reference" not in page.inner_text("#answer-ref")
    page.select_option("#source", explorer.SOURCE)  # and back: a grade again, populated on both sides
    page.wait_for_function("() => location.hash.includes('source=" + explorer.SOURCE + "')")
    assert page.eval_on_selector("#level", "s => s.value") == "Senior"


# ---------------------------------------------------------------- the chart: the reference label whole, the axis

def test_the_reference_label_is_whole_and_the_axis_reads(tab, pooled) -> None:
    page, _, width = tab
    us = pooled[(pooled.role_family == study.ML_FAMILY) & (pooled.grade == "Senior") & (pooled.company_location == "US")]
    shown = page.evaluate("""() => {
        const svg = document.getElementById('places-chart').getBoundingClientRect();
        const label = document.querySelector('#places-chart text.reference-label');
        const box = label.getBoundingClientRect();
        return {text: label.textContent, inside: box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5,
                svgRight: svg.right, viewport: window.innerWidth,
                ticks: [...document.querySelectorAll('#places-chart text.tick')].map(t => t.textContent),
                tickBoxes: [...document.querySelectorAll('#places-chart text.tick')].map(t => t.getBoundingClientRect())
                    .map(b => [b.left, b.right])};
    }""")
    assert shown["text"] == f"United States ${round(_median(us)):,}" and shown["inside"]
    assert shown["svgRight"] <= shown["viewport"]
    assert shown["ticks"][0] == "$0" and all(re.fullmatch(r"\$[1-9]\d*k", t) for t in shown["ticks"][1:])
    values = [int(t.strip("$k") or 0) for t in shown["ticks"]]
    assert values == sorted(values) and len(values) >= 3
    assert all(a[1] < b[0] for a, b in zip(shown["tickBoxes"], shown["tickBoxes"][1:], strict=False))  # no tick overlaps
    browser_setup.screenshot(page.locator("#places-chart"), SHOTS / f"chart-{width}.png")


# ---------------------------------------------------------------- the profile follows the selection

def test_the_profile_follows_the_selection(tab) -> None:
    page, _, _ = tab

    def profile() -> tuple[str, str, str]:
        return tuple(page.eval_on_selector(f"#profile-{k}", "s => s.value") for k in ("grade", "country", "family"))

    choose(page, "Middle", "GB")
    assert profile() == ("Middle", "GB", study.ML_FAMILY)
    want = estimator.estimate({"grade": "Middle", "company_location": "GB", "role_family": study.ML_FAMILY})
    assert want["status"] != estimator.DECLINED and int(page.get_attribute("#profile-median", "data-value")) == round(want["median"])
    assert page.inner_text("#profile-follows").startswith("Follows the selection above")
    choose(page, "Senior", "region:Europe")  # a region is no company country: the country stays, and the page says so
    assert profile() == ("Senior", "GB", study.ML_FAMILY)
    assert "a region is not a company country" in page.inner_text("#profile-follows")
    choose(page, "Junior", "DE", family="wide")  # the wider family is several: the one chosen stays if it is a member
    assert profile() == ("Junior", "DE", study.ML_FAMILY)
    choose(page, "4-6", "region:Europe", family="ml_role", source=SO.key)
    assert profile() == ("Junior", "DE", study.ML_FAMILY)  # years bands and residence do not map onto the estimator's
    assert page.inner_text("#profile-follows").startswith("Separate from the selection above")


# ---------------------------------------------------------------- "selected" is neutral; places in their region's colour

def test_selected_is_not_a_place_or_source_colour(tab) -> None:
    page, _, _ = tab
    for place, region in (("US", "United States"), ("region:Europe", "Europe"), ("GB", "Europe"), ("CA", "Other")):
        choose(page, "Senior", place)
        seen = page.evaluate("""() => {
            const s = e => getComputedStyle(e);
            const dot = document.querySelector('#places-chart circle.dot.selected');
            const label = document.querySelector('#places-chart text.label.selected');
            const band = document.querySelector('#places-chart rect.row-selected');
            const row = document.querySelector('#grades-body tr.selected td');
            return {fill: s(dot).fill, stroke: s(dot).stroke, label: s(label).fill, band: s(band).fill,
                    row: s(row).backgroundColor, weight: s(label).fontWeight,
                    others: [...document.querySelectorAll('#places-chart circle.dot:not(.selected)')].map(c => s(c).stroke)};
        }""")
        assert seen["fill"] == _rgb(theme.REGION_COLORS[region])  # the place keeps its region's colour
        for key in ("stroke", "label", "band", "row"):  # the selection is marked in neutral ink
            assert seen[key] not in MEANINGS, (place, key, seen[key])
        assert int(seen["weight"]) >= 700
        assert set(seen["others"]) <= {_rgb(c) for c in theme.REGION_COLORS.values()}


# ---------------------------------------------------------------- the page never scrolls sideways; text stays legible

def test_no_sideways_scroll_and_legible_text(tab) -> None:
    page, _, width = tab
    choose(page, "Senior", "region:Europe")
    page.check("#show-all")
    page.wait_for_function("() => location.hash.includes('all=1')")
    seen = page.evaluate("""() => {
        const small = [...document.querySelectorAll('body *')].filter(e => e.childNodes.length &&
                [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && e.getClientRects().length)
            .map(e => [e.tagName, e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)])
            .filter(x => x[2] < 11);
        const box = document.querySelector('.table-scroll');
        return {page: document.documentElement.scrollWidth, body: document.body.scrollWidth, viewport: window.innerWidth,
                small: small, scrolls: getComputedStyle(box).overflowX, table: box.scrollWidth, box: box.clientWidth};
    }""")
    assert seen["page"] <= seen["viewport"] and seen["body"] <= seen["viewport"], seen
    assert not seen["small"], seen["small"]
    assert seen["scrolls"] == "auto"  # a table wider than the screen scrolls in its own box
    browser_setup.screenshot(page, SHOTS / f"page-{width}.png", full_page=True)
    page.uncheck("#show-all")


# ---------------------------------------------------------------- a link restores everything on the page

def _everything(page) -> dict:
    return page.evaluate("""() => ({
        controls: ['source', 'level', 'place', 'family', 'profile-grade', 'profile-country', 'profile-family']
            .map(id => document.getElementById(id).value),
        unit: document.querySelector('#units input:checked').value,
        all: document.getElementById('show-all').checked,
        answer: document.getElementById('answer').innerText,
        grades: document.getElementById('grades-table').innerText,
        chart: [...document.querySelectorAll('#places-chart text.label')].map(t => t.textContent),
        profile: document.getElementById('profile').innerText,
    })""")


@pytest.mark.parametrize("setting", ["aijobs", "so_survey"])
def test_the_shareable_link_restores_everything(tab, isolated_context, setting) -> None:
    page, _, width = tab
    if setting == "aijobs":
        choose(page, "Middle", "GB", family="wide", unit="ppp")
    else:
        if SO.key not in explorer.results()["sources"]:
            pytest.skip("the developer survey is not curated")
        choose(page, "11+", "region:Other", family="all", source=SO.key)
    page.check("#show-all")
    page.select_option("#profile-grade", "Junior")
    page.select_option("#profile-country", "FR")
    page.select_option("#profile-family", "data_engineering")
    page.wait_for_function("() => location.hash.includes('all=1') && location.hash.includes('pfamily=data_engineering')")
    before = _everything(page)
    assert before["all"] and before["controls"][4:] == ["Junior", "FR", "data_engineering"]
    opened, errors = _open(isolated_context[0], page.url, width)
    try:
        after = _everything(opened)
        assert after == before
        assert not errors, errors
    finally:
        opened.close()
