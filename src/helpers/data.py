"""Load the curated tables with proper dtypes, from a package checked complete. Notebooks get their data from here only.

The dtypes derive from the table definitions in :mod:`helpers.tables`: a field with allowed values
becomes a categorical in the defined order (ordered where the order is a ranking: Junior < Middle <
Senior < Executive), other fields take their type's dtype unless the definition names a narrower one.

Before the first table of a folder is loaded, :func:`check_package` checks the package is complete: every
resource ``datapackage.json`` lists is present with its size and sha256, and every defined table is listed.
The check is cached per folder and redone only when a file's size, modification time or inode changes (a new
publication replaces them all), so loading stays fast; the tables' cache is keyed the same way.

Each table loaded carries its provenance (:mod:`helpers.licensing`: the table's name in ``attrs``), so what is drawn
from it keeps its sources and licences; :data:`LOADED` lists the tables this process has loaded.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers import licensing, paths, study, tables
from helpers.fsutil import sha256_of

REBUILD = ("rebuild it with `make data` (python -m helpers fetch --from ../shared/data/raw && python -m helpers curate), "
           "or restore the committed copy with `git checkout -- data/curated`")


class IncompletePackage(FileNotFoundError):
    """The curated package is missing files or its files differ from ``datapackage.json``; the message says how to rebuild."""

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
    dtypes = table_dtypes(name)
    numbers = [f.name for f in tables.TABLES[name].fields if f.type == "number"]
    df = pd.read_csv(path, dtype={k: v for k, v in dtypes.items() if not isinstance(v, pd.CategoricalDtype)},
                     keep_default_na=False, na_values={c: [""] for c in numbers})  # an empty number is missing
    for col, dt in dtypes.items():
        if isinstance(dt, pd.CategoricalDtype):
            empty = df[col].astype(str) == ""  # an empty cell is a missing answer (Stack Overflow's unanswered questions)
            df[col] = df[col].where(~empty).astype(dt)
            if df[col].isna().sum() > empty.sum():
                bad = sorted(set(pd.read_csv(path, usecols=[col], dtype=str)[col].dropna()) - set(dt.categories))
                raise ValueError(f"{path}, column {col}: unexpected values {bad}")
    return df


def _stamp(path: Path) -> tuple:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (path.name, None)
    return (path.name, st.st_size, st.st_mtime_ns, st.st_ino)


_checked: dict[str, tuple] = {}


def check_package(folder: Path = paths.CURATED) -> tuple:
    """Raise :class:`IncompletePackage` unless every resource of ``folder/datapackage.json`` is present and matches
    its size and sha256 and every defined table is listed; returns the folder's stamp (cached until a file changes)."""
    folder = Path(folder)
    key = str(folder.resolve())
    descriptor = folder / "datapackage.json"
    try:
        pkg = json.loads(descriptor.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IncompletePackage(f"{descriptor}: missing, so the curated package in {folder} cannot be checked; {REBUILD}") from None
    except ValueError as exc:
        raise IncompletePackage(f"{descriptor}: not valid JSON ({exc}); {REBUILD}") from None
    resources = pkg.get("resources", [])
    stamp = (_stamp(descriptor), *(_stamp(folder / r["path"]) for r in resources))
    if _checked.get(key) == stamp:
        return stamp
    problems = [f"table {n} not listed" for n in tables.TABLES if n not in {r.get("name") for r in resources}]
    for r in resources:
        path = folder / r["path"]
        if not path.is_file():
            problems.append(f"{r['path']} missing")
        elif "bytes" in r and path.stat().st_size != r["bytes"]:
            problems.append(f"{r['path']} has {path.stat().st_size:,} bytes, the datapackage says {r['bytes']:,}")
        elif "hash" in r and f"sha256:{sha256_of(path)}" != r["hash"]:
            problems.append(f"{r['path']} differs from its sha256 in datapackage.json")
    if problems:
        _checked.pop(key, None)
        raise IncompletePackage(f"{folder}: the curated package is incomplete ({'; '.join(problems)}); {REBUILD}")
    _checked[key] = stamp
    return stamp


#: The curated tables this process has loaded or drawn on (a notebook's figures record them: the data its page shows).
LOADED: set[str] = set()


def drawn_on(*names: str) -> None:
    """Record that this process uses results drawn from the curated tables ``names`` without loading them (a result
    read from a cache, :mod:`helpers.results_cache`), so :data:`LOADED` is the same whether the cache was cold or warm."""
    unknown = sorted(set(names) - set(tables.TABLES))
    if unknown:
        raise KeyError(f"not curated tables: {', '.join(unknown)}")
    LOADED.update(names)


@lru_cache(maxsize=64)
def _cached(name: str, folder: str, stamp: tuple) -> pd.DataFrame:
    return _read(name, Path(folder))


def load(name: str, folder: Path = paths.CURATED) -> pd.DataFrame:
    """One curated table by name (see ``TABLES``), typed, from a package checked complete, its provenance in ``attrs``
    (:func:`helpers.licensing.tag`). Returns a fresh copy each call."""
    if name not in tables.TABLES:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(TABLES)}")
    stamp = check_package(folder)
    LOADED.add(name)
    table = _cached(name, str(folder), stamp)
    if name == "salary_bins" and (gaps := _gaps(str(folder), stamp)):
        raise SnapshotMismatch(f"{folder}: {gaps}")
    return licensing.tag(table.copy(), name)


