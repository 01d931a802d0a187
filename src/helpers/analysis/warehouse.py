"""A tiny SQL warehouse: DuckDB views over the curated CSV tables.

``connect()`` opens an in-memory DuckDB database with one view per curated table, typed from
``datapackage.json`` (integer -> BIGINT, number -> DOUBLE, boolean -> BOOLEAN, string -> VARCHAR,
and a string with an ``enum`` constraint -> a DuckDB ENUM in the documented order, so grades sort
Junior < Middle < Senior < Executive in SQL too). Nothing is copied: the views read the CSV files.

The SQL for the key answers lives here as text so a notebook can show it. Quantiles follow the
project's convention (see ``helpers.binning``): the inverted CDF on binned counts, i.e. the mean
salary of the bin holding the ceil(q * n)-th record, written with window cumulative sums.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from helpers import binning, licensing, paths, study, tables

_SQL_TYPES = {"integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "string": "VARCHAR"}

#: Columns a grouping of ``salary_bins`` may use.
GROUP_COLUMNS: tuple[str, ...] = (
    "work_year", "grade", "role_family", "company_location", "region", "company_size", "remote_ratio", "employment_type",
)


def _quote_literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _column_type(field: dict, enum_name: str) -> tuple[str, str | None]:
    """DuckDB type for a datapackage field, and the CREATE TYPE statement it needs (if an ENUM)."""
    enum = field.get("constraints", {}).get("enum")
    if field["type"] == "string" and enum:
        return enum_name, f"CREATE TYPE {enum_name} AS ENUM ({', '.join(_quote_literal(v) for v in enum)})"
    return _SQL_TYPES.get(field["type"], "VARCHAR"), None



def connect(folder: Path = paths.CURATED) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a typed view per curated table (named as the table)."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    con = duckdb.connect(":memory:")
    created: dict[str, str] = {}  # ENUM type name -> its definition, created once
    for res in descriptor["resources"]:
        if "schema" not in res or not str(res.get("path", "")).endswith(".csv"):
            continue
        columns = []
        for field in res["schema"]["fields"]:
            type_name, ddl = _column_type(field, f"{field['name']}_t")
            if ddl is not None:
                if type_name in created and created[type_name] != ddl:
                    raise ValueError(f"column {field['name']!r} has different enums in different tables")
                if type_name not in created:
                    con.execute(ddl)
                    created[type_name] = ddl
            columns.append(f"{_quote_literal(field['name'])}: {_quote_literal(type_name)}")
        path = (folder / res["path"]).resolve()
        con.execute(
            f"CREATE VIEW {res['name']} AS SELECT * FROM read_csv({_quote_literal(str(path))}, header = true, "
            f"columns = {{{', '.join(columns)}}}, auto_detect = false)"
        )
    return con


def binned_quantile_sql(group_by: Sequence[str], where: str = "TRUE", qs: Sequence[float] = (0.5,)) -> str:
    """SQL for inverted-CDF quantiles from ``salary_bins``, one row per group and quantile.

    Output columns: the ``group_by`` columns, ``q``, ``n`` (records in the group) and ``value_usd``
    (the mean salary of the bin holding the ceil(q * n)-th record). ``where`` filters rows first.
    """
    bad = [c for c in group_by if c not in GROUP_COLUMNS]
    if bad:
        raise ValueError(f"cannot group salary_bins by {bad}; allowed: {', '.join(GROUP_COLUMNS)}")
    if not qs or any(not 0 < float(q) <= 1 for q in qs):
        raise ValueError(f"quantiles must lie in (0, 1]: {list(qs)}")
    g = ", ".join(group_by)
    g_comma = g + ", " if g else ""
    part = f"PARTITION BY {g} " if g else ""
    q_values = ", ".join(f"({float(q)!r})" for q in qs)
    return f"""WITH per_bin AS (            -- one row per group and 1% salary bin
    SELECT {g_comma}bin, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(sum_usd) AS BIGINT) AS sum_usd
    FROM salary_bins
    WHERE {where}
    GROUP BY {g_comma}bin
),
cumulative AS (                            -- running count of records, bins in salary order
    SELECT *,
           SUM(n) OVER ({part}ORDER BY bin ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_n,
           SUM(n) OVER ({part.strip()}) AS total_n
    FROM per_bin
),
qs(q) AS (VALUES {q_values})
SELECT {g_comma}q, CAST(ANY_VALUE(total_n) AS BIGINT) AS n,
       -- the first bin whose running count reaches the ceil(q * n)-th record; its mean salary
       ARG_MIN(sum_usd / n, bin) AS value_usd
FROM cumulative CROSS JOIN qs
WHERE cum_n >= GREATEST(CEIL(q * total_n - 1e-9), 1)
GROUP BY {g_comma}q
ORDER BY {g_comma}q"""


def where_clause(**filters: object) -> str:
    """A SQL ``WHERE`` body from equality filters (a list/tuple value means ``IN``); ``TRUE`` if none."""
    parts = []
    for col, val in sorted(filters.items()):
        if col not in GROUP_COLUMNS:
            raise ValueError(f"unknown salary_bins column {col!r}")
        if isinstance(val, list | tuple | set):
            items = sorted(val)
            parts.append(f"{col} IN ({', '.join(_lit(v) for v in items)})")
        else:
            parts.append(f"{col} = {_lit(val)}")
    return " AND ".join(parts) if parts else "TRUE"


def _lit(v: object) -> str:
    return str(int(v)) if isinstance(v, int) else _quote_literal(str(v))


def drawn_from(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[str, ...] | None:
    """The curated tables (views) ``sql`` reads, from DuckDB's own parse of it; ``None`` when it reads anything else
    (a table function such as ``read_csv``, a table that is not a curated one) or nothing."""
    tree = json.loads(con.cursor().execute("SELECT json_serialize_sql(?::VARCHAR)", [sql]).fetchall()[0][0])
    if tree.get("error"):
        return None
    read, ctes, other = set(), set(), False

    def walk(node: object) -> None:
        nonlocal other
        if isinstance(node, dict):
            if node.get("type") == "BASE_TABLE":
                read.add(node.get("table_name"))
            elif node.get("type") == "TABLE_FUNCTION":
                other = True
            ctes.update(e.get("key") for e in node.get("cte_map", {}).get("map", []) if isinstance(e, dict))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(tree)
    read -= ctes
    return None if other or not read or read - set(tables.TABLES) else tuple(sorted(read))


def query(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """Run SQL and return a pandas DataFrame (ENUM columns become ordered categoricals), carrying the provenance of
    the curated tables it reads (:func:`drawn_from`; none when it reads anything else)."""
    out = con.sql(sql).df()
    names = drawn_from(con, sql)
    return licensing.tag(out, *names) if names else out


def region_medians_sql(role_family: str = study.ML_FAMILY, work_year: int = study.LATEST_FULL_YEAR,
                       regions: Sequence[str] = study.COMPARED_REGIONS) -> str:
    """SQL: median salary and n by region and grade for one role family and work year."""
    return binned_quantile_sql(["region", "grade"], where_clause(role_family=role_family, work_year=work_year, region=list(regions)))


def ladder_sql(role_family: str = study.ML_FAMILY, work_year: int = study.LATEST_FULL_YEAR,
               region: str = study.COMPARED_REGIONS[0]) -> str:
    """SQL: the grade ladder: each grade's median and its multiple of the previous grade's and of Junior's."""
    medians = binned_quantile_sql(["grade"], where_clause(role_family=role_family, work_year=work_year, region=region))
    return f"""WITH medians AS (
{medians}
),
ranked AS (SELECT m.*, g.rank FROM medians AS m JOIN grades AS g USING (grade))
SELECT r.grade, r.n, r.value_usd AS median_usd,
       r.value_usd / p.value_usd AS x_previous_grade,    -- NULL where the grade below has no records
       r.value_usd / j.value_usd AS x_junior
FROM ranked AS r
LEFT JOIN ranked AS p ON p.rank = r.rank - 1
LEFT JOIN ranked AS j ON j.grade = 'Junior'
ORDER BY r.grade"""


def compare_with_pandas(sql_result: pd.DataFrame, bins: pd.DataFrame, group_by: Sequence[str], **filters: object) -> pd.DataFrame:
    """Recompute each row of a ``binned_quantile_sql`` result with ``binning.binned_quantile`` in pandas.

    Adds ``pandas_n``, ``pandas_usd`` and ``equal`` (same n and bit-identical quantile) columns.
    ``bins`` is ``data.salary_bins()``; ``filters`` are the same equality/IN filters as the SQL's.
    """
    mask = pd.Series(True, index=bins.index)
    for col, val in filters.items():
        mask &= bins[col].isin(list(val)) if isinstance(val, list | tuple | set) else bins[col] == val
    base = bins[mask]
    out = sql_result.copy()
    pandas_n, pandas_usd = [], []
    for _, row in out.iterrows():
        sub = base
        for col in group_by:
            sub = sub[sub[col] == row[col]]
        pandas_n.append(int(sub["n"].sum()))
        pandas_usd.append(float(binning.binned_quantile(sub, row["q"])[0]))
    out["pandas_n"] = pandas_n
    out["pandas_usd"] = pandas_usd
    out["equal"] = (out["n"] == out["pandas_n"]) & (out["value_usd"] == out["pandas_usd"])
    return out


def table_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every user view with its number of rows and columns, sorted by name."""
    names = [r[0] for r in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()]
    rows = []
    for name in names:
        n_rows = con.sql(f"SELECT COUNT(*) FROM {name}").fetchall()[0][0]
        n_cols = con.sql(f"SELECT COUNT(*) FROM (DESCRIBE {name})").fetchall()[0][0]
        rows.append({"table": name, "rows": int(n_rows), "columns": int(n_cols)})
    return pd.DataFrame(rows, columns=["table", "rows", "columns"])


def wide(result: pd.DataFrame, group_by: Sequence[str], small_n: int | None = None) -> pd.DataFrame:
    """Pivot a ``binned_quantile_sql`` result to one row per group with ``n``, ``p10``.. columns and ``small_sample``.

    The layout of ``stats.quantile_table``, so the plot helpers take it as it is.
    """
    small_n = study.SMALL_SAMPLE_N if small_n is None else small_n
    t = result.assign(col=[binning.quantile_column(q) for q in result["q"]])
    out = t.pivot_table(index=[*group_by, "n"], columns="col", values="value_usd", observed=True, sort=True).reset_index()
    out.columns.name = None
    out["small_sample"] = out["n"] < small_n
    return licensing.carry(out, result)
