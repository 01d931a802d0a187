"""Load the curated tables with proper dtypes. Notebooks get their data from here and nowhere else.

The dtypes derive from the table definitions in :mod:`helpers.tables`: a field with allowed values
becomes a categorical in the defined order (ordered where the order is a ranking: Junior < Middle <
Senior < Lead), other fields take their type's dtype unless the definition names a narrower one.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd

from helpers import paths, tables

#: The loader's dtype of each Table Schema type, where a field names none of its own.
TYPE_DTYPES: dict[str, str] = {"string": "str", "integer": "int64", "number": "float64", "boolean": "bool"}


def field_dtype(field: tables.Field) -> str | pd.CategoricalDtype:
    """The pandas dtype a curated column is loaded as."""
    if field.dtype is not None:
        return field.dtype
    if field.enum:
        return pd.CategoricalDtype(list(field.enum), ordered=field.ordered)
    return TYPE_DTYPES[field.type]


def table_dtypes(name: str) -> dict[str, str | pd.CategoricalDtype]:
    """Column -> pandas dtype for one curated table."""
    return {f.name: field_dtype(f) for f in tables.TABLES[name].fields}


TABLES: tuple[str, ...] = tuple(tables.TABLES)


def _read(name: str, folder: Path) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: curated table missing; run `make data` (or python -m helpers curate)")
    dtypes = table_dtypes(name)
    numbers = [f.name for f in tables.TABLES[name].fields if f.type == "number"]
    df = pd.read_csv(path, dtype={k: v for k, v in dtypes.items() if not isinstance(v, pd.CategoricalDtype)},
                     keep_default_na=False, na_values={c: [""] for c in numbers})  # an empty number is missing
    for col, dt in dtypes.items():
        if isinstance(dt, pd.CategoricalDtype):
            df[col] = df[col].astype(dt)
            if df[col].isna().any():
                bad = sorted(set(pd.read_csv(path, usecols=[col], dtype=str)[col]) - set(dt.categories))
                raise ValueError(f"{path}, column {col}: unexpected values {bad}")
    return df


@cache
def _cached(name: str, folder: str) -> pd.DataFrame:
    return _read(name, Path(folder))


def load(name: str, folder: Path = paths.CURATED) -> pd.DataFrame:
    """One curated table by name (see ``TABLES``), typed. Returns a fresh copy each call."""
    if name not in tables.TABLES:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(TABLES)}")
    return _cached(name, str(folder)).copy()


def salary_bins(folder: Path = paths.CURATED) -> pd.DataFrame:
    """Binned salary counts (one row per dimensions x 1% salary bin)."""
    return load("salary_bins", folder)


def salary_summary(folder: Path = paths.CURATED) -> pd.DataFrame:
    """Exact n, mean, p10..p90 per year x grade x region x role family (with 'all' rows)."""
    return load("salary_summary", folder)


def reference_wages(folder: Path = paths.CURATED) -> pd.DataFrame:
    """Official reference figures with publisher, period, unit and URL."""
    return load("reference_wages", folder)


def curation_report(folder: Path = paths.CURATED) -> dict:
    """The curation report (rows read, kept, rejected by reason, duplicates, input checksums)."""
    return json.loads((folder / "curation_report.json").read_text(encoding="utf-8"))


def datapackage(folder: Path = paths.CURATED) -> dict:
    """The ``datapackage.json`` descriptor."""
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
