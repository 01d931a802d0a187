"""The survey's vocabulary: the raw file's columns, its codes and their meanings, grades, role families, regions, validation rules.

Everything the validator checks lives here so the rules are reviewed in one place. The curated
tables built from these codes are defined in :mod:`helpers.tables`; the study's choices (which
countries make Europe, which years are pooled) in :mod:`helpers.study`.
"""

from __future__ import annotations

RAW_COLUMNS: tuple[str, ...] = (
    "work_year",
    "experience_level",
    "employment_type",
    "job_title",
    "salary",
    "salary_currency",
    "salary_in_usd",
    "employee_residence",
    "remote_ratio",
    "company_location",
    "company_size",
)

EXPERIENCE_LEVELS: dict[str, str] = {
    "EN": "entry-level / junior",
    "MI": "mid-level / intermediate",
    "SE": "senior-level / expert",
    "EX": "executive-level / director",
}
EMPLOYMENT_TYPES: dict[str, str] = {
    "FT": "full-time",
    "PT": "part-time",
    "CT": "contract",
    "FL": "freelance",
}
COMPANY_SIZES: dict[str, str] = {
    "S": "small (<50 employees)",
    "M": "medium (50-250 employees)",
    "L": "large (>250 employees)",
}
REMOTE_RATIOS: dict[int, str] = {
    0: "on-site (<20% remote)",
    50: "hybrid (partially remote)",
    100: "remote (>80% remote)",
}

#: Grades as the job market (and the article) names them, in order, mapped to the source's codes.
GRADES: tuple[str, ...] = ("Junior", "Middle", "Senior", "Executive")
GRADE_OF_LEVEL: dict[str, str] = {"EN": "Junior", "MI": "Middle", "SE": "Senior", "EX": "Executive"}

ROLE_FAMILIES: dict[str, str] = {
    "ml_engineering": "ML engineering",
    "ml_research": "ML/AI research & science",
    "data_science": "Data science",
    "data_engineering": "Data engineering",
    "analytics_bi": "Analytics & BI",
    "other_ai": "Other AI roles",
    "other": "Other",
}
#: Titles not (yet) in the reviewed mapping (``data/authored/role_families.csv``) are kept in this family, counted and
#: listed in the curation report; it is not a reviewed family (the authored mapping may not use it) and
#: ``python -m helpers curate --strict`` refuses them.
UNMAPPED_FAMILY = "unmapped"
#: Every role family a curated table may hold: the reviewed ones, then ``unmapped``.
FAMILY_VALUES: dict[str, str] = {**ROLE_FAMILIES, UNMAPPED_FAMILY: "Unmapped (title not yet reviewed)"}

#: Regions of a company, in this order (Europe as :data:`helpers.study.EUROPE` defines it).
REGIONS: tuple[str, ...] = ("United States", "Europe", "Other")
#: Each region's one name for a reader, on every page, figure, table and the explorer ("Other regions": every
#: company location outside the US and Europe). Prose that needs an article writes "the other regions".
REGION_NAMES: dict[str, str] = {"United States": "United States", "Europe": "Europe", "Other": "Other regions"}

#: Salaries above this (USD per year) are rejected as absurd.
MAX_SALARY_USD = 5_000_000
#: The floor on annual pay: salary_in_usd below this (USD per year) is rejected. The publisher's own data never
#: goes below 15,000 (it appears to clip there); 5,000 a year is under any full-time annual salary in this survey
#: and catches monthly or hourly figures entered as annual, and conversion slips.
MIN_SALARY_USD = 5_000
#: salary_in_usd must lie within this factor of salary / (the year's official rate, units of the currency per USD)
#: where the reference table has that rate. Measured on the pinned snapshot: every checked row is within 7%
#: (EUR 2025: the publisher's part-year rate vs the full-year average); x1.25 leaves room for such averaging
#: differences and still catches unit slips (x10, x12 monthly-for-annual, x1000) and a wrong currency code.
FX_TOLERANCE = 1.25
#: Work years outside this range are rejected.
MIN_WORK_YEAR = 2000

#: Validation rules in the order they are applied; a row gets the first reason that matches.
REJECT_REASONS: dict[str, str] = {
    "malformed_line": "the CSV parser could not read the line (wrong number of fields, broken quoting)",
    "unbalanced_quote": "a quote opened on the line is never closed: the line alone is quarantined and reading resumes "
                        "at the next line (it would otherwise swallow the lines after it)",
    "invalid_utf8": "the line has bytes that are not valid UTF-8",
    "repeated_header": "the line repeats the header",
    "invalid_work_year": "work_year is not a whole year between 2000 and next year",
    "unknown_experience_level": "experience_level is not one of EN, MI, SE, EX",
    "unknown_employment_type": "employment_type is not one of FT, PT, CT, FL",
    "unknown_company_size": "company_size is not one of S, M, L",
    "unknown_remote_ratio": "remote_ratio is not one of 0, 50, 100",
    "missing_job_title": "job_title is empty",
    "non_numeric_salary": "salary or salary_in_usd is not a number",
    "non_positive_salary": "salary or salary_in_usd is zero or negative",
    "absurd_salary": f"salary_in_usd is over {MAX_SALARY_USD:,} USD a year",
    "below_pay_floor": f"salary_in_usd is under {MIN_SALARY_USD:,} USD a year (the floor on annual pay)",
    "unknown_currency": "salary_currency is not an ISO 4217 code",
    "unknown_country_code": "employee_residence or company_location is not an ISO 3166-1 alpha-2 code",
    "usd_conversion_mismatch": f"salary_in_usd differs by more than a factor {FX_TOLERANCE} from salary converted at the "
                               "year's official exchange rate (reference_wages.csv, measure fx_rate)",
}
