"""Conclusions of notebooks/08_salary_estimator.ipynb, recomputed from the curated data.

Independently of the helpers that printed them: held-out scores with numpy on the bins; similar records counted with
pandas masks; statuses from the thresholds by comparison; the thin-profile rule's measurements (error by bucket,
the widening factor) re-derived from the model's raw predictions; and the fit on records rebuilt from the
uncollapsed bins (a finer construction than ``estimator.as_records``). Pay is compared in constant base-year
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
TABLES = ("table_format.table(senior[columns]", "table_format.table(ladder[columns]", "table_format.table(compact[keep]")
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


# ---------------------------------------------------------------- calibration and held-out scores

PROFILE = ["grade", "role_family", "company_location", "company_size", "remote_ratio", "employment_type"]


def _raw(bins: pd.DataFrame, train_max: int, test_year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The test year's rows and the model's RAW 10th/50th/90th percentiles for them (no calibration margin)."""
    test = bins[(bins.work_year == test_year) & (bins.n > 0)]
    return test, estimator.fitted(train_max).predict(test, margin=0.0)


def test_the_margin_is_the_conformal_quantile_of_the_calibration_fold_never_the_test_year(bins, stored):
    test, pred = _raw(bins, study.CALIBRATION_TRAIN_MAX_YEAR, study.TRAIN_MAX_YEAR)  # fit to 2022, score 2023
    y = raw_sources.real_usd(test).to_numpy()
    score = np.maximum(np.log(pred["low"].to_numpy() / y), np.log(y / pred["high"].to_numpy()))
    n = int(test.n.sum())
    q = np.quantile(np.repeat(score, test.n.to_numpy()), np.ceil((n + 1) * study.ESTIMATE_LEVEL) / n, method="inverted_cdf")
    assert np.ceil(q * 1000) / 1000 == study.ESTIMATE_MARGIN  # rounded up to 0.001
    assert study.CALIBRATION_TRAIN_MAX_YEAR < study.TRAIN_MAX_YEAR < study.TEST_YEAR
    assert f"is {q:.4f}; rounded up, `study.ESTIMATE_MARGIN` = {study.ESTIMATE_MARGIN}" in stored


@pytest.fixture(scope="module")
def held_out(bins):
    test, pred = _raw(bins, study.TRAIN_MAX_YEAR, study.TEST_YEAR)
    base = estimator.fit_baseline(bins, estimator.TRAIN_MAX_YEAR)
    y = raw_sources.real_usd(test).to_numpy()
    w = test.n.to_numpy()
    m = study.ESTIMATE_MARGIN
    calibrated = pred.assign(low=pred["low"] * np.exp(-m), high=pred["high"] * np.exp(m))
    out = {"test": test, "y": y, "w": w}
    for name, p in (("model", calibrated), ("raw", pred), ("naive", base.predict(test))):
        inside = (p["low"].to_numpy() <= y) & (y <= p["high"].to_numpy())
        err = np.abs(np.log(y / p["median"].to_numpy()))
        width = p["high"].to_numpy() / p["low"].to_numpy() - 1
        out[name] = {"coverage": (w * inside).sum() / w.sum(), "inside": inside, "err": err,
                     "error": binning.weighted_quantile(err, w, 0.5)[0], "width": binning.weighted_quantile(width, w, 0.5)[0]}
    return out


def test_the_calibrated_range_holds_its_nominal_share_within_3_points(held_out, stored):
    assert held_out["raw"]["coverage"] < study.ESTIMATE_LEVEL - 0.03  # the raw 10th-90th range fell short
    assert abs(held_out["model"]["coverage"] - study.ESTIMATE_LEVEL) <= 0.03
    assert (f"{held_out['model']['coverage']:.1%} of the {study.TEST_YEAR} records fell inside the model's calibrated range"
            in stored)
    assert f"Its raw 10th–90th percentiles held {held_out['raw']['coverage']:.1%}" in stored


def test_the_naive_range_is_wider(held_out):
    assert held_out["naive"]["width"] > held_out["model"]["width"]


def _cluster_boot(held_out: dict, mask: np.ndarray, stat, seed: int, n_boot: int = 1000) -> np.ndarray:
    """``stat(weights)`` over resamples of the distinct profiles in ``mask`` (numpy's own generator, not the helper's)."""
    test = held_out["test"][mask]
    ids = test.groupby(PROFILE, observed=True).ngroup().to_numpy()
    k = ids.max() + 1
    rng = np.random.default_rng(seed)
    return np.array([stat(np.bincount(rng.integers(0, k, k), minlength=k)[ids] * held_out["w"][mask]) for _ in range(n_boot)])


def _interval(text: str, label: str) -> tuple[float, float, float]:
    m = re.search(re.escape(label) + r"[^%]*?([\d.]+)% \(95% interval ([\d.]+)–([\d.]+)%", text)
    assert m, label
    return tuple(float(v) for v in m.groups())


