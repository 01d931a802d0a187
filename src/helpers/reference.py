"""The hand-reviewed reference tables under ``data/reference/``, loaded and checked.

These are the project's own authored inputs (mappings, figures looked up from publishers' pages),
as opposed to the raw survey file. Each loader raises :class:`ReferenceError` naming the file,
row and column of anything malformed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers import paths, schema


class ReferenceError(ValueError):
    """A reference table is malformed; the message names file, row and column."""


REFERENCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "role_families.csv": ("job_title", "role_family", "rationale"),
    "grades.csv": ("grade", "rank", "experience_level", "source_label", "market_definition", "caveat"),
    "companies.csv": ("company", "article_mention", "ml_application", "hq_country", "hq_city", "hq_source_url", "note"),
    "reference_wages.csv": (
        "ref_id", "publisher", "dataset", "series", "geo", "occupation_code", "occupation",
        "measure", "period", "value", "unit", "url", "note",
    ),
    "claims.csv": ("claim_id", "quote", "quantity", "value", "unit", "period", "how_tested"),
    "skills.csv": ("skill", "article_wording", "category", "demonstrated_in", "evidence_in_data"),
}


def read_reference(name: str, ref_dir: Path = paths.REFERENCE) -> pd.DataFrame:
    """Read one reference CSV as strings and check its columns."""
    path = ref_dir / name
    if not path.is_file():
        raise ReferenceError(f"{path}: missing reference table")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    expected = REFERENCE_COLUMNS[name]
    if tuple(df.columns) != expected:
        raise ReferenceError(f"{path}, line 1: columns {list(df.columns)}, expected {list(expected)}")
    return df


def _fail(path: Path, row: int, column: str, msg: str) -> ReferenceError:
    # +2: one for the header, one for 1-based lines
    return ReferenceError(f"{path}, line {row + 2}, column {column}: {msg}")


def role_families(ref_dir: Path = paths.REFERENCE) -> pd.DataFrame:
    """Job title -> role family, one row per title."""
    df = read_reference("role_families.csv", ref_dir)
    path = ref_dir / "role_families.csv"
    for i, fam in enumerate(df["role_family"]):
        if fam not in schema.ROLE_FAMILIES:
            raise _fail(path, i, "role_family", f"unknown family {fam!r}; allowed: {', '.join(schema.ROLE_FAMILIES)}")
    dup = df["job_title"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise _fail(path, i, "job_title", f"title {df['job_title'].iloc[i]!r} is mapped twice")
    return df


def grades(ref_dir: Path = paths.REFERENCE) -> pd.DataFrame:
    """The grade ladder mapped to the survey's experience codes."""
    df = read_reference("grades.csv", ref_dir)
    if list(df["grade"]) != list(schema.GRADES) or set(df["experience_level"]) != set(schema.EXPERIENCE_LEVELS):
        raise ReferenceError(f"{ref_dir / 'grades.csv'}: grades must be {schema.GRADES} covering {sorted(schema.EXPERIENCE_LEVELS)}")
    return df


def numeric_column(df: pd.DataFrame, column: str, path: Path, allow_empty: bool = False) -> pd.Series:
    """``df[column]`` as floats, raising with file, line and column on a non-number."""
    out = pd.to_numeric(df[column].replace("", None), errors="coerce")
    for i, (raw, val) in enumerate(zip(df[column], out, strict=True)):
        if pd.isna(val) and not (allow_empty and raw == ""):
            raise _fail(path, i, column, f"{raw!r} is not a number")
    return out


def reference_wages(ref_dir: Path = paths.REFERENCE) -> pd.DataFrame:
    """Official reference figures (BLS, OECD, FX, PPP), each with publisher, period, unit and URL."""
    df = read_reference("reference_wages.csv", ref_dir)
    path = ref_dir / "reference_wages.csv"
    df["value"] = numeric_column(df, "value", path)
    for i, url in enumerate(df["url"]):
        if not url.startswith(("https://", "http://")):
            raise _fail(path, i, "url", "every figure needs the URL it was read from")
    if df["ref_id"].duplicated().any():
        raise ReferenceError(f"{path}: ref_id values must be unique")
    return df


def companies(ref_dir: Path = paths.REFERENCE) -> pd.DataFrame:
    """Companies the article names as ML users."""
    return read_reference("companies.csv", ref_dir)


def skills(ref_dir: Path = paths.REFERENCE) -> pd.DataFrame:
    """The article's skill list, with where the collection demonstrates each and what the data can say."""
    return read_reference("skills.csv", ref_dir)


def claims(ref_dir: Path = paths.REFERENCE) -> pd.DataFrame:
    """The article's claims the collection checks."""
    df = read_reference("claims.csv", ref_dir)
    df["value"] = numeric_column(df, "value", ref_dir / "claims.csv", allow_empty=True)
    return df
