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
