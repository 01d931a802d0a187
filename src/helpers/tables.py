"""The curated tables, each defined once: fields (type, unit, description, allowed values in order), title, sources, licences, period.

Everything that describes a curated table derives from :data:`TABLES`: the loader's dtypes
(:mod:`helpers.data`), the ``datapackage.json`` resource schemas and the human-readable
``CODEBOOK.md`` (:mod:`helpers.pipeline.package`), and the columns the hand-authored input files
must have (:mod:`helpers.pipeline.authored`). The collection's own survey, the official statistics and the
reference tables are defined here; each other survey's tables in its own core module (:mod:`helpers.surveys`),
collected here. Adding a column is one edit where its table is defined (plus the code or the authored file that fills
it). This module holds declarations only.
"""

from __future__ import annotations

from helpers import binning, provenance, schema, study, surveys
from helpers.provenance import (  # noqa: F401  (re-exported: the package reads them as tables.X)
    CC_BY,
    OFFICIAL_SOURCES,
    OGL,
    PACKAGE_LICENSES,
    PROJECT,
    PROJECT_LICENSE,
    REFERENCE_SOURCES,
    SURVEY_PERIOD,
    US_PD,
)
from helpers.table_model import RECORDS, ROWS, Field, Table  # also read as tables.Field, tables.RECORDS...

# ---------------------------------------------------------------- the collection's own survey: how its tables cite it
AIJOBS = provenance.SALARY_SOURCES["aijobs"].cited_as
(CC0,) = provenance.SALARY_SOURCES["aijobs"].licenses

# ---------------------------------------------------------------- units
USD = "USD per year (nominal, converted by the publisher at the year's average FX rate)"

# ---------------------------------------------------------------- definitions

_EUROPE = study.EUROPE_LABEL

GRADE = Field("grade", "string",
              "Grade: Junior (EN), Middle (MI), Senior (SE), Executive (EX = executive/director; see grades.csv caveat)",
              enum=schema.GRADES, ordered=True)
ROLE_FAMILY = Field("role_family", "string",
                    "Role family from the reviewed title mapping (role_families.csv); 'unmapped' for a title not reviewed yet",
                    enum=tuple(schema.FAMILY_VALUES))
REGION = Field("region", "string", f"Region of the company: United States, Europe ({_EUROPE}) or Other", enum=schema.REGIONS)
COMPANY_SIZE = Field("company_size", "string", "S (<50 employees), M (50-250), L (>250)", enum=tuple(schema.COMPANY_SIZES), ordered=True)
EMPLOYMENT_TYPE = Field("employment_type", "string", "FT full-time, PT part-time, CT contract, FL freelance",
                        enum=tuple(schema.EMPLOYMENT_TYPES))

