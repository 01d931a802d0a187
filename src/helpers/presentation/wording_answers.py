"""The Answer boxes of notebooks 01, 03, 04, 05 and 07: one to three computed bullets under each notebook's title.

Each function takes the curated tables the notebook reads, asks the analysis helpers the notebook itself uses for the
numbers (the front page's :mod:`helpers.analysis.findings` where it has them) and returns :func:`wording.answer`.
Groups under ``study.SMALL_SAMPLE_N`` records are named as thin, never concluded from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from helpers import paths, schema, study
from helpers.analysis import findings, stats, warehouse
from helpers.presentation.table_format import country
from helpers.presentation.wording import answer, listing


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


# ---------------------------------------------------------------- 01 the dataset tour

def tour(bins: pd.DataFrame, report: dict, so_bins: pd.DataFrame) -> Markdown:
    """What the data is and how big: the survey, its records, the ML-engineering groups; the second source; the
    caveats that shape every figure."""
    ml = bins[bins["role_family"] == study.ML_FAMILY]
    by_region = ml.groupby("region", observed=True)["n"].sum()
    eu = ml[ml["region"] == "Europe"].groupby("grade", observed=True)["n"].sum().reindex(list(schema.GRADES)).fillna(0)
    per_year = bins.groupby("work_year")["n"].sum()
    us_share = bins.loc[bins["region"] == "United States", "n"].sum() / bins["n"].sum()
    eu_grades = listing(f"{g} {int(n):,}" for g, n in eu.items())
    return answer([
        f"The aijobs.net salary survey (CC0): **{int(bins['n'].sum()):,}** distinct records of gross annual pay in AI, ML, "
        f"data science and data engineering, work years {int(per_year.index.min())}–{int(per_year.index.max())}, kept from "
        f"{report['rows_read']:,} raw rows ({report['duplicates_removed']:,} exact duplicates removed, "
        f"{report['rows_rejected']:,} rejected). ML engineers: **{int(ml['n'].sum()):,}**, of them "
        f"{int(by_region.get('United States', 0)):,} at US companies and {int(by_region.get('Europe', 0)):,} at European ones.",
        f"Beside it, as a second opinion: the Stack Overflow Developer Survey 2024 (ODbL; {int(so_bins['n'].sum()):,} "
        "professional developers' total pay) and official figures (BLS, OECD, World Bank).",
        f"Before trusting a figure: {us_share:.0%} of records are at US companies and "
        f"{per_year.max() / per_year.sum():.0%} are from {int(per_year.idxmax())}; European ML engineering is thin "
        f"({eu_grades} records over all years, fewer in any one). Groups under {study.SMALL_SAMPLE_N} records are drawn hollow, named "
        "as thin and never concluded from.",
    ])


# ---------------------------------------------------------------- 03 grade progression

def grade_progression(bins: pd.DataFrame) -> Markdown:
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


# ---------------------------------------------------------------- 04 companies

def company_examples(companies: pd.DataFrame, bins: pd.DataFrame) -> Markdown:
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


# ---------------------------------------------------------------- 05 skills

def skills(skills_table: pd.DataFrame, bins: pd.DataFrame, year: int = study.LATEST_FULL_YEAR) -> Markdown:
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


# ---------------------------------------------------------------- 07 SQL warehouse

def sql_warehouse(bins: pd.DataFrame, folder: Path = paths.CURATED, year: int = study.LATEST_FULL_YEAR) -> Markdown:
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
