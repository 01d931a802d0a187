"""Wording: the sentences prose cells print, one small phrasing function each, by notebook.

Analysis functions return numbers; this module says them. A prose cell is one short call (``wording.pooled_years(counts)``)
returning Markdown built from the tables the notebook computed; an Answer box is :func:`answer` of one to three computed
bullets; a figure title is a :class:`~helpers.presentation.theme.Title` (the finding and the sizes of the groups it rests
on). Text that never changes is in the notebooks' markdown cells, not here. The small-sample rule
(``study.SMALL_SAMPLE_N``) is stated where it applies: a title or Answer concludes only from groups with at least that
many records and names thinner ones as thin. Countries and role families are named, never coded. Display tables are
:mod:`helpers.presentation.table_format`'s job.

Two sections serve several pages. The sources compared (notebooks 02 and 10, the front page): a range across sources
or choices is never printed as one interval but as its two ends, each a point estimate with its own 95% interval and
the pool it comes from (:func:`range_text`), and a source is named from the registry (:mod:`helpers.analysis.sources`).
The fact check (notebook 06, the front page, the README): one framing per claim, :func:`statement` of a
:class:`helpers.analysis.factcheck.Verdict`, printed as the same plain-text string everywhere (no Markdown emphasis,
no dollar signs, so it reads the same in a notebook, on a web page and on GitHub); the lines that measure a claim are
named apart from those that only stand in for it, and a grade's years are "cannot be tested directly".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import Markdown

from helpers import data, paths, schema, study
from helpers.analysis import estimator, factcheck, findings, money, prices, sensitivity, sources, stats, warehouse
from helpers.presentation.table_format import (  # noqa: F401 (re-exported)
    DOLLAR,
    TOO_FEW,
    ci_text,
    country,
    fmt_number,
    format_comparison,
    interval_shown,
    label,
    literal_dollars,
)
from helpers.presentation.theme import Title


def markdown(text: str) -> Markdown:
    """Prose as a Markdown output, its dollar signs shown as written (:func:`literal_dollars`)."""
    return Markdown(literal_dollars(text))


def _text(part: object) -> str:
    return part.data if isinstance(part, Markdown) else str(part)


def say(*parts: object) -> Markdown:
    """Paragraphs (strings or Markdown) as one Markdown output."""
    return markdown("\n\n".join(_text(p) for p in parts if _text(p)))


def bullets(lines: Iterable[object]) -> Markdown:
    """A Markdown bullet list."""
    return markdown("\n".join(f"- {_text(x)}" for x in lines))


def quote(text: str) -> Markdown:
    """A quoted paragraph."""
    return markdown("> " + " ".join(str(text).split()))


def answer(lines: Iterable[object]) -> Markdown:
    """The "Answer" box under a notebook's title: at most three bullets, each printed from computed results.

    Notebooks show it in the first code cell after the title, tagged ``answer`` (and ``prose``), before the method.
    """
    lines = [_text(x) for x in lines if _text(x)]
    if not 1 <= len(lines) <= 3:
        raise ValueError(f"an answer box holds one to three bullets, got {len(lines)}")
    return markdown("> **Answer.**\n>\n" + "\n".join(f"> - {' '.join(x.split())}" for x in lines))


def listing(items: Iterable[object], empty: str = "none") -> str:
    """'a, b and c' (``empty`` when there is nothing)."""
    items = [str(i) for i in items]
    return empty if not items else items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def comparison_sentence(row: pd.Series, label: str, a: str = "US", b: str = "Europe") -> str:
    """One sentence for one row of ``stats.compare_table``: the ratio with its CI, or why no conclusion is drawn."""
    if row["n_b"] == 0 or row["n_a"] == 0:
        return f"{label}: no {b if row['n_b'] == 0 else a} records, so no comparison."
    if not interval_shown(row["n_a"], row["n_b"]):
        return (f"{label}: the {a} median is ×{row['ratio']:.2f} {b}'s (n = {row['n_a']:,} vs {row['n_b']:,}; {TOO_FEW}), "
                f"fewer than {study.SMALL_SAMPLE_N} "
                "records on one side: shown, not concluded.")
    ci = (f"the {a} median is ×{row['ratio']:.2f} {b}'s (95% CI {row['lo']:.2f}–{row['hi']:.2f}; "
          f"n = {row['n_a']:,} vs {row['n_b']:,})")
    if row["small_sample"]:
        return f"{label}: {ci}, but fewer than {study.SMALL_SAMPLE_N} records on one side: shown, not concluded."
    verdict = "the interval excludes 1" if (row["lo"] > 1 or row["hi"] < 1) else "the interval includes 1 (no clear gap)"
    return f"{label}: {ci}; {verdict}."


def step_sentence(row: pd.Series, label: str | None = None) -> str:
    """One sentence for one row of ``stats.grade_multipliers``: the multiplier with its CI, or why none is concluded."""
    label = label or str(row["step"])
    if row["n_from"] == 0 or row["n_to"] == 0:
        empty = row["from_grade"] if row["n_from"] == 0 else row["to_grade"]
        return f"{label}: no {empty} records, so no multiplier."
    if not interval_shown(row["n_from"], row["n_to"]):
        return (f"{label}: ×{row['ratio']:.2f} (n = {row['n_from']:,} → {row['n_to']:,}; {TOO_FEW}), fewer than {study.SMALL_SAMPLE_N} "
                "records at one grade: shown, not concluded.")
    ci = f"×{row['ratio']:.2f} (95% CI {row['lo']:.2f}–{row['hi']:.2f}; n = {row['n_from']:,} → {row['n_to']:,})"
    if row["small_sample"]:
        return f"{label}: {ci}, but fewer than {study.SMALL_SAMPLE_N} records at one grade: shown, not concluded."
    verdict = "a clear rise" if row["lo"] > 1 else "a clear fall" if row["hi"] < 1 else "no clear change (the interval includes 1)"
    return f"{label}: {ci}; {verdict}."


def comparisons(table: pd.DataFrame, category: str = "grade", a: str = "US", b: str = "Europe") -> Markdown:
    """One bullet per row of a ``compare_table``: :func:`comparison_sentence`."""
    return bullets(comparison_sentence(r, str(r[category]), a, b) for _, r in table.iterrows())


def steps(table: pd.DataFrame, prefix: str | None = None) -> Markdown:
    """One bullet per row of ``grade_multipliers``: :func:`step_sentence`, each led by its ``prefix`` column's value."""
    return bullets((f"{r[prefix]}, " if prefix else "") + step_sentence(r) for _, r in table.iterrows())


def _ci(est: object, digits: int = 2) -> str:
    return f"×{est.value:.{digits}f} (95% CI {est.lo:.{digits}f}–{est.hi:.{digits}f}; n = {est.ns[0]:,} vs {est.ns[1]:,})"


def signed(value: float, digits: int = 1) -> str:
    """``+1.8`` or ``−1.1`` (a true minus sign, as the tables print it)."""
    return f"{value:+.{digits}f}".replace("-", "−")


def _k(x: float) -> str:
    return f"{x / 1000:,.0f}k"


def _grades(ladder: pd.DataFrame, region: str) -> str:
    """'Junior 130k (n = 136), ..., Executive 212k (n = 63)' at the grades with n ≥ 30; thin and empty grades named."""
    rows = ladder[ladder["region"] == region]
    rows = rows.set_index(rows["grade"].astype(str))
    parts, thin = [], []
    for g in schema.GRADES:
        n = int(rows.loc[g, "n"]) if g in rows.index else 0
        if n >= study.SMALL_SAMPLE_N:
            parts.append(f"{g} {_k(rows.loc[g, 'p50'])} (n = {n:,})")
        else:
            thin.append(f"{g} thin (n = {n}), not read" if n else f"no {g} records")
    return "; ".join([", ".join(parts), *thin] if parts else thin)


def thin(groups: Iterable[tuple[str, int]]) -> str:
    """'; Europe Junior thin (n = 16), ...' for the named thin groups (``""`` when there are none)."""
    parts = [f"{name} thin (n = {n:,})" if n else f"no {name} records" for name, n in groups]
    return "; " + ", ".join(parts) if parts else ""


# ---------------------------------------------------------------- 01 the dataset tour

def answer_tour(bins: pd.DataFrame, report: dict) -> Markdown:
    """What the data is and how big: the survey, its records, the ML-engineering groups; the other registered sources
    (each with its licence, records and pay concept); the caveats that shape every figure."""
    ml = bins[bins["role_family"] == study.ML_FAMILY]
    by_region = ml.groupby("region", observed=True)["n"].sum()
    eu = ml[ml["region"] == "Europe"].groupby("grade", observed=True)["n"].sum().reindex(list(schema.GRADES)).fillna(0)
    per_year = bins.groupby("work_year")["n"].sum()
    us_share = bins.loc[bins["region"] == "United States", "n"].sum() / bins["n"].sum()
    eu_grades = listing(f"{g} {int(n):,}" for g, n in eu.items())
    others = listing(f"the {s.manifest.get('attribution', s.name)} ({s.manifest['license']['name'].removesuffix('-1.0')}; "
                     f"{int(s.bins()['n'].sum()):,} records of {s.pay})" for s in sources.SOURCES[1:])
    return answer([
        f"The aijobs.net salary survey (CC0): **{int(bins['n'].sum()):,}** distinct records of gross annual pay in AI, ML, "
        f"data science and data engineering, work years {int(per_year.index.min())}–{int(per_year.index.max())}, kept from "
        f"{report['rows_read']:,} raw rows ({report['duplicates_removed']:,} exact duplicates removed, "
        f"{report['rows_rejected']:,} rejected). ML engineers: **{int(ml['n'].sum()):,}**, of them "
        f"{int(by_region.get('United States', 0)):,} at US companies and {int(by_region.get('Europe', 0)):,} at European ones.",
        f"Beside it, as a second opinion: {others} and official figures (BLS, OECD, World Bank).",
        f"Before trusting a figure: {us_share:.0%} of records are at US companies and "
        f"{per_year.max() / per_year.sum():.0%} are from {int(per_year.idxmax())}; European ML engineering is thin "
        f"({eu_grades} records over all years, fewer in any one). Groups under {study.SMALL_SAMPLE_N} records are drawn hollow, named "
        "as thin and never concluded from.",
    ])


def curation(report: dict, facts: dict) -> Markdown:
    """Rows read, kept, rejected (by reason: only the reasons that rejected anything) and de-duplicated, with the check."""
    r = report
    text = (f"The raw file has **{r['rows_read']:,}** rows. The curation kept **{r['rows_kept']:,}** distinct records, "
            f"rejected **{r['rows_rejected']:,}** and removed **{r['duplicates_removed']:,}** exact duplicates "
            f"({facts['duplicate_share']:.0%} of all rows; one record was repeated {r['max_copies_of_one_record']} times). "
            f"Check: {r['rows_read']:,} = {r['rows_kept']:,} + {r['rows_rejected']:,} + {r['duplicates_removed']:,}.")
    rejected = {k: v for k, v in r["rejected_by_reason"].items() if v}
    if not rejected:
        return say(text, f"None of the {len(r['rejected_by_reason'])} validation rules rejected a row.")
    return say(text, f"Rows rejected, by the rule that caught them ({len(r['rejected_by_reason']) - len(rejected)} rules "
                     "caught none):", bullets(f"{schema.REJECT_REASONS.get(k, k).capitalize()}: {v:,}"
                                              for k, v in sorted(rejected.items(), key=lambda kv: -kv[1])))


def dataset_caveats(facts: dict, grades: pd.DataFrame) -> Markdown:
    """The caveats every later notebook carries that rest on numbers, with those numbers (``coverage.summary_facts``;
    the notebook's markdown leads in with the ones that do not)."""
    f, lead = facts, grades.set_index("grade").loc["Executive", "caveat"]
    return bullets([
        f"**US-heavy.** {f['us_share']:.0%} of records are from US companies and {f['europe_share']:.1%} from European "
        "ones: any 'global' figure is really a US figure.",
        f"**Europe is thin.** ML engineering has {f['ml_europe']:,} European records in all: {f['ml_europe_junior']} Junior, "
        f"{f['ml_europe_middle']} Middle, {f['ml_europe_senior']} Senior, {f['ml_europe_executive']} Executive. Comparisons with "
        "Europe use wider role families or pooled years where needed.",
        f"**One year dominates.** {f['year_max_share']:.0%} of records are from {f['year_max_records']}; {f['last_year']} "
        f"has only {f['last_year_records']:,} (the snapshot was taken early that year).",
        f"**'Executive' is the survey's executive/director level; the article's Team Lead has no direct counterpart.** "
        f"{lead.rstrip('.')}: {f['executive_records']:,} of the {f['records']:,} records, {f['ml_executive_records']:,} of "
        "them in ML engineering.",
        f"**Company size is mostly 'M'.** {f['medium_company_share']:.0%} of records say 50-250 employees, so size "
        f"comparisons rest on the other {1 - f['medium_company_share']:.0%}: {f['small_company_records']:,} S and "
        f"{f['large_company_records']:,} L answers.",
        f"**Clipped.** Nobody earns less than about {f['min_salary_usd']:,.0f} USD: the publisher appears to clip low "
        "salaries.",
    ])


def coverage_title(grade_region: pd.DataFrame) -> Title:
    """The coverage heatmap's finding: the ML-engineering records in Europe and the US (a ``coverage.counts`` table by
    grade and region, with its ``Total`` row)."""
    eu, us = (int(grade_region.loc["Total", r]) for r in ("Europe", "United States"))
    return Title(f"ML engineering: {eu:,} European records vs {us:,} in the US", rests_on=(eu, us))


# ---------------------------------------------------------------- 02 US vs Europe (the sources compared: further down)

def pooled_years(counts: pd.DataFrame, years: Iterable[int] = study.POOLED_YEARS) -> Markdown:
    """Why the pooled years: their share of the records, how small the other years are. ``counts``: records per work
    year (rows) by region and grade (columns)."""
    years = list(years)
    total, first, last = int(counts.to_numpy().sum()), years[0], int(counts.index.max())
    in_years = int(counts.loc[years].to_numpy().sum())
    lead = int(counts.loc[years, ("Europe", "Executive")].sum()) if ("Europe", "Executive") in counts.columns else 0
    return say(f"Work years {first} and {years[-1]} hold **{in_years:,} of {total:,}** US and European ML-engineering "
               f"records ({in_years / total:.0%}). Earlier years are tiny ({counts.index.min()}–{first - 1}: n = "
               f"{int(counts.loc[:first - 1].to_numpy().sum()):,}) and {last} is a partial year (the snapshot was taken early "
               f"that year: n = {int(counts.loc[last].sum()):,}). We therefore **pool {study.years_label(years)}**: recent, "
               f"complete, and large enough for per-grade medians. Europe has **{lead}** Executive records in these years.")


