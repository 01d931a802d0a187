"""Fact-check the article's claims (``data.load("claims")``) against the survey and official reference wages.

Each claim gets a :class:`Check`: the claimed value, our estimate with its interval and n, the reference used, a
verdict from :data:`VERDICTS` and a one-line reason. Verdicts are computed by the rules below, never typed by hand.

Rules for a claimed *value* against an estimate (:func:`value_verdict`):

- **supported** if the claimed value lies inside the estimate's 95% interval, or within ``±TOLERANCE`` (10%) of
  the estimate (articles round: "approximately $150,000");
- **partly supported** if it lies within ``±PARTLY`` (25%) of the estimate: right order of magnitude, clearly off;
- **not supported** otherwise;
- **cannot be tested** when there is no estimate (no data or no reference figure): reported, never guessed.

Rule for a claimed *direction* ("Europe < US", :func:`check_europe_lower`): compare the European and US medians
grade by grade, using only grades with at least ``study.SMALL_SAMPLE_N`` records on both sides: **supported** if
the ratio's 95% interval lies below 1 for every such grade, **partly supported** if for some, **not supported** if
for none, **cannot be tested** if no grade has enough records.

Survey figures are nominal USD per year at companies located in the region, for one work year
(``DEFAULT_YEAR``, the most recent full year); the article is undated, which every reason keeps in mind.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from helpers import binning, study
from helpers.analysis import statistics as stats

VERDICTS: tuple[str, ...] = ("supported", "partly supported", "not supported", "cannot be tested")
TOLERANCE = 0.10
PARTLY = 0.25
#: Survey work year the checks use, "ML specialists", bootstrap size and seed: the study's choices.
DEFAULT_YEAR = study.LATEST_FULL_YEAR
N_BOOT = study.N_BOOT_FINE
SEED = study.SEEDS["factcheck"]


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
    return stats.bootstrap_quantile(us_ml(bins, year), 0.5, N_BOOT, seed=SEED)


def check_us_ml_avg_annual(claimed: float, bins: pd.DataFrame, year: int = DEFAULT_YEAR) -> Check:
    """'The average salary of ML specialists in the US is approximately $150,000 a year': mean (and median) of US ML roles."""
    mean = stats.bootstrap_mean(us_ml(bins, year), N_BOOT, seed=SEED)
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
    mean = stats.bootstrap_mean(us_ml(bins, year), N_BOOT, seed=SEED)
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


def europe_vs_us_by_grade(bins: pd.DataFrame, year: int = DEFAULT_YEAR) -> pd.DataFrame:
    """Europe / US median ratio of ML specialists by grade in ``year``: ``stats.compare_table`` columns plus ``enough``."""
    rows = stats.subset(bins, role_family=list(study.ML_SPECIALIST_FAMILIES), work_year=year)
    t = stats.compare_table(rows, ["grade"], split="region", a="Europe", b="United States", n_boot=N_BOOT, seed=SEED)
    t["enough"] = (t["n_a"] >= study.SMALL_SAMPLE_N) & (t["n_b"] >= study.SMALL_SAMPLE_N)
    return t


def check_europe_lower(bins: pd.DataFrame, year: int = DEFAULT_YEAR) -> Check:
    """'In Europe, salaries are lower than in the U.S.': Europe / US median ratio for ML roles, grade by grade."""
    t = europe_vs_us_by_grade(bins, year)
    usable = t[t["enough"]]
    if usable.empty:
        return Check("europe_lower", None, "Europe / US median", "", None, None, None, None, "aijobs.net survey", "cannot be tested",
                     f"no grade has {study.SMALL_SAMPLE_N}+ records in both regions", t)
    lower = usable["hi"] < 1
    verdict = "supported" if lower.all() else "partly supported" if lower.any() else "not supported"
    skipped = [str(g) for g in t.loc[~t["enough"], "grade"]]
    listing = ", ".join(f"{r.grade} ×{r.ratio:.2f} [{r.lo:.2f}–{r.hi:.2f}]" for r in usable.itertuples())
    ml = stats.subset(bins, role_family=list(study.ML_SPECIALIST_FAMILIES), work_year=year)
    pooled = stats.compare_quantiles(stats.subset(ml, region="Europe"), stats.subset(ml, region="United States"),
                                     kind="ratio", n_boot=N_BOOT, seed=SEED)
    return Check("europe_lower", None, "Europe / US median", f"median ratio, ML engineering + ML research, all grades pooled, {year}",
                 pooled.value, pooled.lo, pooled.hi, pooled.n, "aijobs.net survey (distinct records)", verdict,
                 f"interval below ×1 at {int(lower.sum())} of {len(usable)} grades with {study.SMALL_SAMPLE_N}+ records each side "
                 f"({listing})"
                 + (f"; too few records for {', '.join(skipped)}" if skipped else ""), t)


def check_claim(claim: pd.Series, claims: pd.DataFrame, bins: pd.DataFrame, wages: pd.DataFrame, year: int = DEFAULT_YEAR) -> Check:
    """The check for one row of ``claims`` (by ``claim_id``); an unknown claim cannot be tested."""
    value = None if pd.isna(claim["value"]) else float(claim["value"])
    cid = str(claim["claim_id"])
    rules: dict[str, Callable[[], Check]] = {
        "us_ml_avg_annual": lambda: check_us_ml_avg_annual(value, bins, year),  # type: ignore[arg-type]
        "us_ml_avg_monthly": lambda: check_us_ml_avg_monthly(
            value, float(claims.loc[claims["claim_id"] == "us_ml_avg_annual", "value"].iloc[0]), bins, year),  # type: ignore[arg-type]
        "us_market_avg": lambda: check_us_market_avg(value, wages),  # type: ignore[arg-type]
        "europe_lower": lambda: check_europe_lower(bins, year),
    }
    if cid not in rules:
        return Check(cid, value, str(claim.get("unit", "")), "", None, None, None, None, "", "cannot be tested",
                     "no rule in helpers.factcheck for this claim")
    return rules[cid]()


def check_all(claims: pd.DataFrame, bins: pd.DataFrame, wages: pd.DataFrame, year: int = DEFAULT_YEAR) -> list[Check]:
    """A :class:`Check` for every claim, in the claims table's order."""
    return [check_claim(c, claims, bins, wages, year) for _, c in claims.iterrows()]


def summary(checks: list[Check]) -> pd.DataFrame:
    """One row per claim: claimed, estimate and interval (rounded), n, verdict and reason."""
    out = pd.DataFrame([c.row() for c in checks])
    for col in ("claimed", "estimate", "lo", "hi"):
        out[col] = out[col].map(lambda v: v if v is None or pd.isna(v) else (round(v, 2) if abs(v) < 10 else round(v)))
    out["n"] = out["n"].astype("Int64")
    out["verdict"] = pd.Categorical(out["verdict"], list(VERDICTS))
    return out


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

