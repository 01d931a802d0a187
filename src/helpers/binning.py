"""Salary bins and the project's quantile convention.

Salaries are binned on a log scale: bin ``i`` holds salaries in ``[RATIO**i, RATIO**(i+1))`` USD.
With ``RATIO = 1.01`` every bin is 1% wide, and each binned cell also stores the sum of the
salaries in it, so a bin's representative value is the mean of what fell in it.

Quantiles follow one convention everywhere: the *inverted CDF* (Hyndman & Fan type 1, numpy's
``method="inverted_cdf"``): the q-quantile is the smallest observed value ``x`` with
``F(x) >= q``. It always returns an observed salary, which is what makes quantiles recovered
from bins exact to within one bin width (1%) for any grouping and any sample size.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

RATIO = 1.01
_LOG_RATIO = math.log(RATIO)



def quantile_column(q: float) -> str:
    """The column name of the ``q``-quantile in every table of the project: ``0.1 -> 'p10'``, ``0.5 -> 'p50'``."""
    pct = q * 100
    if not 0 < q < 1 or abs(pct - round(pct)) > 1e-9:
        raise ValueError(f"quantile {q!r} has no column name: expected a whole percentile between 0 and 1")
    return f"p{round(pct):d}"


#: The quantiles every summary reports, keyed by their column name (``p10`` .. ``p90``).
QUANTILES: dict[str, float] = {quantile_column(q): q for q in (0.10, 0.25, 0.50, 0.75, 0.90)}


def bin_index(salary_usd: np.ndarray | pd.Series | float) -> np.ndarray:
    """Index of the 1%-wide log bin holding each (positive) salary."""
    x = np.asarray(salary_usd, dtype="float64")
    idx = np.floor(np.log(x) / _LOG_RATIO + 1e-12).astype("int64")
    return idx


def bin_edges(index: np.ndarray | pd.Series | int) -> tuple[np.ndarray, np.ndarray]:
    """Lower (inclusive) and upper (exclusive) edges in USD of the given bin indices."""
    i = np.asarray(index, dtype="float64")
    return RATIO**i, RATIO ** (i + 1)


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float | np.ndarray) -> np.ndarray:
    """Inverted-CDF quantile(s) of ``values`` where each value occurs ``weights`` times, as a 1-d array.

    numpy's weighted ``np.quantile(..., method="inverted_cdf")``, which equals
    ``np.quantile(np.repeat(values, weights), q, method="inverted_cdf")`` without materialising the
    repeats (``tests/test_binning.py`` checks it). Zero weights are dropped first, so a value that
    does not occur is never returned. Raises ``ValueError`` on an empty sample.
    """
    v = np.asarray(values, dtype="float64")
    w = np.asarray(weights, dtype="float64")
    if v.shape != w.shape:
        raise ValueError("values and weights must have the same shape")
    keep = w > 0
    if not keep.any():
        raise ValueError("cannot take a quantile of an empty sample")
    qs = np.atleast_1d(np.asarray(q, dtype="float64"))
    return np.quantile(v[keep], qs, weights=w[keep], method="inverted_cdf")


def binned_quantile(bins: pd.DataFrame, q: float | np.ndarray) -> np.ndarray:
    """Quantile(s) from binned counts: the mean salary of the bin holding the target order statistic.

    ``bins`` needs columns ``bin``, ``n`` and ``sum_usd`` (several rows per bin are summed).
    """
    agg = bins.groupby("bin", sort=True)[["n", "sum_usd"]].sum()
    agg = agg[agg["n"] > 0]
    if agg.empty:
        raise ValueError("cannot take a quantile of an empty sample")
    # the bins' positions, weighted by their counts: the quantile position is the bin holding the order statistic
    pos = weighted_quantile(np.arange(len(agg)), agg["n"].to_numpy(), q).astype("int64")
    means = (agg["sum_usd"] / agg["n"]).to_numpy()
    return means[pos]
