"""official_statistics: the committed authored file equals a fresh parse of the shared reference files, and its key
figures are the publishers' (read here straight from the files, independently of helpers.pipeline.official)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import data, paths
from helpers.pipeline import official


@pytest.fixture(scope="module")
def ref():
    if not (official.REFERENCE / "bls_oews_national_M2024_dl.csv").is_file():
        pytest.skip("shared reference files not present")
    return official.REFERENCE


def test_authored_file_equals_a_fresh_parse(ref):
    committed = pd.read_csv(paths.AUTHORED / "official_statistics.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(committed, official.read(ref).astype(str).fillna(""))


def test_key_figures_as_published(ref, curated_dir):
    df = data.load("official_statistics", curated_dir).set_index("stat_id")["value"]
    raw = pd.read_csv(ref / "bls_oews_national_M2024_dl.csv", dtype=str).set_index("OCC_CODE")
    assert df["bls_oews_2024_15-1252_mean_annual_wage"] == float(raw.loc["15-1252", "A_MEAN"])
    assert df["bls_oews_2024_15-2051_median_annual_wage"] == float(raw.loc["15-2051", "A_MEDIAN"])
    assert df["bls_cpi_u_2024"] == 313.689 and df["bls_cpi_u_2025"] == 321.943
    assert df["eurostat_hicp_ea_2025base_2025"] == 100.0
    assert df["ons_ashe_2025p_2134_median"] == 55_587
    assert df["de_ba_entgeltatlas_2025_softwareentwickler_median"] == 6_301


def test_censored_or_missing_oews_cells_are_empty_with_a_note(curated_dir):
    df = data.load("official_statistics", curated_dir)
    empty = df[df["value"].isna()]
    assert empty["note"].str.contains("'#'|'\\*'").all()
