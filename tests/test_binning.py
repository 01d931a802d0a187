"""The bin layout and the quantile convention, checked against numpy on generated data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import binning

salaries = st.lists(st.floats(min_value=1.0, max_value=5_000_000.0, allow_nan=False), min_size=1, max_size=300)
qs = st.sampled_from([0.1, 0.25, 0.5, 0.75, 0.9])


def _bins_of(values: np.ndarray) -> pd.DataFrame:
    df = pd.DataFrame({"bin": binning.bin_index(values), "sum_usd": values, "n": 1})
    return df.groupby("bin", as_index=False)[["n", "sum_usd"]].sum()


@settings(max_examples=50, deadline=None)
@given(salaries)
def test_every_salary_falls_inside_its_bin(values):
    x = np.array(values)
    lo, hi = binning.bin_edges(binning.bin_index(x))
    assert np.all(lo <= x * (1 + 1e-9)) and np.all(x < hi * (1 + 1e-9))
    assert np.allclose(hi / lo, binning.RATIO)


@settings(max_examples=50, deadline=None)
@given(salaries, qs)
def test_binned_quantile_within_one_percent_of_exact(values, q):
    x = np.array(values)
    exact = np.quantile(x, q, method="inverted_cdf")
    got = binning.binned_quantile(_bins_of(x), q)[0]
    assert abs(got / exact - 1) <= 0.0101


@settings(max_examples=50, deadline=None)
@given(salaries, st.lists(st.integers(0, 5), min_size=300, max_size=300), qs)
def test_weighted_quantile_equals_numpy_on_repeated_values(values, weights, q):
    x = np.array(values)
    w = np.array(weights[: len(x)])
    if w.sum() == 0:
        w[0] = 1
    expected = np.quantile(np.repeat(x, w), q, method="inverted_cdf")
    assert binning.weighted_quantile(x, w, q)[0] == expected


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([30_000.0, 50_000.0, 75_500.0, 100_000.0, 100_001.0, 150_000.0]), min_size=1, max_size=40),
    st.lists(st.integers(0, 7), min_size=40, max_size=40),
    st.lists(st.integers(0, 100), min_size=1, max_size=5),
)
def test_weighted_quantile_is_the_ceil_qn_th_order_statistic(values, weights, percents):
    # The definition itself (the k-th smallest record, k = ceil(q * n) and at least 1), for whole percentiles from
    # 0 to 100, ties and zero weights included: what numpy's weighted inverted CDF must reproduce.
    x = np.array(values)
    w = np.array(weights[: len(x)])
    if w.sum() == 0:
        w[-1] = 1
    ordered = np.sort(np.repeat(x, w))
    k = [max(-(-p * len(ordered) // 100), 1) for p in percents]  # exact integer ceil
    q = [p / 100 for p in percents]
    assert binning.weighted_quantile(x, w, q).tolist() == ordered[np.array(k) - 1].tolist()
    assert set(binning.weighted_quantile(x, w, q)) <= set(x[w > 0])


@pytest.mark.parametrize(("q", "name"), [(0.1, "p10"), (0.25, "p25"), (0.5, "p50"), (0.75, "p75"), (0.9, "p90"), (0.05, "p5")])
def test_quantile_column_names(q, name):
    assert binning.quantile_column(q) == name


@pytest.mark.parametrize("q", [0.0, 1.0, 0.125, -0.5])
def test_quantile_without_a_column_name_is_an_error(q):
    with pytest.raises(ValueError, match="no column name"):
        binning.quantile_column(q)


def test_quantiles_are_keyed_by_their_column_name():
    assert list(binning.QUANTILES) == ["p10", "p25", "p50", "p75", "p90"]
    assert all(binning.quantile_column(q) == name for name, q in binning.QUANTILES.items())


def test_quantile_of_round_salaries_is_exact():
    # Salaries in one bin that are all equal come back exactly, not as a bin midpoint.
    x = np.array([100_000.0] * 5 + [150_000.0] * 3)
    assert binning.binned_quantile(_bins_of(x), 0.5)[0] == 100_000.0
    assert binning.binned_quantile(_bins_of(x), 0.9)[0] == 150_000.0


def test_empty_sample_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        binning.weighted_quantile(np.array([]), np.array([]), 0.5)
    with pytest.raises(ValueError, match="empty"):
        binning.binned_quantile(pd.DataFrame({"bin": [], "n": [], "sum_usd": []}), 0.5)
