"""Read a raw salaries file and sort every record into kept or rejected, with a reason; the books must balance.

First :func:`helpers.pipeline.records.scan` counts the file's records byte by byte (independently of the CSV
parser), finds blank lines, line breaks of every kind, multi-line records and lines with broken quoting (those
are quarantined before parsing). DuckDB then parses the file (or a normalised copy), records the lines it cannot
parse (with their number) instead of failing, and applies the validation rules (:mod:`helpers.pipeline.rules`)
as one SQL pass. If the parser's rows plus its rejected lines differ from the byte-level count, the file is
refused (:class:`RawFileError`): a parse that stops early never passes as a complete one. Problems that make the
whole file unusable (empty, archive, UTF-16, missing or extra columns) raise :class:`RawFileError` too.

For speed and memory at scale (measured in ``benchmarks/RESULTS.md``) the file is streamed into DISTINCT raw rows
with their number of copies (no table of every line is kept) and the rules run once per distinct row: a rule only
looks at the fields, so every copy gets the same reason. Record numbers are needed only for rejected rows; a
second, streaming pass numbers the records and keeps those, and it runs only when something was rejected. Every
reject carries the physical line an editor shows (multi-line records, blank and quarantined lines accounted for).
"""

from __future__ import annotations

import datetime as _dt
import functools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pycountry

from helpers import schema
from helpers.fsutil import FsFault, fs_step
from helpers.pipeline import duck, records, rules

#: Names a leading index column gets from common re-exports (pandas ``to_csv(index=True)``, R ``write.csv``).
INDEX_COLUMN_NAMES: tuple[str, ...] = ("", "Unnamed: 0", "index")
_INDEX = "_index_column"


class RawFileError(ValueError):
    """The raw file cannot be curated at all; the message names file, line and column."""


@dataclass
class Validated:
    """The outcome of validating one raw file; the tables live in ``con``.

    Tables: ``checked`` (one row per distinct well-formed raw row: the 11 fields, ``copies``, ``reason`` (NULL when
    valid) and ``fx_checked``), ``rejected_records`` (each record rejected by a rule, with its ``record`` number and
    physical ``line``), ``rejects`` (one row per rejected line or record: ``line``, ``record``, ``reason``,
    ``column_name``, ``detail``). ``numbered_sql`` numbers every parsed record (``record``, 1-based) in file order;
    :meth:`lines_of` turns those numbers into physical lines.
    """

    con: duckdb.DuckDBPyConnection
    path: Path
    layout: records.Layout
    rows_read: int
    rejected: dict[str, int]
    notes: list[str] = field(default_factory=list)
    numbered_sql: str = ""
    bad_records: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="int64"))  # parser record numbers it rejected
    workdir: tempfile.TemporaryDirectory | None = None  # holds the normalised copy while the parser may read it

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())

    def records_of(self, parsed: np.ndarray) -> np.ndarray:
        """The parser's record numbers (1-based, every record) of the ``parsed``-th well-formed records."""
        parsed = np.asarray(parsed, dtype="int64")
        gaps = self.bad_records - np.arange(1, len(self.bad_records) + 1)  # well-formed records before each bad one
        return parsed + np.searchsorted(gaps, parsed, side="left")

    def lines_of(self, parsed: np.ndarray) -> np.ndarray:
        """Physical lines of the ``parsed``-th well-formed records."""
        return self.layout.physical_line(self.records_of(parsed))

    def close(self) -> None:
        """Drop the temporary copy (the connection's tables stay usable)."""
        if self.workdir is not None:
            self.workdir.cleanup()
            self.workdir = None


