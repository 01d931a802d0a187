"""The DuckDB warehouse: typed views over every curated table, and SQL quantiles equal to pandas'."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers import binning, data
from helpers.analysis import warehouse


@pytest.fixture(scope="module")
def con(curated_dir):
    c = warehouse.connect(curated_dir)
    yield c
    c.close()


@pytest.fixture(scope="module")
def bins(curated_dir):
    return data.salary_bins(curated_dir)


def test_every_curated_csv_is_a_view_with_all_rows(con, curated_dir):
    descriptor = json.loads((curated_dir / "datapackage.json").read_text(encoding="utf-8"))
    csvs = [r for r in descriptor["resources"] if str(r.get("path", "")).endswith(".csv")]
    views = set(con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").df()["view_name"])
    assert {r["name"] for r in csvs} <= views
    for r in csvs:
        n_sql = con.sql(f"SELECT COUNT(*) FROM {r['name']}").fetchall()[0][0]
        n_pd = len(pd.read_csv(curated_dir / r["path"], dtype=str, keep_default_na=False))
        assert n_sql == n_pd, r["name"]


def test_views_are_typed_and_grades_sort_in_order(con):
    types = dict(con.sql("SELECT column_name, column_type FROM (DESCRIBE salary_bins)").fetchall())
    assert types["n"] == "BIGINT" and types["bin_lower_usd"] == "DOUBLE"
    assert types["grade"].startswith("ENUM")
    order = [r[0] for r in con.sql("SELECT DISTINCT grade FROM salary_bins ORDER BY grade").fetchall()]
    assert order == ["Junior", "Middle", "Senior", "Executive"]
    assert con.sql("SELECT typeof(in_eu27) FROM countries LIMIT 1").fetchall()[0][0] == "BOOLEAN"


def test_sum_of_n_matches_pandas(con, bins):
    assert con.sql("SELECT SUM(n) FROM salary_bins").fetchall()[0][0] == bins["n"].sum()


@pytest.mark.parametrize("qs", [(0.5,), (0.1, 0.25, 0.5, 0.75, 0.9), (0.01, 0.99, 1.0)])
def test_overall_quantiles_equal_numpy_and_binning(con, bins, qs):
    got = warehouse.query(con, warehouse.binned_quantile_sql([], qs=qs))
    expected = binning.binned_quantile(bins, np.array(qs))
    assert got["value_usd"].tolist() == expected.tolist()
    # independent check of the convention: inverted CDF over bin means, materialised with np.repeat
    agg = bins.groupby("bin")[["n", "sum_usd"]].sum()
    repeated = np.repeat((agg["sum_usd"] / agg["n"]).to_numpy(), agg["n"].to_numpy())
    assert got["value_usd"].tolist() == np.quantile(repeated, qs, method="inverted_cdf").tolist()


def test_region_grade_medians_equal_pandas_for_ml_engineering(con, bins):
    got = warehouse.query(con, warehouse.region_medians_sql("ml_engineering", 2024))
    sub = bins[(bins.role_family == "ml_engineering") & (bins.work_year == 2024) & bins.region.isin(["United States", "Europe"])]
    groups = sub[sub.n > 0].groupby(["region", "grade"], observed=True)
    assert len(got) == groups.ngroups
    for (region, grade), g in groups:
        row = got[(got.region == region) & (got.grade == grade)]
        assert len(row) == 1
        assert row["n"].iloc[0] == g["n"].sum()
        assert row["value_usd"].iloc[0] == binning.binned_quantile(g, 0.5)[0]


def test_every_group_and_quantile_matches_on_a_fine_grouping(con, bins):
    sql = warehouse.binned_quantile_sql(["work_year", "region"], qs=(0.1, 0.5, 0.9))
    got = warehouse.query(con, sql)
    checked = warehouse.compare_with_pandas(got, bins, ["work_year", "region"])
    assert checked["equal"].all()
    assert got["n"].sum() == 3 * bins["n"].sum()


def test_binned_medians_within_one_percent_of_exact_summary(con):
    sql = f"""WITH m AS ({warehouse.binned_quantile_sql(['grade', 'region'], warehouse.where_clause(role_family='ml_engineering'))})
              SELECT m.value_usd, s.p50, m.n, s.n AS n_exact FROM m JOIN salary_summary AS s
              ON s.grade = m.grade AND s.region = CAST(m.region AS VARCHAR)
              AND s.work_year = 'all' AND s.role_family = 'ml_engineering'"""
    df = warehouse.query(con, sql)
    assert len(df) >= 10
    assert (df["n"] == df["n_exact"]).all()
    assert ((df["value_usd"] / df["p50"] - 1).abs() <= 0.0101).all()


def test_ladder_multipliers_are_ratios_of_pandas_medians(con, bins):
    lad = warehouse.query(con, warehouse.ladder_sql("ml_engineering", 2024, "United States"))
    sub = bins[(bins.role_family == "ml_engineering") & (bins.work_year == 2024) & (bins.region == "United States")]
    med = {g: binning.binned_quantile(sub[sub.grade == g], 0.5)[0] for g in ["Junior", "Middle", "Senior", "Executive"]}
    assert lad["grade"].astype(str).tolist() == ["Junior", "Middle", "Senior", "Executive"]
    assert lad["median_usd"].tolist() == [med[g] for g in lad["grade"].astype(str)]
    assert np.isnan(lad["x_previous_grade"].iloc[0])
    assert lad["x_previous_grade"].iloc[1:].tolist() == pytest.approx(
        [med["Middle"] / med["Junior"], med["Senior"] / med["Middle"], med["Executive"] / med["Senior"]], rel=1e-12)
    assert lad["x_junior"].tolist() == pytest.approx([med[g] / med["Junior"] for g in med], rel=1e-12)


def test_ladder_with_a_missing_grade_gives_null_not_a_skip(con):
    # Europe has no Executive ML engineers in 2024; the Senior row must still compare with Middle
    lad = warehouse.query(con, warehouse.ladder_sql("ml_engineering", 2024, "Europe"))
    assert "Executive" not in lad["grade"].astype(str).tolist()
    assert lad["x_previous_grade"].notna().sum() == len(lad) - 1


@pytest.mark.parametrize("bad", [{"group_by": ["salary"]}, {"group_by": ["grade; DROP"]}, {"group_by": [], "qs": (0.0,)},
                                 {"group_by": [], "qs": (1.5,)}, {"group_by": [], "qs": ()}])
def test_bad_arguments_raise(bad):
    with pytest.raises(ValueError):
        warehouse.binned_quantile_sql(**bad)


def test_where_clause_quotes_and_rejects_unknown_columns():
    assert warehouse.where_clause() == "TRUE"
    assert warehouse.where_clause(region="O'Brien") == "region = 'O''Brien'"
    assert warehouse.where_clause(work_year=2024, grade=["Senior", "Junior"]) == "grade IN ('Junior', 'Senior') AND work_year = 2024"
    with pytest.raises(ValueError):
        warehouse.where_clause(salary=1)


def test_empty_group_gives_no_rows(con):
    got = warehouse.query(con, warehouse.binned_quantile_sql(["grade"], warehouse.where_clause(region="Nowhere")))
    assert got.empty
