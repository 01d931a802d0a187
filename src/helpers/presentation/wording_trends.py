"""Wording for notebook 03's headline and its trends over work years, in constant prices with nominal beside them.

Each function takes tables the notebook computed (:mod:`helpers.analysis.sensitivity` for the headline's range,
:func:`helpers.analysis.prices.to_constant` / :func:`~helpers.analysis.prices.real_comparison` for the trends) and
returns a :class:`~helpers.presentation.theme.Title` (the finding and the sizes of the groups it rests on) or Markdown;
every number is printed from those tables and from the curated price indices. The collection-wide conventions
(small-sample rule, interval format) are :mod:`helpers.presentation.wording`'s.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers import study
from helpers.analysis import prices, sensitivity
from helpers.presentation.theme import Title
from helpers.presentation.wording import bullets, listing, say
from helpers.presentation.wording_sources import range_text
from helpers.presentation.wording_titles import thin


def _k(x: float) -> str:
    return f"{x / 1000:,.0f}k"


def step_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The Junior→Senior (US) rows of a :func:`sensitivity.ratio_table`, one per source and variant."""
    return table[table["measure"] == sensitivity.STEP].reset_index(drop=True)


def _measured(table: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    rows = step_rows(table)
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
    """Why the headline's range is what it is: which sources and choices measure the US Junior→Senior step, each
    result with its interval and n, and the sources that cannot measure it and why."""
    ok, missing = _measured(table)
    rows = step_rows(table)
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
    lo, hi = ok["ratio"].min(), ok["ratio"].max()
    inside = bool(((ok["lo"] <= lo) & (ok["hi"] >= hi)).all())
    ends = range_text(table, sensitivity.STEP, digits=2)
    return say(f"**The US Junior→Senior step under each source and analyst's choice** (median Senior ÷ median Junior; "
               f"the results with at least {study.SMALL_SAMPLE_N} records on both sides run {ends}, two estimates each with its own "
               "interval):",
               bullets(lines), (listing(why) + "." if why else ""),
               f"The choices are notebook 10's (duplicates kept, full-time only, UK out, USD-paid European records out, "
               f"region by residence); together they move the step by {hi - lo:.2f} (from ×{lo:.2f} to ×{hi:.2f})"
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
        "is a real fall of about that much. Nominal medians stay beside the constant ones (faint in the figures)."
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
    return say(f"The euro-area view uses only records at euro-area companies paid in EUR, at their reported EUR amount "
               f"(`salary_bins_eur`: {books['records_in_table']:,} of the {books['records_kept']:,} curated records, "
               f"all role families; {books['left_out']['paid_in_another_currency']:,} euro-area records paid in another "
               "currency are left out). Its wider ML family is thin: the year×grade cells with at least "
               f"{study.SMALL_SAMPLE_N} records are", bullets(cells),
               f"**Euro area, {real.attrs['a']} vs {real.attrs['b']}**:",
               bullets(_real_line(r, str(real.attrs["a"]), str(real.attrs["b"])) for _, r in real.iterrows()))
