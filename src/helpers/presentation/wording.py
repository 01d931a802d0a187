"""Wording: the sentences prose cells print, one small phrasing function each, by notebook.

Analysis functions return numbers; this module says them. A prose cell is one short call (``wording.pooled_years(counts)``)
returning Markdown built from the tables the notebook computed; an Answer box is :func:`answer` of one to three computed
bullets; a figure title is a :class:`~helpers.presentation.theme.Title` (the finding and the sizes of the groups it rests
on). Text that never changes is in the notebooks' markdown cells, not here. The small-sample rule
(``study.SMALL_SAMPLE_N``) is stated where it applies: a title or Answer concludes only from groups with at least that
many records and names thinner ones as thin. Countries and role families are named, never coded. Display tables are
:mod:`helpers.presentation.table_format`'s job; the sources' and the fact check's sentences are
:mod:`helpers.presentation.wording_sources`' and :mod:`helpers.presentation.wording_factcheck`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import Markdown

from helpers import paths, schema, study
from helpers.analysis import estimator, findings, money, prices, sensitivity, sources, stats, warehouse
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
    """The caveats every later notebook carries that rest on numbers, with those numbers (the others are the notebook's
    markdown)."""
    f, lead = facts, grades.set_index("grade").loc["Executive", "caveat"]
    return bullets([
        f"**US-heavy.** {f['us_share']:.0%} of records are from US companies and {f['europe_share']:.1%} from European "
        "ones: any 'global' figure is really a US figure.",
        f"**Europe is thin.** ML engineering has {f['ml_europe']:,} European records in all: {f['ml_europe_junior']} Junior, "
        f"{f['ml_europe_middle']} Middle, {f['ml_europe_senior']} Senior, {f['ml_europe_executive']} Executive. Comparisons with "
        "Europe use wider role families or pooled years where needed.",
        f"**One year dominates.** {f['year_max_share']:.0%} of records are from {f['year_max_records']}; {f['last_year']} "
        f"has only {f['last_year_records']:,} (the snapshot was taken early that year).",
        f"**'Executive' is the survey's executive/director level; the article's Team Lead has no direct counterpart.** {lead}",
        f"**Company size is mostly 'M'.** {f['medium_company_share']:.0%} of records say 50-250 employees, so size "
        "comparisons rest on few S and L answers.",
        f"**Clipped.** Nobody earns less than about {f['min_salary_usd']:,.0f} USD: the publisher appears to clip low "
        "salaries.",
    ])


def coverage_title(grade_region: pd.DataFrame) -> Title:
    """The coverage heatmap's finding: the ML-engineering records in Europe and the US (a ``coverage.counts`` table by
    grade and region, with its ``Total`` row)."""
    eu, us = (int(grade_region.loc["Total", r]) for r in ("Europe", "United States"))
    return Title(f"ML engineering: {eu:,} European records vs {us:,} in the US", rests_on=(eu, us))


# ---------------------------------------------------------------- 02 US vs Europe (and wording_sources)

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
               f"Only {len(solid)} country×grade cells reach {study.SMALL_SAMPLE_N} records: {cells}. Everything else per country is "
               "indicative only.")


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


def wide_steps(steps_wide: pd.DataFrame) -> Markdown:
    """The wider family's steps per region, and where Europe's step is clearly steeper than the US one."""
    solid = steps_wide[~steps_wide["small_sample"]].set_index(["step", "region"])
    us, eu = study.COMPARED_REGIONS
    both = [s for s in steps_wide["step"].cat.categories if (s, us) in solid.index and (s, eu) in solid.index]
    steeper = [s for s in both if solid.loc[(s, eu), "lo"] > solid.loc[(s, us), "hi"]]
    return say(steps(steps_wide, prefix="region"),
               f"Steps measurable in both regions: {listing(both)}. "
               + (f"Europe's step is steeper, with non-overlapping intervals, at: {listing(steeper)}. A steeper European "
                  "ladder starting from a much lower Junior median is consistent with the narrowing US/Europe ratio by "
                  "grade in notebook 02." if steeper else "No step differs clearly between the regions."))


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
               "among many other employers — while China is effectively absent from the survey.")


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
    small = ((str(r.remote_ratio), int(r.n)) for r in remote[remote["n"] < study.SMALL_SAMPLE_N].itertuples())
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

    unclear = [str(r.grade) for r in de.itertuples() if r.lo <= 1]
    return say(f"Median ML engineer / median data engineer, by grade (95% bootstrap CI): {ratios(de)}. Where the interval "
               f"includes ×1 ({listing(unclear)}) the data cannot tell the two apart.",
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


# ---------------------------------------------------------------- 06 fact check: helpers.presentation.wording_factcheck


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
        f"({grid['similar_records'].iloc[-1]} similar records). The spread does not single out a floor; the held-out "
        "error above does.",
    ])


def scores(model: estimator.SalaryModel, table: pd.DataFrame, held: pd.DataFrame, gains: pd.DataFrame) -> Markdown:
    """The held-out test's sizes and scores (:func:`helpers.presentation.wording.held_out` and
    :func:`~helpers.presentation.wording.estimator_scores`): ``table`` is ``estimator.evaluate``'s (calibrated model,
    naive, model before calibration), ``held`` and ``gains`` ``estimator.held_out``'s and ``estimator.gains``'s."""
    m, b, raw = table.iloc[0], table.iloc[1], table.iloc[2]
    return say(held_out(model, int(m["n_test"])),
               estimator_scores(m, b, raw, held.loc[("every record", "all")], gains.loc["all"]))


# ---------------------------------------------------------------- 10 a second opinion (and wording_sources)

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
