"""Statistics on the binned salary table: subsets, quantile tables, bootstrap intervals, reference wages.

Everything here works on ``salary_bins`` rows (columns ``bin``, ``n``, ``sum_usd`` plus dimensions), so any
grouping's quantiles follow the project's convention (inverted CDF, see :mod:`helpers.binning`).

Units: salaries are **nominal USD per year** as reported by the survey (``salary_in_usd``), for the record's
work year. Reference-wage conversions (bottom of the module) say their units in each docstring.

Bootstrap: a percentile bootstrap that resamples *records* from the binned distribution: a replicate draws
``N`` records as a multinomial over the bins with probabilities ``n_i / N``; each bin stands for its mean
salary ``sum_usd / n``. The replicate quantile is drawn exactly via the Beta distribution of a uniform order
statistic (see ``_boot_quantiles``), vectorised with numpy and seeded with ``np.random.default_rng(seed)``, so
results are reproducible for a given seed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers import binning, schema

#: Groups with fewer distinct records than this are flagged ``small_sample`` (plotted faded/hatched,
#: labelled "n<30"); their medians and intervals are shown but not used for conclusions.
SMALL_SAMPLE_N: int = 30

#: A seed for ``np.random.default_rng``: an int, or a sequence of ints (e.g. ``[seed, group_index]``).
Seed = int | Sequence[int]

#: Grade-to-grade steps of the ladder, in order.
GRADE_STEPS: tuple[tuple[str, str], ...] = tuple(zip(schema.GRADES[:-1], schema.GRADES[1:], strict=True))


def is_small(n: int | float) -> bool:
    """True when a group of ``n`` records is below :data:`SMALL_SAMPLE_N` (too small to conclude from)."""
    return bool(n < SMALL_SAMPLE_N)


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


def _qname(q: float) -> str:
    return f"p{round(q * 100):d}"


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
    return out


def quantile_table(bins: pd.DataFrame, by: list[str], qs: Iterable[float] = (0.1, 0.25, 0.5, 0.75, 0.9)) -> pd.DataFrame:
    """One row per group of ``by`` (sorted, observed categories only) with ``n``, ``p10``..``p90`` and ``small_sample``.

    Quantiles are :func:`helpers.binning.binned_quantile` (inverted CDF, within 1% of exact), nominal USD per year.
    """
    qs = tuple(qs)
    rows = []
    for key, g in _groups(bins, list(by)):
        vals = binning.binned_quantile(g, np.asarray(qs))
        n = int(g["n"].sum())
        rows.append({**dict(zip(by, key, strict=True)), "n": n, **{_qname(q): float(v) for q, v in zip(qs, vals, strict=True)},
                     "small_sample": is_small(n)})
    cols = [*by, "n", *(_qname(q) for q in qs), "small_sample"]
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
    level: float = 0.95
    ns: tuple[int, ...] = field(default=())

    @property
    def small_sample(self) -> bool:
        """True when (the smaller) group has fewer than :data:`SMALL_SAMPLE_N` records."""
        return is_small(self.n)

    @property
    def available(self) -> bool:
        """False when there was nothing to estimate from (empty group)."""
        return not math.isnan(self.value)

    def excludes(self, x: float) -> bool:
        """True when the interval lies entirely above or below ``x`` (e.g. 1 for a ratio, 0 for a difference)."""
        return bool(self.available and (self.lo > x or self.hi < x))

    def __str__(self) -> str:
        n_txt = " vs ".join(f"{k:,}" for k in self.ns) if self.ns else f"{self.n:,}"
        if not self.available:
            return f"not available (n = {n_txt})"
        return f"{fmt_number(self.value)} ({self.level:.0%} CI {fmt_number(self.lo)}–{fmt_number(self.hi)}; n = {n_txt})"


def fmt_number(x: float) -> str:
    """Readable number: thousands separators, rounded to 500 at >= 10,000; two decimals below 100 (ratios)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 10_000:
        return f"{round(x / 500) * 500:,.0f}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.2f}"


