"""The Stack Overflow Developer Survey 2024 source: validate the single-response table, quarantine, and bin it.

The same mechanisms as the aijobs source: the raw file is pinned by size and sha256 in ``data/sources.json``
(:func:`helpers.pipeline.sources.check_snapshot`), its records are counted byte by byte independently of the CSV
parser (:func:`helpers.pipeline.records.scan`, which quarantines broken quoting), DuckDB parses every field as
text and records the lines it cannot parse, and the rules of :data:`helpers.so_declared.SO_REJECT_REASONS` give each
record the first reason that matches. The books balance: rows read = valid + rejected + exact duplicates, and
valid = kept in ``so_salary_bins`` + out of scope (not a professional developer, or no compensation given).

Codes are decoded with the publisher's crosswalk (a code not in it is rejected); countries map to ISO alpha-2
through pycountry plus the reviewed table ``data/authored/so_countries.csv``; ``dev_type`` maps to role families
through the reviewed ``data/authored/so_dev_types.csv``. Pay under the floor is kept and flagged
(``below_pay_floor``) so that both "any pay above 0" figures and floor-applied ones come from the bins.
"""

from __future__ import annotations

import functools
import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pycountry

from helpers import binning, schema, study
from helpers.fsutil import fs_step
from helpers.pipeline import authored, duck, package, records, sources
from helpers.surveys import so_survey as so_declared

SO_FILE = "so_survey/2024/stackoverflow_survey_single_response.csv"
CROSSWALK_FILE = "so_survey/2024/qname_levels_single_response_crosswalk.csv"
QUARANTINE = "quarantine/so_survey_rejected.csv"
WORK_YEAR = 2024
BIN_DIMS: tuple[str, ...] = ("work_year", "grade", "years_code_pro_band", "role_family", "ml_role", "dev_type",
                             "residence_country", "region", "org_size", "remote_work", "below_pay_floor")


class SOFileError(sources.SourceFileError):
    """The Stack Overflow file (or its crosswalk or mappings) cannot be curated at all; the message says where."""


@dataclass
class SOCurated:
    """The Stack Overflow tables, its part of the curation report and its quarantined rows."""

    tables: dict[str, pd.DataFrame]
    report: dict
    rejects: pd.DataFrame = field(default_factory=pd.DataFrame)


def crosswalk(path: Path) -> dict[str, dict[int, str]]:
    """qname -> {level: label} from the publisher's crosswalk."""
    df = pd.read_csv(path, dtype={"qname": str, "level": "int64", "label": str}, keep_default_na=False)
    if list(df.columns) != ["qname", "level", "label"]:
        raise SOFileError(f"{path}, line 1: columns {list(df.columns)}, expected qname, level, label")
    out = {q: dict(zip(g["level"], g["label"], strict=True)) for q, g in df.groupby("qname")}
    missing = [q for q in so_declared.SO_CODED if q not in out]
    if missing:
        raise SOFileError(f"{path}: no levels for {', '.join(missing)}")
    unknown = sorted(set(out["org_size"].values()) - set(so_declared.SO_ORG_SIZES))
    if unknown:
        raise SOFileError(f"{path}: org_size label(s) {unknown} are not in helpers.so_declared.SO_ORG_SIZES (size order)")
    if set(out["remote_work"].values()) - set(so_declared.SO_REMOTE_WORK):
        raise SOFileError(f"{path}: remote_work labels differ from helpers.so_declared.SO_REMOTE_WORK")
    return out


def country_codes(names: pd.Series, reviewed: pd.DataFrame) -> pd.Series:
    """ISO alpha-2 for each Stack Overflow country name: the reviewed table first, then pycountry's exact names;
    '' for a reviewed name with no country (Nomadic), NA for a name neither knows."""
    table = dict(zip(reviewed["so_country"], reviewed["country_code"], strict=True))

    def one(name: str) -> str | None:
        if name in table:
            return table[name]
        for key in ("name", "official_name", "common_name"):
            c = pycountry.countries.get(**{key: name})
            if c is not None:
                return c.alpha_2
        return None

    uniq = {n: one(n) for n in names.dropna().unique()}
    return names.map(uniq)


def region_of(code: str) -> str:
    """United States, Europe (the study's Europe) or Other, for an ISO alpha-2 code ('' = no country: Other)."""
    if code == "US":
        return "United States"
    return "Europe" if code in study.EUROPE else "Other"


