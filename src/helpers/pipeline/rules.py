"""The validation and plausibility rules as one SQL CASE, and the official exchange rates the conversion rule checks against.

The rules are listed, in the order they apply, in :data:`helpers.schema.REJECT_REASONS`; a row gets the first
reason that matches. The two plausibility rules:

- ``below_pay_floor``: ``salary_in_usd`` under :data:`helpers.schema.MIN_SALARY_USD` a year;
- ``usd_conversion_mismatch``: ``salary_in_usd`` differs by more than a factor :data:`helpers.schema.FX_TOLERANCE`
  from ``salary`` divided by the year's official rate of its currency (units per USD), where the reference table
  (``data/authored/reference_wages.csv``, measure ``fx_rate``) has that rate. USD is its own rate (1). A row whose
  currency and year have no official rate is kept and counted as *unchecked*; a rate is never estimated.

:func:`fx_rates` reads the rates the way :func:`helpers.analysis.money.fx_rate` does (the direction from each
row's ``unit``, "EUR per USD" as is, "USD per EUR" inverted); ``tests/test_rules.py`` checks they agree.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers import schema

_PER = re.compile(r"^\s*(?P<num>[A-Za-z$ ]+?)\s+per\s+(?P<den>[A-Za-z$ ]+?)\s*(\(.*\))?\s*$")


def fx_rates(reference: pd.DataFrame) -> pd.DataFrame:
    """One official rate per (currency, year): ``currency``, ``year``, ``per_usd`` (units of the currency per USD), ``ref_id``.

    Read from the ``fx_rate`` rows of the reference table whose period is a year and whose unit is
    "<CUR> per USD" or "USD per <CUR>"; where two rows give the same currency and year, the first in the table wins.
    """
    out = []
    for r in reference[reference["measure"] == "fx_rate"].itertuples(index=False):
        period = str(r.period)
        m = _PER.match(str(r.unit))
        if not re.fullmatch(r"\d{4}", period) or not m or pd.isna(r.value) or float(r.value) <= 0:
            continue
        num, den = m["num"].strip(), m["den"].strip()
        if den == "USD" and num != "USD":
            out.append((num, int(period), float(r.value), r.ref_id))
        elif num == "USD" and den != "USD":
            out.append((den, int(period), 1.0 / float(r.value), r.ref_id))
    first = {}
    for row in out:  # the first row of each (currency, year) wins
        first.setdefault(row[:2], row)
    return pd.DataFrame([first[k] for k in sorted(first)], columns=["currency", "year", "per_usd", "ref_id"])


def _sql_list(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in sorted(values))


def reason_sql(max_year: int) -> str:
    """The CASE giving each row its reject reason (NULL when valid), over ``d`` (raw fields) joined to ``f`` (rates)."""
    num = "TRY_CAST(d.{c} AS DOUBLE)"
    sal, usd = num.format(c="salary"), num.format(c="salary_in_usd")
    year = "TRY_CAST(trim(d.work_year) AS INTEGER)"
    tol = float(schema.FX_TOLERANCE)
    ratio = f"({usd} * {per_usd_sql()} / {sal})"
    return f"""
    CASE
      WHEN d.work_year = 'work_year' AND d.job_title = 'job_title' THEN 'repeated_header'
      WHEN NOT regexp_full_match(coalesce(trim(d.work_year), ''), '[0-9]{{4}}')
           OR {year} NOT BETWEEN {schema.MIN_WORK_YEAR} AND {max_year} THEN 'invalid_work_year'
      WHEN coalesce(d.experience_level, '') NOT IN ({_sql_list(schema.EXPERIENCE_LEVELS)}) THEN 'unknown_experience_level'
      WHEN coalesce(d.employment_type, '') NOT IN ({_sql_list(schema.EMPLOYMENT_TYPES)}) THEN 'unknown_employment_type'
      WHEN coalesce(d.company_size, '') NOT IN ({_sql_list(schema.COMPANY_SIZES)}) THEN 'unknown_company_size'
      WHEN coalesce(trim(d.remote_ratio), '') NOT IN ({_sql_list(schema.REMOTE_RATIOS)}) THEN 'unknown_remote_ratio'
      WHEN coalesce(trim(d.job_title), '') = '' THEN 'missing_job_title'
      WHEN {sal} IS NULL OR {usd} IS NULL OR NOT isfinite({sal}) OR NOT isfinite({usd}) THEN 'non_numeric_salary'
      WHEN {sal} <= 0 OR {usd} <= 0 THEN 'non_positive_salary'
      WHEN {usd} > {schema.MAX_SALARY_USD} THEN 'absurd_salary'
      WHEN {usd} < {schema.MIN_SALARY_USD} THEN 'below_pay_floor'
      WHEN coalesce(d.salary_currency, '') NOT IN (SELECT code FROM iso_currencies) THEN 'unknown_currency'
      WHEN coalesce(d.employee_residence, '') NOT IN (SELECT code FROM iso_countries)
           OR coalesce(d.company_location, '') NOT IN (SELECT code FROM iso_countries) THEN 'unknown_country_code'
      WHEN {per_usd_sql()} IS NOT NULL AND ({ratio} > {tol!r} OR {ratio} < {1 / tol!r}) THEN 'usd_conversion_mismatch'
    END"""


def per_usd_sql() -> str:
    """The row's official rate (units of its currency per USD): 1 for USD, else the joined ``f.per_usd`` (NULL if none)."""
    return "(CASE WHEN d.salary_currency = 'USD' THEN 1.0 ELSE f.per_usd END)"


def join_sql(distinct_rows: str) -> str:
    """``distinct_rows`` as ``d`` with its year's official rate as ``f`` (one rate per currency and year, so no row doubles)."""
    return (f"{distinct_rows} d LEFT JOIN fx_rates f ON f.currency = d.salary_currency "
            "AND f.year = TRY_CAST(trim(d.work_year) AS INTEGER)")