def gap_by_year(by_year: pd.DataFrame) -> Markdown:
    """Whether the US/Europe gap holds in every year×grade cell with enough records on both sides."""
    solid = by_year[~by_year["small_sample"]]
    cells = listing(f"{y} {g}" for y, g in zip(solid["work_year"], solid["grade"].astype(str), strict=True))
    low, high = solid.loc[solid["ratio"].idxmin()], solid.loc[solid["ratio"].idxmax()]

    def end(r: pd.Series) -> str:
        return f"×{r['ratio']:.2f} [{ci_text(r['lo'], r['hi'], r['n_a'], r['n_b'])}] ({r['work_year']} {r['grade']})"

    return say(f"In every year×grade cell with at least {study.SMALL_SAMPLE_N} records on both sides ({cells}), the US/Europe ratio runs "
               f"from {end(low)} to {end(high)}, and {'every' if (solid['lo'] > 1).all() else 'not every'} interval "
               "excludes 1.")


def country_cells(vs_us: pd.DataFrame, countries: Iterable[str]) -> Markdown:
    """The countries shown and the country×grade cells with enough records to read."""
    solid = vs_us[~vs_us["small_sample"]]
    cells = "; ".join(f"{country(r['country'])} {r['grade']} ×{r['ratio']:.2f} (95% CI "
                      f"{ci_text(r['lo'], r['hi'], r['n_a'], r['n_b'])})" for _, r in solid.iterrows())
    return say(f"Countries shown: {listing(country(c) for c in countries)} (n ≥ {study.SMALL_SAMPLE_N} records each, all grades together). "
               f"Only {len(solid)} country×grade cells reach {study.SMALL_SAMPLE_N} records: {cells}.")


def left_out(missing: pd.DataFrame, bins: pd.DataFrame) -> Markdown:
    """European records left out of a restatement for lack of a reference figure, and which figure each lacked."""
    n_eu = int(bins.loc[bins["region"] == "Europe", "n"].sum())
    parts = "; ".join(f"{country(c)} {y}, n = {n} (no {m})" for c, y, n, m in
                      zip(missing["company_location"], missing["work_year"], missing["n"], missing["missing"], strict=True))
    return say(f"Left out for lack of a reference figure: **{int(missing['n'].sum())} of {n_eu}** European records"
               + (f": {parts}." if parts else "."))


def wage_multiples(gap_wage: pd.DataFrame, wages: pd.DataFrame, countries: Iterable[str]) -> Markdown:
    """The multiples of the average wage, US vs Europe, grade by grade, and the average wages they rest on."""
    year, codes = study.LATEST_FULL_YEAR, [study.REFERENCE_COUNTRY, *countries]
    avg = ", ".join(f"{country(c)} {money.average_wage(c, year, wages):,.0f}" for c in codes
                    if money.average_wage(c, year, wages) is not None)
    return say(comparisons(gap_wage), f"OECD average annual wages, {year} (USD PPP, constant 2025 prices): {avg}.")


# ---------------------------------------------------------------- 03 grade progression

def answer_grade_progression(bins: pd.DataFrame) -> Markdown:
    """The median by grade in the US and in Europe with n, and the US Junior→Senior multiple with its interval
    (:func:`findings.junior_to_senior`, the front page's)."""
    ladder = stats.quantile_table(findings.pooled_ml(bins), ["region", "grade"], [0.5])
    step = findings.junior_to_senior(bins)
    span = study.years_label(study.POOLED_YEARS)
    r = step.ratio
    return answer([
        f"US ML engineers' median pay, {span} (USD a year, nominal): {_grades(ladder, 'United States')}.",
        f"European ML engineers' median pay, same years: {_grades(ladder, 'Europe')}.",
        f"Each step up pays: a US Senior's median is **×{r.value:.2f}** a US Junior's (95% CI {r.lo:.2f}–{r.hi:.2f}; "
        f"n = {step.median_from.n:,} Junior, {step.median_to.n:,} Senior).",
    ])


def ladder_steps(steps_table: pd.DataFrame, step: str = "Middle→Senior") -> Markdown:
    """The grade steps per region, and whether ``step`` (measurable in both) differs between them."""
    from helpers.analysis.stats import intervals_overlap

    us, eu = (steps_table[steps_table["region"] == r].set_index("step", drop=False) for r in study.COMPARED_REGIONS)
    same = intervals_overlap(us.loc[step], eu.loc[step])
    return say("**United States**", steps(us), "**Europe**", steps(eu),
               f"The one step measurable in both regions, {step}, is ×{us.loc[step, 'ratio']:.2f} in the US and "
               f"×{eu.loc[step, 'ratio']:.2f} in Europe; the intervals "
               + ("overlap, so the data do not show a different step size." if same
                  else "do not overlap: the step differs between the regions."))


def wide_steps(steps_wide: pd.DataFrame, gap: pd.DataFrame) -> Markdown:
    """The wider family's steps per region, where Europe's step is clearly steeper than the US one, and then how the
    US/Europe ratio moves up the grades: ``gap`` is that ratio by grade (``stats.compare_table`` of the same records,
    the table notebook 02 shows), read here as it is, interval included."""
    solid = steps_wide[~steps_wide["small_sample"]].set_index(["step", "region"])
    us, eu = study.COMPARED_REGIONS
    both = [s for s in steps_wide["step"].cat.categories if (s, us) in solid.index and (s, eu) in solid.index]
    steeper = [s for s in both if solid.loc[(s, eu), "lo"] > solid.loc[(s, us), "hi"]]
    return say(steps(steps_wide, prefix="region"),
               f"Steps measurable in both regions: {listing(both)}. "
               + (f"Europe's step is steeper, with non-overlapping intervals, at: {listing(steeper)}. "
                  + _ladder_gap(steps_wide, gap) if steeper else "No step differs clearly between the regions."))


def _ladder_gap(steps_table: pd.DataFrame, gap: pd.DataFrame) -> str:
    """Where Europe's ladder starts against the US's (the Junior medians of a ``grade_multipliers`` table) and the
    US/Europe ratio with its interval at each grade with n ≥ 30 on both sides (``gap``, a ``compare_table`` by grade)."""
    us, eu = study.COMPARED_REGIONS
    junior = steps_table[steps_table["from_grade"] == schema.GRADES[0]].set_index("region")
    solid = gap[~gap["small_sample"]]
    start = ""
    if str(schema.GRADES[0]) in set(solid["grade"].astype(str)):
        low, high = junior.loc[eu, "median_from"], junior.loc[us, "median_from"]
        start = (f" starting from a {'lower' if low < high else 'higher'} Junior median ({low:,.0f} USD a year "
                 f"against {high:,.0f} in the US)")
    narrows = len(solid) > 1 and all(b < a for a, b in itertools.pairwise(solid["ratio"]))
    each = listing(f"{with_ci(r, 2)} at {r['grade']}" for _, r in solid.iterrows())
    return (f"A steeper European ladder{start} "
            + ("is consistent with the US/Europe ratio narrowing by grade, as in notebook 02: " if narrows
               else "does not narrow the US/Europe ratio at every grade: ")
            + f"US median ÷ Europe's {each} (grades with {study.SMALL_SAMPLE_N}+ records in both regions).")


def spread_title(below: pd.DataFrame, ladder: pd.DataFrame | None = None, region: str = "Europe") -> Title:
    """The distribution figure's finding: the share of ``region``'s ML engineers paid less than the US median, at the
    grades with n ≥ 30 on both sides (:func:`table_format.share_below`); ``ladder`` (a quantile table by region and
    grade) names the thin grades."""
    shares = listing(f"{s:.0%} at {g}" for g, s in zip(below["grade"], below["share_below"], strict=True))
    tail = ""
    if ladder is not None:
        rows = ladder[(ladder["region"] == region) & (ladder["n"] > 0) & ~ladder["grade"].astype(str).isin(below["grade"])]
        tail = thin((f"{region} {r.grade}", int(r.n)) for r in rows.itertuples())
    return Title(f"Most European ML engineers earn less than the typical US one: {shares} are below the US median{tail}",
                 rests_on=[*below["n_a"], *below["n_b"]])


def steps_title(us_steps: pd.DataFrame) -> Title:
    """The step figure's finding: how much each US grade step raises the median, over the steps with n ≥ 30 at both
    grades (a ``grade_multipliers`` table); the other steps are named as thin."""
    solid = us_steps[~us_steps["small_sample"].astype(bool) & us_steps["ratio"].notna()]
    clear = " (every 95% interval above ×1)" if (solid["lo"] > 1).all() else ""
    which = ("Each US grade step raises" if len(solid) == len(us_steps)
             else f"{len(solid)} of {len(us_steps)} US grade steps raise")
    tail = thin((f"{r.step}", int(min(r.n_from, r.n_to))) for r in us_steps.drop(solid.index).itertuples())
    return Title(f"{which} the median ×{solid['ratio'].min():.2f} to ×{solid['ratio'].max():.2f}{clear}"
                 f"{tail}", rests_on=[*solid["n_from"], *solid["n_to"]])