def _band(years: pd.Series, bands: tuple[tuple[str, int, int], ...]) -> pd.Series:
    out = pd.Series(pd.NA, index=years.index, dtype="object")
    for label, lo, hi in bands:
        out[(years >= lo) & (years <= hi)] = label
    return out


def _parse(path: Path, layout: records.Layout, workdir: Path) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Every well-formed record as text (with its parser record number) and the parser's rejected lines."""
    source = layout.text_path
    if layout.needs_normalising:
        with fs_step("cannot write a normalised copy of the raw file in", workdir, "free space there"):
            source = records.write_normalised(layout, workdir / "normalised.csv")
    names = records.header_names(layout.header, path, layout.header_line)
    missing = [c for c in so_declared.SO_COLUMNS if c not in names]
    extra = [c for c in names if c not in so_declared.SO_COLUMNS]
    if missing or extra or len(set(names)) != len(names):
        problems = ([f"missing column(s) {', '.join(missing)}"] if missing else []) + (
            [f"unexpected column(s) {', '.join(records.shorten(c, 40) for c in extra[:5])}"] if extra else []) + (
            ["repeated column(s)"] if len(set(names)) != len(names) else [])
        raise SOFileError(f"{path}, line {layout.header_line} (header): {'; '.join(problems)}. "
                          f"Expected exactly: {', '.join(so_declared.SO_COLUMNS)}")
    con = duck.connection()
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in names) + "}"
    src = str(source).replace("'", "''")
    try:
        # through Arrow: the same frame as .df() at less than half the cost (its text columns are not built
        # from Python strings), except that .df() types the text columns of an empty result as object
        df = con.sql(
            f"""SELECT row_number() OVER () AS parsed, * FROM read_csv('{src}', header = true, auto_detect = false,
                columns = {columns}, delim = ',', quote = '"', escape = '"', nullstr = 'NA', store_rejects = true,
                rejects_table = 'parse_errors', rejects_scan = 'parse_errors_scans')"""
        ).to_arrow_table().to_pandas()
        if df.empty:
            df = df.astype({c: object for c in df.columns if c != "parsed"})
        errs = con.execute(
            """SELECT line - 1 AS record, CASE WHEN error_type = 'INVALID ENCODING' THEN 'invalid_utf8'
                      ELSE 'malformed_line' END AS reason, column_name, left(error_message, 200) AS detail
               FROM (SELECT *, row_number() OVER (PARTITION BY line ORDER BY column_idx) AS k FROM parse_errors)
               WHERE k = 1 ORDER BY line"""
        ).df()
    except duckdb.Error as exc:
        raise SOFileError(f"{path}: the CSV parser failed: {records.shorten(str(exc).splitlines()[0], 160)}") from exc
    finally:
        con.close()
    bad = errs["record"].to_numpy(dtype="int64")
    expected = layout.records - len(layout.quarantined)
    if len(df) + len(bad) != expected:
        raise SOFileError(f"{path}: the CSV parser read {len(df) + len(bad):,} records but the file holds {expected:,} "
                          "(counted byte by byte, respecting quotes); nothing was published")
    gaps = bad - np.arange(1, len(bad) + 1)
    parsed = df.pop("parsed").to_numpy(dtype="int64")
    df.insert(0, "record", parsed + np.searchsorted(gaps, parsed, side="left"))
    return df[["record", *so_declared.SO_COLUMNS]], errs, bad


def _whole(text: pd.Series) -> pd.Series:
    """Text as whole numbers (NA where it is not one); NA stays NA."""
    num = _numbers(text)
    return num.where(num.notna() & (num == np.floor(num.fillna(0))))


def _numbers(text: pd.Series) -> pd.Series:
    """``pd.to_numeric(text.str.strip(), errors="coerce")``, parsing each distinct text once (a coded column of
    60,000 answers has a few dozen): the same values, and the same dtype (float64 once any answer is missing)."""
    codes, uniques = pd.factorize(text)
    if 2 * len(uniques) > len(text):  # mostly distinct: nothing to gain
        return pd.to_numeric(text.str.strip(), errors="coerce")
    parsed = pd.to_numeric(pd.Series(uniques).str.strip(), errors="coerce").to_numpy()
    present = codes >= 0
    if present.all():
        values = parsed[codes]
    else:
        values = np.full(len(text), np.nan)
        values[present] = parsed.astype("float64")[codes[present]]
    return pd.Series(values, index=text.index, name=text.name)


