"""The fact check's rules: each line of evidence's verdict, each source's own check, and how the lines combine.

The claims are ``data.load("claims")``; :mod:`helpers.analysis.factcheck_sources` gathers every line of evidence on
each of them.

Each line of evidence (one source's estimate for one claim) gets a verdict from :data:`VERDICTS` and a one-line
reason by the rules below, never typed by hand; :func:`combine` turns the lines into the claim's :class:`Verdict`.

Rules for a claimed *value* against an estimate (:func:`value_verdict`):

- **supported** if the claimed value lies inside the estimate's 95% interval, or within ``±TOLERANCE`` (10%) of
  the estimate (articles round: "approximately $150,000");
- **partly supported** if it lies within ``±PARTLY`` (25%) of the estimate: right order of magnitude, clearly off;
- **not supported** otherwise;
- **cannot be tested** when there is no estimate (no data or no reference figure): reported, never guessed.

A published official figure (BLS OEWS, OECD) has no sampling interval here: it is a point, judged by the tolerances
alone. Rule for a claimed *direction* ("Europe < US", :mod:`helpers.analysis.factcheck_sources`): the US / Europe
median ratio grade by grade, using only grades with at least ``study.SMALL_SAMPLE_N`` records on both sides:
**supported** if its 95% interval lies above ×1 at every such grade, **partly supported** if at some, **not
supported** if at none, **cannot be tested** if no grade has enough records. Rule for a grade's *years*: see
:mod:`helpers.analysis.factcheck_grades`.

The combination rule (:data:`COMBINATION_RULE`, :func:`combine`), stated before any result: every line that can
test the claim is judged alone; lines that cannot (too few records, no figure) are shown and left out; the claim's
verdict is the tested lines' common verdict when they all agree, **mixed** when they disagree, and **cannot be
tested** when no line can test it. Its range of evidence is the lowest to the highest estimate of the tested lines.

Survey figures are nominal USD per year (aijobs: salary at companies located in the region; Stack Overflow: total
compensation of residents), for the most recent full year (``DEFAULT_YEAR``); the article is undated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from helpers import binning, licensing, study
from helpers.analysis import sources
from helpers.analysis import statistics as stats

VERDICTS: tuple[str, ...] = ("supported", "partly supported", "not supported", "cannot be tested")
#: A claim's combined verdict: a line verdict all tested lines share, or "mixed" when they disagree.
COMBINED_VERDICTS: tuple[str, ...] = ("supported", "partly supported", "mixed", "not supported", "cannot be tested")
TOLERANCE = 0.10
PARTLY = 0.25
#: Survey work year the checks use, "ML specialists", bootstrap size: the study's choices.
DEFAULT_YEAR = study.LATEST_FULL_YEAR
N_BOOT = study.N_BOOT
#: The combination rule in words (printed by notebook 06 before any result).
COMBINATION_RULE: str = (
    "Each line of evidence that can test a claim gets its own verdict by the single-source rules (a claimed value is "
    f"supported inside the line's 95% interval or within ±{TOLERANCE:.0%} of its estimate, partly supported within "
    f"±{PARTLY:.0%}, not supported beyond); a line that cannot (too few records, no figure) is shown and left out. The "
    "claim's verdict is the verdict every tested line gives when they all agree, mixed when they disagree, and cannot "
    "be tested when no line can test it. Its range of evidence runs from the lowest to the highest estimate of the "
    "tested lines (for Europe against the US: across the sources and the analyst's choices of notebook 10).")


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

    @property
    def name(self) -> str:
        """The line's short name in listings: its ``label``, else its source."""
        return self.label or self.source

    @property
    def tested(self) -> bool:
        """True when the line can test the claim (its verdict is not "cannot be tested")."""
        return self.verdict != "cannot be tested"


def line_of(check: Check, source: str) -> Line:
    """A single-source :class:`Check` as a line of evidence."""
    return Line(source, check.evidence, check.estimate, check.lo, check.hi, check.n, check.verdict, check.reason)


