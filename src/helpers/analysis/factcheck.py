"""The fact check's rules: each line of evidence's verdict, each source's own check, and how the lines combine.

The claims are ``data.load("claims")``; :mod:`helpers.analysis.factcheck_sources` gathers every line of evidence on
each of them.

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
alone. Rule for a claimed *direction* ("Europe < US", :mod:`helpers.analysis.factcheck_sources`): the US / Europe
median ratio grade by grade, using only grades with at least ``study.SMALL_SAMPLE_N`` records on both sides:
**supported** if its 95% interval lies above ×1 at every such grade, **partly supported** if at some, **not
supported** if at none, **cannot be tested** if no grade has enough records. A grade's *years*: no source records
grade and years for the same people, so those claims **cannot be tested directly**; the indirect evidence is
:mod:`helpers.analysis.factcheck_grades`'s.

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
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from helpers import binning, licensing, study
from helpers.analysis import sources, stats

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


#: The curated tables each source's lines of evidence are drawn from (a chart of the lines carries their licences).
LINE_TABLES: dict[str, tuple[str, ...]] = {
    sources.AIJOBS.name: (sources.AIJOBS.table,), sources.STACK_OVERFLOW.name: (sources.STACK_OVERFLOW.table,),
    "BLS OEWS": ("official_statistics", "reference_wages"), "OECD": ("reference_wages",), "the article": ("claims",)}


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
    drawn = [LINE_TABLES.get(s) for s in out["source"]]
    # the claimed values come from the claims table; a line of a source not listed leaves the provenance unknown
    return licensing.tag(out, "claims", *(n for names in drawn for n in names)) if all(drawn) else out
