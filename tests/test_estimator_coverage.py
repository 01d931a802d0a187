"""The estimator's calibration and held-out intervals (estimator_coverage) on synthetic tables worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import study
from helpers.analysis import estimator_coverage as ec


def _table(k: int, y_of, n: int = 1, region: str = "Europe") -> pd.DataFrame:
    """``k`` profiles, one row each: median 100, range 80-125, naive median 90, truth ``y_of(i)``."""
    return pd.DataFrame({"y": [float(y_of(i)) for i in range(k)], "n": [n] * k, "median": 100.0, "low": 80.0, "high": 125.0,
                         "base_median": 90.0, "grade": "Senior", "role_family": study.ML_FAMILY,
                         "company_location": [f"C{i:03d}" for i in range(k)], "company_size": "M", "remote_ratio": 0,
                         "employment_type": "FT", "region": region, "status": "ok"})


def test_profile_ids_group_rows_with_the_same_inputs() -> None:
    t = _table(3, lambda i: 100)
    t = pd.concat([t, t.iloc[[0]]], ignore_index=True)
    ids = ec.profile_ids(t)
    assert ids[0] == ids[3] and len(set(ids)) == 3


def test_conformal_margin_is_the_level_quantile_of_the_log_distance_outside() -> None:
    # 10 records: 7 inside, 3 outside by log(150/125) = 0.18, log(80/60) = 0.29, log(200/125) = 0.47; the corrected
    # level ceil(11 * 0.8) / 10 = 0.9 -> the 9th smallest score, log(80/60)
    ys = [100] * 7 + [150, 200, 60]
    t = _table(10, lambda i: ys[i])
    m = ec.conformal_margin(t, 0.8)
    scores = np.sort(np.maximum(np.log(80 / np.array(ys, float)), np.log(np.array(ys, float) / 125)))
    assert m["margin"] == pytest.approx(scores[8]) and m["margin"] == pytest.approx(np.log(80 / 60))
    assert m["rounded"] >= m["margin"] and m["rounded"] - m["margin"] < 0.001
    assert m["raw_coverage"] == pytest.approx(0.7) and m["calibrated_coverage"] == pytest.approx(0.9)
    assert (m["n"], m["profiles"]) == (10, 10)


def test_coverage_interval_holds_the_estimate_and_is_withheld_under_the_floor() -> None:
    t = _table(60, lambda i: 100 if i % 4 else 200, n=3)
    c = ec.coverage(t, t["low"].to_numpy(), t["high"].to_numpy(), "test")
    assert c["coverage"] == pytest.approx(0.75) and c["lo"] < 0.75 < c["hi"] and (c["records"], c["profiles"]) == (180, 60)
    again = ec.coverage(t, t["low"].to_numpy(), t["high"].to_numpy(), "test")
    assert (again["lo"], again["hi"]) == (c["lo"], c["hi"])  # the stream follows from the data and the name
    few = t.iloc[: study.ESTIMATE_MIN_PROFILES - 1]
    c = ec.coverage(few, few["low"].to_numpy(), few["high"].to_numpy(), "few")
    assert np.isnan(c["coverage"]) and c["profiles"] == study.ESTIMATE_MIN_PROFILES - 1


def test_a_cluster_bootstrap_is_wider_than_one_over_records() -> None:
    # 40 profiles of 50 records each, all in or all out: 40 independent answers, not 2,000
    t = _table(40, lambda i: 100 if i % 2 else 200, n=50)
    c = ec.coverage(t, t["low"].to_numpy(), t["high"].to_numpy(), "clustered")
    p, n_records = 0.5, 2000
    assert c["hi"] - c["lo"] > 3 * (2 * 1.96 * np.sqrt(p * (1 - p) / n_records))


def test_gain_is_naive_error_minus_model_error() -> None:
    t = _table(40, lambda i: 100 + (i % 5))  # the model's 100 is nearer the truth than the naive 90
    g = ec.gain(t, "test")
    err_model = np.expm1(np.quantile(np.log(t["y"] / 100), 0.5, method="inverted_cdf")) * 100
    err_naive = np.expm1(np.quantile(np.log(t["y"] / 90), 0.5, method="inverted_cdf")) * 100
    assert g["error_model"] == pytest.approx(err_model) and g["error_naive"] == pytest.approx(err_naive)
    assert g["gain"] == pytest.approx(err_naive - err_model) and 0 < g["lo"] <= g["gain"] <= g["hi"]


def test_held_out_and_gains_name_every_region() -> None:
    t = pd.concat([_table(40, lambda i: 100, region=r).assign(company_location=lambda d, r=r: r + d["company_location"])
                   for r in ("United States", "Europe", "Other")], ignore_index=True)
    h = ec.held_out(t)
    assert h.loc[("every record", ec.ALL), "profiles"] == 120 and h.loc[("every record", "Europe"), "coverage"] == 1.0
    assert np.isnan(h.loc[("thin", ec.ALL), "coverage"]) and h.loc[("thin", ec.ALL), "profiles"] == 0
    assert list(ec.gains(t).index) == [ec.ALL, "United States", "Europe", "Other"]
