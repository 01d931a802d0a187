"""Wording for notebook 10: the sentences that compare salary sources, official figures and the analyst's choices.

Each function takes the tables :mod:`helpers.analysis.sources` and :mod:`helpers.analysis.sensitivity` computed
and returns Markdown; every number is printed from those tables. The collection-wide conventions (small-sample
rule, interval format) are :mod:`helpers.presentation.wording`'s.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers import study
from helpers.analysis import findings, sensitivity, sources
from helpers.presentation.wording import N30, bullets, comparison_sentence, country, listing, say, step_sentence


def _row(t: pd.DataFrame, **match: object) -> pd.Series:
    mask = pd.Series(True, index=t.index)
    for k, v in match.items():
        mask &= t[k] == v
    return t[mask].iloc[0]


def gaps(ratio: pd.DataFrame) -> Markdown:
    """Per source: the all-grades US / Europe ratio, then each grade's."""
    lines = []
    for s in ratio["source"].unique():
        t = ratio[ratio["source"] == s]
        lines.append(comparison_sentence(_row(t, grade=sources.ALL_GRADES), f"**{s}, all grades**"))
        lines += [comparison_sentence(r, f"{s}, {r['grade']}") for _, r in t.iterrows() if r["grade"] != sources.ALL_GRADES]
    return bullets(lines)


def ladder_steps(steps: pd.DataFrame) -> Markdown:
    """One bullet per source, region and grade step: the multiplier with its interval."""
    return bullets(f"{r['source']}, {r['region']}, " + step_sentence(r) for _, r in steps.iterrows())


def official_us(bls: pd.DataFrame) -> Markdown:
    """The BLS occupations' medians and means, and what they are (and are not)."""
    lines = [f"{r['occupation']}, {r['period']}: median ${r['median_annual_wage']:,.0f}, mean ${r['mean_annual_wage']:,.0f} "
             f"({r['employment']:,.0f} jobs)" for _, r in bls.iterrows()]
    lo, hi = bls["median_annual_wage"].min(), bls["median_annual_wage"].max()
    return say(bullets(lines), f"The official US medians span **${lo:,.0f}–${hi:,.0f}** a year. Limits: OEWS counts "
               "wages of employees (no bonuses or stock, no self-employed), across all industries and levels; none of "
               "its occupations is 'ML engineer', so these bracket the job rather than measure it.")


def official_europe(eu: pd.DataFrame) -> Markdown:
    """The European official figures, each in its own unit, with its limits."""
    lines = [f"{country(r['geo'])}, {r['occupation']} ({r['publisher']}, {r['period']}): {r['measure'].replace('_', ' ')} "
             f"{r['value']:,.0f} {r['unit']}. *{r['note']}*" for _, r in eu.iterrows()]
    return say(bullets(lines), "Limits: these are national figures for broad software occupations in local currency "
               "(pounds a year, euros a **month** for Germany, never annualised here); there is no official European "
               "figure for ML engineers, nor a European aggregate, so they check the level of one country at a time, "
               "not the US/Europe ratio.")


def agreement(countries: pd.DataFrame, mix: dict) -> Markdown:
    """Where the sources agree (the UK) and disagree (Germany), and what aijobs' European pool is made of."""
    lines = []
    for c in countries["country"].unique():
        t = countries[countries["country"] == c].set_index("source")
        a, s = t.loc[sources.AIJOBS.name], t.loc[sources.STACK_OVERFLOW.name]
        gap = s["value"] / a["value"] - 1
        small = f" (fewer than {N30} records on one side: indicative)" if a["small_sample"] or s["small_sample"] else ""
        lines.append(f"{country(c)}: aijobs ${a['value']:,.0f} (n = {a['n']:,}) vs Stack Overflow ${s['value']:,.0f} "
                     f"(n = {s['n']:,}): Stack Overflow is {'−' if gap < 0 else '+'}{abs(gap):.0%}{small}.")
    lines += [f"{mix['uk_share']:.0%} of aijobs' {mix['n']:,} European ML-engineering records are at UK companies and "
              f"{mix['usd_share']:.0%} are paid in US dollars: its 'Europe' leans on the best-paid country and on "
              "dollar contracts.",
              f"Residence vs company location matters little inside aijobs: {mix['other_country_share']:.1%} of its "
              "European records live in another country than the company's (and "
              f"{mix['resident_elsewhere_share']:.1%} outside Europe); Stack Overflow has residence only."]
    return bullets(lines)


def why(gap: pd.DataFrame) -> Markdown:
    """Why the sources can differ, beyond sampling error; ``gap`` is :func:`sources.us_europe_ratio`'s table."""
    a = _row(gap, source=sources.AIJOBS.name, grade=sources.ALL_GRADES)
    s = _row(gap, source=sources.STACK_OVERFLOW.name, grade=sources.ALL_GRADES)
    us = "below" if s["value_a"] < a["value_a"] else "above"
    eu = "lower" if s["value_b"] < a["value_b"] else "higher"
    return bullets([
        "**Total compensation vs salary.** Stack Overflow asks for total compensation (bonuses and stock included), "
        f"aijobs for salary. Even so, Stack Overflow's US median (${s['value_a']:,.0f}) is {us} aijobs' "
        f"(${a['value_a']:,.0f}); its wider gap comes from a {eu} European median (${s['value_b']:,.0f} vs "
        f"${a['value_b']:,.0f}).",
        "**Self-selection.** aijobs' respondents chose to post their pay on an AI job board, mostly at US companies; "
        "Stack Overflow's are developers who answer a long survey. Neither is a sample of all ML engineers.",
        "**Who counts as ML.** aijobs: job titles mapped to ML engineering; Stack Overflow: the self-chosen job "
        "'Data scientist or machine learning specialist' or 'Developer, AI', a wider pool.",
        "**Grades.** aijobs' levels are the respondent's seniority label; Stack Overflow's are years of professional "
        "coding, so the two 'Junior' rows are not the same people."])


