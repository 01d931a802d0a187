"""Read a raw salaries file and sort every line into kept or rejected, with a reason.

DuckDB is the engine: it parses the CSV in parallel, records lines it cannot parse (with their line
number) instead of failing, and applies the validation rules as one SQL pass. Problems that make
the whole file unusable (empty file, missing or extra columns) raise :class:`RawFileError`.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pycountry

from helpers import schema

_BOM = b"\xef\xbb\xbf"


class RawFileError(ValueError):
    """The raw file cannot be curated at all; the message names file, line and column."""


@dataclass
class Validated:
    """The outcome of validating one raw file; the tables live in ``con``.

    Tables: ``parsed`` (well-formed records with ``record`` ordinal), ``checked`` (plus ``reason``),
    ``rejects`` (one row per rejected line or record, with its reason).
    """

    con: duckdb.DuckDBPyConnection
    path: Path
    rows_read: int
    rejected: dict[str, int]
    had_bom: bool
    notes: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())


def read_header(path: Path) -> tuple[list[str], bool]:
    """The header's column names and whether the file starts with a UTF-8 BOM."""
    with open(path, "rb") as fh:
        first = fh.readline()
    if not first.strip():
        raise RawFileError(f"{path}: the file is empty (no header line); expected columns {', '.join(schema.RAW_COLUMNS)}")
    had_bom = first.startswith(_BOM)
    if had_bom:
        first = first[len(_BOM) :]
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RawFileError(f"{path}, line 1 (header): not valid UTF-8 at byte {exc.start}") from exc
    names = [c.strip() for c in next(csv.reader(io.StringIO(text)))]
    return names, had_bom


def check_header(path: Path, names: list[str]) -> None:
    """Raise unless the header has exactly the expected columns (any order)."""
    missing = [c for c in schema.RAW_COLUMNS if c not in names]
    extra = [c for c in names if c not in schema.RAW_COLUMNS]
    dupes = sorted({c for c in names if names.count(c) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if extra:
        problems.append(f"unexpected column(s) {', '.join(extra)}")
    if dupes:
        problems.append(f"repeated column(s) {', '.join(dupes)}")
    if problems:
        raise RawFileError(
            f"{path}, line 1 (header): {'; '.join(problems)}. Expected exactly: {', '.join(schema.RAW_COLUMNS)}"
        )


def _sql_list(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in sorted(values))


def _reason_sql(max_year: int) -> str:
    countries = _sql_list(c.alpha_2 for c in pycountry.countries)
    currencies = _sql_list(c.alpha_3 for c in pycountry.currencies)
    num = "TRY_CAST({c} AS DOUBLE)"
    sal, usd = num.format(c="salary"), num.format(c="salary_in_usd")
    year = "TRY_CAST(trim(work_year) AS INTEGER)"
    return f"""
    CASE
      WHEN work_year = 'work_year' AND job_title = 'job_title' THEN 'repeated_header'
      WHEN NOT regexp_full_match(coalesce(trim(work_year), ''), '[0-9]{{4}}')
           OR {year} NOT BETWEEN {schema.MIN_WORK_YEAR} AND {max_year} THEN 'invalid_work_year'
      WHEN coalesce(experience_level, '') NOT IN ({_sql_list(schema.EXPERIENCE_LEVELS)}) THEN 'unknown_experience_level'
      WHEN coalesce(employment_type, '') NOT IN ({_sql_list(schema.EMPLOYMENT_TYPES)}) THEN 'unknown_employment_type'
      WHEN coalesce(company_size, '') NOT IN ({_sql_list(schema.COMPANY_SIZES)}) THEN 'unknown_company_size'
      WHEN coalesce(trim(remote_ratio), '') NOT IN ({_sql_list(schema.REMOTE_RATIOS)}) THEN 'unknown_remote_ratio'
      WHEN coalesce(trim(job_title), '') = '' THEN 'missing_job_title'
      WHEN {sal} IS NULL OR {usd} IS NULL OR NOT isfinite({sal}) OR NOT isfinite({usd}) THEN 'non_numeric_salary'
      WHEN {sal} <= 0 OR {usd} <= 0 THEN 'non_positive_salary'
      WHEN {usd} > {schema.MAX_SALARY_USD} THEN 'absurd_salary'
      WHEN coalesce(salary_currency, '') NOT IN ({currencies}) THEN 'unknown_currency'
      WHEN coalesce(employee_residence, '') NOT IN ({countries})
           OR coalesce(company_location, '') NOT IN ({countries}) THEN 'unknown_country_code'
    END"""


def validate(path: Path, con: duckdb.DuckDBPyConnection | None = None, max_year: int | None = None) -> Validated:
    """Parse and validate ``path``; every data line ends up in ``checked`` or ``rejects``."""
    path = Path(path)
    if not path.is_file():
        raise RawFileError(f"{path}: no such file")
    names, had_bom = read_header(path)
    check_header(path, names)
    con = con or duckdb.connect()
    max_year = max_year or _dt.date.today().year + 1
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in names) + "}"
    src = str(path).replace("'", "''")
    con.execute(
        f"""CREATE OR REPLACE TABLE parsed AS
        SELECT row_number() OVER () AS record, {', '.join(schema.RAW_COLUMNS)}
        FROM read_csv('{src}', header = true, auto_detect = false, columns = {columns},
                      delim = ',', quote = '"', escape = '"', store_rejects = true,
                      rejects_table = 'parse_errors', rejects_scan = 'parse_scans')"""
    )
    con.execute(
        f"CREATE OR REPLACE TABLE checked AS SELECT *, {_reason_sql(max_year)} AS reason FROM parsed"
    )
    con.execute(
        """CREATE OR REPLACE TABLE rejects AS
        SELECT line, NULL::BIGINT AS record, reason, column_name, detail FROM (
            SELECT line,
                   CASE WHEN error_type = 'INVALID ENCODING' THEN 'invalid_utf8' ELSE 'malformed_line' END AS reason,
                   column_name, error_message AS detail,
                   row_number() OVER (PARTITION BY line ORDER BY column_idx) AS k
            FROM parse_errors) WHERE k = 1
        UNION ALL
        SELECT NULL, record, reason, NULL, NULL FROM checked WHERE reason IS NOT NULL
        ORDER BY line NULLS LAST, record"""
    )
    n_parsed = con.execute("SELECT count(*) FROM parsed").fetchone()[0]
    n_bad_lines = con.execute("SELECT count(DISTINCT line) FROM parse_errors").fetchone()[0]
    rejected = dict(con.execute("SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY reason").fetchall())
    notes = ["the file starts with a UTF-8 byte-order mark, which was skipped"] if had_bom else []
    if n_parsed + n_bad_lines == 0:
        raise RawFileError(f"{path}: the header is there but the file has no data rows")
    return Validated(con, path, n_parsed + n_bad_lines, rejected, had_bom, notes)
