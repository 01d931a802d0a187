"""The euro-area local-currency table: aijobs salaries paid in euros at euro-area companies, binned in EUR.

:func:`add_to` runs inside the curation, on the same validated, de-duplicated records as ``salary_bins`` (the
``records`` view of :class:`helpers.pipeline.validate.Validated`), and adds ``salary_bins_eur``: counts of distinct
records per (work year, grade, role family, company country, 1% EUR bin) with the sum of their EUR amounts. The
amount is the survey's own ``salary`` column (what the respondent reported, in EUR), never ``salary_in_usd``
converted back. A record is in the table when its company is in the euro area that work year (:data:`EURO_AREA_SINCE`,
the composition the euro-area HICP follows) and it was paid in EUR. Its row accounting (every kept record is in the
table or left out for a stated reason) goes into the curation report, and the build stops if it does not balance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import binning, schema, tables
from helpers.pipeline import duck
from helpers.pipeline.package import Curated
from helpers.pipeline.validate import Validated

TABLE = "salary_bins_eur"
#: Countries whose currency is the euro, with the year each adopted it (the euro area's changing composition).
EURO_AREA_SINCE: dict[str, int] = {
    **{c: 1999 for c in ("AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PT")},
    "GR": 2001, "SI": 2007, "CY": 2008, "MT": 2008, "SK": 2009, "EE": 2011, "LV": 2014, "LT": 2015, "HR": 2023,
}
CURRENCY = "EUR"
#: Why a kept record is not in the table, in the order the reasons are tested.
LEFT_OUT: dict[str, str] = {
    "company_outside_euro_area": "the company is not in the euro area that work year",
    "paid_in_another_currency": "a euro-area company, but the salary was not paid in EUR",
}
RULE = (f"{TABLE}: distinct valid records at companies in the euro area that work year (Croatia from 2023) paid in EUR, "
        "binned by the reported EUR salary")


def in_euro_area(country: pd.Series, year: pd.Series) -> pd.Series:
    """True where ``country`` (ISO alpha-2) used the euro in ``year``."""
    since = country.astype(str).map(EURO_AREA_SINCE)
    return since.notna() & (year.astype("int64") >= since.fillna(0).astype("int64"))


def cells(v: Validated, titles: pd.DataFrame) -> pd.DataFrame:
    """Distinct valid records grouped by (work year, grade, family, company country, currency, reported salary), with n."""
    con = v.con
    duck.text_table(con, "eur_titles_df", {"job_title": titles["job_title"], "role_family": titles["role_family"]})
    out = con.execute(
        f"""SELECT CAST(trim(r.work_year) AS INTEGER) AS work_year, r.experience_level,
                  coalesce(t.role_family, '{schema.UNMAPPED_FAMILY}') AS role_family, r.company_location,
                  r.salary_currency, CAST(r.salary AS DOUBLE) AS salary, count(*) AS n
           FROM records r LEFT JOIN eur_titles_df t USING (job_title)
           GROUP BY ALL ORDER BY ALL"""
    ).df()
    con.execute("DROP TABLE eur_titles_df")
    out["grade"] = out.pop("experience_level").map(schema.GRADE_OF_LEVEL)
    return out


def bins_eur(c: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The table from :func:`cells`, and its row accounting (records kept, in the table, left out by reason)."""
    euro_area = in_euro_area(c["company_location"], c["work_year"])
    eur = c["salary_currency"] == CURRENCY
    left = {"company_outside_euro_area": int(c.loc[~euro_area, "n"].sum()),
            "paid_in_another_currency": int(c.loc[euro_area & ~eur, "n"].sum())}
    keep = c[euro_area & eur]
    df = keep.assign(bin=binning.bin_index(keep["salary"]), sum_eur=keep["salary"] * keep["n"],
                     grade=pd.Categorical(keep["grade"], categories=list(schema.GRADES), ordered=True))
    dims = ["work_year", "grade", "role_family", "company_location"]
    # grouped and sorted by the dimensions, grade by its place in the ladder
    out = df.groupby([*dims, "bin"], sort=True, observed=True, dropna=True)[["n", "sum_eur"]].sum().reset_index()
    out["grade"] = out["grade"].astype(str)
    lo, hi = binning.bin_edges(out["bin"])
    out.insert(out.columns.get_loc("bin") + 1, "bin_lower_eur", np.round(lo, 2))
    out.insert(out.columns.get_loc("bin") + 2, "bin_upper_eur", np.round(hi, 2))
    out["n"] = out["n"].astype("int64")
    out["sum_eur"] = out["sum_eur"].round(0).astype("int64")
    out = out[list(tables.TABLES[TABLE].columns)].reset_index(drop=True)
    books = {"rule": RULE, "records_kept": int(c["n"].sum()), "records_in_table": int(out["n"].sum()),
             "left_out": left, "left_out_rules": dict(LEFT_OUT),
             "euro_area_since": dict(sorted(EURO_AREA_SINCE.items()))}
    return out, books


def add_to(curated: Curated, v: Validated, titles: pd.DataFrame) -> Curated:
    """Add ``salary_bins_eur`` to ``curated`` (built from the open ``v``), its accounting to the report and a note.

    Raises ``ValueError`` when the records in the table plus those left out do not equal the records kept.
    """
    out, books = bins_eur(cells(v, titles))
    kept = int(curated.report["rows_kept"])
    if books["records_kept"] != kept or books["records_in_table"] + sum(books["left_out"].values()) != kept:
        raise ValueError(f"{TABLE}: records do not add up: kept {kept:,}, in the table {books['records_in_table']:,}, "
                         f"left out {books['left_out']}")
    curated.tables[TABLE] = out
    curated.report[TABLE] = books
    lo = books["left_out"]
    curated.report["notes"] = [*curated.report["notes"], (
        f"{RULE}: {books['records_in_table']:,} of the {kept:,} kept records; left out "
        f"{lo['company_outside_euro_area']:,} at companies outside the euro area and {lo['paid_in_another_currency']:,} "
        "at euro-area companies paid in another currency.")]
    return curated
