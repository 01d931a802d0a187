"""The explorer page driven in headless Chromium (Debian's): a reader picks a country or region, a grade, a role family
and the money unit, and the number shown is the one computed here independently (numpy, inverted-CDF median of the
records expanded from data.salary_bins) and the one notebooks 02/03 state; small groups are greyed; the profile
lookup is the estimator's answer; nothing leaves the machine. Screenshots go to ``screenshots/explorer/`` when asked
(``SITE_SCREENSHOTS=1``: :func:`tests.browser.screenshot`).

The page is rendered on its own from :func:`helpers.analysis.explorer.results` (the whole site is opened by
``test_site_browser.py``). Every wait is on readiness (the load event, then the page's ``data-ready`` flag, then the
answer's title naming the selection) with a generous stated limit; there is no fixed sleep.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import data, paths, study
from helpers.analysis import estimator, explorer
from helpers.analysis.sources import STACK_OVERFLOW as SO
from helpers.presentation.site import explorer_page, render
from tests import browser as browser_setup
from tests.notebook_text import stored_text

SHOTS = browser_setup.SCREENSHOTS / "explorer"

pytestmark = pytest.mark.skipif(not browser_setup.INSTALLED, reason=browser_setup.SKIP_REASON)


def _median(rows: pd.DataFrame) -> float:
    """Inverted-CDF median with numpy on the records expanded from the bins (each at its bin's mean salary)."""
    agg = rows.groupby("bin")[["n", "sum_usd"]].sum()
    agg = agg[agg["n"] > 0]
    return float(np.quantile(np.repeat((agg["sum_usd"] / agg["n"]).to_numpy(), agg["n"].to_numpy()), 0.5, method="inverted_cdf"))


def _stated(*notebooks: str) -> str:
    """Every text output and figure alt text the notebooks store, as one string."""
    return stored_text(*(paths.NOTEBOOKS / name for name in notebooks))


def _ways_to_state(value: float) -> set[str]:
    """How a notebook may print a median: exact (with or without separators) or rounded to 100, 500 or 1,000."""
    return {f"{value:,.0f}", f"{value:.0f}", *(f"{round(value / s) * s:,.0f}" for s in (100, 500, 1000))}


@pytest.fixture(scope="module")
def tab(page_file: Path, chromium):
    """The explorer open in a fresh isolated context (a new profile) on the shared Chromium, once it has loaded and drawn
    its first answer; every request not file:/data: is recorded and aborted."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    left: list[str] = []
    context = browser_setup.open_context(chromium, left)
    try:
        errors: list[str] = []
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_selector("body[data-ready='true']")
        yield page, left, errors
    finally:
        context.close()


def choose(page, level: str, place: str, family: str = study.ML_FAMILY, unit: str = "nominal", source: str = explorer.SOURCE) -> dict:
    """Set the controls as a reader would and return what the answer box shows once it names the selection."""
    if page.is_visible("#source"):
        page.select_option("#source", source)
    page.select_option("#family", family)
    page.select_option("#level", level)
    page.select_option("#place", place)
    page.check(f"#unit-{unit}")
    label = page.eval_on_selector("#place", "s => s.options[s.selectedIndex].text.replace(/ \\([^()]*\\)$/, '')")
    # the title names a region by a common noun in lower case ("companies in other regions"), as a sentence does
    phrase = label[:1].lower() + label[1:] if place == explorer.REGION_PREFIX + "Other" else label
    page.wait_for_function("phrase => document.getElementById('answer-title').textContent.endsWith(' in ' + phrase)", arg=phrase)
    return page.evaluate("""() => ({
        value: document.getElementById('answer-median').getAttribute('data-value'),
        text: document.getElementById('answer').innerText,
        n: Number(document.getElementById('answer-n').textContent),
        small: document.getElementById('answer').classList.contains('small'),
        warning: !document.getElementById('answer-small').hidden,
        greyed: getComputedStyle(document.querySelector('#answer .figure')).color,
    })""")


@pytest.fixture(scope="module")
def pooled(curated_dir: Path) -> pd.DataFrame:
    b = data.salary_bins(curated_dir)
    return b[b.work_year.isin(study.POOLED_YEARS)]


@pytest.mark.parametrize("level, place, family, shot", [
    ("Senior", "GB", "wide", "gb-senior-wide"),                      # a country: notebook 02's country table
    ("Senior", "region:Europe", study.ML_FAMILY, "europe-senior"),   # a region: notebooks 02 and 03
    ("Middle", "US", study.ML_FAMILY, "us-middle"),                  # the reference: notebook 03's ladder
])
def test_the_number_shown_is_the_notebooks(tab, pooled, level, place, family, shot) -> None:
    page, _, errors = tab
    shown = choose(page, level, place, family)
    members = [study.ML_FAMILY] if family == study.ML_FAMILY else list(study.WIDE_ML_FAMILIES)
    rows = pooled[pooled.role_family.isin(members) & (pooled.grade == level)]
    rows = rows[rows.region == place.split(":")[1]] if place.startswith("region:") else rows[rows.company_location == place]
    expected = _median(rows)
    assert int(shown["value"]) == round(expected) and shown["n"] == rows.n.sum()
    assert f"${round(expected):,}" in shown["text"] and f"n = {rows.n.sum():,}" in shown["text"]
    stated = _stated("02_us_vs_europe.ipynb", "03_grade_progression.ipynb")
    assert any(s in stated for s in _ways_to_state(expected)), f"notebooks 02/03 state no median of {expected:,.0f} ({level}, {place})"
    assert not shown["small"] and not shown["warning"]
    browser_setup.screenshot(page, SHOTS / f"{shot}.png", full_page=True)
    assert not errors, errors


def test_a_sentence_names_other_regions_in_lower_case_and_the_menu_by_its_label(tab) -> None:
    page, _, errors = tab
    choose(page, "Senior", "region:Other")
    assert page.text_content("#answer-title").endswith("· companies in other regions")
    assert page.eval_on_selector("#place", "s => s.options[s.selectedIndex].text").startswith("Other regions")
    assert not errors, errors


def test_small_groups_are_greyed_and_flagged(tab, pooled) -> None:
    page, _, errors = tab
    rows = pooled[(pooled.role_family == study.ML_FAMILY) & (pooled.grade == "Senior") & (pooled.company_location == "DE")]
    assert 0 < rows.n.sum() < study.SMALL_SAMPLE_N
    shown = choose(page, "Senior", "DE")
    assert int(shown["value"]) == round(_median(rows)) and shown["small"] and shown["warning"]
    assert shown["greyed"] == "rgb(153, 153, 153)"
    assert "United States (reference)" in shown["text"] and "The US median is ×" in shown["text"]
    # the dot of a small group is hollow in the chart when small groups are included
    page.check("#show-all")
    page.wait_for_selector("#places-chart text.label.small")
    assert page.eval_on_selector("#places-chart circle.dot.selected", "c => c.classList.contains('small')")
    browser_setup.screenshot(page, SHOTS / "de-senior-small.png", full_page=True)
    page.uncheck("#show-all")
    assert not errors, errors


def test_ppp_dollars_and_missing_reference_figures(tab, pooled, curated_dir) -> None:
    page, _, _ = tab
    from helpers.analysis import money

    rows = pooled[(pooled.role_family == study.ML_FAMILY) & (pooled.grade == "Senior") & (pooled.region == "Europe")]
    rb = money.reference_bins(rows, data.reference_wages(curated_dir)).dropna(subset=["ppp_usd"])
    expected = np.quantile(np.repeat(rb.ppp_usd.to_numpy(), rb.n.to_numpy()), 0.5, method="inverted_cdf")
    shown = choose(page, "Senior", "region:Europe", unit="ppp")
    assert int(shown["value"]) == round(expected) and "PPP USD per year" in shown["text"]
    india = choose(page, "Senior", "IN", family="wide", unit="ppp")
    assert india["value"] is None and "Switch to nominal US dollars" in india["text"]
    choose(page, "Senior", "region:Europe", unit="nominal")


def _profile(page, grade: str, country: str, family: str) -> dict:
    """Pick a profile in the lookup as a reader would; what it shows once its range or reason names it."""
    page.select_option("#profile-grade", grade)
    page.select_option("#profile-country", country)
    page.select_option("#profile-family", family)
    page.wait_for_function("""([g, c, f]) => {
        const box = document.getElementById('profile');
        return document.getElementById('profile-grade').value === g && document.getElementById('profile-country').value === c
            && document.getElementById('profile-family').value === f && box.getAttribute('data-status') !== null;
    }""", arg=[grade, country, family])
    return page.evaluate("""() => ({value: document.getElementById('profile-median').getAttribute('data-value'),
                                     figure: document.getElementById('profile-median').textContent,
                                     status: document.getElementById('profile').getAttribute('data-status'),
                                     range: document.getElementById('profile-range').textContent,
                                     flag: (t => t.hidden ? '' : t.textContent)(document.getElementById('profile-thin')),
                                     coverage: document.getElementById('profile-coverage').textContent,
                                     rule: document.getElementById('profile-rule').textContent,
                                     colour: getComputedStyle(document.querySelector('#profile .figure')).color})""")


def test_the_profile_lookup_is_the_estimators_answer(tab) -> None:
    """Each status as the page shows it: ok (the number, its n, the measured coverage), thin (greyed, flagged, the range
    widened), declined (no number, the reason); every figure the estimator's own."""
    page, _, errors = tab
    cover = explorer.results()["profiles"]["coverage"]
    for grade, country, family, status in (("Senior", "US", study.ML_FAMILY, "ok"), ("Senior", "DE", study.ML_FAMILY, "thin"),
                                           ("Junior", "DE", "data_engineering", "declined")):
        want = estimator.estimate({"grade": grade, "company_location": country, "role_family": family})
        shown = _profile(page, grade, country, family)
        assert shown["status"] == want["status"] == status
        assert f"n = {want['n_similar']:,} survey record" in shown["range"]
        if status == "declined":
            assert shown["value"] is None and shown["figure"] == "no answer" and not any(ch.isdigit() for ch in shown["figure"])
            assert shown["flag"].startswith(f"Declined: only {want['n_similar']} survey records") and not shown["coverage"]
            assert f"fewer than {study.ESTIMATE_MIN_N}" in shown["flag"] and "$" not in shown["flag"] + shown["range"]
            browser_setup.screenshot(page.locator("#profile"), SHOTS / "profile-declined-junior-de.png")
            continue
        assert int(shown["value"]) == round(want["median"])
        assert f"80% range ${round(want['low']):,}–${round(want['high']):,}" in shown["range"]
        given = cover["answered"]["all"]
        assert (f"held {given['coverage'] * 100:.1f}% (95% interval {given['lo'] * 100:.1f}–{given['hi'] * 100:.1f}%; "
                f"{given['records']:,} records, {given['profiles']:,} profiles)") in shown["coverage"]
        own = cover[status]["all"]
        if own["coverage"] is None:  # too few distinct profiles: no figure, the count instead
            assert f"cannot be measured reliably: {own['profiles']} distinct profiles" in shown["coverage"]
        else:
            assert f"{own['coverage'] * 100:.1f}% (95% interval" in shown["coverage"]
        if status == "thin":
            assert "(widened)" in shown["range"] and shown["flag"].startswith(f"Thin: only {want['n_similar']} survey records")
            assert want["low"] < want["model_low"] and shown["colour"] == "rgb(153, 153, 153)"  # greyed
            browser_setup.screenshot(page.locator("#profile"), SHOTS / "profile-thin-senior-de.png")
        else:
            assert not shown["flag"] and shown["colour"] != "rgb(153, 153, 153)"
    assert f"fewer than {study.ESTIMATE_THIN_N}" in shown["rule"] and f"fewer than {study.ESTIMATE_MIN_N}" in shown["rule"]
    assert not errors, errors


def test_the_developer_survey_in_years_bands(tab, curated_dir) -> None:
    """The second source, when curated: years-of-coding bands, country of residence, total compensation."""
    page, _, errors = tab
    if SO.key not in explorer.results(curated_dir)["sources"]:
        pytest.skip("the developer survey is not curated")
    so = data.load(SO.table, curated_dir)
    rows = so[~so.below_pay_floor.astype(bool) & so.ml_role.astype(bool) & (so.years_code_pro_band == "4-6") & (so.region == "Europe")]
    shown = choose(page, "4-6", "region:Europe", family="ml_role", source=SO.key)
    assert int(shown["value"]) == round(_median(rows)) and shown["n"] == rows.n.sum()
    assert "developers living in" in shown["text"] and "total pay" in shown["text"]
    assert page.inner_text("#level-label") == "Years of professional coding" and page.inner_text("#place-label") == "Country of residence"
    assert "TOTAL compensation" in page.inner_text("#source-note")
    browser_setup.screenshot(page, SHOTS / "stackoverflow-europe-4-6.png", full_page=True)
    choose(page, "Senior", "region:Europe")
    assert not errors, errors


def test_a_selection_survives_a_reload_and_nothing_left_the_machine(tab, page_file) -> None:
    page, left, errors = tab
    choose(page, "Executive", "CA", family="wide")
    page.reload(wait_until="load")
    page.wait_for_selector("body[data-ready='true']")
    assert page.eval_on_selector("#place", "s => s.value") == "CA" and page.eval_on_selector("#level", "s => s.value") == "Executive"
    sources = len(explorer.results()["sources"])
    assert page.eval_on_selector("#source-field", "e => e.hidden") == (sources < 2)  # a source control once two are curated
    assert not left, f"requests left the machine: {left}"
    assert not errors, errors


def test_a_second_source_slots_in(tab, tmp_path: Path, curated_dir: Path) -> None:
    """With two sources in the JSON (the second with years-of-experience bands, as a developer survey would have),
    the source control appears and switching to it relabels the level control and reads that source's cells."""
    res = json.loads(json.dumps(explorer.results(curated_dir)))
    first = res["sources"][explorer.SOURCE]
    bands = [{"id": "0-2", "label": "0–2 years"}, {"id": "3-5", "label": "3–5 years"}]
    cells = {f["id"]: {u["id"]: {b["id"]: {"US": {"n": 40 + i, "median": 100_000 + i, "lo": 90_000, "hi": 110_000, "small": False}}
                                  for i, b in enumerate(bands)} for u in first["units"]} for f in first["families"]}
    res["sources"]["devsurvey"] = {**first, "title": "A developer survey", "level": {"name": "years", "label": "Years of experience",
                                                                                    "values": bands},
                                   "places": [first["places"][0]], "cells": cells}
    page_file = tmp_path / "explorer.html"
    page_file.write_text(explorer_page.render_explorer(res, [], "test", render.FOOTER), encoding="utf-8")
    page = tab[0].context.new_page()  # the module's context (one Playwright and one browser per process)
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_selector("body[data-ready='true']")
        assert page.is_visible("#source") and page.inner_text("#level-label") == "Grade"
        page.select_option("#source", "devsurvey")
        page.wait_for_function("() => document.getElementById('level-label').textContent === 'Years of experience'")
        page.select_option("#level", "3-5")
        page.wait_for_function("() => document.getElementById('answer-title').textContent.startsWith('3–5 years')")
        assert page.get_attribute("#answer-median", "data-value") == "100001"
    finally:
        page.close()


def _chart(page) -> dict:
    """What the places chart draws: every attribute and text of the SVG, its whiskers and dots by place."""
    return page.evaluate("""() => {
        const svg = document.getElementById('places-chart');
        const attrs = [...svg.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.value));
        const labels = [...svg.querySelectorAll('text.label')].map(t => t.getAttribute('data-place'));
        return {attrs: attrs.concat([svg.getAttribute('viewBox'), svg.textContent]),
                labels: labels, whiskers: svg.querySelectorAll('line.whisker').length,
                dots: [...svg.querySelectorAll('circle.dot')].map(c => c.textContent)};
    }""")


def test_no_interval_under_the_minimum_records(tab, pooled) -> None:
    """A place with fewer than ``study.MIN_INTERVAL_N`` records shows its median and n, and says there are too few
    records for an interval: in the answer, its ratio to the US, the grade table and the chart (a dot, no whisker)."""
    page, _, errors = tab
    rows = pooled[(pooled.role_family == study.ML_FAMILY) & (pooled.grade == "Senior")]
    counts = rows.groupby("company_location", observed=True).n.sum()
    few = counts[(counts > 0) & (counts < study.MIN_INTERVAL_N)]
    place = str(sorted(few.index.astype(str))[0])  # picked from the data, not from the page
    mine = rows[rows.company_location == place]
    shown = choose(page, "Senior", place)
    assert int(shown["value"]) == round(_median(mine)) and shown["n"] == mine.n.sum() < study.MIN_INTERVAL_N
    ci, ref = page.inner_text("#answer-ci"), page.inner_text("#answer-ref")
    assert "too few records for an interval" in ci and "95% interval" not in ci and f"n = {shown['n']}" in ci
    us = rows[rows.company_location == study.REFERENCE_COUNTRY]
    ratio = _median(us) / _median(mine)
    said = ref.split("The US median is ")[1]
    assert said.startswith(f"×{ratio:.2f} (too few records for an interval") and "95% interval" not in said
    row = page.eval_on_selector("#grades-body tr.selected", "r => r.cells[1].textContent")
    assert row == f"${round(_median(mine)):,} (too few records for an interval)"
    page.check("#show-all")
    page.wait_for_selector(f"#places-chart text.label[data-place='{place}']")
    drawn = _chart(page)
    assert not any("NaN" in a or "undefined" in a for a in drawn["attrs"])
    cells = explorer.results()["sources"][explorer.SOURCE]["cells"][study.ML_FAMILY]["nominal"]["Senior"]
    sizes = [cells[i]["n"] for i in drawn["labels"]]
    assert min(sizes) < study.MIN_INTERVAL_N  # places under the minimum are dots alone, every other one has its whisker
    assert drawn["whiskers"] == sum(n >= study.MIN_INTERVAL_N for n in sizes)
    tip = drawn["dots"][drawn["labels"].index(place)]
    assert "too few records for an interval" in tip and "95% interval" not in tip
    page.uncheck("#show-all")
    assert not errors, errors


def test_the_chart_scale_holds_when_the_widest_place_has_no_interval(tab, tmp_path: Path, curated_dir: Path) -> None:
    """The chart's axis reaches the highest median even when that place has too few records for an interval (no
    whisker to reach): nothing drawn is NaN."""
    res = json.loads(json.dumps(explorer.results(curated_dir)))
    src = res["sources"][explorer.SOURCE]
    cells = src["cells"][study.ML_FAMILY]["nominal"]["Senior"]
    few = next(p["id"] for p in src["places"] if 0 < cells[p["id"]]["n"] < study.MIN_INTERVAL_N)
    top = max(c.get("hi", c.get("median", 0)) for c in cells.values())
    cells[few] = {"n": 2, "median": top * 2, "small": True, "vs_us": [0.4]}
    page_file = tmp_path / "explorer.html"
    page_file.write_text(explorer_page.render_explorer(res, [], "test", render.FOOTER), encoding="utf-8")
    page = tab[0].context.new_page()
    try:
        page.goto(page_file.as_uri() + f"#level=Senior&place={few}", wait_until="load")
        page.wait_for_selector("body[data-ready='true']")
        page.check("#show-all")
        page.wait_for_selector(f"#places-chart text.label[data-place='{few}']")
        drawn = _chart(page)
        assert not any("NaN" in a for a in drawn["attrs"])
        ticks = page.eval_on_selector_all("#places-chart text.tick", "ts => ts.map(t => Number(t.textContent.replace(/[$k]/g, '')))")
        assert ticks and max(ticks) * 1000 >= top * 2  # the axis reaches the dot
        dot_x = page.eval_on_selector("#places-chart circle.dot.selected", "c => Number(c.getAttribute('cx'))")
        assert 0 < dot_x <= page.eval_on_selector("#places-chart", "s => Number(s.getAttribute('width'))")
    finally:
        page.close()
