"""The explorer's answers, precomputed: medians with intervals and n by source, family, unit, grade and place, and the estimator's grid.

:func:`results` computes every answer the explorer page (``site/explorer.html``) and notebook 09 can show, with the
helpers the notebooks use (:mod:`helpers.analysis.stats`, :mod:`helpers.analysis.money`,
:mod:`helpers.analysis.estimator`) and the study's choices (pooled years, families, bootstrap size), so each median and
ratio is the same number, with the same interval, as wherever else it is shown. The result is plain JSON-ready data;
nothing is computed in the browser.

Layout (``version`` 5)::

    {"version": 5, "small_sample_n": 30, "min_interval_n": 5, "ci_level": 0.95, "n_boot": 2000,
     "sources": {"aijobs": {
        "title", "licence", "url", "years": [2023, 2024], "years_label", "reference": "US",
        "level": {"name": "grade", "label": "Grade", "values": [{"id": "Junior", "label": "Junior"}, ...]},
        "families": [{"id": "ml_engineering", "label", "short", "members": [...]}, {"id": "wide", ...}],
        "units": [{"id": "nominal", "label", "short", "licence"}, {"id": "ppp", ...}],
        "places": [{"id": "US", "label": "United States", "kind": "country", "region": "United States"},
                   {"id": "region:Europe", "label": "Europe", "kind": "region", "region": "Europe",
                    "definition": "EU-27, the UK, ..."}, ...],
        "defaults": {"family", "unit", "place", "level"},
        "cells": {family: {unit: {level: {place: {"n", "median", "lo", "hi", "small",
                                                   "vs_us": [ratio, lo, hi] | [ratio] | absent, "left_out": k | absent}}}}}}},
     "profiles": {"grades", "families", "countries", "defaults", "unit", "licence", "coverage": {...}, "rule": {...},
                  "cells": {grade: {country: {family: [median, low, high, n_similar, status]}}}}}

``profiles.coverage`` is :func:`coverage_block`'s: the range's level and calibration margin, and its held-out
coverage with 95% intervals per group and region (null where fewer than ``min_profiles`` distinct profiles stand
behind it). A profile's ``status`` is the estimator's thin-profile rule (:func:`helpers.analysis.estimator.judge`): ``"ok"``,
``"thin"`` (the range already widened) or ``"declined"`` (median, low and high are null: no number is shown). Its
amounts are in the estimator's unit, ``"unit"``: constant base-year USD (CPI-U, :func:`helpers.analysis.estimator.unit`).

There is one block per registered salary source whose table is curated (:func:`blocks`), under its key. Each source
has its own ``level`` (aijobs: grades; Stack Overflow: bands of years of professional coding; any other source: grades,
:func:`generic_block`), places (company location vs country of residence), families, units and a ``note`` on what
its pay is; the page and notebook 09 show the source control once there are two. A cell with no records is ``{"n": 0}``
(``"left_out": k`` when its k records lack a PPP factor). ``defaults``: the selection the page and notebook 09 open on
(:func:`default`), a comparison with 30+ records on both sides where one exists.

No interval rests on fewer than ``study.MIN_INTERVAL_N`` records (``min_interval_n``): a cell with fewer has its median
and n but no ``lo``/``hi``, and its ``vs_us`` (the reference median over this one) is ``[ratio]`` alone when either side
has fewer; such intervals are never computed. ``vs_us`` is absent for the reference itself and when it has no records.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import binning, data, licensing, paths, results_cache, schema, study
from helpers.analysis import estimator, money, sources, stats

VERSION = 5
#: The source the explorer opens on: the aijobs survey (role families, PPP dollars, every country; the estimator's).
SOURCE = sources.AIJOBS.key
REFERENCE = study.REFERENCE_COUNTRY
#: The family options: the study's ML family, and the wider ML family (notebooks 02, 03).
WIDE = "wide"
FAMILIES: dict[str, tuple[str, ...]] = {study.ML_FAMILY: (study.ML_FAMILY,), WIDE: study.WIDE_ML_FAMILIES}
UNITS: dict[str, str] = {"nominal": "USD per year, nominal",
                         "ppp": "PPP USD per year (market exchange rate ÷ World Bank GDP PPP factor)"}
#: Each region by the one name the collection gives it (tables and figures say "Other regions" too), and what it holds.
REGION_LABELS: dict[str, str] = {"Europe": "Europe", "Other": "Other regions"}
REGION_DEFINITIONS: dict[str, str] = {"Europe": "EU-27, the UK, Switzerland, Norway and Iceland", "Other": "every other country"}
#: The place the page and notebook 09 open on, where a source has it: the study's compared region.
DEFAULT_PLACE = "region:" + study.COMPARED_REGIONS[1]
REGION_PREFIX = "region:"
UNIT_SHORT: dict[str, str] = {"nominal": "USD per year, nominal", "ppp": "PPP USD per year"}
#: Stack Overflow's block: bands of years of professional coding instead of grades, by country of residence.
SO_SOURCE = sources.STACK_OVERFLOW.key
SO_TABLE = sources.STACK_OVERFLOW.table
SO_PLACE = sources.STACK_OVERFLOW.country_col
SO_FAMILIES: dict[str, str] = {"ml_role": "ML roles (data scientists or ML specialists, AI developers)",
                               "all": "All professional developers"}
GRADE_LABELS: dict[str, str] = {g: g for g in schema.GRADES} | {"Executive": "Executive (the survey's executive/director level)"}


def drawn_from(source: str = SOURCE, unit: str = "nominal") -> tuple[str, ...]:
    """The curated tables one source's answers in ``unit`` are drawn from (aijobs' places from ``countries``; PPP from
    ``reference_wages``): the answers' licences follow from them (:func:`helpers.licensing.terms`). Country names are
    facts, not data drawn from a source. A key no registered source has draws on no curated table."""
    table = next((s.table for s in sources.SOURCES if s.key == source), None)
    if source != SOURCE:
        return () if table is None else (table,)
    return (table, "countries", *(("reference_wages",) if unit == "ppp" else ()))


def _family_label(key: str) -> str:
    if key == WIDE:
        return "Wider ML family (" + ", ".join(schema.ROLE_FAMILIES[f] for f in study.WIDE_ML_FAMILIES) + ")"
    return schema.ROLE_FAMILIES[key]


def _places(pooled: pd.DataFrame, names: dict[str, str], place_col: str = "company_location", min_n: int = 1) -> list[dict]:
    """The reference country first, then the regions other than its own, then every country with at least ``min_n``
    records (by name)."""
    region_of = pooled.groupby(place_col, observed=True)["region"].first().astype(str)
    counts = pooled.groupby(place_col, observed=True)["n"].sum()
    codes = sorted((str(c) for c in counts[counts >= max(min_n, 1)].index if str(c) != REFERENCE), key=lambda c: names.get(c, c))
    places = [{"id": REFERENCE, "label": names.get(REFERENCE, REFERENCE), "kind": "country", "region": region_of.get(REFERENCE, "")}]
    places += [{"id": REGION_PREFIX + r, "label": REGION_LABELS.get(r, r), "kind": "region", "region": r,
                "definition": REGION_DEFINITIONS.get(r, "")} for r in schema.REGIONS if r != region_of.get(REFERENCE)]
    places += [{"id": c, "label": names.get(c, c), "kind": "country", "region": str(region_of[c])} for c in codes]
    return places


def _split(rows: pd.DataFrame, place_col: str = "company_location") -> dict[str, pd.DataFrame]:
    """``rows`` of each place: by country, and by region (``region:NAME``); places without rows are absent."""
    out = {str(k): g for k, g in rows.groupby(place_col, observed=True)}
    out.update({REGION_PREFIX + str(k): g for k, g in rows.groupby("region", observed=True)})
    return out


def _narrow(rows: pd.DataFrame, value_col: str | None, place_col: str = "company_location") -> pd.DataFrame:
    """``rows`` summed over the dimensions the explorer does not split by: the same records, bins and values (so the
    same quantiles and bootstrap draws), in a fraction of the rows."""
    keys = ["region", place_col, "bin"] + ([value_col] if value_col else [])
    out = rows.groupby(keys, observed=True, sort=True, dropna=False)[["n", "sum_usd"]].sum().reset_index()
    return out[out["n"] > 0]


def _records(rows: pd.DataFrame, value_col: str | None) -> int:
    """The records of ``rows`` with a value (those without a ``value_col`` value, e.g. no PPP factor, are left out)."""
    return int(rows["n"].sum() if value_col is None else rows.loc[rows[value_col].notna().to_numpy(), "n"].sum())


def _median(rows: pd.DataFrame, value_col: str | None) -> float:
    """The median of ``rows`` (with at least one record with a value) without an interval: the inverted-CDF median of
    :func:`helpers.analysis.stats.bootstrap_quantile`, each bin at its mean salary or each row at ``value_col``."""
    kept = rows[(rows["n"] > 0).to_numpy()]
    if value_col is None:
        return float(binning.binned_quantile(kept, 0.5)[0])
    kept = kept[kept[value_col].notna().to_numpy()]
    return float(binning.weighted_quantile(kept[value_col].to_numpy(), kept["n"].to_numpy(), 0.5)[0])


def _cell(rows: pd.DataFrame, us: pd.DataFrame, place: str, value_col: str | None) -> dict:
    """Median and n of ``rows``, with its 95% interval from ``study.MIN_INTERVAL_N`` records up; the US (reference)
    median over this one, with its interval when both sides have that many records; and the records left out."""
    total, n = int(rows["n"].sum()), _records(rows, value_col)
    cell: dict = {"n": n}
    if total - n:
        cell["left_out"] = total - n
    if not n:
        return cell
    interval = n >= study.MIN_INTERVAL_N
    if interval:
        est = stats.bootstrap_quantile(rows, 0.5, study.N_BOOT, value_col=value_col)
        cell.update(median=round(est.value), lo=round(est.lo), hi=round(est.hi))
    else:
        cell["median"] = round(_median(rows, value_col))
    cell["small"] = stats.is_small(n)
    us_n = _records(us, value_col) if place != REFERENCE else 0
    if interval and us_n >= study.MIN_INTERVAL_N:
        ratio = stats.compare_quantiles(us, rows, 0.5, "ratio", study.N_BOOT, value_col=value_col)
        cell["vs_us"] = [round(ratio.value, 3), round(ratio.lo, 3), round(ratio.hi, 3)]
    elif us_n:
        cell["vs_us"] = [round(_median(us, value_col) / _median(rows, value_col), 3)]
    return cell


def medians(bins: pd.DataFrame, wages: pd.DataFrame, names: dict[str, str], package: dict | None = None) -> dict:
    """The aijobs source's block: its dimensions and every cell (family × unit × grade × place), pooled years."""
    years = list(study.POOLED_YEARS)
    pooled = stats.subset(bins, role_family=list(study.WIDE_ML_FAMILIES), work_year=years)
    places = _places(pooled, names)
    cells: dict = {}
    for family, members in FAMILIES.items():
        rows_f = stats.subset(pooled, role_family=list(members))
        for unit in UNITS:
            rows_u = money.reference_bins(rows_f, wages) if unit == "ppp" else rows_f
            value_col = "ppp_usd" if unit == "ppp" else None
            for grade in schema.GRADES:
                by_place = _split(_narrow(rows_u[(rows_u["grade"] == grade).to_numpy()], value_col))
                us = by_place.get(REFERENCE, rows_u.iloc[:0])
                cells.setdefault(family, {}).setdefault(unit, {})[grade] = {
                    p["id"]: _cell(by_place[p["id"]], us, p["id"], value_col) if p["id"] in by_place
                    else {"n": 0} for p in places}
    source = _described(package, sources.by_key(SOURCE))
    return _with_defaults({
        "title": source.get("title", "aijobs.net salary survey"), "url": source.get("path", ""),
        "licence": source.get("license", ""), "years": years, "years_label": study.years_label(years),
        "reference": REFERENCE,
        "level": {"name": "grade", "label": "Grade", "values": [{"id": g, "label": GRADE_LABELS[g]} for g in schema.GRADES]},
        "families": [{"id": k, "label": _family_label(k), "short": "Wider ML family" if k == WIDE else _family_label(k),
                      "members": list(v)} for k, v in FAMILIES.items()],
        "units": [{"id": k, "label": v, "short": UNIT_SHORT[k]} for k, v in UNITS.items()],
        "place_label": "Company location", "place_phrase": "companies in",
        "note": "Gross annual salary as reported (the publisher says bonuses and equity are not separated), by the company's "
                "country; work years pooled.",
        "places": places,
        "cells": cells,
    })