def combine(lines: list[Line] | tuple[Line, ...]) -> str:
    """The claim's verdict from its lines (:data:`COMBINATION_RULE`): their common verdict, "mixed", or "cannot be
    tested" when no line can test the claim."""
    tested = {ln.verdict for ln in lines if ln.tested}
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

    @property
    def tested(self) -> tuple[Line, ...]:
        """The lines that can test the claim."""
        return tuple(ln for ln in self.lines if ln.tested)

    def by_verdict(self) -> dict[str, list[str]]:
        """Line verdict -> the lines (:attr:`Line.name`) giving it, in the lines' order, tested lines only."""
        out: dict[str, list[str]] = {}
        for ln in self.tested:
            out.setdefault(ln.verdict, []).append(ln.name)
        return out

    def table(self) -> pd.DataFrame:
        """One row per line of evidence: source, what it measures, n, estimate, interval, its verdict and reason."""
        cols = ["source", "measures", "n", "estimate", "lo", "hi", "verdict", "reason"]
        out = pd.DataFrame([{c: getattr(ln, c) for c in cols} for ln in self.lines], columns=cols)
        out["source"] = [ln.name for ln in self.lines]
        out["n"] = out["n"].astype("Int64")
        for c in ("estimate", "lo", "hi"):
            out[c] = out[c].astype("float64")
        return out


def evidence_range(lines: list[Line] | tuple[Line, ...]) -> tuple[float | None, float | None]:
    """Lowest and highest estimate of the tested lines (None, None when no line was tested)."""
    values = [ln.estimate for ln in lines if ln.tested and ln.estimate is not None]
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
    """One row per claim: claimed value and unit, combined verdict, range of evidence (``low``–``high``), lines
    tested of all lines, and how many tested lines give each verdict."""
    rows = []
    for v in verdicts:
        counts = {k: len(names) for k, names in v.by_verdict().items()}
        rows.append({"claim_id": v.claim_id, "claimed": v.claimed, "unit": v.unit, "verdict": v.verdict, "low": v.low,
                     "high": v.high, "lines": len(v.lines), "tested": len(v.tested),
                     **{f"n_{k.replace(' ', '_')}": counts.get(k, 0) for k in VERDICTS[:3]}})
    out = pd.DataFrame(rows)
    out["verdict"] = pd.Categorical(out["verdict"], list(COMBINED_VERDICTS))
    for c in ("claimed", "low", "high"):
        out[c] = out[c].astype("float64")
    return out


#: The curated tables each source's lines of evidence are drawn from (a chart of the lines carries their licences).
LINE_TABLES: dict[str, tuple[str, ...]] = {
    sources.AIJOBS.name: (sources.AIJOBS.table,), sources.STACK_OVERFLOW.name: (sources.STACK_OVERFLOW.table,),
    "BLS OEWS": ("official_statistics", "reference_wages"), "OECD": ("reference_wages",), "the article": ("claims",)}


def value_lines(verdicts: list[Verdict], claim_ids: tuple[str, ...]) -> pd.DataFrame:
    """The tested lines of the claims ``claim_ids`` (claimed values), one row each, for a claimed ÷ estimate chart:
    ``claim_id``, ``group`` (the claimed figure and the combined verdict), ``label`` (the line, with n),
    ``source``, ``n``, ``claimed``, ``estimate``, ``lo``, ``hi``, ``verdict`` (the line's own)."""
    rows = []
    for v in verdicts:
        if v.claim_id not in claim_ids or v.claimed is None:
            continue
        for ln in v.tested:
            n = f"n = {ln.n:,}" if ln.n is not None else "published"
            rows.append({"claim_id": v.claim_id, "group": f"{v.claimed:,.0f} {v.unit}: {v.verdict}",
                         "label": f"{ln.name} ({n})", "source": ln.source,
                         "n": ln.n, "claimed": v.claimed, "estimate": ln.estimate, "lo": ln.lo, "hi": ln.hi,
                         "verdict": ln.verdict})
    cols = ["claim_id", "group", "label", "source", "n", "claimed", "estimate", "lo", "hi", "verdict"]
    out = pd.DataFrame(rows, columns=cols)
    out["n"] = out["n"].astype("Int64")
    for c in ("estimate", "lo", "hi"):
        out[c] = out[c].astype("float64")
    drawn = [LINE_TABLES.get(s) for s in out["source"]]
    # the claimed values come from the claims table; a line of a source not listed leaves the provenance unknown
    return licensing.tag(out, "claims", *(n for names in drawn for n in names)) if all(drawn) else out
