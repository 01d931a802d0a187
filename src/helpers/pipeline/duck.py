"""The curation's DuckDB: each build gets its own in-memory database, closed (with all it made) when the build ends.

Nothing is shared between builds, threads or processes: a forked child never inherits an open database it would have
to keep alive, and a database-wide setting changed by :func:`global_setting` concerns one build only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

import duckdb
import pandas as pd


def connection() -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB database for one build, with the progress bar off; close it when the build ends."""
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    return con


@contextlib.contextmanager
def global_setting(con: duckdb.DuckDBPyConnection, name: str, value: Callable[[str], str]) -> Iterator[None]:
    """Set the database-wide setting ``name`` to ``value(its current value)`` for the block, then put back what it was."""
    before = con.execute(f"SELECT current_setting('{name}')").fetchone()[0]
    con.execute(f"SET {name} = ?", [value(before)])
    try:
        yield
    finally:
        con.execute(f"SET {name} = ?", [before])


def text_table(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, Sequence[object]]) -> None:
    """Create (or replace) the TEMP table ``name`` of VARCHAR ``columns`` (equal lengths; None or NaN is NULL).

    Passed as lists: registering a pandas frame costs several ms each time, more than most queries on it."""
    def text(v: object) -> str | None:
        return v if type(v) is str else None if pd.isna(v) else str(v)

    select = ", ".join(f"unnest(?::VARCHAR[]) AS {c}" for c in columns)
    lists = [[text(v) for v in (col.tolist() if isinstance(col, pd.Series) else col)] for col in columns.values()]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}", lists)
