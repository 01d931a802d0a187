"""The salary estimator: forward-in-time evaluation, sanity, determinism and bad input; the thin-profile rule's
measurements, the calibration and held-out intervals and the stability report, on small synthetic tables worked out by
hand and on the curated bins."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import binning, data, study
from helpers.analysis import estimator, prices
from tests import raw_sources


@pytest.fixture(scope="module")
def bins(curated_dir):
    return data.salary_bins(curated_dir)


@pytest.fixture(scope="module")
def collapsed(bins):
    """The curated bins summed over the dimensions the estimator does not use (what it fits on; faster to reuse)."""
    return estimator.collapse(bins)


@pytest.fixture(scope="module")
def held_out(bins):
    """Model and baseline fitted on work years <= 2023, and the 2024 rows they have never seen (nominal, as curated),
    summed with pandas over the dimensions the estimator does not use (as it scores them)."""
    cells = bins.groupby(list(estimator.OWN_DIMS), observed=True, as_index=False)[["n", "sum_usd"]].sum()
    test = cells[(cells.work_year == estimator.TEST_YEAR) & (cells.n > 0)]
    return estimator.fitted(estimator.TRAIN_MAX_YEAR), estimator.fit_baseline(bins, estimator.TRAIN_MAX_YEAR), test


def _coverage(pred: pd.DataFrame, test: pd.DataFrame) -> float:
    y = raw_sources.real_usd(test)
    inside = (pred["low"] <= y) & (y <= pred["high"])
    return float((inside * test.n).sum() / test.n.sum())


def _median_abs_pct_error(pred: pd.DataFrame, test: pd.DataFrame) -> float:
    err = np.abs(np.log(raw_sources.real_usd(test)) - np.log(pred["median"]))
    return float(np.expm1(binning.weighted_quantile(err.to_numpy(), test.n.to_numpy(), 0.5)[0]) * 100)


def test_training_never_sees_the_test_year(bins, held_out):
    model, _, _ = held_out
    assert model.train_years[1] <= estimator.TRAIN_MAX_YEAR < estimator.TEST_YEAR
    assert model.n_train == int(bins[bins.work_year <= estimator.TRAIN_MAX_YEAR].n.sum())
    with pytest.raises(ValueError, match="held-out"):
        estimator.evaluate(bins, test_year=2023, model=model)


def test_held_out_coverage_of_the_calibrated_range_is_its_level_within_3_points(held_out):
    model, _, test = held_out
    assert abs(_coverage(model.predict(test), test) - study.ESTIMATE_LEVEL) <= 0.03
    assert _coverage(model.predict(test, margin=0.0), test) < study.ESTIMATE_LEVEL - 0.03  # before calibration


def test_evaluate_table_matches_an_independent_recomputation(bins, held_out):
    model, base, test = held_out
    table = estimator.evaluate(bins, model=model, baseline=base)
    m, b = table.loc["gradient-boosted quantiles"], table.loc["naive grade x region quantiles"]
    assert m["coverage_80"] == pytest.approx(_coverage(model.predict(test), test), abs=1e-12)
    assert b["coverage_80"] == pytest.approx(_coverage(base.predict(test), test), abs=1e-12)
    assert m["median_abs_pct_error"] == pytest.approx(_median_abs_pct_error(model.predict(test), test), abs=1e-9)
    assert int(m["n_test"]) == int(test.n.sum())
    assert int(m["n_train"]) == int(bins[bins.work_year <= estimator.TRAIN_MAX_YEAR].n.sum())


def test_model_median_error_beats_the_naive_baseline(held_out):
    model, base, test = held_out
    assert _median_abs_pct_error(model.predict(test), test) < _median_abs_pct_error(base.predict(test), test)


def test_baseline_is_the_training_years_grade_region_median_in_constant_dollars(bins, held_out):
    _, base, _ = held_out
    train = bins[bins.work_year <= estimator.TRAIN_MAX_YEAR]
    cell = train[(train.grade == "Senior") & (train.region == "United States") & (train.n > 0)]
    row = pd.DataFrame({"grade": ["Senior"], "region": ["United States"]})
    records = np.repeat(raw_sources.real_usd(cell).to_numpy(), cell.n.to_numpy())  # each record at its row's restated mean
    want = np.quantile(records, [0.1, 0.5, 0.9], method="inverted_cdf")
    got = base.predict(row).iloc[0][["low", "median", "high"]].to_numpy(dtype=float)
    np.testing.assert_allclose(got, want, rtol=0.01)  # the binned convention: within one 1% bin
    nominal = binning.binned_quantile(cell, 0.5)[0]
    assert got[1] > nominal * 1.02  # the training years' prices were lower: restated, the median is higher


def test_constant_usd_restates_each_year_by_the_cpi_and_leaves_the_base_year(bins):
    cpi, out = raw_sources.cpi_u(), estimator.constant_usd(bins)
    assert estimator.unit() == f"constant {study.PRICE_BASE_YEAR} USD (CPI-U)"
    base = bins.work_year == study.PRICE_BASE_YEAR
    pd.testing.assert_frame_equal(out[base], bins[base], check_exact=True, check_dtype=False)  # base year: untouched
    for year in (2020, estimator.TRAIN_MAX_YEAR):
        m = (bins.work_year == year) & (bins.n > 0)
        np.testing.assert_allclose(out.sum_usd[m], bins.sum_usd[m] * cpi[study.PRICE_BASE_YEAR] / cpi[year], rtol=1e-12)
        mean = out.sum_usd[m] / out.n[m]
        assert ((out.bin_lower_usd[m] <= mean * (1 + 1e-9)) & (mean < out.bin_upper_usd[m])).all()  # re-binned at its mean
    assert cpi[study.PRICE_BASE_YEAR] / cpi[2020] > 1.2  # the drift the nominal fit mixed (21% from 2020 to 2024)
    test = bins[(bins.work_year == study.TEST_YEAR) & (bins.n > 0)]
    np.testing.assert_allclose(estimator.truth(test), raw_sources.real_usd(test), rtol=1e-12)
    with pytest.raises(prices.MissingPriceIndex, match="work year"):
        estimator.constant_usd(bins.head(3).assign(work_year=1999))


def test_more_senior_never_predicts_less():
    grades = ["Junior", "Middle", "Senior", "Executive"]
    profiles = [{"grade": g, "company_location": c, "role_family": f, "remote_ratio": r}
                for c in ["US", "DE", "GB", "IN"] for f in ["ml_engineering", "data_science"] for r in [0, 100] for g in grades]
    est = estimator.estimate_many(profiles)  # one batch: 16 profiles x 4 grades
    est["median"] = estimator.default_model().predict(est)["median"]  # the model's, also where the rule declines
    for _, group in est.groupby(["company_location", "role_family", "remote_ratio"]):
        meds = group.set_index("grade").loc[grades, "median"].tolist()
        assert meds == sorted(meds)
        assert meds[2] >= meds[0]  # Senior >= Junior for the same profile


NUMBERS = ["median", "low", "high", "model_low", "model_high"]


def test_estimate_many_equals_estimate_one_by_one():
    profiles = [{"grade": "Junior", "company_location": "FR"}, {"grade": "Executive", "company_location": "CA", "remote_ratio": 100},
                {"grade": "Senior", "company_location": "DE"}, {"grade": "Senior", "company_location": "US"}]
    many = estimator.estimate_many(profiles)
    assert set(many["status"]) == {estimator.OK, estimator.THIN, estimator.DECLINED}  # one of each at least
    for p, (_, row) in zip(profiles, many.iterrows(), strict=True):
        one = estimator.estimate(p)
        gone = row["status"] == estimator.DECLINED
        assert one == {**{k: None if gone else row[k] for k in NUMBERS}, "n_similar": row["n_similar"],
                       "status": row["status"], "reason": row["reason"]}


def test_estimate_shape_and_range_order():
    est = estimator.estimate({"grade": "Senior", "company_location": "US"})
    assert set(est) == {*NUMBERS, "n_similar", "status", "reason"}
    assert 0 < est["low"] <= est["median"] <= est["high"] and est["status"] == estimator.OK
    assert (est["low"], est["high"]) == (est["model_low"], est["model_high"])


@pytest.mark.parametrize("n, status", [(0, "declined"), (study.ESTIMATE_MIN_N - 1, "declined"), (study.ESTIMATE_MIN_N, "thin"),
                                       (study.ESTIMATE_THIN_N - 1, "thin"), (study.ESTIMATE_THIN_N, "ok"), (5000, "ok")])
def test_status_follows_the_thresholds(n, status):
    assert estimator.status_of(n) == status
    assert study.ESTIMATE_MIN_N < study.ESTIMATE_THIN_N == study.SMALL_SAMPLE_N and study.ESTIMATE_WIDEN >= 1


def test_widening_keeps_the_median_and_contains_the_narrow_range():
    median, low, high = np.array([100.0, 50.0]), np.array([50.0, 40.0]), np.array([300.0, 50.0])
    lo, hi = estimator.widen(median, low, high, 1.5)
    assert np.all(lo <= low) and np.all(hi >= high)
    np.testing.assert_allclose(np.log(median / lo), 1.5 * np.log(median / low))
    np.testing.assert_allclose(np.log(hi / median), 1.5 * np.log(high / median))
    assert hi[1] == 50.0  # a range end at the median stays there
    np.testing.assert_array_equal(estimator.widen(median, low, high, 1.0), (low, high))


def test_judge_widens_thin_and_blanks_declined_rows_only():
    pred = pd.DataFrame({"low": [80.0, 80.0, 80.0], "median": [100.0] * 3, "high": [150.0] * 3})
    out = estimator.judge(pred, [study.ESTIMATE_THIN_N, study.ESTIMATE_MIN_N, study.ESTIMATE_MIN_N - 1])
    assert list(out["status"]) == ["ok", "thin", "declined"]
    assert (out.loc[0, "low"], out.loc[0, "high"]) == (80.0, 150.0)
    assert out.loc[1, "low"] < 80.0 and out.loc[1, "high"] > 150.0 and (out.loc[1, "model_low"], out.loc[1, "model_high"]) == (80.0, 150.0)
    assert out.loc[2, NUMBERS].isna().all() and out.loc[:1, NUMBERS].notna().all().all()
    assert list(out["n_similar"]) == [study.ESTIMATE_THIN_N, study.ESTIMATE_MIN_N, study.ESTIMATE_MIN_N - 1]


def test_a_declined_profile_gives_no_number_and_says_why(bins):
    m = (bins.grade == "Senior") & (bins.company_location == "IN") & (bins.role_family == study.ML_FAMILY)
    n = int(bins.loc[m, "n"].sum())
    assert n < study.ESTIMATE_MIN_N  # India's Senior ML engineers: the issue's example
    est = estimator.estimate({"grade": "Senior", "company_location": "IN"})
    assert est["status"] == "declined" and all(est[k] is None for k in NUMBERS)
    assert est["n_similar"] == n and f"only {n} survey records" in est["reason"] and f"fewer than {study.ESTIMATE_MIN_N}" in est["reason"]


def test_similar_counts_match_counting_one_profile_at_a_time(bins):
    frame = pd.DataFrame([{"grade": g, "role_family": f, "company_location": c} for g in ("Junior", "Executive")
                          for f in ("data_engineering", study.ML_FAMILY) for c in ("US", "DE", "IS")])
    want = [int(bins.loc[(bins.grade == r.grade) & (bins.role_family == r.role_family) & (bins.company_location == r.company_location),
                         "n"].sum()) for r in frame.itertuples()]
    assert list(estimator.similar_counts(bins, frame)) == want


def test_n_similar_counts_matching_records(bins):
    est = estimator.estimate({"grade": "Middle", "company_location": "DE", "role_family": "data_engineering"})
    m = (bins.grade == "Middle") & (bins.company_location == "DE") & (bins.role_family == "data_engineering")
    assert est["n_similar"] == int(bins.loc[m, "n"].sum())


def test_us_senior_ml_median_is_near_the_data(bins):
    est = estimator.estimate({"grade": "Senior", "company_location": "US"})
    cell = bins[(bins.grade == "Senior") & (bins.company_location == "US") & (bins.role_family == "ml_engineering")
                & (bins.work_year == estimator.DEFAULT_YEAR)]
    assert est["median"] == pytest.approx(binning.binned_quantile(cell, 0.5)[0], rel=0.15)


def test_fitting_is_deterministic(bins, held_out):
    model, _, test = held_out
    rows = test.head(500)
    again = estimator.fit(bins, estimator.TRAIN_MAX_YEAR)  # a fresh fit of the same data: bit-identical answers
    pd.testing.assert_frame_equal(model.predict(rows), again.predict(rows), check_exact=True)


@pytest.mark.parametrize("profile, message", [
    ({"company_location": "US"}, "needs"),
    ({"grade": "Senior"}, "needs"),
    ({"grade": "Principal", "company_location": "US"}, "grade"),
    ({"grade": "Senior", "company_location": "XX"}, "company_location"),
    ({"grade": "Senior", "company_location": "US", "salary": 1}, "unknown"),
    ({"grade": "Senior", "company_location": "US", "remote_ratio": 30}, "remote_ratio"),
    ({"grade": "Senior", "company_location": "US", "work_year": 1999}, "work_year"),
    ({"grade": "Senior", "company_location": "US", "work_year": "2024"}, "work_year"),
    ({"grade": "Senior", "company_location": "US", "role_family": "astronaut"}, "role_family"),
])
def test_bad_profile_gives_a_clear_value_error(profile, message):
    with pytest.raises(ValueError, match=message):
        estimator.estimate(profile)


def test_non_dict_profile_is_rejected():
    with pytest.raises(ValueError, match="dict"):
        estimator.estimate(["Senior", "US"])  # type: ignore[arg-type]


def test_the_range_is_the_raw_quantiles_moved_out_by_the_calibration_margin(held_out) -> None:
    model, _base, test = held_out
    raw, calibrated = model.predict(test, margin=0.0), model.predict(test)
    np.testing.assert_allclose(calibrated["median"], raw["median"])
    np.testing.assert_allclose(raw["low"] / calibrated["low"], np.exp(study.ESTIMATE_MARGIN))
    np.testing.assert_allclose(calibrated["high"] / raw["high"], np.exp(study.ESTIMATE_MARGIN))
    assert study.ESTIMATE_MARGIN > 0  # the raw range was too narrow on the calibration fold


# ---------------------------------------------------------------- the measurements behind the rule

def _scored(n_similar: list[int], y: list[float], n: list[int] | None = None) -> pd.DataFrame:
    """A scored table where the model says median 100, range 80-125 (log-symmetric: ×/÷ 1.25) for every row."""
    k = len(y)
    return pd.DataFrame({"y": y, "n": n or [1] * k, "n_similar": n_similar, "median": [100.0] * k, "low": [80.0] * k,
                         "high": [125.0] * k, "base_median": [90.0] * k, "grade": ["Senior"] * k, "region": ["Europe"] * k,
                         "role_family": [study.ML_FAMILY] * k, "status": [estimator.status_of(v) for v in n_similar],
                         "company_location": [f"C{i}" for i in range(k)], "company_size": ["M"] * k, "remote_ratio": [0] * k,
                         "employment_type": ["FT"] * k})  # every row its own profile


@pytest.fixture
def one_profile_is_enough(monkeypatch):
    """Coverage stated from one distinct profile up (the synthetic tables hold a handful)."""
    monkeypatch.setattr(study, "ESTIMATE_MIN_PROFILES", 1)


def test_bucket_labels() -> None:
    assert estimator.bucket_labels((0, 1, 5, 10, 30, 100)) == ["0", "1–4", "5–9", "10–29", "30–99", "100+"]


def test_calibrate_finds_the_smallest_factor_reaching_the_ok_coverage(one_profile_is_enough) -> None:
    ok, thin = study.ESTIMATE_THIN_N, study.ESTIMATE_MIN_N
    # ok rows: 3 of 4 inside 80-125 -> target 0.75. Thin rows: 2 of 4 inside; one at 130 needs 125 ×/÷ ... a factor
    # f with 100 * 1.25**f >= 130, i.e. f >= log(1.3)/log(1.25) = 1.1757 -> 1.20 in steps of 0.05; one at 300 never.
    s = _scored([ok] * 4 + [thin] * 4, [100, 90, 110, 200, 100, 95, 130, 300])
    cal = estimator.calibrate(s)
    assert cal["factor"] == 1.2 and cal["target"] == 0.75 and cal["thin_before"] == 0.5 and cal["thin_after"] == 0.75
    assert (cal["n_ok"], cal["n_thin"], cal["profiles_ok"], cal["profiles_thin"]) == (4, 4, 4, 4)
    with pytest.raises(ValueError, match="ok and thin"):
        estimator.calibrate(s[s["status"] == estimator.OK])


def test_accuracy_by_n_and_the_rule_effect_count_every_record_once(one_profile_is_enough) -> None:
    s = _scored([0, 3, 12, 40, 200, 200], [100, 300, 100, 100, 100, 130], n=[2, 1, 1, 3, 5, 1])
    t = estimator.accuracy_by_n(s)
    assert list(t["similar_records"]) == ["0", "1–4", "10–29", "30–99", "100+"] and t["n_test"].sum() == s["n"].sum()
    assert t.set_index("similar_records").loc["100+", "coverage_model"] == pytest.approx(5 / 6)
    e = estimator.rule_effect(s, factor=2.0).set_index("group")["n_test"]
    assert e.iloc[0] == 13 and e.iloc[1] + e.iloc[2] + e.iloc[4] == 13 and e.iloc[5] == e.iloc[1] + e.iloc[3]
    eff = estimator.rule_effect(s, factor=2.0)
    assert eff["coverage"].iloc[0] == pytest.approx(11 / 13)  # the 300 and the 130 are outside 80-125
    assert eff["coverage"].iloc[5] == pytest.approx(9 / 10)  # answered: thin 12, ok 40 x3, 200 x5 inside; 130 outside
    by = estimator.coverage_by(s, "grade").iloc[0]
    assert by["declined_pct"] == pytest.approx(3 / 13 * 100) and by["coverage_rule"] == pytest.approx(9 / 10)


def test_no_coverage_is_stated_under_the_profile_floor() -> None:
    s = _scored([0, 3, 12, 40, 200, 200], [100, 300, 100, 100, 100, 130], n=[2, 1, 1, 3, 5, 1])
    s.loc[4:, "company_location"] = "C4"  # the two 200s: one profile
    assert study.ESTIMATE_MIN_PROFILES == study.SMALL_SAMPLE_N
    t = estimator.accuracy_by_n(s).set_index("similar_records")
    assert t.loc["100+", "profiles"] == 1 and np.isnan(t.loc["100+", "coverage_model"])
    eff = estimator.rule_effect(s)
    assert list(eff["profiles"]) == [5, 2, 1, 1, 2, 3] and eff["coverage"].isna().all()
    assert estimator.coverage_by(s, "grade")[["coverage_model", "coverage_rule"]].isna().all(axis=None)


def test_held_out_rows_count_similar_records_in_the_training_years_only(collapsed) -> None:
    s = estimator.scored(collapsed, study.CALIBRATION_TRAIN_MAX_YEAR, study.TRAIN_MAX_YEAR)
    test = collapsed[(collapsed.work_year == study.TRAIN_MAX_YEAR) & (collapsed.n > 0)]
    assert s["n"].sum() == test.n.sum()
    train = collapsed[collapsed.work_year <= study.CALIBRATION_TRAIN_MAX_YEAR]
    row = s[(s.grade == "Senior") & (s.company_location == "US") & (s.role_family == study.ML_FAMILY)].iloc[0]
    want = train[(train.grade == "Senior") & (train.company_location == "US") & (train.role_family == study.ML_FAMILY)].n.sum()
    assert row["n_similar"] == want and row["status"] == estimator.status_of(int(want))
    with pytest.raises(ValueError, match="held-out"):
        estimator.scored(collapsed, study.TRAIN_MAX_YEAR, study.TRAIN_MAX_YEAR, model=estimator.fitted(study.TRAIN_MAX_YEAR))


# ---------------------------------------------------------------- calibration and held-out coverage, with intervals

def _table(k: int, y_of, n: int = 1, region: str = "Europe") -> pd.DataFrame:
    """``k`` profiles, one row each: median 100, range 80-125, naive median 90, truth ``y_of(i)``."""
    return pd.DataFrame({"y": [float(y_of(i)) for i in range(k)], "n": [n] * k, "median": 100.0, "low": 80.0, "high": 125.0,
                         "base_median": 90.0, "grade": "Senior", "role_family": study.ML_FAMILY,
                         "company_location": [f"C{i:03d}" for i in range(k)], "company_size": "M", "remote_ratio": 0,
                         "employment_type": "FT", "region": region, "status": "ok"})


def test_profile_ids_group_rows_with_the_same_inputs() -> None:
    t = _table(3, lambda i: 100)
    t = pd.concat([t, t.iloc[[0]]], ignore_index=True)
    ids = estimator.profile_ids(t)
    assert ids[0] == ids[3] and len(set(ids)) == 3


def test_conformal_margin_is_the_level_quantile_of_the_log_distance_outside() -> None:
    # 10 records: 7 inside, 3 outside by log(150/125) = 0.18, log(80/60) = 0.29, log(200/125) = 0.47; the corrected
    # level ceil(11 * 0.8) / 10 = 0.9 -> the 9th smallest score, log(80/60)
    ys = [100] * 7 + [150, 200, 60]
    t = _table(10, lambda i: ys[i])
    m = estimator.conformal_margin(t, 0.8)
    scores = np.sort(np.maximum(np.log(80 / np.array(ys, float)), np.log(np.array(ys, float) / 125)))
    assert m["margin"] == pytest.approx(scores[8]) and m["margin"] == pytest.approx(np.log(80 / 60))
    assert m["rounded"] >= m["margin"] and m["rounded"] - m["margin"] < 0.001
    assert m["raw_coverage"] == pytest.approx(0.7) and m["calibrated_coverage"] == pytest.approx(0.9)
    assert (m["n"], m["profiles"]) == (10, 10)


def test_coverage_interval_holds_the_estimate_and_is_withheld_under_the_floor() -> None:
    t = _table(60, lambda i: 100 if i % 4 else 200, n=3)
    c = estimator.coverage(t, t["low"].to_numpy(), t["high"].to_numpy(), "test")
    assert c["coverage"] == pytest.approx(0.75) and c["lo"] < 0.75 < c["hi"] and (c["records"], c["profiles"]) == (180, 60)
    again = estimator.coverage(t, t["low"].to_numpy(), t["high"].to_numpy(), "test")
    assert (again["lo"], again["hi"]) == (c["lo"], c["hi"])  # the stream follows from the data and the name
    few = t.iloc[: study.ESTIMATE_MIN_PROFILES - 1]
    c = estimator.coverage(few, few["low"].to_numpy(), few["high"].to_numpy(), "few")
    assert np.isnan(c["coverage"]) and c["profiles"] == study.ESTIMATE_MIN_PROFILES - 1


def test_a_cluster_bootstrap_is_wider_than_one_over_records() -> None:
    # 40 profiles of 50 records each, all in or all out: 40 independent answers, not 2,000
    t = _table(40, lambda i: 100 if i % 2 else 200, n=50)
    c = estimator.coverage(t, t["low"].to_numpy(), t["high"].to_numpy(), "clustered")
    p, n_records = 0.5, 2000
    assert c["hi"] - c["lo"] > 3 * (2 * 1.96 * np.sqrt(p * (1 - p) / n_records))


def test_gain_is_naive_error_minus_model_error() -> None:
    t = _table(40, lambda i: 100 + (i % 5))  # the model's 100 is nearer the truth than the naive 90
    g = estimator.gain(t, "test")
    err_model = np.expm1(np.quantile(np.log(t["y"] / 100), 0.5, method="inverted_cdf")) * 100
    err_naive = np.expm1(np.quantile(np.log(t["y"] / 90), 0.5, method="inverted_cdf")) * 100
    assert g["error_model"] == pytest.approx(err_model) and g["error_naive"] == pytest.approx(err_naive)
    assert g["gain"] == pytest.approx(err_naive - err_model) and 0 < g["lo"] <= g["gain"] <= g["hi"]


def test_held_out_and_gains_name_every_region() -> None:
    t = pd.concat([_table(40, lambda i: 100, region=r).assign(company_location=lambda d, r=r: r + d["company_location"])
                   for r in ("United States", "Europe", "Other")], ignore_index=True)
    h = estimator.held_out(t)
    assert h.loc[("every record", estimator.ALL), "profiles"] == 120 and h.loc[("every record", "Europe"), "coverage"] == 1.0
    assert np.isnan(h.loc[("thin", estimator.ALL), "coverage"]) and h.loc[("thin", estimator.ALL), "profiles"] == 0
    assert list(estimator.gains(t).index) == [estimator.ALL, "United States", "Europe", "Other"]


# ---------------------------------------------------------------- stability

def test_as_records_are_the_bins_one_row_per_record(collapsed) -> None:
    rec = estimator.as_records(collapsed)
    assert len(rec) == collapsed.n.sum() and (rec["n"] == 1).all()
    assert set(rec.columns) == {*estimator.OWN_DIMS, "bin_lower_usd", "bin_upper_usd", "n", "sum_usd"}
    back = rec.groupby(["work_year", "grade", "company_location", "bin"], observed=True)["sum_usd"].sum()
    want = collapsed.groupby(["work_year", "grade", "company_location", "bin"], observed=True)["sum_usd"].sum()
    np.testing.assert_allclose(back.sort_index().to_numpy(), want[want > 0].sort_index().to_numpy(), rtol=1e-9)


def test_a_resample_draws_as_many_records_and_repeats_with_its_seed(collapsed) -> None:
    a = estimator.resample(collapsed, np.random.default_rng(1))
    b = estimator.resample(collapsed, np.random.default_rng(1))
    pd.testing.assert_frame_equal(a, b)
    assert a["n"].sum() == collapsed.n.sum() and (a["n"] > 0).all()
    inside = (a["sum_usd"] / a["n"] >= a["bin_lower_usd"] * (1 - 1e-9)) & (a["sum_usd"] / a["n"] < a["bin_upper_usd"] * (1 + 1e-9))
    assert inside.all()  # each row keeps its bin's mean salary


def test_stability_report_spread_and_by_n_on_a_hand_made_table() -> None:
    answers = pd.DataFrame({"n_similar": [2, 50], "status": ["declined", "ok"], "median": [np.nan, 100.0]})
    medians = pd.DataFrame({"bins": [200.0, 100.0], "records": [220.0, 99.0], "bootstrap 1": [180.0, 103.0]})
    rep = estimator.stability_report(answers, medians)
    np.testing.assert_allclose(rep["records_move_pct"], [10.0, -1.0])
    np.testing.assert_allclose(rep["spread_pct"], [20.0, 4.0])
    assert list(rep["refit_low"]) == [180.0, 99.0] and list(rep["refit_high"]) == [220.0, 103.0]
    t = estimator.stability_by_n(rep)
    assert list(t["similar_records"]) == ["1–4", "30–99"] and list(t["profiles"]) == [1, 1]


def test_refit_medians_name_each_fit_and_start_from_the_estimators_own(collapsed) -> None:
    small = collapsed[collapsed.work_year == study.CALIBRATION_TRAIN_MAX_YEAR]  # one small year: quick fits
    frame = pd.DataFrame([{**estimator.DEFAULTS, "grade": g, "company_location": c, "region": r}
                          for g, c, r in (("Senior", "US", "United States"), ("Junior", "DE", "Europe"))])
    med = estimator.refit_medians(small, frame, n_boot=1, seed=study.ESTIMATE_REFIT_SEED)
    assert list(med.columns) == ["bins", "records", "bootstrap 1"]
    np.testing.assert_array_equal(med["bins"], estimator.fit(small).predict(frame)["median"])
