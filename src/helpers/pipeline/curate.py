"""Building the curated tables: every table of ``data/curated/`` in memory, from ``data/raw/`` and ``data/authored/``.

:func:`build` checks the raw file against ``data/sources.json`` (another snapshot needs ``other_snapshot=True``),
validates it, maps titles to role families (a title not in the reviewed mapping is kept as ``unmapped`` and listed
in the curation report; ``strict=True`` refuses it), aggregates records to cells and computes every table;
nothing is written. :func:`curate` is the whole run: build, then publish with :func:`helpers.pipeline.package.write`
(atomic, under a lock). The run is deterministic (sorted rows, fixed formatting, no timestamps), so curating the
same inputs twice gives byte-identical files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from helpers import binning, paths, schema, study, tables
from helpers.fsutil import fault_point, sha256_of
from helpers.pipeline import authored, duck, local_currency, rules, sources
from helpers.pipeline.package import QUARANTINE, Curated, quarantine_bytes
from helpers.pipeline.publish import publishing, write
from helpers.pipeline.records import Layout, shorten
from helpers.pipeline.sources import SnapshotMismatch  # noqa: F401  (re-exported: callers catch it here)
from helpers.pipeline.validate import Validated, numbered_records, validate

SALARIES_FILE = "aijobs/salaries.csv"

#: Dimensions of the binned salary table, in order.
BIN_DIMS: tuple[str, ...] = (
    "work_year", "grade", "role_family", "company_location", "region",
    "company_size", "remote_ratio", "employment_type",
    # sensitivity dimensions: where the employee lives, and whether the pay was in USD
    "employee_residence", "residence_region", "paid_in_usd",
)
SUMMARY_DIMS: tuple[str, ...] = ("work_year", "grade", "region", "role_family")
ALL = "all"


class CurationError(RuntimeError):
    """The curation cannot produce a trustworthy dataset; nothing was written."""


# ---------------------------------------------------------------- regions

def region_of(code: str) -> str:
    """United States, Europe (as :data:`helpers.study.EUROPE` defines it) or Other, for an ISO alpha-2 code."""
    if code == "US":
        return "United States"
    return "Europe" if code in study.EUROPE else "Other"


def country_name(code: str) -> str:
    """The ISO 3166 short name of a country code (common name where ISO's is unwieldy)."""
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        raise KeyError(code)
    return getattr(c, "common_name", None) or c.name


# ---------------------------------------------------------------- records and cells

def unmapped_titles(v: Validated, titles: pd.DataFrame) -> list[dict]:
    """Valid titles not in the reviewed mapping: title, rows (copies included), distinct records, first physical line."""
    con = v.con
    duck.text_table(con, "titles_df", {"job_title": titles["job_title"], "role_family": titles["role_family"]})
    where = "reason IS NULL AND job_title NOT IN (SELECT job_title FROM titles_df)"
    found = con.execute(f"SELECT job_title, sum(copies), count(*) FROM checked WHERE {where} GROUP BY 1 ORDER BY 1").fetchall()
    if not found:
        return []
    # where each one first occurs: a second pass over the file, only when there are unmapped titles
    first = con.execute(f"SELECT job_title, min(record) FROM {numbered_records(con, v.numbered_sql, where)} GROUP BY 1").fetchall()
    lines = dict(zip([t for t, _ in first], v.lines_of(np.array([r for _, r in first], dtype="int64")).tolist(), strict=True))
    return [{"job_title": t, "rows": int(n), "records": int(d), "first_line": int(lines[t])} for t, n, d in found]


def _records(v: Validated, titles: pd.DataFrame) -> pd.DataFrame:
    """Distinct valid records aggregated to cells of (dimensions, exact salary); unmapped titles in family ``unmapped``."""
    con = v.con
    duck.text_table(con, "titles_df", {"job_title": titles["job_title"], "role_family": titles["role_family"]})
    cols = ", ".join(schema.RAW_COLUMNS)
    # One row per distinct raw record (exact duplicates collapsed), with how many copies it had.
    con.execute(f"CREATE OR REPLACE TEMP VIEW records AS SELECT {cols}, copies FROM checked WHERE reason IS NULL")
    cells = con.execute(
        f"""SELECT CAST(trim(r.work_year) AS INTEGER) AS work_year, r.experience_level,
                  coalesce(t.role_family, '{schema.UNMAPPED_FAMILY}') AS role_family, r.company_location, r.company_size,
                  CAST(trim(r.remote_ratio) AS INTEGER) AS remote_ratio, r.employment_type,
                  r.employee_residence, r.salary_currency = 'USD' AS paid_in_usd,
                  CAST(r.salary_in_usd AS DOUBLE) AS salary_usd,
                  count(*) AS n, sum(r.copies) AS n_with_duplicates
           FROM records r LEFT JOIN titles_df t USING (job_title)
           GROUP BY ALL ORDER BY ALL"""
    ).df()
    cells["grade"] = cells.pop("experience_level").map(schema.GRADE_OF_LEVEL)
    cells["region"] = cells["company_location"].map(region_of)
    cells["residence_region"] = cells["employee_residence"].map(region_of)
    return cells


def salary_bins(cells: pd.DataFrame) -> pd.DataFrame:
    """Counts per (dimensions, 1% salary bin), with the bin's edges and the sum of its salaries."""
    df = cells.assign(bin=binning.bin_index(cells["salary_usd"]), sum_usd=cells["salary_usd"] * cells["n"],
                      sum_dups=cells["salary_usd"] * cells["n_with_duplicates"])
    out = df.groupby([*BIN_DIMS, "bin"], sort=True, dropna=True).agg(
        n=("n", "sum"), sum_usd=("sum_usd", "sum"), n_with_duplicates=("n_with_duplicates", "sum"),
        sum_usd_with_duplicates=("sum_dups", "sum")).reset_index()
    lo, hi = binning.bin_edges(out["bin"])
    out.insert(out.columns.get_loc("bin") + 1, "bin_lower_usd", np.round(lo, 2))
    out.insert(out.columns.get_loc("bin") + 2, "bin_upper_usd", np.round(hi, 2))
    for c in ("n", "sum_usd", "n_with_duplicates", "sum_usd_with_duplicates"):
        out[c] = out[c].round(0).astype("int64")
    return out


def _summary_rows(cells: pd.DataFrame, weight: str) -> pd.DataFrame:
    """Exact n, mean and p10..p90 for every (year|all, grade, region|all, family|all) grouping.

    Vectorised with numpy: rows are keyed by the grouping's codes and the salary's rank, sorted
    once per grouping, and each quantile is one ``searchsorted`` on the running total of weights,
    which is what :func:`binning.weighted_quantile` does group by group (a property test checks they agree).
    """
    w = cells[weight].to_numpy(dtype="float64")
    keep = w > 0
    w = w[keep]
    sal = cells["salary_usd"].to_numpy(dtype="float64")[keep]
    codes, labels = [], []
    for d in SUMMARY_DIMS:
        c, u = pd.factorize(cells[d], sort=True)  # 4-digit years sort the same as numbers and as text
        codes.append(c[keep].astype("int64"))
        labels.append(np.array([*(str(x) for x in u), ALL], dtype=object))  # the last code stands for 'all'
    sizes = [len(u) for u in labels]
    values, rank = np.unique(sal, return_inverse=True)
    # collapse rows sharing (dimensions, salary): weights and weighted sums add up
    key = np.zeros(len(sal), dtype="int64")
    for c, size in zip(codes, sizes, strict=True):
        key = key * size + c
    full, inv = np.unique(key * len(values) + rank, return_inverse=True)
    w = np.bincount(inv, weights=w)
    rank = full % len(values)
    key = full // len(values)
    parts = []
    for size in reversed(sizes):
        parts.append(key % size)
        key = key // size
    parts = parts[::-1]
    s = values[rank]
    qs = np.array(list(binning.QUANTILES.values()))
    cols: dict[str, list[np.ndarray]] = {c: [] for c in [*SUMMARY_DIMS, "n", "mean_usd", *binning.QUANTILES]}
    for all_year in (False, True):
        for all_region in (False, True):
            for all_family in (False, True):
                alls = dict(zip(SUMMARY_DIMS, (all_year, False, all_region, all_family), strict=True))
                g = np.zeros(len(s), dtype="int64")
                for d, p, size in zip(SUMMARY_DIMS, parts, sizes, strict=True):
                    g = g * size + (size - 1 if alls[d] else p)
                order = np.argsort(g * len(values) + rank, kind="stable")
                gk, sv, wv = g[order], s[order], w[order]
                start = np.flatnonzero(np.r_[True, gk[1:] != gk[:-1]])
                end = np.r_[start[1:], len(gk)] - 1
                cum = np.cumsum(wv)
                before = np.where(start > 0, cum[start - 1], 0.0)
                total = cum[end] - before
                target = np.maximum(np.ceil(qs[None, :] * total[:, None] - 1e-9), 1.0)
                pos = np.minimum(np.searchsorted(cum, before[:, None] + target, side="left"), end[:, None])
                rest = gk[start]
                for d, size, lab in reversed(list(zip(SUMMARY_DIMS, sizes, labels, strict=True))):
                    cols[d].append(lab[rest % size])
                    rest = rest // size
                cols["n"].append(total.astype("int64"))
                cols["mean_usd"].append(np.add.reduceat(sv * wv, start) / total)
                for j, name in enumerate(binning.QUANTILES):
                    cols[name].append(sv[pos[:, j]])
    # one frame at the end (not one per grouping), rows in the order of (work_year, grade by rank, region, family):
    # every label sorts as text, as pandas sorts it, except grade, by its place in the ladder
    data = {c: np.concatenate(parts_) for c, parts_ in cols.items()}
    for c in ["mean_usd", *binning.QUANTILES]:
        data[c] = np.round(data[c], 0).astype("int64")
    grade_rank = {g: i for i, g in enumerate(schema.GRADES)}
    keys = [np.unique(data[d], return_inverse=True)[1] if d != "grade"
            else np.array([grade_rank.get(x, len(grade_rank)) for x in data[d]], dtype="int64") for d in SUMMARY_DIMS]
    data = {c: v[np.lexsort(keys[::-1])] for c, v in data.items()}
    return pd.DataFrame(data)


def salary_summary(cells: pd.DataFrame) -> pd.DataFrame:
    """The exact summary table (deduplicated records)."""
    return _summary_rows(cells, "n")


def duplicate_sensitivity(cells: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    """Median and n by grade and region, all years, for ML engineering and for all families,
    with duplicates removed (the policy, ``summary``) and kept (the alternative)."""
    keep = ["work_year", "grade", "region", "role_family"]

    def wanted(df: pd.DataFrame) -> pd.DataFrame:
        return df[(df["work_year"] == ALL) & (df["role_family"].isin(["ml_engineering", ALL])) & (df["region"] != ALL)]

    # the rows wanted of each, paired on their keys (unique in each), in the order of ``summary``: an inner merge,
    # without a merge's fixed cost (it was most of this function's time)
    a, b = wanted(summary), wanted(_summary_rows(cells, "n_with_duplicates"))
    row_of = {k: i for i, k in enumerate(zip(*(b[c].tolist() for c in keep), strict=True))}
    pairs = [(i, row_of[k]) for i, k in enumerate(zip(*(a[c].tolist() for c in keep), strict=True)) if k in row_of]
    ia = np.array([i for i, _ in pairs], dtype="int64")
    ib = np.array([j for _, j in pairs], dtype="int64")
    m = pd.DataFrame({**{c: a[c].to_numpy()[ia] for c in keep[1:]},
                      "n_dedup": a["n"].to_numpy()[ia], "p50_dedup": a["p50"].to_numpy()[ia],
                      "n_with_dups": b["n"].to_numpy()[ib], "p50_with_dups": b["p50"].to_numpy()[ib]})
    m["p50_change_pct"] = ((m["p50_with_dups"] / m["p50_dedup"] - 1) * 100).round(1)
    return m


# ---------------------------------------------------------------- dimension tables

def countries_table(cells_codes: pd.DataFrame, residence_counts: pd.Series) -> pd.DataFrame:
    """Every country code in the data with its name, region and record counts."""
    company = cells_codes.groupby("company_location")["n"].sum()
    codes = sorted(set(company.index) | set(residence_counts.index))
    df = pd.DataFrame({"country_code": codes})
    df["country_name"] = df["country_code"].map(country_name)
    df["region"] = df["country_code"].map(region_of)
    df["in_eu27"] = df["country_code"].isin(study.EU27)
    df["n_company_location"] = df["country_code"].map(company).fillna(0).astype("int64")
    df["n_employee_residence"] = df["country_code"].map(residence_counts).fillna(0).astype("int64")
    return df


def role_families_table(titles: pd.DataFrame, v: Validated, unmapped: list[dict]) -> pd.DataFrame:
    """The reviewed title -> family mapping (plus any unmapped title), with how many records each title has."""
    counts = v.con.execute(
        "SELECT job_title, count(*) AS n_records, sum(copies) AS n_rows FROM records GROUP BY job_title"
    ).df().set_index("job_title")
    extra = pd.DataFrame({"job_title": [u["job_title"] for u in unmapped], "role_family": schema.UNMAPPED_FAMILY,
                          "rationale": UNMAPPED_RATIONALE})
    df = pd.concat([titles, extra], ignore_index=True) if unmapped else titles.copy()
    df["role_family_label"] = df["role_family"].map(schema.FAMILY_VALUES)
    df["n_records"] = df["job_title"].map(counts["n_records"]).fillna(0).astype("int64")
    df["n_rows_with_duplicates"] = df["job_title"].map(counts["n_rows"]).fillna(0).astype("int64")
    return df[list(tables.TABLES["role_families"].columns)].sort_values("job_title").reset_index(drop=True)


UNMAPPED_RATIONALE = "Not in data/authored/role_families.csv yet: kept as unmapped until the title is reviewed and added there"


# ---------------------------------------------------------------- the build

def build(raw_dir: Path = paths.RAW, authored_dir: Path = paths.AUTHORED, *, strict: bool = False,
          other_snapshot: bool = False, manifest: Path = paths.SOURCES_MANIFEST) -> Curated:
    """Build every curated table in memory (nothing is written).

    ``strict``: refuse titles not in the reviewed mapping (CI's rebuild check). ``other_snapshot``: accept a raw file
    that is not the snapshot ``data/sources.json`` pins (the report and the datapackage record its checksum).
    """
    raw_path = Path(raw_dir) / SALARIES_FILE
    titles = authored.role_families(authored_dir)
    reference = authored.reference_wages(authored_dir)  # read once: the rates below and the published table
    fx = rules.fx_rates(reference)
    snapshot: dict = {}

    def on_layout(layout: Layout) -> None:
        snapshot.update(sources.check_snapshot(layout.size, layout.sha256, Path(raw_dir) / SALARIES_FILE, SALARIES_FILE,
                                               manifest, other_snapshot))
        fault_point("curate.scanned")

    v = validate(raw_path, fx=fx, on_layout=on_layout)
    try:
        fault_point("curate.validated")
        curated = local_currency.add_to(_build(v, titles, authored_dir, snapshot, strict, fx, reference), v, titles)
    finally:
        v.close()
        v.con.close()  # drops this build's temp tables now, not when the garbage collector gets to it
    for module in sources.source_modules(manifest).values():  # the other sources, each by its own module
        try:
            curated = module.add_to(curated, Path(raw_dir), Path(authored_dir), manifest, strict, other_snapshot)
        except sources.SourceFileError as exc:
            raise CurationError(str(exc)) from exc
    if set(curated.tables) != set(tables.TABLES):
        raise CurationError(f"built tables {list(curated.tables)} differ from the definitions {list(tables.TABLES)}")
    curated.tables = {name: curated.tables[name] for name in tables.TABLES}  # published in the definitions' order
    return curated


def _build(v: Validated, titles: pd.DataFrame, authored_dir: Path, snapshot: dict, strict: bool, fx: pd.DataFrame,
           reference: pd.DataFrame) -> Curated:
    unmapped = unmapped_titles(v, titles)
    if unmapped and strict:
        listing = "; ".join(f"{shorten(u['job_title'])} (first at line {u['first_line']:,}, {u['rows']:,} rows)" for u in unmapped[:10])
        more = f"; and {len(unmapped) - 10} more" if len(unmapped) > 10 else ""
        raise CurationError(
            f"{v.path}, column job_title: {len(unmapped)} title(s) have no role family in "
            f"data/authored/role_families.csv (--strict): {listing}{more}. Add them to that table (it is reviewed by hand), "
            f"or curate without --strict to keep them as '{schema.UNMAPPED_FAMILY}'."
        )
    cells = _records(v, titles)
    if cells.empty:
        reasons = ", ".join(f"{r} {n:,}" for r, n in sorted(v.rejected.items(), key=lambda x: -x[1]))
        raise CurationError(f"{v.path}: no record passed validation (read {v.rows_read:,}, rejected {v.rows_rejected:,}: "
                            f"{reasons}); nothing to publish. Check the file is the salaries table")
    n_kept = int(cells["n"].sum())
    n_valid = int(cells["n_with_duplicates"].sum())
    duplicates = n_valid - n_kept
    if v.rows_read != n_kept + v.rows_rejected + duplicates:  # the books must balance
        raise CurationError(f"{v.path}: rows do not add up: read {v.rows_read}, kept {n_kept}, "
                            f"rejected {v.rows_rejected}, duplicates {duplicates}")
    residence = v.con.execute(
        "SELECT employee_residence, count(*) AS n FROM records GROUP BY 1"
    ).df().set_index("employee_residence")["n"]
    copies = v.con.execute(
        "SELECT max(copies), count(*) FILTER (WHERE copies > 1) FROM records"
    ).fetchone()

    summary = salary_summary(cells)
    built = {
        "salary_bins": salary_bins(cells),
        "salary_summary": summary,
        "duplicate_sensitivity": duplicate_sensitivity(cells, summary),
        "grades": authored.grades(authored_dir),
        "role_families": role_families_table(titles, v, unmapped),
        "countries": countries_table(cells, residence),
        "companies": authored.companies(authored_dir),
        "reference_wages": reference,
        "claims": authored.claims(authored_dir),
        "skills": authored.skills(authored_dir),
        "official_statistics": authored.official_statistics(authored_dir),
    }
    if list(built) != list(tables.TABLES)[:len(built)]:  # every defined table, in the order of the definitions
        raise CurationError(f"built tables {list(built)} differ from the definitions in helpers.tables {list(tables.TABLES)}")
    inputs = {str(Path("raw") / SALARIES_FILE): v.layout.sha256}
    for name in sorted(authored.AUTHORED_TABLES):
        inputs[str(Path("authored") / f"{name}.csv")] = sha256_of(authored.path_of(name, authored_dir))
    lay = v.layout
    report = {
        "inputs_sha256": inputs,
        "snapshot": snapshot,
        "rows_read": v.rows_read,
        "rows_kept": n_kept,
        "rows_rejected": v.rows_rejected,
        "rejected_by_reason": {r: v.rejected.get(r, 0) for r in schema.REJECT_REASONS},
        "duplicates_removed": duplicates,
        "distinct_records_with_copies": int(copies[1] or 0),
        "max_copies_of_one_record": int(copies[0] or 0),
        "records_counted": {"physical_lines": lay.lines, "header_line": lay.header_line, "blank_lines": len(lay.blank),
                            "multi_line_records": len(lay.multi), "line_breaks": dict(lay.endings)},
        "plausibility": plausibility(v, fx),
        "unmapped_titles": [{**u, "job_title": shorten(u["job_title"], 80)} for u in unmapped],
        "rows_unmapped": sum(u["rows"] for u in unmapped),
        "notes": v.notes,
        "duplicate_policy": DUPLICATE_POLICY,
    }
    rejects = _rejects(v)
    report["quarantine"] = {"file": QUARANTINE, "rows": len(rejects), "sha256": hashlib.sha256(quarantine_bytes(rejects)).hexdigest()}
    fault_point("curate.built")
    return Curated(built, report, rejects)


def plausibility(v: Validated, fx: pd.DataFrame) -> dict:
    """The plausibility rules' settings and what they saw: rows checked against an official rate, and rows not."""
    unchecked = v.con.execute(
        """SELECT salary_currency, trim(work_year), sum(copies) FROM checked WHERE reason IS NULL AND NOT fx_checked
           GROUP BY ALL ORDER BY 3 DESC, 1, 2"""
    ).fetchall()
    checked = v.con.execute("SELECT coalesce(sum(copies), 0) FROM checked WHERE reason IS NULL AND fx_checked").fetchone()[0]
    return {
        "pay_floor_usd": schema.MIN_SALARY_USD,
        "fx_tolerance_factor": schema.FX_TOLERANCE,
        "fx_rates_available": [f"{c} {y}" for c, y in zip(fx["currency"], fx["year"], strict=True)],
        "valid_rows_fx_checked": int(checked),
        "valid_rows_fx_unchecked": int(sum(n for *_, n in unchecked)),
        "fx_unchecked_by_currency_year": {f"{c} {y}": int(n) for c, y, n in unchecked},
    }


DUPLICATE_POLICY = (
    "Exact duplicates (all 11 raw fields identical) are collapsed to one record. The survey form accepts the "
    "same submission repeatedly and the publisher does not deduplicate; in this snapshot the most repeated "
    "records come in pairs of round salaries for the same title (for example 110,000 and 160,000 USD for a "
    "remote senior Data Scientist, each repeated over 150 times), which looks like one posted pay range "
    "entered many times rather than many people. Counting each distinct record once is the conservative "
    "choice; duplicate_sensitivity.csv shows how much the key medians move if duplicates were kept."
)


def _rejects(v: Validated) -> pd.DataFrame:
    """Rejected lines and records with their reasons (and the raw fields where they parsed)."""
    return v.con.execute(
        """SELECT r.line, r.record, r.reason, r.column_name, r.detail, c.* EXCLUDE (record, line, reason)
           FROM rejects r LEFT JOIN rejected_records c ON r.record = c.record ORDER BY r.line, r.record"""
    ).df()


def curate(raw_dir: Path = paths.RAW, out_dir: Path = paths.CURATED, authored_dir: Path = paths.AUTHORED, *,
           strict: bool = False, other_snapshot: bool = False, wait: float = 0.0,
           manifest: Path = paths.SOURCES_MANIFEST) -> dict:
    """Build and publish the curated dataset (``out_dir`` is replaced atomically, only on success); returns the report.

    ``wait``: seconds to wait for another run publishing to ``out_dir`` before refusing.
    """
    with publishing(out_dir, wait):  # a second run refuses (or waits) before building anything
        curated = build(raw_dir, authored_dir, strict=strict, other_snapshot=other_snapshot, manifest=manifest)
        write(curated, out_dir, lock=False)
    return curated.report
