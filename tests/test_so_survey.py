"""The Stack Overflow 2024 source: bad input is quarantined with a reason or refused, the books balance, the mappings
are complete, and the binned table gives back the raw file's figures (computed here with pandas, independently)."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry
import pytest

from helpers import binning, data, paths, study
from helpers.pipeline import curate, so_survey
from helpers.surveys import so_survey as so_declared

QS = list(binning.QUANTILES.values())
GOOD = [  # response_id ... converted_comp_yearly: professional developers with pay, and one student without
    "1,1,2,3,2,10,5,6,4,NA,NA,United States of America,USD\tUnited States dollar,160000,1,1,1,1,1,1,1,1,1,1,1,160000,0,0",
    "2,1,2,1,2,10,2,11,3,NA,NA,Germany,EUR European Euro,70000,1,1,1,1,1,1,1,1,1,1,1,75000,0,0",
    "3,1,2,2,2,3,0,16,6,NA,NA,United Kingdom of Great Britain and Northern Ireland,GBP\tPound sterling,40000,"
    "1,1,1,1,1,1,1,1,1,1,1,50000,0,0",
    "4,2,1,NA,1,2,NA,NA,NA,NA,NA,India,NA,NA,1,1,1,1,1,1,1,1,1,1,1,NA,0,0",
]


def so_raw(tmp_path: Path, lines: list[str], header: str = ",".join(so_declared.SO_COLUMNS)) -> Path:
    raw = tmp_path / "raw"
    f = raw / so_survey.SO_FILE
    f.parent.mkdir(parents=True)
    f.write_text("".join(x + "\n" for x in [header, *lines]), encoding="utf-8")
    shutil.copy(paths.SHARED_RAW / so_survey.CROSSWALK_FILE, raw / so_survey.CROSSWALK_FILE)
    return raw


def build(raw: Path) -> so_survey.SOCurated:
    return so_survey.build(raw, paths.AUTHORED, paths.SOURCES_MANIFEST, strict=False, other_snapshot=True)


def balanced(so: so_survey.SOCurated) -> dict:
    r = so.report
    assert r["rows_read"] == r["rows_valid"] + r["rows_rejected"] + r["duplicates_removed"]
    assert r["rows_valid"] == r["rows_kept"] + sum(r["out_of_scope"].values())
    assert int(so.tables["so_salary_bins"]["n"].sum()) == r["rows_kept"]
    return r


@pytest.fixture(autouse=True)
def _mirror(shared_raw):
    """Every test here needs the crosswalk or the file from the local mirror."""


def test_good_lines_are_kept_and_scoped(tmp_path):
    r = balanced(build(so_raw(tmp_path, GOOD)))
    assert r["rows_kept"] == 3 and r["out_of_scope"]["not_professional_developer"] == 1 and r["rows_rejected"] == 0


#: Bad lines, each with the one reason it must be quarantined for; the stray quote comes last (nothing after it to pair with).
BAD_LINES: list[tuple[str, str]] = [
    (GOOD[0].replace("1,1,2,3,2,10,5,6,", "1,1,2,3,2,10,5,99,", 1), "unknown_code"),
    (GOOD[0].replace("1,1,2,3,2,10,5,6,4,", "1,9,2,3,2,10,5,6,4,", 1), "unknown_code"),
    (GOOD[0].replace(",10,5,6,", ",10,five,6,", 1), "invalid_years_code_pro"),
    (GOOD[0].replace(",10,5,6,", ",10,52,6,", 1), "invalid_years_code_pro"),
    (GOOD[0].replace("United States of America", "Atlantis"), "unknown_country_name"),
    (GOOD[0].replace(",160000,0,0", ",lots,0,0"), "non_numeric_pay"),
    (GOOD[0].replace(",160000,0,0", ",0,0,0"), "non_positive_pay"),
    (GOOD[0].replace(",160000,0,0", ",-5,0,0"), "non_positive_pay"),
    (GOOD[0].replace(",160000,0,0", ",9000000,0,0"), "absurd_pay"),
    ("x" + GOOD[0], "invalid_response_id"),
    (",".join(so_declared.SO_COLUMNS), "repeated_header"),
    (GOOD[0] + ",extra", "malformed_line"),
    (GOOD[0].replace("United States of America", '"United States'), "unbalanced_quote"),
]


@pytest.fixture(scope="module")
def all_bad_lines(shared_raw, tmp_path_factory) -> tuple[list[tuple[int, str]], dict]:
    """Every line of :data:`BAD_LINES` after the good ones, in one file curated once (each record is checked on its
    own, so a line gets the same reason here as alone): the rejects' (line, reason) pairs and the report."""
    so = build(so_raw(tmp_path_factory.mktemp("bad"), [*GOOD, *(line for line, _ in BAD_LINES)]))
    return list(zip(so.rejects["line"].tolist(), so.rejects["reason"].tolist(), strict=True)), balanced(so)


@pytest.mark.parametrize(("line", "reason"), BAD_LINES)
def test_bad_line_is_quarantined_with_its_reason_and_line(all_bad_lines, line, reason):
    pairs, r = all_bad_lines
    at = len(GOOD) + 2 + BAD_LINES.index((line, reason))  # after the header and the good lines
    assert [p for p in pairs if p[0] == at] == [(at, reason)]  # this line: quarantined once, with its reason
    assert [n for n, _ in pairs] == list(range(len(GOOD) + 2, len(GOOD) + 2 + len(BAD_LINES)))  # and no other line
    expected = collections.Counter(why for _, why in BAD_LINES)
    assert r["rows_rejected"] == len(BAD_LINES) and {k: n for k, n in r["rejected_by_reason"].items() if n} == expected


