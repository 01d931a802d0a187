"""Constant prices: deflators from the curated official price indices, and amounts restated in a base year's prices.

The indices are rows of the curated ``official_statistics`` table (never typed in, never estimated): US CPI-U
annual averages (``bls_cpi_u_YYYY``, 1982-84=100) for US dollars and the euro-area HICP (``eurostat_hicp_ea_2025base_
YYYY``, 2025=100) for euros. A year's factor is ``index[base_year] / index[year]``: a nominal amount of that year times
the factor is the same purchasing power in base-year prices. A year without an index is an explicit
:class:`MissingPriceIndex` error (or, with ``missing="nan"``, a NaN with the reason in the ``price_note`` column),
never a silent fill. A partial-year average (CPI-U 2025: 11 months) is refused as a base year and noted where used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import data, licensing, study


class MissingPriceIndex(KeyError):
    """A year (or base year) the price index does not cover; the message says which years it covers."""

    def __str__(self) -> str:  # KeyError quotes its message; show it plain
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class PriceIndex:
    """One official price index as the curated ``official_statistics`` table names it."""

    key: str
    #: Prefix of its rows' ``stat_id`` (the year follows).
    prefix: str
    #: The currency whose amounts it deflates.
    currency: str
    #: Short name for labels ("CPI-U").
    short: str
    #: What it is, for captions.
    title: str


INDICES: dict[str, PriceIndex] = {
    "cpi_u": PriceIndex("cpi_u", "bls_cpi_u_", "USD", "CPI-U",
                        "US CPI-U, all items, US city average (BLS), annual average"),
    "hicp_ea": PriceIndex("hicp_ea", "eurostat_hicp_ea_2025base_", "EUR", "HICP",
                          "euro-area HICP, all items (Eurostat), annual average"),
}
#: Words in a row's note that mark an annual average over fewer than twelve months.
PARTIAL_MARK = "of 11 months"


def _index_of(index: str) -> PriceIndex:
    try:
        return INDICES[index]
    except KeyError:
        raise ValueError(f"unknown price index {index!r}; known: {', '.join(INDICES)}") from None


def index_values(index: str = "cpi_u", official: pd.DataFrame | None = None) -> pd.DataFrame:
    """The index's annual values from the curated official statistics, one row per year (sorted).

    Columns: ``year``, ``value`` (as published), ``unit``, ``partial`` (an average over fewer than 12 months),
    ``note``, ``stat_id``. ``official`` defaults to ``data.load("official_statistics")``.
    """
    ix = _index_of(index)
    o = data.load("official_statistics") if official is None else official
    rows = o[o["stat_id"].astype(str).str.startswith(ix.prefix) & (o["measure"] == "price_index")]
    rows = rows[rows["value"].notna()]
    out = pd.DataFrame({
        "year": rows["stat_id"].astype(str).str.removeprefix(ix.prefix).astype(int).to_numpy(),
        "value": rows["value"].astype(float).to_numpy(),
        "unit": rows["unit"].astype(str).to_numpy(),
        "partial": rows["note"].astype(str).str.contains(PARTIAL_MARK).to_numpy(),
        "note": rows["note"].astype(str).to_numpy(),
        "stat_id": rows["stat_id"].astype(str).to_numpy(),
    })
    if out["year"].duplicated().any():
        raise ValueError(f"{ix.short}: more than one value for a year in official_statistics")
    return out.sort_values("year").reset_index(drop=True)


def label(index: str = "cpi_u", base_year: int = study.PRICE_BASE_YEAR) -> str:
    """``'constant 2024 USD (CPI-U)'``: the unit of amounts restated by :func:`to_constant`, for titles and axes."""
    ix = _index_of(index)
    return f"constant {base_year} {ix.currency} ({ix.short})"


def deflator(index: str = "cpi_u", base_year: int = study.PRICE_BASE_YEAR,
             official: pd.DataFrame | None = None) -> pd.Series:
    """Factor per year (index: year) turning that year's nominal amounts into ``base_year`` prices.

    ``factor[y] = index[base_year] / index[y]`` for every year the index covers (1.0 at the base year). Raises
    :class:`MissingPriceIndex` when the index has no full-year value for ``base_year``. ``attrs``: ``label``,
    ``index``, ``base_year``, ``partial_years`` (years whose average covers fewer than 12 months) and ``notes``.
    """
    values = index_values(index, official)
    have = values.set_index("year")
    if base_year not in have.index:
        raise MissingPriceIndex(f"{_index_of(index).short} has no value for the base year {base_year} "
                                f"(it covers {_years(have.index)})")
    if bool(have.loc[base_year, "partial"]):
        raise MissingPriceIndex(f"{_index_of(index).short} {base_year} is a partial-year average "
                                f"({have.loc[base_year, 'note']}): choose a full year as base")
    factor = (have.loc[base_year, "value"] / have["value"]).rename("factor")
    factor.index.name = "year"
    factor.attrs.update({"label": label(index, base_year), "index": index, "base_year": base_year,
                         "partial_years": [int(y) for y in have.index[have["partial"]]],
                         "notes": {int(y): str(n) for y, n in have["note"].items()}})
    return factor


def _years(idx: pd.Index) -> str:
    ys = sorted(int(y) for y in idx)
    return f"{ys[0]}–{ys[-1]}" if ys and ys == list(range(ys[0], ys[-1] + 1)) else ", ".join(map(str, ys)) or "no year"


def to_constant(df: pd.DataFrame, value_cols: list[str] | tuple[str, ...], year_col: str = "work_year",
                index: str = "cpi_u", base_year: int = study.PRICE_BASE_YEAR, suffix: str = "_constant",
                missing: str = "raise", official: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of ``df`` with, beside each nominal column ``c`` of ``value_cols``, ``c + suffix`` in base-year prices.

    Also adds ``price_factor`` (the year's factor, see :func:`deflator`) and ``price_note`` (empty, or why the factor
    is missing or partial). A year the index does not cover raises :class:`MissingPriceIndex` (``missing="raise"``)
    or gets NaN with the reason (``missing="nan"``). A year whose index is a partial-year average is deflated and
    noted. ``attrs["price_label"]`` is :func:`label`. Medians, quantiles and interval bounds of a single year scale
    exactly (the factor is one positive constant per year); pooled years must be deflated record by record.
    """
    if missing not in ("raise", "nan"):
        raise ValueError(f"missing must be 'raise' or 'nan', not {missing!r}")
    factor = deflator(index, base_year, official)
    years = df[year_col].astype(int)
    absent = sorted(set(years) - set(factor.index))
    if absent and missing == "raise":
        raise MissingPriceIndex(f"{_index_of(index).short} has no value for {year_col} {', '.join(map(str, absent))} "
                                f"(it covers {_years(factor.index)}); pass missing='nan' to keep those rows as NaN")
    out = df.copy()
    f = years.map(factor).to_numpy(dtype="float64", na_value=np.nan)
    for c in value_cols:
        pos = out.columns.get_loc(c) + 1
        out.insert(pos, f"{c}{suffix}", out[c].to_numpy(dtype="float64", na_value=np.nan) * f)
    notes = factor.attrs["notes"]
    partial = set(factor.attrs["partial_years"])
    out["price_factor"] = f
    out["price_note"] = [
        f"no {_index_of(index).short} value for {y}" if y in absent
        else (f"{_index_of(index).short} {y}: {notes[y]}" if y in partial else "")
        for y in years
    ]
    out.attrs.update(df.attrs)
    out.attrs["price_label"] = factor.attrs["label"]
    return licensing.carry(out, df, "official_statistics" if official is None else official)


