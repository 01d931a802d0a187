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

QUANTILES: dict[str, float] = {"p10": 0.10, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p90": 0.90}


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
    """Inverted-CDF quantile(s) of ``values`` where each value occurs ``weights`` times.

    Equivalent to ``np.quantile(np.repeat(values, weights), q, method="inverted_cdf")`` without
    materialising the repeats. Raises ``ValueError`` on an empty sample.
    """
    v = np.asarray(values, dtype="float64")
    w = np.asarray(weights, dtype="float64")
    if v.shape != w.shape:
        raise ValueError("values and weights must have the same shape")
    keep = w > 0
    v, w = v[keep], w[keep]
    if v.size == 0:
        raise ValueError("cannot take a quantile of an empty sample")
    order = np.argsort(v, kind="stable")
    v, w = v[order], w[order]
    cum = np.cumsum(w)
    total = cum[-1]
    qs = np.atleast_1d(np.asarray(q, dtype="float64"))
    # smallest k (1-based) with k >= q * n, i.e. the ceil(q*n)-th order statistic (at least the 1st)
    target = np.maximum(np.ceil(qs * total - 1e-9), 1.0)
    pos = np.searchsorted(cum, target, side="left")
    return v[np.minimum(pos, v.size - 1)]


def binned_quantile(bins: pd.DataFrame, q: float | np.ndarray) -> np.ndarray:
    """Quantile(s) from binned counts: the mean salary of the bin holding the target order statistic.

    ``bins`` needs columns ``bin``, ``n`` and ``sum_usd`` (several rows per bin are summed).
    """
    agg = bins.groupby("bin", sort=True)[["n", "sum_usd"]].sum()
    agg = agg[agg["n"] > 0]
    if agg.empty:
        raise ValueError("cannot take a quantile of an empty sample")
    cum = agg["n"].to_numpy().cumsum()
    qs = np.atleast_1d(np.asarray(q, dtype="float64"))
    target = np.maximum(np.ceil(qs * cum[-1] - 1e-9), 1.0)
    pos = np.minimum(np.searchsorted(cum, target, side="left"), len(agg) - 1)
    means = (agg["sum_usd"] / agg["n"]).to_numpy()
    return means[pos]
