"""Conclusions of notebooks/08_salary_estimator.ipynb, recomputed from the curated data.

Independently of the helpers that printed them: held-out scores with numpy on the bins; similar records counted with
pandas masks; statuses from the thresholds by comparison; the thin-profile rule's measurements (error by bucket,
the widening factor) re-derived from the model's raw predictions; and the fit on records rebuilt from the
uncollapsed bins (a finer construction than ``estimator_stability.records``). Pay is compared in constant base-year
dollars restated here with the CPI-U read straight from the shared reference CSV. Each stated figure is then checked
against the notebook's stored outputs."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from helpers import binning, data, paths, schema, study
from helpers.analysis import estimator
from tests import raw_sources
from tests.notebook_text import stored_text

NOTEBOOK = paths.NOTEBOOKS / "08_salary_estimator.ipynb"
ROW = re.compile(r"^\s*(?P<country>.+?)\s+(?P<grade>Junior|Middle|Senior|Executive)\s+(?P<n>[\d,]+)\s+"
                 r"(?P<status>ok|thin|declined)\s+(?P<rest>.*)$")


@pytest.fixture(scope="module")
def bins(curated_dir):
    return data.salary_bins(curated_dir)


@pytest.fixture(scope="module")
def stored() -> str:
    return stored_text(NOTEBOOK)


def _output(source_part: str) -> str:
    """The stored text/plain of the code cell whose source contains ``source_part`` (all its outputs)."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and source_part in "".join(c["source"])]
    assert len(cells) == 1, source_part
    return "\n".join("".join(o.get("data", {}).get("text/plain", o.get("text", ""))) for o in cells[0]["outputs"])


def _rows(text: str) -> list[dict]:
    """Rows of a stored profile table: country, grade, n, status and the remaining cells."""
    out = []
    for line in text.splitlines():
        m = ROW.match(line)
        if m:
            out.append({"country": m["country"], "grade": m["grade"], "n": int(m["n"].replace(",", "")), "status": m["status"],
                        "cells": [None if v == "—" else float(v.replace(",", "").replace("−", "-")) for v in m["rest"].split()]})
    return out


def _similar(bins: pd.DataFrame, grade: str, code: str) -> int:
    return int(bins[(bins.grade == grade) & (bins.company_location == code) & (bins.role_family == study.ML_FAMILY)].n.sum())


def _status(n: int) -> str:
    return "declined" if n < study.ESTIMATE_MIN_N else "thin" if n < study.ESTIMATE_THIN_N else "ok"


CODES = {"United States": "US", "Canada": "CA", "United Kingdom": "GB", "Germany": "DE", "France": "FR", "Netherlands": "NL",
         "Spain": "ES", "India": "IN"}
TABLES = ("tables.table(senior[columns]", "tables.table(ladder[columns]", "tables.table(compact[keep]")
# ---------------------------------------------------------------- the unit: constant base-year dollars

def test_amounts_are_in_constant_base_year_dollars(bins, stored):
    cpi, first = raw_sources.cpi_u(), int(bins.work_year.min())
    base, last = study.PRICE_BASE_YEAR, study.TRAIN_MAX_YEAR
    assert (f"in **constant {base} USD (CPI-U)**" in stored and f"Prices rose {cpi[base] / cpi[first] - 1:.1%} from {first} "
            f"to {base} and {cpi[base] / cpi[last] - 1:.1%} from {last} to {base}") in stored
    assert f"Median (constant {base} USD (CPI-U)/yr)" in _output(TABLES[0])  # the tables name the unit
    assert base == estimator.DEFAULT_YEAR and f"For the default work year, {base}, the answer is also" in stored
    # the trees cannot extrapolate the work year: the held-out model answers the test year as the last training year
    test = bins[(bins.work_year == study.TEST_YEAR) & (bins.n > 0)].head(300)
    model = estimator.fitted(estimator.TRAIN_MAX_YEAR)
    pd.testing.assert_frame_equal(model.predict(test), model.predict(test.assign(work_year=last)))


# ---------------------------------------------------------------- held-out scores (as before the rule)

@pytest.fixture(scope="module")
def held_out(bins):
    test = bins[(bins.work_year == estimator.TEST_YEAR) & (bins.n > 0)]
    model = estimator.fitted(estimator.TRAIN_MAX_YEAR)  # fit(salary_bins, 2023), cached per process
    base = estimator.fit_baseline(bins, estimator.TRAIN_MAX_YEAR)
    y = raw_sources.real_usd(test).to_numpy()
    w = test.n.to_numpy()
    out = {}
    for name, pred in (("model", model.predict(test)), ("naive", base.predict(test))):
        inside = (pred["low"].to_numpy() <= y) & (y <= pred["high"].to_numpy())
        err = np.abs(np.log(y / pred["median"].to_numpy()))
        width = pred["high"].to_numpy() / pred["low"].to_numpy() - 1
        out[name] = {"coverage": (w * inside).sum() / w.sum(),
                     "error": binning.weighted_quantile(err, w, 0.5)[0],
                     "width": binning.weighted_quantile(width, w, 0.5)[0]}
    return out


