"""The fact check: the article's claims, every line of evidence on each, each line's verdict, and how they combine.

The claims are ``data.load("claims")``; :func:`check_all` judges each on every line of evidence that applies
(aijobs.net, Stack Overflow 2024, the official BLS and OECD figures) and combines the lines with :func:`combine`.

Each line of evidence (one source's estimate for one claim) gets a verdict from :data:`VERDICTS` and a one-line
reason by the rules below, never typed by hand; :func:`combine` turns the lines into the claim's :class:`Verdict`.
The verdict words are defined in one sentence, :data:`VERDICT_WORDS`, printed wherever they are used.

Rules for a claimed *value* against an estimate (:func:`value_verdict`):

- **supported** if the claimed value lies inside the estimate's 95% interval, or within ``±TOLERANCE`` (10%) of
  the estimate (articles round: "approximately $150,000");
- **partly supported** if it lies within ``±PARTLY`` (25%) of the estimate: right order of magnitude, clearly off;
- **not supported** otherwise;
- **cannot be tested** when there is no estimate (no data or no reference figure): reported, never guessed.

A published official figure (BLS OEWS, OECD) has no sampling interval here: it is a point, judged by the tolerances
alone. Rule for a claimed *direction* ("Europe < US", :func:`direction_line`): the US / Europe median ratio grade by
grade, using only grades with at least ``study.SMALL_SAMPLE_N`` records on both sides: **supported** if its 95%
interval lies above ×1 at every such grade, **partly supported** if at some, **not supported** if at none, **cannot be
tested** if no grade has enough records. A grade's *years*: no source records grade and years for the same people,
so those claims **cannot be tested directly** (:func:`check_years`, indirect evidence only).

Each line is of one kind (:data:`KINDS`): it *measures* the claimed quantity (a survey of ML pay for ML pay), it
*stands in* for it (an official occupation nearest to ML work: not ML pay), or it is *indirect* evidence (a grade's
years). The combination rule (:data:`COMBINATION_RULE`, :func:`combine`), stated before any result: every line that
can test the claim is judged alone; lines that cannot (too few records, no figure) are shown and left out; the
claim's verdict is the common verdict of the tested lines that *measure* it, **mixed** when they disagree, **cannot
be tested** when none can test it, and **cannot be tested directly** when no line measures it; stand-in lines are
shown beside it with their own combined verdict and never decide it. Its range of evidence is the lowest to the
highest estimate of the tested lines that measure it. A claim that restates another (the monthly figure is the
annual ÷ 12) is the same evidence ÷ 12 and shares its verdict: it is not counted as more support.

Survey figures are nominal USD per year (aijobs: salary at companies located in the region; Stack Overflow: total
compensation of residents), for the most recent full year (``DEFAULT_YEAR``); the article is undated.

Lines of evidence per claim:

- **US ML pay, a year** (``us_ml_avg_annual``): the lines that measure ML pay: aijobs' mean salary of ML specialists
  at US companies (``DEFAULT_YEAR``) and Stack Overflow's mean total compensation of US residents in ML roles;
  beside them, lines that only stand in for it (``STANDS_IN``): the BLS OEWS published mean annual wage of each
  occupation nearest to ML work (``sources.BLS_OCCUPATIONS``; none is ML), latest May estimate, a point without
  interval. "Average" is read as the mean; medians are in the reasons.
- **a month** (``us_ml_avg_monthly``): the arithmetic (annual / 12) first, then the same lines / 12: it restates the
  annual claim (``Verdict.restates``), shares its verdict and is not counted as more support.
- **the US market** (``us_market_avg``): BLS OEWS all occupations and the OECD average wage of the US, / 12. The
  salary surveys cover tech workers only and do not apply.
- **Europe lower** (``europe_lower``): each registered source's US / Europe median ratio by grade, as published
  (:mod:`helpers.analysis.sensitivity`'s baseline); the range is :func:`findings.us_europe_range`'s, across sources
  and the analyst's choices (computed there from the same table).
- **a grade's years** (``junior_years``, ``middle_years``, :func:`check_years`): aijobs.net's grades are the survey's
  experience levels (EN, MI, SE, EX) without years; Stack Overflow 2024 asks for years of professional coding (banded
  as in ``so_declared.SO_YEARS_BANDS``) without a grade. Matching one survey's grade medians to the other's years medians
  in dollars would mostly measure how differently the two surveys pay, so nothing is compared in dollars.

Indirect evidence on a grade's years, labelled as such (``INDIRECT`` lines): for each *pool* (ML roles in both
sources; all roles: every aijobs title, every professional developer of Stack Overflow) and each region compared,
every aijobs level's median and every Stack Overflow band's median is divided by *its own survey's* median of the
same pool and region (:func:`relative`), with a 95% bootstrap interval and n. The interval treats the group's and the
whole pool's medians as independent samples; the group is part of the pool, so the interval is wider than a joint
one (conservative). Rules on one line (one pool in one region; :func:`indirect_line`):

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

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from helpers import binning, licensing, schema, study
from helpers.analysis import sensitivity, sources, stats
from helpers.surveys import so_survey as so_declared

#: The two surveys whose lines of evidence the fact check draws (its evidence names them as data).
AIJOBS, SO = sources.AIJOBS.name, sources.STACK_OVERFLOW.name
#: On a grade's years: the survey whose grades are levels without years, and the one with years without grades.
LEVELS_FROM, BANDS_FROM = AIJOBS, SO
#: The survey with years, as a sentence names it ("Stack Overflow").
BANDS_CALLED = sources.STACK_OVERFLOW.called

VERDICTS: tuple[str, ...] = ("supported", "partly supported", "not supported", "cannot be tested")
#: A claim's combined verdict: a line verdict all its measuring lines share, "mixed" when they disagree, or "cannot be
#: tested directly" when no line measures the claimed quantity (only indirect evidence exists).
DIRECTLY = "cannot be tested directly"
COMBINED_VERDICTS: tuple[str, ...] = ("supported", "partly supported", "mixed", "not supported", "cannot be tested", DIRECTLY)
#: What a line of evidence is to its claim: it measures the claimed quantity, stands in for it, or is indirect.
MEASURES, STANDS_IN, INDIRECT = "measures", "stands in", "indirect"
KINDS: tuple[str, ...] = (MEASURES, STANDS_IN, INDIRECT)
TOLERANCE = 0.10
PARTLY = 0.25
#: Survey work year the checks use, "ML specialists", bootstrap size: the study's choices.
DEFAULT_YEAR = study.LATEST_FULL_YEAR
N_BOOT = study.N_BOOT
#: The verdict words, defined in one sentence (printed wherever a verdict is: notebook 06, the README, the front page).
VERDICT_WORDS: str = (
    "A claimed value is supported by a line of evidence when it lies inside the line's 95% interval or within "
    f"±{TOLERANCE:.0%} of its estimate, partly supported within ±{PARTLY:.0%}, not supported further off, and cannot be "
    f"tested when the line has no figure or fewer than {study.SMALL_SAMPLE_N} records; a claim is mixed when the lines "
    "that measure it disagree, and cannot be tested directly when no source measures it (only indirect evidence "
    "exists).")
#: The combination rule in words (printed by notebook 06 before any result, and in the README).
COMBINATION_RULE: str = (
    f"{VERDICT_WORDS} Each line is judged alone; a line that cannot test the claim is shown and left out. The claim's "
    "verdict is the one the tested lines that measure it (surveys of ML pay, for ML pay) give when they agree, mixed "
    "when they disagree; lines that only stand in for it (the official occupations nearest to ML work, which are not "
    "ML pay) are shown beside it with their own verdict and never decide it. Its range of evidence runs from the lowest "
    "to the highest estimate of the lines that measure it (for Europe against the US: across the sources and the "
    "analyst's choices of notebook 10). A claim that restates another (a month is the year ÷ 12) is the same evidence "
    "÷ 12: it shares that claim's verdict and is not counted as more support.")


@dataclass(frozen=True)
class Check:
    """The evidence and verdict for one claim. ``estimate`` and its interval are in ``unit``."""

    claim_id: str
    claimed: float | None
    unit: str
    evidence: str
    estimate: float | None
    lo: float | None
    hi: float | None
    n: int | None
    reference: str
    verdict: str
    reason: str
    details: pd.DataFrame | None = field(default=None, compare=False)

    def sentence(self) -> str:
        """One Markdown line: the claim, the evidence with its interval and n, the verdict and the reason."""
        fmt = (lambda v: f"{v:,.2f}") if self.estimate is not None and abs(self.estimate) < 10 else (lambda v: f"{v:,.0f}")
        claimed = f"claimed {self.claimed:,.0f} {self.unit}" if self.claimed is not None else f"claimed direction ({self.unit})"
        if self.estimate is None:
            return f"**{self.claim_id}** — {claimed}. Verdict: **{self.verdict}** — {self.reason}."
        interval = f" (95% CI {fmt(self.lo)}–{fmt(self.hi)})" if self.lo is not None and self.hi is not None else ""
        n = f", n = {self.n:,}" if self.n else ""
        return (f"**{self.claim_id}** — {claimed}. Evidence: {self.evidence}: **{fmt(self.estimate)}**{interval}{n}. "
                f"Verdict: **{self.verdict}** — {self.reason}.")

    def row(self) -> dict:
        """The check as one summary-table row (without ``details``)."""
        return {k: getattr(self, k) for k in ("claim_id", "claimed", "unit", "evidence", "estimate", "lo", "hi", "n", "reference",
                                                "verdict", "reason")}


@dataclass(frozen=True)
class Line:
    """One line of evidence on a claim: a source's estimate (in the claim's unit) with its 95% interval and n, and the
    verdict that line alone gives. ``n`` is None for a published figure (no records behind it here)."""

    source: str
    measures: str
    estimate: float | None
    lo: float | None
    hi: float | None
    n: int | None
    verdict: str
    reason: str
    label: str = ""
    kind: str = MEASURES

    @property
    def name(self) -> str:
        """The line's short name in listings: its ``label``, else its source."""
        return self.label or self.source

    @property
    def tested(self) -> bool:
        """True when the line can test the claim (its verdict is not "cannot be tested")."""
        return self.verdict != "cannot be tested"

    @property
    def measures_claim(self) -> bool:
        """True when the line measures the claimed quantity itself (not a stand-in, not indirect)."""
        return self.kind == MEASURES


