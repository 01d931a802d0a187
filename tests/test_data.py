"""helpers.data loads every curated table with the documented dtypes."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import data, study, tables


@pytest.mark.parametrize("name", data.TABLES)
def test_every_table_loads_non_empty(name):
    assert len(data.load(name)) > 0


def test_grade_is_ordered_junior_to_lead():
    bins = data.salary_bins()
    assert isinstance(bins["grade"].dtype, pd.CategoricalDtype) and bins["grade"].dtype.ordered
    assert list(bins["grade"].cat.categories) == ["Junior", "Middle", "Senior", "Lead"]
    assert (bins["grade"] < "Senior").any()
    assert bins["grade"].notna().all() and bins["region"].notna().all() and bins["role_family"].notna().all()


def test_load_returns_independent_copies():
    a = data.load("grades")
    a.loc[0, "caveat"] = "changed"
    assert data.load("grades").loc[0, "caveat"] != "changed"


def test_unknown_table_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown table"):
        data.load("salaries_raw")


def test_lead_caveat_is_stated():
    g = data.load("grades").set_index("experience_level")
    assert g.loc["EX", "grade"] == "Lead" and "executive" in g.loc["EX", "caveat"]


def test_regions_follow_the_definition():
    c = data.load("countries").set_index("country_code")
    for code, row in c.iterrows():
        expected = "United States" if code == "US" else "Europe" if code in study.EUROPE else "Other"
        assert row["region"] == expected


def test_missing_table_names_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="make data"):
        data.load("grades", tmp_path)


@pytest.mark.parametrize("name", data.TABLES)
def test_columns_and_dtypes_are_the_table_definitions(name):
    df = data.load(name)
    table = tables.TABLES[name]
    assert tuple(df.columns) == table.columns
    for f in table.fields:
        dtype = df[f.name].dtype
        if isinstance(data.field_dtype(f), pd.CategoricalDtype):  # the defined categories, in their order
            assert list(dtype.categories) == list(f.enum) and dtype.ordered == f.ordered, f.name
        else:
            assert dtype == data.field_dtype(f) or (f.dtype == "category" and isinstance(dtype, pd.CategoricalDtype)), f.name