def check_header(path: Path, names: list[str], line: int = 1) -> None:
    """Raise unless the header has exactly the expected columns (any order)."""
    missing = [c for c in schema.RAW_COLUMNS if c not in names]
    extra = [c for c in names if c not in schema.RAW_COLUMNS]
    dupes = sorted({c for c in names if names.count(c) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if extra:
        problems.append(f"unexpected column(s) {', '.join(c if len(c) <= 40 else records.shorten(c, 40) for c in extra[:5])}"
                        + (f" and {len(extra) - 5} more" if len(extra) > 5 else ""))
    if dupes:
        problems.append(f"repeated column(s) {', '.join(dupes)}")
    if problems:
        raise RawFileError(
            f"{path}, line {line} (header): {'; '.join(problems)}. Expected exactly: {', '.join(schema.RAW_COLUMNS)}"
        )


def _code_tables(con: duckdb.DuckDBPyConnection, fx: pd.DataFrame) -> None:
    """Small tables of valid ISO codes (a semi-join on them is much faster than a long IN list) and the official rates."""
    countries, currencies = _iso_codes()
    con.execute("CREATE OR REPLACE TEMP TABLE iso_countries AS SELECT unnest(?::VARCHAR[]) AS code", [countries])
    con.execute("CREATE OR REPLACE TEMP TABLE iso_currencies AS SELECT unnest(?::VARCHAR[]) AS code", [currencies])
    # as lists (not a registered frame, which costs more than the rest of this function)
    con.execute("CREATE OR REPLACE TEMP TABLE fx_rates AS SELECT unnest(?::VARCHAR[]) AS currency, "
                "unnest(?::INTEGER[]) AS year, unnest(?::DOUBLE[]) AS per_usd",
                [[str(c) for c in fx["currency"]], [int(y) for y in fx["year"]], [float(r) for r in fx["per_usd"]]])


@functools.cache
def _iso_codes() -> tuple[list[str], list[str]]:
    """Every ISO 3166 alpha-2 country code and ISO 4217 currency code pycountry knows, sorted."""
    return sorted(c.alpha_2 for c in pycountry.countries), sorted(c.alpha_3 for c in pycountry.currencies)


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
    con.execute(f"CREATE OR REPLACE TEMP TABLE wanted AS SELECT * EXCLUDE (fx_checked) FROM checked WHERE {where}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE wanted_hashes AS SELECT DISTINCT hash({cols}) AS h FROM wanted")
    with duck.global_setting(con, "disabled_optimizers",
                             lambda before: ",".join(x for x in (before, "build_side_probe_side") if x)):
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE matched AS SELECT n.*, b.reason FROM (
                    SELECT * FROM ({numbered}) WHERE hash({cols}) IN (SELECT h FROM wanted_hashes)
                ) n JOIN wanted b ON {match}"""
        )
    return "matched"


def _layout(path: Path, workdir: Path) -> records.Layout:
    try:
        with fs_step("cannot read the raw file", path, "give this user read access to it, or fetch it again (make data)"):
            if not path.is_file():
                raise RawFileError(f"{path}: not found. Fill data/raw first: make data "
                                   "(or python -m helpers fetch --from ../shared/data/raw)")
            return records.scan(path, workdir)
    except records.LayoutError as exc:
        raise RawFileError(str(exc)) from exc


def _columns(v_path: Path, layout: records.Layout) -> tuple[list[str], list[str]]:
    """The parser's column names and notes; a leading unnamed index column (re-exports) is named and dropped."""
    names = records.header_names(layout.header, v_path, layout.header_line)
    notes = []
    if len(names) == len(schema.RAW_COLUMNS) + 1 and names[0] in INDEX_COLUMN_NAMES and names[0] not in schema.RAW_COLUMNS:
        notes.append(f"the first column ({names[0]!r}) is an unnamed index column, as re-exports write it; it was dropped")
        check_header(v_path, names[1:], layout.header_line)
        return [_INDEX, *names[1:]], notes
    check_header(v_path, names, layout.header_line)
    return names, notes


def validate(path: Path, con: duckdb.DuckDBPyConnection | None = None, max_year: int | None = None,
             fx: pd.DataFrame | None = None, on_layout: Callable[[records.Layout], None] | None = None) -> Validated:
    """Parse and validate ``path``; every record is counted in ``checked`` (``copies``) or listed in ``rejects``.

    ``fx`` holds the official rates (:func:`helpers.pipeline.rules.fx_rates`); without it only USD rows are checked.
    ``on_layout`` sees the byte-level layout (with the file's sha256) before any parsing, and may raise.
    """
    path = Path(path)
    with fs_step("cannot create a temporary folder in", tempfile.gettempdir(), "free space there, or set TMPDIR"):
        tmp = tempfile.TemporaryDirectory(prefix="helpers-curate-")
    try:
        return _validate(path, con, max_year, fx, tmp, on_layout)
    except BaseException:
        tmp.cleanup()
        raise


def _validate(path, con, max_year, fx, tmp, on_layout) -> Validated:
    workdir = Path(tmp.name)
    layout = _layout(path, workdir)
    names, notes = _columns(path, layout)
    notes = layout.notes() + notes
    if on_layout is not None:
        on_layout(layout)
    if layout.records == 0:
        raise RawFileError(f"{path}: the header is there but the file has no data rows")
    source = layout.text_path
    if layout.needs_normalising:
        with fs_step("cannot write a normalised copy of the raw file in", workdir,
                     "free space there, or point TMPDIR at a folder with room"):
            source = records.write_normalised(layout, workdir / "normalised.csv")
    if con is None:
        con = duck.connection()  # everything below is TEMP: this connection's own
    else:
        con.execute("SET enable_progress_bar = false")
    _code_tables(con, fx if fx is not None else pd.DataFrame(columns=["currency", "year", "per_usd"]))
    max_year = max_year or _dt.date.today().year + 1
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in names) + "}"
    src = str(source).replace("'", "''")
    cols = ", ".join(schema.RAW_COLUMNS)

    def scan(rejects: str) -> str:
        return f"""read_csv('{src}', header = true, auto_detect = false, columns = {columns},
                      delim = ',', quote = '"', escape = '"', store_rejects = true,
                      rejects_table = '{rejects}', rejects_scan = '{rejects}_scans')"""

    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE distinct_rows AS SELECT {cols}, count(*) AS copies "
                    f"FROM {scan('parse_errors')} GROUP BY ALL")
        con.execute(f"""CREATE OR REPLACE TEMP TABLE checked AS
                        SELECT d.*, {rules.reason_sql(max_year)} AS reason, {rules.per_usd_sql()} IS NOT NULL AS fx_checked
                        FROM {rules.join_sql('distinct_rows')}""")
    except duckdb.IOException as exc:
        raise FsFault(f"cannot read the raw file {path}: {records.shorten(str(exc).splitlines()[0], 160)}; "
                      "check it is readable, or fetch it again (make data)") from exc
    except duckdb.Error as exc:
        raise RawFileError(f"{path}: the CSV parser failed: {records.shorten(str(exc).splitlines()[0], 160)}") from exc
    con.execute("DROP TABLE distinct_rows")
    n_parsed = int(con.execute("SELECT coalesce(sum(copies), 0) FROM checked").fetchone()[0])
    bad = con.execute("SELECT DISTINCT line - 1 FROM parse_errors ORDER BY 1").fetchnumpy()
    bad_records = np.asarray(next(iter(bad.values())), dtype="int64") if bad else np.zeros(0, dtype="int64")
    expected = layout.records - len(layout.quarantined)
    if n_parsed + len(bad_records) != expected:
        last = int(layout.physical_line(n_parsed + len(bad_records)))
        raise RawFileError(
            f"{path}: the CSV parser read {n_parsed + len(bad_records):,} records but the file holds {expected:,} "
            f"(counted byte by byte, respecting quotes); the parse stopped early or split records differently "
            f"near line {last:,}. Nothing was published; check the file's quoting there"
        )
    v = Validated(con, path, layout, layout.records, {}, notes, f"SELECT row_number() OVER () AS record, {cols} "
                  f"FROM {scan('parse_errors_2')}", bad_records, tmp)
    _rejects(v)
    return v