def line_of(check: Check, source: str) -> Line:
    """A single-source :class:`Check` as a line of evidence."""
    return Line(source, check.evidence, check.estimate, check.lo, check.hi, check.n, check.verdict, check.reason)


def combine(lines: list[Line] | tuple[Line, ...], kind: str = MEASURES) -> str:
    """The claim's verdict from its lines of ``kind`` (:data:`COMBINATION_RULE`): their common verdict, "mixed", "cannot
    be tested" when none can test the claim, or "cannot be tested directly" when no line measures it but others exist.
    With ``kind=STANDS_IN``: the stand-in lines' own combined verdict (shown beside the claim's)."""
    own = [ln for ln in lines if ln.kind == kind]
    if kind == MEASURES and not own and lines:
        return DIRECTLY
    tested = {ln.verdict for ln in own if ln.tested}
    return "cannot be tested" if not tested else tested.pop() if len(tested) == 1 else "mixed"


@dataclass(frozen=True)
class Verdict:
    """A claim on all its evidence: the lines, the combined verdict and the range of evidence (``low``–``high``, in
    ``unit``; None when nothing was tested). ``note`` says what the range spans when it is not the lines' estimates."""

    claim_id: str
    quantity: str
    quote: str
    claimed: float | None
    unit: str
    lines: tuple[Line, ...]
    verdict: str
    low: float | None
    high: float | None
    note: str = ""
    details: pd.DataFrame | None = field(default=None, compare=False)
    #: The claim this one restates (same evidence, another unit), or "".
    restates: str = ""

    @property
    def tested(self) -> tuple[Line, ...]:
        """The lines that can test the claim and measure it (the ones its verdict and range rest on)."""
        return tuple(ln for ln in self.lines if ln.tested and ln.measures_claim)

    def of_kind(self, kind: str, tested: bool = True) -> tuple[Line, ...]:
        """The lines of ``kind`` (:data:`KINDS`), only those that can test the claim unless ``tested`` is False."""
        return tuple(ln for ln in self.lines if ln.kind == kind and (ln.tested or not tested))

    @property
    def stand_in_verdict(self) -> str | None:
        """The stand-in lines' own combined verdict, or None when the claim has none."""
        return combine(self.lines, STANDS_IN) if self.of_kind(STANDS_IN, tested=False) else None

    @property
    def stand_in_range(self) -> tuple[float | None, float | None]:
        """Lowest and highest estimate of the tested stand-in lines."""
        return evidence_range(self.of_kind(STANDS_IN), kind=STANDS_IN)

    def by_verdict(self, kind: str = MEASURES) -> dict[str, list[str]]:
        """Line verdict -> the tested lines of ``kind`` (:attr:`Line.name`) giving it, in the lines' order."""
        out: dict[str, list[str]] = {}
        for ln in self.of_kind(kind):
            out.setdefault(ln.verdict, []).append(ln.name)
        return out

    def table(self) -> pd.DataFrame:
        """One row per line of evidence: source, what it is to the claim (``kind``), what it measures, n, estimate,
        interval, its verdict and reason."""
        cols = ["source", "kind", "measures", "n", "estimate", "lo", "hi", "verdict", "reason"]
        out = pd.DataFrame([{c: getattr(ln, c) for c in cols} for ln in self.lines], columns=cols)
        out["source"] = [ln.name for ln in self.lines]
        out["n"] = out["n"].astype("Int64")
        for c in ("estimate", "lo", "hi"):
            out[c] = out[c].astype("float64")
        return out


