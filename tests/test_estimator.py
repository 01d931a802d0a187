"""The salary estimator: forward-in-time evaluation, sanity, determinism and bad input."""

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