def _iso_names(codes) -> dict[str, str]:
    """ISO 3166-1 short names (pycountry) of country codes the curated countries table does not name."""
    import pycountry

    found = {code: pycountry.countries.get(alpha_2=code) for code in codes}
    return {code: getattr(c, "common_name", c.name) for code, c in found.items() if c is not None}


# ---------------------------------------------------------------- which selection to show (the page's script,
# ``bestLevel`` in templates/static/explorer.js, applies the same rule)

def _sizes(block: dict, level: str, place: str, family: str, unit: str) -> tuple[int, int]:
    """Records at ``place`` and at the reference for one level (the place's own twice when it is the reference)."""
    cells = block["cells"][family][unit][level]
    here = cells.get(place, {}).get("n", 0)
    return here, (here if place == block["reference"] else cells.get(block["reference"], {}).get("n", 0))


def best_level(block: dict, place: str, family: str, unit: str) -> str:
    """The level (grade or band) of one source's ``block`` to show for ``place``: among the levels where the place and
    the reference both have ``study.SMALL_SAMPLE_N`` records or more, the one with the most records at the place
    (the first of equals); when no level has that, the one whose thinner side is largest."""
    levels = [v["id"] for v in block["level"]["values"]]
    sizes = {lv: _sizes(block, lv, place, family, unit) for lv in levels}
    both = [lv for lv in levels if min(sizes[lv]) >= study.SMALL_SAMPLE_N]
    if both:
        return max(both, key=lambda lv: sizes[lv][0])
    return max(levels, key=lambda lv: (min(sizes[lv]), sizes[lv][0]))