def evidence_range(lines: list[Line] | tuple[Line, ...], kind: str = MEASURES) -> tuple[float | None, float | None]:
    """Lowest and highest estimate of the tested lines of ``kind`` (None, None when none was tested)."""
    values = [ln.estimate for ln in lines if ln.tested and ln.kind == kind and ln.estimate is not None]
    return (min(values), max(values)) if values else (None, None)


def relative_difference(claimed: float, estimate: float) -> float:
    """``claimed / estimate - 1`` (negative: the claim is below the estimate)."""
    return claimed / estimate - 1


def value_verdict(claimed: float | None, estimate: float | None, lo: float | None = None, hi: float | None = None) -> tuple[str, str]:
    """Verdict and reason for a claimed value against an estimate with an optional interval (rules in the module doc)."""
    if claimed is None or estimate is None or (isinstance(estimate, float) and math.isnan(estimate)):
        return "cannot be tested", "no estimate to compare with"
    rel = relative_difference(claimed, estimate)
    where = f"{abs(rel):.0%} {'below' if rel < 0 else 'above'} the estimate"
    inside = lo is not None and hi is not None and lo <= claimed <= hi
    if inside:
        return "supported", f"inside the 95% interval ({where})"
    if abs(rel) <= TOLERANCE:
        return "supported", f"{where}: within ±{TOLERANCE:.0%}"
    if abs(rel) <= PARTLY:
        return "partly supported", f"{where}: outside ±{TOLERANCE:.0%}, within ±{PARTLY:.0%}"
    return "not supported", f"{where}: outside ±{PARTLY:.0%}"


