"""The committed dataset is exactly what the code builds from the real raw file, and it is right.

Expected values here are computed independently with pandas/numpy straight from the raw CSV,
never copied from the curated output.
"""

from __future__ import annotations

import collections
import filecmp
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import binning, data, paths, schema, study
from helpers.pipeline import curate

pytestmark = pytest.mark.slow  # curates the whole real file, twice

QS = list(binning.QUANTILES.values())


@pytest.fixture(scope="module")
def rebuilt(shared_raw, tmp_path_factory) -> Path:
    """data/curated rebuilt from ../shared/data/raw into a temporary folder, as CI does it: --strict (no unmapped title)."""
    out = tmp_path_factory.mktemp("rebuild") / "curated"
    curate.curate(shared_raw, out, strict=True)
    return out


def committed_files(folder: Path) -> list[str]:
    """The files git holds in a curated folder: the quarantine (raw records, git-ignored) is not among them."""
    return sorted(p.name for p in folder.iterdir() if p.is_file())


@pytest.fixture(scope="module")
def raw(shared_raw) -> pd.DataFrame:
    """The raw file with pandas, exact duplicates dropped, families and regions attached."""
    df = pd.read_csv(shared_raw / curate.SALARIES_FILE)
    titles = pd.read_csv(paths.AUTHORED / "role_families.csv")
    df = df.drop_duplicates().merge(titles[["job_title", "role_family"]], on="job_title", how="left")
    df["grade"] = df["experience_level"].map(schema.GRADE_OF_LEVEL)
    df["region"] = np.select(
        [df["company_location"].eq("US"), df["company_location"].isin(study.EUROPE)], ["United States", "Europe"], "Other"
    )
    return df


def test_rebuild_equals_committed(rebuilt, curated_dir):
    committed = committed_files(curated_dir)
    assert committed_files(rebuilt) == committed
    _, mismatch, errors = filecmp.cmpfiles(rebuilt, curated_dir, committed, shallow=False)
    assert not mismatch and not errors, f"data/curated drifted from the code: {mismatch or errors}; run `make data`"


def test_curating_twice_is_byte_identical(shared_raw, rebuilt, tmp_path):
    again = tmp_path / "curated"
    curate.curate(shared_raw, again)
    names = [*committed_files(rebuilt), "quarantine/salaries_rejected.csv"]
    assert filecmp.cmpfiles(rebuilt, again, names, shallow=False)[1:] == ([], [])


def test_row_accounting_matches_pandas(shared_raw, curated_dir):
    df = pd.read_csv(shared_raw / curate.SALARIES_FILE)
    report = data.curation_report(curated_dir)
    assert report["rows_read"] == len(df)
    assert report["duplicates_removed"] == int(df.duplicated().sum())
    assert report["rows_read"] == report["rows_kept"] + report["rows_rejected"] + report["duplicates_removed"]


def test_every_raw_title_has_a_family(raw):
    assert raw["role_family"].notna().all()
    assert set(raw["role_family"]) <= set(schema.ROLE_FAMILIES)


def test_summary_equals_numpy_on_raw(raw, curated_dir):
    summary = data.salary_summary(curated_dir)
    years = summary[summary["work_year"] != "all"]
    # the summary's rows by key, read once (a boolean filter of the whole table per group costs more than the check)
    keys = list(zip(years.work_year, years.grade, years.region, years.role_family, strict=True))
    copies = collections.Counter(keys)
    rows = dict(zip(keys, zip(years[list(binning.QUANTILES)].to_numpy().tolist(), years["n"], years["mean_usd"], strict=True),
                    strict=True))
    salary = raw["salary_in_usd"].to_numpy()
    for (year, grade, region, fam), at in raw.groupby(["work_year", "grade", "region", "role_family"]).indices.items():
        key = (str(year), grade, region, fam)
        assert copies[key] == 1
        quantiles, n, mean = rows[key]
        expected = np.quantile(salary[at], QS, method="inverted_cdf")
        assert quantiles == expected.round().tolist()
        assert int(n) == len(at)
        assert abs(mean - salary[at].mean()) <= 0.5


@pytest.mark.parametrize(
    "by",
    [
        ["work_year", "grade", "region", "role_family"],
        ["grade", "region"],
        ["grade", "company_location"],
        ["role_family", "company_size", "remote_ratio"],
        ["work_year", "employment_type"],
    ],
)
def test_binned_quantiles_within_two_percent_of_exact(raw, curated_dir, by):
    bins = data.salary_bins(curated_dir)
    got = {k: binning.binned_quantile(g, QS) for k, g in bins.groupby(by, observed=True)}
    exact = raw.groupby(by)["salary_in_usd"]
    assert len(got) == exact.ngroups
    worst = 0.0
    for key, g in exact:
        e = np.quantile(g.to_numpy(), QS, method="inverted_cdf")
        worst = max(worst, float(np.max(np.abs(got[key] / e - 1))))
    assert worst <= 0.02, f"worst relative error {worst:.4f} for grouping {by}"
