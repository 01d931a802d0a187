"""The explorer's precomputed answers (helpers.analysis.explorer), checked against numpy on records expanded from the
bins, against the estimator itself, and for the JSON layout the page and notebook 09 read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest

from helpers import data, paths, schema, study
from helpers.analysis import estimator, explorer, money
from helpers.analysis.sources import STACK_OVERFLOW as SO
from helpers.surveys import so_survey as so_declared


def _median(rows: pd.DataFrame) -> float:
    """Inverted-CDF median with numpy on the records expanded from the bins (each at its bin's mean salary)."""
    agg = rows.groupby("bin")[["n", "sum_usd"]].sum()
    agg = agg[agg["n"] > 0]
    return float(np.quantile(np.repeat((agg["sum_usd"] / agg["n"]).to_numpy(), agg["n"].to_numpy()), 0.5, method="inverted_cdf"))


@pytest.fixture(scope="module")
def res(curated_dir: Path) -> dict:
    return explorer.results(curated_dir)


@pytest.fixture(scope="module")
def pooled(curated_dir: Path) -> pd.DataFrame:
    b = data.salary_bins(curated_dir)
    return b[b.work_year.isin(study.POOLED_YEARS)]


def _rows(pooled: pd.DataFrame, family: str, grade: str, place: str) -> pd.DataFrame:
    members = [study.ML_FAMILY] if family == study.ML_FAMILY else list(study.WIDE_ML_FAMILIES)
    rows = pooled[pooled.role_family.isin(members) & (pooled.grade == grade)]
    if place.startswith("region:"):
        return rows[rows.region == place.split(":", 1)[1]]
    return rows[rows.company_location == place]


@pytest.mark.parametrize("family, grade, place", [
    (study.ML_FAMILY, "Senior", "region:Europe"), (study.ML_FAMILY, "Middle", "US"), (study.ML_FAMILY, "Senior", "DE"),
    ("wide", "Senior", "GB"), ("wide", "Junior", "FR"), ("wide", "Executive", "region:Other"), (study.ML_FAMILY, "Junior", "CA"),
])
def test_nominal_cells_are_the_numpy_medians(res, pooled, family, grade, place) -> None:
    cell = explorer.answer(res, place, grade, family)
    rows, us = _rows(pooled, family, grade, place), _rows(pooled, family, grade, study.REFERENCE_COUNTRY)
    assert cell["n"] == rows.n.sum() > 0
    assert cell["median"] == round(_median(rows))
    assert cell["lo"] <= cell["median"] <= cell["hi"]
    assert cell["small"] == (rows.n.sum() < study.SMALL_SAMPLE_N)
    if place != study.REFERENCE_COUNTRY:
        ratio, lo, hi = cell["vs_us"]
        assert ratio == pytest.approx(_median(us) / _median(rows), abs=6e-4) and lo <= ratio <= hi


def _small_place(pooled: pd.DataFrame, grade: str) -> str:
    """A country with 1 to ``study.MIN_INTERVAL_N - 1`` ML-engineering records at ``grade`` (first by code)."""
    rows = pooled[(pooled.role_family == study.ML_FAMILY) & (pooled.grade == grade)]
    n = rows.groupby("company_location", observed=True).n.sum()
    return str(sorted(n[(n > 0) & (n < study.MIN_INTERVAL_N)].index.astype(str))[0])


def test_no_interval_under_the_minimum_records(res, pooled) -> None:
    """A group under ``study.MIN_INTERVAL_N`` records has its median and n, no interval, and its ratio to the US
    no interval; from that size up a group has both intervals."""
    assert res["min_interval_n"] == study.MIN_INTERVAL_N
    place = _small_place(pooled, "Senior")
    rows, us = _rows(pooled, study.ML_FAMILY, "Senior", place), _rows(pooled, study.ML_FAMILY, "Senior", study.REFERENCE_COUNTRY)
    cell = explorer.answer(res, place, "Senior")
    assert 0 < cell["n"] == rows.n.sum() < study.MIN_INTERVAL_N and cell["median"] == round(_median(rows)) and cell["small"]
    assert "lo" not in cell and "hi" not in cell
    assert cell["vs_us"] == [pytest.approx(_median(us) / _median(rows), abs=6e-4)]  # the ratio alone
    table = explorer.table(res, "Senior").set_index("id").loc[place]
    assert table[["lo", "hi", "us_ratio_lo", "us_ratio_hi"]].isna().all() and table["us_ratio"] == cell["vs_us"][0]
    # every cell of every source follows the rule, both ways
    seen = {True: 0, False: 0}
    for src in res["sources"].values():
        for units in src["cells"].values():
            for levels in units.values():
                for cells in levels.values():
                    ref_n = cells[src["reference"]]["n"]
                    for c in cells.values():
                        if "median" not in c:
                            continue
                        shown = c["n"] >= study.MIN_INTERVAL_N
                        assert ("lo" in c) == ("hi" in c) == shown
                        assert not shown or c["lo"] <= c["median"] <= c["hi"]
                        if "vs_us" in c:
                            both = shown and ref_n >= study.MIN_INTERVAL_N
                            assert len(c["vs_us"]) == (3 if both else 1)
                            assert not both or c["vs_us"][1] <= c["vs_us"][0] <= c["vs_us"][2]
                            seen[both] += 1
    assert seen[True] and seen[False]


def test_ppp_cells_restate_each_record_and_say_what_is_left_out(res, pooled, curated_dir) -> None:
    rows = _rows(pooled, study.ML_FAMILY, "Senior", "region:Europe")
    rb = money.reference_bins(rows, data.reference_wages(curated_dir))
    kept = rb[rb.ppp_usd.notna()]
    expected = np.quantile(np.repeat(kept.ppp_usd.to_numpy(), kept.n.to_numpy()), 0.5, method="inverted_cdf")
    cell = explorer.answer(res, "region:Europe", "Senior", unit="ppp")
    assert cell["median"] == round(expected) and cell["n"] == kept.n.sum()
    assert cell.get("left_out", 0) == rows.n.sum() - kept.n.sum()
    # US dollars are PPP dollars: each US record keeps its own value (as in notebook 02, each row at its own mean)
    us_rows = _rows(pooled, study.ML_FAMILY, "Senior", "US")
    us_values = np.repeat((us_rows.sum_usd / us_rows.n).to_numpy(), us_rows.n.to_numpy())
    us = explorer.answer(res, "US", "Senior", unit="ppp")
    assert us["median"] == round(np.quantile(us_values, 0.5, method="inverted_cdf")) and us["n"] == us_rows.n.sum()
    india = explorer.answer(res, "IN", "Senior", family="wide", unit="ppp")
    assert "median" not in india and india["left_out"] > 0  # no exchange rate or PPP factor: said, never estimated


def test_places_and_empty_cells(res, pooled) -> None:
    src = res["sources"][explorer.SOURCE]
    ids = [p["id"] for p in src["places"]]
    assert ids[0] == study.REFERENCE_COUNTRY and ids[1:3] == ["region:Europe", "region:Other"]
    wide = pooled[pooled.role_family.isin(study.WIDE_ML_FAMILIES)]
    assert set(ids[3:]) == set(wide.loc[wide.n > 0, "company_location"].astype(str)) - {study.REFERENCE_COUNTRY}
    for grade in schema.GRADES:
        for place in ids:
            cell = explorer.answer(res, place, grade)
            assert ("median" in cell) == (cell["n"] > 0)
    assert explorer.answer(res, "region:Europe", "Executive") == {"n": 0}  # no European Executive ML engineers (notebook 02)


def test_layout_lets_a_second_source_slot_in(res) -> None:
    assert res["version"] == explorer.VERSION and res["small_sample_n"] == study.SMALL_SAMPLE_N
    assert res["n_boot"] == study.N_BOOT
    src = res["sources"][explorer.SOURCE]
    assert src["level"]["name"] == "grade" and [v["id"] for v in src["level"]["values"]] == list(schema.GRADES)
    assert src["years"] == list(study.POOLED_YEARS) and src["licence"] == "CC0-1.0"
    assert [f["id"] for f in src["families"]] == [study.ML_FAMILY, "wide"]
    assert set(src["cells"]) == {f["id"] for f in src["families"]}
    for family in src["cells"].values():
        assert set(family) == {u["id"] for u in src["units"]}
        for unit in family.values():
            assert set(unit) == {v["id"] for v in src["level"]["values"]}
            assert all(set(cells) == {p["id"] for p in src["places"]} for cells in unit.values())
    assert json.loads(json.dumps(res)) == res  # plain JSON


@pytest.mark.parametrize("grade, country, family, status", [
    ("Senior", "US", study.ML_FAMILY, "ok"), ("Junior", "DE", study.ML_FAMILY, "thin"), ("Senior", "IN", study.ML_FAMILY, "declined"),
    ("Executive", "IN", "data_engineering", "declined"), ("Middle", "GB", "other", "ok"), ("Executive", "DE", "ml_research", "declined"),
])
def test_profile_grid_is_the_estimator(res, grade, country, family, status) -> None:
    got = explorer.profile(res, grade, country, family)
    want = estimator.estimate({"grade": grade, "company_location": country, "role_family": family})
    assert got["status"] == want["status"] == status and got["n_similar"] == want["n_similar"]
    if status == estimator.DECLINED:  # no number, and no coverage claimed for it
        assert (got["median"], got["low"], got["high"], got["coverage"]) == (None, None, None, None)
        return
    assert (got["median"], got["low"], got["high"]) == (round(want["median"]), round(want["low"]), round(want["high"]))
    assert got["low"] <= got["median"] <= got["high"] and got["coverage"] == res["profiles"]["coverage"][status]["all"]


def test_every_profile_cell_follows_the_rule(res, curated_dir) -> None:
    b = data.salary_bins(curated_dir)
    counts = b.groupby(["grade", "role_family", "company_location"], observed=True).n.sum()
    rule = res["profiles"]["rule"]
    assert rule == {"thin_n": study.ESTIMATE_THIN_N, "min_n": study.ESTIMATE_MIN_N, "widen": study.ESTIMATE_WIDEN}
    seen = set()
    for grade, by_country in res["profiles"]["cells"].items():
        for country, by_family in by_country.items():
            for family, (median, low, high, n, status) in by_family.items():
                assert n == counts.get((grade, family, country), 0)
                assert status == ("declined" if n < rule["min_n"] else "thin" if n < rule["thin_n"] else "ok")
                assert (median is None) == (low is None) == (high is None) == (status == "declined")
                seen.add(status)
    assert seen == {"ok", "thin", "declined"}


def test_profile_coverage_is_notebook_08s(res) -> None:
    bins = data.salary_bins()
    scores = estimator.evaluate(bins).iloc[0]
    cov = res["profiles"]["coverage"]
    every = cov["every_record"]["all"]
    assert every["coverage"] == round(float(scores["coverage_80"]), 3) and cov["test_year"] == study.TEST_YEAR
    assert (cov["level"], cov["margin"], cov["min_profiles"]) == (study.ESTIMATE_LEVEL, study.ESTIMATE_MARGIN,
                                                                  study.ESTIMATE_MIN_PROFILES)
    assert set(cov["every_record"]) == set(cov["answered"]) == {"all", *schema.REGIONS}
    for group in ("every_record", "answered", "ok", "thin"):
        for e in cov[group].values():  # a coverage with its interval from 30 profiles up, none under
            stated = e["profiles"] >= study.ESTIMATE_MIN_PROFILES
            assert (e["coverage"] is not None) == (e["lo"] is not None) == stated
            assert not stated or e["lo"] <= e["coverage"] <= e["hi"]
    assert cov["thin"]["all"]["coverage"] is None and cov["answered"]["all"]["coverage"] is not None
    assert abs(cov["answered"]["all"]["coverage"] - study.ESTIMATE_LEVEL) <= 0.03  # the range means what it says
    nb08 = json.loads((paths.NOTEBOOKS / "08_salary_estimator.ipynb").read_text(encoding="utf-8"))
    stated = json.dumps(nb08, ensure_ascii=False)
    for e in (every, cov["answered"]["all"]):
        assert f"{e['coverage']:.1%} (95% interval {e['lo'] * 100:.1f}–{e['hi']:.1%}" in stated
    countries = {c["id"] for c in res["profiles"]["countries"]}
    assert countries == set(bins.loc[bins.n > 0, "company_location"].astype(str))


def test_table_lists_reference_and_regions_first_then_countries_by_median(res) -> None:
    t = explorer.table(res, "Senior")
    assert list(t["id"][:3]) == [study.REFERENCE_COUNTRY, "region:Europe", "region:Other"]
    rest = t.iloc[3:]
    assert rest["median"].is_monotonic_decreasing and (rest["n"] >= 1).all()
    solid = explorer.table(res, "Senior", min_n=study.SMALL_SAMPLE_N)
    assert (solid["n"] >= study.SMALL_SAMPLE_N).all() and not solid["small"].any()


def test_answers_are_kept_by_inputs_and_code(tmp_path, monkeypatch, curated_dir) -> None:
    """Computed once per set of inputs and code, kept between processes (helpers.results_cache, joblib.Memory), read
    back as the same JSON; any change of an input file gives another fingerprint (so the answers are computed afresh)."""
    calls = []
    monkeypatch.setattr(explorer, "_answers", joblib.Memory(tmp_path / "cache", verbose=0).cache(explorer._answers.compute))
    monkeypatch.setattr(explorer, "compute", lambda curated: calls.append(curated) or {"version": explorer.VERSION, "x": [1, 2.5]})
    explorer._cached.cache_clear()
    try:
        assert explorer.results(curated_dir) == {"version": explorer.VERSION, "x": [1, 2.5]} and len(calls) == 1
        explorer._cached.cache_clear()  # a new process: read back, not recomputed
        assert explorer.results(curated_dir) == {"version": explorer.VERSION, "x": [1, 2.5]} and len(calls) == 1
        copy = tmp_path / "curated"
        shutil.copytree(curated_dir, copy)
        before = explorer.cache_key(copy)
        assert before == explorer.cache_key(curated_dir)
        with (copy / "countries.csv").open("a", encoding="utf-8") as f:
            f.write("\n")
        assert explorer.cache_key(copy) != before
    finally:
        explorer._cached.cache_clear()


def test_the_developer_survey_is_a_second_source_in_years_bands(res, curated_dir) -> None:
    """Stack Overflow's survey (when curated): bands of years of professional coding, country of residence, total
    compensation; ML roles or all developers; respondents under the pay floor left out; medians as numpy gives them."""
    if SO.key not in res["sources"]:
        pytest.skip("the developer survey is not curated")
    so = data.load(SO.table, curated_dir)
    kept = so[~so.below_pay_floor.astype(bool) & so.years_code_pro_band.notna() & so.residence_country.notna()]
    src = res["sources"][SO.key]
    assert src["level"]["name"] == "years" and [v["id"] for v in src["level"]["values"]] == [b for b, _, _ in so_declared.SO_YEARS_BANDS]
    assert src["licence"] == "ODbL-1.0" and src["place_label"] == "Country of residence" and "TOTAL" in src["note"]
    assert [u["id"] for u in src["units"]] == ["nominal"] and [f["id"] for f in src["families"]] == [f.id for f in SO.view.families]
    for family, band, place in (("ml_role", "4-6", "region:Europe"), ("ml_role", "11+", "US"), ("all", "1-3", "DE")):
        rows = kept[kept.ml_role.astype(bool)] if family == "ml_role" else kept
        rows = rows[rows.years_code_pro_band == band]
        rows = rows[rows.region == place.split(":")[1]] if place.startswith("region:") else rows[rows.residence_country == place]
        cell = explorer.answer(res, place, band, family, "nominal", SO.key)
        assert cell["n"] == rows.n.sum() and cell["median"] == round(_median(rows)), (family, band, place)
    counts = kept.groupby("residence_country", observed=True).n.sum()
    listed = {p["id"] for p in src["places"] if p["kind"] == "country"}
    assert listed == set(counts[counts >= study.SMALL_SAMPLE_N].index.astype(str))
    assert all(p["label"] != p["id"] for p in src["places"])  # every country by name


def test_notebook_09s_widgets_say_when_there_are_too_few_records_for_an_interval(res, pooled) -> None:
    """The plain-text answer, the grade rows and the table of notebook 09: a place under ``study.MIN_INTERVAL_N``
    records has its median and n, and "too few records for an interval" (a dash in the table) where its interval and
    its ratio's interval would be."""
    from helpers.presentation import explorer_widget as ui
    from helpers.presentation import table_format

    place = _small_place(pooled, "Senior")
    rows = _rows(pooled, study.ML_FAMILY, "Senior", place)
    text = ui.describe(res, place, "Senior")
    assert f"median ${round(_median(rows)):,} (too few records for an interval), n = {rows.n.sum()}" in text
    assert "95% interval" not in text and "(too few records for an interval on one side)" in text
    solid = ui.describe(res, "region:Europe", "Senior")
    assert "too few" not in solid and solid.count("95% interval") == 2  # the median's and the ratio's
    widget = ui.Explorer(res, place=place)
    assert "too few records for an interval" in widget.grades.value and "too few" in widget.text()
    shown = ui.selection_table(res, "Senior", min_n=1).data.set_index(ui.TABLE_NAMES["place"])
    name = next(p["label"] for p in res["sources"][explorer.SOURCE]["places"] if p["id"] == place)
    assert (shown.loc[name, [ui.TABLE_NAMES["lo"], ui.TABLE_NAMES["hi"]]] == table_format.MISSING).all()
    assert shown.loc[name, ui.TABLE_NAMES["median"]] != table_format.MISSING


def test_each_source_opens_on_a_populated_comparison(res, pooled, curated_dir) -> None:
    """Both sides of every source's default selection have ``study.SMALL_SAMPLE_N`` records (counted here from the
    curated tables), and among the levels where both do, it is the one with the most records at the place."""

    for key, src in res["sources"].items():
        d = src["defaults"]
        assert d["place"] == "region:Europe" and d["family"] == src["families"][0]["id"] and d["unit"] == "nominal"
        if key == explorer.SOURCE:
            rows = pooled[pooled.role_family == study.ML_FAMILY]
            here, us = rows[rows.region == "Europe"].groupby("grade", observed=True).n.sum(), \
                rows[rows.company_location == study.REFERENCE_COUNTRY].groupby("grade", observed=True).n.sum()
        else:
            so = data.load(SO.table, curated_dir)
            so = so[~so.below_pay_floor.astype(bool) & so.ml_role.astype(bool) & so.residence_country.notna()]
            here, us = so[so.region == "Europe"].groupby("years_code_pro_band").n.sum(), \
                so[so.residence_country == study.REFERENCE_COUNTRY].groupby("years_code_pro_band").n.sum()
        both = [lv for lv in here.index if here[lv] >= study.SMALL_SAMPLE_N and us.get(lv, 0) >= study.SMALL_SAMPLE_N]
        assert both and d["level"] in both and here[d["level"]] == max(here[lv] for lv in both), (key, d)
    # with no level populated on both sides, the one whose thinner side is largest
    block = {"reference": "US", "level": {"values": [{"id": "a"}, {"id": "b"}, {"id": "c"}]},
             "cells": {"f": {"u": {"a": {"X": {"n": 40}, "US": {"n": 2}}, "b": {"X": {"n": 9}, "US": {"n": 12}},
                                   "c": {"US": {"n": 50}}}}}}
    assert explorer.best_level(block, "X", "f", "u") == "b"
    assert explorer.best_level(block, "US", "f", "u") == "c"


def test_one_name_per_region(res) -> None:
    """The explorer names each region as the collection's tables and figures do."""
    from helpers.presentation import table_format

    for src in res["sources"].values():
        regions = {p["region"]: p["label"] for p in src["places"] if p["kind"] == "region"}
        assert regions == {"Europe": "Europe", "Other": table_format.label("Other", "region")}
        assert all(p["definition"] for p in src["places"] if p["kind"] == "region")


def test_a_sentence_names_a_region_by_a_common_noun_in_lower_case(res) -> None:
    """"companies in other regions", never "in Other regions" (the label tables and legends give it); Europe, a
    name, as it is; a country by its name."""
    from helpers.presentation import explorer_widget as ui
    from helpers.presentation import table_format

    for src in res["sources"].values():
        phrases = {p["region"]: p["phrase"] for p in src["places"] if p["kind"] == "region"}
        assert phrases == {"Europe": "Europe", "Other": table_format.label("Other", "region").lower()}
    assert "· companies in other regions ·" in ui.describe(res, "region:Other", "Senior")
    assert "· companies in Europe ·" in ui.describe(res, "region:Europe", "Senior")
    assert "· companies in Canada ·" in ui.describe(res, "CA", "Senior")


def test_notebook_09s_figure_draws_each_place_in_its_regions_colour(res) -> None:
    """09 fig 1: the US in the US's blue, European places in Europe's colour, the others in theirs; the legend names
    each region once, by the name the tables use."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from helpers.presentation import explorer_widget as ui
    from helpers.presentation import table_format, theme

    table = ui.figure_table(res)
    fig = ui.place_dots(table, title="t", xlabel="x", n_total=ui.records(res))
    try:
        ax = fig.axes[0]
        dots = [line for line in ax.lines if line.get_marker() == "o"]
        assert len(dots) == len(table)
        want = {"US": theme.REGION_COLORS["United States"]}
        for (_, row), dot in zip(table.iterrows(), dots, strict=True):
            region = "United States" if row["place"] == "United States" else row["region"]
            assert to_hex(dot.get_color()) == theme.REGION_COLORS[region].lower(), row["place"]
        assert want["US"] != theme.REGION_COLORS["Other"]
        legend = [t.get_text() for lg in fig.legends for t in lg.get_texts()] + \
                 ([t.get_text() for t in ax.get_legend().get_texts()] if ax.get_legend() else [])
        assert {"United States", "Europe", table_format.label("Other", "region")} <= set(legend)
        assert "Rest of the world" not in " ".join(legend + [t.get_text() for t in ax.get_yticklabels()])
    finally:
        plt.close(fig)


def test_notebook_09s_explorer_switches_source_onto_a_populated_comparison(res, curated_dir) -> None:
    """In JupyterLab too: switching to the developer survey lands on a band with 30+ respondents in Europe and in the
    US (counted here), and back on a grade with 30+ records on both sides."""
    from helpers.presentation import explorer_widget as ui

    if SO.key not in res["sources"]:
        pytest.skip("the developer survey is not curated")
    so = data.load(SO.table, curated_dir)
    so = so[~so.below_pay_floor.astype(bool) & so.ml_role.astype(bool) & so.residence_country.notna()]
    widget = ui.Explorer(res)
    widget.source.value = SO.key
    band, place = widget.level.value, widget.place.value
    assert place == "region:Europe"
    rows = so[so.years_code_pro_band == band]
    assert min(rows[rows.region == "Europe"].n.sum(), rows[rows.residence_country == "US"].n.sum()) >= study.SMALL_SAMPLE_N
    assert f"n = {rows[rows.region == 'Europe'].n.sum():,}" in widget.text()
    assert ui.Explorer(res, source=SO.key).level.value == band  # opened on that source: the same
    widget.source.value = explorer.SOURCE
    assert widget.level.value == "Senior"  # a grade again, the populated one