def us_ml(bins: pd.DataFrame, year: int = DEFAULT_YEAR) -> pd.DataFrame:
    """Rows of ML specialists (ML engineering + ML research) at US companies in ``year``."""
    return stats.subset(bins, region="United States", role_family=list(study.ML_SPECIALIST_FAMILIES), work_year=year)


def us_ml_median(bins: pd.DataFrame, year: int = DEFAULT_YEAR) -> stats.Estimate:
    """Median salary of US ML specialists in ``year`` with the fact check's bootstrap interval (nominal USD per year)."""
    return stats.bootstrap_quantile(us_ml(bins, year), 0.5, N_BOOT)


def check_us_ml_avg_annual(claimed: float, bins: pd.DataFrame, year: int = DEFAULT_YEAR) -> Check:
    """'The average salary of ML specialists in the US is approximately $150,000 a year': mean (and median) of US ML roles."""
    mean = stats.bootstrap_mean(us_ml(bins, year), N_BOOT)
    median = us_ml_median(bins, year)
    verdict, why = value_verdict(claimed, mean.value if mean.available else None, mean.lo, mean.hi)
    med_rel = relative_difference(claimed, median.value) if median.available else math.nan
    return Check("us_ml_avg_annual", claimed, "USD per year", f"mean salary, ML engineering + ML research, US companies, {year}",
                 mean.value, mean.lo, mean.hi, mean.n, "aijobs.net survey (distinct records)", verdict,
                 f"claimed value is {why} (mean); the median is {median.value:,.0f}, claim {abs(med_rel):.0%} "
                 f"{'below' if med_rel < 0 else 'above'} it")


def check_us_ml_avg_monthly(claimed: float, annual_claimed: float, bins: pd.DataFrame, year: int = DEFAULT_YEAR) -> Check:
    """'which is $12,500 a month': the arithmetic (annual / 12), then the monthly value against the data's mean / 12."""
    if not math.isclose(annual_claimed / 12, claimed, rel_tol=0.005):
        return Check("us_ml_avg_monthly", claimed, "USD per month", "arithmetic: annual claim / 12", annual_claimed / 12, None, None,
                     None, "the article's own annual figure", "not supported",
                     f"{annual_claimed:,.0f} / 12 = {annual_claimed / 12:,.0f}, not {claimed:,.0f}")
    mean = stats.bootstrap_mean(us_ml(bins, year), N_BOOT)
    est, lo, hi = (mean.value / 12, mean.lo / 12, mean.hi / 12) if mean.available else (None, None, None)
    verdict, why = value_verdict(claimed, est, lo, hi)
    return Check("us_ml_avg_monthly", claimed, "USD per month", f"mean salary / 12, ML engineering + ML research, US companies, {year}",
                 est, lo, hi, mean.n, "aijobs.net survey (distinct records)", verdict,
                 f"arithmetic right ({annual_claimed:,.0f} / 12 = {claimed:,.0f}); the monthly value is {why}")


def bls_all_occupations(wages: pd.DataFrame, measure: str = "mean_annual_wage") -> pd.DataFrame:
    """BLS OEWS all-occupations (00-0000) US rows of ``measure``, with ``year`` and ``monthly`` (= annual / 12), by year."""
    rows = wages[(wages["occupation_code"] == "00-0000") & (wages["geo"] == "US") & (wages["measure"] == measure)
                 & wages["value"].notna()]
    out = rows[["ref_id", "period", "value"]].copy()
    out["year"] = out["period"].astype(str).str[:4].astype(int)
    out["monthly"] = out["value"] / 12
    return out.sort_values("year").reset_index(drop=True)