def bands(t: pd.DataFrame) -> Markdown:
    """Stack Overflow's US / Europe ratio per years band."""
    return bullets(comparison_sentence(r, f"{r['years_code_pro_band']} years of professional coding")
                   for _, r in t.iterrows())


def surviving(table: pd.DataFrame) -> Markdown:
    """The headline range that survives every source and choice, and the Junior→Senior step's."""
    lo, hi = sensitivity.surviving_range(table)
    base = table[(table["variant"] == sensitivity.VARIANTS[0].name) & (table["measure"] == sources.ALL_GRADES)]
    step = table[(table["measure"] == sensitivity.STEP) & ~table["small_sample"].astype(bool)]
    per = ", ".join(f"{r['source']} ×{r['ratio']:.2f}" for _, r in base.iterrows())
    which = listing(step["source"].unique())
    return say(f"**US ML pay is {lo:.1f}–{hi:.1f}× Europe's, depending on source and definition** (all grades pooled; "
               f"as published: {per}; only results with at least {N30} records on both sides count).",
               f"The US Junior→Senior step stays between ×{step['ratio'].min():.2f} and ×{step['ratio'].max():.2f} "
               f"under every choice with enough records (measured in {which} only: the others have fewer than {N30} "
               f"US Juniors; {study.years_label()} for aijobs).",
               "By grade, the ratio that survives every source and choice with enough records:",
               bullets(f"{r['measure']}: {r['lowest']:.2f}–{r['highest']:.2f}× ({r['results']} results)"
                       for _, r in sensitivity.ranges(table).iterrows() if r["measure"] in GRADES))


GRADES = ("Junior", "Middle", "Senior", "Executive")


#: Caption source line of the figures that compare sources.
CAPTION = ("Sources: aijobs.net salary survey (CC0), distinct records; Stack Overflow Developer Survey 2024 "
           "(ODbL), professional developers")


def gap_title(ratio: pd.DataFrame) -> str:
    """The finding of the per-source gap figure: the all-grades ratio per source."""
    t = ratio[ratio["grade"] == sources.ALL_GRADES]
    parts = " vs ".join(f"{r['ratio']:.1f}× ({r['source']})" for _, r in t.iterrows())
    return f"US ML pay over Europe's, all grades: {parts}"


def steps_title(steps: pd.DataFrame) -> str:
    """The finding of the per-source ladder figure: the range of the clear steps."""
    t = steps[~steps["small_sample"].astype(bool)]
    verdict = "is a clear rise" if (t["lo"] > 1).all() else "rises at the median"
    return (f"Every grade step with {N30}+ records at both grades {verdict}, by ×{t['ratio'].min():.2f}–"
            f"×{t['ratio'].max():.2f}, in both sources")


def sensitivity_title(table: pd.DataFrame) -> str:
    """The finding of the sensitivity figure: the range that survives."""
    lo, hi = sensitivity.surviving_range(table)
    return f"US ML pay is {lo:.1f}–{hi:.1f}× Europe's, depending on source and definition"


def _extreme(t: pd.DataFrame, which: str) -> pd.Series:
    counted = t[~t["small_sample"].astype(bool) & t["ratio"].notna()]
    return counted.loc[counted["ratio"].idxmin() if which == "low" else counted["ratio"].idxmax()]


def gap_headline(gap: pd.DataFrame, rng: findings.GapRange) -> str:
    """Notebook 02's key finding: aijobs' ratio by grade (grades with enough records), then the all-grades range that
    survives every source and analyst's choice."""
    solid = gap[~gap["small_sample"]]
    grades = ", ".join(solid["grade"].astype(str))
    return (f"US ML engineers' median pay is {solid['ratio'].min():.1f}–{solid['ratio'].max():.1f}× Europe's "
            f"({grades}); all grades: {rng.lowest:.1f}–{rng.highest:.1f}× across surveys and definitions")


def gap_range(rng: findings.GapRange) -> Markdown:
    """The all-grades US / Europe ratio across sources and choices: the range, each source as published, and which
    source and choice give the two ends."""
    low, high = _extreme(rng.table, "low"), _extreme(rng.table, "high")
    return say(f"**Across sources and definitions, US ML pay is {rng.lowest:.1f}–{rng.highest:.1f}× Europe's** "
               f"(all grades pooled; {rng.results} results with at least {N30} records on both sides).",
               bullets(comparison_sentence(r, f"{r['source']}, as published") for _, r in rng.baseline.iterrows()),
               f"The low end is {low['source']} with the choice \"{low['variant']}\" (×{low['ratio']:.2f}), the high end "
               f"{high['source']} with \"{high['variant']}\" (×{high['ratio']:.2f}). Why the sources differ (the UK "
               "share, USD-paid records, residence against company location, total compensation against salary) is in "
               "[notebook 10 · A second opinion](10_second_opinion.ipynb).")
