"""The two salary sources rebuilt from the raw files in ../shared, independently of the curated bins and of
helpers.analysis: aijobs' ML-engineering rows and Stack Overflow 2024's ML professionals, with region, years band and
the analyst's variants defined here from the raw columns, and the check of a range printed by its two ends (each with
its interval, matched against a numpy bootstrap, and its pool). Conclusion tests of notebooks 02, 10 and the front
page share them."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry
import pytest

from helpers import paths, study

YEARS = list(study.POOLED_YEARS)
ML = study.ML_FAMILY
FLOOR = 5000  # aijobs' pay floor, applied to Stack Overflow too (the notebooks' stated choice)


def median(x: pd.Series) -> float:
    return float(np.quantile(x.to_numpy(dtype=float), 0.5, method="inverted_cdf"))


def ratio(df: pd.DataFrame, pay: str = "pay") -> float:
    return median(df.loc[df["region"] == "United States", pay]) / median(df.loc[df["region"] == "Europe", pay])


def region(codes: pd.Series) -> np.ndarray:
    return np.where(codes == "US", "United States", np.where(codes.isin(study.EUROPE), "Europe", "Other"))


@functools.cache
def aijobs_ml(shared_raw: Path) -> pd.DataFrame:
    """aijobs' ML-engineering rows of the pooled years, every raw row (``duplicate`` marks repeats)."""
    df = pd.read_csv(shared_raw / "aijobs" / "salaries.csv", dtype=str, keep_default_na=False)
    family = pd.read_csv(paths.AUTHORED / "role_families.csv", dtype=str).set_index("job_title")["role_family"]
    df = df.assign(duplicate=df.duplicated(), work_year=df["work_year"].str.strip().astype(int),
                   role_family=df["job_title"].map(family), pay=df["salary_in_usd"].astype(float))
    df = df[(df["role_family"] == ML) & df["work_year"].isin(YEARS) & (df["pay"] >= FLOOR)]
    return df.assign(region=region(df["company_location"]), residence_region=region(df["employee_residence"]))


@functools.cache
def so_ml(shared_raw: Path) -> pd.DataFrame:
    """Stack Overflow 2024: professional developers in an ML role with pay at or above the floor."""
    raw = pd.read_csv(shared_raw / "so_survey" / "2024" / "stackoverflow_survey_single_response.csv",
                      dtype=str, keep_default_na=False, na_values=["NA"])
    cross = pd.read_csv(shared_raw / "so_survey" / "2024" / "qname_levels_single_response_crosswalk.csv", dtype=str)
    dev = cross[cross["qname"] == "dev_type"].set_index("level")["label"]
    ml_labels = {"Data scientist or machine learning specialist", "Developer, AI"}
    df = raw[(raw["main_branch"] == "1") & raw["converted_comp_yearly"].notna()].copy()
    df = df[df["dev_type"].map(dev).isin(ml_labels)]
    df["pay"] = df["converted_comp_yearly"].astype(float)
    df = df[df["pay"] >= FLOOR]
    reviewed = pd.read_csv(paths.AUTHORED / "so_countries.csv", dtype=str, keep_default_na=False)
    reviewed = reviewed.set_index("so_country")["country_code"].to_dict()

    def code(name: str) -> str:
        if name in reviewed:
            return reviewed[name]
        c = pycountry.countries.get(name=name)
        return c.alpha_2 if c else ""

    df["country"] = df["country"].map(code)
    years = pd.to_numeric(df["years_code_pro"], errors="coerce")
    df["band"] = pd.cut(years, [-1, 0, 3, 6, 10, 99], labels=["0", "1-3", "4-6", "7-10", "11+"])
    return df.assign(region=region(df["country"]))