def check_us_market_avg(claimed: float, wages: pd.DataFrame) -> Check:
    """'the average salary on the US market ... $2,900' (a month): against the BLS all-occupations mean wage / 12.

    Uses the most recent BLS year; the claim must hold against *every* available year's mean to be supported
    (the article is undated). Cannot be tested if the reference table has no BLS all-occupations mean.
    """
    means = bls_all_occupations(wages, "mean_annual_wage")
    if means.empty:
        return Check("us_market_avg", claimed, "USD per month", "BLS OEWS all-occupations mean annual wage / 12", None, None, None,
                     None, "not in reference_wages.csv", "cannot be tested", "no BLS all-occupations mean wage in the reference table")
    latest = means.iloc[-1]
    verdicts = [value_verdict(claimed, m)[0] for m in means["monthly"]]
    verdict = "supported" if all(v == "supported" for v in verdicts) else \
        "not supported" if all(v == "not supported" for v in verdicts) else "partly supported"
    medians = bls_all_occupations(wages, "median_annual_wage")
    med_txt = f"; even the median wage / 12 is {medians['monthly'].min():,.0f}–{medians['monthly'].max():,.0f}" if not medians.empty else ""
    years = f"{means['year'].min()}–{means['year'].max()}"
    rel = relative_difference(claimed, float(latest["monthly"]))
    return Check("us_market_avg", claimed, "USD per month", f"BLS OEWS all-occupations mean annual wage / 12, May {latest['year']}",
                 float(latest["monthly"]), None, None, None, f"BLS OEWS ({latest['ref_id']})", verdict,
                 f"{claimed:,.0f} is {abs(rel):.0%} {'below' if rel < 0 else 'above'} the {latest['year']} BLS mean wage / 12; "
                 f"that figure was {means['monthly'].min():,.0f}–{means['monthly'].max():,.0f} in {years}{med_txt}")


def monthly_by_year(bins: pd.DataFrame, years: list[int] | None = None) -> pd.DataFrame:
    """Mean and median salary of US ML specialists per work year (annual and / 12) with n: context for an undated claim."""
    rows = []
    for y in years or sorted(int(v) for v in bins["work_year"].unique()):
        sub = us_ml(bins, y)
        n = int(sub["n"].sum())
        if n == 0:
            continue
        mean = float(sub["sum_usd"].sum() / n)
        med = float(binning.binned_quantile(sub, 0.5)[0])
        rows.append({"work_year": y, "n": n, "mean_usd": mean, "median_usd": med, "mean_monthly": mean / 12,
                     "small_sample": stats.is_small(n)})
    return pd.DataFrame(rows)


def summary(verdicts: list[Verdict]) -> pd.DataFrame:
    """One row per claim: claimed value and unit, combined verdict, range of evidence (``low``–``high``), the lines
    that measure it and how many of them were tested and give each verdict, the stand-in lines' own verdict, and
    ``restates``: the claim whose evidence it repeats (its counts are then left empty: it is not more support)."""
    rows = []
    for v in verdicts:
        counts = {k: len(names) for k, names in v.by_verdict().items()}
        own = not v.restates
        rows.append({"claim_id": v.claim_id, "claimed": v.claimed, "unit": v.unit, "verdict": v.verdict, "low": v.low,
                     "high": v.high, "lines": len(v.of_kind(MEASURES, tested=False)) if own else None,
                     "tested": len(v.tested) if own else None,
                     **{f"n_{k.replace(' ', '_')}": counts.get(k, 0) if own else None for k in VERDICTS[:3]},
                     "stand_in_verdict": (v.stand_in_verdict or "") if own else "",
                     "indirect": len(v.of_kind(INDIRECT, tested=False)), "restates": v.restates})
    out = pd.DataFrame(rows)
    out["verdict"] = pd.Categorical(out["verdict"], list(COMBINED_VERDICTS))
    for c in ("claimed", "low", "high"):
        out[c] = out[c].astype("float64")
    for c in ("lines", "tested", *(f"n_{k.replace(' ', '_')}" for k in VERDICTS[:3])):
        out[c] = out[c].astype("Int64")
    return out


#: The curated tables the lines of evidence not drawn from a salary source are drawn from, by source.
OTHER_LINE_TABLES: dict[str, tuple[str, ...]] = {
    "BLS OEWS": ("official_statistics", "reference_wages"), "OECD": ("reference_wages",), "the article": ("claims",)}


def line_tables() -> dict[str, tuple[str, ...]]:
    """The curated tables each source's lines of evidence are drawn from (a chart of the lines carries their
    licences): each registered salary source's table, and :data:`OTHER_LINE_TABLES`."""
    return {**{s.name: (s.table,) for s in sources.SOURCES}, **OTHER_LINE_TABLES}


