"""The article's grades as years of experience (Junior under 1 year, Middle 1–3 years) against aijobs' levels.

aijobs.net cannot measure years: its grades are the survey's experience levels (EN, MI, SE, EX). Stack Overflow 2024
asks for years of professional coding, banded as in ``schema.SO_YEARS_BANDS``. For each *pool* (ML roles in both
sources; all roles: every role family of aijobs, all professional developers of Stack Overflow) and each region
compared, every aijobs level's median (95% bootstrap CI, n) is set against Stack Overflow's medians by band of years.
A level **matches** a band when the two medians' 95% intervals overlap, both with at least ``study.SMALL_SAMPLE_N``
records.

Rule for "grade G has years Y" on one line of evidence (one pool in one region; :func:`years_line`), where the
claimed bands are those inside the article's years (``schema.SO_GRADE_BOUNDS``: Junior → ``0``, Middle → ``1-3``):

- **cannot be tested** if the aijobs level has fewer than ``SMALL_SAMPLE_N`` records, or if no band with enough
  records matches it and the claimed band itself has too few records to compare;
- **supported** if the level matches a claimed band;
- **not supported** otherwise: the claimed band (enough records) lies apart from the level, or the level matches
  other bands only.

Caveats the reason keeps: Stack Overflow's pay is total compensation (at least the salary), by country of residence,
and its years are years of professional coding, not of ML work; aijobs' pool is its ML-engineering titles (or all
titles) in the pooled work years (``study.POOLED_YEARS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from helpers import licensing, schema, study
from helpers.analysis import factcheck, sources
from helpers.analysis import statistics as stats

#: Band labels in order, and the article's grades with their years (from the schema, never retyped).
BANDS: tuple[str, ...] = tuple(b for b, _, _ in schema.SO_YEARS_BANDS)
#: The claims on a grade's years: claim id -> grade.
YEARS_CLAIMS: dict[str, str] = {"junior_years": "Junior", "middle_years": "Middle"}
#: The aijobs levels compared (Executive, the executive/director level, has no Stack Overflow counterpart).
LEVELS: tuple[str, ...] = ("Junior", "Middle", "Senior")


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


def _regions(rows: pd.DataFrame) -> pd.DataFrame:
    return stats.subset(rows, region=list(study.COMPARED_REGIONS))


def levels(bins: pd.DataFrame) -> pd.DataFrame:
    """aijobs' median per pool, region and level (``LEVELS``): ``pool``, ``region``, ``grade``, ``n``, ``value``,
    ``lo``, ``hi``, ``small_sample``; levels without records are absent."""
    parts = []
    for pool in POOLS:
        rows = stats.subset(_regions(pool.aijobs(bins)), grade=list(LEVELS))
        t = stats.quantile_ci_table(rows, ["region", "grade"], n_boot=factcheck.N_BOOT)
        parts.append(t.assign(pool=pool.name, region=t["region"].astype(str), grade=t["grade"].astype(str)))
    out = pd.concat(parts, ignore_index=True)
    return out[["pool", "region", "grade", "n", "value", "lo", "hi", "small_sample"]]


def bands(so_bins: pd.DataFrame) -> pd.DataFrame:
    """Stack Overflow's median per pool, region and band of years (every band, ``n = 0`` and NaN where nobody
    answered): ``pool``, ``region``, ``band``, ``n``, ``value``, ``lo``, ``hi``, ``small_sample``."""
    parts = []
    for pool in POOLS:
        rows = _regions(pool.so(so_bins))
        t = stats.quantile_ci_table(rows, ["region", "years_code_pro_band"], n_boot=factcheck.N_BOOT)
        t = t.assign(region=t["region"].astype(str), band=t["years_code_pro_band"].astype(str))
        full = pd.MultiIndex.from_product([list(study.COMPARED_REGIONS), list(BANDS)], names=["region", "band"])
        t = t.set_index(["region", "band"]).reindex(full).reset_index()
        t["n"] = t["n"].fillna(0).astype(int)
        t["small_sample"] = t["n"].map(stats.is_small)
        parts.append(t.assign(pool=pool.name))
    out = pd.concat(parts, ignore_index=True)
    return out[["pool", "region", "band", "n", "value", "lo", "hi", "small_sample"]]


def matched_bands(level: pd.Series, region_bands: pd.DataFrame) -> list[str]:
    """Bands (enough records) whose median's 95% interval overlaps the level's, in band order."""
    ok = region_bands[~region_bands["small_sample"]]
    return [str(b["band"]) for _, b in ok.iterrows() if stats.intervals_overlap(level, b)]


def matches(levels_table: pd.DataFrame, bands_table: pd.DataFrame) -> pd.DataFrame:
    """Per pool, region and level: the level's median with its interval and n, and ``matched``: the bands it
    matches (labels joined by ', '), or where it lies when it matches none, or why it is not matched (too few
    records)."""
    rows = []
    for _, lv in levels_table.iterrows():
        rb = bands_table[(bands_table["pool"] == lv["pool"]) & (bands_table["region"] == lv["region"])]
        found = [] if lv["small_sample"] else matched_bands(lv, rb)
        said = (", ".join(band_label(b) for b in found) if found else
                f"too few records (n < {study.SMALL_SAMPLE_N})" if lv["small_sample"] else f"no band ({_where(lv, rb)})")
        rows.append({**lv.to_dict(), "matched": said})
    return licensing.carry(pd.DataFrame(rows), levels_table, bands_table)


def rising(bands_table: pd.DataFrame) -> pd.DataFrame:
    """Per pool and region: whether Stack Overflow's median rises from band to band (bands with enough records)."""
    rows = []
    for (pool, region), g in bands_table.groupby(["pool", "region"], sort=False):
        ok = g[~g["small_sample"]]
        rows.append({"pool": pool, "region": region, "bands": len(ok), "rises": bool(ok["value"].is_monotonic_increasing)})
    return pd.DataFrame(rows)