def _reasons(df: pd.DataFrame, cw: dict[str, dict[int, str]], codes: pd.Series) -> pd.Series:
    """Each record's first matching reject reason (NA when valid), in the order of SO_REJECT_REASONS."""
    reason = pd.Series(pd.NA, index=df.index, dtype="object")

    def mark(mask: pd.Series, name: str) -> None:
        reason[mask & reason.isna()] = name

    mark(df["response_id"].eq("response_id") & df["country"].eq("country"), "repeated_header")
    rid = _whole(df["response_id"])
    mark(rid.isna() | (rid <= 0), "invalid_response_id")
    for q in so_declared.SO_CODED:
        val = _whole(df[q])
        mark(df[q].notna() & ~val.isin(list(cw[q])), "unknown_code")
    ycp = _whole(df["years_code_pro"])
    mark(df["years_code_pro"].notna() & (ycp.isna() | (ycp < 0) | (ycp > so_declared.SO_MAX_YEARS_CODE_PRO)),
         "invalid_years_code_pro")
    mark(df["country"].notna() & codes.isna(), "unknown_country_name")
    pay = pd.to_numeric(df["converted_comp_yearly"].str.strip(), errors="coerce")
    mark(df["converted_comp_yearly"].notna() & (pay.isna() | ~np.isfinite(pay.fillna(0))), "non_numeric_pay")
    mark(pay <= 0, "non_positive_pay")
    mark(pay > so_declared.SO_MAX_COMP_USD, "absurd_pay")
    return reason


def validate(raw_dir: Path, authored_dir: Path, manifest: Path, other_snapshot: bool) -> tuple:
    """Parse, check and classify every record: (records with reason, rejects, layout, snapshot, crosswalk)."""
    path = Path(raw_dir) / SO_FILE
    cw_path = Path(raw_dir) / CROSSWALK_FILE
    if not path.is_file() or not cw_path.is_file():
        raise SOFileError(f"{path if not path.is_file() else cw_path}: not found. Fill data/raw first: make data "
                          "(or python -m helpers fetch --from ../shared/data/raw)")
    with fs_step("cannot create a temporary folder in", tempfile.gettempdir(), "free space there, or set TMPDIR"):
        tmp = tempfile.TemporaryDirectory(prefix="helpers-so-")
    try:
        try:
            layout = records.scan(path, Path(tmp.name))
        except records.LayoutError as exc:
            raise SOFileError(str(exc)) from exc
        snap = sources.check_snapshot(layout.size, layout.sha256, path, SO_FILE, manifest, other_snapshot)
        cw_bytes = cw_path.read_bytes()
        cw_snap = sources.check_snapshot(len(cw_bytes), hashlib.sha256(cw_bytes).hexdigest(), cw_path, CROSSWALK_FILE,
                                         manifest, other_snapshot)
        if layout.records == 0:
            raise SOFileError(f"{path}: the header is there but the file has no data rows")
        df, errs, _ = _parse(path, layout, Path(tmp.name))
    finally:
        tmp.cleanup()
    cw = crosswalk(cw_path)
    reviewed = authored.read_authored("so_countries", authored_dir)
    codes = country_codes(df["country"], reviewed)
    df["reason"] = _reasons(df, cw, codes)
    df["country_code"] = codes
    df.insert(1, "line", layout.physical_line(df["record"].to_numpy(dtype="int64")))
    errs.insert(0, "line", layout.physical_line(errs["record"].to_numpy(dtype="int64")))
    pre = pd.DataFrame(layout.quarantined, columns=["line", "reason", "detail"]).assign(record=pd.NA, column_name=None)
    rule_rejects = df[df["reason"].notna()].drop(columns="country_code")
    rejects = pd.concat([errs, pre, rule_rejects.assign(column_name=None, detail=None)], ignore_index=True)
    rejects = rejects[["line", "record", "reason", "column_name", "detail", *so_declared.SO_COLUMNS]]
    rejects = rejects.astype({"line": "int64", "record": "Int64"}).sort_values(["line"], kind="stable").reset_index(drop=True)
    return df, rejects, layout, {"table": snap, "crosswalk": cw_snap}, cw