def value_lines(verdicts: list[Verdict], claim_ids: tuple[str, ...]) -> pd.DataFrame:
    """The tested lines (measuring and stand-in) of the claims ``claim_ids`` (claimed values), one row each, for a
    claimed ÷ estimate chart: ``claim_id``, ``group`` (the claimed figure and the combined verdict; stand-in lines in
    a group of their own, with their own verdict), ``label`` (the line, with n), ``source``, ``kind``, ``n``,
    ``claimed``, ``estimate``, ``lo``, ``hi``, ``verdict`` (the line's own)."""
    rows = []
    for v in verdicts:
        if v.claim_id not in claim_ids or v.claimed is None:
            continue
        for ln in (*v.tested, *v.of_kind(STANDS_IN)):
            n = f"n = {ln.n:,}" if ln.n is not None else "published"
            group = (f"{v.claimed:,.0f} {v.unit}: {v.verdict}" if ln.kind == MEASURES else
                     f"Standing in, not ML pay: {v.stand_in_verdict}")
            rows.append({"claim_id": v.claim_id, "group": group, "label": f"{ln.name} ({n})", "source": ln.source,
                         "kind": ln.kind, "n": ln.n, "claimed": v.claimed, "estimate": ln.estimate, "lo": ln.lo,
                         "hi": ln.hi, "verdict": ln.verdict})
    cols = ["claim_id", "group", "label", "source", "kind", "n", "claimed", "estimate", "lo", "hi", "verdict"]
    out = pd.DataFrame(rows, columns=cols)
    out["n"] = out["n"].astype("Int64")
    for c in ("estimate", "lo", "hi"):
        out[c] = out[c].astype("float64")
    tables = line_tables()
    drawn = [tables.get(s) for s in out["source"]]
    # the claimed values come from the claims table; a line of a source not listed leaves the provenance unknown
    return licensing.tag(out, "claims", *(n for names in drawn for n in names)) if all(drawn) else out

# ---------------------------------------------------------------- a grade's years: indirect evidence only
#: Band labels in order (from the schema, never retyped).
BANDS: tuple[str, ...] = tuple(b for b, _, _ in so_declared.SO_YEARS_BANDS)
#: The claims on a grade's years: claim id -> grade.
YEARS_CLAIMS: dict[str, str] = {"junior_years": "Junior", "middle_years": "Middle"}
#: The aijobs levels compared (the fourth, executive level has no counterpart in years).
LEVELS: tuple[str, ...] = tuple(schema.GRADES[:3])
#: The indirect lines' readings (a line that cannot test the claim says so).
CONSISTENT, NOT_CONSISTENT = "consistent", "not consistent"
#: Why the grade claims cannot be tested directly (printed with the verdict).
NO_DIRECT_TEST: str = ("no source records grade and years for the same people (aijobs.net has grades, the survey's "
                       "experience levels, without years; Stack Overflow has years of professional coding without grades)")


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


def claimed_years(grade: str) -> tuple[int, int]:
    """The article's years of experience for ``grade``, first and last whole year (``so_declared.SO_GRADE_BOUNDS``)."""
    return next((lo, hi) for g, lo, hi in so_declared.SO_GRADE_BOUNDS if g == grade)


def claimed_bands(grade: str) -> tuple[str, ...]:
    """The bands of years inside the article's definition of ``grade`` (:func:`claimed_years`)."""
    lo, hi = claimed_years(grade)
    return tuple(b for b, b_lo, b_hi in so_declared.SO_YEARS_BANDS if lo <= b_lo and b_hi <= hi)


def band_label(band: str) -> str:
    """'under 1 year', '1–3 years', '11+ years'."""
    return "under 1 year" if band == "0" else f"{band.replace('-', '–')} years"


def region_label(region: str) -> str:
    """'the US' for the reference region, else the region's name."""
    return "the US" if region == study.COMPARED_REGIONS[0] else region


def _relative_rows(rows: pd.DataFrame, column: str, groups: tuple[str, ...]) -> list[dict]:
    """Each group's median ÷ the median of all ``rows``, with its interval and n (NaN where a group is empty)."""
    whole = stats.bootstrap_quantile(rows, 0.5, N_BOOT)
    out = []
    for group in groups:
        g = rows[rows[column].astype(str) == group]
        c = stats.compare_quantiles(g, rows, 0.5, "ratio", N_BOOT)
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


def indirect_line(grade: str, line: pd.DataFrame, pool: str, region: str) -> Line:
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
        return Line(source, measures, *estimate, int(b["n"]), "cannot be tested",
                              f"fewer than {study.SMALL_SAMPLE_N} records or answers: {'; '.join(thin)}", label,
                              INDIRECT)
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
    return Line(source, measures, *estimate, int(b["n"]), verdict, reason, label, INDIRECT)


def check_years(claim: pd.Series, bins: pd.DataFrame, so_bins: pd.DataFrame,
                table: pd.DataFrame | None = None) -> Verdict:
    """The claim on a grade's years (``claim_id`` in ``YEARS_CLAIMS``): cannot be tested directly
    (``NO_DIRECT_TEST``), with one indirect line per pool and region; ``details`` is :func:`relative` (``table`` when
    already computed)."""
    grade = YEARS_CLAIMS[str(claim["claim_id"])]
    rel = relative(bins, so_bins) if table is None else table
    lines = [indirect_line(grade, rel[(rel["pool"] == pool.name) & (rel["region"] == region)], pool.name, region)
             for pool in POOLS for region in study.COMPARED_REGIONS]
    return Verdict(str(claim["claim_id"]), str(claim["quantity"]), str(claim["quote"]), None,
                             str(claim["unit"]), tuple(lines), combine(lines), None, None, NO_DIRECT_TEST, rel)