_TABLES: tuple[Table, ...] = (
    Table(
        "salary_bins",
        "Salaries aggregated into 1% log bins, per combination of dimensions",
        "Counts of distinct survey records per (work year, grade, role family, company country, region, "
        "company size, remote ratio, employment type, employee residence, residence region, paid in USD, salary bin). "
        "The last three dimensions and the *_with_duplicates columns serve sensitivity checks (region by residence, "
        "USD-paid records, duplicates kept); grouping by the others and summing n and sum_usd per bin gives exactly "
        "what the table gave without them. Bin i holds salaries in "
        "[1.01**i, 1.01**(i+1)) USD; sum_usd lets a bin's mean stand for its members, so any grouping's "
        "inverted-CDF quantiles are recovered within 1%.",
        (AIJOBS,), (CC0,), SURVEY_PERIOD,
        (
            Field("work_year", "integer", "Year the salary was paid", "year", dtype="int16"),
            GRADE, ROLE_FAMILY,
            Field("company_location", "string", "Company country, ISO 3166-1 alpha-2", dtype="category"),
            REGION, COMPANY_SIZE,
            Field("remote_ratio", "integer", "0 on-site (<20% remote), 50 hybrid, 100 remote (>80%)", "percent remote", dtype="int8"),
            EMPLOYMENT_TYPE,
            Field("employee_residence", "string", "Employee's country of residence, ISO 3166-1 alpha-2", dtype="category"),
            Field("residence_region", "string", f"Region of the employee's residence: United States, Europe ({_EUROPE}) or "
                  "Other (region is by company location)", enum=schema.REGIONS),
            Field("paid_in_usd", "boolean", "salary_currency is USD", "flag: paid in USD (true) or in another currency"),
            Field("bin", "integer", "Salary bin index: floor(ln(salary_usd) / ln(1.01))", dtype="int32"),
            Field("bin_lower_usd", "number", "Lower edge of the bin (inclusive)", USD),
            Field("bin_upper_usd", "number", "Upper edge of the bin (exclusive)", USD),
            Field("n", "integer", "Number of distinct records in the cell (exact duplicates collapsed)", RECORDS),
            Field("sum_usd", "integer", "Sum of salary_in_usd over the cell's records, rounded to whole dollars", USD),
            Field("n_with_duplicates", "integer", "Rows in the cell if exact duplicates were kept", ROWS),
            Field("sum_usd_with_duplicates", "integer", "Sum of salary_in_usd over those rows, rounded", USD),
        ),
    ),
    Table(
        "salary_summary",
        "Exact salary summaries for the standard groupings",
        "n, mean and the 10th/25th/50th/75th/90th percentiles of salary_in_usd (distinct records) per work "
        "year x grade x region x role family, with 'all' rows pooling years, regions or families. Percentiles "
        "are inverted-CDF (Hyndman-Fan type 1): each is an observed salary.",
        (AIJOBS,), (CC0,), SURVEY_PERIOD,
        (
            Field("work_year", "string", "Work year, or 'all' for all years pooled", dtype="string"),
            GRADE,
            Field("region", "string", "Company region, or 'all'", dtype="string"),
            Field("role_family", "string", "Role family, or 'all'", dtype="string"),
            Field("n", "integer", "Distinct records", RECORDS),
            Field("mean_usd", "integer", "Mean salary, rounded", USD),
            *(Field(name, "integer", f"{round(q * 100)}th percentile (inverted CDF)", USD) for name, q in binning.QUANTILES.items()),
        ),
    ),
    Table(
        "duplicate_sensitivity",
        "How the key medians move if exact duplicates were kept",
        "All work years pooled; ML engineering and all families; by grade and region.",
        (AIJOBS,), (CC0,), SURVEY_PERIOD,
        (
            GRADE,
            Field("region", "string", "Company region", dtype="string"),
            Field("role_family", "string", "ml_engineering or 'all'", dtype="string"),
            Field("n_dedup", "integer", "Distinct records (the policy)", RECORDS),
            Field("p50_dedup", "integer", "Median, duplicates collapsed", USD),
            Field("n_with_dups", "integer", "Rows if duplicates were kept", ROWS),
            Field("p50_with_dups", "integer", "Median if duplicates were kept", USD),
            Field("p50_change_pct", "number", "Change of the median when duplicates are kept", "percent"),
        ),
    ),
    Table(
        "grades",
        "The grade ladder mapped to the survey's experience codes",
        "The survey's experience codes EN/MI/SE/EX as Junior/Middle/Senior/Executive; EX is the executive/director "
        "level, not the article's Team Lead, which has no direct counterpart (see each grade's caveat).",
        (PROJECT, AIJOBS), (PROJECT_LICENSE,), "not time-bound",
        (
            GRADE,
            Field("rank", "integer", "Order on the ladder (1 = Junior)", dtype="int8"),
            Field("experience_level", "string", "Survey code EN/MI/SE/EX"),
            Field("source_label", "string", "The publisher's meaning of the code"),
            Field("market_definition", "string", "The grade as the article defines it"),
            Field("caveat", "string", "What the mapping cannot promise"),
        ),
        authored=True,
    ),
    Table(
        "role_families",
        "Reviewed mapping of every job title to a role family",
        "Every distinct job_title in the survey, mapped by hand; a title not in the reviewed mapping is kept with family "
        "'unmapped' and listed in the curation report (python -m helpers curate --strict refuses it).",
        (PROJECT, AIJOBS), (PROJECT_LICENSE,), SURVEY_PERIOD,
        (
            Field("job_title", "string", "Job title exactly as in the survey", dtype="string"),
            ROLE_FAMILY,
            Field("role_family_label", "string", "Readable family name", derived=True),
            Field("rationale", "string", "Why the title is in that family"),
            Field("n_records", "integer", "Distinct records with the title", RECORDS, derived=True),
            Field("n_rows_with_duplicates", "integer", "Valid raw rows with the title, duplicates included", ROWS, derived=True),
        ),
        authored=True,
    ),
    Table(
        "countries",
        "Countries in the data with name and region",
        "ISO 3166-1 alpha-2 codes seen as company_location or employee_residence, with ISO names (pycountry) and region.",
        (AIJOBS, {"title": "ISO 3166-1 via the pycountry package", "path": "https://pypi.org/project/pycountry/"}),
        (CC0,), SURVEY_PERIOD,
        (
            Field("country_code", "string", "ISO 3166-1 alpha-2", dtype="string"),
            Field("country_name", "string", "ISO short (or common) name"),
            REGION,
            Field("in_eu27", "boolean", "Member of the EU-27"),
            Field("n_company_location", "integer", "Distinct records with a company in the country", RECORDS),
            Field("n_employee_residence", "integer", "Distinct records with the employee resident in the country", RECORDS),
        ),
    ),
    Table(
        "companies",
        "Companies the article names as machine-learning users",
        "Each company with the application the article describes and its headquarters, with the page it was confirmed on.",
        (PROJECT,), (PROJECT_LICENSE,), "as of the stored pages read in 2026",
        (
            Field("company", "string", "Company name as the article gives it"),
            Field("article_mention", "string", "'example with application' or 'named as ML user'"),
            Field("ml_application", "string", "The ML application the article describes (empty if none)"),
            Field("hq_country", "string", "Headquarters country, ISO alpha-2 (empty if unconfirmed)"),
            Field("hq_city", "string", "Headquarters city"),
            Field("hq_source_url", "string", "Page the headquarters was confirmed on"),
            Field("note", "string", "Caveats"),
        ),
        authored=True,
    ),
    Table(
        "reference_wages",
        "Official reference figures: wages, exchange rates, PPP factors",
        "Each figure as published (BLS OEWS, OECD, World Bank WDI, Federal Reserve), with publisher, series, "
        "reference period, unit and the URL it was read from. Never estimated.",
        REFERENCE_SOURCES, (CC_BY, US_PD), "per row (column period)",
        (
            Field("ref_id", "string", "Unique id"),
            Field("publisher", "string", "Publisher"),
            Field("dataset", "string", "Dataset or release"),
            Field("series", "string", "Series name or code"),
            Field("geo", "string", "ISO alpha-2 country (or area) code"),
            Field("occupation_code", "string", "SOC code where relevant"),
            Field("occupation", "string", "Occupation"),
            Field("measure", "string", "mean_annual_wage, median_annual_wage, average_annual_wage, fx_rate or ppp_factor"),
            Field("period", "string", "Reference period"),
            Field("value", "number", "The figure as published (unit in column unit)"),
            Field("unit", "string", "Unit of value"),
            Field("url", "string", "Where the figure was read"),
            Field("note", "string", "Where on the page, and caveats"),
        ),
        authored=True,
    ),
    Table(
        "claims",
        "The article's claims the collection checks",
        "Short quotes from 'What is a Machine Learning Engineer?' with the quantity, value and how the data tests each.",
        (PROJECT,), (PROJECT_LICENSE,), "article undated",
        (
            Field("claim_id", "string", "Id"),
            Field("quote", "string", "Brief quote from the article"),
            Field("quantity", "string", "What the claim measures"),
            Field("value", "number", "The claimed figure (empty for directional claims)"),
            Field("unit", "string", "Unit of the claimed figure"),
            Field("period", "string", "Period the claim refers to"),
            Field("how_tested", "string", "How the collection tests it"),
        ),
        authored=True,
    ),
    Table(
        "skills",
        "The skills the article lists, and where the collection demonstrates each",
        "One row per skill in the article's list: brief wording, category, the notebooks and helpers that use it, "
        "and what the salary survey can (mostly cannot) say about it.",
        (PROJECT,), (PROJECT_LICENSE,), "article undated; pointers as of this version",
        (
            Field("skill", "string", "Id"),
            Field("article_wording", "string", "The article's wording (brief quote)"),
            Field("category", "string", "Kind of skill"),
            Field("demonstrated_in", "string", "Notebooks and helper modules of this collection that use the skill"),
            Field("evidence_in_data", "string", "What the salary data can say about the skill"),
        ),
        authored=True,
    ),
)

