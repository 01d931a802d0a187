"""Read a raw salaries file and sort every line into kept or rejected, with a reason.

DuckDB is the engine: it parses the CSV in parallel, records lines it cannot parse (with their line
number) instead of failing, and applies the validation rules as one SQL pass. Problems that make
the whole file unusable (empty file, missing or extra columns) raise :class:`RawFileError`.

For speed and memory at scale (measured in ``benchmarks/RESULTS.md``) the file is streamed into
DISTINCT raw rows with their number of copies (no table of every line is kept) and the rules run
once per distinct row: a rule only looks at the fields, so every copy gets the same reason. Record
numbers are needed only for rejected rows; a second, streaming pass numbers the records and keeps
those, and it runs only when something was rejected.
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

    Tables: ``checked`` (one row per distinct well-formed raw row: the 11 fields, ``copies`` and
    ``reason``, NULL when valid), ``rejected_records`` (each rejected record with its ``record``
    ordinal, fields and reason), ``rejects`` (one row per rejected line or record, with its reason).
    ``numbered_sql`` is a query numbering every well-formed record (``record``, 1-based) in file order.
    """

    con: duckdb.DuckDBPyConnection
    path: Path
    rows_read: int
    rejected: dict[str, int]
    had_bom: bool
    notes: list[str] = field(default_factory=list)
    numbered_sql: str = ""

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


def _code_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Small tables of valid ISO codes: a semi-join on them is much faster than a long IN list."""
    con.execute("CREATE OR REPLACE TEMP TABLE iso_countries AS SELECT unnest(?::VARCHAR[]) AS code",
                [sorted(c.alpha_2 for c in pycountry.countries)])
    con.execute("CREATE OR REPLACE TEMP TABLE iso_currencies AS SELECT unnest(?::VARCHAR[]) AS code",
                [sorted(c.alpha_3 for c in pycountry.currencies)])


def _reason_sql(max_year: int) -> str:
    countries = "SELECT code FROM iso_countries"
    currencies = "SELECT code FROM iso_currencies"
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


def numbered_records(con: duckdb.DuckDBPyConnection, numbered: str, where: str) -> str:
    """Create temp table ``matched``: the numbered records whose distinct row in ``checked`` meets
    ``where``, with their ``record`` ordinal, fields and ``reason``; returns its name.

    The record stream is narrowed by a hash of the fields against the (small) wanted set, then
    matched field by field (NULL matching NULL). The optimizer must not make the stream the hash
    join's build side (it estimates a CSV scan at a few dozen rows), which would hold every record
    in memory, so that rule is switched off for this one query.
    """
    cols = ", ".join(schema.RAW_COLUMNS)
    match = " AND ".join(f"n.{c} IS NOT DISTINCT FROM b.{c}" for c in schema.RAW_COLUMNS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE wanted AS SELECT * FROM checked WHERE {where}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE wanted_hashes AS SELECT DISTINCT hash({cols}) AS h FROM wanted")
    before = con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0]
    con.execute("SET disabled_optimizers = ?", [",".join(x for x in (before, "build_side_probe_side") if x)])
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE matched AS SELECT n.*, b.reason FROM (
                    SELECT * FROM ({numbered}) WHERE hash({cols}) IN (SELECT h FROM wanted_hashes)
                ) n JOIN wanted b ON {match}"""
        )
    finally:
        con.execute("SET disabled_optimizers = ?", [before])
    return "matched"


def validate(path: Path, con: duckdb.DuckDBPyConnection | None = None, max_year: int | None = None) -> Validated:
    """Parse and validate ``path``; every data line is counted in ``checked`` (``copies``) or listed in ``rejects``."""
    path = Path(path)
    if not path.is_file():
        raise RawFileError(f"{path}: no such file")
    names, had_bom = read_header(path)
    check_header(path, names)
    con = con or duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    _code_tables(con)
    max_year = max_year or _dt.date.today().year + 1
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in names) + "}"
    src = str(path).replace("'", "''")
    cols = ", ".join(schema.RAW_COLUMNS)

    def scan(rejects: str) -> str:
        return f"""read_csv('{src}', header = true, auto_detect = false, columns = {columns},
                      delim = ',', quote = '"', escape = '"', store_rejects = true,
                      rejects_table = '{rejects}', rejects_scan = '{rejects}_scans')"""

    con.execute(f"CREATE OR REPLACE TEMP TABLE distinct_rows AS SELECT {cols}, count(*) AS copies FROM {scan('parse_errors')} GROUP BY ALL")
    con.execute(f"CREATE OR REPLACE TABLE checked AS SELECT *, {_reason_sql(max_year)} AS reason FROM distinct_rows")
    con.execute("DROP TABLE distinct_rows")
    # every record of a rejected distinct row, with its ordinal: a second streaming pass, only when needed
    numbered = f"SELECT row_number() OVER () AS record, {cols} FROM {scan('parse_errors_2')}"
    con.execute(f"CREATE OR REPLACE TABLE rejected_records AS SELECT NULL::BIGINT AS record, {cols}, reason FROM checked LIMIT 0")
    if con.execute("SELECT count(*) FROM checked WHERE reason IS NOT NULL").fetchone()[0]:
        con.execute(f"INSERT INTO rejected_records SELECT * FROM {numbered_records(con, numbered, 'reason IS NOT NULL')}")
    con.execute(
        """CREATE OR REPLACE TABLE rejects AS
        SELECT line, NULL::BIGINT AS record, reason, column_name, detail FROM (
            SELECT line,
                   CASE WHEN error_type = 'INVALID ENCODING' THEN 'invalid_utf8' ELSE 'malformed_line' END AS reason,
                   column_name, error_message AS detail,
                   row_number() OVER (PARTITION BY line ORDER BY column_idx) AS k
            FROM parse_errors) WHERE k = 1
        UNION ALL
        SELECT NULL, record, reason, NULL, NULL FROM rejected_records
        ORDER BY line NULLS LAST, record"""
    )
    n_parsed = con.execute("SELECT coalesce(sum(copies), 0) FROM checked").fetchone()[0]
    n_bad_lines = con.execute("SELECT count(DISTINCT line) FROM parse_errors").fetchone()[0]
    rejected = dict(con.execute("SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY reason").fetchall())
    notes = ["the file starts with a UTF-8 byte-order mark, which was skipped"] if had_bom else []
    if n_parsed + n_bad_lines == 0:
        raise RawFileError(f"{path}: the header is there but the file has no data rows")
    return Validated(con, path, int(n_parsed) + n_bad_lines, rejected, had_bom, notes, numbered)
