"""Wording for notebooks 02 and 10: the sentences that compare salary sources, official figures and the analyst's choices.

Each function takes the tables :mod:`helpers.analysis.sources` and :mod:`helpers.analysis.sensitivity` computed
and returns Markdown; every number is printed from those tables. A range across sources or choices is never printed
as one interval: it is its two ends, each a point estimate with its own 95% interval and the pool it comes from
(:func:`range_text`). The collection-wide conventions (small-sample rule, interval format) are
:mod:`helpers.presentation.wording`'s.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers import data, schema, study
from helpers.analysis import findings, sensitivity, sources
from helpers.presentation.theme import Title
from helpers.presentation.wording import (
    answer,
    bullets,
    ci_text,
    comparison_sentence,
    country,
    listing,
    say,
    step_sentence,
)

_BY_NAME = {s.name: s for s in sources.SOURCES}


def _of(name: str) -> str:
    """The possessive of a source's name: "aijobs'", "Stack Overflow's"."""
    return name + ("'" if name.endswith("s") else "'s")


def _others() -> list[sources.Source]:
    """The registered sources besides the collection's own survey: its second opinions."""
    return [s for s in sources.SOURCES if s is not sources.OWN]


def _restated(s: sources.Source) -> str:
    """Whose country a source's pay is restated by: "their country of residence", "the company's country"."""
    return "the company's country" if s.region_by == "company location" else f"their {s.region_by}"


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
              f"{mix['usd_share']:.0%} are paid in US dollars: its 'Europe' leans on the best-paid country and on "
              "dollar contracts.",
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


def steps_title(steps: pd.DataFrame) -> Title:
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
               bullets(comparison_sentence(r, f"{r['source']}, as published") for _, r in rng.baseline.iterrows()),
               "Why the sources differ (the UK share, USD-paid records, residence against company location, total "
               "compensation against salary) is in [notebook 10 · A second opinion](10_second_opinion.ipynb).")


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
               "its 95% interval):", bullets(lines),
               "Records in a country or year without an exchange rate, PPP factor or average wage are left out (n above "
               "counts those kept); " + "".join(f"{_of(o.called)} records are restated by {_restated(o)}, " for o in _others())
               + f"{_of(sources.OWN.name)} by {_restated(sources.OWN)}.")


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