def test_exact_duplicates_are_counted_not_kept(tmp_path):
    r = balanced(build(so_raw(tmp_path, [*GOOD, GOOD[0]])))
    assert r["duplicates_removed"] == 1 and r["rows_kept"] == 3


@pytest.mark.parametrize("header", [
    ",".join(so_declared.SO_COLUMNS[:-1]),
    ",".join([*so_declared.SO_COLUMNS, "salary"]),
    ",".join(c if c != "country" else "Country" for c in so_declared.SO_COLUMNS),
])
def test_wrong_columns_are_refused_naming_them(tmp_path, header):
    with pytest.raises(so_survey.SOFileError, match="header"):
        build(so_raw(tmp_path, GOOD, header))


def test_the_pinned_snapshot_is_required_unless_asked(tmp_path):
    from helpers.pipeline.sources import SnapshotMismatch
    with pytest.raises(SnapshotMismatch):
        so_survey.build(so_raw(tmp_path, GOOD), paths.AUTHORED, paths.SOURCES_MANIFEST, strict=False, other_snapshot=False)


def test_strict_curation_refuses_a_missing_source(tmp_path, shared_raw):
    raw = tmp_path / "raw"
    (raw / "aijobs").mkdir(parents=True)
    shutil.copy(shared_raw / curate.SALARIES_FILE, raw / curate.SALARIES_FILE)
    with pytest.raises(curate.CurationError, match="not found"):
        curate.build(raw, strict=True)


# ---------------------------------------------------------------- the real file


@pytest.fixture(scope="module")
def raw_so(shared_raw) -> pd.DataFrame:
    """Professional developers with pay, decoded here with pandas (not through the pipeline)."""
    df = pd.read_csv(shared_raw / so_survey.SO_FILE, na_values=["NA"], keep_default_na=True)
    reviewed = pd.read_csv(paths.AUTHORED / "so_countries.csv", dtype=str, keep_default_na=False)
    table = dict(zip(reviewed["so_country"], reviewed["country_code"], strict=True))
    df = df[df["country"].notna()].copy()
    df["cc"] = df["country"].map(lambda n: table[n] if n in table else pycountry.countries.lookup(n).alpha_2)
    df["region"] = np.where(df["cc"] == "US", "United States", np.where(df["cc"].isin(study.EUROPE), "Europe", "Other"))
    df["ml"] = df["dev_type"].isin([6, 11])
    ycp = df["years_code_pro"]
    df["grade"] = np.select([ycp == 0, ycp.between(1, 3), ycp >= 4], ["Junior", "Middle", "Senior"], None)
    return df[(df["main_branch"] == 1) & (df["converted_comp_yearly"] > 0) & (df["converted_comp_yearly"] <= 5_000_000)]


def test_every_crosswalk_dev_type_and_every_country_name_is_mapped(shared_raw):
    cw = pd.read_csv(shared_raw / so_survey.CROSSWALK_FILE)
    mapped = pd.read_csv(paths.AUTHORED / "so_dev_types.csv")
    assert set(cw.loc[cw["qname"] == "dev_type", "label"]) == set(mapped["dev_type"])
    assert set(mapped.loc[mapped["ml_role"], "dev_type"]) == {"Data scientist or machine learning specialist", "Developer, AI"}
    names = pd.read_csv(shared_raw / so_survey.SO_FILE, usecols=["country"], na_values=["NA"])["country"].dropna().unique()
    reviewed = pd.read_csv(paths.AUTHORED / "so_countries.csv", dtype=str, keep_default_na=False)
    codes = so_survey.country_codes(pd.Series(names), reviewed)
    assert codes.notna().all(), list(pd.Series(names)[codes.isna()])


def test_real_books_balance_and_match_pandas(curated_dir, raw_so):
    r = data.curation_report(curated_dir)["so_survey"]
    assert r["rows_read"] == 65_437 == r["rows_valid"] + r["rows_rejected"] + r["duplicates_removed"]
    assert r["rows_kept"] == len(raw_so)
    assert r["rejected_by_reason"]["absurd_pay"] == r["rows_rejected"]


def test_issue_9_figures_from_the_raw_file_and_from_the_bins(raw_so, curated_dir):
    ml = raw_so[raw_so["ml"]]
    bins = data.load("so_salary_bins", curated_dir)
    mlb = bins[bins["ml_role"]]
    for region, n, median in (("United States", 132, 160_000), ("Europe", 228, 67_666)):
        pay = ml.loc[ml["region"] == region, "converted_comp_yearly"]
        assert len(pay) == n and np.quantile(pay, 0.5, method="inverted_cdf") == median
        g = mlb[mlb["region"] == region]
        assert int(g["n"].sum()) == n
        assert abs(binning.binned_quantile(g, [0.5])[0] / median - 1) <= 0.01
    for cc, n in (("GB", 23), ("DE", 60)):
        assert int(mlb.loc[mlb["residence_country"] == cc, "n"].sum()) == n


@pytest.mark.parametrize("by", [["region"], ["region", "grade"], ["ml_role", "region"], ["residence_country"]])
def test_binned_quantiles_within_one_percent_of_exact(raw_so, curated_dir, by):
    bins = data.load("so_salary_bins", curated_dir)
    raw = raw_so.assign(ml_role=raw_so["ml"], residence_country=raw_so["cc"].replace("", None))
    got = {k: binning.binned_quantile(g, QS) for k, g in bins.groupby(by, observed=True)}
    worst = 0.0
    for key, g in raw.dropna(subset=by).groupby(by):
        e = np.quantile(g["converted_comp_yearly"].to_numpy(), QS, method="inverted_cdf")
        worst = max(worst, float(np.max(np.abs(got[key] / e - 1))))
    assert worst <= 0.01, f"worst relative error {worst:.4f} for {by}"
