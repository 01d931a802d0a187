"""Official statistics read from the shared reference files, with provenance: the source of ``data/authored/official_statistics.csv``.

:func:`read` parses the publishers' files in ``../shared/data/reference`` (BLS OEWS national May 2023 and May 2024,
US CPI-U annual averages, the euro-area HICP 2025=100, ONS ASHE 2025 provisional, BA Entgeltatlas) into one long
table, every figure as published: OEWS's ``*`` (not available) and ``#`` (at or above the top reported wage) become
an empty value with a note, never a number. ``python -m helpers.pipeline.official`` rewrites the authored file;
``tests/test_official_statistics.py`` checks the committed file equals a fresh parse.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from helpers import paths

REFERENCE = paths.ROOT.parent / "shared" / "data" / "reference"
COLUMNS = ("stat_id", "publisher", "dataset", "series", "geo", "occupation_code", "occupation", "measure", "period",
           "value", "unit", "url", "read_from", "note")
OEWS_CODES = ("00-0000", "15-0000", "15-1221", "15-1252", "15-2051")
OEWS_MEASURES = {"TOT_EMP": ("employment", "jobs"), "A_MEAN": ("mean_annual_wage", "USD per year"),
                 "A_PCT10": ("p10_annual_wage", "USD per year"), "A_PCT25": ("p25_annual_wage", "USD per year"),
                 "A_MEDIAN": ("median_annual_wage", "USD per year"), "A_PCT75": ("p75_annual_wage", "USD per year"),
                 "A_PCT90": ("p90_annual_wage", "USD per year")}
OEWS_SYMBOLS = {"*": "'*' in the file: not available (BLS publishes no figure)",
                "#": "'#' in the file: at or above the top wage BLS reports (a censored figure, not a value)"}
MIRROR = "THIRD-PARTY MIRROR (verbatim copy): "


def _oews(ref: Path) -> list[dict]:
    rows = []
    for year, commit in (("2023", "2c8666e05d32957c50c3b98435a1226b717cc14f"), ("2024", "2c8666e05d32957c50c3b98435a1226b717cc14f")):
        name = f"bls_oews_national_M{year}_dl.csv"
        df = pd.read_csv(ref / name, dtype=str, keep_default_na=False)
        df = df[df["OCC_CODE"].isin(OEWS_CODES) & (df["AREA"] == "99")]
        for r in df.sort_values("OCC_CODE").to_dict("records"):
            for col, (measure, unit) in OEWS_MEASURES.items():
                raw = r[col].strip()
                value = "" if raw in OEWS_SYMBOLS else str(float(raw.replace(",", ""))).removesuffix(".0")
                rows.append({
                    "stat_id": f"bls_oews_{year}_{r['OCC_CODE']}_{measure}", "publisher": "U.S. Bureau of Labor Statistics",
                    "dataset": f"Occupational Employment and Wage Statistics (OEWS), May {year} national estimates",
                    "series": f"national_M{year}_dl, column {col}", "geo": "US", "occupation_code": r["OCC_CODE"],
                    "occupation": r["OCC_TITLE"], "measure": measure, "period": f"May {year}", "value": value, "unit": unit,
                    "url": "https://www.bls.gov/oes/tables.htm",
                    "read_from": f"{MIRROR}augw999/ai-labor-market-impact_analysis@{commit}:national_M{year}_dl.xlsx "
                                 f"(converted to CSV: ../shared/data/reference/{name})",
                    "note": OEWS_SYMBOLS.get(raw, "as published; cross-industry, all ownerships"),
                })
    return rows


def _prices(ref: Path) -> list[dict]:
    df = pd.read_csv(ref / "cpi_annual.csv", dtype=str, keep_default_na=False)
    us = df[(df["area"] == "US") & df["series"].str.startswith("CPI-U")]
    ea = df[(df["area"] == "EA") & df["unit"].str.contains("2025=100")]
    rows = []
    for r in us.to_dict("records"):
        note = "annual average of 11 months (BLS published no October 2025 index)" if r["year"] == "2025" else "annual average"
        rows.append({"stat_id": f"bls_cpi_u_{r['year']}", "publisher": r["publisher"], "dataset": r["dataset"],
                     "series": r["series"], "geo": "US", "occupation_code": "", "occupation": "", "measure": "price_index",
                     "period": r["year"], "value": r["value"], "unit": r["unit"], "url": r["source_url"].split(" ; ")[0],
                     "read_from": f"{MIRROR}{r['file_seen']} (../shared/data/reference/cpi_annual.csv)", "note": note})
    for r in ea.to_dict("records"):
        rows.append({"stat_id": f"eurostat_hicp_ea_2025base_{r['year']}", "publisher": r["publisher"], "dataset": r["dataset"],
                     "series": r["series"], "geo": "EA", "occupation_code": "", "occupation": "", "measure": "price_index",
                     "period": r["year"], "value": r["value"], "unit": r["unit"], "url": r["source_url"],
                     "read_from": f"{MIRROR}{r['file_seen']} (../shared/data/reference/cpi_annual.csv)",
                     "note": f"{r['note']}; base 2025=100: do not splice with the 2015=100 series (ECOICOP ver.1)".strip("; ")})
    return rows


def _europe(ref: Path) -> list[dict]:
    rows = []
    uk = pd.read_csv(ref / "uk_ons_ashe_table14_2025prov_selected_soc.csv", dtype=str, keep_default_na=False)
    for r in uk[uk["soc2020"].isin(["2134", "2135", "3544"])].to_dict("records"):
        rows.append({"stat_id": f"ons_ashe_2025p_{r['soc2020']}_{r['measure']}", "publisher": r["publisher"], "dataset": r["dataset"],
                     "series": "ASHE Table 14.7a, annual gross pay", "geo": "GB", "occupation_code": f"SOC 2020 {r['soc2020']}",
                     "occupation": r["job_title"], "measure": f"{r['measure']}_annual_wage", "period": r["reference_period"],
                     "value": r["value_gbp_per_year"].removesuffix(".0"), "unit": "GBP per year (gross)", "url": r["source_url"],
                     "read_from": f"{MIRROR}{r['file_seen']} (../shared/data/reference/uk_ons_ashe_table14_2025prov_selected_soc.csv)",
                     "note": f"provisional; CV {r['cv_percent']}%; the extract does not say whether the 'All' or the "
                             "'Full-Time' sheet (likely all employees: confirm against ONS Table 14.7a before quoting as full-time)"})
    de = pd.read_csv(ref / "de_ba_entgeltatlas_2025_selected.csv", dtype=str, keep_default_na=False)
    for r in de[de["occupation_key"] == "software_developer"].to_dict("records"):
        rows.append({"stat_id": "de_ba_entgeltatlas_2025_softwareentwickler_median", "publisher": r["publisher"],
                     "dataset": r["dataset"], "series": f"{r['occupational_aggregate']} ({r['requirement_level']})", "geo": "DE",
                     "occupation_code": r["aggregation_level"], "occupation": r["profession_title"],
                     "measure": "median_monthly_wage", "period": r["reference_period"], "value": r["value_eur_per_month"],
                     "unit": "EUR per month (gross, full-time)", "url": r["source_url"],
                     "read_from": f"{MIRROR}{r['file_seen']} (../shared/data/reference/de_ba_entgeltatlas_2025_selected.csv)",
                     "note": "MONTHLY, not annual (x12 would ignore 13th-month pay; never annualised here); full-time employees "
                             "subject to social insurance, censored at the contribution ceiling; data year behind '2025' not verified"})
    return rows


def read(ref: Path = REFERENCE) -> pd.DataFrame:
    """Every official figure, one row each, as the authored table holds it (all text)."""
    return pd.DataFrame(_oews(ref) + _prices(ref) + _europe(ref), columns=list(COLUMNS))


if __name__ == "__main__":  # rewrite data/authored/official_statistics.csv from the shared reference files
    out = paths.AUTHORED / "official_statistics.csv"
    read(Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE).to_csv(out, index=False, lineterminator="\n")
    print(out)
