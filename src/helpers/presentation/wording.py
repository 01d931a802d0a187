"""Wording: numbers and sentences for prose, one convention for the whole collection.

Analysis functions return numbers; this module says them. Every sentence a notebook prints is built here from the
tables the notebook computed, so a prose cell is one short call (``wording.pooled_years(counts)``) returning
Markdown. The small-sample rule (``study.SMALL_SAMPLE_N``) is stated where it applies; countries and role families
are named, never coded. Display tables are :mod:`helpers.presentation.table_format`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
from IPython.display import Markdown

from helpers import schema, study
from helpers.analysis import money
from helpers.presentation.table_format import (  # noqa: F401 (re-exported)
    TOO_FEW,
    ci_text,
    country,
    fmt_number,
    format_comparison,
    interval_shown,
    label,
)

#: A dollar sign in Markdown prose that every renderer shows as "$": the backslash keeps JupyterLab's Markdown renderer
#: from reading it as a maths delimiter, and the element keeps MathJax from pairing it with the next one (so
#: "$130,060 vs $53,333" is not typeset as maths). nbconvert, GitHub and any CommonMark renderer show a plain "$".
DOLLAR = r"<span>\$</span>"
_CODE_OR_DOLLAR = re.compile(r"(```.*?```|`[^`\n]*`)|<span>\\\$</span>|\\?\$", re.S)


def literal_dollars(text: str) -> str:
    """Markdown ``text`` with each "$" outside code (fenced blocks and inline code stay as they are) written as
    :data:`DOLLAR`; applying it twice changes nothing."""
    return _CODE_OR_DOLLAR.sub(lambda m: m.group(1) or DOLLAR, text)


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


# ---------------------------------------------------------------- 01 the dataset tour

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
    """The caveats every later notebook carries, with the numbers behind them."""
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
        f"**Clipped and gross.** Nobody earns less than about {f['min_salary_usd']:,.0f} USD: the publisher appears to clip "
        "low salaries. Figures are gross annual pay converted to USD by the publisher; bonuses and equity are not separated.",
        "**Self-reported, not a random sample.** Who answers a salary survey is not who works in the field; titles are free "
        "text mapped to families by hand (`role_families.csv`).",
    ])


# ---------------------------------------------------------------- 02 US vs Europe

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
    """The multiples of the average wage, US vs Europe, and the average wages they rest on."""
    year, codes = study.LATEST_FULL_YEAR, [study.REFERENCE_COUNTRY, *countries]
    avg = ", ".join(f"{country(c)} {money.average_wage(c, year, wages):,.0f}" for c in codes
                    if money.average_wage(c, year, wages) is not None)
    return say("Multiples of the national average wage (a value of 2 means twice the average wage of the employer's "
               "country):", comparisons(gap_wage), f"OECD average annual wages, {year} (USD PPP, constant 2025 prices): {avg}.")


# ---------------------------------------------------------------- 03 grade progression

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
               + (f"Europe's step is steeper, with non-overlapping intervals, at: {listing(steeper)}. " if steeper
                  else "No step differs clearly between the regions. ")
               + "A steeper European ladder starting from a much lower Junior median is consistent with the narrowing "
                 "US/Europe ratio by grade in notebook 02.")


# ---------------------------------------------------------------- 04 companies

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
    """Medians by company size with their intervals, the medium/large ratio, and what the data cannot tell."""
    return say("Medians (95% bootstrap CI): " + "; ".join(f"{r.company_size}: {r.value:,.0f} ({r.lo:,.0f}–{r.hi:,.0f}), "
                                                          f"n = {r.n:,}"
                                                          + (" (thin: shown, not read)" if r.n < study.SMALL_SAMPLE_N else "")
                                                          for r in size.itertuples())
               + f". Medium / large: {_ci(m_vs_l)}. The data cannot tell whether so many 'medium' labels reflect where "
               "ML engineers work or how records were collected and coded; either way, the big employers the article names "
               "have far more than 250 employees, and the small S and L groups mix work years and grades differently from "
               "M, so the sizes are not ranked: the medians are descriptive only.")


def remote_medians(all_grades: object, senior: object, n_hybrid: int) -> Markdown:
    """On-site / remote median ratios, all grades and Senior only, and the size of the hybrid group."""
    return say(f"On-site / remote median, all grades: {_ci(all_grades)}; Senior only: {_ci(senior)}. Hybrid jobs: "
               f"n = {n_hybrid}" + (", too few to say anything." if n_hybrid < study.SMALL_SAMPLE_N else "."))


# ---------------------------------------------------------------- 05 skills

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


# ---------------------------------------------------------------- 06 fact check: helpers.presentation.wording_factcheck


# ---------------------------------------------------------------- 07 SQL warehouse

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


# ---------------------------------------------------------------- 08 salary estimator

def held_out(model: object, n_test: int) -> Markdown:
    """The estimator's training and test years and sizes."""
    return say(f"Training: work years {model.train_years[0]}–{model.train_years[1]}, n = {model.n_train:,} distinct records. "
               f"Test: work year {study.TEST_YEAR}, n = {n_test:,} records.")


def signed(value: float, digits: int = 1) -> str:
    """``+1.8`` or ``−1.1`` (a true minus sign, as the tables print it)."""
    return f"{value:+.{digits}f}".replace("-", "−")


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
        f"A typical miss of {m['median_abs_pct_error']:.0f}% says more about the survey than the model: people with the same "
        "grade, role and country report very different pay.",
    ])