_OFFICIAL_TABLES: tuple[Table, ...] = (
    Table(
        "official_statistics",
        "Official statistics for a second view: BLS OEWS occupations, US CPI-U, euro-area HICP, UK ASHE, German Entgeltatlas",
        "Each figure as published, read from the publisher's file (most via verbatim third-party copies, marked "
        "THIRD-PARTY MIRROR in read_from) by helpers.pipeline.official: BLS OEWS May 2023 and May 2024 national "
        "estimates for 00-0000, 15-0000, 15-1221, 15-1252 and 15-2051 (employment, mean, p10-p90); US CPI-U annual "
        "averages 2015-2025 (2025 = 11 months); euro-area HICP 2019-2025, 2025=100 (never spliced with the 2015=100 "
        "series); ONS ASHE 2025 provisional SOC 2020 2134/2135/3544 (median, mean); BA Entgeltatlas median MONTHLY "
        "pay of software developers. OEWS '*' and '#' are empty values with a note. Never estimated.",
        OFFICIAL_SOURCES, (US_PD, CC_BY, OGL),
        "per row (column period)",
        (
            Field("stat_id", "string", "Unique id"),
            Field("publisher", "string", "Publisher"),
            Field("dataset", "string", "Dataset or release"),
            Field("series", "string", "Series, table or column"),
            Field("geo", "string", "ISO alpha-2 country or area code (EA = euro area)"),
            Field("occupation_code", "string", "Occupation code (SOC 2018, SOC 2020 or the BA level) where relevant"),
            Field("occupation", "string", "Occupation"),
            Field("measure", "string", "employment, mean/median/p10/p25/p75/p90_annual_wage, median_monthly_wage or price_index"),
            Field("period", "string", "Reference period"),
            Field("value", "number", "The figure as published (unit in column unit); empty where the publisher gives none"),
            Field("unit", "string", "Unit of value"),
            Field("url", "string", "The publisher's page"),
            Field("read_from", "string", "The file the figure was read from (copies marked THIRD-PARTY MIRROR)"),
            Field("note", "string", "Caveats, and what an empty value means"),
        ),
        authored=True,
    ),
)