def _step_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The Junior→Senior (US) rows of a :func:`sensitivity.ratio_table`, one per source and variant."""
    return table[table["measure"] == sensitivity.STEP].reset_index(drop=True)


def _measured(table: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    rows = _step_rows(table)
    ok = rows[~rows["small_sample"].astype(bool) & rows["ratio"].notna()]
    return ok, [s for s in rows["source"].unique() if s not in set(ok["source"])]


def ladder_title(us_ladder: pd.DataFrame, table: pd.DataFrame) -> Title:
    """The key figure's finding: the US medians at the grades with n ≥ 30 (thinner grades named as thin), and the
    Junior→Senior multiplier as published with its interval (the same result as the front page's); how it moves under
    the other sources and choices is :func:`step_range`'s, by its two ends."""
    solid = us_ladder[us_ladder["n"] >= study.SMALL_SAMPLE_N]
    medians = " → ".join(_k(v) for v in solid["p50"])
    rises = bool((solid["p50"].diff().dropna() > 0).all())
    every = "every grade" if len(solid) == len(us_ladder) else f"every grade with {study.SMALL_SAMPLE_N}+ records"
    tail = thin((f"US {r.grade}", int(r.n)) for r in us_ladder[us_ladder["n"] < study.SMALL_SAMPLE_N].itertuples())
    ok, _ = _measured(table)
    base = ok[ok["variant"] == sensitivity.BASELINE].iloc[0]
    step = f"×{base['ratio']:.2f} [{base['lo']:.2f}–{base['hi']:.2f}]"
    head = f"US ML engineers' pay rises at {every}" if rises else "US ML engineers' pay by grade"
    return Title(f"{head}: {medians}; Senior/Junior {step} ({base['source']} as published){tail}",
                 rests_on=[*solid["n"], base["n_a"], base["n_b"]])


def step_range(table: pd.DataFrame) -> Markdown:
    """The US Junior→Senior step under each source and analyst's choice (a :func:`sensitivity.ratio_table`): each
    result with enough records on both sides, with its interval and n; the sources that cannot measure it and why; and
    how far the choices move it."""
    ok, missing = _measured(table)
    rows = _step_rows(table)
    lines = [f"{r.source}, {r.variant}: ×{r.ratio:.2f} (95% CI {r.lo:.2f}–{r.hi:.2f}; n = {int(r.n_b):,} Junior → "
             f"{int(r.n_a):,} Senior)" for r in ok.itertuples()]
    why = []
    for s in missing:
        m = rows[rows["source"] == s]
        junior, senior = int(m["n_b"].max()), int(m["n_a"].max())
        reason = ("no US Junior respondents" if junior == 0 else f"at most {junior} US Junior respondents" if junior < study.SMALL_SAMPLE_N
                  else f"at most {senior} US Senior respondents")
        why.append(f"{s} cannot measure it ({reason} in its ML pool under any choice; fewer than {study.SMALL_SAMPLE_N} on a side is "
                   "shown, not concluded)")
    low, high = sensitivity.range_ends(table, sensitivity.STEP)
    inside = bool(((ok["lo"] <= low["ratio"]) & (ok["hi"] >= high["ratio"])).all())

    def end(r: pd.Series) -> str:
        return (f"×{r['ratio']:.2f} [{ci_text(r['lo'], r['hi'], r['n_a'], r['n_b'])}] "
                f"({r['source']}, {str(r['variant'])[:1].lower()}{str(r['variant'])[1:]})")

    return say(bullets(lines), (listing(why) + "." if why else ""),
               f"The results with at least {study.SMALL_SAMPLE_N} records on both sides run from {end(low)} to {end(high)}, two "
               f"estimates each with its own interval: the choices move the step by {high['ratio'] - low['ratio']:.2f}"
               + (", and every result lies inside every other result's 95% interval." if inside else
                  ", more than some results' 95% intervals allow."))


def price_basis(index: str = "cpi_u", years: tuple[int, ...] = study.TREND_YEARS,
                base_year: int = study.PRICE_BASE_YEAR, official: pd.DataFrame | None = None) -> Markdown:
    """How the trends are restated: the unit, the index and its source, and how much prices rose over the years shown."""
    f = prices.deflator(index, base_year, official)
    ix = prices.INDICES[index]
    first, last = min(years), max(years)
    partial = [y for y in f.attrs["partial_years"] if y > last]
    return say(
        f"Amounts below are in **{prices.label(index, base_year)}**: each work year's nominal median times "
        f"{ix.short}({base_year}) / {ix.short}(year), from the {ix.title} in the curated `official_statistics` table. "
        f"By that index prices rose {prices.price_change(first, last, index, official):.1%} from {first} to {last} and "
        f"{prices.price_change(last - 1, last, index, official):.1%} from {last - 1} to {last}, so a flat nominal median "
        "is a real fall of about that much."
        + (f" {ix.short} {listing(partial)} averages fewer than 12 months and is not used." if partial else ""))


def price_caption(index: str = "cpi_u", base_year: int = study.PRICE_BASE_YEAR) -> str:
    """The figure caption's last sentence: the price index, its publisher and the base year."""
    ix = prices.INDICES[index]
    return f"Constant prices: {ix.title}, base {base_year} (the curated official-statistics table)."


def _real_line(r: pd.Series, a: str, b: str) -> str:
    nominal = f"nominal ×{r['ratio']:.2f} (95% CI {r['lo']:.2f}–{r['hi']:.2f})"
    real = f"real ×{r['ratio_constant']:.2f} (95% CI {r['lo_constant']:.2f}–{r['hi_constant']:.2f})"
    n = f"n = {int(r['n_a']):,} in {a} vs {int(r['n_b']):,} in {b}"
    if r["n_a"] == 0 or r["n_b"] == 0:
        return f"{r['grade']}: no records in {a if r['n_a'] == 0 else b}, so no comparison."
    if r["small_sample"]:
        return f"{r['grade']}: {real}, {nominal}; {n}; fewer than {study.SMALL_SAMPLE_N} records on one side: shown, not concluded."
    verdict = ("a clear real rise" if r["lo_constant"] > 1 else "a clear real fall" if r["hi_constant"] < 1
               else "no clear real change (the interval includes 1)")
    return f"{r['grade']}: {real}, {nominal}; {n}; {verdict}."


def year_on_year(real: pd.DataFrame, trend: pd.DataFrame, who: str = "US",
                 before: int = study.STEP_TREND_YEARS[0]) -> Markdown:
    """Latest year vs the one before, per grade, in real terms with the nominal ratio beside it, from
    :func:`prices.real_comparison`; and how thin the years before ``before`` are in ``trend``."""
    a, b = real.attrs["a"], real.attrs["b"]
    early = trend[trend["work_year"] < before]
    tail = (f"{who} records before {before}: at most {int(early['n'].max())} per grade and year, so those years are "
            "shown but not read." if len(early) else "")
    return say(f"**{who}, {a} vs {b}**, ratio of medians in {real.attrs['price_label']} (real) and as reported (nominal):",
               bullets(_real_line(r, str(a), str(b)) for _, r in real.iterrows()), tail)


def trend_title(real: pd.DataFrame) -> Title:
    """The USD trend figure's finding, one claim: the US ladder's real change between the last two years at the
    grades with n ≥ 30 (what it rests on); the other grades are named as thin."""
    solid = real[~real["small_sample"].astype(bool)]
    grades = listing(solid["grade"].astype(str))
    clear = (solid["lo_constant"] > 1) | (solid["hi_constant"] < 1)
    moved = "no clear real change" if not clear.any() else f"a clear real change at {listing(solid.loc[clear, 'grade'])}"
    a, b = real.attrs["a"], real.attrs["b"]
    tail = thin((f"US {r['grade']} {a if r['n_a'] < r['n_b'] else b}", int(min(r["n_a"], r["n_b"])))
                for _, r in real.drop(solid.index).iterrows())
    return Title(f"US ladder {b}→{a}, {real.attrs['price_label']}: {moved} at {grades}{tail}",
                 rests_on=[*solid["n_a"], *solid["n_b"]] or [int(real["n_a"].sum() + real["n_b"].sum())])


def euro_title(trend: pd.DataFrame, real: pd.DataFrame, left_out: pd.DataFrame | None = None) -> Title:
    """The EUR trend figure's finding, about pay: the latest year's median at each grade with n ≥ 30 (in constant
    prices), and the real change where a grade has n ≥ 30 in both of the last two years; ``left_out`` (rows of the
    same trend table not drawn) names those grades as thin, with their records over all years."""
    latest = int(trend["work_year"].max())
    solid_now = trend[(trend["work_year"] == latest) & ~trend["small_sample"].astype(bool)]
    solid = real[~real["small_sample"].astype(bool)]
    unit = real.attrs.get("price_label", trend.attrs.get("price_label", ""))
    if solid_now.empty:
        head = f"Euro area, wider ML family paid in EUR: no grade has n ≥ {study.SMALL_SAMPLE_N} in {latest}"
    else:
        meds = listing(f"{r.value_constant / 1000:,.0f}k ({r.grade})" for r in solid_now.itertuples())
        head = f"Euro area, wider ML family paid in EUR, {latest}: median {meds}, {unit}"
    if solid.empty:
        change = "no grade has n ≥ 30 in two years, so no trend is read"
    else:
        clear = (solid["lo_constant"] > 1) | (solid["hi_constant"] < 1)
        change = (f"{listing(solid['grade'].astype(str))} {real.attrs['b']}→{real.attrs['a']}: "
                  + ("no clear real change" if not clear.any() else "a clear real change"))
    gone = ""
    if left_out is not None and len(left_out):
        gone = "; " + ", ".join(f"{g} thin (n = {int(t['n'].sum()):,} over all years), not drawn"
                                for g, t in left_out.groupby("grade", observed=True))
    rests_on = [*solid_now["n"], *solid["n_a"], *solid["n_b"]] or [int(trend["n"].sum())]
    return Title(f"{head}; {change}{gone}", rests_on=rests_on)


def euro_view(trend: pd.DataFrame, real: pd.DataFrame, books: dict) -> Markdown:
    """The euro-area local-currency view: what the records are, the solid cells in constant and nominal EUR, and the
    real change between the last two years."""
    solid = trend[~trend["small_sample"].astype(bool)]
    cells = [f"{r.work_year} {r.grade}: {r.value_constant:,.0f} in {prices.label('hicp_ea')} "
             f"(95% CI {r.lo_constant:,.0f}–{r.hi_constant:,.0f}); {r.value:,.0f} EUR nominal; n = {r.n:,}"
             for r in solid.itertuples()]
    return say(f"`salary_bins_eur` holds {books['records_in_table']:,} of the {books['records_kept']:,} curated records "
               f"(all role families); {books['left_out']['paid_in_another_currency']:,} euro-area records paid in another "
               "currency are left out. Its wider ML family is thin: the year×grade cells with at least "
               f"{study.SMALL_SAMPLE_N} records are", bullets(cells),
               f"**Euro area, {real.attrs['a']} vs {real.attrs['b']}**:",
               bullets(_real_line(r, str(real.attrs["a"]), str(real.attrs["b"])) for _, r in real.iterrows()))


# ---------------------------------------------------------------- 04 companies

def answer_company_examples(companies: pd.DataFrame, bins: pd.DataFrame) -> Markdown:
    """What the named companies use ML for, why the survey cannot price them, and what it says descriptively about
    the kind of employer."""
    apps = companies[companies["ml_application"] != ""].groupby("ml_application", sort=False)["company"].agg(listing)
    hq = companies["hq_country"].value_counts()
    by_country = bins.groupby("company_location", observed=True)["n"].sum()
    years = list(study.POOLED_YEARS)
    us_ml = stats.subset(bins, region="United States", role_family=study.ML_FAMILY, work_year=years)
    size = us_ml.groupby("company_size", observed=True)["n"].sum()
    thin = listing(f"{'small' if s == 'S' else 'large'} firms n = {int(n)}" for s, n in size.items()
                   if s != "M" and n < study.SMALL_SAMPLE_N)
    home = study.REFERENCE_COUNTRY
    return answer([
        f"The article names {len(companies)} companies and says what ML does at {int((companies['ml_application'] != '').sum())}: "
        + "; ".join(f"{c}: {a}" for a, c in apps.items()) + ".",
        f"The salary survey names no employer, so it **cannot say what these companies pay**. {int(hq.get(home, 0))} of "
        f"the {len(companies)} are headquartered in the {country(home)}, where "
        f"{by_country.get(home, 0) / by_country.sum():.0%} of the survey's records are; China (Baidu) has "
        f"{int(by_country.get('CN', 0))}.",
        f"It can describe the kind of employer, without ranking: medium firms (50–250 employees) hold "
        f"{size.get('M', 0) / size.sum():.0%} of US ML-engineer records in {study.years_label(years)}"
        + (f" ({thin}: thin)" if thin else "") + ".",
    ])


def applications(companies: pd.DataFrame) -> Markdown:
    """The named companies' ML applications, as the article gives them."""
    apps = companies[companies["ml_application"] != ""]
    return bullets(f"**{r.company}**: {r.ml_application}" for r in apps.itertuples())


def survey_scope(companies: pd.DataFrame, bins: pd.DataFrame) -> Markdown:
    """What the survey can say about the named companies: its columns, their headquarters, the records per country."""
    by_country = bins.groupby("company_location", observed=True)["n"].sum()
    hq = companies["hq_country"].replace("", "unknown").value_counts()
    us, cn, total = int(by_country.get("US", 0)), int(by_country.get("CN", 0)), int(by_country.sum())
    return say(f"Survey columns: {', '.join(f'`{c}`' for c in schema.RAW_COLUMNS)}.",
               f"Headquarters of the {len(companies)} named companies: "
               + ", ".join(f"{country(k) if k != 'unknown' else k} {v}" for k, v in hq.items()) + ". "
               f"Survey records at companies located in the United States: **n = {us:,}** ({us / total:.0%} of all "
               f"{total:,}); in China: **n = {cn:,}**. The US is where the named companies' pay *could* be represented — "
               "among many other employers — while China "
               + ("is effectively absent from the survey." if cn < study.SMALL_SAMPLE_N
                  else f"has {study.SMALL_SAMPLE_N}+ records, none naming its employer."))


def size_medians(size: pd.DataFrame, m_vs_l: object) -> Markdown:
    """Medians by company size with their intervals (thin sizes named), and the medium/large ratio."""
    return say("Medians (95% bootstrap CI): " + "; ".join(f"{r.company_size}: {r.value:,.0f} ({r.lo:,.0f}–{r.hi:,.0f}), "
                                                          f"n = {r.n:,}"
                                                          + (" (thin: shown, not read)" if r.n < study.SMALL_SAMPLE_N else "")
                                                          for r in size.itertuples())
               + f". Medium / large: {_ci(m_vs_l)}.")


def remote_medians(all_grades: object, senior: object, n_hybrid: int) -> Markdown:
    """On-site / remote median ratios, all grades and Senior only, and the size of the hybrid group."""
    return say(f"On-site / remote median, all grades: {_ci(all_grades)}; Senior only: {_ci(senior)}. Hybrid jobs: "
               f"n = {n_hybrid}" + (", too few to say anything." if n_hybrid < study.SMALL_SAMPLE_N else "."))


def size_title(size: pd.DataFrame, years: Iterable[int] = study.POOLED_YEARS, medium: str = "M (50–250)") -> Title:
    """The company-size figure's finding, descriptive only: medium firms' share of the records; sizes are not ranked
    (the groups mix years and grades differently), and sizes under 30 records are named as thin."""
    total, n_m = int(size["n"].sum()), int(size.loc[size["company_size"] == medium, "n"].sum())
    names = {"S": "small", "M": "medium", "L": "large"}
    small = ((f"{names.get(str(r.company_size)[0], r.company_size)} firms", int(r.n))
             for r in size[size["n"] < study.SMALL_SAMPLE_N].itertuples())
    return Title(f"Medium firms (50–250 employees) hold {n_m / total:.0%} of US ML engineer records "
                 f"({study.years_label(list(years))}); medians by size shown, not ranked{thin(small)}",
                 rests_on=(n_m, total))


def remote_title(remote: pd.DataFrame, on_vs_remote: object, year: int) -> Title:
    """The remote-work figure's finding: on-site vs fully remote medians (``on_vs_remote``: a ``compare_quantiles``
    estimate, on-site over remote), the other groups under 30 records named as thin."""
    verdict = ("about the same" if not on_vs_remote.excludes(1)
               else "higher on-site" if on_vs_remote.value > 1 else "higher remote")
    small = ((label(r.remote_ratio, "remote_ratio"), int(r.n)) for r in remote[remote["n"] < study.SMALL_SAMPLE_N].itertuples())
    return Title(f"On-site and remote US ML engineers: medians {verdict} ({year}){thin(small)}",
                 rests_on=on_vs_remote.ns)


# ---------------------------------------------------------------- 05 skills

def answer_skills(skills_table: pd.DataFrame, bins: pd.DataFrame, year: int = study.LATEST_FULL_YEAR) -> Markdown:
    """What a salary survey can say about skills: nothing directly; indirectly, the pay of ML titles against
    SQL-centred titles at US companies, over the grades with n ≥ 30 on both sides."""
    shown = ~skills_table["demonstrated_in"].str.startswith("not demonstrated")
    indirect = int(skills_table["evidence_in_data"].str.startswith("indirect").sum())
    us = stats.subset(bins, region="United States", work_year=year)

    def above(other: str) -> str:
        t = stats.compare_table(us, ["grade"], split="role_family", a=study.ML_FAMILY, b=other)
        solid = t[~t["small_sample"].astype(bool)]
        return f"{int((solid['lo'] > 1).sum())} of {len(solid)}"

    de, bi = (above(f) for f in study.NEIGHBOUR_FAMILIES)
    return answer([
        f"The survey records job titles and pay, **not skills**: it holds direct evidence on none of the article's "
        f"{len(skills_table)} skills and indirect evidence, through titles, on {indirect}. This collection puts "
        f"{int(shown.sum())} of them to work (not {listing(skills_table.loc[~shown, 'article_wording'])}).",
        f"The indirect evidence: at US companies in {year}, ML engineers' median pay is clearly above (95% interval above "
        f"×1) data engineers' at {de} grades and analytics & BI staff's at {bi} grades with {study.SMALL_SAMPLE_N}+ records on both "
        "sides: a premium of ML titles over SQL-centred titles, not a price of SQL as a skill.",
    ])


def skills_summary(skills: pd.DataFrame) -> Markdown:
    """How many of the article's skills the collection demonstrates, and what evidence the survey holds on them."""
    shown = ~skills["demonstrated_in"].str.startswith("not demonstrated")
    indirect = skills["evidence_in_data"].str.startswith("indirect")
    return say(f"Of the article's **{len(skills)}** skills, this collection demonstrates **{int(shown.sum())}** "
               f"(not: {listing(skills.loc[~shown, 'article_wording'])}). The survey holds direct evidence on **none**; "
               f"indirect evidence, through job titles, on **{int(indirect.sum())}** "
               f"({listing(skills.loc[indirect, 'article_wording'])}).")


def family_counts(ci: pd.DataFrame, year: int) -> Markdown:
    """Distinct records per role family (by name) in a ``quantile_ci_table`` by role family."""
    n = ci.groupby(ci["role_family"].astype(str))["n"].sum()
    n = n.reindex([f for f in schema.ROLE_FAMILIES if f in n.index])
    return say(f"US companies, work year {year}: "
               + ", ".join(f"{schema.ROLE_FAMILIES.get(str(k), k)} n = {int(v):,}" for k, v in n.items()) + " distinct records.")


def family_ratios(de: pd.DataFrame, bi: pd.DataFrame) -> Markdown:
    """ML engineers' median over data engineers' and analytics & BI staff's, grade by grade."""
    def ratios(t: pd.DataFrame) -> str:
        return "; ".join(f"{r.grade} ×{r.ratio:.2f} ({r.lo:.2f}–{r.hi:.2f})" for r in t.itertuples())

    unclear = [str(r.grade) for r in de.itertuples() if r.lo <= 1 <= r.hi]
    return say(f"Median ML engineer / median data engineer, by grade (95% bootstrap CI): {ratios(de)}."
               + (f" Where the interval includes ×1 ({listing(unclear)}) the data cannot tell the two apart." if unclear
                  else " Every interval excludes ×1."),
               f"Median ML engineer / median analytics & BI, by grade: {ratios(bi)}.")


def out_earn_title(table: pd.DataFrame, who: str, year: int) -> Title:
    """A neighbour family's figure: at how many grades ML engineers' median is clearly above ``who``'s (interval above
    ×1), counted over the grades with n ≥ 30 on both sides (a ``compare_table`` by grade); thinner grades named."""
    solid = table[~table["small_sample"].astype(bool) & (table["n_a"] > 0) & (table["n_b"] > 0)]
    above = int((solid["lo"] > 1).sum())
    of = (f"{len(solid)} grades" if len(solid) == len(table)
          else f"the {len(solid)} grades with {study.SMALL_SAMPLE_N}+ records on both sides")
    tail = thin((str(r.grade), int(min(r.n_a, r.n_b))) for r in table.drop(solid.index).itertuples())
    return Title(f"US ML engineers out-earn {who} at {above} of {of} ({year}){tail}",
                 rests_on=[*solid["n_a"], *solid["n_b"]])


# ---------------------------------------------------------------- 06 fact check

def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ratio_claim(v: factcheck.Verdict) -> bool:
    return v.claimed is None and v.claim_id not in factcheck.YEARS_CLAIMS


_region = factcheck.region_label
#: A line verdict on a claimed value in a few words (the full definitions: ``factcheck.VERDICT_WORDS``).
MEANING: dict[str, str] = {
    "supported": f"inside the interval or within ±{factcheck.TOLERANCE:.0%}",
    "partly supported": f"off by more than ±{factcheck.TOLERANCE:.0%}, less than ±{factcheck.PARTLY:.0%}",
    "not supported": f"off by more than ±{factcheck.PARTLY:.0%}",
    "mixed": "the lines that measure it disagree",
    "cannot be tested": f"no figure or fewer than {study.SMALL_SAMPLE_N} records",
}


def _span(low: float, high: float, fmt: str = "{:,.0f}") -> str:
    """'124,590–152,310', or one value when both ends print the same."""
    a, b = fmt.format(low), fmt.format(high)
    return a if a == b else f"{a}–{b}"


def _off(v: factcheck.Verdict) -> tuple[str, str]:
    """('22–23%', 'below'): how far the claimed value is from the measuring lines' estimates, and on which side."""
    rels = [factcheck.relative_difference(v.claimed, ln.estimate) for ln in v.tested if ln.estimate]
    if v.claimed is None or not rels:
        return "", ""
    lo, hi = min(abs(r) for r in rels), max(abs(r) for r in rels)
    side = "below" if all(r < 0 for r in rels) else "above" if all(r > 0 for r in rels) else "either side of"
    return (f"{lo:.0%}" if f"{lo:.0%}" == f"{hi:.0%}" else f"{lo * 100:.0f}–{hi:.0%}"), side


def _below(v: factcheck.Verdict) -> str:
    """'22–23% below them' (or 'above'): how far the claimed value is from the measuring lines' estimates."""
    span, side = _off(v)
    return f"{span} {side} {'it' if len(v.tested) == 1 else 'them'}" if span else ""


def _evidence_range(v: factcheck.Verdict) -> str:
    """The range of evidence in the claim's unit (a sentence without its full stop)."""
    if v.low is None or v.high is None:
        return "No line that measures it could test it"
    if _ratio_claim(v):
        published = listing(f"{ln.name} ×{ln.estimate:.2f} [{ln.lo:.2f}–{ln.hi:.2f}]" for ln in v.tested
                            if ln.estimate is not None and ln.lo is not None)
        return (f"Across {v.note}, the US ML median runs {_ends(v)} Europe's: the lowest and highest estimates, each "
                f"with its own interval, not one interval (all grades, as published: {published})")
    kind = "that measure ML pay " if v.of_kind(factcheck.STANDS_IN, tested=False) else ""
    lines = f"{len(v.tested)} line{'s' if len(v.tested) > 1 else ''} of evidence {kind}"
    return f"The {lines}put it at {_span(v.low, v.high)} {v.unit}; the claim is {_below(v)}"


def _ends(v: factcheck.Verdict, pools: bool = True) -> str:
    return ends_text(*(r for _, r in v.details.iterrows()), pools=pools)


def _by_verdict(v: factcheck.Verdict, kind: str = factcheck.MEASURES) -> str:
    said = v.by_verdict(kind)
    parts = [f"{verdict} by {listing(said[verdict])}" for verdict in factcheck.VERDICTS if verdict in said]
    untested = [ln.name for ln in v.of_kind(kind, tested=False) if not ln.tested]
    parts += [f"cannot be tested by {listing(untested)}"] if untested else []
    return _cap("; ".join(parts))


def _stand_ins(v: factcheck.Verdict) -> str:
    """The stand-in lines beside the claim: their range, their own verdict and which line says what ('' if none)."""
    if not v.of_kind(factcheck.STANDS_IN, tested=False):
        return ""
    low, high = v.stand_in_range
    span = f", {_span(low, high)} {v.unit}" if low is not None else ""
    return (f" Beside them, not deciding the verdict: the official occupations nearest to ML work stand in for ML pay "
            f"without measuring it{span}: {v.stand_in_verdict} ({_by_verdict(v, factcheck.STANDS_IN)[:1].lower()}"
            f"{_by_verdict(v, factcheck.STANDS_IN)[1:]}).")


def _indirect(v: factcheck.Verdict) -> str:
    """For a claim on a grade's years: each indirect line's reading, with its numbers where it can test the claim."""
    parts = [f"{_cap(ln.name)}: {ln.verdict}: {ln.reason}." for ln in v.lines if ln.tested]
    thin = [ln.name for ln in v.lines if not ln.tested]
    if thin:
        parts.append(f"{_cap(listing(thin))}: cannot be tested (fewer than {study.SMALL_SAMPLE_N} records or answers).")
    return "Indirect evidence only, each median divided by its own survey's median. " + " ".join(parts)


def statement(v: factcheck.Verdict) -> str:
    """The one framing of a claim on all its evidence (plain text): what it claims, the combined verdict, the range
    of evidence and which line gives which verdict; the stand-in lines beside it; for a restated claim, that it is
    the same evidence; for a grade's years, why it cannot be tested directly and the indirect evidence."""
    if v.claim_id in factcheck.YEARS_CLAIMS:
        return f"{_cap(v.quantity)}: {v.verdict}: {v.note}. {_indirect(v)}"
    claimed = v.unit if v.claimed is None else f"{v.claimed:,.0f} {v.unit}"
    head = f"{_cap(v.quantity)}, claimed {claimed}"
    if not v.lines:
        return f"{head}: {v.verdict} ({v.note})."
    if v.restates:
        return (f"{head}: {v.verdict}, as the claim it restates. {_cap(v.note)}, so it is the same claim on the same "
                f"evidence ÷ 12, not more support: {_evidence_range(v)[0].lower()}{_evidence_range(v)[1:]}.")
    extra = f" {_cap(v.note)}." if v.note and not _ratio_claim(v) else ""
    return f"{head}: {v.verdict}. {_evidence_range(v)}.{extra} {_by_verdict(v)}.{_stand_ins(v)}"


def statements(verdicts: list[factcheck.Verdict]) -> Markdown:
    """Every claim's :func:`statement`, one bullet each."""
    return bullets(statement(v) for v in verdicts)


def verdicts(*claims: factcheck.Verdict) -> Markdown:
    """The :func:`statement` of each claim given, one paragraph each."""
    return say(*(statement(v) for v in claims))


def _number(x: float) -> str:
    return f"{x:,.2f}" if abs(x) < 10 else f"{x:,.0f}"


def line_evidence(ln: factcheck.Line) -> str:
    """One line of evidence in words: its estimate with interval and n (or 'published'), what it is to the claim when
    it does not measure it, and its own verdict."""
    kind = {factcheck.STANDS_IN: "; stands in, not ML pay", factcheck.INDIRECT: "; indirect"}.get(ln.kind, "")
    if ln.estimate is None:
        return f"{ln.name}: {ln.verdict} ({ln.reason})"
    ci = f"95% CI {_number(ln.lo)}–{_number(ln.hi)}, " if ln.lo is not None and ln.hi is not None else ""
    n = f"n = {ln.n:,}" if ln.n is not None else "published figure, no interval"
    return f"{ln.name} {_number(ln.estimate)} ({ci}{n}{kind}): {ln.verdict}"


def evidence(v: factcheck.Verdict) -> str:
    """Every line of a claim with its numbers (plain text, for the front page's detail line)."""
    return "; ".join(line_evidence(ln) for ln in v.lines) + "."


def headline(v: factcheck.Verdict) -> tuple[str, str, str]:
    """(value, text, detail) of a claim on the site's front page: the range of the lines that measure it,
    :func:`statement`, and :func:`evidence` with what each source's pay is and what the verdict words mean."""
    if v.low is None or v.high is None:
        value = "n/a"
    elif _ratio_claim(v):
        value = _ends(v, False)
    else:
        value = _span(v.low / 1000, v.high / 1000, "${:,.0f}k")
    detail = (f"{evidence(v)} Nominal USD; aijobs.net: salary, work year {factcheck.DEFAULT_YEAR}; Stack Overflow "
              "2024: total compensation; official figures as published; the article is undated (notebook 06). "
              f"{factcheck.VERDICT_WORDS}")
    return value, statement(v), detail


def _years_said(grade: str) -> str:
    """The article's years for ``grade``, as the claim reads them (``factcheck.claimed_years``): 'a Junior has up to 1
    year', 'it takes 1–3 years to reach Middle'."""
    lo, hi = factcheck.claimed_years(grade)
    if grade == factcheck.LEVELS[0]:
        return f"a {grade} has up to {hi + 1} year{'s' if hi else ''}"
    return f"it takes {lo}–{hi} years to reach {grade}"


def _junior_reading(junior: factcheck.Verdict) -> str:
    """The indirect reading of the Junior claim in one sentence ('' when no line can test it)."""
    grade, rel = factcheck.LEVELS[0], junior.details
    tested = [ln for ln in junior.lines if ln.tested]
    near: set[str] = set()
    for ln in tested:
        pool, region = next((p.name, r) for p in factcheck.POOLS for r in study.COMPARED_REGIONS
                            if f"{p.name} in {_region(r)}" == ln.name)
        line = rel[(rel["pool"] == pool) & (rel["region"] == region)]
        level = line[(line["kind"] == "level") & (line["group"] == grade)].iloc[0]
        near |= set(factcheck.sits_with(level, line[line["kind"] == "band"]))
    if not tested:
        return ""
    bands = listing(factcheck.band_label(b) for b in factcheck.BANDS if b in near) if near else "no band"
    claimed = listing(factcheck.band_label(b) for b in factcheck.claimed_bands(grade))
    verdicts = {ln.verdict for ln in tested}
    how = (f"not like those with {claimed}" if verdicts == {factcheck.NOT_CONSISTENT} else
           f"as those with {claimed} are" if verdicts == {factcheck.CONSISTENT} else "with mixed readings")
    return (f" Indirectly (each median ÷ its own survey's median; {listing(ln.name for ln in tested)}), aijobs' "
            f"{grade} is paid like Stack Overflow's answers with {bands} of professional coding, {how}.")


def answer_bullets(verdicts_: list[factcheck.Verdict]) -> list[str]:
    """Notebook 06's Answer box: the annual ML pay claim against the lines that measure ML pay, the grade definitions
    (cannot be tested directly, with the indirect reading), and "Europe is lower" with its range."""
    by = {v.claim_id: v for v in verdicts_}
    out = []
    annual, monthly = by.get("us_ml_avg_annual"), by.get("us_ml_avg_monthly")
    if annual is not None and annual.tested:
        span, side = _off(annual)
        each = listing(f"{ln.name} {ln.estimate:,.0f} (95% CI {ln.lo:,.0f}–{ln.hi:,.0f}, n = {ln.n:,})"
                       for ln in annual.tested)
        low, high = annual.stand_in_range
        near = ""
        if low is not None:
            how = (f"run from {_span(low, high)}, either side of it" if low < annual.claimed < high else
                   f"put it at {_span(low, high)}")
            near = f" The official occupations that only stand in for ML pay (BLS OEWS) {how}."
        month = (f" Its {monthly.claimed:,.0f} a month is the same claim ÷ 12." if monthly is not None and
                 monthly.restates == annual.claim_id else "")
        out.append(f"The article's {annual.claimed:,.0f} USD a year for US ML specialists is {span} {side} the mean "
                   f"pay the ML pay surveys measure, {each}: {annual.verdict} ({MEANING[annual.verdict]})."
                   f"{near}{month}")
    years = [by[c] for c in factcheck.YEARS_CLAIMS if c in by]
    if years:
        said = "; ".join(_years_said(factcheck.YEARS_CLAIMS[v.claim_id]) for v in years)
        junior = next((v for v in years if factcheck.YEARS_CLAIMS[v.claim_id] == factcheck.LEVELS[0]), None)
        out.append(f"The article's grade definitions ({said}) {years[0].verdict}: {factcheck.NO_DIRECT_TEST}."
                   + (_junior_reading(junior) if junior is not None else ""))
    europe = by.get("europe_lower")
    if europe is not None and europe.low is not None:
        out.append(f"Europe pays ML specialists less than the US: {europe.verdict}. {_evidence_range(europe)}.")
    return out


def answer_box(verdicts_: list[factcheck.Verdict] | None = None) -> Markdown:
    """Notebook 06's Answer box (:func:`helpers.presentation.wording.answer` of :func:`answer_bullets`), on
    ``findings.fact_check()`` unless the verdicts are given."""
    if verdicts_ is None:
        from helpers.analysis import findings

        verdicts_ = findings.fact_check()
    return answer(answer_bullets(verdicts_))


# ---------------------------------------------------------------- rules (printed before any result)

def factcheck_rules() -> Markdown:
    """The fact check's tolerances and the study's choices it uses."""
    families = listing(schema.ROLE_FAMILIES[f] for f in study.ML_SPECIALIST_FAMILIES)
    return say(f"Tolerance for *supported*: ±{factcheck.TOLERANCE:.0%}; for *partly supported*: ±{factcheck.PARTLY:.0%}. "
               f"Survey work year: {study.LATEST_FULL_YEAR}. 'ML specialists' = the survey's {families} title families. "
               f"Enough records = at least {study.SMALL_SAMPLE_N} per group. Bootstrap: {factcheck.N_BOOT:,} replicates.")


def claim_years(by_year: pd.DataFrame, claimed: float, year: int = study.LATEST_FULL_YEAR) -> Markdown:
    """In which work years aijobs' mean (``monthly_by_year``) comes within the tolerance of the claimed annual pay,
    and whether the claim is too low or too high for ``year``."""
    ok = by_year[~by_year["small_sample"]]
    within = ok[(claimed / ok["mean_usd"] - 1).abs() <= factcheck.TOLERANCE]["work_year"].tolist()
    mean = float(by_year.loc[by_year["work_year"] == year, "mean_usd"].iloc[0])
    return say(f"Among work years with at least {study.SMALL_SAMPLE_N} records, an aijobs.net mean within ±{factcheck.TOLERANCE:.0%} of "
               f"{claimed:,.0f} occurs in: {listing(within)}. For {year} the claim is "
               f"{'too low' if claimed < mean else 'too high'}.")


def market_wage(claimed: float, bls: pd.DataFrame) -> Markdown:
    """The claimed monthly market wage made annual, against the BLS means."""
    m = claimed
    return say(f"{m:,.0f} × 12 = {m * 12:,.0f} USD a year, against a BLS mean of {bls['value'].min():,.0f}–"
               f"{bls['value'].max():,.0f} in {bls['year'].min()}–{bls['year'].max()}.")


# ---------------------------------------------------------------- figure titles and the grades' prose

def key_title(annual: factcheck.Verdict, market: factcheck.Verdict) -> Title:
    """Key figure: what the surveys that measure ML pay put US ML pay at, the verdict on the annual claim and the
    verdict on the US market figure, in two lines (the stand-in occupations are named in the figure, beside their
    lines). It rests on the surveys' records (the official figures are published, without records here)."""
    sources = list(dict.fromkeys(ln.source for ln in annual.tested))
    names = "Both surveys of ML pay" if len(sources) == 2 else listing(sources)
    span, side = _off(annual)
    text = (f"{names} put the US mean at {_span(annual.low / 1000, annual.high / 1000, '{:,.0f}k')} USD a year: "
            f"the article's {annual.claimed:,.0f} is {span} {side} ({annual.verdict}); its "
            f"{market.claimed:,.0f} a month: {market.verdict}")
    return Title(text, [ln.n for ln in annual.tested if ln.n is not None])


def europe_title(v: factcheck.Verdict, rows: pd.DataFrame) -> Title:
    """The US / Europe figure: the range across sources and choices, and where each source's intervals lie. ``rows``
    is the figure's data (``factcheck.direction_rows``): the title concludes from its grades with enough
    records on both sides."""
    supported = v.by_verdict().get("supported", [])
    head = f"The US ML median is {_ends(v, False)} Europe's across sources and choices"
    solid = rows[~rows["small_sample"].astype(bool)]
    rests_on = [*solid["n_a"], *solid["n_b"]]
    if supported and len(supported) == len(v.tested):
        return Title(f"{head}; above Europe's at every grade with {study.SMALL_SAMPLE_N}+ records in both regions, in "
                     f"{'both sources' if len(supported) == 2 else listing(supported)}", rests_on)
    return Title(f"{head}; above Europe's at every grade with {study.SMALL_SAMPLE_N}+ records only in {listing(supported, 'no source')}",
                 rests_on)


def _line_key(name: str) -> tuple[str, str]:
    """(pool, region) of an indirect line named 'all roles in the US'."""
    return next((p.name, r) for p in factcheck.POOLS for r in study.COMPARED_REGIONS
                if f"{p.name} in {_region(r)}" == name)


def _sits(details: pd.DataFrame, name: str, grade: str) -> str:
    """The bands of years aijobs' ``grade`` sits with on the line ``name`` ('too few records' when thin)."""
    pool, region = _line_key(name)
    line = details[(details["pool"] == pool) & (details["region"] == region)]
    level = line[(line["kind"] == "level") & (line["group"] == grade)].iloc[0]
    if level["small_sample"]:
        return f"too few records (n = {int(level['n'])})"
    near = factcheck.sits_with(level, line[line["kind"] == "band"])
    return listing((factcheck.band_label(b) for b in near), "no band of years")


def years_title(junior: factcheck.Verdict, middle: factcheck.Verdict) -> Title:
    """The indirect figure: which years of coding aijobs' Junior is paid like, and where the answers with the years
    it takes to reach Middle are paid, relative to each survey's own median, on the lines that can test each claim.
    It rests on the groups those lines compare (and each survey's whole pool)."""
    tested = [ln.name for ln in junior.lines if ln.tested]
    m_tested = [ln for ln in middle.lines if ln.tested]
    grade = factcheck.LEVELS[0]
    rel, sizes = junior.details, []
    for name in dict.fromkeys([*tested, *(ln.name for ln in m_tested)]):
        pool, region = _line_key(name)
        line = rel[(rel["pool"] == pool) & (rel["region"] == region)]
        used = [grade, *factcheck.claimed_bands(grade)] if name in tested else []
        used += [grade, _grade(middle), *factcheck.claimed_bands(_grade(middle))] if name in {
            ln.name for ln in m_tested} else []
        sizes += [int(n) for n in line.loc[line["group"].isin(used), "n"]] + [int(n) for n in line["n_overall"].unique()]
    if not sizes:
        sizes = [int(n) for n in rel["n"]]
        return Title(f"The article's grade years cannot be tested, even indirectly: every line has too few records or "
                     f"answers (under {study.SMALL_SAMPLE_N})", sizes)
    parts = []
    if tested:
        per = {_sits(junior.details, name, grade) for name in tested}
        like = per.pop() if len(per) == 1 else "different bands by pool and region"
        parts.append(f"aijobs' {grade} is paid like {like} of coding (the article: {_years_said(grade)})")
    if m_tested:
        band = listing(factcheck.band_label(b) for b in factcheck.claimed_bands(_grade(middle)))
        readings = {ln.verdict for ln in m_tested}
        inside = ("are paid between its Junior and Middle, as reaching Middle then implies"
                  if readings == {factcheck.CONSISTENT} else
                  "are not paid between Junior and Middle" if readings == {factcheck.NOT_CONSISTENT} else
                  "give mixed readings")
        parts.append(f"answers with {band} {inside}")
    where = listing(dict.fromkeys([*tested, *(ln.name for ln in m_tested)]))
    return Title(f"Indirect only ({where}; each median ÷ its own survey's median): {'; '.join(parts)}", sizes)


def _grade(v: factcheck.Verdict) -> str:
    """The grade a claim on years is about."""
    return factcheck.YEARS_CLAIMS[v.claim_id]


def _thin_needs(details: pd.DataFrame, pool: str) -> str:
    """The groups under ``study.SMALL_SAMPLE_N`` that ``pool``'s lines need (the first level, the grades claimed and
    their bands of years), with n per region: "Stack Overflow 2024's answers with under 1 year: n = 0 in the US and 6
    in Europe; aijobs.net's Junior: n = 21 in Europe" ("" when there is none)."""
    grades = list(factcheck.YEARS_CLAIMS.values())
    needed = {("level", g) for g in dict.fromkeys([factcheck.LEVELS[0], *grades])}
    needed |= {("band", b) for g in grades for b in factcheck.claimed_bands(g)}
    wanted = pd.Series([(k, g) in needed for k, g in zip(details["kind"], details["group"], strict=True)], details.index)
    rows = details[(details["pool"] == pool) & details["small_sample"].astype(bool) & wanted]
    parts = []
    for (source, kind, group), t in rows.groupby(["source", "kind", "group"], sort=False):
        who = f"{source}'s answers with {factcheck.band_label(group)}" if kind == "band" else f"{source}'s {group}"
        parts.append(f"{who}: n = " + listing(f"{int(r['n']):,} in {_region(r['region'])}" for _, r in t.iterrows()))
    return "; ".join(parts)


def _pool_reach(pool: str, claims: tuple[factcheck.Verdict, ...], details: pd.DataFrame) -> str:
    """Which claims ``pool``'s lines can test, and the thin groups that stop the others."""
    lines = [(_grade(v), ln) for v in claims for ln in v.lines if _line_key(ln.name)[0] == pool]
    tested = [(g, ln) for g, ln in lines if ln.tested]
    thin, named = _thin_needs(details, pool), pool.replace(" ", "-")
    if len(tested) == len(lines):
        return f"the {named} pools can"
    needs = f"a group with fewer than {study.SMALL_SAMPLE_N} records or answers" + (f" ({thin})" if thin else "")
    if not tested:
        return f"the {named} lines cannot test {'either claim' if len(claims) == 2 else 'any claim'}, each needing {needs}"
    only = listing(f"the {g} claim in {_region(_line_key(ln.name)[1])}" for g, ln in tested)
    return f"the {named} lines can test only {only}; the others need {needs}"


def years_prose(junior: factcheck.Verdict, middle: factcheck.Verdict) -> Markdown:
    """What the indirect comparison rests on (``junior.details``, :func:`factcheck.relative`): how many Stack Overflow
    answers each pool has in the article's bands, which pools' lines can test each claim and the groups under
    ``study.SMALL_SAMPLE_N`` that stop the others, and what each survey's own median is."""
    details = junior.details
    pools = []
    for band in dict.fromkeys(b for g in factcheck.YEARS_CLAIMS.values() for b in factcheck.claimed_bands(g)):
        rows = details[(details["kind"] == "band") & (details["group"] == band)]
        pools.append(f"{factcheck.band_label(band)}: " + listing(
            f"{r['pool']} in {_region(r['region'])} n = {int(r['n']):,}" for _, r in rows.iterrows()))
    reach = "; ".join(_pool_reach(p, (junior, middle), details) for p in details["pool"].unique())
    medians = details.drop_duplicates(["pool", "region", "source"])
    own = "; ".join(f"{r['source']}, {r['pool']} in {_region(r['region'])}: {r['overall_usd']:,.0f} "
                    f"(n = {int(r['n_overall']):,})" for _, r in medians.iterrows())
    return say("Stack Overflow answers in the article's bands of years (" + "; ".join(pools) + f"). {_cap(reach)}.",
               f"Each survey's own median, the ×1 of every ratio (USD per year, nominal): {own}.")


# ---------------------------------------------------------------- 07 SQL warehouse

def answer_sql_warehouse(bins: pd.DataFrame, folder: Path = paths.CURATED, year: int = study.LATEST_FULL_YEAR) -> Markdown:
    """Whether SQL alone (:func:`warehouse.connect` on ``folder``) reproduces the key numbers: the medians by region
    and grade and the US grade multipliers, each compared with pandas on ``bins``; the medians themselves with n."""
    regions = list(study.COMPARED_REGIONS)
    con = warehouse.connect(folder)
    try:
        medians = warehouse.query(con, warehouse.region_medians_sql(study.ML_FAMILY, year))
        ladder = warehouse.query(con, warehouse.ladder_sql(study.ML_FAMILY, year, "United States"))
    finally:
        con.close()
    check = warehouse.compare_with_pandas(medians, bins, ["region", "grade"], role_family=study.ML_FAMILY,
                                          work_year=year, region=regions)
    us = stats.subset(bins, role_family=study.ML_FAMILY, work_year=year, region="United States")
    pandas_steps = stats.quantile_table(us, ["grade"], [0.5])["p50"]
    steps = ladder["x_previous_grade"].iloc[1:].reset_index(drop=True)
    same = len(steps) == len(pandas_steps) - 1 and (steps == (pandas_steps / pandas_steps.shift()).iloc[1:].reset_index(drop=True)).all()
    table = medians.rename(columns={"value_usd": "p50"})
    return answer([
        f"Yes: plain SQL over the curated CSV files gives **{int(check['equal'].sum())} of {len(check)}** of {year}'s "
        f"ML-engineer medians by region and grade *identical* to the pandas ones (same n, same value), and the US grade "
        f"multipliers {'identical' if same else 'not identical'} too.",
        f"In SQL, {year}, US: {_grades(table, 'United States')}.",
        f"Europe: {_grades(table, 'Europe')}.",
    ])


def sql(query: str) -> Markdown:
    """A SQL query shown as a code block."""
    return Markdown(f"```sql\n{query.strip()}\n```")


def records_by_region(sizes: pd.DataFrame, year: int, bins: pd.DataFrame) -> Markdown:
    """Records per region from a SQL result (``region``, ``records``), with the collection's total."""
    parts = ", ".join(f"**{label(r.region, 'region')}** n = {int(r.records):,}" for r in sizes.itertuples())
    return say(f"Work year {year}, ML engineering: {parts} (all years, all roles: n = {int(bins['n'].sum()):,} distinct records).")


def sql_equals_pandas(check: pd.DataFrame, same_as_stats: bool) -> Markdown:
    """How many SQL medians equal the pandas ones exactly."""
    return say(f"{int(check['equal'].sum())} of {len(check)} SQL medians equal `binning.binned_quantile` exactly (same n, "
               f"same value); equal to `stats.quantile_table`: **{'yes' if same_as_stats else 'no'}**.")


def thin_groups(ladder_table: pd.DataFrame, year: int) -> Markdown:
    """Grades without European records, and the groups below the small-sample threshold."""
    present = set(ladder_table.loc[ladder_table["region"] == "Europe", "grade"].astype(str))
    missing = [g for g in schema.GRADES if g not in present]
    small = ladder_table[ladder_table["small_sample"]]
    return say(f"Grades with no European ML-engineering record in {year}: {listing(missing)}. Groups below n = {study.SMALL_SAMPLE_N}: "
               + listing((f"{r.region} {r.grade} (n = {r.n})" for r in small.itertuples()), "none") + ".")


def sql_ladder(same: bool, mult: pd.DataFrame, lead_n: int, year: int) -> Markdown:
    """Whether the SQL grade multipliers equal the pandas ones, and the US steps with their intervals."""
    return say(f"SQL multipliers equal `stats.grade_multipliers` exactly: **{'yes' if same else 'no'}**. US, {year}: "
               + "; ".join(f"{r.step} ×{r.ratio:.2f} (95% CI {r.lo:.2f}–{r.hi:.2f})" for r in mult.itertuples())
               + f". Executive is the survey's EX level (executive/director), n = {lead_n}.")


def binned_gap(exact_vs_binned: pd.DataFrame) -> Markdown:
    """The largest gap between binned and exact medians."""
    return say(f"Largest gap between binned and exact median: **{exact_vs_binned['diff_pct'].abs().max():.2f}%** over "
               f"{len(exact_vs_binned)} groups.")


def region_ladder_title(ladder: pd.DataFrame, year: int, a: str = "United States", b: str = "Europe") -> Title:
    """The SQL ladder's finding: at which grades ``a``'s median is above ``b``'s, over the grades with n ≥ 30 in both
    regions (a quantile table by region and grade); the other grades are named as thin or missing."""
    wide = ladder.pivot(index="grade", columns="region", values=["n", "p50"]).reindex(columns=[a, b], level=1)
    n = wide["n"].fillna(0).astype(int)
    solid = n[(n[a] >= study.SMALL_SAMPLE_N) & (n[b] >= study.SMALL_SAMPLE_N)].index
    higher = [str(g) for g in solid if wide.loc[g, ("p50", a)] > wide.loc[g, ("p50", b)]]
    lower = [str(g) for g in solid if str(g) not in higher]
    where = f"the {len(solid)} grades with {study.SMALL_SAMPLE_N}+ records in both"
    head = (f"US ML engineers' median pay is above Europe's at {listing(higher)}, {where} ({year})" if not lower else
            f"US vs Europe ML engineer medians ({year}), at {where}: US higher at {listing(higher)}, not at {listing(lower)}")
    names = {a: "US", b: label(b, "region")}
    tail = thin((f"{names[r]} {g}", int(n.loc[g, r])) for g in n.index if g not in solid for r in (a, b)
                if n.loc[g, r] < study.SMALL_SAMPLE_N)
    return Title(head + tail, rests_on=[*n.loc[solid, a], *n.loc[solid, b]])


# ---------------------------------------------------------------- 08 salary estimator

#: How a range is named everywhere: the share it is calibrated to hold (``study.ESTIMATE_LEVEL``).
RANGE = f"{study.ESTIMATE_LEVEL:.0%} range"


#: The regions as the held-out tables name them.
REGION_NAMES = {"all": "every region", "United States": "the US", "Europe": "Europe",
                "Other": f"the {schema.REGION_NAMES['Other'].lower()}"}


def coverage_phrase(entry: dict | pd.Series, digits: int = 1) -> str:
    """A held-out coverage (``records``, ``profiles``, ``coverage``, ``lo``, ``hi``) in words, or why it is not
    stated: ``"81.7% (95% interval 80.6–82.8%; 16,254 records, 142 profiles)"``; under ``study.ESTIMATE_MIN_PROFILES``
    distinct profiles ``'cannot be measured reliably: 26 distinct profiles (fewer than 30), 832 records'``."""
    records, profiles = int(entry["records"]), int(entry["profiles"])
    value = entry["coverage"]
    if value is None or pd.isna(value):
        return (f"cannot be measured reliably: {profiles:,} distinct profile{'' if profiles == 1 else 's'} (fewer than "
                f"{study.ESTIMATE_MIN_PROFILES}), {records:,} records")
    return (f"{value:.{digits}%} (95% interval {entry['lo'] * 100:.{digits}f}–{entry['hi']:.{digits}%}; {records:,} records, "
            f"{profiles:,} profiles)")


def _range(values: pd.Series, digits: int = 0) -> str:
    lo, hi = (f"{float(v):.{digits}f}" for v in (values.min(), values.max()))
    return f"{lo}%" if lo == hi else f"{lo}–{hi}%"


def _split(t: pd.DataFrame, edge: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows of a by-n table below ``edge`` similar records and from it up (by the bucket's lower edge)."""
    lower = t["similar_records"].str.extract(r"^(\d+)")[0].astype(int)
    return t[lower < edge], t[lower >= edge]


def answer_estimator() -> Markdown:
    """Notebook 08's Answer box, computed: the estimator's answer for a Senior ML engineer at a US company, how often
    its range held held-out pay (with its interval), and the median's gain over the naive answer, where it falls short."""
    held, gains = estimator.measured()
    a = estimator.estimate({"grade": "Senior", "company_location": study.REFERENCE_COUNTRY})
    answered, every, g = held.loc[("answered", "all")], held.loc[("every record", "all")], gains.loc["all"]
    worse = [r for r in schema.REGIONS if gains.loc[r, "gain"] < 0]
    where = "; ".join(f"in {REGION_NAMES[r]} it is worse by {-gains.loc[r, 'gain']:.1f} points (95% interval "
                      f"{signed(gains.loc[r, 'lo'])} to {signed(gains.loc[r, 'hi'])}"
                      + (": no clear difference either way)" if gains.loc[r, "lo"] < 0 < gains.loc[r, "hi"] else ")")
                      for r in worse)
    return answer([
        f"A Senior ML engineer at a US company can expect a median of ${a['median']:,.0f} a year, {RANGE} "
        f"${a['low']:,.0f}–${a['high']:,.0f} ({estimator.unit()}; n = {a['n_similar']:,} similar survey records). "
        f"Profiles with fewer than {study.ESTIMATE_MIN_N} similar records get no number.",
        f"The range means what it says: calibrated on an earlier year, the ranges the estimator gives held "
        f"{coverage_phrase(answered)} of pay in {study.TEST_YEAR}, a year it never saw; on every {study.TEST_YEAR} "
        f"record, {every['coverage']:.1%} ({every['lo'] * 100:.1f}–{every['hi']:.1%}).",
        f"Its median beats the naive grade × region median by {g['gain']:.1f} points of typical error "
        f"(95% interval {g['lo']:.1f}–{g['hi']:.1f})" + (f"; {where}" if where else "") + ".",
    ])


def unit_statement(model: estimator.SalaryModel) -> Markdown:
    """The estimator's unit (constant base-year USD, CPI-U) and the price change it takes out of the held-out test."""
    first, last, base = model.train_years[0], model.train_years[1], estimator.PRICE_BASE_YEAR
    return say(f"Every amount the estimator fits, predicts and is scored on is in **{estimator.unit()}**: each work year's "
               f"pay is restated by the US CPI-U annual average before fitting. Prices rose "
               f"{prices.price_change(first, base):.1%} from {first} to {base} and {prices.price_change(last, base):.1%} from "
               f"{last} to {base}; in nominal dollars the trees, which cannot extrapolate the work year, would answer "
               f"{study.TEST_YEAR} at {last}'s price level and count that gap as error."
               + (f" For the default work year, {base}, the answer is also that year's nominal pay."
                  if base == estimator.DEFAULT_YEAR else ""))


def rule_statement() -> Markdown:
    """The thin-profile rule with its thresholds (``helpers.study``)."""
    return bullets([
        f"**ok**: {study.ESTIMATE_THIN_N} or more similar records. The median and the model's calibrated {RANGE}, as they are.",
        f"**thin**: {study.ESTIMATE_MIN_N} to {study.ESTIMATE_THIN_N - 1}. Flagged, drawn hollow, and the range widened: "
        f"its ends move ×{study.ESTIMATE_WIDEN:.2f} as far from the median on the log scale (it contains the model's range).",
        f"**declined**: fewer than {study.ESTIMATE_MIN_N}. No number: `estimate` returns None for the median and the range, "
        "with the reason.",
    ])


def rule_evidence(calibration: dict, folds: dict[str, pd.DataFrame]) -> Markdown:
    """Why the thresholds are where they are: the error by similar records on each fold, and the widening measured
    on the calibration fold. ``folds`` maps a fold's name to its ``estimator.accuracy_by_n`` table."""
    lines = []
    for name, t in folds.items():
        below, above = _split(t, study.ESTIMATE_MIN_N)
        worse = below["error_pct_model"].min() > above["error_pct_model"].max()
        lines.append(f"**{name}:** under {study.ESTIMATE_MIN_N} similar records the model's median was off by "
                     f"{_range(below['error_pct_model'])} for the typical record, from {study.ESTIMATE_MIN_N} up by "
                     f"{_range(above['error_pct_model'])}: every bucket below is "
                     f"{'worse than every bucket above' if worse else 'not clearly worse'}.")
    lines.append(f"**Widening, measured on the calibration fold:** the model's calibrated {RANGE} held "
                 f"{calibration['thin_before']:.1%} of the thin profiles' records (n = {calibration['n_thin']:,}, "
                 f"{calibration['profiles_thin']} distinct profiles) against {calibration['target']:.1%} for well-sampled ones "
                 f"(n = {calibration['n_ok']:,}, {calibration['profiles_ok']} profiles); moving low and high "
                 f"×{calibration['factor']:.2f} as far from the median brings thin answers to {calibration['thin_after']:.1%}.")
    return bullets(lines)


def rule_effect(effect: pd.DataFrame, families: pd.DataFrame, held: pd.DataFrame) -> Markdown:
    """What the rule does to the held-out year (``estimator.rule_effect``), its coverage with intervals
    (``estimator.held_out``) and which role family holds most of what it declines
    (``estimator.coverage_by(scored, "role_family")``)."""
    _every, ok, _thin_before, thin_after, declined, answered = (effect.iloc[i] for i in range(6))
    fam = families.assign(declined=families["n_test"] * families["declined_pct"] / 100).sort_values("declined").iloc[-1]
    cov = held.xs("all", level="region")
    return bullets([
        f"**Answered:** {answered['share_pct']:.0f}% of the {study.TEST_YEAR} records ({ok['share_pct']:.0f}% ok, "
        f"{thin_after['share_pct']:.0f}% thin). Their ranges held {coverage_phrase(cov.loc['answered'])}, against "
        f"{coverage_phrase(cov.loc['every record'])} for the calibrated ranges on every record without the rule.",
        f"**By status:** the ok answers' ranges held {coverage_phrase(cov.loc['ok'])}. The thin answers' coverage "
        f"{coverage_phrase(cov.loc['thin'])}: their widening rests on the calibration fold's measure alone.",
        f"**Declined:** {declined['share_pct']:.0f}% of the records (n = {int(declined['n_test']):,}); their median error "
        f"would have been {declined['error_pct']:.0f}% against {answered['error_pct']:.0f}% for the answered ones. "
        f"{fam['declined'] / declined['n_test']:.0%} of them are in the {label(fam['role_family'])} family, "
        f"{fam['declined_pct']:.0f}% of whose {study.TEST_YEAR} records had under {study.ESTIMATE_MIN_N} similar records "
        "in the training years.",
    ])


def calibration(margin: dict) -> Markdown:
    """The split-conformal calibration of the range (``estimator.conformal_margin`` on the calibration fold)."""
    factor = float(np.exp(study.ESTIMATE_MARGIN))
    return say(f"**Calibration.** On the calibration fold (fitted up to {study.CALIBRATION_TRAIN_MAX_YEAR}, scored on "
               f"{study.TRAIN_MAX_YEAR}: n = {margin['n']:,} records, {margin['profiles']:,} distinct profiles) the model's raw "
               f"10th–90th percentiles held {margin['raw_coverage']:.1%} of the records. The {study.ESTIMATE_LEVEL:.0%} "
               f"quantile of each record's log distance outside its range is {margin['margin']:.4f}; rounded up, "
               f"`study.ESTIMATE_MARGIN` = {study.ESTIMATE_MARGIN}: every range's low end is divided and its high end "
               f"multiplied by {factor:.3f}, which makes the fold's ranges hold {margin['calibrated_coverage']:.1%}. "
               f"The test year, {study.TEST_YEAR}, plays no part in it.")


def held_out(model: object, n_test: int) -> Markdown:
    """The estimator's training and test years and sizes."""
    return say(f"Training: work years {model.train_years[0]}–{model.train_years[1]}, n = {model.n_train:,} distinct records. "
               f"Test: work year {study.TEST_YEAR}, n = {n_test:,} records.")


def estimator_scores(m: pd.Series, b: pd.Series, raw: pd.Series, every: pd.Series, gain: pd.Series) -> Markdown:
    """The model's held-out coverage and error against the naive baseline's: ``m``, ``b``, ``raw`` are
    ``estimator.evaluate``'s rows (calibrated model, naive, model before calibration), ``every`` the calibrated
    range's coverage with its interval on every record and ``gain`` the model's gain over the naive median with its
    interval (``estimator.held_out`` and ``gains`` rows for all regions)."""
    level = study.ESTIMATE_LEVEL
    off = abs(every["coverage"] - level) * 100
    g = gain
    span = f"95% interval {signed(g['lo'])} to {signed(g['hi'])}; paired bootstrap over distinct profiles"
    if g["lo"] > 0 or g["hi"] < 0:
        verdict = (f"{'better' if g['lo'] > 0 else 'worse'}, by {abs(g['gain']):.1f} percentage points ({span})")
    else:
        verdict = f"not clearly better or worse: a gain of {signed(g['gain'])} percentage points ({span})"
    return bullets([
        f"**Coverage of the {level:.0%} range:** {every['coverage']:.1%} of the {study.TEST_YEAR} records fell inside the "
        f"model's calibrated range (95% interval {every['lo'] * 100:.1f}–{every['hi']:.1%}; {int(every['records']):,} records, "
        f"{int(every['profiles']):,} distinct profiles), {off:.1f} points from the nominal {level:.0%}. Its raw "
        f"10th–90th percentiles held {raw['coverage_80']:.1%}; the naive range held {b['coverage_80']:.1%}, but it is "
        f"wider (median width {b['median_range_width_pct']:.0f}% of its low end vs {m['median_range_width_pct']:.0f}%).",
        f"**Typical error of the median:** the model's median was off by {m['median_abs_pct_error']:.1f}% for the typical "
        f"record, the naive grade × region median by {b['median_abs_pct_error']:.1f}%: the model is {verdict}.",
    ])


def _gain_words(g: pd.Series) -> str:
    span = f"95% interval {signed(g['lo'])} to {signed(g['hi'])}"
    if g["lo"] > 0:
        return f"better than the naive median by {g['gain']:.1f} points ({span})"
    if g["hi"] < 0:
        return f"worse than the naive median by {-g['gain']:.1f} points ({span})"
    side = "worse" if g["gain"] < 0 else "better"
    return (f"no clearly better than the naive median: {side} by {abs(g['gain']):.1f} points, but the {span} "
            "includes no difference").replace("no clearly", "not clearly")


def region_scores(held: pd.DataFrame, gains: pd.DataFrame) -> Markdown:
    """Per region (``estimator.held_out`` and ``gains``): the calibrated range's coverage on every record,
    the answered records' coverage (or why it is not stated) and the median's gain over the naive answer."""
    lines = []
    for region in schema.REGIONS:
        every, answered, g = held.loc[("every record", region)], held.loc[("answered", region)], gains.loc[region]
        lines.append(f"**{REGION_NAMES[region][0].upper() + REGION_NAMES[region][1:]}:** the calibrated range held "
                     f"{coverage_phrase(every)}; the answered records' coverage: {coverage_phrase(answered)}. "
                     f"The model's median (off by {g['error_model']:.1f}% for the typical record) is {_gain_words(g)}.")
    return bullets(lines)


def statuses(answers: pd.DataFrame, place: str = "company_location") -> Markdown:
    """Which of ``answers`` (from ``estimate_many``) are thin or declined, each with its similar records."""
    def named(rows: pd.DataFrame) -> str:
        return listing([f"{country(r[place])} {r['grade']} (n = {int(r['n_similar']):,})" for _, r in rows.iterrows()])
    thin, gone = answers[answers["status"] == estimator.THIN], answers[answers["status"] == estimator.DECLINED]
    parts = []
    if len(thin):
        parts.append(f"Thin, range widened ×{study.ESTIMATE_WIDEN:.2f} and drawn hollow: {named(thin)}.")
    if len(gone):
        parts.append(f"Declined, no number (fewer than {study.ESTIMATE_MIN_N} similar records): {named(gone)}.")
    return say(*parts) if parts else say(f"Every answer here rests on {study.ESTIMATE_THIN_N} or more similar records.")


def predicted_ladder(answers: pd.DataFrame, reference: str = study.REFERENCE_COUNTRY) -> Markdown:
    """The predicted ladder in the reference country (first to last grade answered), then the other countries' statuses."""
    ref = answers[(answers["company_location"] == reference) & (answers["status"] != estimator.DECLINED)].set_index("grade")
    first, last = ref.index[0], ref.index[-1]
    where = ("the " if country(reference).startswith("United ") else "") + country(reference)
    head = (f"In {where} the predicted median rises from {ref.loc[first, 'median']:,.0f} ({first}) to "
            f"{ref.loc[last, 'median']:,.0f} {estimator.unit()} ({last}), ×{ref.loc[last, 'median'] / ref.loc[first, 'median']:.2f}.")
    return say(head, statuses(answers[answers["company_location"] != reference]))


def stability(rep: pd.DataFrame, grid: pd.DataFrame, n_refits: int) -> Markdown:
    """The least stable profile shown (``estimator.stability_report`` rows with grade and company_location) and the
    pattern over the grid (``estimator.stability_by_n``); ``n_refits`` counts every fit, the estimator's included."""
    worst = rep.loc[rep["records_move_pct"].abs().idxmax()]
    below, above = _split(grid, study.ESTIMATE_THIN_N)
    verdict = {estimator.DECLINED: "declined", estimator.THIN: "flagged thin", estimator.OK: "answered"}[worst["status"]]
    return bullets([
        f"**The least stable answer shown:** {country(worst['company_location'])} {worst['grade']} "
        f"(n = {int(worst['n_similar'])}): fitting on records instead of bins moves the model's median by "
        f"{worst['records_move_pct']:+.0f}%, and across the {n_refits} fits (the estimator's, on records, and "
        f"{n_refits - 2} on bootstrap resamples) it spans {worst['spread_pct']:.0f}% of its value. It is {verdict}.",
        f"**Over every profile of the explorer's grid:** under {study.ESTIMATE_THIN_N} similar records the typical answer "
        f"moves {_range(below['records_move_pct'], 1)} between fitting on records and on bins, from "
        f"{study.ESTIMATE_THIN_N} up {_range(above['records_move_pct'], 1)}; the refits' typical spread falls from "
        f"{grid['spread_pct'].iloc[0]:.0f}% (no similar record) to {grid['spread_pct'].iloc[-1]:.0f}% "
        f"({grid['similar_records'].iloc[-1]} similar records).",
    ])


def scores(model: estimator.SalaryModel, table: pd.DataFrame, held: pd.DataFrame, gains: pd.DataFrame) -> Markdown:
    """The held-out test's sizes and scores (:func:`helpers.presentation.wording.held_out` and
    :func:`~helpers.presentation.wording.estimator_scores`): ``table`` is ``estimator.evaluate``'s (calibrated model,
    naive, model before calibration), ``held`` and ``gains`` ``estimator.held_out``'s and ``estimator.gains``'s."""
    m, b, raw = table.iloc[0], table.iloc[1], table.iloc[2]
    return say(held_out(model, int(m["n_test"])),
               estimator_scores(m, b, raw, held.loc[("every record", "all")], gains.loc["all"]))


# ---------------------------------------------------------------- 02 and 10: the sources compared

_BY_NAME = {s.name: s for s in sources.SOURCES}


def _of(name: str) -> str:
    """The possessive of a source's name: "aijobs'", "Stack Overflow's"."""
    return name + ("'" if name.endswith("s") else "'s")


def _others() -> list[sources.Source]:
    """The registered sources besides the collection's own survey: its second opinions."""
    return [s for s in sources.SOURCES if s is not sources.OWN]


def _sizes(t: pd.DataFrame, a: str = "n_a", b: str = "n_b") -> list[int]:
    """Both sides' record counts of every row of ``t``: what a title concluding from those rows rests on."""
    return [int(n) for n in (*t[a], *t[b])]


def _counted(table: pd.DataFrame, measure: str = sources.ALL_GRADES) -> pd.DataFrame:
    """The results of ``measure`` a range counts: 30+ records on both sides, a ratio."""
    return table[(table["measure"] == measure) & ~table["small_sample"].astype(bool) & table["ratio"].notna()]


def with_ci(row: pd.Series, digits: int = 1, n: tuple[str, str] = ("n_a", "n_b")) -> str:
    """``"×1.7 [1.5–1.9]"``: a ratio with its 95% interval in brackets (the interval left out, with a dash, for a
    group under five records)."""
    ci = ci_text(row["lo"], row["hi"], *(row[c] for c in n), digits=digits)
    return f"×{row['ratio']:.{digits}f} [{ci}]"


def pool(row: pd.Series) -> str:
    """Where a result of :func:`sensitivity.ratio_table` comes from: the source, what its region and pay mean, and
    the analyst's choice when it is not the published baseline ("Stack Overflow 2024, residence, total
    compensation, UK out")."""
    s = _BY_NAME.get(str(row["source"]))
    base = s.pool if s is not None else str(row["source"])
    variant = str(row.get("variant", sensitivity.BASELINE))
    if variant == sensitivity.BASELINE:
        return base
    return f"{base}, {variant if variant[:2].isupper() else variant[:1].lower() + variant[1:]}"


def range_text(table: pd.DataFrame, measure: str = sources.ALL_GRADES, digits: int = 1) -> str:
    """The range of ``measure`` across sources and choices as its two ends, each with its interval and pool:
    "from ×1.7 [1.5–1.9] (aijobs.net, company location, salary) to ×2.4 [2.2–2.7] (Stack Overflow 2024, residence,
    total compensation, UK out)". Only results with enough records on both sides count."""
    low, high = sensitivity.range_ends(table, measure)
    if low.name == high.name:
        return f"{with_ci(low, digits)} ({pool(low)})"
    return ends_text(low, high, digits)


def ends_text(low: pd.Series, high: pd.Series, digits: int = 1, pools: bool = True) -> str:
    """Two results of :func:`sensitivity.ratio_table` as a range's ends, each with its interval (and its pool):
    "from ×1.7 [1.5–1.9] (aijobs.net, ...) to ×2.4 [2.2–2.7] (Stack Overflow 2024, ...)"."""
    if not pools:
        return f"{with_ci(low, digits)} to {with_ci(high, digits)}"
    return f"from {with_ci(low, digits)} ({pool(low)}) to {with_ci(high, digits)} ({pool(high)})"


def interval_span(table: pd.DataFrame, measure: str = sources.ALL_GRADES) -> tuple[float, float]:
    """How far the two ends' 95% intervals reach together: (lower bound of the low end, upper bound of the high end)."""
    low, high = sensitivity.range_ends(table, measure)
    return float(min(low["lo"], high["lo"])), float(max(low["hi"], high["hi"]))


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


def source_steps(steps: pd.DataFrame) -> Markdown:
    """One bullet per source, region and grade step: the multiplier with its interval."""
    return bullets(f"{r['source']}, {r['region']}, " + step_sentence(r) for _, r in steps.iterrows())


def official_us(bls: pd.DataFrame) -> Markdown:
    """The BLS occupations' medians and means, and the span of their medians."""
    lines = [f"{r['occupation']}, {r['period']}: median ${r['median_annual_wage']:,.0f}, mean ${r['mean_annual_wage']:,.0f} "
             f"({r['employment']:,.0f} jobs)" for _, r in bls.iterrows()]
    lo, hi = bls["median_annual_wage"].min(), bls["median_annual_wage"].max()
    return say(bullets(lines), f"The official US medians span **${lo:,.0f}–${hi:,.0f}** a year.")


def official_europe(eu: pd.DataFrame) -> Markdown:
    """The European official figures, each in its own unit."""
    lines = [f"{country(r['geo'])}, {r['occupation']} ({r['publisher']}, {r['period']}): {r['measure'].replace('_', ' ')} "
             f"{r['value']:,.0f} {r['unit']}. *{r['note']}*" for _, r in eu.iterrows()]
    return bullets(lines)


def agreement(countries: pd.DataFrame, mix: dict) -> Markdown:
    """Where each second opinion agrees with the collection's own survey (the UK) and disagrees (Germany), and what
    the own survey's European pool is made of (``mix``: :func:`sources.europe_mix`)."""
    own, lines = sources.OWN, []
    for c in countries["country"].unique():
        t = countries[countries["country"] == c].set_index("source")
        a = t.loc[own.name]
        for o in _others():
            s = t.loc[o.name]
            ratio = s["value"] / a["value"]
            thin = a["small_sample"] or s["small_sample"]
            small = f" (fewer than {study.SMALL_SAMPLE_N} records on one side: indicative)" if thin else ""
            lines.append(f"{country(c)}: {own.called} ${a['value']:,.0f} (n = {a['n']:,}) vs {o.called} ${s['value']:,.0f} "
                         f"(n = {s['n']:,}): {_of(o.called)} median is ×{ratio:.2f} {_of(own.called)}{small}.")
    only = "; ".join(f"{o.called} has {o.region_by.removeprefix('country of ')} only" for o in _others())
    lines += [f"{mix['uk_share']:.0%} of {_of(own.called)} {mix['n']:,} European ML-engineering records are at UK companies and "
              f"{mix['usd_share']:.0%} are paid in US dollars: its 'Europe' leans on the UK (median ${mix['uk_median']:,.0f}, "
              f"n = {mix['uk_n']:,}, against ${mix['rest_median']:,.0f}, n = {mix['rest_n']:,}, in the rest of Europe) and "
              "on dollar contracts.",
              f"Residence vs company location matters little inside {own.called}: {mix['other_country_share']:.1%} of its "
              "European records live in another country than the company's (and "
              f"{mix['resident_elsewhere_share']:.1%} outside Europe); {only}."]
    return bullets(lines)


def bands(t: pd.DataFrame) -> Markdown:
    """The US / Europe ratio per band of years of professional coding (:func:`sources.years_bands`)."""
    return bullets(comparison_sentence(r, f"{r['years_code_pro_band']} years of professional coding")
                   for _, r in t.iterrows())


def surviving(table: pd.DataFrame) -> Markdown:
    """The headline range that survives every source and choice (its two ends, each with its interval and pool), and
    the Junior→Senior step's."""
    base = table[(table["variant"] == sensitivity.VARIANTS[0].name) & (table["measure"] == sources.ALL_GRADES)]
    step = table[(table["measure"] == sensitivity.STEP) & ~table["small_sample"].astype(bool)]
    per = ", ".join(f"{r['source']} {with_ci(r, 2)}" for _, r in base.iterrows())
    which = listing(step["source"].unique())
    span = interval_span(table)
    ranges = sensitivity.ranges(table)
    return say(f"**US ML pay over Europe's, all grades pooled, runs {range_text(table)}, depending on source and "
               f"definition.** These are two point estimates from different pools, not one interval: their 95% "
               f"intervals together reach from {span[0]:.2f} to {span[1]:.2f}. As published: {per}; only results with "
               f"at least {study.SMALL_SAMPLE_N} records on both sides count.",
               f"The US Junior→Senior step moves little under the choices with enough records: it runs "
               f"{range_text(table, sensitivity.STEP, 2)} (measured in {which} only: the others have fewer than {study.SMALL_SAMPLE_N} "
               f"US Juniors; {study.years_label()} for {sources.OWN.called}).",
               "By grade, the lowest and highest ratio across every source and choice with enough records, each with "
               "its 95% interval:",
               bullets(f"{r['measure']}: {range_text(table, r['measure'], 2)} ({r['results']} results)"
                       for _, r in ranges.iterrows() if r["measure"] in GRADES))


GRADES = tuple(schema.GRADES)


#: Caption source line of the figures that compare sources: each source's credit line, licence and what its n counts.
CAPTION = "Sources: " + "; ".join(s.caption for s in sources.SOURCES)


def gap_title(ratio: pd.DataFrame) -> Title:
    """The finding of the per-source gap figure, which draws a row per grade and one for all grades: the all-grades
    ratio per source, each with its interval; the grades under 30 records on a side are named as thin."""
    t = ratio[(ratio["grade"] == sources.ALL_GRADES) & ~ratio["small_sample"].astype(bool)]
    parts = " vs ".join(f"{with_ci(r)} ({r['source']})" for _, r in t.iterrows())
    thin = ratio[ratio["small_sample"].astype(bool) & ratio["ratio"].notna()]
    tail = "; thin: " + ", ".join(f"{r['source']} {r['grade']} (n = {int(min(r['n_a'], r['n_b'])):,})"
                                  for _, r in thin.iterrows()) if len(thin) else ""
    return Title(f"US ML pay over Europe's, all grades: {parts}; each grade in its own row{tail}", rests_on=_sizes(t))


def source_steps_title(steps: pd.DataFrame) -> Title:
    """The finding of the per-source ladder figure: the range of the clear steps."""
    t = steps[~steps["small_sample"].astype(bool)]
    verdict = "is a clear rise" if (t["lo"] > 1).all() else "rises at the median"
    low, high = t.loc[t["ratio"].idxmin()], t.loc[t["ratio"].idxmax()]

    def end(r: pd.Series) -> str:
        return f"×{r['ratio']:.2f} [{ci_text(r['lo'], r['hi'], r['n_from'], r['n_to'])}] ({r['source']}, {r['region']}, {r['step']})"

    return Title(f"Every grade step with {study.SMALL_SAMPLE_N}+ records at both grades {verdict} in both sources, from {end(low)} to "
                 f"{end(high)}", rests_on=_sizes(t, "n_from", "n_to"))


def sensitivity_title(table: pd.DataFrame) -> Title:
    """The finding of the sensitivity figure: the two ends of the range that survives, each with its interval and pool."""
    return Title(f"US ML pay over Europe's, all grades, by source and definition: {range_text(table)}",
                 rests_on=_sizes(_counted(table)))


def by_grade(gap: pd.DataFrame, digits: int = 1) -> str:
    """``"×1.8 [1.6–2.3] at Middle, ×1.6 [1.4–1.7] at Senior"``: each grade with enough records on both sides."""
    solid = gap[~gap["small_sample"].astype(bool) & gap["ratio"].notna()]
    return ", ".join(f"{with_ci(r, digits)} at {r['grade']}" for _, r in solid.iterrows())


def by_grade_title(prefix: str, gap: pd.DataFrame, suffix: str = "") -> Title:
    """A figure title giving each grade's ratio with its interval (:func:`by_grade`), resting on those grades."""
    solid = gap[~gap["small_sample"].astype(bool) & gap["ratio"].notna()]
    return Title(f"{prefix}{by_grade(gap)}{suffix}", rests_on=_sizes(solid))


def gap_headline(gap: pd.DataFrame, rng: findings.GapRange) -> Title:
    """Notebook 02's key finding: the collection's own survey's ratio by grade (grades with enough records, each with
    its interval), then the two ends of the all-grades range across every source and analyst's choice."""
    solid = gap[~gap["small_sample"].astype(bool) & gap["ratio"].notna()]
    return Title(f"US ML engineers' median pay over Europe's: {by_grade(gap)} ({sources.OWN.name}); all grades, by source and "
                 f"definition: {range_text(rng.table)}", rests_on=_sizes(solid) + _sizes(_counted(rng.table)))


def country_title(vs_us: pd.DataFrame) -> Title:
    """The country figure's finding: the country×grade cells with enough records on both sides, each with its ratio
    and interval, out of all the cells with European records (no claim about the thin ones)."""
    cells = vs_us[vs_us["n_b"] > 0]
    solid = cells[~cells["small_sample"].astype(bool)]
    if solid.empty:  # the words rest on the countries shown, each with 30+ records in all
        return Title(f"No country×grade shown has {study.SMALL_SAMPLE_N}+ records: every cell is thin (hollow, n beside it), none is "
                     "read", rests_on=vs_us.groupby("country")["n_b"].sum())
    shown = ", ".join(f"{country(r['country'])} {r['grade']} ×{r['ratio']:.1f} [{ci_text(r['lo'], r['hi'], r['n_a'], r['n_b'], digits=1)}]"
                      for _, r in solid.iterrows())
    return Title(f"US median over the country's, in the {len(solid)} of the {len(cells)} country×grade cells shown "
                 f"that have {study.SMALL_SAMPLE_N}+ records: {shown}; the other cells are thin (hollow, n beside them)",
                 rests_on=[*solid["n_a"], *solid["n_b"]])


def gap_range(rng: findings.GapRange) -> Markdown:
    """The all-grades US / Europe ratio across sources and choices: the two ends with their intervals and pools, and
    each source as published."""
    span = interval_span(rng.table)
    return say(f"**Across sources and definitions, US ML pay over Europe's (all grades pooled) runs {range_text(rng.table)}**"
               f" ({rng.results} results with at least {study.SMALL_SAMPLE_N} records on both sides). The two ends are point estimates "
               f"from different pools, not one interval; their 95% intervals together reach from {span[0]:.2f} to "
               f"{span[1]:.2f}.",
               bullets(comparison_sentence(r, f"{r['source']}, as published") for _, r in rng.baseline.iterrows()))


def ppp_range(ppp: pd.DataFrame, nominal: pd.DataFrame) -> Markdown:
    """The US / Europe ratio in PPP dollars under each source and choice (``ppp``: :func:`sensitivity.ratio_table`
    with ``value_col=sensitivity.PPP``), beside the nominal one (``nominal``: the same without)."""
    base = ppp[(ppp["variant"] == sensitivity.VARIANTS[0].name) & (ppp["measure"] == sources.ALL_GRADES)]
    usd = sensitivity.USD_OUT
    usd_sources = [s.name for s in sources.SOURCES if usd in s.choices]
    usd_rows = ppp[(ppp["variant"].isin([sensitivity.BASELINE, usd]))
                   & ppp["source"].isin(usd_sources)
                   & ppp["measure"].isin(GRADES) & ~ppp["small_sample"]]
    lines = []
    for g, t in usd_rows.groupby("measure", sort=False):
        if t["variant"].nunique() == 2:
            a, b = (t[t["variant"] == v].iloc[0] for v in (sensitivity.BASELINE, usd))
            lines.append(f"{g}: {with_ci(a, 2)} as published (n = {a['n_a']:,} vs {a['n_b']:,}), {with_ci(b, 2)} without "
                         f"the USD-paid European records (n = {b['n_a']:,} vs {b['n_b']:,})")
    return say(f"**In PPP dollars, US ML pay over Europe's (all grades pooled) runs {range_text(ppp)}**, against "
               f"{range_text(nominal).removeprefix('from ')} in nominal dollars (results with at least {study.SMALL_SAMPLE_N} records on "
               "both sides). As published: " + "; ".join(f"{r['source']} {with_ci(r, 2)} (n = {r['n_a']:,} vs {r['n_b']:,})"
                                          for _, r in base.iterrows()) + ".",
               f"{listing(usd_sources)} by grade, with and without the European records paid in US dollars (each with "
               "its 95% interval):", bullets(lines))


def answer_us_vs_europe(bins: pd.DataFrame | None = None) -> Markdown:
    """Notebook 02's Answer box: median pay by grade in each region with n, the ratio with its interval, and how much
    rests on the source (nominal and PPP). ``bins``: the own survey's curated salary bins (default: loaded); the range is
    :func:`findings.us_europe_range`'s, the PPP one :func:`sensitivity.ratio_table`'s in PPP dollars."""
    gap = findings.us_europe_gap(data.salary_bins() if bins is None else bins)
    rng, ppp = findings.us_europe_range(), sensitivity.ratio_table(value_col=sensitivity.PPP)
    pay = "; ".join(
        f"{r['grade']} ${r['value_a']:,.0f} (n = {r['n_a']:,}) vs "
        + ("no European records" if r["n_b"] == 0 else f"${r['value_b']:,.0f} (n = {r['n_b']:,}"
           + (", too few to conclude)" if r["n_b"] < study.SMALL_SAMPLE_N else ")"))
        for _, r in gap.iterrows() if r["n_a"] > 0)
    nominal = rng.table
    return answer([
        f"Median pay of ML engineers at US vs European companies ({sources.OWN.name}, {study.years_label()}, USD a year): {pay}.",
        f"The US median over Europe's: {by_grade(gap, 2)} (95% intervals in brackets; the grades with {study.SMALL_SAMPLE_N}+ records "
        "on both sides).",
        f"All grades pooled, it depends on the source and the analyst's choices: {range_text(nominal)}; in PPP dollars "
        f"{range_text(ppp)}.",
    ])


def _what_moves(table: pd.DataFrame) -> str:
    within, between = sensitivity.spread(table)
    which = "the source moves it more than" if between > within else "the source moves it no more than"
    return (f"{which[0].upper()}{which[1:]} any one choice does (the published baselines are {between:.2f} apart; "
            f"a choice moves one source's ratio by at most {within:.2f}).")


def answer_second_opinion() -> Markdown:
    """Notebook 10's Answer box: each source's all-grades ratio with its interval and n, the two ends across every
    choice, and where the sources part (:func:`sources.us_europe_ratio`, :func:`sensitivity.ratio_table`)."""
    gap, table = sources.us_europe_ratio(), sensitivity.ratio_table()
    pooled = gap[gap["grade"] == sources.ALL_GRADES]
    per = "; ".join(f"{_BY_NAME[r['source']].pool}: {with_ci(r, 2)} (n = {r['n_a']:,} US vs {r['n_b']:,} Europe)"
                    for _, r in pooled.iterrows())
    each = [(sources.OWN.name, _row(gap, source=sources.OWN.name, grade=sources.ALL_GRADES)),
            *((o.called, _row(gap, source=o.name, grade=sources.ALL_GRADES)) for o in _others())]
    europe = " vs ".join(f"${r['value_b']:,.0f} in {name}" for name, r in each)
    us = " vs ".join(f"${r['value_a']:,.0f}" for _, r in each)
    return answer([
        f"The US/Europe ratio of median ML pay, all grades, per source: {per}.",
        f"Under every analyst's choice it runs {range_text(table)}. " + _what_moves(table),
        f"The sources part over Europe, not the US: the European median is {europe}, the US one {us}.",
    ])


# ---------------------------------------------------------------- 10 a second opinion

def source_medians(gap: pd.DataFrame) -> Markdown:
    """Where the sources part: each source's all-grades US and European medians, and whether the source with the
    widest US/Europe gap owes it to a lower European median or a higher US one (``gap``:
    :func:`helpers.analysis.sources.us_europe_ratio`'s table)."""
    t = gap[gap["grade"] == sources.ALL_GRADES]
    per = "; ".join(f"{r['source']}: US ${r['value_a']:,.0f}, Europe ${r['value_b']:,.0f}" for _, r in t.iterrows())
    text = f"All grades pooled, each source's medians (USD a year): {per}."
    if len(t) < 2:
        return say(text)
    wide, narrow = t.loc[t["ratio"].idxmax()], t.loc[t["ratio"].idxmin()]
    us = "below" if wide["value_a"] < narrow["value_a"] else "above"
    eu = "lower" if wide["value_b"] < narrow["value_b"] else "higher"
    return say(f"{text} {wide['source']}'s US median is {us} {narrow['source']}'s; its wider gap comes from a {eu} "
               "European median.")


# ---------------------------------------------------------------- the notebook template (notebooks/TEMPLATE.ipynb)

def _sides(table: pd.DataFrame) -> tuple[str, str]:
    """The two compared groups of a ``compare_table`` as the codebook names them ("remote", "on-site")."""
    split = str(table.attrs.get("split", ""))
    return label(table.attrs.get("a"), split), label(table.attrs.get("b"), split)


def _ratio_verdict(r: object, a: str, b: str) -> str:
    """'Senior: about the same, ×1.01 (95% CI 0.95–1.06; n = 391 remote vs 1,119 on-site)' for a row with n ≥ 30."""
    verdict = f"{a} higher" if r.lo > 1 else f"{a} lower" if r.hi < 1 else "about the same (the interval includes ×1)"
    return (f"{r.grade}: **{verdict}**, ×{r.ratio:.2f} (95% CI {r.lo:.2f}–{r.hi:.2f}; "
            f"n = {r.n_a:,} {a} vs {r.n_b:,} {b})")


def _thin_grades(table: pd.DataFrame, a: str, b: str) -> str:
    """'Junior (n = 14 remote vs 122 on-site) and Executive (...)': the grades under 30 records on a side."""
    return listing(f"{r.grade} (n = {r.n_a:,} {a} vs {r.n_b:,} {b})" for r in table[table["small_sample"]].itertuples())


def answer_remote_by_grade(gap: pd.DataFrame) -> Markdown:
    """The template's Answer box: fully remote vs on-site median pay of US ML engineers, grade by grade (``gap``:
    :func:`helpers.analysis.findings.remote_vs_on_site`); grades under 30 records on a side named, not concluded from."""
    a, b = _sides(gap)
    solid = gap[~gap["small_sample"]]
    lines = [f"US ML engineers, {study.years_label(study.POOLED_YEARS)}, median pay of fully {a} over {b} jobs: "
             + "; ".join(_ratio_verdict(r, a, b) for r in solid.itertuples()) + "."]
    if gap["small_sample"].any():
        lines.append(f"Too few records to say anything at {_thin_grades(gap, a, b)}: fewer than {study.SMALL_SAMPLE_N} on a side, "
                     "shown but not concluded from.")
    return answer(lines)


def remote_by_grade_title(gap: pd.DataFrame) -> Title:
    """The template figure's finding: at which of the grades with 30+ records on both sides the fully remote median is
    clearly below, clearly above or about the same as the on-site one; thinner grades named as thin."""
    a, b = _sides(gap)
    solid = gap[~gap["small_sample"]]
    lower, higher = solid.loc[solid["hi"] < 1, "grade"], solid.loc[solid["lo"] > 1, "grade"]
    same = solid.loc[(solid["lo"] <= 1) & (solid["hi"] >= 1), "grade"]
    parts = [f"{w} at {listing(g.astype(str))}" for w, g in (("lower", lower), ("higher", higher),
                                                                 ("about the same", same)) if len(g)]
    tail = thin((str(r.grade), int(min(r.n_a, r.n_b))) for r in gap[gap["small_sample"]].itertuples())
    return Title(f"Fully {a} US ML engineers' median vs {b}: " + ", ".join(parts) + tail,
                 rests_on=[*solid["n_a"], *solid["n_b"]])