def dev_type_families(authored_dir: Path, cw: dict[str, dict[int, str]], strict: bool) -> pd.DataFrame:
    """The reviewed dev_type -> (role family, ml_role) mapping, checked against the crosswalk's labels."""
    path = authored.path_of("so_dev_types", authored_dir)
    df = authored.read_authored("so_dev_types", authored_dir)
    bad = df[~df["role_family"].isin(list(schema.ROLE_FAMILIES)) | ~df["ml_role"].isin(["true", "false"])]
    if len(bad):
        i = int(bad.index[0])
        raise SOFileError(f"{path}, line {i + 2}: role_family must be one of {', '.join(schema.ROLE_FAMILIES)} "
                          "and ml_role true or false")
    if df["dev_type"].duplicated().any():
        raise SOFileError(f"{path}: a dev_type is mapped twice")
    missing = sorted(set(cw["dev_type"].values()) - set(df["dev_type"]))
    if missing and strict:
        raise SOFileError(f"{path}: dev_type label(s) {missing} from the crosswalk have no role family (--strict); "
                          "add them to that reviewed table")
    extra = pd.DataFrame({"dev_type": missing, "role_family": schema.UNMAPPED_FAMILY, "ml_role": "false",
                          "rationale": "Not reviewed yet"})
    return pd.concat([df, extra], ignore_index=True) if missing else df


def _cells(valid: pd.DataFrame, cw: dict[str, dict[int, str]], fam: pd.DataFrame) -> pd.DataFrame:
    """Kept respondents decoded to the table's dimensions, one row each, with their pay."""
    def label(q: str) -> pd.Series:
        return _whole(valid[q]).map(cw[q])

    ycp = _whole(valid["years_code_pro"])
    dev = label("dev_type")
    by_dev = fam.set_index("dev_type")
    pay = pd.to_numeric(valid["converted_comp_yearly"]).astype("float64")
    code = valid["country_code"].fillna("")
    return pd.DataFrame({
        "work_year": WORK_YEAR,
        "grade": _band(ycp, so_declared.SO_GRADE_BOUNDS),
        "years_code_pro_band": _band(ycp, so_declared.SO_YEARS_BANDS),
        "role_family": dev.map(by_dev["role_family"]).fillna("other"),
        "ml_role": dev.map(by_dev["ml_role"]).fillna("false").eq("true"),
        "dev_type": dev,
        "residence_country": code.replace("", pd.NA),
        "region": code.map(region_of),
        "org_size": label("org_size"),
        "remote_work": label("remote_work"),
        "below_pay_floor": pay < so_declared.SO_PAY_FLOOR_USD,
        "salary_usd": pay,
    })


def bins(cells: pd.DataFrame) -> pd.DataFrame:
    """Respondents per (dimensions, 1% pay bin), with the bin's edges and the sum of its pay (missing stays empty)."""
    df = cells.assign(bin=binning.bin_index(cells["salary_usd"]), n=1)
    keys = [*BIN_DIMS, "bin"]
    out = df.groupby(keys, sort=True, dropna=False).agg(n=("n", "sum"), sum_usd=("salary_usd", "sum")).reset_index()
    lo, hi = binning.bin_edges(out["bin"])
    out.insert(out.columns.get_loc("bin") + 1, "bin_lower_usd", np.round(lo, 2))
    out.insert(out.columns.get_loc("bin") + 2, "bin_upper_usd", np.round(hi, 2))
    out["sum_usd"] = out["sum_usd"].round(0).astype("int64")
    out["n"] = out["n"].astype("int64")
    return out


def empty_bins() -> pd.DataFrame:
    """The table with no rows (the source absent, outside --strict); a copy of the one :func:`bins` makes once."""
    return _empty_bins().copy()


@functools.cache
def _empty_bins() -> pd.DataFrame:
    return bins(pd.DataFrame({c: pd.Series(dtype="object") for c in BIN_DIMS}).assign(salary_usd=pd.Series(dtype="float64")))


