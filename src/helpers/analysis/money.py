"""Money: exchange rates, PPP factors and average wages from the official reference table, and pay restated in them.

Every function reads rows of ``data.reference_wages()`` (each with publisher, period, unit and URL). A figure that
is not in the table is reported missing (value None and the reason), never estimated. Units are stated per function:
salaries come in as nominal USD per year; PPP amounts are PPP US dollars per year; average-wage multiples are ×.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import licensing

#: National currency of each European country in the project's Europe (ISO 4217), plus the US.
CURRENCY_OF: dict[str, str] = {
    **{c: "EUR" for c in ("AT", "BE", "HR", "CY", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
                          "PT", "SK", "SI", "ES")},
    "BG": "BGN", "CZ": "CZK", "DK": "DKK", "HU": "HUF", "PL": "PLN", "RO": "RON", "SE": "SEK",
    "GB": "GBP", "CH": "CHF", "NO": "NOK", "IS": "ISK", "US": "USD",
}

_PER = re.compile(r"^\s*(?P<num>[A-Za-z$ ]+?)\s+per\s+(?P<den>[A-Za-z$ ]+?)\s*(\(.*\))?\s*$")



@dataclass(frozen=True)
class RefFigure:
    """One looked-up reference figure, or why it is missing (``value`` None and ``reason`` set).

    ``year`` is the year asked for, ``year_used`` the period of the row used (differs only with ``nearest=True``).
    """

    measure: str
    key: str
    year: int
    value: float | None
    year_used: int | None = None
    unit: str = ""
    ref_id: str = ""
    reason: str = ""


#: Reference rows as plain records (faster to scan than a DataFrame); every function accepts either form.
Wages = pd.DataFrame | list[dict]
_REF_COLS = ("ref_id", "geo", "measure", "period", "value", "unit")


def wage_records(wages: Wages) -> list[dict]:
    """``data.reference_wages()`` rows as a list of dicts (ref_id, geo, measure, period, value, unit); idempotent."""
    if isinstance(wages, list):
        return wages
    return [dict(zip(_REF_COLS, r, strict=True)) for r in wages[list(_REF_COLS)].itertuples(index=False, name=None)]


def _year_of(period: object) -> int | None:
    p = str(period)
    return int(p) if re.fullmatch(r"\d{4}", p) else None


def reference_figure(measure: str, geo: str, year: int, wages: Wages, nearest: bool = False) -> RefFigure:
    """The ``measure`` row for ``geo`` and ``year`` (period ``"YYYY"``) as a :class:`RefFigure`.

    With ``nearest=True`` and no row for ``year``, the row of the nearest available year is used (ties: the earlier)
    and ``year_used`` says which.
    """
    rows = [r for r in wage_records(wages) if r["measure"] == measure and r["geo"] == geo
            and _year_of(r["period"]) is not None and not pd.isna(r["value"])]
    if not rows:
        return RefFigure(measure, geo, year, None, reason=f"no {measure} rows for {geo} in the reference table")
    exact = [r for r in rows if _year_of(r["period"]) == year]
    if not exact and not nearest:
        have = ", ".join(map(str, sorted({_year_of(r["period"]) for r in rows})))
        return RefFigure(measure, geo, year, None, reason=f"no {measure} for {geo} in {year} (available: {have})")
    if not exact:
        exact = sorted(rows, key=lambda r: (abs(_year_of(r["period"]) - year), _year_of(r["period"])))[:1]
    r = exact[0]
    return RefFigure(measure, geo, year, float(r["value"]), _year_of(r["period"]), str(r["unit"]), str(r["ref_id"]))


def average_wage(country: str, year: int, wages: Wages) -> float | None:
    """OECD average annual wage of ``country`` (ISO2) in ``year``: USD PPP per year at constant 2025 prices.

    None when the table has no such figure (use :func:`reference_figure` for the reason or a nearest-year fallback).
    """
    return reference_figure("average_annual_wage", country, year, wages).value


def fx_rate(currency: str, year: int, wages: Wages) -> RefFigure:
    """Annual-average market exchange rate as **units of ``currency`` per USD** (1.0 for USD), or why it is missing.

    Rows quoted the other way (Fed G.5A "USD per EUR", "USD per GBP") are inverted; the direction is read from
    each row's ``unit``.
    """
    if currency == "USD":
        return RefFigure("fx_rate", "USD", year, 1.0, year, "USD per USD")
    rows = [r for r in wage_records(wages) if r["measure"] == "fx_rate" and _year_of(r["period"]) == year]
    for r in rows:
        m = _PER.match(str(r["unit"]))
        if not m or pd.isna(r["value"]):
            continue
        num, den = m["num"].strip(), m["den"].strip()
        if num == currency and den == "USD":
            return RefFigure("fx_rate", currency, year, float(r["value"]), year, f"{currency} per USD", str(r["ref_id"]))
        if num == "USD" and den == currency:
            return RefFigure("fx_rate", currency, year, 1.0 / float(r["value"]), year, f"{currency} per USD", str(r["ref_id"]))
    return RefFigure("fx_rate", currency, year, None, reason=f"no {currency}/USD exchange rate for {year} in the reference table")


def ppp_factor(country: str, year: int, wages: Wages) -> RefFigure:
    """PPP conversion factor of ``country`` in ``year`` as **national currency units per PPP US dollar** (1.0 for US).

    Read from ``measure == "ppp_factor"`` rows whose unit is "<national currency> per <US/international dollar>";
    a row quoted "USD per <currency>" is inverted. Value None, with the reason, when absent or the unit is not understood.
    """
    if country == "US":
        return RefFigure("ppp_factor", "US", year, 1.0, year, "USD per USD (PPP)")
    f = reference_figure("ppp_factor", country, year, wages)
    if f.value is None:
        return f
    m = _PER.match(f.unit)
    if not m:
        return RefFigure("ppp_factor", country, year, None, reason=f"PPP factor unit {f.unit!r} not understood ({f.ref_id})")
    num, den = m["num"].strip(), m["den"].strip()
    dollar = re.compile(r"^(USD|US dollars?|international \$|international dollars?|\$)$", re.I)
    if dollar.match(num) and not dollar.match(den):
        return RefFigure("ppp_factor", country, year, 1.0 / f.value, year, f"{den} per PPP USD", f.ref_id)
    if dollar.match(den) and not dollar.match(num):
        return RefFigure("ppp_factor", country, year, f.value, year, f"{num} per PPP USD", f.ref_id)
    return RefFigure("ppp_factor", country, year, None, reason=f"PPP factor unit {f.unit!r} not understood ({f.ref_id})")


@dataclass(frozen=True)
class Conversion:
    """Result of a reference-wage conversion: ``value`` (None when impossible), the ``reason`` if so, and the inputs."""

    value: float | None
    reason: str = ""
    inputs: tuple[RefFigure, ...] = ()


def ppp_conversion(amount_usd: float, country: str, year: int, wages: Wages) -> Conversion:
    """Nominal USD -> PPP USD for ``country`` in ``year``: ``amount * fx (LCU per USD) / ppp (LCU per PPP USD)``.

    US amounts are unchanged. Missing FX rate, PPP factor or currency: ``value`` None with the reason.
    """
    if country == "US":
        return Conversion(float(amount_usd))
    cur = CURRENCY_OF.get(country)
    if cur is None:
        return Conversion(None, f"currency of {country} unknown to helpers.analysis.money.CURRENCY_OF")
    fx, ppp = fx_rate(cur, year, wages), ppp_factor(country, year, wages)
    missing = [f.reason for f in (fx, ppp) if f.value is None]
    if missing:
        return Conversion(None, "; ".join(missing), (fx, ppp))
    return Conversion(float(amount_usd) * fx.value / ppp.value, "", (fx, ppp))  # type: ignore[operator]


def reference_bins(bins: pd.DataFrame, wages: Wages, country_col: str = "company_location") -> pd.DataFrame:
    """``bins`` with each row's salary restated per its country (``country_col``: the company's by default, the
    respondent's residence for a survey that records only that) and work year (never estimated):

    - ``ppp_usd``: the row's mean salary (``sum_usd / n``) in PPP USD per year (:func:`ppp_conversion`);
    - ``avg_wage_ppp``: the country's OECD average annual wage that year (USD PPP, constant 2025 prices);
    - ``wage_multiple``: ``ppp_usd / avg_wage_ppp``;
    - ``missing``: which figures are absent, e.g. "PPP factor, OECD average wage" ("" when all are present; the full
      reasons come from :func:`ppp_conversion` / :func:`reference_figure`). Missing figures are NaN.

    Use the new columns with ``value_col=`` in :mod:`helpers.analysis.stats` functions,; rows with NaN
    are left out there, so report them with :func:`missing_reference`.
    """
    keys = bins[[country_col, "work_year"]].astype({country_col: str}).drop_duplicates()
    wages = wage_records(wages)
    look = {}
    for c, y in keys.itertuples(index=False):
        conv = ppp_conversion(1.0, c, int(y), wages)
        w = reference_figure("average_annual_wage", c, int(y), wages)
        lacks = [label for label, fig in zip(("exchange rate", "PPP factor"), conv.inputs, strict=False) if fig.value is None]
        if conv.value is None and not conv.inputs:
            lacks.append("currency")
        if w.value is None:
            lacks.append("OECD average wage")
        look[(c, int(y))] = (conv.value, w.value, ", ".join(lacks))
    k = list(zip(bins[country_col].astype(str), bins["work_year"].astype(int), strict=True))
    factor = np.array([np.nan if look[x][0] is None else look[x][0] for x in k], dtype="float64")
    wage = np.array([np.nan if look[x][1] is None else look[x][1] for x in k], dtype="float64")
    out = bins.copy()
    out["ppp_usd"] = (bins["sum_usd"] / bins["n"]).to_numpy(dtype="float64") * factor
    out["avg_wage_ppp"] = wage
    out["wage_multiple"] = out["ppp_usd"] / out["avg_wage_ppp"]
    out["missing"] = [look[x][2] for x in k]
    # the figures come from reference_wages (a list of its rows carries no provenance of its own)
    return licensing.carry(out, bins, wages if isinstance(wages, pd.DataFrame) else "reference_wages")


def missing_reference(rbins: pd.DataFrame) -> pd.DataFrame:
    """Records of a :func:`reference_bins` table lacking a figure: one row per company country x work year x missing
    figures, with ``n`` (records), sorted by n descending."""
    m = rbins[rbins["missing"] != ""]
    cols = ["company_location", "work_year", "missing"]
    if m.empty:
        return pd.DataFrame(columns=[*cols, "n"])
    out = m.astype({"company_location": str}).groupby(cols, sort=True)["n"].sum().reset_index()
    return out.sort_values(["n", "company_location"], ascending=[False, True], kind="stable").reset_index(drop=True)