def test_model_range_covers_less_than_the_nominal_80_percent_but_more_than_65(held_out):
    assert 0.65 < held_out["model"]["coverage"] < 0.80


def test_naive_range_covers_more_but_is_wider(held_out):
    assert held_out["naive"]["coverage"] > held_out["model"]["coverage"]
    assert held_out["naive"]["width"] > held_out["model"]["width"]


def test_model_median_is_better_than_the_naive_median(held_out):
    assert held_out["model"]["error"] < held_out["naive"]["error"]


# ---------------------------------------------------------------- the n and status of every answer shown

def test_every_answer_shown_carries_its_n_and_the_rules_status(bins):
    seen = 0
    for part in TABLES:
        for r in _rows(_output(part)):
            n = _similar(bins, r["grade"], CODES[r["country"]])
            assert (r["n"], r["status"]) == (n, _status(n)), (part, r)
            seen += 1
    assert seen == 8 + 8 + 14  # Senior by country, the ladder, the stability table (the US Senior once)


def test_a_declined_profile_shows_no_number(bins, stored):
    declined = 0
    for part in TABLES[:2]:
        for r in _rows(_output(part)):
            numbers = r["cells"]
            assert (all(v is None for v in numbers) if r["status"] == "declined" else all(v is not None for v in numbers)), r
            declined += r["status"] == "declined"
    assert declined == 4  # NL and IN Senior; DE Middle and Executive
    stability = _rows(_output(TABLES[2]))
    assert all((r["cells"][0] is None) == (r["status"] == "declined") for r in stability)  # the median column
    india = _output('estimator.estimate({"grade": "Senior", "company_location": "IN"})')
    assert "'status': 'declined'" in india and "'median': None" in india and "'low': None" in india and "'high': None" in india
    figure_csv = stored[stored.index("Role family,Company size"):].split("\n\n")[0]
    assert "India" not in figure_csv and "Netherlands" not in figure_csv and "declined" not in figure_csv


def test_a_thin_range_is_the_models_widened_by_the_stated_factor(bins):
    thin = 0
    for part in TABLES[:2]:
        for r in _rows(_output(part)):
            if r["status"] == "declined":
                continue
            median, low, high, model_low, model_high = r["cells"]
            if r["status"] == "ok":
                assert (low, high) == (model_low, model_high)
                continue
            thin += 1
            assert low <= model_low and high >= model_high  # the widened range contains the narrow one
            assert np.log(median / low) / np.log(median / model_low) == pytest.approx(study.ESTIMATE_WIDEN, abs=0.02)
            assert np.log(high / median) / np.log(model_high / median) == pytest.approx(study.ESTIMATE_WIDEN, abs=0.02)
    assert thin == 5  # DE, FR, ES Senior; DE Junior and Senior


def test_the_figure_spans_the_answered_countries(bins, stored):
    model = estimator.fitted(None)
    rows = pd.DataFrame([{**estimator.DEFAULTS, "grade": "Senior", "company_location": c, "region": r}
                         for c, r in (("US", "United States"), ("CA", "Other"), ("GB", "Europe"), ("DE", "Europe"), ("FR", "Europe"),
                                      ("NL", "Europe"), ("ES", "Europe"), ("IN", "Other"))])
    rows["median"] = model.predict(rows)["median"]
    answered = rows[[_similar(bins, "Senior", c) >= study.ESTIMATE_MIN_N for c in rows.company_location]]
    top, bottom = answered.loc[answered["median"].idxmax()], answered.loc[answered["median"].idxmin()]
    assert (top.company_location, bottom.company_location) == ("US", "ES")
    assert f"from {bottom['median'] / 1000:.0f}k (Spain) to {top['median'] / 1000:.0f}k (United States)" in stored


def test_germanys_middle_and_lead_are_declined(bins, stored):
    n = {g: _similar(bins, g, "DE") for g in ("Junior", "Middle", "Senior", "Executive")}
    assert n["Executive"] == 0 and n["Middle"] < study.ESTIMATE_MIN_N <= min(n["Junior"], n["Senior"]) < study.ESTIMATE_THIN_N
    assert (f"Declined, no number (fewer than {study.ESTIMATE_MIN_N} similar records): Germany Middle (n = {n['Middle']}) and "
            f"Germany Executive (n = 0).") in stored


