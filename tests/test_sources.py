"""helpers.analysis.sources: the statistics run on either source's table, and the per-source tables in one call."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import data, study
from helpers.analysis import sources, stats


def toy_bins(values: dict[tuple[str, str], list[float]], **extra: object) -> pd.DataFrame:
    """Binned rows (one per value) for (region, grade) -> salaries, with any extra constant columns."""
    rows = []
    for (region, grade), xs in values.items():
        for x in xs:
            rows.append({"region": region, "grade": grade, "bin": math.floor(math.log(x) / math.log(1.01)),
                         "n": 1, "sum_usd": x, **extra})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def so_bins() -> pd.DataFrame:
    return data.load("so_salary_bins")


def test_statistics_work_on_the_stack_overflow_table(so_bins: pd.DataFrame) -> None:
    rows = sources.STACK_OVERFLOW.ml(so_bins)
    q = stats.quantile_ci_table(rows, ["region", "grade"], n_boot=study.N_BOOT)
    assert set(q["grade"].astype(str)) <= {"Junior", "Middle", "Senior"} and (q["n"] > 0).all()
    c = stats.compare_table(rows, ["grade"], n_boot=study.N_BOOT)
    assert (c.dropna(subset=["ratio"])["ratio"] > 1).all()
    m = stats.grade_multipliers(stats.subset(rows, region="Europe"), n_boot=study.N_BOOT)
    assert list(m["step"].astype(str))[:2] == ["Junior→Middle", "Middle→Senior"]
    assert int(rows["n"].sum()) == int(so_bins.loc[so_bins["ml_role"] & ~so_bins["below_pay_floor"], "n"].sum())


def test_every_source_is_described() -> None:
    d = sources.describe()
    assert list(d["source"]) == [s.name for s in sources.SOURCES]
    assert d.notna().all().all()
    assert {s.region_by for s in sources.SOURCES} == {"company location", "country of residence"}


def test_each_source_names_its_pool_and_its_country_column() -> None:
    """A range end is labelled by what its source measures: region meaning and pay concept, in a few words."""
    assert sources.AIJOBS.pool == "aijobs.net, company location, salary"
    assert sources.STACK_OVERFLOW.pool == "Stack Overflow 2024, residence, total compensation"
    assert sources.AIJOBS.country_col == "company_location"
    assert sources.STACK_OVERFLOW.country_col == "residence_country"
    for s in sources.SOURCES:
        assert s.country_col in data.load(s.table).columns


def test_ratio_by_grade_on_known_medians() -> None:
    b = toy_bins({("United States", "Senior"): [200_000.0] * 40, ("Europe", "Senior"): [100_000.0] * 40,
                  ("United States", "Junior"): [150_000.0] * 10, ("Europe", "Junior"): [50_000.0] * 10})
    b["grade"] = pd.Categorical(b["grade"], ["Junior", "Middle", "Senior", "Executive"], ordered=True)
    t = sources.ratio_by_grade(b).set_index("grade")
    assert list(t.index) == ["Junior", "Senior", sources.ALL_GRADES]
    assert t.loc["Senior", "ratio"] == pytest.approx(2.0, rel=0.02)
    assert t.loc["Junior", "ratio"] == pytest.approx(3.0, rel=0.02) and t.loc["Junior", "small_sample"]
    assert t.loc[sources.ALL_GRADES, "n_a"] == 50 and t.loc[sources.ALL_GRADES, "n_b"] == 50


def test_one_call_gives_every_source() -> None:
    gap = sources.us_europe_ratio()
    assert set(gap["source"]) == {s.name for s in sources.SOURCES}
    assert (gap["grade"] == sources.ALL_GRADES).sum() == len(sources.SOURCES)
    again = sources.us_europe_ratio()
    assert np.allclose(gap["ratio"].fillna(0), again["ratio"].fillna(0))  # seeded: same numbers twice
    lad = sources.ladder()
    assert set(lad["region"]) == set(study.COMPARED_REGIONS) and (lad["lo"] <= lad["value"]).all()
    st = sources.steps()
    assert (st["n_from"] > 0).all() and (st["n_to"] > 0).all()


def test_europe_mix_and_country_medians() -> None:
    mix = sources.europe_mix()
    assert 0 < mix["uk_share"] < 1 and 0 < mix["usd_share"] < 1 and mix["n"] > 0
    c = sources.country_medians(("GB",))
    assert list(c["country"]) == ["GB", "GB"] and list(c["source"]) == [s.name for s in sources.SOURCES]


def test_official_figures_are_as_published() -> None:
    us = sources.official_us()
    assert len(us) == 2 * len(sources.BLS_OCCUPATIONS)
    assert (us["median_annual_wage"] < us["mean_annual_wage"]).all()
    eu = sources.official_europe()
    assert set(eu["geo"]) == {"GB", "DE"} and eu["value"].notna().all()
    assert eu.loc[eu["geo"] == "DE", "measure"].eq("median_monthly_wage").all()
