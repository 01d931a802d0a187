"""The Stack Overflow Developer Survey 2024's core declarations: vocabulary, validation rules, curated tables.

Also its tables' period and unit, and how they cite it (from its entry in ``data/sources.json``).
:mod:`helpers.tables` lists its tables with every other curated table; its curation module
(:mod:`helpers.pipeline.so_survey`) reads its vocabulary and rules here.
"""

from __future__ import annotations

import pandas as pd

from helpers import provenance, schema, study
from helpers.surveys import Family, View, every
from helpers.table_model import RECORDS, Field, Table

_TERMS = provenance.SALARY_SOURCES["so_survey"]
SO = _TERMS.cited_as
ODBL, DBCL = _TERMS.licenses
SO_PERIOD = "2024 (survey fielded May-June 2024; compensation as the respondent reported it for the year)"
SO_USD = "USD per year (nominal; annual TOTAL compensation, converted by Stack Overflow at its exchange rate)"
_EUROPE = study.EUROPE_LABEL

# ---------------------------------------------------------------- vocabulary and validation rules

#: Columns of the 2024 single-response table (TidyTuesday 2024-09-03 curation), in the file's order.
SO_COLUMNS: tuple[str, ...] = (
    "response_id", "main_branch", "age", "remote_work", "ed_level", "years_code", "years_code_pro", "dev_type",
    "org_size", "purchase_influence", "buildvs_buy", "country", "currency", "comp_total", "so_visit_freq", "so_account",
    "so_part_freq", "so_comm", "ai_select", "ai_sent", "ai_acc", "ai_complex", "ai_threat", "survey_length",
    "survey_ease", "converted_comp_yearly", "r_used", "r_want_to_use",
)
#: Integer-coded columns the curation decodes with the crosswalk (a code not in it is rejected).
SO_CODED: tuple[str, ...] = ("main_branch", "dev_type", "org_size", "remote_work")
#: main_branch 1 = "I am a developer by profession": the only respondents the salary table keeps.
SO_PROFESSIONAL = 1
#: years_code_pro: "Less than 1 year" was recoded to 0 and "More than 50 years" to 51 by the TidyTuesday curation.
SO_MAX_YEARS_CODE_PRO = 51
#: The article's grades from years of professional coding: Junior < 1 year (0), Middle 1-3, Senior 4 and more
#: (there is no team-lead field in the survey, so no respondent is Executive).
SO_GRADE_BOUNDS: tuple[tuple[str, int, int], ...] = (("Junior", 0, 0), ("Middle", 1, 3), ("Senior", 4, SO_MAX_YEARS_CODE_PRO))
#: Bands of years_code_pro for the analysis (lower, upper inclusive).
SO_YEARS_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0", 0, 0), ("1-3", 1, 3), ("4-6", 4, 6), ("7-10", 7, 10), ("11+", 11, SO_MAX_YEARS_CODE_PRO))
#: org_size labels in size order (the crosswalk numbers them alphabetically, 1 = "1,000 to 4,999 employees");
#: "I don't know" last. The curation refuses a crosswalk with a label not listed here.
SO_ORG_SIZES: tuple[str, ...] = (
    "Just me - I am a freelancer, sole proprietor, etc.", "2 to 9 employees", "10 to 19 employees",
    "20 to 99 employees", "100 to 499 employees", "500 to 999 employees", "1,000 to 4,999 employees",
    "5,000 to 9,999 employees", "10,000 or more employees", "I don’t know",
)
SO_REMOTE_WORK: tuple[str, ...] = ("In-person", "Hybrid (some remote, some in-person)", "Remote")
#: The ceiling on annual compensation (the same as aijobs' absurd-salary rule) and the pay floor (flagged, not rejected).
SO_MAX_COMP_USD = schema.MAX_SALARY_USD
SO_PAY_FLOOR_USD = schema.MIN_SALARY_USD

