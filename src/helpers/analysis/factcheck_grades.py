"""The article's grades as years of experience: "a Junior has up to 1 year", "it takes 1 to 3 years to reach Middle".

These claims **cannot be tested directly** (``factcheck.DIRECTLY``): no source records grade and years for the same
people. aijobs.net's grades are the survey's experience levels (EN, MI, SE, EX) without years; Stack Overflow 2024
asks for years of professional coding (banded as in ``schema.SO_YEARS_BANDS``) without a grade. Matching one
survey's grade medians to the other's years medians in dollars would mostly measure how differently the two surveys
pay, so nothing here is compared in dollars.

Indirect evidence, labelled as such (``factcheck.INDIRECT`` lines): for each *pool* (ML roles in both sources; all
roles: every aijobs title, every professional developer of Stack Overflow) and each region compared, every aijobs
level's median and every Stack Overflow band's median is divided by *its own survey's* median of the same pool and
region (:func:`relative`), with a 95% bootstrap interval and n. The interval treats the group's and the whole pool's
medians as independent samples; the group is part of the pool, so the interval is wider than a joint one
(conservative). Rules on one line (one pool in one region; :func:`indirect_line`):

- **Junior, up to 1 year**: **consistent** if the Junior level's relative median and the under-1-year band's have
  overlapping intervals, **not consistent** if they lie apart;
- **1 to 3 years to reach Middle**: people with 1 to 3 years are then Juniors on their way or new Middles, so the
  1–3-year band's relative median should lie between the Junior's and the Middle's: **consistent** if its interval
  overlaps the span from the Junior's lower bound to the Middle's upper bound, **not consistent** if it lies wholly
  below or above it;
- **cannot be tested** if a group the rule needs has fewer than ``study.SMALL_SAMPLE_N`` records or answers.

Caveats the reasons keep: each survey's median depends on its own mix of grades or years; Stack Overflow's pay is
total compensation by country of residence and its years are years of professional coding, not of ML work; aijobs'
pool is its ML-engineering titles (or all titles) in the pooled work years (``study.POOLED_YEARS``). The article's
"up to 1 year" may include people with exactly one year, who fall in the 1–3-year band.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import binning, licensing, schema, study
from helpers.analysis import factcheck, sources, stats

#: Band labels in order (from the schema, never retyped).
BANDS: tuple[str, ...] = tuple(b for b, _, _ in schema.SO_YEARS_BANDS)
#: The claims on a grade's years: claim id -> grade.
YEARS_CLAIMS: dict[str, str] = {"junior_years": "Junior", "middle_years": "Middle"}
#: The aijobs levels compared (the fourth, executive level has no counterpart in years).
LEVELS: tuple[str, ...] = tuple(schema.GRADES[:3])
#: The indirect lines' readings (a line that cannot test the claim says so).
CONSISTENT, NOT_CONSISTENT = "consistent", "not consistent"
#: Why the grade claims cannot be tested directly (printed with the verdict).
NO_DIRECT_TEST: str = ("no source records grade and years for the same people (aijobs.net has grades, the survey's "
                       "experience levels, without years; Stack Overflow has years of professional coding without grades)")
AIJOBS, SO = sources.AIJOBS.name, sources.STACK_OVERFLOW.name


@dataclass(frozen=True)
class Pool:
    """Who is compared: the same kind of worker picked from each source."""

    name: str
    aijobs: Callable[[pd.DataFrame], pd.DataFrame]
    so: Callable[[pd.DataFrame], pd.DataFrame]


POOLS: tuple[Pool, ...] = (
    Pool("ML roles", sources.AIJOBS.select_ml, sources.STACK_OVERFLOW.select_ml),
    Pool("all roles", lambda b: stats.subset(b, work_year=list(study.POOLED_YEARS)),
         lambda b: stats.subset(b, below_pay_floor=False)),
)


def claimed_bands(grade: str) -> tuple[str, ...]:
    """The bands of years inside the article's definition of ``grade`` (``schema.SO_GRADE_BOUNDS``)."""
    lo, hi = next((lo, hi) for g, lo, hi in schema.SO_GRADE_BOUNDS if g == grade)
    return tuple(b for b, b_lo, b_hi in schema.SO_YEARS_BANDS if lo <= b_lo and b_hi <= hi)


