"""The hand-authored input tables (data/authored/): their columns come from the table definitions, and anything
malformed is an error naming file, line and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import paths, tables
from helpers.pipeline import authored


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of data/authored to break."""
    return Path(shutil.copytree(paths.AUTHORED, tmp_path / "authored"))


def test_every_authored_table_has_its_defined_columns():
    assert set(authored.AUTHORED_TABLES) == {"grades", "role_families", "companies", "reference_wages", "claims", "skills",
                                           "official_statistics", "so_dev_types", "so_countries"}
    for name in authored.AUTHORED_TABLES:
        assert tuple(authored.read_authored(name).columns) == tables.TABLES[name].authored_columns
    # the derived columns of role_families are computed by the curation, not typed by hand
    assert "n_records" in tables.TABLES["role_families"].columns
    assert "n_records" not in tables.TABLES["role_families"].authored_columns


def test_a_missing_column_names_file_and_line(folder):
    path = folder / "companies.csv"
    path.write_text(path.read_text().replace(",note\n", "\n", 1))
    with pytest.raises(authored.AuthoredTableError, match=r"companies\.csv, line 1: columns .* expected"):
        authored.companies(folder)


def test_an_unknown_role_family_names_line_and_column(folder):
    df = authored.read_authored("role_families", folder)
    df.loc[2, "role_family"] = "wizardry"
    df.to_csv(folder / "role_families.csv", index=False)
    with pytest.raises(authored.AuthoredTableError, match=r"role_families\.csv, line 4, column role_family: unknown family 'wizardry'"):
        authored.role_families(folder)


def test_a_figure_that_is_not_a_number_names_line_and_column(folder):
    path = folder / "reference_wages.csv"
    df = authored.read_authored("reference_wages", folder)
    df.loc[2, "value"] = "about 5"
    df.to_csv(path, index=False)
    with pytest.raises(authored.AuthoredTableError, match=r"reference_wages\.csv, line 4, column value: 'about 5' is not a number"):
        authored.reference_wages(folder)


def test_a_missing_table_is_named(folder):
    (folder / "skills.csv").unlink()
    with pytest.raises(authored.AuthoredTableError, match=r"skills\.csv: missing"):
        authored.skills(folder)