def test_coverage_per_region_with_a_cluster_bootstrap_interval(held_out, stored):
    regions = {"United States": "**The US:**", "Europe": "**Europe:**", "Other": "**The other regions:**"}
    inside = held_out["model"]["inside"]
    for region, label in regions.items():
        mask = (held_out["test"].region == region).to_numpy()
        profiles = held_out["test"][mask].groupby(PROFILE, observed=True).ngroups
        assert profiles >= study.ESTIMATE_MIN_PROFILES
        value = np.average(inside[mask], weights=held_out["w"][mask])
        reps = _cluster_boot(held_out, mask, lambda w, m=mask: np.sum(w * inside[m]) / np.sum(w), seed=1)
        got = _interval(stored, label + " the calibrated range held")
        assert got[0] == pytest.approx(value * 100, abs=0.051)
        assert got[1] == pytest.approx(np.quantile(reps, 0.025) * 100, abs=1.0)
        assert got[2] == pytest.approx(np.quantile(reps, 0.975) * 100, abs=1.0)
        assert f"{held_out['test'][mask].n.sum():,} records, {profiles} profiles" in stored


def _gain(held_out: dict, mask: np.ndarray, w: np.ndarray) -> float:
    e = {k: np.expm1(np.quantile(held_out[k]["err"][mask], 0.5, weights=w, method="inverted_cdf")) * 100
         for k in ("model", "naive")}
    return e["naive"] - e["model"]


def test_the_gain_over_the_naive_median_with_its_interval_and_where_it_is_worse(held_out, stored):
    everything = np.ones(len(held_out["test"]), bool)
    gain = _gain(held_out, everything, held_out["w"])
    reps = _cluster_boot(held_out, everything, lambda w: _gain(held_out, everything, w), seed=2, n_boot=300)
    lo, hi = np.quantile(reps, [0.025, 0.975])
    assert 0 < lo < gain < hi  # the model is better overall, and the interval says so
    m = re.search(r"the model is better, by ([\d.]+) percentage points \(95% interval \+([\d.]+) to \+([\d.]+)", stored)
    assert m and float(m[1]) == pytest.approx(gain, abs=0.051)
    assert float(m[2]) == pytest.approx(lo, abs=0.5) and float(m[3]) == pytest.approx(hi, abs=0.7)
    europe = (held_out["test"].region == "Europe").to_numpy()
    g_eu = _gain(held_out, europe, held_out["w"][europe])
    assert g_eu < 0  # in Europe the model's median is worse than the naive one
    assert f"in Europe it is worse by {-g_eu:.1f} points" in stored
    assert "**Europe:**" in stored and f"worse by {-g_eu:.1f} points, but the 95% interval" in stored


def test_no_coverage_is_stated_for_thin_answers(bins, stored):
    train = bins[bins.work_year <= study.TRAIN_MAX_YEAR]
    test = bins[(bins.work_year == study.TEST_YEAR) & (bins.n > 0)]
    keys = ["grade", "role_family", "company_location"]
    counts = train.groupby(keys, observed=True).n.sum()
    n = np.array([counts.get(k, 0) for k in test[keys].itertuples(index=False, name=None)])
    thin = test[(n >= study.ESTIMATE_MIN_N) & (n < study.ESTIMATE_THIN_N)]
    profiles = thin.groupby(PROFILE, observed=True).ngroups
    assert profiles < study.ESTIMATE_MIN_PROFILES
    assert (f"The thin answers' coverage cannot be measured reliably: {profiles} distinct profiles (fewer than "
            f"{study.ESTIMATE_MIN_PROFILES}), {thin.n.sum():,} records") in stored


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
    fields = dict(line.split(maxsplit=1) for line in india.splitlines()[1:] if line.strip())  # "Field Value" table
    assert fields["status"].strip() == "declined" and all(fields[k].strip() == "—" for k in ("median", "low", "high"))
    assert int(fields["n_similar"].replace(",", "")) == _similar(bins, "Senior", "IN") < study.ESTIMATE_MIN_N
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