def band_label(band: str) -> str:
    """'under 1 year', '1–3 years', '11+ years'."""
    return "under 1 year" if band == "0" else f"{band.replace('-', '–')} years"


def region_label(region: str) -> str:
    """'the US' for the reference region, else the region's name."""
    return "the US" if region == study.COMPARED_REGIONS[0] else region


def _relative_rows(rows: pd.DataFrame, column: str, groups: tuple[str, ...]) -> list[dict]:
    """Each group's median ÷ the median of all ``rows``, with its interval and n (NaN where a group is empty)."""
    whole = stats.bootstrap_quantile(rows, 0.5, factcheck.N_BOOT)
    out = []
    for group in groups:
        g = rows[rows[column].astype(str) == group]
        c = stats.compare_quantiles(g, rows, 0.5, "ratio", factcheck.N_BOOT)
        n = c.ns[0]
        median = float(binning.binned_quantile(g, 0.5)[0]) if n else np.nan
        lo, hi = (c.lo, c.hi) if n >= study.MIN_INTERVAL_N else (np.nan, np.nan)
        out.append({"group": group, "n": n, "median_usd": median, "overall_usd": whole.value, "n_overall": whole.n,
                    "value": c.value if n else np.nan, "lo": lo, "hi": hi, "small_sample": stats.is_small(n)})
    return out


def relative(bins: pd.DataFrame, so_bins: pd.DataFrame) -> pd.DataFrame:
    """Per pool, region and source: each aijobs level's (``LEVELS``) and each Stack Overflow band's (``BANDS``) median
    divided by its own survey's median of the same pool and region. Columns: ``pool``, ``region``, ``source``,
    ``kind`` ("level" or "band"), ``group`` (the level or band), ``n``, ``median_usd``, ``overall_usd``, ``n_overall``,
    ``value`` (the ratio), ``lo``, ``hi`` (95% CI; NaN under ``study.MIN_INTERVAL_N`` records), ``small_sample``. Every
    level and band is listed, ``n = 0`` and NaN where nobody answered."""
    rows = []
    for pool in POOLS:
        for region in study.COMPARED_REGIONS:
            head = {"pool": pool.name, "region": region}
            aj = stats.subset(pool.aijobs(bins), region=region)
            so = stats.subset(pool.so(so_bins), region=region)
            rows += [{**head, "source": AIJOBS, "kind": "level", **r} for r in _relative_rows(aj, "grade", LEVELS)]
            rows += [{**head, "source": SO, "kind": "band", **r} for r in _relative_rows(so, "years_code_pro_band", BANDS)]
    out = pd.DataFrame(rows)
    out["n"] = out["n"].astype(int)
    return licensing.carry(out, bins, so_bins)  # both surveys' provenance: the rows are built anew


def _fmt(r: pd.Series) -> str:
    """'×0.65 [0.63–0.67], n = 2,967' (no interval under ``study.MIN_INTERVAL_N``; 'no answers' when empty)."""
    if not r["n"]:
        return "no answers"
    ci = f" [{r['lo']:.2f}–{r['hi']:.2f}]" if pd.notna(r["lo"]) else ""
    return f"×{r['value']:.2f}{ci}, n = {int(r['n']):,}"


def _listing(items: list[str], empty: str) -> str:
    """'a, b and c' (``empty`` when there is nothing)."""
    return empty if not items else items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _overlap(a: pd.Series | tuple[float, float], b: pd.Series) -> bool:
    lo, hi = (a["lo"], a["hi"]) if isinstance(a, pd.Series) else a
    return bool(lo <= b["hi"] and b["lo"] <= hi)


def sits_with(level: pd.Series, line_bands: pd.DataFrame) -> list[str]:
    """The bands (``SMALL_SAMPLE_N``+ answers) whose relative median's interval overlaps the level's, in band order.
    ``line_bands`` holds :func:`relative`'s band rows of one pool and region."""
    ok = line_bands[~line_bands["small_sample"]]
    return [str(b["group"]) for _, b in ok.iterrows() if _overlap(level, b)]


