"""The fact check on all evidence: every claim judged by each line of evidence that applies, then combined.

The lines come from aijobs.net, Stack Overflow 2024 and the official BLS and OECD figures; they are combined by
:func:`helpers.analysis.factcheck.combine`.

Lines of evidence per claim (rules and combination rule in :mod:`helpers.analysis.factcheck`):

- **US ML pay, a year** (``us_ml_avg_annual``): the lines that measure ML pay: aijobs' mean salary of ML specialists
  at US companies (``factcheck.DEFAULT_YEAR``) and Stack Overflow's mean total compensation of US residents in ML
  roles; beside them, lines that only stand in for it (``factcheck.STANDS_IN``): the BLS OEWS published mean annual
  wage of each occupation nearest to ML work (``sources.BLS_OCCUPATIONS``; none is ML), latest May estimate, a point
  without interval. "Average" is read as the mean; medians are in the reasons.
- **a month** (``us_ml_avg_monthly``): the arithmetic (annual / 12) first, then the same lines / 12: it restates the
  annual claim (``Verdict.restates``), shares its verdict and is not counted as more support.
- **the US market** (``us_market_avg``): BLS OEWS all occupations and the OECD average wage of the US, / 12. The
  salary surveys cover tech workers only and do not apply.
- **Europe lower** (``europe_lower``): each source's US / Europe median ratio by grade, as published
  (:mod:`helpers.analysis.sensitivity`'s baseline); the range is :func:`findings.us_europe_range`'s, across sources
  and the analyst's choices (computed there from the same table).
- **a grade's years** (``junior_years``, ``middle_years``): cannot be tested directly; the indirect lines are
  :mod:`helpers.analysis.factcheck_grades`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from helpers import schema, study
from helpers.analysis import factcheck, factcheck_grades, sensitivity, sources, stats

AIJOBS, SO, BLS, OECD = sources.AIJOBS.name, sources.STACK_OVERFLOW.name, "BLS OEWS", "OECD"


@dataclass(frozen=True)
class Evidence:
    """The tables the fact check reads: aijobs' and Stack Overflow's bins, the official statistics, the reference
    wages, and the sensitivity table (``sensitivity.ratio_table``) behind the US / Europe comparison."""

    bins: pd.DataFrame
    so_bins: pd.DataFrame
    official: pd.DataFrame
    wages: pd.DataFrame
    sens: pd.DataFrame


def so_us_ml(so_bins: pd.DataFrame) -> pd.DataFrame:
    """Stack Overflow's ML pool (``sources.STACK_OVERFLOW``) resident in the US."""
    return stats.subset(sources.STACK_OVERFLOW.ml(so_bins), region=study.COMPARED_REGIONS[0])


def bls_means(official: pd.DataFrame) -> pd.DataFrame:
    """BLS OEWS mean annual wage and employment of the occupations nearest to ML work, per May estimate, as published
    (``occupation``, ``period``, ``year``, ``employment``, ``mean_annual_wage``, ``median_annual_wage``)."""
    t = sources.official_us(official)
    return t.assign(year=t["period"].str[-4:].astype(int)).sort_values(["occupation", "year"]).reset_index(drop=True)


def _value_line(source: str, measures: str, claimed: float, est: stats.Estimate | float, extra: str = "",
                label: str = "") -> factcheck.Line:
    if isinstance(est, stats.Estimate):
        value, lo, hi, n = (est.value, est.lo, est.hi, est.n) if est.available else (None, None, None, est.n)
    else:
        value, lo, hi, n = (None if math.isnan(est) else float(est)), None, None, None
    verdict, why = factcheck.value_verdict(claimed, value, lo, hi)
    return factcheck.Line(source, measures, value, lo, hi, n, verdict, f"claimed value is {why}{extra}", label)


def us_ml_lines(claimed: float, ev: Evidence, year: int = factcheck.DEFAULT_YEAR) -> list[factcheck.Line]:
    """Lines on "US ML specialists earn about ``claimed`` a year" (USD per year)."""
    lines = [factcheck.line_of(factcheck.check_us_ml_avg_annual(claimed, ev.bins, year), AIJOBS)]
    so = so_us_ml(ev.so_bins)
    median = stats.bootstrap_quantile(so, 0.5, factcheck.N_BOOT)
    lines.append(_value_line(SO, "mean total compensation, ML roles, US residents, survey of 2024", claimed,
                             stats.bootstrap_mean(so, factcheck.N_BOOT),
                             f" (mean); the median is {median.value:,.0f}" if median.available else ""))
    bls = bls_means(ev.official)
    for occupation, g in bls.groupby("occupation", sort=False):
        latest, earlier = g.iloc[-1], g.iloc[:-1]
        before = "".join(f"; May {r.year}: {r.mean_annual_wage:,.0f}" for r in earlier.itertuples())
        lines.append(replace(_value_line(BLS, f"published mean annual wage, {occupation}, May {latest['year']} "
                                              f"({latest['employment']:,.0f} jobs)", claimed, latest["mean_annual_wage"],
                                              before, f"{BLS} {occupation}"), kind=factcheck.STANDS_IN))
    return lines