# ---------------------------------------------------------------- every claim on all its evidence
BLS, OECD = "BLS OEWS", "OECD"


@dataclass(frozen=True)
class Evidence:
    """The tables the fact check reads: aijobs' and Stack Overflow's bins, the official statistics, the reference
    wages, and the sensitivity table (``sensitivity.ratio_table``) behind the US / Europe comparison."""

    bins: pd.DataFrame
    so_bins: pd.DataFrame
    official: pd.DataFrame
    wages: pd.DataFrame
    sens: pd.DataFrame

    @classmethod
    def of(cls, bins: dict[str, pd.DataFrame], official: pd.DataFrame, wages: pd.DataFrame,
           sens: pd.DataFrame) -> Evidence:
        """The evidence from the surveys' binned tables by source key (as :func:`sensitivity.ratio_table` takes them)."""
        return cls(bins[sources.AIJOBS.key], bins[sources.STACK_OVERFLOW.key], official, wages, sens)


def so_us_ml(so_bins: pd.DataFrame) -> pd.DataFrame:
    """Stack Overflow's ML pool (``sources.STACK_OVERFLOW``) resident in the US."""
    return stats.subset(sources.STACK_OVERFLOW.ml(so_bins), region=study.COMPARED_REGIONS[0])


def bls_means(official: pd.DataFrame) -> pd.DataFrame:
    """BLS OEWS mean annual wage and employment of the occupations nearest to ML work, per May estimate, as published
    (``occupation``, ``period``, ``year``, ``employment``, ``mean_annual_wage``, ``median_annual_wage``)."""
    t = sources.official_us(official)
    return t.assign(year=t["period"].str[-4:].astype(int)).sort_values(["occupation", "year"]).reset_index(drop=True)


def _value_line(source: str, measures: str, claimed: float, est: stats.Estimate | float, extra: str = "",
                label: str = "") -> Line:
    if isinstance(est, stats.Estimate):
        value, lo, hi, n = (est.value, est.lo, est.hi, est.n) if est.available else (None, None, None, est.n)
    else:
        value, lo, hi, n = (None if math.isnan(est) else float(est)), None, None, None
    verdict, why = value_verdict(claimed, value, lo, hi)
    return Line(source, measures, value, lo, hi, n, verdict, f"claimed value is {why}{extra}", label)


def us_ml_lines(claimed: float, ev: Evidence, year: int = DEFAULT_YEAR) -> list[Line]:
    """Lines on "US ML specialists earn about ``claimed`` a year" (USD per year)."""
    lines = [line_of(check_us_ml_avg_annual(claimed, ev.bins, year), AIJOBS)]
    so = so_us_ml(ev.so_bins)
    median = stats.bootstrap_quantile(so, 0.5, N_BOOT)
    lines.append(_value_line(SO, "mean total compensation, ML roles, US residents, survey of 2024", claimed,
                             stats.bootstrap_mean(so, N_BOOT),
                             f" (mean); the median is {median.value:,.0f}" if median.available else ""))
    bls = bls_means(ev.official)
    for occupation, g in bls.groupby("occupation", sort=False):
        latest, earlier = g.iloc[-1], g.iloc[:-1]
        before = "".join(f"; May {r.year}: {r.mean_annual_wage:,.0f}" for r in earlier.itertuples())
        lines.append(replace(_value_line(BLS, f"published mean annual wage, {occupation}, May {latest['year']} "
                                              f"({latest['employment']:,.0f} jobs)", claimed, latest["mean_annual_wage"],
                                              before, f"{BLS} {occupation}"), kind=STANDS_IN))
    return lines


def us_ml_annual(claim: pd.Series, ev: Evidence, lines: list[Line] | None = None) -> Verdict:
    """'approximately $150,000 a year' on every line (:func:`us_ml_lines`, unless already computed)."""
    return _verdict(claim, lines if lines is not None else us_ml_lines(float(claim["value"]), ev), "")


def us_ml_monthly(claim: pd.Series, annual: float, ev: Evidence,
                  annual_lines: list[Line] | None = None) -> Verdict:
    """'which is $12,500 a month': the arithmetic first (wrong: not supported), then every annual line (``annual_lines``
    when already computed for ``annual``) / 12: the annual claim restated, with its verdict (not more support)."""
    claimed = float(claim["value"])
    if not math.isclose(annual / 12, claimed, rel_tol=0.005):
        line = Line("the article", "arithmetic: its annual figure / 12", annual / 12, None, None, None, "not supported",
                              f"{annual:,.0f} / 12 = {annual / 12:,.0f}, not {claimed:,.0f}")
        return _verdict(claim, [line], "the arithmetic is wrong")
    lines = []
    for ln in annual_lines if annual_lines is not None else us_ml_lines(annual, ev):
        est, lo, hi = (None if v is None else v / 12 for v in (ln.estimate, ln.lo, ln.hi))
        verdict, why = value_verdict(claimed, est, lo, hi)
        lines.append(replace(ln, measures=f"{ln.measures}, / 12", estimate=est, lo=lo, hi=hi, verdict=verdict,
                             reason=f"claimed value is {why}"))
    return replace(_verdict(claim, lines, f"the arithmetic is right: {annual:,.0f} / 12 = {claimed:,.0f}"),
                   restates="us_ml_avg_annual")


