"""The curation's DuckDB connections: one in-memory database per process, a new connection to it for each build.

Opening a DuckDB database costs about 30 ms of CPU (and more of wall time: its catalog of built-in functions is
built anew each time), more than parsing and validating a small raw file. :func:`connection` opens the database
once per process and gives each caller a new connection (a DuckDB cursor) to it. Everything a build creates is
TEMP (tables, views, registered frames, the CSV reader's reject tables), which DuckDB keeps per connection: two
builds never see each other's tables, and closing a connection drops what it made. A forked child opens its own
database (a DuckDB instance does not survive ``fork``) and never closes the inherited one (closing it would wait
for worker threads the child does not have). :func:`global_setting` changes a setting that DuckDB keeps for the
whole database (not per connection) for one block, serialised across threads.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
from collections.abc import Callable, Iterator, Sequence

import duckdb
import pandas as pd

_LOCK = threading.Lock()
_SETTING_LOCK = threading.RLock()
_DATABASE: duckdb.DuckDBPyConnection | None = None


def _database() -> duckdb.DuckDBPyConnection:
    global _DATABASE
    with _LOCK:
        if _DATABASE is None:
            _DATABASE = duckdb.connect(":memory:")
        return _DATABASE


def _after_fork_in_child() -> None:
    """A forked child opens its own database and never closes the one it inherited: closing a database waits for
    its worker threads, which were not copied into the child, so it would hang there forever."""
    global _DATABASE, _LOCK, _SETTING_LOCK
    if _DATABASE is not None:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(_DATABASE))  # never freed in this process
    _DATABASE = None
    _LOCK, _SETTING_LOCK = threading.Lock(), threading.RLock()  # a lock held by a parent's thread stays held


os.register_at_fork(after_in_child=_after_fork_in_child)


def connection() -> duckdb.DuckDBPyConnection:
    """A new connection to this process's in-memory database, with the progress bar off (its settings are its own)."""
    con = _database().cursor()
    con.execute("SET enable_progress_bar = false")
    return con


@contextlib.contextmanager
def global_setting(con: duckdb.DuckDBPyConnection, name: str, value: Callable[[str], str]) -> Iterator[None]:
    """Set the database-wide setting ``name`` to ``value(its current value)`` for the block, then put back what it was.

    Held under a lock so that two builds in threads of one process do not restore each other's value."""
    with _SETTING_LOCK:
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
