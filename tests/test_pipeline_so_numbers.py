"""The Stack Overflow source parses each distinct answer once; the numbers are exactly what pandas gives for every row."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.pipeline import so_survey

ANSWERS = st.one_of(st.none(), st.sampled_from(["1", " 2 ", "3.0", "2.5", "-4", "x", "", "1e3", "NA", "inf",
                                                  "18446744073709551615", "9007199254740993", "0"]),
                    st.integers(-10**20, 10**20).map(str), st.text(max_size=4))


@settings(max_examples=100, deadline=None)
@given(st.lists(ANSWERS, max_size=40), st.integers(1, 5))
def test_numbers_equal_pandas_to_numeric_row_by_row(answers, repeat):
    text = pd.Series(answers * repeat, dtype="str", name="q", index=[i * 3 for i in range(len(answers) * repeat)])
    expected = pd.to_numeric(text.str.strip(), errors="coerce")
    pd.testing.assert_series_equal(so_survey._numbers(text), expected, check_exact=True)


def test_a_coded_column_takes_the_path_of_distinct_answers_and_keeps_its_dtype():
    text = pd.Series(["1", "2", "2", "1", "3", "1"], dtype="str")
    pd.testing.assert_series_equal(so_survey._numbers(text), pd.to_numeric(text.str.strip(), errors="coerce"))
    assert so_survey._numbers(text).dtype == "int64"
    missing = pd.Series(["1", None, "2", "2", "1", None], dtype="str")
    assert so_survey._numbers(missing).dtype == "float64"
    pd.testing.assert_series_equal(so_survey._numbers(missing), pd.to_numeric(missing.str.strip(), errors="coerce"))
