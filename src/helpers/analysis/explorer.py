"""The explorer's answers, precomputed: medians with intervals and n by source, family, unit, grade and place, and the estimator's grid.

:func:`results` computes every answer the explorer page (``site/explorer.html``) and notebook 09 can show, with the
helpers the notebooks use (:mod:`helpers.analysis.stats`, :mod:`helpers.analysis.money`,
:mod:`helpers.analysis.estimator`) and the study's choices (pooled years, families, bootstrap size), so each median and
ratio is the same number, with the same interval, as wherever else it is shown. The result is plain JSON-ready data;
nothing is computed in the browser.

Layout (``version`` 5)::

    {"version": 6, "small_sample_n": 30, "min_interval_n": 5, "ci_level": 0.95, "n_boot": 2000,
     "sources": {key: {
        "title", "licence", "url", "years": [2023, 2024], "years_label", "reference": "US",
        "level": {"name": "grade", "label": "Grade", "values": [{"id": "Junior", "label": "Junior"}, ...]},
        "families": [{"id": "ml_engineering", "label", "short", "members": [...]}, {"id": "wide", ...}],
        "units": [{"id": "nominal", "label", "short", "licence"}, {"id": "ppp", ...}],
        "places": [{"id": "US", "label": "United States", "kind": "country", "region": "United States"},
                   {"id": "region:Europe", "label": "Europe", "phrase": "Europe", "kind": "region",
                    "region": "Europe", "definition": "EU-27, the UK, ..."}, ...],
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

There is one block per registered salary source whose table is curated (:func:`blocks`), under its key, built by
:func:`source_block` from the source's view (:class:`helpers.analysis.sources.View`): its ``level`` (grades, or e.g.
bands of years of professional coding), places (company location vs country of residence), families, units (PPP
too where the source can express it) and a ``note`` on what its pay is; the page and notebook 09 show the source
control once there are two. A region's ``phrase`` is its name inside a sentence ("companies in other regions"),
its ``label`` the name tables and legends give it. A cell with no records is ``{"n": 0}``
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

VERSION = 6
#: The source the explorer opens on: the collection's own survey (the estimator's).
SOURCE = sources.OWN.key
REFERENCE = study.REFERENCE_COUNTRY
#: The PPP unit, for a source that can express it (:attr:`helpers.analysis.sources.View.ppp`): label and short label.
PPP_UNIT = ("PPP USD per year (market exchange rate ÷ World Bank GDP PPP factor)", "PPP USD per year")
#: Each region by the one name the collection gives it (tables and figures say "Other regions" too), and what it holds.
REGION_LABELS: dict[str, str] = {r: schema.REGION_NAMES[r] for r in ("Europe", "Other")}
#: Each region as a sentence names it ("companies in other regions"): a name as it is, a common noun in lower case.
REGION_PHRASES: dict[str, str] = {**REGION_LABELS, "Other": REGION_LABELS["Other"].lower()}
REGION_DEFINITIONS: dict[str, str] = {"Europe": "EU-27, the UK, Switzerland, Norway and Iceland", "Other": "every other country"}
#: The place the page and notebook 09 open on, where a source has it: the study's compared region.
DEFAULT_PLACE = "region:" + study.COMPARED_REGIONS[1]
REGION_PREFIX = "region:"
GRADE_LABELS: dict[str, str] = {g: g for g in schema.GRADES} | {"Executive": "Executive (the survey's executive/director level)"}


def drawn_from(source: str = SOURCE, unit: str = "nominal") -> tuple[str, ...]:
    """The curated tables one source's answers in ``unit`` are drawn from (its table, the tables its view declares,
    ``reference_wages`` for PPP): the answers' licences follow from them (:func:`helpers.licensing.terms`). Country
    names are facts, not data drawn from a source. A key no registered source has draws on no curated table."""
    src = next((s for s in sources.SOURCES if s.key == source), None)
    if src is None:
        return ()
    return (src.table, *src.view.also_drawn_from, *(("reference_wages",) if unit == "ppp" else ()))


def _places(pooled: pd.DataFrame, names: dict[str, str], place_col: str = "company_location", min_n: int = 1) -> list[dict]:
    """The reference country first, then the regions other than its own, then every country with at least ``min_n``
    records (by name)."""
    region_of = pooled.groupby(place_col, observed=True)["region"].first().astype(str)
    counts = pooled.groupby(place_col, observed=True)["n"].sum()
    codes = sorted((str(c) for c in counts[counts >= max(min_n, 1)].index if str(c) != REFERENCE), key=lambda c: names.get(c, c))
    places = [{"id": REFERENCE, "label": names.get(REFERENCE, REFERENCE), "kind": "country", "region": region_of.get(REFERENCE, "")}]
    places += [{"id": REGION_PREFIX + r, "label": REGION_LABELS.get(r, r), "phrase": REGION_PHRASES.get(r, r), "kind": "region",
                "region": r, "definition": REGION_DEFINITIONS.get(r, "")} for r in schema.REGIONS if r != region_of.get(REFERENCE)]
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


def source_block(source: sources.Source, table: pd.DataFrame, names: dict[str, str], package: dict | None = None,
                 wages: pd.DataFrame | None = None) -> dict:
    """One registered source's block, as its view (:attr:`helpers.analysis.sources.Source.view`) declares it: the
    records it draws on, by family, unit (nominal USD; PPP too where it can, from ``wages``), level and place (the
    country that defines its region, and the regions). Countries need ``study.SMALL_SAMPLE_N`` records to be listed
    (the regions hold the rest) unless the view lists every country."""
    view, col = source.view, source.country_col
    rows = (view.rows or source.select_ml)(table)
    rows = rows[rows[view.level].notna().to_numpy() & rows[col].notna().to_numpy()]
    names = {**_iso_names(table[col].dropna().astype(str).unique()), **names}
    years = sorted(int(y) for y in rows["work_year"].unique())
    places = _places(rows, names, col, min_n=1 if view.every_country else study.SMALL_SAMPLE_N)
    levels = view.levels or tuple((g, GRADE_LABELS[g]) for g in schema.GRADES if (rows[view.level].astype(str) == g).any())
    families = view.families or (sources.Family("ml", f"ML roles ({source.ml_pool})", "ML roles", lambda r: r),)
    nominal = view.unit or (f"USD per year, {source.pay}, nominal", f"USD per year, {source.pay}")
    units = {"nominal": nominal, **({"ppp": PPP_UNIT} if view.ppp else {})}
    cells: dict = {}
    for family in families:
        rows_f = family.select(rows)
        for unit in units:
            rows_u = money.reference_bins(rows_f, wages, col) if unit == "ppp" else rows_f
            value_col = "ppp_usd" if unit == "ppp" else None
            for level, _ in levels:
                by_place = _split(_narrow(rows_u[(rows_u[view.level].astype(str) == level).to_numpy()], value_col, col), col)
                us = by_place.get(REFERENCE, rows_u.iloc[:0])
                cells.setdefault(family.id, {}).setdefault(unit, {})[level] = {
                    p["id"]: _cell(by_place[p["id"]], us, p["id"], value_col) if p["id"] in by_place else {"n": 0}
                    for p in places}
    described = _described(package, source)
    by_company = col == "company_location"
    return _with_defaults({
        "title": described.get("title", source.name), "url": described.get("path", ""),
        "licence": described.get("license", source.manifest["license"]["name"]), "years": years,
        "years_label": study.years_label(years), "reference": REFERENCE,
        "level": {"name": view.level_name, "label": view.level_label, "values": [{"id": k, "label": v} for k, v in levels]},
        "families": [{"id": f.id, "label": f.label, "short": f.short, "members": list(f.members)} for f in families],
        "units": [{"id": k, "label": label, "short": short} for k, (label, short) in units.items()],
        "place_label": "Company location" if by_company else "Country of residence",
        "place_phrase": "companies in" if by_company else f"{view.who} living in",
        "note": view.note or f"Annual {source.pay} in USD, by {source.region_by}; grades: {source.grades}.",
        "places": places,
        "cells": cells,
    })


def blocks(curated: Path, names: dict[str, str]) -> dict:
    """One block per registered salary source whose table is in the curated package, by source key."""
    package = data.datapackage(curated)
    listed = {r.get("name") for r in package.get("resources", [])}
    return {s.key: source_block(s, data.load(s.table, curated), names, package,
                                data.reference_wages(curated) if s.view.ppp else None)
            for s in sources.SOURCES if s.table in listed}


#: Curated files the answers are computed from (with every module of the package, they make the cache key).
INPUTS = (*(f"{s.table}.csv" for s in sources.SOURCES), "countries.csv", "reference_wages.csv", "official_statistics.csv",
          "datapackage.json")
def cache_key(curated: Path = paths.CURATED) -> str:
    """What the answers depend on besides the code of :func:`compute` (:func:`helpers.results_cache.fingerprint`): the
    curated inputs, the source of every module of the package (so any code change, here or in a helper, computes
    afresh) and the numerical libraries' versions."""
    return results_cache.fingerprint([Path(curated) / name for name in INPUTS])


@cache
def _cached(curated: str) -> str:
    return _answers(curated, VERSION, cache_key(Path(curated)))


@results_cache.kept
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