def real_ratio(nominal_ratio: float | np.ndarray | pd.Series, year_a: int, year_b: int, index: str = "cpi_u",
               official: pd.DataFrame | None = None) -> float | np.ndarray | pd.Series:
    """A ratio of year ``year_a``'s amount to year ``year_b``'s, restated in constant prices.

    ``nominal_ratio * index[year_b] / index[year_a]`` (the base year cancels). Works on interval bounds too.
    Raises :class:`MissingPriceIndex` when either year is not covered.
    """
    values = index_values(index, official).set_index("year")["value"]
    for y in (year_a, year_b):
        if y not in values.index:
            raise MissingPriceIndex(f"{_index_of(index).short} has no value for {y} (it covers {_years(values.index)})")
    return nominal_ratio * float(values[year_b]) / float(values[year_a])


def price_change(year_from: int, year_to: int, index: str = "cpi_u", official: pd.DataFrame | None = None) -> float:
    """How much prices rose from ``year_from`` to ``year_to`` (0.21 = +21%), from the index's annual averages."""
    return float(real_ratio(1.0, year_from, year_to, index, official)) - 1  # 1 * index[to] / index[from]


def real_comparison(table: pd.DataFrame, index: str = "cpi_u", base_year: int = study.PRICE_BASE_YEAR,
                    official: pd.DataFrame | None = None) -> pd.DataFrame:
    """A year-vs-year :func:`helpers.analysis.stats.compare_table` (``split="work_year"``) in constant prices.

    Adds ``value_a_constant``, ``lo_a_constant``, ``hi_a_constant`` (same for ``_b``) and ``ratio_constant``,
    ``lo_constant``, ``hi_constant``: the nominal ratio and its bounds times ``index[b] / index[a]`` (exact: each
    side's factor is one constant). Raises ``ValueError`` unless the table compares work years.
    """
    a, b = table.attrs.get("a"), table.attrs.get("b")
    if table.attrs.get("split") != "work_year" or a is None or b is None:
        raise ValueError("real_comparison needs a compare_table split by work_year (attrs a, b, split)")
    f = deflator(index, base_year, official)
    for year in (a, b):
        if int(year) not in f.index:
            raise MissingPriceIndex(f"{_index_of(index).short} has no value for {year} (it covers {_years(f.index)})")
    out = table.copy()
    for side, year in (("a", a), ("b", b)):
        for c in (f"value_{side}", f"lo_{side}", f"hi_{side}"):
            out[f"{c}_constant"] = out[c] * float(f[int(year)])
    for c in ("ratio", "lo", "hi"):
        out[f"{c}_constant"] = real_ratio(out[c], int(a), int(b), index, official)
    out.attrs.update(table.attrs)
    out.attrs["price_label"] = f.attrs["label"]
    return licensing.carry(out, table, "official_statistics" if official is None else official)


def row_amounts(bins: pd.DataFrame, sum_col: str = "sum_eur", name: str = "eur", index: str = "hicp_ea",
                base_year: int = study.PRICE_BASE_YEAR, official: pd.DataFrame | None = None) -> pd.DataFrame:
    """Binned rows with each row's mean amount (``sum_col / n``, nominal) as ``name`` and, beside it, ``name``
    + ``_constant`` in base-year prices (:func:`to_constant`): ``value_col``\\ s for the functions of :mod:`helpers.analysis.stats`, so
    a table binned in another currency (``salary_bins_eur``) goes through the same quantiles and bootstrap."""
    return to_constant(bins.assign(**{name: bins[sum_col] / bins["n"]}), [name], index=index, base_year=base_year,
                       official=official)
