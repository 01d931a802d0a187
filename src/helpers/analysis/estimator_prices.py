"""The salary estimator's unit: survey pay restated in constant base-year US dollars (US CPI-U) before it is fitted or scored.

The factors are :func:`helpers.analysis.prices.deflator`'s (curated official statistics, never typed in): a work
year's nominal pay times its factor is the same purchasing power in ``study.PRICE_BASE_YEAR`` prices (factor 1 in the
base year). The partial last work year is restated by its partial-year CPI-U average, as ``prices`` notes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import binning, study
from helpers.analysis import prices

#: The price index and base year of every amount the estimator fits, predicts and scores.
PRICE_INDEX = "cpi_u"
PRICE_BASE_YEAR = study.PRICE_BASE_YEAR
#: The curated tables every estimate is drawn from: the survey bins (fit, similar counts), the CPI-U restating pay
#: (official_statistics) and the countries' regions. Estimates carry them as provenance (:mod:`helpers.licensing`).
DRAWN_FROM: tuple[str, ...] = ("salary_bins", "official_statistics", "countries")


def unit() -> str:
    """The unit of the estimator's amounts: ``'constant 2024 USD (CPI-U)'`` (:func:`helpers.analysis.prices.label`)."""
    return prices.label(PRICE_INDEX, PRICE_BASE_YEAR)


def constant_usd(bins: pd.DataFrame) -> pd.DataFrame:
    """``bins`` (nominal USD, as curated) restated in constant base-year USD, row by row: ``sum_usd`` times the row's
    work-year factor (:func:`helpers.analysis.prices.deflator`), and ``bin`` with its edges re-indexed at the row's
    restated mean (each row's records lie within one 1% bin of it), so pooled years' quantiles are of restated pay.
    Rows of the base year are unchanged. A work year the index does not cover raises
    :class:`helpers.analysis.prices.MissingPriceIndex`."""
    factor = prices.deflator(PRICE_INDEX, PRICE_BASE_YEAR)
    years = bins["work_year"].astype(int)
    absent = sorted(set(years) - set(factor.index))
    if absent:
        raise prices.MissingPriceIndex(f"no {unit()} factor for work year(s) {absent}")
    f = years.map(factor).to_numpy(dtype="float64")
    out = bins.copy()
    out["sum_usd"] = bins["sum_usd"].to_numpy(dtype="float64") * f
    moved = (f != 1.0) & (bins["n"].to_numpy() > 0)
    if moved.any():
        idx = out["bin"].to_numpy(dtype="int64").copy()
        idx[moved] = binning.bin_index(out["sum_usd"].to_numpy()[moved] / out["n"].to_numpy()[moved])
        lower, upper = binning.bin_edges(idx)
        out["bin"] = idx.astype(out["bin"].dtype)
        out["bin_lower_usd"] = np.where(moved, lower, out["bin_lower_usd"]).astype(out["bin_lower_usd"].dtype)
        out["bin_upper_usd"] = np.where(moved, upper, out["bin_upper_usd"]).astype(out["bin_upper_usd"].dtype)
    return out


def truth(test: pd.DataFrame) -> np.ndarray:
    """Each row's mean salary in constant base-year USD (what a prediction for that row is scored against)."""
    c = constant_usd(test)
    return (c["sum_usd"] / c["n"]).to_numpy()
