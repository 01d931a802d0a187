"""The estimator's thin-profile measurements (estimator_rule) and its stability report (estimator_stability), on small
synthetic tables worked out by hand and on the curated bins (held-out counts, records, resamples)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import data, study
from helpers.analysis import estimator, estimator_rule, estimator_stability


@pytest.fixture(scope="module")
def bins(curated_dir):
    """The curated bins summed over the dimensions the estimator does not use (what it fits on; faster to reuse)."""
    return estimator.collapse(data.salary_bins(curated_dir))


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
    assert estimator_rule.bucket_labels((0, 1, 5, 10, 30, 100)) == ["0", "1–4", "5–9", "10–29", "30–99", "100+"]


def test_calibrate_finds_the_smallest_factor_reaching_the_ok_coverage(one_profile_is_enough) -> None:
    ok, thin = study.ESTIMATE_THIN_N, study.ESTIMATE_MIN_N
    # ok rows: 3 of 4 inside 80-125 -> target 0.75. Thin rows: 2 of 4 inside; one at 130 needs 125 ×/÷ ... a factor
    # f with 100 * 1.25**f >= 130, i.e. f >= log(1.3)/log(1.25) = 1.1757 -> 1.20 in steps of 0.05; one at 300 never.
    s = _scored([ok] * 4 + [thin] * 4, [100, 90, 110, 200, 100, 95, 130, 300])
    cal = estimator_rule.calibrate(s)
    assert cal["factor"] == 1.2 and cal["target"] == 0.75 and cal["thin_before"] == 0.5 and cal["thin_after"] == 0.75
    assert (cal["n_ok"], cal["n_thin"], cal["profiles_ok"], cal["profiles_thin"]) == (4, 4, 4, 4)
    with pytest.raises(ValueError, match="ok and thin"):
        estimator_rule.calibrate(s[s["status"] == estimator.OK])


def test_by_n_and_the_rule_effect_count_every_record_once(one_profile_is_enough) -> None:
    s = _scored([0, 3, 12, 40, 200, 200], [100, 300, 100, 100, 100, 130], n=[2, 1, 1, 3, 5, 1])
    t = estimator_rule.by_n(s)
    assert list(t["similar_records"]) == ["0", "1–4", "10–29", "30–99", "100+"] and t["n_test"].sum() == s["n"].sum()
    assert t.set_index("similar_records").loc["100+", "coverage_model"] == pytest.approx(5 / 6)
    e = estimator_rule.rule_effect(s, factor=2.0).set_index("group")["n_test"]
    assert e.iloc[0] == 13 and e.iloc[1] + e.iloc[2] + e.iloc[4] == 13 and e.iloc[5] == e.iloc[1] + e.iloc[3]
    eff = estimator_rule.rule_effect(s, factor=2.0)
    assert eff["coverage"].iloc[0] == pytest.approx(11 / 13)  # the 300 and the 130 are outside 80-125
    assert eff["coverage"].iloc[5] == pytest.approx(9 / 10)  # answered: thin 12, ok 40 x3, 200 x5 inside; 130 outside
    by = estimator_rule.coverage_by(s, "grade").iloc[0]
    assert by["declined_pct"] == pytest.approx(3 / 13 * 100) and by["coverage_rule"] == pytest.approx(9 / 10)


def test_no_coverage_is_stated_under_the_profile_floor() -> None:
    s = _scored([0, 3, 12, 40, 200, 200], [100, 300, 100, 100, 100, 130], n=[2, 1, 1, 3, 5, 1])
    s.loc[4:, "company_location"] = "C4"  # the two 200s: one profile
    assert study.ESTIMATE_MIN_PROFILES == study.SMALL_SAMPLE_N
    t = estimator_rule.by_n(s).set_index("similar_records")
    assert t.loc["100+", "profiles"] == 1 and np.isnan(t.loc["100+", "coverage_model"])
    eff = estimator_rule.rule_effect(s)
    assert list(eff["profiles"]) == [5, 2, 1, 1, 2, 3] and eff["coverage"].isna().all()
    assert estimator_rule.coverage_by(s, "grade")[["coverage_model", "coverage_rule"]].isna().all(axis=None)


def test_held_out_rows_count_similar_records_in_the_training_years_only(bins) -> None:
    s = estimator_rule.scored(bins, study.CALIBRATION_TRAIN_MAX_YEAR, study.TRAIN_MAX_YEAR)
    test = bins[(bins.work_year == study.TRAIN_MAX_YEAR) & (bins.n > 0)]
    assert s["n"].sum() == test.n.sum()
    train = bins[bins.work_year <= study.CALIBRATION_TRAIN_MAX_YEAR]
    row = s[(s.grade == "Senior") & (s.company_location == "US") & (s.role_family == study.ML_FAMILY)].iloc[0]
    want = train[(train.grade == "Senior") & (train.company_location == "US") & (train.role_family == study.ML_FAMILY)].n.sum()
    assert row["n_similar"] == want and row["status"] == estimator.status_of(int(want))
    with pytest.raises(ValueError, match="held-out"):
        estimator_rule.scored(bins, study.TRAIN_MAX_YEAR, study.TRAIN_MAX_YEAR, model=estimator.fitted(study.TRAIN_MAX_YEAR))


def test_records_are_the_bins_one_row_per_record(bins) -> None:
    rec = estimator_stability.records(bins)
    assert len(rec) == bins.n.sum() and (rec["n"] == 1).all()
    assert set(rec.columns) == {*estimator.OWN_DIMS, "bin_lower_usd", "bin_upper_usd", "n", "sum_usd"}
    back = rec.groupby(["work_year", "grade", "company_location", "bin"], observed=True)["sum_usd"].sum()
    want = bins.groupby(["work_year", "grade", "company_location", "bin"], observed=True)["sum_usd"].sum()
    np.testing.assert_allclose(back.sort_index().to_numpy(), want[want > 0].sort_index().to_numpy(), rtol=1e-9)


def test_a_resample_draws_as_many_records_and_repeats_with_its_seed(bins) -> None:
    a = estimator_stability.resample(bins, np.random.default_rng(1))
    b = estimator_stability.resample(bins, np.random.default_rng(1))
    pd.testing.assert_frame_equal(a, b)
    assert a["n"].sum() == bins.n.sum() and (a["n"] > 0).all()
    inside = (a["sum_usd"] / a["n"] >= a["bin_lower_usd"] * (1 - 1e-9)) & (a["sum_usd"] / a["n"] < a["bin_upper_usd"] * (1 + 1e-9))
    assert inside.all()  # each row keeps its bin's mean salary


def test_report_spread_and_by_n_on_a_hand_made_table() -> None:
    answers = pd.DataFrame({"n_similar": [2, 50], "status": ["declined", "ok"], "median": [np.nan, 100.0]})
    medians = pd.DataFrame({"bins": [200.0, 100.0], "records": [220.0, 99.0], "bootstrap 1": [180.0, 103.0]})
    rep = estimator_stability.report(answers, medians)
    np.testing.assert_allclose(rep["records_move_pct"], [10.0, -1.0])
    np.testing.assert_allclose(rep["spread_pct"], [20.0, 4.0])
    assert list(rep["refit_low"]) == [180.0, 99.0] and list(rep["refit_high"]) == [220.0, 103.0]
    t = estimator_stability.by_n(rep)
    assert list(t["similar_records"]) == ["1–4", "30–99"] and list(t["profiles"]) == [1, 1]


def test_refit_medians_name_each_fit_and_start_from_the_estimators_own(bins) -> None:
    small = bins[bins.work_year == study.CALIBRATION_TRAIN_MAX_YEAR]  # one small year: quick fits
    frame = pd.DataFrame([{**estimator.DEFAULTS, "grade": g, "company_location": c, "region": r}
                          for g, c, r in (("Senior", "US", "United States"), ("Junior", "DE", "Europe"))])
    med = estimator_stability.refit_medians(small, frame, n_boot=1, seed=study.ESTIMATE_REFIT_SEED)
    assert list(med.columns) == ["bins", "records", "bootstrap 1"]
    np.testing.assert_array_equal(med["bins"], estimator.fit(small).predict(frame)["median"])
