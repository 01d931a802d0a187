"""Sensitivity of the headlines to the analyst's choices: each choice flipped alone, per source, and the range left.

A :class:`Variant` rewrites a source's ML pool (duplicates kept, full-time only, UK out, USD-paid European records
out, region by residence); :func:`ratio_table` gives the US / Europe median ratio by grade (and all grades) and the
Junior→Senior step per variant, in nominal USD or (``value_col="ppp_usd"``) in PPP dollars, and
:func:`surviving_range` the range of the pooled ratio across sources and variants, :func:`range_ends` the two results
at its ends (each with its interval and n). Each registered source lists the choices it can express
(:attr:`helpers.analysis.sources.Source.choices`); a choice it cannot express (Stack Overflow has no duplicates flag,
employment type, currency or company location) is simply absent for that source. Seeds and bootstrap size are the
study's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from helpers import data, licensing, schema, study
from helpers.analysis import money, sources, stats


@dataclass(frozen=True)
class Variant:
    """One analyst's choice: a name and how it rewrites the ML pool's rows."""

    name: str
    rewrite: Callable[[pd.DataFrame], pd.DataFrame]

    def applies_to(self, source: sources.Source) -> bool:
        """True for the baseline, and for a source that lists this choice among those it can express."""
        return self.name == BASELINE or self.name in source.choices


def _with_duplicates(b: pd.DataFrame) -> pd.DataFrame:
    out = b.assign(n=b["n_with_duplicates"], sum_usd=b["sum_usd_with_duplicates"])
    return out[out["n"] > 0]


def _uk_out(b: pd.DataFrame) -> pd.DataFrame:
    col = "company_location" if "company_location" in b.columns else "residence_country"
    return b[b[col].astype(str) != "GB"]


def _usd_paid_europe_out(b: pd.DataFrame) -> pd.DataFrame:
    return b[~((b["region"].astype(str) == "Europe") & b["paid_in_usd"].astype(bool))]


def _by_residence(b: pd.DataFrame) -> pd.DataFrame:
    return b.assign(region=b["residence_region"])


#: Names of the published baseline and of the choice that drops European records paid in US dollars.
BASELINE, USD_OUT = "As published (baseline)", "USD-paid European records out"
#: The baseline first, then each choice flipped alone (a source applies those it lists in ``Source.choices``).
VARIANTS: tuple[Variant, ...] = (
    Variant(BASELINE, lambda b: b),
    Variant("Duplicates kept", _with_duplicates),
    Variant("Full-time only", lambda b: b[b["employment_type"].astype(str) == "FT"]),
    Variant("UK out", _uk_out),
    Variant(USD_OUT, _usd_paid_europe_out),
    Variant("Region by residence", _by_residence),
)


def _pooled(rows: pd.DataFrame) -> stats.Estimate:
    us, eu = (stats.subset(rows, region=r) for r in study.COMPARED_REGIONS)
    return stats.compare_quantiles(us, eu, 0.5, "ratio", study.N_BOOT)


#: The restated pay :func:`ratio_table` accepts besides nominal USD: PPP dollars (:func:`money.reference_bins`).
PPP = "ppp_usd"


def ppp_pool(rows: pd.DataFrame, source: sources.Source, wages: money.Wages | None = None) -> pd.DataFrame:
    """A source's rows restated in PPP dollars by the country that defines their region (the company's for aijobs,
    the residence for Stack Overflow) and work year; rows lacking a reference figure are left out
    (:func:`money.reference_bins`, never estimated)."""
    wages = data.reference_wages() if wages is None else wages
    rb = money.reference_bins(rows, wages, country_col=source.country_col)
    return rb[rb[PPP].notna()]


def ratio_table(srcs: tuple[sources.Source, ...] | None = None,
                variants: tuple[Variant, ...] = VARIANTS, bins: dict[str, pd.DataFrame] | None = None,
                value_col: str | None = None, wages: money.Wages | None = None) -> pd.DataFrame:
    """Long table, one row per source x variant x measure: ``measure`` is a grade or ``All grades`` (US / Europe
    median ratio) or ``Junior→Senior, US`` (the US step, nominal only); ``ratio``, ``lo``, ``hi``, ``n_a``, ``n_b``,
    ``small_sample``. ``bins`` maps a source key to its table (default: the curated tables). ``value_col=PPP``
    compares PPP dollars: each variant's rows go through :func:`ppp_pool` (``wages``: default the curated reference
    table) after the choice is applied. ``srcs``: default every registered source."""
    srcs = sources.SOURCES if srcs is None else srcs
    if value_col not in (None, PPP):
        raise ValueError(f"value_col must be None (nominal USD) or {PPP!r}, not {value_col!r}")
    rows = []
    for s in srcs:
        pool = s.ml(None if bins is None else bins[s.key])
        for v in variants:
            if not v.applies_to(s):
                continue
            b = v.rewrite(pool)
            if value_col == PPP:
                b = ppp_pool(b, s, wages)
            gap = sources.ratio_by_grade(b, value_col=value_col)
            for _, r in gap.iterrows():
                rows.append({"source": s.name, "variant": v.name, "measure": r["grade"], "ratio": r["ratio"],
                             "lo": r["lo"], "hi": r["hi"], "n_a": r["n_a"], "n_b": r["n_b"],
                             "small_sample": r["small_sample"]})
            if value_col is not None:
                continue
            us = stats.subset(b, region=study.COMPARED_REGIONS[0])
            step = stats.compare_quantiles(stats.subset(us, grade="Senior"), stats.subset(us, grade="Junior"), 0.5,
                                           "ratio", study.N_BOOT)
            rows.append({"source": s.name, "variant": v.name, "measure": STEP, "ratio": step.value, "lo": step.lo,
                         "hi": step.hi, "n_a": step.ns[0], "n_b": step.ns[1], "small_sample": step.small_sample})
    ppp = () if value_col is None else (wages if isinstance(wages, pd.DataFrame) else "reference_wages",)  # PPP figures
    return licensing.carry(pd.DataFrame(rows), *(s.table if bins is None else bins[s.key] for s in srcs), *ppp)


#: The grade step every variant reports (US, median Senior / median Junior).
STEP = "Junior→Senior, US"


def surviving_range(table: pd.DataFrame, measure: str = sources.ALL_GRADES) -> tuple[float, float]:
    """Lowest and highest ratio of ``measure`` across sources and variants, counting only rows with n ≥ the
    small-sample threshold on both sides."""
    t = table[(table["measure"] == measure) & ~table["small_sample"].astype(bool) & table["ratio"].notna()]
    return float(t["ratio"].min()), float(t["ratio"].max())


def range_ends(table: pd.DataFrame, measure: str = sources.ALL_GRADES) -> tuple[pd.Series, pd.Series]:
    """The rows of ``table`` at the two ends of :func:`surviving_range` (lowest and highest ratio of ``measure`` with
    n ≥ the small-sample threshold on both sides): each its source, variant, ratio, interval and n."""
    t = table[(table["measure"] == measure) & ~table["small_sample"].astype(bool) & table["ratio"].notna()]
    if t.empty:
        raise ValueError(f"no result for {measure!r} has {study.SMALL_SAMPLE_N}+ records on both sides")
    return t.loc[t["ratio"].idxmin()], t.loc[t["ratio"].idxmax()]


def spread(table: pd.DataFrame, measure: str = sources.ALL_GRADES) -> tuple[float, float]:
    """How far the choices move ``measure`` within one source (the largest highest − lowest of any source) and how
    far apart the sources' published baselines are (highest − lowest), counting results with enough records."""
    t = table[(table["measure"] == measure) & ~table["small_sample"].astype(bool) & table["ratio"].notna()]
    within = t.groupby("source", sort=False)["ratio"].agg(lambda r: r.max() - r.min()).max()
    base = t[t["variant"] == BASELINE]["ratio"]
    return float(within), float(base.max() - base.min())


def wide(table: pd.DataFrame) -> pd.DataFrame:
    """One row per source x variant, one column per measure: the ratio (for the compact display)."""
    out = table.pivot_table(index=["source", "variant"], columns="measure", values="ratio", aggfunc="first", sort=False)
    order = [m for m in [*schema.GRADES, sources.ALL_GRADES, STEP] if m in out.columns]
    small = table[table["small_sample"].astype(bool) & table["ratio"].notna()]
    flags = small.groupby(["source", "variant"], sort=False)["measure"].agg(lambda m: ", ".join(m))
    out = out[order].reset_index().rename_axis(columns=None)
    keys = list(zip(out["source"], out["variant"], strict=True))
    out[f"n < {study.SMALL_SAMPLE_N} on one side"] = [flags.get(k, "") for k in keys]
    return out


def ranges(table: pd.DataFrame) -> pd.DataFrame:
    """Per measure: the lowest and highest ratio across sources and variants with enough records on both sides."""
    t = table[~table["small_sample"].astype(bool) & table["ratio"].notna()]
    out = t.groupby("measure", sort=False)["ratio"].agg(["min", "max", "count"]).reset_index()
    return out.rename(columns={"min": "lowest", "max": "highest", "count": "results"})