def _collapse(bins: pd.DataFrame, value_col: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Counts and representative values sorted by value, dropping empty rows.

    Default: per salary bin, its count and mean salary (``sum_usd / n``). With ``value_col``: each row stands for its
    ``n`` records at value ``bins[value_col]`` (rows with a missing value are dropped), equal values merged.
    """
    if value_col is None:
        agg = bins.groupby("bin", sort=True)[["n", "sum_usd"]].sum()
        agg = agg[agg["n"] > 0]
        return agg["n"].to_numpy(dtype="int64"), (agg["sum_usd"] / agg["n"]).to_numpy(dtype="float64")
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


def _interval(reps: np.ndarray, level: float) -> tuple[float, float]:
    alpha = (1 - level) / 2
    lo, hi = np.quantile(reps, [alpha, 1 - alpha])
    return float(lo), float(hi)


_NAN = float("nan")


def bootstrap_quantile(bins_subset: pd.DataFrame, q: float = 0.5, n_boot: int = 2000, seed: Seed = 0, level: float = 0.95,
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
    reps = _boot_quantiles(counts, means, q, n_boot, np.random.default_rng(seed))
    lo, hi = _interval(reps, level)
    return Estimate(value, lo, hi, int(counts.sum()), level)


def bootstrap_mean(bins_subset: pd.DataFrame, n_boot: int = 2000, seed: Seed = 0, level: float = 0.95) -> Estimate:
    """Exact mean salary of a binned sample (``sum(sum_usd) / sum(n)``) with a percentile-bootstrap interval.

    Replicates resample records as a multinomial over bins, each bin standing for its mean salary (the spread inside a
    1% bin is ignored: negligible for the interval). NaN estimate for an empty sample.
    """
    counts, means = _collapse(bins_subset)
    total = int(counts.sum())
    if total == 0:
        return Estimate(_NAN, _NAN, _NAN, 0, level)
    value = float(bins_subset["sum_usd"].sum() / total)
    draws = np.random.default_rng(seed).multinomial(total, counts / total, size=n_boot)
    lo, hi = _interval(draws @ means / total, level)
    return Estimate(value, lo, hi, total, level)


def compare_quantiles(a_bins: pd.DataFrame, b_bins: pd.DataFrame, q: float = 0.5, kind: str = "ratio",
                      n_boot: int = 2000, seed: Seed = 0, level: float = 0.95, value_col: str | None = None) -> Estimate:
    """Compare the q-quantiles of two groups: ``a / b`` (``kind="ratio"``) or ``a - b`` (``kind="diff"``, USD).

    Both groups are bootstrapped independently (one seeded generator, a first); the CI is the percentile
    interval of the replicate ratios/differences. ``n`` is the smaller group's size, ``ns = (n_a, n_b)``.
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
    rng = np.random.default_rng(seed)
    ra = _boot_quantiles(ca, ma, q, n_boot, rng)
    rb = _boot_quantiles(cb, mb, q, n_boot, rng)
    if kind == "ratio":
        value, reps = qa / qb, ra / rb
    else:
        value, reps = qa - qb, ra - rb
    lo, hi = _interval(reps, level)
    return Estimate(value, lo, hi, min(ns), level, ns)


def quantile_ci_table(bins: pd.DataFrame, by: list[str], q: float = 0.5, n_boot: int = 2000, seed: Seed = 0,
                      level: float = 0.95, value_col: str | None = None) -> pd.DataFrame:
    """One row per group of ``by`` (sorted, observed): ``n``, ``value`` (the q-quantile, nominal USD/year), ``lo``, ``hi``,
    ``small_sample``. Each group gets its own seeded stream (``default_rng([seed, i])``). Input for ``plots.trend`` and
    ``plots.bar_with_ci``."""
    rows = []
    for i, (key, g) in enumerate(_groups(bins, list(by))):
        est = bootstrap_quantile(g, q, n_boot, seed=[seed, i], level=level, value_col=value_col)
        rows.append({**dict(zip(by, key, strict=True)), "n": est.n, "value": est.value, "lo": est.lo, "hi": est.hi,
                     "small_sample": est.small_sample})
    cols = [*by, "n", "value", "lo", "hi", "small_sample"]
    return _restore_dtypes(pd.DataFrame(rows, columns=cols), bins, list(by))


def compare_table(bins: pd.DataFrame, by: list[str], split: str = "region", a: object = "United States",
                  b: object = "Europe", q: float = 0.5, kind: str = "ratio", n_boot: int = 2000, seed: Seed = 0,
                  level: float = 0.95, value_col: str | None = None) -> pd.DataFrame:
    """Per group of ``by``: group ``a`` vs group ``b`` of column ``split`` (default US vs Europe).

    Columns: ``by``..., ``n_a``, ``value_a``, ``lo_a``, ``hi_a``, same with ``_b``, ``ratio`` (or ``diff``), ``lo``, ``hi``,
    ``small_sample`` (either side below the threshold). A group where one side is empty keeps NaNs. Input for
    ``plots.dumbbell``. Groups are those observed in either side, sorted. ``value_col`` as in :func:`bootstrap_quantile`.
    """
    both = subset(bins, **{split: [a, b]})
    rows = []
    for i, (key, g) in enumerate(_groups(both, list(by))):
        ga, gb = g[g[split] == a], g[g[split] == b]
        ea = bootstrap_quantile(ga, q, n_boot, seed=[seed, i, 1], level=level, value_col=value_col)
        eb = bootstrap_quantile(gb, q, n_boot, seed=[seed, i, 2], level=level, value_col=value_col)
        c = compare_quantiles(ga, gb, q, kind, n_boot, seed=[seed, i, 3], level=level, value_col=value_col)
        rows.append({**dict(zip(by, key, strict=True)),
                     "n_a": ea.n, "value_a": ea.value, "lo_a": ea.lo, "hi_a": ea.hi,
                     "n_b": eb.n, "value_b": eb.value, "lo_b": eb.lo, "hi_b": eb.hi,
                     kind: c.value, "lo": c.lo, "hi": c.hi, "small_sample": is_small(min(ea.n, eb.n))})
    cols = [*by, "n_a", "value_a", "lo_a", "hi_a", "n_b", "value_b", "lo_b", "hi_b", kind, "lo", "hi", "small_sample"]
    out = _restore_dtypes(pd.DataFrame(rows, columns=cols), bins, list(by))
    out.attrs.update({"a": a, "b": b, "split": split, "kind": kind, "q": q, "value_col": value_col})
    return out


def grade_multipliers(bins: pd.DataFrame, by: list[str] | None = None, n_boot: int = 2000, seed: Seed = 0,
                      level: float = 0.95) -> pd.DataFrame:
    """Median pay multiplier per grade step (Junior→Middle, Middle→Senior, Senior→Lead), within each ``by`` group.

    Columns: ``by``..., ``step`` ("Junior→Middle"...), ``from_grade``, ``to_grade``, ``median_from``, ``median_to``
    (nominal USD/year), ``ratio`` (= median_to / median_from), ``lo``, ``hi`` (bootstrap CI), ``n_from``, ``n_to``,
    ``small_sample`` (either grade below the threshold). Steps where a grade is empty have NaN ratio.
    """
    by = list(by or [])
    rows = []
    for i, (key, g) in enumerate(_groups(bins, by)):
        for j, (lo_g, hi_g) in enumerate(GRADE_STEPS):
            g_from, g_to = g[g["grade"] == lo_g], g[g["grade"] == hi_g]
            c = compare_quantiles(g_to, g_from, 0.5, "ratio", n_boot, seed=[seed, i, j], level=level)
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


# --------------------------------------------------------------------------------------------------------------
# Reference wages: OECD average annual wages, FX rates, PPP factors (rows of data.reference_wages()).
# A figure that is not in the table is reported missing (None + reason), never estimated.
# --------------------------------------------------------------------------------------------------------------

#: National currency of each European country in the project's Europe (ISO 4217), plus the US.
CURRENCY_OF: dict[str, str] = {
    **{c: "EUR" for c in ("AT", "BE", "HR", "CY", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
                          "PT", "SK", "SI", "ES")},
    "BG": "BGN", "CZ": "CZK", "DK": "DKK", "HU": "HUF", "PL": "PLN", "RO": "RON", "SE": "SEK",
    "GB": "GBP", "CH": "CHF", "NO": "NOK", "IS": "ISK", "US": "USD",
}

_PER = re.compile(r"^\s*(?P<num>[A-Za-z$ ]+?)\s+per\s+(?P<den>[A-Za-z$ ]+?)\s*(\(.*\))?\s*$")


@dataclass(frozen=True)
class RefFigure:
    """One looked-up reference figure, or why it is missing (``value`` None and ``reason`` set).

    ``year`` is the year asked for, ``year_used`` the period of the row used (differs only with ``nearest=True``).
    """

    measure: str
    key: str
    year: int
    value: float | None
    year_used: int | None = None
    unit: str = ""
    ref_id: str = ""
    reason: str = ""


#: Reference rows as plain records (faster to scan than a DataFrame); every function accepts either form.
Wages = pd.DataFrame | list[dict]
_REF_COLS = ("ref_id", "geo", "measure", "period", "value", "unit")


def wage_records(wages: Wages) -> list[dict]:
    """``data.reference_wages()`` rows as a list of dicts (ref_id, geo, measure, period, value, unit); idempotent."""
    if isinstance(wages, list):
        return wages
    return [dict(zip(_REF_COLS, r, strict=True)) for r in wages[list(_REF_COLS)].itertuples(index=False, name=None)]


def _year_of(period: object) -> int | None:
    p = str(period)
    return int(p) if re.fullmatch(r"\d{4}", p) else None


def reference_figure(measure: str, geo: str, year: int, wages: Wages, nearest: bool = False) -> RefFigure:
    """The ``measure`` row for ``geo`` and ``year`` (period ``"YYYY"``) as a :class:`RefFigure`.

    With ``nearest=True`` and no row for ``year``, the row of the nearest available year is used (ties: the earlier)
    and ``year_used`` says which.
    """
    rows = [r for r in wage_records(wages) if r["measure"] == measure and r["geo"] == geo
            and _year_of(r["period"]) is not None and not pd.isna(r["value"])]
    if not rows:
        return RefFigure(measure, geo, year, None, reason=f"no {measure} rows for {geo} in the reference table")
    exact = [r for r in rows if _year_of(r["period"]) == year]
    if not exact and not nearest:
        have = ", ".join(map(str, sorted({_year_of(r["period"]) for r in rows})))
        return RefFigure(measure, geo, year, None, reason=f"no {measure} for {geo} in {year} (available: {have})")
    if not exact:
        exact = sorted(rows, key=lambda r: (abs(_year_of(r["period"]) - year), _year_of(r["period"])))[:1]
    r = exact[0]
    return RefFigure(measure, geo, year, float(r["value"]), _year_of(r["period"]), str(r["unit"]), str(r["ref_id"]))


def average_wage(country: str, year: int, wages: Wages) -> float | None:
    """OECD average annual wage of ``country`` (ISO2) in ``year``: USD PPP per year at constant 2025 prices.

    None when the table has no such figure (use :func:`reference_figure` for the reason or a nearest-year fallback).
    """
    return reference_figure("average_annual_wage", country, year, wages).value


def fx_rate(currency: str, year: int, wages: Wages) -> float | None:
    """Annual-average market exchange rate as **units of ``currency`` per USD** (1.0 for USD), or None if absent.

    Rows quoted the other way (Fed G.5A "USD per EUR", "USD per GBP") are inverted; the direction is read from
    each row's ``unit``.
    """
    return _fx(currency, year, wages).value


def _fx(currency: str, year: int, wages: Wages) -> RefFigure:
    if currency == "USD":
        return RefFigure("fx_rate", "USD", year, 1.0, year, "USD per USD")
    rows = [r for r in wage_records(wages) if r["measure"] == "fx_rate" and _year_of(r["period"]) == year]
    for r in rows:
        m = _PER.match(str(r["unit"]))
        if not m or pd.isna(r["value"]):
            continue
        num, den = m["num"].strip(), m["den"].strip()
        if num == currency and den == "USD":
            return RefFigure("fx_rate", currency, year, float(r["value"]), year, f"{currency} per USD", str(r["ref_id"]))
        if num == "USD" and den == currency:
            return RefFigure("fx_rate", currency, year, 1.0 / float(r["value"]), year, f"{currency} per USD", str(r["ref_id"]))
    return RefFigure("fx_rate", currency, year, None, reason=f"no {currency}/USD exchange rate for {year} in the reference table")


def ppp_factor(country: str, year: int, wages: Wages) -> float | None:
    """PPP conversion factor of ``country`` in ``year`` as **national currency units per PPP US dollar** (1.0 for US).

    Read from ``measure == "ppp_factor"`` rows whose unit is "<national currency> per <US/international dollar>";
    a row quoted "USD per <currency>" is inverted. None when absent or the unit is not understood.
    """
    return _ppp(country, year, wages).value


def _ppp(country: str, year: int, wages: Wages) -> RefFigure:
    if country == "US":
        return RefFigure("ppp_factor", "US", year, 1.0, year, "USD per USD (PPP)")
    f = reference_figure("ppp_factor", country, year, wages)
    if f.value is None:
        return f
    m = _PER.match(f.unit)
    if not m:
        return RefFigure("ppp_factor", country, year, None, reason=f"PPP factor unit {f.unit!r} not understood ({f.ref_id})")
    num, den = m["num"].strip(), m["den"].strip()
    dollar = re.compile(r"^(USD|US dollars?|international \$|international dollars?|\$)$", re.I)
    if dollar.match(num) and not dollar.match(den):
        return RefFigure("ppp_factor", country, year, 1.0 / f.value, year, f"{den} per PPP USD", f.ref_id)
    if dollar.match(den) and not dollar.match(num):
        return RefFigure("ppp_factor", country, year, f.value, year, f"{num} per PPP USD", f.ref_id)
    return RefFigure("ppp_factor", country, year, None, reason=f"PPP factor unit {f.unit!r} not understood ({f.ref_id})")


@dataclass(frozen=True)
class Conversion:
    """Result of a reference-wage conversion: ``value`` (None when impossible), the ``reason`` if so, and the inputs."""

    value: float | None
    reason: str = ""
    inputs: tuple[RefFigure, ...] = ()


def ppp_conversion(amount_usd: float, country: str, year: int, wages: Wages) -> Conversion:
    """Nominal USD -> PPP USD for ``country`` in ``year``: ``amount * fx (LCU per USD) / ppp (LCU per PPP USD)``.

    US amounts are unchanged. Missing FX rate, PPP factor or currency: ``value`` None with the reason.
    """
    if country == "US":
        return Conversion(float(amount_usd))
    cur = CURRENCY_OF.get(country)
    if cur is None:
        return Conversion(None, f"currency of {country} unknown to helpers.stats.CURRENCY_OF")
    fx, ppp = _fx(cur, year, wages), _ppp(country, year, wages)
    missing = [f.reason for f in (fx, ppp) if f.value is None]
    if missing:
        return Conversion(None, "; ".join(missing), (fx, ppp))
    return Conversion(float(amount_usd) * fx.value / ppp.value, "", (fx, ppp))  # type: ignore[operator]


def to_ppp_usd(amount_usd: float, country: str, year: int, wages: Wages) -> float | None:
    """Nominal USD per year -> PPP USD per year (see :func:`ppp_conversion`; None when a figure is absent)."""
    return ppp_conversion(amount_usd, country, year, wages).value


def average_wage_multiple(amount_usd: float, country: str, year: int, wages: Wages) -> Conversion:
    """``amount_usd`` (nominal USD/year) as a multiple of ``country``'s OECD average annual wage in ``year``.

    The salary is first converted to PPP USD (:func:`ppp_conversion`), then divided by the OECD average wage
    (USD PPP, constant 2025 prices). Caveat: the OECD figure is at 2025 prices while salaries are nominal for
    their work year, so multiples for earlier years are understated by that year-to-2025 inflation (a few %).
    """
    conv = ppp_conversion(amount_usd, country, year, wages)
    wage = reference_figure("average_annual_wage", country, year, wages)
    inputs = (*conv.inputs, wage)
    if conv.value is None or wage.value is None:
        return Conversion(None, "; ".join(r for r in (conv.reason, wage.reason) if r), inputs)
    return Conversion(conv.value / wage.value, "", inputs)


def multiple_of_average_wage(amount_usd: float, country: str, year: int, wages: Wages) -> float | None:
    """``amount_usd`` as a multiple of the country's OECD average wage (see :func:`average_wage_multiple`), or None."""
    return average_wage_multiple(amount_usd, country, year, wages).value


def country_comparisons(bins: pd.DataFrame, countries: Iterable[str], by: list[str] | None = None, reference: str = "US",
                        q: float = 0.5, n_boot: int = 2000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """:func:`compare_table` of ``reference`` (company_location, default US) against each country, stacked.

    Columns: ``country`` then those of :func:`compare_table` (``a`` = reference, ``b`` = the country); each country
    gets its own seed stream. Rows where the country has no records in a group are kept with NaNs.
    """
    parts = []
    for i, c in enumerate(countries):
        t = compare_table(bins, list(by or []), split="company_location", a=reference, b=c, q=q, n_boot=n_boot,
                          seed=[seed, i], level=level)
        parts.append(t.assign(country=c) if len(t) else t)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    cols = ["country", *[c for c in out.columns if c != "country"]]
    out = out[cols]
    out.attrs.update({"a": reference, "b": "country", "split": "company_location", "kind": "ratio", "q": q})
    return out


def with_reference_wages(table: pd.DataFrame, wages: Wages, value: str = "value", country: str = "US",
                         year: int | str = 2024) -> pd.DataFrame:
    """Add PPP and average-wage columns to a table of pay figures (nominal USD per year in column ``value``).

    ``country`` and ``year`` are either constants or names of columns of ``table``. Adds ``ppp_usd`` (PPP USD per year),
    ``avg_wage_ppp`` (OECD average annual wage, USD PPP at constant 2025 prices), ``wage_multiple`` (ppp_usd /
    avg_wage_ppp) and ``missing`` (why a figure could not be computed; empty when all were). Never estimates.
    """
    out = table.copy()
    wages = wage_records(wages)
    cs = out[country] if country in out.columns else pd.Series(country, index=out.index)
    ys = out[year] if isinstance(year, str) and year in out.columns else pd.Series(int(year), index=out.index)
    ppp, avg, mult, why = [], [], [], []
    for v, c, y in zip(out[value], cs, ys, strict=True):
        conv = ppp_conversion(v, str(c), int(y), wages)
        w = reference_figure("average_annual_wage", str(c), int(y), wages)
        ppp.append(conv.value)
        avg.append(w.value)
        mult.append(conv.value / w.value if conv.value is not None and w.value is not None else None)
        why.append("; ".join(r for r in (conv.reason, w.reason) if r))
    out["ppp_usd"] = pd.array(ppp, dtype="Float64")
    out["avg_wage_ppp"] = pd.array(avg, dtype="Float64")
    out["wage_multiple"] = pd.array(mult, dtype="Float64")
    out["missing"] = why
    return out


def format_comparison(table: pd.DataFrame, category: str | list[str]) -> pd.DataFrame:
    """A :func:`compare_table` / :func:`country_comparisons` result as a readable table of strings (for display).

    Columns: the category column(s), ``n <a>``, ``median <a>``, ``n <b>``, ``median <b>``, ``<a>/<b>`` (ratio), ``95% CI``,
    ``note`` ("n<30" or "no <b> records").
    """
    cats = [category] if isinstance(category, str) else list(category)
    a, b = str(table.attrs.get("a", "a")), str(table.attrs.get("b", "b"))
    kind = table.attrs.get("kind", "ratio")
    lvl = "95% CI"
    out = pd.DataFrame({c: table[c].astype(str) for c in cats})
    out[f"n {a}"] = table["n_a"].map("{:,}".format)
    out[f"median {a}"] = table["value_a"].map(fmt_number)
    out[f"n {b}"] = table["n_b"].map("{:,}".format)
    out[f"median {b}"] = table["value_b"].map(fmt_number)
    out[f"{a}/{b}" if kind == "ratio" else f"{a}−{b}"] = table[kind].map(fmt_number)
    out[lvl] = [f"{fmt_number(lo)}–{fmt_number(hi)}" if pd.notna(lo) else "" for lo, hi in zip(table["lo"], table["hi"], strict=True)]
    out["note"] = [f"no {b} records" if nb == 0 else f"no {a} records" if na == 0 else f"n<{SMALL_SAMPLE_N}" if small else ""
                   for na, nb, small in zip(table["n_a"], table["n_b"], table["small_sample"], strict=True)]
    return out.reset_index(drop=True)


def comparison_sentence(row: pd.Series, label: str, a: str = "US", b: str = "Europe") -> str:
    """One sentence for one row of :func:`compare_table`: the ratio with its CI, or why no conclusion is drawn."""
    if row["n_b"] == 0 or row["n_a"] == 0:
        return f"{label}: no {b if row['n_b'] == 0 else a} records, so no comparison."
    ci = f"{row['ratio']:.2f}× (95% CI {row['lo']:.2f}–{row['hi']:.2f}; n = {row['n_a']:,} vs {row['n_b']:,})"
    if row["small_sample"]:
        return f"{label}: {ci}, but fewer than {SMALL_SAMPLE_N} records on one side: shown, not concluded."
    verdict = "the interval excludes 1" if (row["lo"] > 1 or row["hi"] < 1) else "the interval includes 1 (no clear gap)"
    return f"{label}: {a} median is {ci}; {verdict}."


def reference_bins(bins: pd.DataFrame, wages: Wages) -> pd.DataFrame:
    """``bins`` with each row's salary restated per its company country and work year (never estimated):

    - ``ppp_usd``: the row's mean salary (``sum_usd / n``) in PPP USD per year (:func:`ppp_conversion`);
    - ``avg_wage_ppp``: the country's OECD average annual wage that year (USD PPP, constant 2025 prices);
    - ``wage_multiple``: ``ppp_usd / avg_wage_ppp``;
    - ``missing``: which figures are absent, e.g. "PPP factor, OECD average wage" ("" when all are present; the full
      reasons come from :func:`ppp_conversion` / :func:`reference_figure`). Missing figures are NaN.

    Use the new columns with ``value_col=`` in :func:`bootstrap_quantile`, :func:`compare_table`, etc.; rows with NaN
    are left out there, so report them with :func:`missing_reference`.
    """
    keys = bins[["company_location", "work_year"]].astype({"company_location": str}).drop_duplicates()
    wages = wage_records(wages)
    look = {}
    for c, y in keys.itertuples(index=False):
        conv = ppp_conversion(1.0, c, int(y), wages)
        w = reference_figure("average_annual_wage", c, int(y), wages)
        lacks = [label for label, fig in zip(("exchange rate", "PPP factor"), conv.inputs, strict=False) if fig.value is None]
        if conv.value is None and not conv.inputs:
            lacks.append("currency")
        if w.value is None:
            lacks.append("OECD average wage")
        look[(c, int(y))] = (conv.value, w.value, ", ".join(lacks))
    k = list(zip(bins["company_location"].astype(str), bins["work_year"].astype(int), strict=True))
    factor = np.array([np.nan if look[x][0] is None else look[x][0] for x in k], dtype="float64")
    wage = np.array([np.nan if look[x][1] is None else look[x][1] for x in k], dtype="float64")
    out = bins.copy()
    out["ppp_usd"] = (bins["sum_usd"] / bins["n"]).to_numpy(dtype="float64") * factor
    out["avg_wage_ppp"] = wage
    out["wage_multiple"] = out["ppp_usd"] / out["avg_wage_ppp"]
    out["missing"] = [look[x][2] for x in k]
    return out


def missing_reference(rbins: pd.DataFrame) -> pd.DataFrame:
    """Records of a :func:`reference_bins` table lacking a figure: one row per company country x work year x missing
    figures, with ``n`` (records), sorted by n descending."""
    m = rbins[rbins["missing"] != ""]
    cols = ["company_location", "work_year", "missing"]
    if m.empty:
        return pd.DataFrame(columns=[*cols, "n"])
    out = m.astype({"company_location": str}).groupby(cols, sort=True)["n"].sum().reset_index()
    return out.sort_values(["n", "company_location"], ascending=[False, True], kind="stable").reset_index(drop=True)


def step_sentence(row: pd.Series, label: str | None = None) -> str:
    """One sentence for one row of :func:`grade_multipliers`: the multiplier with its CI, or why none is concluded."""
    label = label or str(row["step"])
    if row["n_from"] == 0 or row["n_to"] == 0:
        empty = row["from_grade"] if row["n_from"] == 0 else row["to_grade"]
        return f"{label}: no {empty} records, so no multiplier."
    ci = f"×{row['ratio']:.2f} (95% CI {row['lo']:.2f}–{row['hi']:.2f}; n = {row['n_from']:,} → {row['n_to']:,})"
    if row["small_sample"]:
        return f"{label}: {ci}, but fewer than {SMALL_SAMPLE_N} records at one grade: shown, not concluded."
    verdict = "a clear rise" if row["lo"] > 1 else "a clear fall" if row["hi"] < 1 else "no clear change (the interval includes 1)"
    return f"{label}: {ci}; {verdict}."


def intervals_overlap(a: pd.Series, b: pd.Series) -> bool:
    """True when the ``[lo, hi]`` intervals of two rows overlap (a conservative check for 'no clear difference')."""
    return bool(a["lo"] <= b["hi"] and b["lo"] <= a["hi"])