# ---------------------------------------------------------------- the rule's measurements, re-derived

def _fold(bins: pd.DataFrame, train_max: int, test_year: int) -> pd.DataFrame:
    """The test year's rows with the model's raw range and the similar records counted in the training years."""
    train = bins[bins.work_year <= train_max]
    test = bins[(bins.work_year == test_year) & (bins.n > 0)]
    keys = ["grade", "role_family", "company_location"]
    counts = train.groupby(keys, observed=True).n.sum().rename("n_similar").reset_index()
    counts[keys] = counts[keys].astype(str)
    out = test[keys].astype(str).merge(counts, on=keys, how="left").fillna({"n_similar": 0})
    out["y"], out["n"] = raw_sources.real_usd(test).to_numpy(), test.n.to_numpy()
    pred = estimator.fitted(train_max).predict(test)  # fit(salary_bins, train_max), cached per process (as above)
    for c in ("low", "median", "high"):
        out[c] = pred[c].to_numpy()
    return out


def _cov(t: pd.DataFrame, f: float = 1.0) -> float:
    lr, lo, hi = np.log(t.y / t["median"]), np.log(t["median"] / t.low), np.log(t.high / t["median"])
    return float(np.average((lr >= -f * lo - 1e-12) & (lr <= f * hi + 1e-12), weights=t.n))


def _err(t: pd.DataFrame) -> float:
    return float(np.quantile(np.repeat(np.abs(np.log(t.y / t["median"])).to_numpy(), t.n.to_numpy()), 0.5, method="inverted_cdf"))


@pytest.fixture(scope="module")
def folds(bins):
    return {"calibration": _fold(bins, study.CALIBRATION_TRAIN_MAX_YEAR, study.TRAIN_MAX_YEAR),
            "test": _fold(bins, study.TRAIN_MAX_YEAR, study.TEST_YEAR)}


def test_the_decline_floor_is_where_the_error_grows_on_both_folds(folds, stored):
    edges = list(study.ESTIMATE_N_EDGES)
    fits = set(edges[1:])
    for t in folds.values():
        lower = np.array(edges)[np.searchsorted(edges, t.n_similar, side="right") - 1]
        err = {e: _err(t[lower == e]) for e in edges}
        fits &= {cut for cut in edges[1:] if min(v for e, v in err.items() if e < cut) > max(v for e, v in err.items() if e >= cut)}
    assert fits == {study.ESTIMATE_MIN_N}  # the only edge with every bucket below worse than every bucket above, on both folds
    assert stored.count("every bucket below is worse than every bucket above") == 2


def test_the_widening_factor_is_measured_on_the_calibration_fold(folds, stored):
    t = folds["calibration"]
    ok, thin = t[t.n_similar >= study.ESTIMATE_THIN_N], t[(t.n_similar >= study.ESTIMATE_MIN_N) & (t.n_similar < study.ESTIMATE_THIN_N)]
    target = _cov(ok)
    factor = next(f for f in np.round(np.arange(1, 3.001, 0.05), 2) if _cov(thin, f) >= target)
    assert factor == study.ESTIMATE_WIDEN and _cov(thin) < target  # thin answers needed widening
    assert (f"held {_cov(thin):.1%} of the thin profiles' records (n = {thin.n.sum():,}) against {target:.1%} for well-sampled ones "
            f"(n = {ok.n.sum():,}); moving low and high ×{factor:.2f} as far from the median brings thin answers to "
            f"{_cov(thin, factor):.1%}") in stored


def test_the_rule_on_the_test_year(folds, stored):
    t = folds["test"]
    ok, thin = t[t.n_similar >= study.ESTIMATE_THIN_N], t[(t.n_similar >= study.ESTIMATE_MIN_N) & (t.n_similar < study.ESTIMATE_THIN_N)]
    gone = t[t.n_similar < study.ESTIMATE_MIN_N]
    answered = pd.concat([ok, thin])
    inside = np.r_[(ok.low <= ok.y) & (ok.y <= ok.high),
                   (np.log(thin.y / thin["median"]) >= -study.ESTIMATE_WIDEN * np.log(thin["median"] / thin.low) - 1e-12)
                   & (np.log(thin.y / thin["median"]) <= study.ESTIMATE_WIDEN * np.log(thin.high / thin["median"]) + 1e-12)]
    coverage = float(np.average(inside, weights=answered.n))
    share = answered.n.sum() / t.n.sum() * 100
    assert f"**Answered:** {share:.0f}% of the {study.TEST_YEAR} records" in stored
    assert f"Their ranges held {coverage:.1%} of them, against {_cov(t):.1%} for the model's ranges on every record" in stored
    assert coverage > _cov(t) and _cov(thin, study.ESTIMATE_WIDEN) > _cov(thin)  # the rule raises the held-out coverage
    top = gone.groupby("role_family").n.sum().sort_values().index[-1]
    assert f"{gone[gone.role_family == top].n.sum() / gone.n.sum():.0%} of them are in the Other family" in stored