@lru_cache(maxsize=8)
def _gaps(folder: str, stamp: object) -> str:
    return study_gaps(_cached("salary_bins", folder, stamp))


class SnapshotMismatch(LookupError):
    """The curated snapshot lacks a work year or a group that the study's choices (:mod:`helpers.study`) need."""


#: The study's choices that name work years, by name (what :func:`study_gaps` checks the snapshot against).
STUDY_YEARS: tuple[str, ...] = ("POOLED_YEARS", "LATEST_FULL_YEAR", "TREND_YEARS", "STEP_TREND_YEARS", "TRAIN_MAX_YEAR",
                                "TEST_YEAR", "CALIBRATION_TRAIN_MAX_YEAR", "PRICE_BASE_YEAR")


def study_gaps(bins: pd.DataFrame) -> str:
    """What the study needs and ``bins`` lacks, in one line ("" when nothing): the work years its choices name, and
    ML-engineering records in each compared region over the pooled years."""
    have = sorted(int(y) for y in bins.loc[bins["n"] > 0, "work_year"].unique())
    needed: dict[int, list[str]] = {}
    for name in STUDY_YEARS:
        value = getattr(study, name)
        for year in (value if isinstance(value, tuple) else (value,)):
            needed.setdefault(int(year), []).append(name)
    missing = {y: names for y, names in sorted(needed.items()) if y not in have}
    span = f"{have[0]}–{have[-1]}" if have else "none"
    gaps = [f"no work year {y} (needed by study.{', study.'.join(names)})" for y, names in missing.items()]
    if not missing:
        pooled = bins[(bins["n"] > 0) & bins["work_year"].isin(study.POOLED_YEARS) & (bins["role_family"] == study.ML_FAMILY)]
        gaps += [f"no {study.ML_FAMILY} records in {r} over study.POOLED_YEARS" for r in study.COMPARED_REGIONS
                 if not (pooled["region"] == r).any()]
    if not gaps:
        return ""
    return (f"this snapshot (work years {span}) does not fit the study's choices: {'; '.join(gaps)}; choose years and "
            "groups it has in src/helpers/study.py")


def salary_bins(folder: Path = paths.CURATED) -> pd.DataFrame:
    """Binned salary counts (one row per dimensions x 1% salary bin).

    A snapshot that lacks a work year or a group the study needs is refused by :func:`load`, in one line
    (:class:`SnapshotMismatch`, :func:`study_gaps`), at the first cell that loads it, before any analysis fails on it
    deep inside the helpers."""
    return load("salary_bins", folder)


def salary_summary(folder: Path = paths.CURATED) -> pd.DataFrame:
    """Exact n, mean, p10..p90 per year x grade x region x role family (with 'all' rows)."""
    return load("salary_summary", folder)


def reference_wages(folder: Path = paths.CURATED) -> pd.DataFrame:
    """Official reference figures with publisher, period, unit and URL."""
    return load("reference_wages", folder)


def curation_report(folder: Path = paths.CURATED) -> dict:
    """The curation report (rows read, kept, rejected by reason, duplicates, input checksums), from a complete package."""
    check_package(folder)
    return json.loads((folder / "curation_report.json").read_text(encoding="utf-8"))


def datapackage(folder: Path = paths.CURATED) -> dict:
    """The ``datapackage.json`` descriptor."""
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