def variants(aijobs: pd.DataFrame, so: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each source as published and with each analyst's choice flipped alone (notebook 10's sensitivity table)."""
    d = aijobs[~aijobs["duplicate"]]
    return {
        "baseline": d, "duplicates kept": aijobs, "full-time": d[d["employment_type"] == "FT"],
        "uk out": d[d["company_location"] != "GB"],
        "usd out": d[~((d["region"] == "Europe") & (d["salary_currency"] == "USD"))],
        "residence": d.assign(region=d["residence_region"]),
        "so": so, "so uk out": so[so["country"] != "GB"],
    }


#: What each raw variant of tests.raw_sources is, in the words a range end is labelled with (source, region meaning,
#: pay concept, then the analyst's choice when it is not the published baseline).
AIJOBS_POOL, SO_POOL = "aijobs.net, company location, salary", "Stack Overflow 2024, residence, total compensation"
POOLS = {"baseline": AIJOBS_POOL, "duplicates kept": f"{AIJOBS_POOL}, duplicates kept",
         "full-time": f"{AIJOBS_POOL}, full-time only", "uk out": f"{AIJOBS_POOL}, UK out",
         "usd out": f"{AIJOBS_POOL}, USD-paid European records out", "residence": f"{AIJOBS_POOL}, region by residence",
         "so": SO_POOL, "so uk out": f"{SO_POOL}, UK out"}
#: "from ×1.7 [1.5–1.9] (pool) to ×2.4 [2.1–2.7] (pool)": a range across pools, each end with its interval.
ENDS = r"from ×([\d.]+) \[([\d.]+)–([\d.]+)\] \(([^)]*)\) to ×([\d.]+) \[([\d.]+)–([\d.]+)\] \(([^)]*)\)"
#: A bare range of ratios ("×1.7–2.4", or "1.7–2.4×"), which reads as an interval; a labelled interval
#: ("95% interval ×1.42–×1.72") is not one.
BARE_RANGE = re.compile(r"(?<!interval )×\d\.\d+–×?\d\.\d+|\d\.\d+–\d\.\d+×")


def boot_ci(df: pd.DataFrame, pay: str = "pay", reps: int = 1000, seed: int = 7) -> tuple[float, float]:
    """Percentile bootstrap 95% interval of the US / Europe median ratio, each side resampled alone (numpy only)."""
    rng = np.random.default_rng(seed)
    us = df.loc[df["region"] == "United States", pay].to_numpy(dtype=float)
    eu = df.loc[df["region"] == "Europe", pay].to_numpy(dtype=float)
    r = [np.quantile(rng.choice(us, len(us)), 0.5, method="inverted_cdf")
         / np.quantile(rng.choice(eu, len(eu)), 0.5, method="inverted_cdf") for _ in range(reps)]
    return float(np.quantile(r, 0.025)), float(np.quantile(r, 0.975))


def ends(text: str, prefix: str) -> tuple[tuple[float, float, float, str], tuple[float, float, float, str]]:
    """The two ends printed after ``prefix``: (ratio, lo, hi, pool) each."""
    m = re.search(re.escape(prefix) + r"\**,? ?(?:runs )?" + ENDS, text)
    assert m, f"no range with its two ends after {prefix!r}"
    g = m.groups()
    return (float(g[0]), float(g[1]), float(g[2]), g[3]), (float(g[4]), float(g[5]), float(g[6]), g[7])


def check_ends(found, ratios: dict[str, float], frames: dict[str, pd.DataFrame], pay: str = "pay") -> None:
    """Each printed end is the lowest / highest raw ratio (to its printed digit), names a pool whose raw ratio is
    that extreme, and carries an interval that matches a bootstrap of that pool's raw records."""
    by_pool = {POOLS[k]: k for k in ratios}
    for (value, lo, hi, pool), extreme in zip(found, (min(ratios.values()), max(ratios.values())), strict=True):
        assert value == pytest.approx(extreme, abs=0.051)
        assert pool in by_pool, pool
        assert ratios[by_pool[pool]] == pytest.approx(extreme, rel=0.01)  # the named pool gives that end
        b_lo, b_hi = boot_ci(frames[by_pool[pool]], pay)
        assert lo < value < hi
        assert (lo, hi) == pytest.approx((b_lo, b_hi), abs=0.1)



#: The shared reference file of price indices (BLS CPI-U, Eurostat HICP), read here without the curation.
CPI_CSV = paths.ROOT.parent / "shared" / "data" / "reference" / "cpi_annual.csv"


def cpi_u() -> dict[int, float]:
    """US CPI-U annual averages straight from the shared reference CSV (not through the curation or
    helpers.analysis.prices); the calling test is skipped when the file is absent."""
    if not CPI_CSV.is_file():
        pytest.skip(f"{CPI_CSV} not available")
    cpi = pd.read_csv(CPI_CSV, dtype=str)
    cpi = cpi[(cpi["area"] == "US") & cpi["series"].str.startswith("CPI-U")]
    return dict(zip(cpi["year"].astype(int), cpi["value"].astype(float), strict=True))


def real_usd(rows: pd.DataFrame) -> pd.Series:
    """Each binned row's mean salary in constant base-year USD: nominal mean x CPI[base] / CPI[work year]."""
    cpi = cpi_u()
    return rows.sum_usd / rows.n * rows.work_year.astype(int).map(lambda y: cpi[study.PRICE_BASE_YEAR] / cpi[y])