def _rejects(v: Validated) -> None:
    """Fill ``rejected_records`` and ``rejects`` (every rejected record with its physical line) and ``v.rejected``."""
    con, cols = v.con, ", ".join(schema.RAW_COLUMNS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE rejected_records AS SELECT NULL::BIGINT AS record, NULL::BIGINT AS line, "
                f"{cols}, reason FROM checked LIMIT 0")
    if con.execute("SELECT count(*) FROM checked WHERE reason IS NOT NULL").fetchone()[0]:
        rr = con.execute(f"SELECT * FROM {numbered_records(con, v.numbered_sql, 'reason IS NOT NULL')}").df()
        parsed = rr.pop("record").to_numpy(dtype="int64")
        rr.insert(0, "line", v.lines_of(parsed))
        rr.insert(0, "record", v.records_of(parsed))
        con.register("rr_df", rr)
        con.execute(f"INSERT INTO rejected_records SELECT record, line, {cols}, reason FROM rr_df")
        con.unregister("rr_df")
    errs = con.execute(
        """SELECT line - 1 AS record, CASE WHEN error_type = 'INVALID ENCODING' THEN 'invalid_utf8'
                  ELSE 'malformed_line' END AS reason, column_name, left(error_message, 200) AS detail
           FROM (SELECT *, row_number() OVER (PARTITION BY line ORDER BY column_idx) AS k FROM parse_errors) WHERE k = 1"""
    ).fetchall()
    err_lines = v.layout.physical_line(np.array([e[0] for e in errs], dtype="int64")).tolist()
    # the parser's rejects, then the lines quarantined before parsing, passed as typed lists (registering two small
    # frames cost more than the rest of this function)
    rows = [(ln, rec, reason, col, detail) for ln, (rec, reason, col, detail) in zip(err_lines, errs, strict=True)]
    rows += [(ln, None, reason, None, detail) for ln, reason, detail in v.layout.quarantined]
    con.execute(
        """CREATE OR REPLACE TEMP TABLE rejects AS
        SELECT * FROM (SELECT unnest(?::BIGINT[]) AS line, unnest(?::BIGINT[]) AS record, unnest(?::VARCHAR[]) AS reason,
                       unnest(?::VARCHAR[]) AS column_name, unnest(?::VARCHAR[]) AS detail)
        UNION ALL SELECT line, record, reason, NULL, NULL FROM rejected_records
        ORDER BY line, record""",
        [[None if x is None else int(x) for x in col] if i < 2 else [None if x is None else str(x) for x in col]
         for i, col in enumerate(zip(*rows, strict=True))] if rows else [[], [], [], [], []],
    )
    v.rejected = dict(con.execute("SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY reason").fetchall())