def default(block: dict, place: str) -> dict[str, str]:
    """The selection one source's ``block`` opens on: its first family and unit, ``place`` (the reference where the
    source has no such place) and :func:`best_level` for it."""
    family, unit = block["families"][0]["id"], block["units"][0]["id"]
    place = place if any(p["id"] == place for p in block["places"]) else block["reference"]
    return {"family": family, "unit": unit, "place": place, "level": best_level(block, place, family, unit)}


def so_block(so: pd.DataFrame, names: dict[str, str], package: dict | None = None) -> dict:
    """The Stack Overflow source's block: years of professional coding bands instead of grades, country of RESIDENCE,
    annual TOTAL compensation in nominal USD, ML roles (the collection's ML pool) or all professional developers. Respondents
    under the pay floor are left out, as aijobs' curation leaves them out; countries need ``study.SMALL_SAMPLE_N``
    respondents in all to be listed (the regions hold the rest)."""
    rows = so[~so["below_pay_floor"].astype(bool) & so["years_code_pro_band"].notna() & so["residence_country"].notna()]
    years = sorted(int(y) for y in rows["work_year"].unique())
    places = _places(rows, names, SO_PLACE, min_n=study.SMALL_SAMPLE_N)
    bands = [b for b, _, _ in schema.SO_YEARS_BANDS]
    cells: dict = {}
    for family in SO_FAMILIES:
        rows_f = rows[rows["ml_role"].astype(bool).to_numpy()] if family == "ml_role" else rows
        for band in bands:
            by_place = _split(_narrow(rows_f[(rows_f["years_code_pro_band"] == band).to_numpy()], None, SO_PLACE), SO_PLACE)
            us = by_place.get(REFERENCE, rows_f.iloc[:0])
            cells.setdefault(family, {}).setdefault("nominal", {})[band] = {
                p["id"]: _cell(by_place[p["id"]], us, p["id"], None) if p["id"] in by_place
                else {"n": 0} for p in places}
    source = _described(package, sources.by_key(SO_SOURCE))
    return _with_defaults({
        "title": source.get("title", "Stack Overflow Developer Survey"), "url": source.get("path", ""),
        "licence": source.get("license", "ODbL-1.0"), "years": years, "years_label": study.years_label(years),
        "reference": REFERENCE,
        "level": {"name": "years", "label": "Years of professional coding",
                  "values": [{"id": b, "label": ("less than 1 year" if b == "0" else f"{b} years")} for b in bands]},
        "families": [{"id": k, "label": v, "short": v.split(" (")[0], "members": []} for k, v in SO_FAMILIES.items()],
        "units": [{"id": "nominal", "label": "USD per year, total compensation, nominal", "short": "USD per year, total pay"}],
        "place_label": "Country of residence", "place_phrase": "developers living in",
        "note": ("Annual TOTAL compensation (salary, bonus, equity) as converted by the survey, by the respondent's country "
                 "of residence; professional developers; ODbL 1.0, attribution: Stack Overflow Developer Survey 2024."),
        "places": places,
        "cells": cells,
    })