def us_ml_annual(claim: pd.Series, ev: Evidence, lines: list[factcheck.Line] | None = None) -> factcheck.Verdict:
    """'approximately $150,000 a year' on every line (:func:`us_ml_lines`, unless already computed)."""
    return _verdict(claim, lines if lines is not None else us_ml_lines(float(claim["value"]), ev), "")


def us_ml_monthly(claim: pd.Series, annual: float, ev: Evidence,
                  annual_lines: list[factcheck.Line] | None = None) -> factcheck.Verdict:
    """'which is $12,500 a month': the arithmetic first (wrong: not supported), then every annual line (``annual_lines``
    when already computed for ``annual``) / 12: the annual claim restated, with its verdict (not more support)."""
    claimed = float(claim["value"])
    if not math.isclose(annual / 12, claimed, rel_tol=0.005):
        line = factcheck.Line("the article", "arithmetic: its annual figure / 12", annual / 12, None, None, None, "not supported",
                              f"{annual:,.0f} / 12 = {annual / 12:,.0f}, not {claimed:,.0f}")
        return _verdict(claim, [line], "the arithmetic is wrong")
    lines = []
    for ln in annual_lines if annual_lines is not None else us_ml_lines(annual, ev):
        est, lo, hi = (None if v is None else v / 12 for v in (ln.estimate, ln.lo, ln.hi))
        verdict, why = factcheck.value_verdict(claimed, est, lo, hi)
        lines.append(replace(ln, measures=f"{ln.measures}, / 12", estimate=est, lo=lo, hi=hi, verdict=verdict,
                             reason=f"claimed value is {why}"))
    return replace(_verdict(claim, lines, f"the arithmetic is right: {annual:,.0f} / 12 = {claimed:,.0f}"),
                   restates="us_ml_avg_annual")


def oecd_us(wages: pd.DataFrame, year: int = factcheck.DEFAULT_YEAR) -> pd.Series | None:
    """The OECD average annual wage of the US for ``year`` (reference_wages), or None."""
    rows = wages[wages["ref_id"].astype(str).str.startswith("oecd_avg_wage_") & (wages["geo"] == "US")
                 & (wages["period"].astype(str) == str(year))]
    return rows.iloc[0] if len(rows) else None


def us_market(claim: pd.Series, ev: Evidence) -> factcheck.Verdict:
    """'the average salary on the U.S. market ... $2,900' (a month): BLS all occupations and OECD, / 12."""
    claimed = float(claim["value"])
    lines = [replace(factcheck.line_of(factcheck.check_us_market_avg(claimed, ev.wages), BLS), label=f"{BLS} all occupations")]
    oecd = oecd_us(ev.wages)
    if oecd is None:
        lines.append(factcheck.Line(OECD, "average annual wage / 12", None, None, None, None, "cannot be tested",
                                    f"no OECD average wage of the US for {factcheck.DEFAULT_YEAR}"))
    else:
        lines.append(_value_line(OECD, f"average annual wage per full-time equivalent employee / 12, {oecd['period']}, "
                                       f"{oecd['unit']}", claimed, float(oecd["value"]) / 12))
    return _verdict(claim, lines, "")


def direction_line(source: str, sens: pd.DataFrame) -> factcheck.Line:
    """One source's line on "Europe is lower": its US / Europe median ratio by grade, as published (rule in
    :mod:`helpers.analysis.factcheck`); the estimate is the all-grades ratio."""
    base = sens[(sens["source"] == source) & (sens["variant"] == sensitivity.VARIANTS[0].name)]
    grades = base[base["measure"].isin(list(schema.GRADES))]
    usable = grades[~grades["small_sample"].astype(bool) & grades["ratio"].notna()]
    pooled = base[base["measure"] == sources.ALL_GRADES].iloc[0]
    measures = "US / Europe median ratio, ML roles, all grades pooled, as published"
    n = int(pooled["n_a"] + pooled["n_b"])
    if usable.empty:
        return factcheck.Line(source, measures, None, None, None, n, "cannot be tested",
                              f"no grade has {study.SMALL_SAMPLE_N}+ records in both regions")
    above = usable["lo"] > 1
    verdict = "supported" if above.all() else "partly supported" if above.any() else "not supported"
    listing = ", ".join(f"{r.measure} ×{r.ratio:.2f} [{r.lo:.2f}–{r.hi:.2f}]" for r in usable.itertuples())
    thin = [str(m) for m in grades.loc[~grades.index.isin(usable.index), "measure"]]
    return factcheck.Line(source, measures, float(pooled["ratio"]), float(pooled["lo"]), float(pooled["hi"]), n, verdict,
                          f"interval above ×1 at {int(above.sum())} of {len(usable)} grades with {study.SMALL_SAMPLE_N}+ "
                          f"records each side ({listing}); US n = {int(pooled['n_a']):,}, Europe n = {int(pooled['n_b']):,}"
                          + (f"; too few records for {', '.join(thin)}" if thin else ""))


