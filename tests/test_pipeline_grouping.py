"""helpers.pipeline.grouping gives what pandas' groupby gives: same groups, same order, same sums to the last bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.pipeline import grouping

KEYS = ["year", "grade", "country", "flag"]
GRADE_ORDER = {"Junior": 0, "Middle": 1, "Senior": 2, "Executive": 3}


def _frame(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=[*KEYS, "n", "x"])
    return df.astype({"year": "int32", "grade": "str", "country": "str", "flag": "bool", "n": "int64", "x": "float64"})


row = st.tuples(st.sampled_from([2023, 2021, 2024]), st.sampled_from(["Senior", "Junior", "Executive", "Middle"]),
                st.sampled_from(["US", "DE", "FR", "GB"]), st.booleans(), st.integers(1, 5),
                st.floats(0.01, 1e6, allow_nan=False, width=64))


@settings(max_examples=30, deadline=None)
@given(st.lists(row, max_size=60))
def test_grouped_sums_equal_pandas_groupby(rows):
    df = _frame(rows)
    ours = grouping.grouped_sums(df, KEYS, {"n": "n", "total": "x"})
    theirs = df.groupby(KEYS, sort=True).agg(n=("n", "sum"), total=("x", "sum")).reset_index()
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)


@settings(max_examples=30, deadline=None)
@given(st.lists(row, max_size=60))
def test_ranks_sort_a_key_by_its_rank(rows):
    df = _frame(rows)
    ours = grouping.grouped_sums(df, KEYS, {"n": "n"}, ranks={"grade": GRADE_ORDER})
    theirs = df.groupby(KEYS, sort=False).agg(n=("n", "sum")).reset_index()
    theirs = theirs.sort_values(KEYS, key=lambda s: s.map(GRADE_ORDER) if s.name == "grade" else s, kind="stable")
    pd.testing.assert_frame_equal(ours, theirs.reset_index(drop=True), check_exact=True)


@pytest.mark.parametrize("dropna", [True, False])
def test_missing_keys_dropped_or_last_as_pandas_does(dropna):
    df = pd.DataFrame({"a": ["x", None, "y", "x", None], "b": [2.0, 1.0, np.nan, 2.0, 1.0], "v": [1.5, 2.25, 3.0, 4.0, 5.0]})
    ours = grouping.grouped_sums(df, ["a", "b"], {"v": "v"}, dropna=dropna)
    theirs = df.groupby(["a", "b"], sort=True, dropna=dropna).agg(v=("v", "sum")).reset_index()
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    assert len(ours) == (1 if dropna else 3)


def test_an_empty_table_has_no_groups():
    df = _frame([])
    ours = grouping.grouped_sums(df, KEYS, {"n": "n", "total": "x"})
    assert ours.empty and list(ours.columns) == [*KEYS, "n", "total"]


def test_many_keys_do_not_overflow_the_combined_code():
    rng = np.random.default_rng(7)
    df = pd.DataFrame({f"k{i}": rng.integers(0, 5000, 300) for i in range(8)}).assign(v=1)
    ours = grouping.grouped_sums(df, [f"k{i}" for i in range(8)], {"v": "v"})
    theirs = df.groupby([f"k{i}" for i in range(8)], sort=True).agg(v=("v", "sum")).reset_index()
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