def indirect_line(grade: str, line: pd.DataFrame, pool: str, region: str) -> factcheck.Line:
    """One pool's and region's indirect line on the claim about ``grade``'s years (rules in the module doc).
    ``line`` is :func:`relative` for that pool and region. The line's estimate and n are the claimed band's."""
    label = f"{pool} in {region_label(region)}"
    lv = line[line["kind"] == "level"].set_index("group")
    bd = line[line["kind"] == "band"]
    band = claimed_bands(grade)[0]
    b = bd.set_index("group").loc[band]
    levels_needed = (LEVELS[0], grade) if grade != LEVELS[0] else (grade,)
    band_txt = f"{SO}'s answers with {band_label(band)} ({_fmt(b)})"
    level_txt = {g: f"aijobs' {g} ({_fmt(lv.loc[g])})" for g in levels_needed}
    what = " and ".join(levels_needed)
    measures = (f"{SO}'s {band_label(band)} band against aijobs' {what}, each median ÷ its own survey's median, "
                f"{pool}, {region_label(region)}")
    estimate = (float(b["value"]), float(b["lo"]), float(b["hi"])) if b["n"] >= study.MIN_INTERVAL_N else \
        (float(b["value"]) if b["n"] else None, None, None)
    source = f"{AIJOBS} + {SO}"
    thin = [level_txt[g] for g in levels_needed if lv.loc[g, "small_sample"]] + ([band_txt] if b["small_sample"] else [])
    if thin:
        return factcheck.Line(source, measures, *estimate, int(b["n"]), "cannot be tested",
                              f"fewer than {study.SMALL_SAMPLE_N} records or answers: {'; '.join(thin)}", label,
                              factcheck.INDIRECT)
    level = lv.loc[grade]
    if grade == LEVELS[0]:
        near = [band_label(x) for x in sits_with(level, bd)]
        where = f"aijobs' {grade} sits with the answers with {_listing(near, 'no band of years')}"
        apart = not _overlap(level, b)
        side = ("lies above" if level["lo"] > b["hi"] else "lies below") if apart else "overlaps"
        verdict = NOT_CONSISTENT if apart else CONSISTENT
        reason = f"{level_txt[grade]} {side} {band_txt}; {where}"
    else:
        junior = lv.loc[LEVELS[0]]
        span = (float(junior["lo"]), float(level["hi"]))
        if _overlap(span, b):
            end = (", at the Junior end" if _overlap(junior, b) and not _overlap(level, b) else
                   ", at the Middle end" if _overlap(level, b) and not _overlap(junior, b) else "")
            verdict = CONSISTENT
            how = f"lie inside the span from {level_txt[LEVELS[0]]} to {level_txt[grade]}{end}"
        else:
            verdict = NOT_CONSISTENT
            how = f"lie below {level_txt[LEVELS[0]]}" if b["hi"] < span[0] else f"lie above {level_txt[grade]}"
        reason = f"{band_txt} {how}"
    return factcheck.Line(source, measures, *estimate, int(b["n"]), verdict, reason, label, factcheck.INDIRECT)


def check_years(claim: pd.Series, bins: pd.DataFrame, so_bins: pd.DataFrame,
                table: pd.DataFrame | None = None) -> factcheck.Verdict:
    """The claim on a grade's years (``claim_id`` in ``YEARS_CLAIMS``): cannot be tested directly
    (``NO_DIRECT_TEST``), with one indirect line per pool and region; ``details`` is :func:`relative` (``table`` when
    already computed)."""
    grade = YEARS_CLAIMS[str(claim["claim_id"])]
    rel = relative(bins, so_bins) if table is None else table
    lines = [indirect_line(grade, rel[(rel["pool"] == pool.name) & (rel["region"] == region)], pool.name, region)
             for pool in POOLS for region in study.COMPARED_REGIONS]
    return factcheck.Verdict(str(claim["claim_id"]), str(claim["quantity"]), str(claim["quote"]), None,
                             str(claim["unit"]), tuple(lines), factcheck.combine(lines), None, None, NO_DIRECT_TEST, rel)