#: Validation rules for the Stack Overflow table, in the order they apply; a row gets the first that matches.
SO_REJECT_REASONS: dict[str, str] = {
    "malformed_line": schema.REJECT_REASONS["malformed_line"],
    "unbalanced_quote": schema.REJECT_REASONS["unbalanced_quote"],
    "invalid_utf8": schema.REJECT_REASONS["invalid_utf8"],
    "repeated_header": schema.REJECT_REASONS["repeated_header"],
    "invalid_response_id": "response_id is not a positive whole number",
    "unknown_code": "main_branch, dev_type, org_size or remote_work holds a code that is not in the crosswalk",
    "invalid_years_code_pro": f"years_code_pro is not a whole number from 0 to {SO_MAX_YEARS_CODE_PRO}",
    "unknown_country_name": "country is not an ISO 3166-1 name (pycountry) nor in the reviewed table "
                            "data/authored/so_countries.csv",
    "non_numeric_pay": "converted_comp_yearly is not a number",
    "non_positive_pay": "converted_comp_yearly is zero or negative",
    "absurd_pay": f"converted_comp_yearly is over {SO_MAX_COMP_USD:,} USD a year (the stated ceiling)",
}

# ---------------------------------------------------------------- curated tables

_SO_GRADE = Field(
    "grade", "string",
    "The article's grade from years of professional coding (years_code_pro): Junior = less than 1 year (0), "
    "Middle = 1-3 years, Senior = 4 years and more (the survey has no team-lead field, so no row is Executive); "
    "empty when years_code_pro was not answered", enum=schema.GRADES, ordered=True)
TABLES: tuple[Table, ...] = (
    Table(
        "so_salary_bins",
        "Stack Overflow 2024: professional developers' annual total compensation in 1% log bins",
        "Counts of respondents per (year, grade, years band, role family, ML role, dev type, country of residence, "
        "region of residence, organisation size, remote work, below the pay floor, pay bin), with sum_usd, so any "
        "grouping's inverted-CDF quantiles come back within 1% (the same binning as salary_bins). Only professional "
        "developers (main_branch 1, 'I am a developer by profession') with a compensation are kept; the whole table is "
        "the all-developers baseline. Pay is converted_comp_yearly: annual TOTAL compensation in USD (aijobs' "
        "salary_in_usd is salary). Region is by country of RESIDENCE here, by company location in salary_bins. "
        "Employment type is not in the table (multi-select in 2024, dropped by the single-response curation). "
        "Licence: ODbL 1.0 (share-alike; contents DbCL 1.0); attribution: Stack Overflow Developer Survey 2024.",
        (SO,), (ODBL, DBCL), SO_PERIOD,
        (
            Field("work_year", "integer", "Survey year (2024)", "year", dtype="int16"),
            _SO_GRADE,
            Field("years_code_pro_band", "string", "Years of professional coding, banded: 0 (less than 1 year), 1-3, 4-6, "
                  "7-10, 11+ (51 = more than 50 years); empty when not answered",
                  enum=tuple(b for b, _, _ in SO_YEARS_BANDS), ordered=True),
            Field("role_family", "string", "Role family of dev_type from the reviewed mapping (so_dev_types.csv), in "
                  "aijobs' vocabulary; 'other' also holds the few who did not answer dev_type", enum=tuple(schema.FAMILY_VALUES)),
            Field("ml_role", "boolean", "An ML role, as the collection pools them: 'Data scientist or machine learning specialist' "
                  "or 'Developer, AI'"),
            Field("dev_type", "string", "The respondent's current job (single-select in 2024), the crosswalk label; "
                  "empty when not answered", dtype="category"),
            Field("residence_country", "string", "Country of residence, ISO 3166-1 alpha-2 (XK Kosovo; empty for "
                  "'Nomadic')", dtype="category"),
            Field("region", "string", f"Region of RESIDENCE: United States, Europe ({_EUROPE}) or Other (salary_bins' "
                  "region is by company location)", enum=schema.REGIONS),
            Field("org_size", "string", "Organisation size, in size order (the crosswalk numbers it alphabetically); "
                  "'I don’t know' last; empty when not answered", enum=SO_ORG_SIZES, ordered=True),
            Field("remote_work", "string", "In-person, Hybrid (some remote, some in-person) or Remote; empty when not answered",
                  enum=SO_REMOTE_WORK),
            Field("below_pay_floor", "boolean", f"Pay under {SO_PAY_FLOOR_USD:,} USD a year (aijobs' floor): kept "
                  "and flagged, not rejected; filter it out to apply the floor"),
            Field("bin", "integer", "Pay bin index: floor(ln(pay_usd) / ln(1.01))", dtype="int32"),
            Field("bin_lower_usd", "number", "Lower edge of the bin (inclusive)", SO_USD),
            Field("bin_upper_usd", "number", "Upper edge of the bin (exclusive)", SO_USD),
            Field("n", "integer", "Respondents in the cell", RECORDS),
            Field("sum_usd", "integer", "Sum of converted_comp_yearly over the cell's respondents, rounded", SO_USD),
        ),
    ),
    Table(
        "so_dev_types",
        "Reviewed mapping of Stack Overflow's dev_type answers to role families",
        "Every dev_type label of the 2024 crosswalk, mapped by hand to aijobs' role-family vocabulary, with whether it "
        "is an ML role; python -m helpers curate --strict refuses a label not in it.",
        (provenance.PROJECT, SO), (ODBL, DBCL), SO_PERIOD,
        (
            Field("dev_type", "string", "The crosswalk label, exactly", dtype="string"),
            Field("role_family", "string", "Role family", enum=tuple(schema.FAMILY_VALUES)),
            Field("ml_role", "boolean", "An ML role ('Data scientist or machine learning specialist' or 'Developer, AI')"),
            Field("rationale", "string", "Why the label is in that family"),
        ),
        authored=True,
    ),
    Table(
        "so_countries",
        "Reviewed ISO codes for Stack Overflow's nonstandard country names",
        "The names pycountry does not resolve exactly (Stack Overflow's own list), with the ISO 3166-1 alpha-2 code "
        "chosen by hand; every other name is resolved by pycountry. A name in neither is quarantined.",
        (provenance.PROJECT, SO), (ODBL, DBCL), SO_PERIOD,
        (
            Field("so_country", "string", "Country name exactly as in the survey", dtype="string"),
            Field("country_code", "string", "ISO 3166-1 alpha-2 (XK for Kosovo; empty for Nomadic)"),
            Field("rationale", "string", "The ISO name, or why the code"),
            Field("n_kept", "integer", "Kept respondents with this code (all spellings)", RECORDS, derived=True),
        ),
        authored=True,
    ),
)