def _described(package: dict | None, source: sources.Source) -> dict:
    """The data package's description of ``source`` (matched by its homepage in ``data/sources.json``), or {}."""
    return next((s for s in (package or {}).get("sources", []) if s.get("path") == source.manifest["homepage"]), {})


def _with_defaults(block: dict) -> dict:
    return {**block, "defaults": default(block, DEFAULT_PLACE)}


def profiles(bins: pd.DataFrame, countries: pd.DataFrame) -> dict:
    """The estimator's answers on a grid (grade × company country with records × role family), its rule and its
    measured coverage.

    Coverage is notebook 08's (:func:`coverage_block`): the calibrated ranges of the models fitted on work years up
    to ``study.TRAIN_MAX_YEAR``, scored on ``study.TEST_YEAR``, with intervals over distinct profiles. The
    answers are those of ``estimator.estimate`` (the model fitted on every work year, the profile defaults of
    ``estimator.DEFAULTS``, the rule of :func:`helpers.analysis.estimator.judge`), asked for the whole grid in one
    prediction; ``n_similar`` has ``estimator.n_similar``'s definition (same grade, role family and company country,
    all years). The two models are :func:`helpers.analysis.estimator.fit_kept`'s (fitted once, kept between processes).
    """
    held_out = estimator.fit_kept(bins, study.TRAIN_MAX_YEAR)
    scored = estimator.scored(bins, study.TRAIN_MAX_YEAR, study.TEST_YEAR, held_out)
    names = dict(zip(countries["country_code"].astype(str), countries["country_name"].astype(str), strict=True))
    region = dict(zip(countries["country_code"].astype(str), countries["region"].astype(str), strict=True))
    counts = bins.groupby("company_location", observed=True)["n"].sum()
    codes = sorted((str(c) for c in counts[counts > 0].index if str(c) in region), key=lambda c: names.get(c, c))
    families = list(schema.ROLE_FAMILIES)
    grid = pd.DataFrame([{**estimator.DEFAULTS, "grade": g, "company_location": c, "role_family": f, "region": region[c]}
                         for g in schema.GRADES for c in codes for f in families])
    answers = estimator.judge(estimator.fit_kept(bins).predict(grid), estimator.similar_counts(bins, grid))
    cells: dict = {}
    for (g, c, f), (median, low, high, n, status) in zip(
            grid[["grade", "company_location", "role_family"]].itertuples(index=False, name=None),
            answers[["median", "low", "high", "n_similar", "status"]].itertuples(index=False, name=None), strict=True):
        numbers = [None] * 3 if status == estimator.DECLINED else [round(median), round(low), round(high)]
        cells.setdefault(g, {}).setdefault(c, {})[f] = [*numbers, int(n), str(status)]
    return {
        "grades": [{"id": g, "label": GRADE_LABELS[g]} for g in schema.GRADES],
        "families": [{"id": f, "label": schema.ROLE_FAMILIES[f]} for f in families],
        "countries": [{"id": c, "label": names.get(c, c), "region": region[c]} for c in codes],
        "defaults": {k: v for k, v in estimator.DEFAULTS.items() if k != "role_family"}, "unit": estimator.unit(),
        "rule": {"thin_n": study.ESTIMATE_THIN_N, "min_n": study.ESTIMATE_MIN_N, "widen": study.ESTIMATE_WIDEN},
        "coverage": {**coverage_block(estimator.held_out(scored)), "n_test": int(scored["n"].sum()),
                     "test_year": study.TEST_YEAR, "train_years": list(held_out.train_years)},
        "cells": cells,
    }