# ---------------------------------------------------------------- stability

@pytest.fixture(scope="module")
def on_records(bins):
    """The estimator fitted on one row per record, built here from the uncollapsed bins (each record at its own
    cell's bin mean), only the estimator's columns kept."""
    cols = [*estimator.OWN_DIMS, "bin_lower_usd", "bin_upper_usd", "n", "sum_usd"]
    b = bins.loc[bins.n > 0, cols]
    rec = pd.DataFrame({c: np.repeat(b[c].to_numpy(), b.n.to_numpy()) for c in cols})
    rec["sum_usd"] = rec["sum_usd"] / rec["n"]
    rec["n"] = 1
    return estimator.fit(rec)


def test_the_records_move_of_every_answer_shown_and_the_least_stable_one(bins, on_records, stored):
    countries = data.load("countries")
    region = dict(zip(countries.country_code.astype(str), countries.region.astype(str), strict=True))
    rows = _rows(_output(TABLES[2]))
    frame = pd.DataFrame([{**estimator.DEFAULTS, "grade": r["grade"], "company_location": CODES[r["country"]],
                           "region": region[CODES[r["country"]]]} for r in rows])
    move = (on_records.predict(frame)["median"] / estimator.fitted(None).predict(frame)["median"] - 1).to_numpy() * 100
    for r, m in zip(rows, move, strict=True):
        assert r["cells"][1] == pytest.approx(m, abs=0.06), r  # the table's "fit on records vs bins", to its 0.1%
    worst = rows[int(np.argmax(np.abs(move)))]
    assert worst["status"] == "declined" and worst["n"] < study.ESTIMATE_MIN_N  # the least stable answer is not given
    assert (f"{worst['country']} {worst['grade']} (n = {worst['n']}): fitting on records instead of bins moves the model's "
            f"median by {move.flat[np.argmax(np.abs(move))]:+.0f}%") in stored
    india = next(r for r in rows if r["country"] == "India")  # the example: declined, as thin as it is
    assert india["status"] == "declined" and india["n"] == _similar(bins, "Senior", "IN") < study.ESTIMATE_MIN_N


def test_every_spread_covers_the_records_move(stored):
    rows = _rows(_output(TABLES[2]))
    assert rows and all(r["cells"][2] >= abs(r["cells"][1]) for r in rows)
    assert f"Spread over {study.ESTIMATE_REFITS + 2} fits" in _output(TABLES[2])


def test_thin_answers_move_more_between_records_and_bins(bins, on_records, stored):
    countries = data.load("countries")
    region = dict(zip(countries.country_code.astype(str), countries.region.astype(str), strict=True))
    codes = sorted(c for c in bins.loc[bins.n > 0, "company_location"].astype(str).unique() if c in region)
    grid = pd.DataFrame([{**estimator.DEFAULTS, "grade": g, "company_location": c, "role_family": f, "region": region[c]}
                         for g in schema.GRADES for c in codes for f in schema.ROLE_FAMILIES])  # the explorer's grid
    keys = ["grade", "role_family", "company_location"]
    counts = bins.groupby(keys, observed=True).n.sum()
    n = np.array([counts.get(k, 0) for k in grid[keys].itertuples(index=False, name=None)])
    move = np.abs(on_records.predict(grid)["median"] / estimator.fitted(None).predict(grid)["median"] - 1).to_numpy() * 100
    edges = list(study.ESTIMATE_N_EDGES)
    lower = np.array(edges)[np.searchsorted(edges, n, side="right") - 1]
    typical = {e: float(np.median(move[lower == e])) for e in edges}
    below = [v for e, v in typical.items() if e < study.ESTIMATE_THIN_N]
    above = [v for e, v in typical.items() if e >= study.ESTIMATE_THIN_N]
    assert min(below) > max(above)
    stated = [float(line.split()[2]) for line in _output("estimator_stability.by_n(").splitlines()[1:]]
    np.testing.assert_allclose(stated, [typical[e] for e in edges], atol=0.15)
    assert (f"under {study.ESTIMATE_THIN_N} similar records the typical answer moves {min(below):.1f}–{max(below):.1f}% between "
            f"fitting on records and on bins, from {study.ESTIMATE_THIN_N} up {min(above):.1f}–{max(above):.1f}%") in stored