EUR = "EUR per year (nominal, the survey's salary column as reported)"
_EUR_TABLES: tuple[Table, ...] = (
    Table(
        "salary_bins_eur",
        "Euro-area salaries paid in euros, in 1% log bins of the reported EUR amount",
        "Counts of distinct survey records (exact duplicates collapsed, as in salary_bins) at companies in the euro area "
        "that work year (Croatia from 2023, the composition the euro-area HICP follows) whose salary was paid in EUR, per "
        "(work year, grade, role family, company country, EUR bin). The amount is the survey's own salary column in EUR, "
        "not salary_in_usd converted back: the local-currency view, to deflate with the euro-area HICP. Records at "
        "euro-area companies paid in another currency, and EUR-paid records at companies outside the euro area, are left "
        "out (counted in the curation report). Bin i holds amounts in [1.01**i, 1.01**(i+1)) EUR; sum_eur lets a bin's "
        "mean stand for its members, so any grouping's inverted-CDF quantiles come back within 1%.",
        (AIJOBS,), (CC0,), SURVEY_PERIOD,
        (
            Field("work_year", "integer", "Year the salary was paid", "year", dtype="int16"),
            GRADE, ROLE_FAMILY,
            Field("company_location", "string", "Company country (in the euro area that work year), ISO 3166-1 alpha-2",
                  dtype="category"),
            Field("bin", "integer", "EUR bin index: floor(ln(salary_eur) / ln(1.01))", dtype="int32"),
            Field("bin_lower_eur", "number", "Lower edge of the bin (inclusive)", EUR),
            Field("bin_upper_eur", "number", "Upper edge of the bin (exclusive)", EUR),
            Field("n", "integer", "Number of distinct records in the cell (exact duplicates collapsed)", RECORDS),
            Field("sum_eur", "integer", "Sum of the reported EUR salary over the cell's records, rounded to whole euros", EUR),
        ),
    ),
)

#: Every curated table by name: the collection's own, the official statistics and the euro-area EUR table, then each
#: other survey's (:func:`helpers.surveys.modules`, in ``data/sources.json`` order).
TABLES: dict[str, Table] = {t.name: t for t in (*_TABLES, *_OFFICIAL_TABLES, *_EUR_TABLES,
                                                *(t for m in surveys.modules().values() for t in m.TABLES))}
