"""The curation's DuckDB: each build has its own database, a global setting is put back, a forked child opens its own."""

from __future__ import annotations

import os
import signal
import time

import duckdb
import pytest

from helpers.pipeline import duck


def test_a_connection_does_not_see_another_ones_tables():
    a, b = duck.connection(), duck.connection()
    a.execute("CREATE TEMP TABLE checked AS SELECT 1 AS x")
    b.execute("CREATE TEMP TABLE checked AS SELECT 2 AS x")
    assert a.execute("SELECT x FROM checked").fetchall() == [(1,)]
    assert b.execute("SELECT x FROM checked").fetchall() == [(2,)]
    a.close()
    with pytest.raises(duckdb.CatalogException):
        duck.connection().execute("SELECT x FROM checked")


def test_a_global_setting_is_put_back():
    con = duck.connection()
    before = con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0]
    with duck.global_setting(con, "disabled_optimizers", lambda _: "build_side_probe_side"):
        assert "build_side_probe_side" in con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0]
    assert con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] == before


def test_text_table_keeps_text_and_missing_values():
    con = duck.connection()
    duck.text_table(con, "t", {"a": ["x", None, "it's"], "b": ["1", float("nan"), "3"]})
    assert con.execute("SELECT * FROM t").fetchall() == [("x", "1"), (None, None), ("it's", "3")]


def test_a_forked_child_queries_its_own_database_and_exits():
    con = duck.connection()  # the parent's database exists, with its worker threads
    assert con.execute("SELECT sum(range) FROM range(1000)").fetchone()[0] == 499500
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 3
        try:
            c = duck.connection()
            code = 0 if c.execute("SELECT sum(range) FROM range(1000)").fetchone()[0] == 499500 else 4
        finally:
            os._exit(code)
    deadline = time.monotonic() + 60
    while not (done := os.waitpid(pid, os.WNOHANG))[0]:
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung on DuckDB")
        time.sleep(0.01)
    assert os.WIFEXITED(done[1]) and os.WEXITSTATUS(done[1]) == 0