def _share(v: float) -> float | None:
    return None if pd.isna(v) else round(float(v), 3)


def coverage_block(table: pd.DataFrame) -> dict:
    """The profiles' ``coverage``: ``level`` (the share a range promises), ``margin`` (its calibration, log scale),
    ``ci_level``, ``min_profiles``, and per group of :func:`helpers.analysis.estimator.held_out` (``every``
    record with the calibrated range, ``answered`` under the rule, ``ok``, ``thin``) and region (``all`` or a region):
    ``{"records", "profiles", "coverage", "lo", "hi"}``, the shares null under ``min_profiles`` profiles."""
    out: dict = {"level": study.ESTIMATE_LEVEL, "margin": study.ESTIMATE_MARGIN, "ci_level": study.CI_LEVEL,
                 "min_profiles": study.ESTIMATE_MIN_PROFILES}
    for (group, region), r in table.iterrows():
        out.setdefault(group.replace(" ", "_"), {})[region] = {
            "records": int(r["records"]), "profiles": int(r["profiles"]),
            **{k: _share(r[k]) for k in ("coverage", "lo", "hi")}}
    return out


def compute(curated: Path = paths.CURATED) -> dict:
    """Every answer of the explorer from the curated package in ``curated`` (a few seconds)."""
    bins = data.salary_bins(curated)
    countries = data.load("countries", curated)
    names = dict(zip(countries["country_code"].astype(str), countries["country_name"].astype(str), strict=True))
    out = {"version": VERSION, "small_sample_n": study.SMALL_SAMPLE_N, "min_interval_n": study.MIN_INTERVAL_N,
           "ci_level": study.CI_LEVEL, "n_boot": study.N_BOOT, "sources": blocks(curated, names),
           "profiles": profiles(bins, countries)}
    for key, block in out["sources"].items():  # each unit's licence, from the tables its numbers are drawn from
        for u in block["units"]:
            u["licence"] = licensing.terms(drawn_from(key, u["id"])).text()
    out["profiles"]["licence"] = licensing.terms(estimator.DRAWN_FROM).text()
    return out


