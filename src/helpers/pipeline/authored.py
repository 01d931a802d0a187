"""The hand-authored input tables under ``data/authored/``, loaded and checked.

These are the project's own inputs (the title -> role family mapping, the grade ladder, the
companies, claims and skills of the article, and official reference figures read from publishers'
pages), as opposed to the raw survey file. Their columns are the non-derived fields of the table
definitions in :mod:`helpers.tables`. Each loader raises :class:`AuthoredTableError` naming the file,
row and column of anything malformed.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from helpers import paths, schema, tables


class AuthoredTableError(ValueError):
    """A hand-authored table is malformed; the message names file, row and column."""


#: The hand-authored input files, by curated table name.
AUTHORED_TABLES: tuple[str, ...] = tuple(name for name, t in tables.TABLES.items() if t.authored)


def path_of(name: str, authored_dir: Path = paths.AUTHORED) -> Path:
    """The input file of the authored table ``name``."""
    return Path(authored_dir) / f"{name}.csv"


#: Parsed authored files by their exact bytes (a curation reads the same few small files every run; tests run it
#: about a hundred times in one process). Bounded; a changed file is a different key, so it is parsed again.
_PARSED: dict[bytes, pd.DataFrame] = {}
_PARSED_MAX = 64


def _parse(data: bytes) -> pd.DataFrame:
    """The CSV ``data`` as strings (a fresh copy each call: callers add columns to what they get)."""
    df = _PARSED.get(data)
    if df is None:
        df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.pop(next(iter(_PARSED), b""), None)  # the oldest
        _PARSED[data] = df
    return df.copy()


def read_authored(name: str, authored_dir: Path = paths.AUTHORED) -> pd.DataFrame:
    """Read one authored CSV as strings and check its columns against the table definition."""
    path = path_of(name, authored_dir)
    if not path.is_file():
        raise AuthoredTableError(f"{path}: missing hand-authored table")
    df = _parse(path.read_bytes())
    expected = tables.TABLES[name].authored_columns
    if tuple(df.columns) != expected:
        raise AuthoredTableError(f"{path}, line 1: columns {list(df.columns)}, expected {list(expected)}")
    return df


def _fail(path: Path, row: int, column: str, msg: str) -> AuthoredTableError:
    # +2: one for the header, one for 1-based lines
    return AuthoredTableError(f"{path}, line {row + 2}, column {column}: {msg}")


def _numeric_column(df: pd.DataFrame, column: str, path: Path, allow_empty: bool = False) -> pd.Series:
    """``df[column]`` as floats, raising with file, line and column on a non-number."""
    out = pd.to_numeric(df[column].replace("", None), errors="coerce")
    for i, (raw, val) in enumerate(zip(df[column], out, strict=True)):
        if pd.isna(val) and not (allow_empty and raw == ""):
            raise _fail(path, i, column, f"{raw!r} is not a number")
    return out


def role_families(authored_dir: Path = paths.AUTHORED) -> pd.DataFrame:
    """Job title -> role family, one row per title."""
    df = read_authored("role_families", authored_dir)
    path = path_of("role_families", authored_dir)
    for i, fam in enumerate(df["role_family"]):
        if fam not in schema.ROLE_FAMILIES:
            raise _fail(path, i, "role_family", f"unknown family {fam!r}; allowed: {', '.join(schema.ROLE_FAMILIES)}")
    dup = df["job_title"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise _fail(path, i, "job_title", f"title {df['job_title'].iloc[i]!r} is mapped twice")
    return df


def grades(authored_dir: Path = paths.AUTHORED) -> pd.DataFrame:
    """The grade ladder mapped to the survey's experience codes."""
    df = read_authored("grades", authored_dir)
    if list(df["grade"]) != list(schema.GRADES) or set(df["experience_level"]) != set(schema.EXPERIENCE_LEVELS):
        raise AuthoredTableError(
            f"{path_of('grades', authored_dir)}: grades must be {schema.GRADES} covering {sorted(schema.EXPERIENCE_LEVELS)}"
        )
    return df


def reference_wages(authored_dir: Path = paths.AUTHORED) -> pd.DataFrame:
    """Official reference figures (BLS, OECD, FX, PPP), each with publisher, period, unit and URL."""
    df = read_authored("reference_wages", authored_dir)
    path = path_of("reference_wages", authored_dir)
    df["value"] = _numeric_column(df, "value", path)
    for i, url in enumerate(df["url"]):
        if not url.startswith(("https://", "http://")):
            raise _fail(path, i, "url", "every figure needs the URL it was read from")
    if df["ref_id"].duplicated().any():
        raise AuthoredTableError(f"{path}: ref_id values must be unique")
    return df


def companies(authored_dir: Path = paths.AUTHORED) -> pd.DataFrame:
    """Companies the article names as ML users."""
    return read_authored("companies", authored_dir)


def skills(authored_dir: Path = paths.AUTHORED) -> pd.DataFrame:
    """The article's skill list, with where the collection demonstrates each and what the data can say."""
    return read_authored("skills", authored_dir)


def claims(authored_dir: Path = paths.AUTHORED) -> pd.DataFrame:
    """The article's claims the collection checks."""
    df = read_authored("claims", authored_dir)
    df["value"] = _numeric_column(df, "value", path_of("claims", authored_dir), allow_empty=True)
    return df


def official_statistics(authored_dir: Path = paths.AUTHORED) -> pd.DataFrame:
    """Official statistics read from the publishers' files (helpers.pipeline.official), each with its provenance."""
    df = read_authored("official_statistics", authored_dir)
    path = path_of("official_statistics", authored_dir)
    df["value"] = _numeric_column(df, "value", path, allow_empty=True)
    for i, (url, value, note) in enumerate(zip(df["url"], df["value"], df["note"], strict=True)):
        if not url.startswith(("https://", "http://")):
            raise _fail(path, i, "url", "every figure needs the publisher's URL")
        if pd.isna(value) and not note:
            raise _fail(path, i, "note", "an empty value needs a note saying why")
    if df["stat_id"].duplicated().any():
        raise AuthoredTableError(f"{path}: stat_id values must be unique")
    return df