def _where(level: pd.Series, rb: pd.DataFrame) -> str:
    """Where the level's median sits among the bands with enough records (for a level matching none)."""
    ok = rb[~rb["small_sample"]]
    below = ok[ok["hi"] < level["lo"]]["band"].tolist()
    above = ok[ok["lo"] > level["hi"]]["band"].tolist()
    if below and above:
        return f"between {band_label(below[-1])} and {band_label(above[0])}"
    return f"above {band_label(below[-1])}" if below else f"below {band_label(above[0])}" if above else "no band to compare"


def years_line(grade: str, level: pd.Series | None, rb: pd.DataFrame, pool: str, region: str) -> factcheck.Line:
    """One line of evidence on "``grade`` has the article's years" (rule in the module doc): the aijobs level's
    median (USD per year) against Stack Overflow's bands ``rb`` in one pool and region."""
    measures = f"{pool}, {region}: aijobs {grade} median vs Stack Overflow by years of professional coding"
    label = f"{pool} in {'the US' if region == study.COMPARED_REGIONS[0] else region}"
    claimed = claimed_bands(grade)
    said = " or ".join(band_label(b) for b in claimed)
    if level is None or level["small_sample"]:
        n = 0 if level is None else int(level["n"])
        return factcheck.Line("aijobs.net + Stack Overflow 2024", measures, None if level is None else level["value"],
                              None if level is None else level["lo"], None if level is None else level["hi"], n,
                              "cannot be tested", f"only {n} aijobs {grade} records (fewer than {study.SMALL_SAMPLE_N})",
                              label)
    found = matched_bands(level, rb)
    claim_rows = rb[rb["band"].isin(claimed)]
    thin = ", ".join(f"{band_label(r.band)} n = {r.n}" for r in claim_rows.itertuples() if r.small_sample)
    matched = ", ".join(band_label(b) for b in found) or "no band"
    if set(found) & set(claimed):
        verdict, why = "supported", f"its median matches {matched}"
    elif not claim_rows["small_sample"].all():
        verdict, why = "not supported", (f"its median matches {matched}, not {said}" if found
                                         else f"its median lies {_where(level, rb)}, apart from {said}")
    elif found:
        verdict, why = "not supported", f"its median matches {matched}; {said} has too few answers ({thin})"
    else:
        verdict, why = "cannot be tested", f"no band matches and {said} has too few answers ({thin})"
    return factcheck.Line("aijobs.net + Stack Overflow 2024", measures, float(level["value"]), float(level["lo"]),
                          float(level["hi"]), int(level["n"]), verdict, why, label)


def check_years(claim: pd.Series, bins: pd.DataFrame, so_bins: pd.DataFrame,
                tables: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> factcheck.Verdict:
    """The claim on a grade's years (``claim_id`` in ``YEARS_CLAIMS``) on every pool and region; ``details`` holds
    the level-by-band matches of every level (:func:`matches`). The range of evidence spans the level's medians.
    ``tables`` = (:func:`levels`, :func:`bands`) of ``bins`` and ``so_bins`` when already computed."""
    grade = YEARS_CLAIMS[str(claim["claim_id"])]
    lv, bd = tables if tables is not None else (levels(bins), bands(so_bins))
    lines = []
    for pool in POOLS:
        for region in study.COMPARED_REGIONS:
            rows = lv[(lv["pool"] == pool.name) & (lv["region"] == region) & (lv["grade"] == grade)]
            rb = bd[(bd["pool"] == pool.name) & (bd["region"] == region)]
            lines.append(years_line(grade, rows.iloc[0] if len(rows) else None, rb, pool.name, region))
    low, high = factcheck.evidence_range(lines)
    note = f"aijobs' {grade} medians, USD per year"
    return factcheck.Verdict(str(claim["claim_id"]), str(claim["quantity"]), str(claim["quote"]), None,
                             str(claim["unit"]), tuple(lines), factcheck.combine(lines), low, high, note, matches(lv, bd))