def direction_rows(sens: pd.DataFrame) -> pd.DataFrame:
    """Each source's US / Europe median ratio by grade, as published, for a ratio chart: ``source``, ``grade``,
    ``label`` (source, grade and n in the US / in Europe), ``ratio``, ``lo``, ``hi``, ``n`` (both sides), ``n_a``,
    ``n_b`` (the US, Europe), ``small_sample``."""
    base = sens[(sens["variant"] == sensitivity.VARIANTS[0].name) & sens["measure"].isin(list(schema.GRADES))
                & sens["ratio"].notna()]
    out = base.assign(grade=base["measure"], n=base["n_a"] + base["n_b"],
                      label=[f"{r.source}, {r.measure} (n = {r.n_a:,} / {r.n_b:,})" for r in base.itertuples()])
    return out[["source", "grade", "label", "ratio", "lo", "hi", "n", "n_a", "n_b", "small_sample"]].reset_index(drop=True)


def europe_lower(claim: pd.Series, ev: Evidence, low: float, high: float, results: int) -> factcheck.Verdict:
    """'In Europe, salaries are lower than in the U.S.': one line per source; the range (``low``–``high``, from
    ``findings.us_europe_range``) spans the sources and the analyst's choices. ``details`` holds the range's two ends
    (:func:`sensitivity.range_ends`: each its source, choice, ratio, interval and n), so the range is never worded
    without its ends' intervals."""
    lines = [direction_line(s.name, ev.sens) for s in sources.SOURCES]
    note = (f"{len(sources.SOURCES)} sources and the analyst's choices ({results} results with {study.SMALL_SAMPLE_N}+ "
            "records on both sides)")
    ends = pd.DataFrame(list(sensitivity.range_ends(ev.sens))).reset_index(drop=True) if results else None
    return replace(_verdict(claim, lines, note), low=low, high=high, details=ends)


def _verdict(claim: pd.Series, lines: list[factcheck.Line], note: str) -> factcheck.Verdict:
    value = claim["value"]
    low, high = factcheck.evidence_range(lines)
    return factcheck.Verdict(str(claim["claim_id"]), str(claim["quantity"]), str(claim["quote"]),
                             None if pd.isna(value) else float(value), str(claim["unit"]), tuple(lines),
                             factcheck.combine(lines), low, high, note)


def check_all(claims: pd.DataFrame, ev: Evidence, europe_range: tuple[float, float, int]) -> list[factcheck.Verdict]:
    """Every claim on all its evidence, in the claims table's order; a claim without a rule cannot be tested.
    ``europe_range`` is (lowest, highest, results) of ``findings.us_europe_range`` on ``ev.sens``."""
    values = claims.set_index("claim_id")["value"]
    years, annual = None, None
    out = []
    for _, claim in claims.iterrows():
        cid = str(claim["claim_id"])
        if cid in ("us_ml_avg_annual", "us_ml_avg_monthly"):
            annual = annual or us_ml_lines(float(values["us_ml_avg_annual"]), ev)
        if cid == "us_ml_avg_annual":
            out.append(us_ml_annual(claim, ev, annual))
        elif cid == "us_ml_avg_monthly":
            out.append(us_ml_monthly(claim, float(values["us_ml_avg_annual"]), ev, annual))
        elif cid == "us_market_avg":
            out.append(us_market(claim, ev))
        elif cid == "europe_lower":
            out.append(europe_lower(claim, ev, *europe_range))
        elif cid in factcheck_grades.YEARS_CLAIMS:
            years = years if years is not None else factcheck_grades.relative(ev.bins, ev.so_bins)
            out.append(factcheck_grades.check_years(claim, ev.bins, ev.so_bins, years))
        else:
            out.append(_verdict(claim, [], "no rule in helpers.analysis.factcheck_sources for this claim"))
    return out