def test_the_figure_title_rests_on_answers_with_30_or_more_similar_records(bins, stored):
    model = estimator.fitted(None)
    rows = pd.DataFrame([{**estimator.DEFAULTS, "grade": "Senior", "company_location": c, "region": r}
                         for c, r in (("US", "United States"), ("CA", "Other"), ("GB", "Europe"), ("DE", "Europe"), ("FR", "Europe"),
                                      ("NL", "Europe"), ("ES", "Europe"), ("IN", "Other"))])
    rows["median"] = model.predict(rows)["median"]
    well = rows[[_similar(bins, "Senior", c) >= study.SMALL_SAMPLE_N for c in rows.company_location]]
    top, bottom = well.loc[well["median"].idxmax()], well.loc[well["median"].idxmin()]
    assert (top.company_location, bottom.company_location) == ("US", "GB")
    assert min(_similar(bins, "Senior", c) for c in (top.company_location, bottom.company_location)) >= study.SMALL_SAMPLE_N
    assert (f"Senior ML engineers ({study.SMALL_SAMPLE_N}+ similar records): expected median from "
            f"{bottom['median'] / 1000:.0f}k (United Kingdom) to {top['median'] / 1000:.0f}k (United States)") in stored
    assert "(Spain) to" not in stored  # Spain (thin) is drawn, never in the title


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
    for c in ("company_size", "remote_ratio", "employment_type"):
        out[c] = test[c].astype(str).to_numpy()
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
    profiles = {"ok": ok.groupby(PROFILE).ngroups, "thin": thin.groupby(PROFILE).ngroups}
    assert min(profiles.values()) >= study.ESTIMATE_MIN_PROFILES  # both coverages may be stated
    assert (f"held {_cov(thin):.1%} of the thin profiles' records (n = {thin.n.sum():,}, {profiles['thin']} distinct profiles) "
            f"against {target:.1%} for well-sampled ones (n = {ok.n.sum():,}, {profiles['ok']} profiles); moving low and high "
            f"×{factor:.2f} as far from the median brings thin answers to {_cov(thin, factor):.1%}") in stored


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
    assert f"Their ranges held {coverage:.1%} (95% interval" in stored
    assert f"the ok answers' ranges held {_cov(ok):.1%} (95% interval" in stored
    assert ok.groupby(PROFILE).ngroups >= study.ESTIMATE_MIN_PROFILES <= answered.groupby(PROFILE).ngroups
    assert f"against {_cov(t):.1%} (95% interval" in stored and "for the calibrated ranges on every record" in stored
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
    stated = [float(line.split()[2]) for line in _output("estimator.stability_by_n(").splitlines()[1:]]
    np.testing.assert_allclose(stated, [typical[e] for e in edges], atol=0.15)
    assert (f"under {study.ESTIMATE_THIN_N} similar records the typical answer moves {min(below):.1f}–{max(below):.1f}% between "
            f"fitting on records and on bins, from {study.ESTIMATE_THIN_N} up {min(above):.1f}–{max(above):.1f}%") in stored


def test_every_coverage_in_the_grade_and_region_tables_rests_on_30_or_more_profiles(held_out, stored):
    test = held_out["test"]
    for by in ("grade", "region"):
        profiles = {k: len(g[PROFILE].astype(str).drop_duplicates()) for k, g in test.groupby(by, observed=True)}
        assert len(profiles) >= 3 and min(profiles.values()) >= study.ESTIMATE_MIN_PROFILES, profiles
    # the answered records outside the US rest on too few profiles: their coverage is withheld, with the count
    for label in ("**Europe:**", "**The other regions:**"):
        block = stored[stored.index(label):].split("\n")[0]
        assert "the answered records' coverage: cannot be measured reliably:" in block


def test_the_gain_in_every_region_with_its_interval(held_out, stored):
    names = {"United States": "**The US:**", "Europe": "**Europe:**", "Other": "**The other regions:**"}
    for seed, (region, label) in enumerate(names.items(), start=3):
        mask = (held_out["test"].region == region).to_numpy()
        w = held_out["w"][mask]
        gain = _gain(held_out, mask, w)
        reps = _cluster_boot(held_out, mask, lambda ww, m=mask: _gain(held_out, m, ww), seed=seed, n_boot=300)
        lo, hi = np.quantile(reps, [0.025, 0.975])
        block = stored[stored.index(label):].split("\n")[0]
        m = re.search(r"by ([\d.]+) points(?:, but the | \()95% interval ([−+][\d.]+) to ([−+][\d.]+)", block)
        assert m, block
        stated = [float(v.replace("−", "-")) for v in m.groups()]
        assert stated[0] == pytest.approx(abs(gain), abs=0.051)
        tol = max(1.0, 0.15 * (hi - lo))
        assert stated[1] == pytest.approx(lo, abs=tol) and stated[2] == pytest.approx(hi, abs=tol)
        side = "better than" if lo > 0 else "worse than" if hi < 0 else "not clearly better than"
        assert f"is {side} the naive median" in block


def test_the_answer_box(bins, held_out, stored):
    box = stored[stored.index("**Answer.**"):].split("\n\n")[0]
    profile = pd.DataFrame([{**estimator.DEFAULTS, "grade": "Senior", "company_location": study.REFERENCE_COUNTRY,
                             "region": study.COMPARED_REGIONS[0]}])
    raw = estimator.fitted(None).predict(profile, margin=0.0).iloc[0]
    m = study.ESTIMATE_MARGIN
    n = _similar(bins, "Senior", study.REFERENCE_COUNTRY)
    assert n >= study.ESTIMATE_THIN_N
    assert (f"A Senior ML engineer at a US company can expect a median of ${raw['median']:,.0f} a year, 80% range "
            f"${raw['low'] * np.exp(-m):,.0f}–${raw['high'] * np.exp(m):,.0f}") in box and f"n = {n:,} similar" in box
    everything = np.ones(len(held_out["test"]), bool)
    assert f"by {_gain(held_out, everything, held_out['w']):.1f} points of typical error (95% interval" in box
    assert f"on every {study.TEST_YEAR} record, {held_out['model']['coverage']:.1%} (" in box
    assert box.count("- ") == 3