def build(raw_dir: Path, authored_dir: Path, manifest: Path, *, strict: bool, other_snapshot: bool) -> SOCurated:
    """Validate and bin the Stack Overflow table; the report part balances its books or this raises."""
    df, rejects, layout, snap, cw = validate(raw_dir, authored_dir, manifest, other_snapshot)
    fam = dev_type_families(authored_dir, cw, strict)
    valid = df[df["reason"].isna()]
    if valid["response_id"].is_unique:  # no two rows alike in one of the columns: no exact duplicate (checked cheaply)
        dup = pd.Series(False, index=valid.index)
    else:
        dup = valid.duplicated(subset=list(so_declared.SO_COLUMNS), keep="first")
    distinct = valid[~dup] if dup.any() else valid  # (selecting every row costs a copy of each column)
    pro = _whole(distinct["main_branch"]).eq(so_declared.SO_PROFESSIONAL)
    paid = distinct["converted_comp_yearly"].notna()
    kept = distinct[pro & paid]
    rejected = {r: int((rejects["reason"] == r).sum()) for r in so_declared.SO_REJECT_REASONS}
    read, n_valid = layout.records, len(distinct)
    if read != n_valid + len(rejects) + int(dup.sum()) or n_valid != len(kept) + int((~pro).sum()) + int((pro & ~paid).sum()):
        raise SOFileError(f"{Path(raw_dir) / SO_FILE}: rows do not add up: read {read}, valid {n_valid}, "
                          f"rejected {len(rejects)}, duplicates {int(dup.sum())}")
    cells = _cells(kept, cw, fam)
    table = bins(cells)
    unmapped_names = sorted(set(rejects.loc[rejects["reason"] == "unknown_country_name", "country"].dropna()))
    report = {
        "snapshot": snap["table"], "crosswalk": snap["crosswalk"],
        "rows_read": read, "rows_valid": n_valid, "rows_rejected": len(rejects), "duplicates_removed": int(dup.sum()),
        "rejected_by_reason": rejected,
        "out_of_scope": {"not_professional_developer": int((~pro).sum()), "professional_without_pay": int((pro & ~paid).sum())},
        "rows_kept": len(kept),
        "kept_below_pay_floor": int(cells["below_pay_floor"].sum()),
        "kept_missing": {c: int(cells[c].isna().sum()) for c in ("grade", "dev_type", "org_size", "remote_work", "residence_country")},
        "kept_ml_role": int(cells["ml_role"].sum()),
        "unknown_country_names": unmapped_names[:20],
        "unmapped_dev_types": sorted(fam.loc[fam["role_family"] == schema.UNMAPPED_FAMILY, "dev_type"]),
        "records_counted": {"physical_lines": layout.lines, "header_line": layout.header_line,
                            "blank_lines": len(layout.blank), "multi_line_records": len(layout.multi),
                            "line_breaks": dict(layout.endings)},
        "notes": layout.notes(),
        "quarantine": {"file": QUARANTINE, "rows": len(rejects),
                       "sha256": hashlib.sha256(rejects_bytes(rejects)).hexdigest()},
    }
    curated = {"so_salary_bins": table, "so_dev_types": fam.copy(), "so_countries": countries(authored_dir, cells)}
    return SOCurated(curated, report, rejects)


def countries(authored_dir: Path, cells: pd.DataFrame) -> pd.DataFrame:
    """The reviewed table of Stack Overflow's nonstandard country names, with the kept respondents of each code."""
    df = authored.read_authored("so_countries", authored_dir)
    counts = cells["residence_country"].fillna("").value_counts()
    df["n_kept"] = df["country_code"].map(counts).fillna(0).astype("int64")
    return df


def rejects_bytes(rejects: pd.DataFrame) -> bytes:
    """The quarantine file of this source: every rejected line or record with its physical line, reason and fields."""
    return rejects.to_csv(index=False, lineterminator="\n").encode("utf-8")


def add_to(curated, raw_dir: Path, authored_dir: Path, manifest: Path, strict: bool, other_snapshot: bool):
    """Add the Stack Overflow tables to ``curated`` (a :class:`helpers.pipeline.package.Curated`); outside --strict an
    absent source gives empty tables and a note in the report, under --strict it is an error."""
    if not (raw_dir / SO_FILE).is_file() and not strict:
        curated.tables.update({"so_salary_bins": empty_bins(), "so_dev_types": authored.read_authored("so_dev_types", authored_dir),
                               "so_countries": countries(authored_dir, pd.DataFrame({"residence_country": []}))})
        curated.report["so_survey"] = {"absent": f"raw/{SO_FILE} not found: the Stack Overflow tables are empty"}
        return curated
    so = build(raw_dir, authored_dir, manifest, strict=strict, other_snapshot=other_snapshot)
    curated.tables.update(so.tables)
    curated.report["so_survey"] = so.report
    curated.other_quarantines[QUARANTINE] = so.rejects
    for key in ("snapshot", "crosswalk"):
        curated.report["inputs_sha256"][so.report[key]["path"]] = so.report[key]["sha256"]
    return curated


# ---------------------------------------------------------------- its part of the published package

