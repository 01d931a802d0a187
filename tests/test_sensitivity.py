"""helpers.analysis.sensitivity: each choice rewrites the pool as stated, and the surviving range is computed."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import data, study
from helpers.analysis import money, sensitivity, sources


def record(region: str, pay: float, **kw: object) -> dict:
    base = {"work_year": max(study.POOLED_YEARS), "role_family": study.ML_FAMILY, "grade": "Senior",
            "region": region, "company_location": "US" if region == "United States" else "DE",
            "employee_residence": "US" if region == "United States" else "DE", "residence_region": region,
            "paid_in_usd": region == "United States", "employment_type": "FT", "n_with_duplicates": 1}
    row = {**base, **kw, "bin": math.floor(math.log(pay) / math.log(1.01)), "n": 1, "sum_usd": pay}
    row["sum_usd_with_duplicates"] = pay * row["n_with_duplicates"]
    return row


@pytest.fixture
def pool() -> pd.DataFrame:
    rows = [record("United States", 200_000.0) for _ in range(40)]
    rows += [record("Europe", 100_000.0) for _ in range(30)]
    rows += [record("Europe", 150_000.0, company_location="GB", employee_residence="GB") for _ in range(10)]
    rows += [record("Europe", 140_000.0, paid_in_usd=True) for _ in range(10)]
    rows += [record("Europe", 60_000.0, employment_type="CT", n_with_duplicates=5) for _ in range(10)]
    rows += [record("United States", 90_000.0, grade="Junior", residence_region="Europe") for _ in range(35)]
    return pd.DataFrame(rows)


def variant(name: str) -> sensitivity.Variant:
    return next(v for v in sensitivity.VARIANTS if v.name == name)


def test_each_choice_rewrites_the_pool(pool: pd.DataFrame) -> None:
    assert variant("UK out").rewrite(pool)["company_location"].ne("GB").all()
    usd = variant("USD-paid European records out").rewrite(pool)
    assert len(usd) == len(pool) - 10 and usd.loc[usd["region"] == "United States", "paid_in_usd"].all()
    assert variant("Full-time only").rewrite(pool)["employment_type"].eq("FT").all()
    dup = variant("Duplicates kept").rewrite(pool)
    assert dup["n"].sum() == pool["n_with_duplicates"].sum()
    res = variant("Region by residence").rewrite(pool)
    assert (res["region"] == res["residence_region"]).all()
    assert variant("As published (baseline)").rewrite(pool) is pool


def test_ratio_table_and_surviving_range(pool: pd.DataFrame) -> None:
    t = sensitivity.ratio_table((sources.AIJOBS,), bins={sources.AIJOBS.key: pool})
    assert set(t["variant"]) == {v.name for v in sensitivity.VARIANTS}
    senior = t[t["measure"] == "Senior"].set_index("variant")["ratio"]
    assert senior["UK out"] == pytest.approx(2.0, rel=0.02)  # Europe's median falls to 100k without the UK
    assert senior["Duplicates kept"] > senior["Full-time only"]  # cheap contractors weigh 5x when duplicates stay
    lo, hi = sensitivity.surviving_range(t)
    pooled = t[(t["measure"] == sources.ALL_GRADES) & ~t["small_sample"]]
    assert lo == pooled["ratio"].min() and hi == pooled["ratio"].max() and lo <= hi
    assert sensitivity.STEP in set(t["measure"])
    r = sensitivity.ranges(t).set_index("measure")
    assert r.loc["Senior", "lowest"] <= r.loc["Senior", "highest"] and r.loc["Senior", "results"] >= 1
    assert r.loc[sources.ALL_GRADES, "lowest"] == lo
    w = sensitivity.wide(t)
    assert list(w.columns[:2]) == ["source", "variant"] and len(w) == len(sensitivity.VARIANTS)


def test_a_source_without_the_fields_skips_the_choice() -> None:
    t = sensitivity.ratio_table()
    so = set(t.loc[t["source"] == sources.STACK_OVERFLOW.name, "variant"])
    assert so == {v.name for v in sensitivity.VARIANTS if v.applies_to(sources.STACK_OVERFLOW)}
    assert so == {sensitivity.BASELINE, *sources.STACK_OVERFLOW.choices}
    assert "Duplicates kept" not in so


def test_every_choice_a_source_lists_is_a_variant() -> None:
    names = {v.name for v in sensitivity.VARIANTS}
    for s in sources.SOURCES:
        assert set(s.choices) <= names - {sensitivity.BASELINE}, s.key


def test_range_ends_are_the_extreme_results_with_enough_records(pool: pd.DataFrame) -> None:
    t = sensitivity.ratio_table((sources.AIJOBS,), bins={sources.AIJOBS.key: pool})
    low, high = sensitivity.range_ends(t)
    assert (low["ratio"], high["ratio"]) == sensitivity.surviving_range(t)
    for end in (low, high):
        assert end["measure"] == sources.ALL_GRADES and not end["small_sample"]
        assert end["lo"] <= end["ratio"] <= end["hi"] and min(end["n_a"], end["n_b"]) >= study.SMALL_SAMPLE_N
    with pytest.raises(ValueError, match="30"):
        sensitivity.range_ends(t, "Lead")  # no result at all: no ends to show
    within, between = sensitivity.spread(t)
    assert within == pytest.approx(high["ratio"] - low["ratio"]) and between == 0.0  # one source: no gap between sources


def test_ppp_ratio_table_restates_europe_by_its_own_factor(pool: pd.DataFrame) -> None:
    """In PPP dollars the US side is unchanged and every German record is multiplied by the same factor (LCU per USD /
    LCU per PPP dollar), so the Senior ratio is the nominal one divided by that factor; the step (US only) is nominal
    only; every choice is applied before the restatement (the USD-paid records are still dropped)."""
    wages = data.reference_wages()
    year = max(study.POOLED_YEARS)
    de = pool[pool["company_location"] == "DE"]
    factor = money.ppp_conversion(1.0, "DE", year, wages).value
    assert factor is not None and factor != 1.0
    nominal = sensitivity.ratio_table((sources.AIJOBS,), bins={sources.AIJOBS.key: de.assign(region="Europe").pipe(
        lambda b: pd.concat([pool[pool["region"] == "United States"], b]))})
    ppp = sensitivity.ratio_table((sources.AIJOBS,), bins={sources.AIJOBS.key: pd.concat(
        [pool[pool["region"] == "United States"], de])}, value_col=sensitivity.PPP, wages=wages)
    n_senior = nominal[(nominal["measure"] == "Senior")].set_index("variant")
    p_senior = ppp[(ppp["measure"] == "Senior")].set_index("variant")
    base = sensitivity.BASELINE
    assert p_senior.loc[base, "ratio"] == pytest.approx(n_senior.loc[base, "ratio"] / factor, rel=0.02)
    assert p_senior.loc[base, "n_a"] == n_senior.loc[base, "n_a"]
    assert p_senior.loc[sensitivity.USD_OUT, "n_b"] == n_senior.loc[base, "n_b"] - 10  # the 10 USD-paid records
    assert sensitivity.STEP not in set(ppp["measure"])
    with pytest.raises(ValueError, match="value_col"):
        sensitivity.ratio_table((sources.AIJOBS,), bins={sources.AIJOBS.key: pool}, value_col="wage_multiple")


def test_ppp_pool_leaves_out_records_without_a_reference_figure(pool: pd.DataFrame) -> None:
    odd = pool.assign(company_location=pool["company_location"].where(pool["company_location"] == "US", "XX"))
    out = sensitivity.ppp_pool(odd, sources.AIJOBS)
    assert (out["company_location"] == "US").all() and out["ppp_usd"].notna().all()
    so_like = pool.rename(columns={"company_location": "residence_country"})
    assert len(sensitivity.ppp_pool(so_like, sources.STACK_OVERFLOW)) == len(pool)  # by residence, all known
