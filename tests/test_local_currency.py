"""The euro-area EUR table (salary_bins_eur): recomputed from the raw aijobs file with pandas, and its row accounting."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import data, paths, schema
from helpers.pipeline import local_currency

RAW = paths.SHARED_RAW / "aijobs" / "salaries.csv"
#: Euro-area members by the year they adopted the euro, typed here independently of the module (ECB list).
EURO_1999 = {"AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PT"}
LATER = {"GR": 2001, "SI": 2007, "CY": 2008, "MT": 2008, "SK": 2009, "EE": 2011, "LV": 2014, "LT": 2015, "HR": 2023}


@pytest.fixture(scope="module")
def raw_eur() -> pd.DataFrame:
    """Distinct raw records at euro-area companies paid in EUR (the real snapshot has no rejected row)."""
    if not RAW.is_file():
        pytest.skip(f"{RAW} not available")
    assert data.curation_report()["rows_rejected"] == 0  # else the raw rows below would need the validation rules
    df = pd.read_csv(RAW, dtype={"salary": "float64"}).drop_duplicates()
    since = df["company_location"].map(lambda c: 1999 if c in EURO_1999 else LATER.get(c, 9999))
    return df[(df["work_year"] >= since) & (df["salary_currency"] == "EUR")]


def test_counts_per_year_grade_and_country_equal_the_raw_records(raw_eur: pd.DataFrame) -> None:
    t = data.load("salary_bins_eur")
    got = t.groupby(["work_year", "grade", "company_location"], observed=True)["n"].sum()
    want = raw_eur.assign(grade=raw_eur["experience_level"].map(schema.GRADE_OF_LEVEL)) \
        .groupby(["work_year", "grade", "company_location"]).size()
    got.index = got.index.set_levels([lvl.astype(str) for lvl in got.index.levels])
    want.index = want.index.set_levels([lvl.astype(str) for lvl in want.index.levels])
    assert got.sort_index().to_dict() == want.sort_index().to_dict()
    assert int(t["sum_eur"].sum()) == pytest.approx(raw_eur["salary"].sum(), abs=len(t))  # rounding per cell


@pytest.mark.parametrize("year", [2023, 2024])
def test_medians_come_back_within_one_percent(raw_eur: pd.DataFrame, year: int) -> None:
    t = data.load("salary_bins_eur")
    for level, grade in schema.GRADE_OF_LEVEL.items():
        sal = raw_eur.loc[(raw_eur["work_year"] == year) & (raw_eur["experience_level"] == level), "salary"].to_numpy()
        if sal.size == 0:
            continue
        exact = np.quantile(sal, 0.5, method="inverted_cdf")
        agg = t[(t["work_year"] == year) & (t["grade"] == grade)].groupby("bin")[["n", "sum_eur"]].sum()
        binned = np.quantile(np.repeat((agg["sum_eur"] / agg["n"]).to_numpy(), agg["n"].to_numpy()), 0.5,
                             method="inverted_cdf")
        assert abs(binned / exact - 1) <= 0.01


def test_every_kept_record_is_in_the_table_or_left_out_for_a_stated_reason() -> None:
    report = data.curation_report()
    books = report["salary_bins_eur"]
    t = data.load("salary_bins_eur")
    assert books["records_in_table"] == int(t["n"].sum())
    assert books["records_kept"] == report["rows_kept"]
    assert books["records_in_table"] + sum(books["left_out"].values()) == report["rows_kept"]
    assert set(books["left_out"]) == set(books["left_out_rules"])
    assert all(v > 0 for v in books["left_out"].values())


def test_bins_hold_their_amounts() -> None:
    t = data.load("salary_bins_eur")
    mean = t["sum_eur"] / t["n"]
    assert ((mean >= t["bin_lower_eur"] * 0.9999) & (mean < t["bin_upper_eur"] * 1.0001)).all()
    assert (t["n"] > 0).all()
    assert not t.duplicated(["work_year", "grade", "role_family", "company_location", "bin"]).any()


def test_euro_area_membership_follows_the_adoption_year() -> None:
    c = pd.Series(["HR", "HR", "DE", "PL", "LT", "LT"])
    y = pd.Series([2022, 2023, 2020, 2024, 2014, 2015])
    assert local_currency.in_euro_area(c, y).tolist() == [False, True, True, False, False, True]
    assert set(local_currency.EURO_AREA_SINCE) == EURO_1999 | set(LATER)


def test_accounting_on_a_small_input() -> None:
    cells = pd.DataFrame({
        "work_year": [2024, 2024, 2024, 2022, 2024], "grade": ["Junior", "Senior", "Senior", "Middle", "Middle"],
        "role_family": ["ml_engineering"] * 5, "company_location": ["DE", "DE", "DE", "HR", "US"],
        "salary_currency": ["EUR", "EUR", "USD", "EUR", "EUR"], "salary": [50_000.0, 80_000.0, 90_000.0, 30_000.0, 1e5],
        "n": [2, 1, 4, 1, 3],
    })
    out, books = local_currency.bins_eur(cells)
    assert books["records_kept"] == 11 and books["records_in_table"] == 3
    assert books["left_out"] == {"company_outside_euro_area": 4, "paid_in_another_currency": 4}  # HR 2022 + US; DE USD
    assert out["sum_eur"].tolist() == [100_000, 80_000]
    assert list(out.columns) == list(data.table_dtypes("salary_bins_eur"))