def generic_block(source: sources.Source, table: pd.DataFrame, names: dict[str, str], package: dict | None = None) -> dict:
    """The block of a registered source without a block of its own (:data:`BLOCKS`): its ML pool
    (:meth:`sources.Source.ml`) by grade and by the country that defines its region, nominal USD; countries need
    ``study.SMALL_SAMPLE_N`` records to be listed (the regions hold the rest)."""
    col = source.country_col
    rows = source.ml(table)
    rows = rows[rows["grade"].notna().to_numpy() & rows[col].notna().to_numpy()]
    years = sorted(int(y) for y in rows["work_year"].unique())
    places = _places(rows, names, col, min_n=study.SMALL_SAMPLE_N)
    grades = [g for g in schema.GRADES if (rows["grade"].astype(str) == g).any()]
    cells: dict = {}
    for grade in grades:
        by_place = _split(_narrow(rows[(rows["grade"].astype(str) == grade).to_numpy()], None, col), col)
        us = by_place.get(REFERENCE, rows.iloc[:0])
        cells.setdefault("ml", {}).setdefault("nominal", {})[grade] = {
            p["id"]: _cell(by_place[p["id"]], us, p["id"], None) if p["id"] in by_place else {"n": 0} for p in places}
    described = _described(package, source)
    by_company = source.country_col == "company_location"
    return _with_defaults({
        "title": described.get("title", source.name), "url": described.get("path", ""),
        "licence": described.get("license", source.manifest["license"]["name"]), "years": years,
        "years_label": study.years_label(years), "reference": REFERENCE,
        "level": {"name": "grade", "label": "Grade", "values": [{"id": g, "label": GRADE_LABELS[g]} for g in grades]},
        "families": [{"id": "ml", "label": f"ML roles ({source.ml_pool})", "short": "ML roles", "members": []}],
        "units": [{"id": "nominal", "label": f"USD per year, {source.pay}, nominal", "short": f"USD per year, {source.pay}"}],
        "place_label": "Company location" if by_company else "Country of residence",
        "place_phrase": "companies in" if by_company else "people living in",
        "note": f"Annual {source.pay} in USD, by {source.region_by}; grades: {source.grades}.",
        "places": places,
        "cells": cells,
    })


def _aijobs(curated: Path, package: dict, names: dict[str, str]) -> dict:
    return medians(data.salary_bins(curated), data.reference_wages(curated), names, package)


def _so_survey(curated: Path, package: dict, names: dict[str, str]) -> dict:
    so = data.load(SO_TABLE, curated)
    return so_block(so, {**_iso_names(so[SO_PLACE].dropna().astype(str).unique()), **names}, package)


#: The sources with a block of their own (aijobs: role families, PPP dollars and every country; Stack Overflow:
#: bands of years instead of grades), by source key; any other registered source gets :func:`generic_block`.
BLOCKS = {SOURCE: _aijobs, SO_SOURCE: _so_survey}


def blocks(curated: Path, names: dict[str, str]) -> dict:
    """One block per registered salary source whose table is in the curated package, by source key."""
    package = data.datapackage(curated)
    listed = {r.get("name") for r in package.get("resources", [])}
    out = {}
    for s in sources.SOURCES:
        if s.table not in listed:
            continue
        build = BLOCKS.get(s.key)
        out[s.key] = build(curated, package, names) if build else generic_block(s, data.load(s.table, curated), names, package)
    return out


