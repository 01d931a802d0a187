"""Statistics on binned salary tables: subsets, quantile tables, bootstrap intervals, comparisons, grade steps.

Everything here works on ``salary_bins`` rows (columns ``bin``, ``n``, ``sum_usd`` plus dimensions), so any
grouping's quantiles follow the project's convention (inverted CDF, see :mod:`helpers.binning`). Units: salaries
are **nominal USD per year** as reported (``salary_in_usd``) unless a ``value_col`` from :mod:`helpers.analysis.money`
restates them.

Bootstrap: a percentile bootstrap that resamples *records* from the binned distribution: a replicate draws
``N`` records as a multinomial over the bins with probabilities ``n_i / N``; each bin stands for its mean
salary ``sum_usd / n``. The replicate quantile is drawn exactly via the Beta distribution of a uniform order
statistic (see ``_boot_quantiles``), vectorised with numpy.

One statistic, one number: the random stream of a bootstrap follows from the statistic's definition, never from where
it is computed. :func:`stream` seeds it with a digest of the sample (its counts and values, whatever order or subset
path produced them), the statistic (quantile or mean, ``q``) and the bootstrap size, so the same median of the same
records has the same interval on every page. A comparison of two groups reuses each group's own replicates, so a
ratio's interval is drawn from the very replicates behind the two medians' intervals. The replicate count, the level
and the small-sample threshold are the study's choices (:mod:`helpers.study`).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers import binning, licensing, schema, study

#: Grade-to-grade steps of the ladder, in order.
GRADE_STEPS: tuple[tuple[str, str], ...] = tuple(zip(schema.GRADES[:-1], schema.GRADES[1:], strict=True))
#: The study's bootstrap size and confidence level.
N_BOOT: int = study.N_BOOT
LEVEL: float = study.CI_LEVEL


def is_small(n: int | float) -> bool:
    """True when a group of ``n`` records is below ``study.SMALL_SAMPLE_N`` (too small to conclude from)."""
    return bool(n < study.SMALL_SAMPLE_N)


def subset(bins: pd.DataFrame, **filters: object) -> pd.DataFrame:
    """Rows of ``bins`` matching every filter; each filter is a scalar or a list/tuple/set of allowed values.

    >>> subset(b, role_family="ml_engineering", region=["United States", "Europe"], work_year=[2023, 2024])  # doctest: +SKIP
    """
    mask = np.ones(len(bins), dtype=bool)
    for col, allowed in filters.items():
        if col not in bins.columns:
            raise KeyError(f"no column {col!r} to filter on; columns: {', '.join(map(str, bins.columns))}")
        if isinstance(allowed, list | tuple | set | frozenset | np.ndarray | pd.Index | pd.Series):
            mask &= bins[col].isin(list(allowed)).to_numpy()
        else:
            mask &= (bins[col] == allowed).to_numpy()
    return bins.loc[mask]


def _groups(bins: pd.DataFrame, by: list[str]) -> Iterable[tuple[tuple, pd.DataFrame]]:
    """(key tuple, rows) per observed group with n > 0, in sorted (categorical) order."""
    if not by:
        yield (), bins
        return
    for key, g in bins.groupby(list(by), observed=True, sort=True):
        if g["n"].sum() > 0:
            yield (key if isinstance(key, tuple) else (key,)), g


def _restore_dtypes(out: pd.DataFrame, bins: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    for col in by:
        if isinstance(bins[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(bins[col].dtype)
    return licensing.carry(out, bins)  # a table of statistics keeps the provenance of the rows it summarises


def quantile_table(bins: pd.DataFrame, by: list[str], qs: Iterable[float] = tuple(binning.QUANTILES.values())) -> pd.DataFrame:
    """One row per group of ``by`` (sorted, observed categories only) with ``n``, ``p10``..``p90`` and ``small_sample``.

    Quantiles are :func:`helpers.binning.binned_quantile` (inverted CDF, within 1% of exact), nominal USD per year.
    """
    qs = tuple(qs)
    rows = []
    for key, g in _groups(bins, list(by)):
        vals = binning.binned_quantile(g, np.asarray(qs))
        n = int(g["n"].sum())
        quantiles = {binning.quantile_column(q): float(v) for q, v in zip(qs, vals, strict=True)}
        rows.append({**dict(zip(by, key, strict=True)), "n": n, **quantiles,
                     "small_sample": is_small(n)})
    cols = [*by, "n", *(binning.quantile_column(q) for q in qs), "small_sample"]
    return _restore_dtypes(pd.DataFrame(rows, columns=cols), bins, list(by))


@dataclass(frozen=True)
class Estimate:
    """A point estimate with a (bootstrap) confidence interval ``[lo, hi]`` at ``level``, from ``n`` records.

    For a comparison of two groups ``n`` is the smaller group's size and ``ns`` holds both sizes.
    ``value`` is NaN when a group is empty (``n == 0``).
    """

    value: float
    lo: float
    hi: float
    n: int
    level: float = LEVEL
    ns: tuple[int, ...] = field(default=())

    @property
    def small_sample(self) -> bool:
        """True when (the smaller) group has fewer than ``study.SMALL_SAMPLE_N`` records."""
        return is_small(self.n)

    @property
    def available(self) -> bool:
        """False when there was nothing to estimate from (empty group)."""
        return not math.isnan(self.value)

    def excludes(self, x: float) -> bool:
        """True when the interval lies entirely above or below ``x`` (e.g. 1 for a ratio, 0 for a difference)."""
        return bool(self.available and (self.lo > x or self.hi < x))




def _collapse(bins: pd.DataFrame, value_col: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Counts and representative values sorted by value, dropping empty rows.

    Default: per salary bin, its count and mean salary (``sum_usd / n``). With ``value_col``: each row stands for its
    ``n`` records at value ``bins[value_col]`` (rows with a missing value are dropped), equal values merged.
    """
    if value_col is None:  # numpy, not a pandas groupby: this runs thousands of times per explorer build
        bin_ids, inv = np.unique(bins["bin"].to_numpy(dtype="int64"), return_inverse=True)
        n = np.bincount(inv, weights=bins["n"].to_numpy(dtype="float64"), minlength=bin_ids.size)
        total = np.bincount(inv, weights=bins["sum_usd"].to_numpy(dtype="float64"), minlength=bin_ids.size)
        keep = n > 0
        return n[keep].astype("int64"), total[keep] / n[keep]
    v = bins[value_col].to_numpy(dtype="float64", na_value=np.nan)
    n = bins["n"].to_numpy(dtype="int64")
    keep = ~np.isnan(v) & (n > 0)
    uniq, inv = np.unique(v[keep], return_inverse=True)
    return np.bincount(inv, weights=n[keep]).astype("int64"), uniq