#: This source's sentences in the data package's description (its licence, attribution and what is curated).
PACKAGE_NOTE = (
    "The tables derived from the Stack Overflow Developer Survey 2024 (so_*) are under the ODbL 1.0 (contents DbCL "
    "1.0) with the attribution 'Stack Overflow Developer Survey 2024'; share-alike means that they, and any database "
    "adapted from them, stay under the ODbL; the other tables keep their own licences (CC0 for aijobs-derived and "
    "project tables). Of the Stack Overflow survey only 2024 is curated: no 2023 respondent file was obtained, and "
    "the 2025 file at hand is a third party's trimmed derivative (indicative only, not curated)."
)


SO_SCOPE = (
    "Only 2024 is curated. The 2023 respondent file was not obtained (only its schema and README are in the mirror). "
    "The 2025 file in the mirror is a third party's trimmed derivative (salaried rows only, 6 columns, an undocumented "
    "filter): indicative only, not curated as a source. Kept: professional developers (main_branch 1) with a "
    "compensation; converted_comp_yearly is annual TOTAL compensation in USD (aijobs is salary). Region is by country "
    "of residence (aijobs' by company location). Grades from years_code_pro: Junior 0 (less than 1 year), Middle 1-3, "
    "Senior 4 and more (51 = more than 50 years); the survey has no team-lead field, so there is no Executive. Employment "
    "type is not in the table (multi-select in 2024, dropped by the single-response curation). org_size is put in size "
    "order (the crosswalk numbers its labels alphabetically). Pay under the floor is kept and flagged (below_pay_floor), "
    "so figures with any pay above 0 and with the floor applied both come from the bins."
)


def report_markdown(so: dict) -> list[str]:
    """This source's section of the curation report (``so``: its part of the report; nothing when empty)."""
    if not so or "absent" in so:
        return ["## Stack Overflow Developer Survey 2024", "", so.get("absent", "not curated"), ""] if so else []
    out, c = so["out_of_scope"], so["records_counted"]
    miss = ", ".join(f"{k} {v:,}" for k, v in so["kept_missing"].items())
    return [
        "## Stack Overflow Developer Survey 2024", "",
        f"- Snapshot: `{so['snapshot']['path']}`, {so['snapshot']['bytes']:,} bytes, sha256 `{so['snapshot']['sha256']}`"
        + (" (pinned in `data/sources.json`)" if so["snapshot"]["pinned"] else " (**not** the pinned snapshot)")
        + f"; crosswalk `{so['crosswalk']['path']}` sha256 `{so['crosswalk']['sha256']}`.",
        f"- Records counted byte by byte: {so['rows_read']:,} (physical lines {c['physical_lines']:,}, blank {c['blank_lines']:,}, "
        f"multi-line {c['multi_line_records']:,}).",
        f"- read {so['rows_read']:,} = valid {so['rows_valid']:,} + rejected {so['rows_rejected']:,} + exact duplicates "
        f"{so['duplicates_removed']:,}",
        f"- valid {so['rows_valid']:,} = kept {so['rows_kept']:,} + not a professional developer "
        f"{out['not_professional_developer']:,} + professional without compensation {out['professional_without_pay']:,}",
        f"- kept below the pay floor ({so_declared.SO_PAY_FLOOR_USD:,} USD a year; flagged, not rejected): "
        f"{so['kept_below_pay_floor']:,}; ML roles: {so['kept_ml_role']:,}; kept with a field not answered: {miss}.", "",
        "| reason | rows | rule |", "|---|---|---|",
        *[f"| {k} | {v:,} | {package.md_cell(so_declared.SO_REJECT_REASONS[k])} |" for k, v in so["rejected_by_reason"].items()], "",
        f"Rejected lines and records are in `{so['quarantine']['file']}` ({so['quarantine']['rows']:,} rows, sha256 "
        f"`{so['quarantine']['sha256']}`), git-ignored like the other quarantine. The ceiling "
        f"({so_declared.SO_MAX_COMP_USD:,} USD a year) is aijobs' absurd-salary rule.", "",
        "Mappings: `data/authored/so_dev_types.csv` (every crosswalk dev_type label; unmapped: "
        f"{', '.join(so['unmapped_dev_types']) or 'none'}) and `data/authored/so_countries.csv` (nonstandard names; unknown "
        f"names quarantined: {', '.join(so['unknown_country_names']) or 'none'}).", "",
        SO_SCOPE, "",
        *([f"- {n}" for n in so["notes"]] + [""] if so["notes"] else []),
    ]