#: Curated files the answers are computed from (with every module of the package, they make the cache key).
INPUTS = ("salary_bins.csv", "countries.csv", "reference_wages.csv", "official_statistics.csv", "datapackage.json")
def cache_key(curated: Path = paths.CURATED) -> str:
    """What the answers depend on besides the code of :func:`compute` (:func:`helpers.results_cache.fingerprint`): the
    curated inputs, the source of every module of the package (so any code change, here or in a helper, computes
    afresh) and the numerical libraries' versions."""
    return results_cache.fingerprint([Path(curated) / name for name in INPUTS])


@cache
def _cached(curated: str) -> str:
    return _answers(curated, VERSION, cache_key(Path(curated)))


@results_cache.MEMORY.cache
def _answers(curated: str, version: int, fingerprint: str) -> str:
    return json.dumps(compute(Path(curated)), ensure_ascii=False, sort_keys=False)


def results(curated: Path = paths.CURATED) -> dict:
    """:func:`compute` as plain JSON data, computed once per set of inputs and code (:func:`cache_key`) and kept between
    processes (:mod:`helpers.results_cache`), so the site build, notebook 09 and the tests do not repeat its seconds."""
    res = json.loads(_cached(str(Path(curated).resolve())))
    data.drawn_on(*tables_of(res))  # computed now or read from the cache: the same tables behind them
    return res


def tables_of(res: dict) -> set[str]:
    """The curated tables every answer in ``res`` is drawn from: each source's, in each of its units, and the
    estimator's (the profiles)."""
    names = {n for key, src in res.get("sources", {}).items() for u in src.get("units", ()) for n in drawn_from(key, u["id"])}
    return names | (set(estimator.DRAWN_FROM) if "profiles" in res else set())


# ---------------------------------------------------------------- reading the results (notebook 09, tests)

def answer(res: dict, place: str, level: str, family: str = study.ML_FAMILY, unit: str = "nominal", source: str = SOURCE) -> dict:
    """One cell: ``{"n": ...}`` plus median, small, vs_us when there are records, lo and hi from ``study.MIN_INTERVAL_N``
    records up (KeyError for an unknown choice)."""
    return res["sources"][source]["cells"][family][unit][level][place]


def table(res: dict, level: str, family: str = study.ML_FAMILY, unit: str = "nominal", source: str = SOURCE,
          min_n: int = 1) -> pd.DataFrame:
    """Every place for one selection, as the page lists them: place, id, kind, region, n, median, lo, hi, small, US /
    place (and its interval; the intervals NaN where they rest on fewer than ``study.MIN_INTERVAL_N`` records).

    Places with fewer than ``min_n`` records are left out; the reference and the regions come first, then countries by median.
    """
    src = res["sources"][source]
    rows = []
    for p in src["places"]:
        c = answer(res, p["id"], level, family, unit, source)
        if c["n"] < min_n or "median" not in c:
            continue
        vs = [*c.get("vs_us", []), np.nan, np.nan, np.nan][:3]  # no interval under study.MIN_INTERVAL_N records: NaN
        rows.append({"place": p["label"], "id": p["id"], "kind": p["kind"], "region": p.get("region", ""), "n": c["n"],
                     "median": c["median"], "lo": c.get("lo", np.nan), "hi": c.get("hi", np.nan), "small": c["small"],
                     "us_ratio": vs[0], "us_ratio_lo": vs[1], "us_ratio_hi": vs[2]})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    head = out[(out["id"] == src["reference"]) | (out["kind"] == "region")]
    rest = out.drop(head.index).sort_values(["median", "place"], ascending=[False, True], kind="stable")
    return pd.concat([head, rest], ignore_index=True)


def profile(res: dict, grade: str, country: str, family: str = study.ML_FAMILY) -> dict:
    """The estimator's answer for a profile from the grid: median, low, high (its calibrated range in the profiles'
    ``unit``, constant base-year USD; None when declined), n_similar, status, and ``coverage``: the held-out
    coverage of the answers of that status (``{"records", "profiles", "coverage", "lo", "hi"}``; None when declined)."""
    median, low, high, n_similar, status = res["profiles"]["cells"][grade][country][family]
    coverage = None if status == estimator.DECLINED else res["profiles"]["coverage"][status]["all"]
    return {"median": median, "low": low, "high": high, "n_similar": n_similar, "status": status, "coverage": coverage}
