"""Properties of the curation's internals on generated data (independent of the real file)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import binning, schema
from helpers.pipeline import curate
from tests.test_bad_input import GOOD, write_raw

row = st.tuples(
    st.sampled_from([2023, 2024]),
    st.sampled_from(schema.GRADES),
    st.sampled_from(["United States", "Europe"]),
    st.sampled_from(["ml_engineering", "data_science"]),
    st.sampled_from([50_000.0, 75_500.0, 100_000.0, 120_000.0, 150_000.0, 210_000.0]),
    st.integers(1, 4),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(row, min_size=1, max_size=60))
def test_vectorised_summary_equals_a_per_group_loop(rows):
    cells = pd.DataFrame(rows, columns=["work_year", "grade", "region", "role_family", "salary_usd", "n"])
    cells["n_with_duplicates"] = cells["n"]
    got = curate._summary_rows(cells, "n").set_index(list(curate.SUMMARY_DIMS))
    assert got.index.is_unique
    # each row read once into a dict (a .loc on the MultiIndex per group costs more than the check itself)
    rows_got = dict(zip(got.index, zip(got[list(binning.QUANTILES)].to_numpy().tolist(), got["n"], got["mean_usd"], strict=True),
                        strict=True))
    frame = cells.assign(work_year=cells["work_year"].astype(str))
    expected = 0
    for all_year in (False, True):
        for all_region in (False, True):
            for all_family in (False, True):
                f = frame.assign(
                    work_year=curate.ALL if all_year else frame["work_year"],
                    region=curate.ALL if all_region else frame["region"],
                    role_family=curate.ALL if all_family else frame["role_family"],
                )
                salary, n = f["salary_usd"].to_numpy(), f["n"].to_numpy()
                for key, at in f.groupby(list(curate.SUMMARY_DIMS)).indices.items():  # each group's row positions
                    expected += 1
                    quantiles, n_got, mean_got = rows_got[key]
                    qs = binning.weighted_quantile(salary[at], n[at], list(binning.QUANTILES.values()))
                    assert quantiles == np.round(qs).tolist()
                    assert n_got == n[at].sum()
                    assert mean_got == round((salary[at] * n[at]).sum() / n[at].sum())
    assert len(got) == expected


def test_repeated_bad_rows_are_all_quarantined_and_counted(tmp_path):
    bad = "2024,SE,FT,Data Scientist,1,USD,lots,US,0,US,M"
    raw = write_raw(tmp_path, [*GOOD, bad, GOOD[0], bad, bad])
    c = curate.build(raw, other_snapshot=True)
    r = c.report
    assert r["rows_read"] == len(GOOD) + 4
    assert r["rows_read"] == r["rows_kept"] + r["rows_rejected"] + r["duplicates_removed"]
    # every copy of a rejected line is listed with its own record number: nothing vanishes as a "duplicate"
    assert r["rejected_by_reason"]["non_numeric_salary"] == 3
    assert sorted(c.rejects["record"].dropna().astype(int)) == [5, 7, 8]
