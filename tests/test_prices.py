"""Constant prices (helpers.analysis.prices), checked against the publishers' figures in the shared reference CSV."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from helpers import paths, study
from helpers.analysis import prices

REFERENCE_CSV = paths.ROOT.parent / "shared" / "data" / "reference" / "cpi_annual.csv"


def _raw(area: str, unit_part: str) -> dict[int, float]:
    """Annual index values straight from the shared reference CSV (not through the curation)."""
    if not REFERENCE_CSV.is_file():
        pytest.skip(f"{REFERENCE_CSV} not available")
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as fh:
        return {int(r["year"]): float(r["value"]) for r in csv.DictReader(fh)
                if r["area"] == area and unit_part in r["unit"]}


def cpi() -> dict[int, float]:
    return _raw("US", "1982-84=100")


def hicp() -> dict[int, float]:
    return _raw("EA", "2025=100")


def test_base_year_is_a_full_year_of_both_indices() -> None:
    assert study.PRICE_BASE_YEAR == study.LATEST_FULL_YEAR
    assert study.PRICE_BASE_YEAR in cpi() and study.PRICE_BASE_YEAR in hicp()


@pytest.mark.parametrize(("index", "raw"), [("cpi_u", cpi), ("hicp_ea", hicp)])
def test_deflator_is_base_over_year_from_the_published_values(index: str, raw) -> None:
    values = raw()
    f = prices.deflator(index)
    assert sorted(f.index) == sorted(values)
    for y, v in values.items():
        assert f[y] == pytest.approx(values[study.PRICE_BASE_YEAR] / v, rel=1e-12)
    assert f[study.PRICE_BASE_YEAR] == 1.0


def test_a_2020_dollar_in_2024_prices() -> None:
    c = cpi()
    out = prices.to_constant(pd.DataFrame({"work_year": [2020, 2024], "p50": [100_000.0, 100_000.0]}), ["p50"],
                             base_year=2024)
    assert out["p50_constant"].tolist() == pytest.approx([100_000 * c[2024] / c[2020], 100_000.0])
    assert list(out.columns[:3]) == ["work_year", "p50", "p50_constant"]  # constant beside nominal
    assert out.attrs["price_label"] == "constant 2024 USD (CPI-U)"
    assert prices.price_change(2020, 2024) == pytest.approx(c[2024] / c[2020] - 1)
    assert 0.20 < prices.price_change(2020, 2024) < 0.22  # the "about 21%"


def test_euro_amounts_in_hicp_prices() -> None:
    h = hicp()
    out = prices.to_constant(pd.DataFrame({"work_year": [2021], "eur": [50_000.0]}), ["eur"], index="hicp_ea")
    assert out["eur_constant"].iloc[0] == pytest.approx(50_000 * h[study.PRICE_BASE_YEAR] / h[2021])
    assert prices.label("hicp_ea", 2024) == "constant 2024 EUR (HICP)"


def test_a_year_without_an_index_is_an_error_or_a_nan_with_its_reason() -> None:
    df = pd.DataFrame({"work_year": [2018, 2020], "v": [1.0, 1.0]})
    with pytest.raises(prices.MissingPriceIndex, match="2018"):
        prices.to_constant(df, ["v"], index="hicp_ea")  # the 2025=100 HICP starts in 2019: never spliced
    out = prices.to_constant(df, ["v"], index="hicp_ea", missing="nan")
    assert np.isnan(out["v_constant"].iloc[0]) and "no HICP value for 2018" in out["price_note"].iloc[0]
    assert out["v_constant"].iloc[1] == pytest.approx(hicp()[study.PRICE_BASE_YEAR] / hicp()[2020])
    with pytest.raises(prices.MissingPriceIndex, match="base year 2030"):
        prices.deflator("cpi_u", 2030)
    with pytest.raises(ValueError, match="unknown price index"):
        prices.deflator("rpi")


def test_a_partial_year_is_refused_as_base_and_noted_where_used() -> None:
    with pytest.raises(prices.MissingPriceIndex, match="partial"):
        prices.deflator("cpi_u", 2025)
    out = prices.to_constant(pd.DataFrame({"work_year": [2025], "v": [1.0]}), ["v"])
    assert "11 months" in out["price_note"].iloc[0]


def test_real_ratio_removes_the_price_rise_between_the_two_years() -> None:
    c = cpi()
    assert prices.real_ratio(1.05, 2024, 2023) == pytest.approx(1.05 * c[2023] / c[2024])
    bounds = prices.real_ratio(np.array([0.9, 1.1]), 2024, 2023)
    assert bounds == pytest.approx(np.array([0.9, 1.1]) * c[2023] / c[2024])
    with pytest.raises(prices.MissingPriceIndex):
        prices.real_ratio(1.0, 2024, 2010)


def test_no_index_value_is_typed_into_the_module() -> None:
    text = (paths.ROOT / "src" / "helpers" / "analysis" / "prices.py").read_text(encoding="utf-8")
    for v in [*cpi().values(), *hicp().values()]:
        assert f"{v}" not in text


def test_a_year_on_year_comparison_in_real_terms() -> None:
    c = cpi()
    t = pd.DataFrame({"grade": ["Senior"], "n_a": [100], "value_a": [210.0], "lo_a": [200.0], "hi_a": [220.0],
                      "n_b": [90], "value_b": [200.0], "lo_b": [190.0], "hi_b": [210.0], "ratio": [1.05], "lo": [0.98],
                      "hi": [1.12], "small_sample": [False]})
    t.attrs.update({"a": 2024, "b": 2023, "split": "work_year", "kind": "ratio"})
    out = prices.real_comparison(t)
    assert out["ratio_constant"].iloc[0] == pytest.approx(1.05 * c[2023] / c[2024])
    assert out[["lo_constant", "hi_constant"]].iloc[0].tolist() == pytest.approx([0.98 * c[2023] / c[2024],
                                                                                  1.12 * c[2023] / c[2024]])
    assert out["value_b_constant"].iloc[0] == pytest.approx(200.0 * c[study.PRICE_BASE_YEAR] / c[2023])
    by_region = t.copy()
    by_region.attrs = {"a": "United States", "b": "Europe", "split": "region"}
    with pytest.raises(ValueError, match="work_year"):
        prices.real_comparison(by_region)


def test_row_amounts_restate_binned_euros() -> None:
    h = hicp()
    bins = pd.DataFrame({"work_year": [2021, 2024], "n": [2, 1], "sum_eur": [100_000, 70_000]})
    out = prices.row_amounts(bins)
    assert out["eur"].tolist() == [50_000.0, 70_000.0]
    assert out["eur_constant"].tolist() == pytest.approx([50_000 * h[study.PRICE_BASE_YEAR] / h[2021], 70_000.0])