def oecd_us(wages: pd.DataFrame, year: int = DEFAULT_YEAR) -> pd.Series | None:
    """The OECD average annual wage of the US for ``year`` (reference_wages), or None."""
    rows = wages[wages["ref_id"].astype(str).str.startswith("oecd_avg_wage_") & (wages["geo"] == "US")
                 & (wages["period"].astype(str) == str(year))]
    return rows.iloc[0] if len(rows) else None


def us_market(claim: pd.Series, ev: Evidence) -> Verdict:
    """'the average salary on the U.S. market ... $2,900' (a month): BLS all occupations and OECD, / 12."""
    claimed = float(claim["value"])
    lines = [replace(line_of(check_us_market_avg(claimed, ev.wages), BLS), label=f"{BLS} all occupations")]
    oecd = oecd_us(ev.wages)
    if oecd is None:
        lines.append(Line(OECD, "average annual wage / 12", None, None, None, None, "cannot be tested",
                                    f"no OECD average wage of the US for {DEFAULT_YEAR}"))
    else:
        lines.append(_value_line(OECD, f"average annual wage per full-time equivalent employee / 12, {oecd['period']}, "
                                       f"{oecd['unit']}", claimed, float(oecd["value"]) / 12))
    return _verdict(claim, lines, "")


def direction_line(source: str, sens: pd.DataFrame) -> Line:
    """One source's line on "Europe is lower": its US / Europe median ratio by grade, as published (rule in
    the module doc); the estimate is the all-grades ratio."""
    base = sens[(sens["source"] == source) & (sens["variant"] == sensitivity.VARIANTS[0].name)]
    grades = base[base["measure"].isin(list(schema.GRADES))]
    usable = grades[~grades["small_sample"].astype(bool) & grades["ratio"].notna()]
    pooled = base[base["measure"] == sources.ALL_GRADES].iloc[0]
    measures = "US / Europe median ratio, ML roles, all grades pooled, as published"
    n = int(pooled["n_a"] + pooled["n_b"])
    if usable.empty:
        return Line(source, measures, None, None, None, n, "cannot be tested",
                              f"no grade has {study.SMALL_SAMPLE_N}+ records in both regions")
    above = usable["lo"] > 1
    verdict = "supported" if above.all() else "partly supported" if above.any() else "not supported"
    listing = ", ".join(f"{r.measure} ×{r.ratio:.2f} [{r.lo:.2f}–{r.hi:.2f}]" for r in usable.itertuples())
    thin = [str(m) for m in grades.loc[~grades.index.isin(usable.index), "measure"]]
    return Line(source, measures, float(pooled["ratio"]), float(pooled["lo"]), float(pooled["hi"]), n, verdict,
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


def europe_lower(claim: pd.Series, ev: Evidence, low: float, high: float, results: int) -> Verdict:
    """'In Europe, salaries are lower than in the U.S.': one line per source; the range (``low``–``high``, from
    ``findings.us_europe_range``) spans the sources and the analyst's choices. ``details`` holds the range's two ends
    (:func:`sensitivity.range_ends`: each its source, choice, ratio, interval and n), so the range is never worded
    without its ends' intervals."""
    lines = [direction_line(s.name, ev.sens) for s in sources.SOURCES]
    note = (f"{len(sources.SOURCES)} sources and the analyst's choices ({results} results with {study.SMALL_SAMPLE_N}+ "
            "records on both sides)")
    ends = pd.DataFrame(list(sensitivity.range_ends(ev.sens))).reset_index(drop=True) if results else None
    return replace(_verdict(claim, lines, note), low=low, high=high, details=ends)


def _verdict(claim: pd.Series, lines: list[Line], note: str) -> Verdict:
    value = claim["value"]
    low, high = evidence_range(lines)
    return Verdict(str(claim["claim_id"]), str(claim["quantity"]), str(claim["quote"]),
                             None if pd.isna(value) else float(value), str(claim["unit"]), tuple(lines),
                             combine(lines), low, high, note)


def check_all(claims: pd.DataFrame, ev: Evidence, europe_range: tuple[float, float, int]) -> list[Verdict]:
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
        elif cid in YEARS_CLAIMS:
            years = years if years is not None else relative(ev.bins, ev.so_bins)
            out.append(check_years(claim, ev.bins, ev.so_bins, years))
        else:
            out.append(_verdict(claim, [], "no rule in helpers.analysis.factcheck for this claim"))
    return out