# ---------------------------------------------------------------- its entry in the registry (helpers.analysis.sources)

def _ml(bins: pd.DataFrame) -> pd.DataFrame:
    """The ML pool: ML roles (``ml_role``) paid at least the pay floor."""
    return bins.loc[bins["ml_role"].eq(True).to_numpy() & bins["below_pay_floor"].eq(False).to_numpy()]


SOURCE = dict(
    key="so_survey", name="Stack Overflow 2024", table="so_salary_bins", region_by="country of residence",
    ml_pool="'Data scientist or machine learning specialist' and 'Developer, AI' (ml_role), pay of 5,000 USD or more",
    grades="years of professional coding: Junior under 1 year, Middle 1–3, Senior 4 or more (no Executive)",
    pay="total compensation", select_ml=_ml, colour="#882255", choices=("UK out",),
    view=View(rows=lambda b: b[~b["below_pay_floor"].astype(bool)],
              families=(Family("ml_role", "ML roles (data scientists or ML specialists, AI developers)", "ML roles",
                               lambda rows: rows[rows["ml_role"].astype(bool).to_numpy()]),
                        Family("all", "All professional developers", "All professional developers", every)),
              level="years_code_pro_band", level_name="years", level_label="Years of professional coding",
              levels=tuple((b, "less than 1 year" if b == "0" else f"{b} years") for b, _, _ in SO_YEARS_BANDS),
              unit=("USD per year, total compensation, nominal", "USD per year, total pay"), who="developers",
              note="Annual TOTAL compensation (salary, bonus, equity) as converted by the survey, by the respondent's "
                   f"country of residence; professional developers; {_TERMS.licence}, attribution: {_TERMS.attribution}."),
    short="Stack Overflow", counts="professional developers",
    pay_detail="total compensation (bonuses and equity included)")