def _point(counts: np.ndarray, values: np.ndarray, q: float) -> float:
    """Inverted-CDF quantile of collapsed data (same convention as binning.binned_quantile)."""
    return float(binning.weighted_quantile(values, counts, q)[0])


def _boot_quantiles(counts: np.ndarray, means: np.ndarray, q: float, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` bootstrap replicates of the inverted-CDF q-quantile of a binned sample (vectorised).

    Resampling ``N`` records as a multinomial over the bins (probabilities ``n_i / N``) and taking the
    ``k = ceil(q N)``-th order statistic is done exactly without drawing the ``N`` records: the k-th smallest of ``N``
    uniforms is Beta(k, N - k + 1), and mapping it through the sample's inverse CDF gives the k-th smallest
    resampled value. Same distribution as the multinomial resample, in O(n_boot log bins).
    """
    total = int(counts.sum())
    k = max(math.ceil(q * total - 1e-9), 1)
    u = rng.beta(k, total - k + 1, size=n_boot)
    cdf = counts.cumsum() / total
    pos = np.searchsorted(cdf, u, side="left")  # smallest bin with F >= u
    return means[np.minimum(pos, means.size - 1)]


def stream(statistic: str, counts: np.ndarray, values: np.ndarray, n_boot: int) -> np.random.Generator:
    """The random generator of one bootstrap, seeded by what is estimated: the statistic's name (e.g. ``"q0.5"``,
    ``"mean"``), the collapsed sample (counts and values, sorted by value) and the number of replicates.

    Values are rounded to the cent so that sums taken in another order cannot change the stream.
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{statistic}|{n_boot}|".encode())
    h.update(np.ascontiguousarray(counts, dtype="int64").tobytes())
    h.update(np.ascontiguousarray(np.round(values, 2), dtype="float64").tobytes())
    return np.random.default_rng(np.frombuffer(h.digest(), dtype="uint32").tolist())


def _quantile_reps(counts: np.ndarray, values: np.ndarray, q: float, n_boot: int) -> np.ndarray:
    """The replicates behind a q-quantile's interval (the same ones wherever that quantile of that sample is needed)."""
    return _boot_quantiles(counts, values, q, n_boot, stream(f"q{q!r}", counts, values, n_boot))


def _interval(reps: np.ndarray, level: float) -> tuple[float, float]:
    alpha = (1 - level) / 2
    lo, hi = np.quantile(reps, [alpha, 1 - alpha])
    return float(lo), float(hi)


_NAN = float("nan")


def bootstrap_quantile(bins_subset: pd.DataFrame, q: float = 0.5, n_boot: int = N_BOOT, level: float = LEVEL,
                       value_col: str | None = None) -> Estimate:
    """The q-quantile (nominal USD per year) of a binned sample with a percentile-bootstrap CI.

    With ``value_col`` (e.g. ``"ppp_usd"`` or ``"wage_multiple"`` from :func:`reference_bins`) each row's records take
    that value instead of their bin's mean salary. Returns an :class:`Estimate` with NaN value and bounds when the
    subset is empty.
    """
    counts, means = _collapse(bins_subset, value_col)
    if counts.size == 0:
        return Estimate(_NAN, _NAN, _NAN, 0, level)
    value = _point(counts, means, q)
    lo, hi = _interval(_quantile_reps(counts, means, q, n_boot), level)
    return Estimate(value, lo, hi, int(counts.sum()), level)


def bootstrap_mean(bins_subset: pd.DataFrame, n_boot: int = N_BOOT, level: float = LEVEL) -> Estimate:
    """Exact mean salary of a binned sample (``sum(sum_usd) / sum(n)``) with a percentile-bootstrap interval.

    Replicates resample records as a multinomial over bins, each bin standing for its mean salary (the spread inside a
    1% bin is ignored: negligible for the interval). NaN estimate for an empty sample.
    """
    counts, means = _collapse(bins_subset)
    total = int(counts.sum())
    if total == 0:
        return Estimate(_NAN, _NAN, _NAN, 0, level)
    value = float(bins_subset["sum_usd"].sum() / total)
    draws = stream("mean", counts, means, n_boot).multinomial(total, counts / total, size=n_boot)
    lo, hi = _interval(draws @ means / total, level)
    return Estimate(value, lo, hi, total, level)


def compare_quantiles(a_bins: pd.DataFrame, b_bins: pd.DataFrame, q: float = 0.5, kind: str = "ratio",
                      n_boot: int = N_BOOT, level: float = LEVEL, value_col: str | None = None) -> Estimate:
    """Compare the q-quantiles of two groups: ``a / b`` (``kind="ratio"``) or ``a - b`` (``kind="diff"``, USD).

    Both groups are bootstrapped independently, each with the replicates of its own quantile's interval
    (:func:`stream`); the CI is the percentile interval of the replicate ratios/differences. ``n`` is the
    smaller group's size, ``ns = (n_a, n_b)``.
    NaN value when either group is empty.
    """
    if kind not in ("ratio", "diff"):
        raise ValueError(f"kind must be 'ratio' or 'diff', not {kind!r}")
    ca, ma = _collapse(a_bins, value_col)
    cb, mb = _collapse(b_bins, value_col)
    ns = (int(ca.sum()), int(cb.sum()))
    if min(ns) == 0:
        return Estimate(_NAN, _NAN, _NAN, min(ns), level, ns)
    qa, qb = _point(ca, ma, q), _point(cb, mb, q)
    ra = _quantile_reps(ca, ma, q, n_boot)
    if np.array_equal(ca, cb) and np.array_equal(ma, mb):  # two samples that happen to be equal are still independent
        rb = _boot_quantiles(cb, mb, q, n_boot, stream(f"q{q!r}|second", cb, mb, n_boot))
    else:
        rb = _quantile_reps(cb, mb, q, n_boot)
    if kind == "ratio":
        value, reps = qa / qb, ra / rb
    else:
        value, reps = qa - qb, ra - rb
    lo, hi = _interval(reps, level)
    return Estimate(value, lo, hi, min(ns), level, ns)


def quantile_ci_table(bins: pd.DataFrame, by: list[str], q: float = 0.5, n_boot: int = N_BOOT,
                      level: float = LEVEL, value_col: str | None = None) -> pd.DataFrame:
    """One row per group of ``by`` (sorted, observed): ``n``, ``value`` (the q-quantile, nominal USD/year), ``lo``, ``hi``,
    ``small_sample``. Input for ``plots.trend`` and
    ``plots.bar_with_ci``."""
    rows = []
    for key, g in _groups(bins, list(by)):
        est = bootstrap_quantile(g, q, n_boot, level=level, value_col=value_col)
        rows.append({**dict(zip(by, key, strict=True)), "n": est.n, "value": est.value, "lo": est.lo, "hi": est.hi,
                     "small_sample": est.small_sample})
    cols = [*by, "n", "value", "lo", "hi", "small_sample"]
    return _restore_dtypes(pd.DataFrame(rows, columns=cols), bins, list(by))


def compare_table(bins: pd.DataFrame, by: list[str], split: str = "region", a: object = study.COMPARED_REGIONS[0],
                  b: object = study.COMPARED_REGIONS[1], q: float = 0.5, kind: str = "ratio", n_boot: int = N_BOOT,
                  level: float = LEVEL, value_col: str | None = None) -> pd.DataFrame:
    """Per group of ``by``: group ``a`` vs group ``b`` of column ``split`` (default US vs Europe).

    Columns: ``by``..., ``n_a``, ``value_a``, ``lo_a``, ``hi_a``, same with ``_b``, ``ratio`` (or ``diff``), ``lo``, ``hi``,
    ``small_sample`` (either side below the threshold). A group where one side is empty keeps NaNs. Input for
    ``plots.dumbbell``. Groups are those observed in either side, sorted. ``value_col`` as in :func:`bootstrap_quantile`.
    """
    both = subset(bins, **{split: [a, b]})
    rows = []
    for key, g in _groups(both, list(by)):
        ga, gb = g[g[split] == a], g[g[split] == b]
        ea = bootstrap_quantile(ga, q, n_boot, level=level, value_col=value_col)
        eb = bootstrap_quantile(gb, q, n_boot, level=level, value_col=value_col)
        c = compare_quantiles(ga, gb, q, kind, n_boot, level=level, value_col=value_col)
        rows.append({**dict(zip(by, key, strict=True)),
                     "n_a": ea.n, "value_a": ea.value, "lo_a": ea.lo, "hi_a": ea.hi,
                     "n_b": eb.n, "value_b": eb.value, "lo_b": eb.lo, "hi_b": eb.hi,
                     kind: c.value, "lo": c.lo, "hi": c.hi, "small_sample": is_small(min(ea.n, eb.n))})
    cols = [*by, "n_a", "value_a", "lo_a", "hi_a", "n_b", "value_b", "lo_b", "hi_b", kind, "lo", "hi", "small_sample"]
    out = _restore_dtypes(pd.DataFrame(rows, columns=cols), bins, list(by))
    out.attrs.update({"a": a, "b": b, "split": split, "kind": kind, "q": q, "value_col": value_col})
    return out


def grade_multipliers(bins: pd.DataFrame, by: list[str] | None = None, n_boot: int = N_BOOT,
                      level: float = LEVEL) -> pd.DataFrame:
    """Median pay multiplier per grade step (Junior→Middle, Middle→Senior, Senior→Executive), within each ``by`` group.

    Columns: ``by``..., ``step`` ("Junior→Middle"...), ``from_grade``, ``to_grade``, ``median_from``, ``median_to``
    (nominal USD/year), ``ratio`` (= median_to / median_from), ``lo``, ``hi`` (bootstrap CI), ``n_from``, ``n_to``,
    ``small_sample`` (either grade below the threshold). Steps where a grade is empty have NaN ratio.
    """
    by = list(by or [])
    rows = []
    for key, g in _groups(bins, by):
        for lo_g, hi_g in GRADE_STEPS:
            g_from, g_to = g[g["grade"] == lo_g], g[g["grade"] == hi_g]
            c = compare_quantiles(g_to, g_from, 0.5, "ratio", n_boot, level=level)
            n_to, n_from = c.ns
            rows.append({**dict(zip(by, key, strict=True)), "step": f"{lo_g}→{hi_g}", "from_grade": lo_g, "to_grade": hi_g,
                         "median_from": float(binning.binned_quantile(g_from, 0.5)[0]) if n_from else _NAN,
                         "median_to": float(binning.binned_quantile(g_to, 0.5)[0]) if n_to else _NAN,
                         "ratio": c.value, "lo": c.lo, "hi": c.hi, "n_from": n_from, "n_to": n_to,
                         "small_sample": is_small(min(n_from, n_to))})
    cols = [*by, "step", "from_grade", "to_grade", "median_from", "median_to", "ratio", "lo", "hi", "n_from", "n_to", "small_sample"]
    out = _restore_dtypes(pd.DataFrame(rows, columns=cols), bins, by)
    out["step"] = pd.Categorical(out["step"], [f"{a}→{b}" for a, b in GRADE_STEPS], ordered=True)
    return out


def country_comparisons(bins: pd.DataFrame, countries: Iterable[str], by: list[str] | None = None, reference: str = study.REFERENCE_COUNTRY,
                        q: float = 0.5, n_boot: int = N_BOOT, level: float = LEVEL) -> pd.DataFrame:
    """:func:`compare_table` of ``reference`` (company_location, default US) against each country, stacked.

    Columns: ``country`` then those of :func:`compare_table` (``a`` = reference, ``b`` = the country). Rows
    where the country has no records in a group are kept with NaNs.
    """
    parts = []
    for c in countries:
        t = compare_table(bins, list(by or []), split="company_location", a=reference, b=c, q=q, n_boot=n_boot,
                          level=level)
        parts.append(t.assign(country=c) if len(t) else t)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    cols = ["country", *[c for c in out.columns if c != "country"]]
    out = out[cols]
    out.attrs.update({"a": reference, "b": "country", "split": "company_location", "kind": "ratio", "q": q})
    return out


def intervals_overlap(a: pd.Series, b: pd.Series) -> bool:
    """True when the ``[lo, hi]`` intervals of two rows overlap (a conservative check for 'no clear difference')."""
    return bool(a["lo"] <= b["hi"] and b["lo"] <= a["hi"])
