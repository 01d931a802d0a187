"""Load the curated tables with proper dtypes. Notebooks get their data from here and nowhere else.

Grades are an ordered categorical (Junior < Middle < Senior < Lead); regions and role families
are categoricals in a fixed, documented order so every grouping sorts the same way.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd

from helpers import paths, schema

GRADE_DTYPE = pd.CategoricalDtype(list(schema.GRADES), ordered=True)
REGION_DTYPE = pd.CategoricalDtype(list(schema.REGIONS))
FAMILY_DTYPE = pd.CategoricalDtype(list(schema.ROLE_FAMILIES))
SIZE_DTYPE = pd.CategoricalDtype(list(schema.COMPANY_SIZES), ordered=True)
EMPLOYMENT_DTYPE = pd.CategoricalDtype(list(schema.EMPLOYMENT_TYPES))

_DTYPES: dict[str, dict] = {
    "salary_bins": {
        "work_year": "int16", "grade": GRADE_DTYPE, "role_family": FAMILY_DTYPE, "company_location": "category",
        "region": REGION_DTYPE, "company_size": SIZE_DTYPE, "remote_ratio": "int8",
        "employment_type": EMPLOYMENT_DTYPE, "bin": "int32", "bin_lower_usd": "float64",
        "bin_upper_usd": "float64", "n": "int64", "sum_usd": "int64",
    },
    "salary_summary": {
        "work_year": "string", "grade": GRADE_DTYPE, "region": "string", "role_family": "string",
        "n": "int64", "mean_usd": "int64", "p10": "int64", "p25": "int64", "p50": "int64", "p75": "int64", "p90": "int64",
    },
    "duplicate_sensitivity": {"grade": GRADE_DTYPE, "region": "string", "role_family": "string"},
    "grades": {"grade": GRADE_DTYPE, "rank": "int8"},
    "role_families": {"job_title": "string", "role_family": FAMILY_DTYPE},
    "countries": {"country_code": "string", "region": REGION_DTYPE, "in_eu27": "bool"},
    "companies": {},
    "reference_wages": {"value": "float64"},
    "claims": {"value": "float64"},
    "skills": {},
}

TABLES: tuple[str, ...] = tuple(_DTYPES)


def _read(name: str, folder: Path) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: curated table missing; run `make data` (or python -m helpers curate)")
    dtypes = _DTYPES[name]
    df = pd.read_csv(path, dtype={k: v for k, v in dtypes.items() if not isinstance(v, pd.CategoricalDtype)},
                     keep_default_na=False, na_values={"value": [""]})
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
    if name not in _DTYPES:
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
