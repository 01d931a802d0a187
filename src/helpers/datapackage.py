"""``datapackage.json`` (Frictionless Data Package) and the human-readable curation report.

Every committed table is described here: its fields (type, unit, description, how derived),
its source, licence and reference period.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from helpers import schema, sources

if TYPE_CHECKING:
    from helpers.curate import Curated

AIJOBS = {
    "title": "aijobs.net salary survey, salaries table (snapshot of Ptmarinho/mvp-ml-analytics @ 407b69e)",
    "path": "https://aijobs.net/salaries/download/",
}
CC0 = {"name": "CC0-1.0", "title": "Creative Commons Zero v1.0 Universal", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
PROJECT = {"title": "This project's own reviewed reference table (data/reference/)", "path": "data/reference/"}
CC_BY = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (World Bank datasets; OECD content from 1 July 2024)",
         "path": "https://creativecommons.org/licenses/by/4.0/"}
US_PD = {"name": "US-Government-Work", "title": "US federal government work (BLS; 17 U.S.C. 105): not subject to copyright in the US",
         "path": "https://www.bls.gov/bls/blsterms.htm"}
REFERENCE_SOURCES = [
    {"title": "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics", "path": "https://www.bls.gov/oes/"},
    {"title": "OECD, Average annual wages", "path": "https://www.oecd.org/en/about/terms-conditions.html"},
    {"title": "World Bank, World Development Indicators (PA.NUS.PPP, PA.NUS.FCRF)", "path": "https://data.worldbank.org/"},
    {"title": "Federal Reserve, G.5A Foreign Exchange Rates (annual)", "path": "https://www.federalreserve.gov/releases/g5a/"},
]
PROJECT_LICENSE = {"name": "CC0-1.0", "title": "Project-authored table, released as CC0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
SURVEY_PERIOD = "work years 2020-2025 (2025 partial: snapshot taken early 2025)"

USD = "USD per year (nominal, converted by the publisher at the year's average FX rate)"


def _f(name: str, type_: str, description: str, unit: str | None = None, **extra) -> dict:
    field = {"name": name, "type": type_, "description": description}
    if unit:
        field["unit"] = unit
    field.update(extra)
    return field


_GRADE = _f("grade", "string", "Grade: Junior (EN), Middle (MI), Senior (SE), Lead (EX = executive/director; see grades.csv caveat)",
            constraints={"enum": list(schema.GRADES)})
_FAMILY = _f("role_family", "string", "Role family from the reviewed title mapping (role_families.csv)",
             constraints={"enum": list(schema.ROLE_FAMILIES)})
_REGION = _f("region", "string", "Region of the company: United States, Europe (EU-27 + GB, CH, NO, IS) or Other",
             constraints={"enum": list(schema.REGIONS)})

TABLES: dict[str, dict] = {
    "salary_bins": {
        "title": "Salaries aggregated into 1% log bins, per combination of dimensions",
        "description": (
            "Counts of distinct survey records per (work year, grade, role family, company country, region, "
            "company size, remote ratio, employment type, salary bin). Bin i holds salaries in "
            "[1.01**i, 1.01**(i+1)) USD; sum_usd lets a bin's mean stand for its members, so any grouping's "
            "inverted-CDF quantiles are recovered within 1%."
        ),
        "sources": [AIJOBS], "licenses": [CC0], "period": SURVEY_PERIOD,
        "fields": [
            _f("work_year", "integer", "Year the salary was paid", "year"),
            _GRADE, _FAMILY,
            _f("company_location", "string", "Company country, ISO 3166-1 alpha-2"),
            _REGION,
            _f("company_size", "string", "S (<50 employees), M (50-250), L (>250)", constraints={"enum": list(schema.COMPANY_SIZES)}),
            _f("remote_ratio", "integer", "0 on-site (<20% remote), 50 hybrid, 100 remote (>80%)", "percent remote"),
            _f("employment_type", "string", "FT full-time, PT part-time, CT contract, FL freelance",
               constraints={"enum": list(schema.EMPLOYMENT_TYPES)}),
            _f("bin", "integer", "Salary bin index: floor(ln(salary_usd) / ln(1.01))"),
            _f("bin_lower_usd", "number", "Lower edge of the bin (inclusive)", USD),
            _f("bin_upper_usd", "number", "Upper edge of the bin (exclusive)", USD),
            _f("n", "integer", "Number of distinct records in the cell (exact duplicates collapsed)", "records"),
            _f("sum_usd", "integer", "Sum of salary_in_usd over the cell's records, rounded to whole dollars", USD),
        ],
    },
    "salary_summary": {
        "title": "Exact salary summaries for the standard groupings",
        "description": (
            "n, mean and the 10th/25th/50th/75th/90th percentiles of salary_in_usd (distinct records) per work "
            "year x grade x region x role family, with 'all' rows pooling years, regions or families. Percentiles "
            "are inverted-CDF (Hyndman-Fan type 1): each is an observed salary."
        ),
        "sources": [AIJOBS], "licenses": [CC0], "period": SURVEY_PERIOD,
        "fields": [
            _f("work_year", "string", "Work year, or 'all' for all years pooled"),
            _GRADE,
            _f("region", "string", "Company region, or 'all'"),
            _f("role_family", "string", "Role family, or 'all'"),
            _f("n", "integer", "Distinct records", "records"),
            _f("mean_usd", "integer", "Mean salary, rounded", USD),
            *[_f(q, "integer", f"{int(p * 100)}th percentile (inverted CDF)", USD) for q, p in
              {"p10": .1, "p25": .25, "p50": .5, "p75": .75, "p90": .9}.items()],
        ],
    },
    "duplicate_sensitivity": {
        "title": "How the key medians move if exact duplicates were kept",
        "description": "All work years pooled; ML engineering and all families; by grade and region.",
        "sources": [AIJOBS], "licenses": [CC0], "period": SURVEY_PERIOD,
        "fields": [
            _GRADE, _f("region", "string", "Company region"), _f("role_family", "string", "ml_engineering or 'all'"),
            _f("n_dedup", "integer", "Distinct records (the policy)", "records"),
            _f("p50_dedup", "integer", "Median, duplicates collapsed", USD),
            _f("n_with_dups", "integer", "Rows if duplicates were kept", "rows"),
            _f("p50_with_dups", "integer", "Median if duplicates were kept", USD),
            _f("p50_change_pct", "number", "Change of the median when duplicates are kept", "percent"),
        ],
    },
    "grades": {
        "title": "The grade ladder mapped to the survey's experience codes",
        "description": "Junior/Middle/Senior/Team Lead as the job market and the article describe them, mapped to EN/MI/SE/EX.",
        "sources": [PROJECT, AIJOBS], "licenses": [PROJECT_LICENSE], "period": "not time-bound",
        "fields": [
            _GRADE, _f("rank", "integer", "Order on the ladder (1 = Junior)"),
            _f("experience_level", "string", "Survey code EN/MI/SE/EX"),
            _f("source_label", "string", "The publisher's meaning of the code"),
            _f("market_definition", "string", "The grade as the article defines it"),
            _f("caveat", "string", "What the mapping cannot promise"),
        ],
    },
    "role_families": {
        "title": "Reviewed mapping of every job title to a role family",
        "description": "Every distinct job_title in the survey, mapped by hand; the curation fails on an unmapped title.",
        "sources": [PROJECT, AIJOBS], "licenses": [PROJECT_LICENSE], "period": SURVEY_PERIOD,
        "fields": [
            _f("job_title", "string", "Job title exactly as in the survey"),
            _FAMILY, _f("role_family_label", "string", "Readable family name"),
            _f("rationale", "string", "Why the title is in that family"),
            _f("n_records", "integer", "Distinct records with the title", "records"),
            _f("n_rows_with_duplicates", "integer", "Valid raw rows with the title, duplicates included", "rows"),
        ],
    },
    "countries": {
        "title": "Countries in the data with name and region",
        "description": "ISO 3166-1 alpha-2 codes seen as company_location or employee_residence, with ISO names (pycountry) and region.",
        "sources": [AIJOBS, {"title": "ISO 3166-1 via the pycountry package", "path": "https://pypi.org/project/pycountry/"}],
        "licenses": [CC0], "period": SURVEY_PERIOD,
        "fields": [
            _f("country_code", "string", "ISO 3166-1 alpha-2"), _f("country_name", "string", "ISO short (or common) name"),
            _REGION, _f("in_eu27", "boolean", "Member of the EU-27"),
            _f("n_company_location", "integer", "Distinct records with a company in the country", "records"),
            _f("n_employee_residence", "integer", "Distinct records with the employee resident in the country", "records"),
        ],
    },
    "companies": {
        "title": "Companies the article names as machine-learning users",
        "description": "Each company with the application the article describes and its headquarters, with the page it was confirmed on.",
        "sources": [PROJECT], "licenses": [PROJECT_LICENSE], "period": "as of the stored pages read in 2026",
        "fields": [
            _f("company", "string", "Company name as the article gives it"),
            _f("article_mention", "string", "'example with application' or 'named as ML user'"),
            _f("ml_application", "string", "The ML application the article describes (empty if none)"),
            _f("hq_country", "string", "Headquarters country, ISO alpha-2 (empty if unconfirmed)"),
            _f("hq_city", "string", "Headquarters city"),
            _f("hq_source_url", "string", "Page the headquarters was confirmed on"),
            _f("note", "string", "Caveats"),
        ],
    },
    "reference_wages": {
        "title": "Official reference figures: wages, exchange rates, PPP factors",
        "description": (
            "Each figure as published (BLS OEWS, OECD, World Bank WDI, Federal Reserve), with publisher, series, "
            "reference period, unit and the URL it was read from. Never estimated."
        ),
        "sources": REFERENCE_SOURCES, "licenses": [CC_BY, US_PD], "period": "per row (column period)",
        "fields": [
            _f("ref_id", "string", "Unique id"), _f("publisher", "string", "Publisher"),
            _f("dataset", "string", "Dataset or release"), _f("series", "string", "Series name or code"),
            _f("geo", "string", "ISO alpha-2 country (or area) code"),
            _f("occupation_code", "string", "SOC code where relevant"), _f("occupation", "string", "Occupation"),
            _f("measure", "string", "mean_annual_wage, median_annual_wage, average_annual_wage, fx_rate or ppp_factor"),
            _f("period", "string", "Reference period"), _f("value", "number", "The figure as published (unit in column unit)"),
            _f("unit", "string", "Unit of value"), _f("url", "string", "Where the figure was read"),
            _f("note", "string", "Where on the page, and caveats"),
        ],
    },
    "claims": {
        "title": "The article's claims the collection checks",
        "description": "Short quotes from 'What is a Machine Learning Engineer?' with the quantity, value and how the data tests each.",
        "sources": [PROJECT], "licenses": [PROJECT_LICENSE], "period": "article undated",
        "fields": [
            _f("claim_id", "string", "Id"), _f("quote", "string", "Brief quote from the article"),
            _f("quantity", "string", "What the claim measures"), _f("value", "number", "The claimed figure (empty for directional claims)"),
            _f("unit", "string", "Unit of the claimed figure"), _f("period", "string", "Period the claim refers to"),
            _f("how_tested", "string", "How the collection tests it"),
        ],
    },
    "skills": {
        "title": "The skills the article lists, and where the collection demonstrates each",
        "description": "One row per skill in the article's list: brief wording, category, the notebooks and helpers that use it, "
                       "and what the salary survey can (mostly cannot) say about it.",
        "sources": [PROJECT], "licenses": [PROJECT_LICENSE], "period": "article undated; pointers as of this version",
        "fields": [
            _f("skill", "string", "Id"), _f("article_wording", "string", "The article's wording (brief quote)"),
            _f("category", "string", "Kind of skill"),
            _f("demonstrated_in", "string", "Notebooks and helper modules of this collection that use the skill"),
            _f("evidence_in_data", "string", "What the salary data can say about the skill"),
        ],
    },
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def describe(curated: Curated, folder: Path) -> dict:
    """The Data Package descriptor for the tables already written in ``folder``."""
    resources = []
    for name, df in curated.tables.items():
        meta = TABLES[name]
        names = [f["name"] for f in meta["fields"]]
        if names != list(df.columns):
            raise ValueError(f"datapackage: fields of {name} {names} do not match the table {list(df.columns)}")
        path = folder / f"{name}.csv"
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "title": meta["title"], "description": meta["description"],
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": path.stat().st_size, "hash": f"sha256:{_sha256(path)}", "rows": len(df),
            "sources": meta["sources"], "licenses": meta["licenses"], "reference_period": meta["period"],
            "schema": {"fields": meta["fields"]},
        })
    for name, title in [("curation_report", "Curation report: inputs, rows read/kept/rejected, duplicates")]:
        path = folder / f"{name}.json"
        resources.append({"name": name, "path": f"{name}.json", "format": "json", "mediatype": "application/json",
                          "title": title, "bytes": path.stat().st_size, "hash": f"sha256:{_sha256(path)}"})
    manifest = sources.load_manifest()
    return {
        "profile": "tabular-data-package",
        "name": "ml-engineer-careers",
        "title": "ML engineer careers: salaries by grade and region, with reference wages",
        "description": (
            "Aggregated, documented tables derived from public sources by this project's code "
            "(python -m helpers curate). No raw records are included."
        ),
        "licenses": [CC0],
        "sources": [{"title": s["title"], "path": s["homepage"], "license": s["license"]["name"],
                     "reference_period": s["reference_period"]} for s in manifest["sources"]],
        "resources": resources,
    }


def _md_table(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def report_markdown(curated: Curated) -> str:
    """The curation report as Markdown (committed beside the tables)."""
    r = curated.report
    lines = [
        "# Curation report", "",
        "Generated by `python -m helpers curate`; do not edit by hand.", "",
        "## Inputs (sha256)", "",
        *[f"- `{k}`: `{v}`" for k, v in r["inputs_sha256"].items()], "",
        "## Rows", "",
        f"- read: {r['rows_read']:,}",
        f"- kept (distinct valid records): {r['rows_kept']:,}",
        f"- rejected: {r['rows_rejected']:,}",
        f"- exact duplicates removed: {r['duplicates_removed']:,} "
        f"({r['distinct_records_with_copies']:,} records had copies; the most repeated one {r['max_copies_of_one_record']} times)",
        f"- check: {r['rows_read']:,} = {r['rows_kept']:,} + {r['rows_rejected']:,} + {r['duplicates_removed']:,}", "",
        "## Rejected, by reason", "",
        "| reason | rows | rule |", "|---|---|---|",
        *[f"| {k} | {v:,} | {schema.REJECT_REASONS[k]} |" for k, v in r["rejected_by_reason"].items()], "",
        "Rejected lines, with their reasons, are written to `data/quarantine/` (git-ignored: they are raw records).", "",
        "## Duplicate policy", "", r["duplicate_policy"], "",
        "## Sensitivity: medians with and without duplicates (all years, USD)", "",
        _md_table(curated.tables["duplicate_sensitivity"]), "",
    ]
    if r["notes"]:
        lines += ["## Notes", "", *[f"- {n}" for n in r["notes"]], ""]
    return "\n".join(lines)
