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
    assert list(bins["grade"].cat.categories) == ["Junior", "Middle", "Senior", "Executive"]
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
    assert g.loc["EX", "grade"] == "Executive" and "executive" in g.loc["EX", "caveat"]


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


# ------------------------------------------------------------- the package is checked complete before loading


@pytest.fixture
def copy(curated_dir, tmp_path):
    import shutil

    out = tmp_path / "curated"
    shutil.copytree(curated_dir, out, ignore=shutil.ignore_patterns("quarantine"))
    return out


def test_a_deleted_table_is_named_with_how_to_rebuild(copy):
    (copy / "countries.csv").unlink()
    with pytest.raises(data.IncompletePackage, match=r"countries\.csv missing.*make data"):
        data.load("grades", copy)  # any table: the package as a whole is incomplete


def test_a_changed_table_is_named(copy):
    f = copy / "grades.csv"
    f.write_bytes(f.read_bytes().replace(b"Junior", b"Junjor", 1))  # same size, other bytes
    with pytest.raises(data.IncompletePackage, match=r"grades\.csv differs from its sha256"):
        data.load("grades", copy)
    (copy / "skills.csv").write_text("skill\n")
    with pytest.raises(data.IncompletePackage, match=r"skills\.csv has 6 bytes"):
        data.load("grades", copy)


def test_a_missing_descriptor_is_named(copy):
    (copy / "datapackage.json").unlink()
    with pytest.raises(FileNotFoundError, match=r"datapackage\.json: missing.*make data"):
        data.salary_bins(copy)


def test_the_check_is_cached_per_folder_and_redone_when_files_change(copy, monkeypatch):
    hashed = []
    real = data.sha256_of
    monkeypatch.setattr(data, "sha256_of", lambda p: hashed.append(p.name) or real(p))
    data.load("grades", copy)
    first = len(hashed)
    assert first == len(data.datapackage(copy)["resources"])  # every resource hashed once
    for name in data.TABLES:
        data.load(name, copy)
    data.curation_report(copy)
    assert len(hashed) == first  # nothing hashed again while the files are unchanged
    grades = copy / "grades.csv"
    grades.write_bytes(grades.read_bytes())  # rewritten (new modification time): checked again
    data.load("grades", copy)
    assert len(hashed) == 2 * first


def test_a_republished_folder_is_loaded_afresh(curated_dir, tmp_path):
    """After an atomic swap the loader sees the new tables, not its cache of the old ones."""
    import shutil

    from helpers.pipeline import curate, publish
    from tests.test_bad_input import GOOD, write_raw

    out = tmp_path / "curated"
    shutil.copytree(curated_dir, out, ignore=shutil.ignore_patterns("quarantine"))
    assert len(data.salary_bins(out)) == len(data.salary_bins(curated_dir))
    publish.write(curate.build(write_raw(tmp_path, GOOD), other_snapshot=True), out)
    # the new, tiny synthetic snapshot is what is read: the study does not fit it, and the loader says so
    with pytest.raises(data.SnapshotMismatch, match="does not fit the study's choices"):
        data.salary_bins(out)
    assert int(data._cached("salary_bins", str(out), data.check_package(out))["n"].sum()) == len(GOOD)
