"""Display tables: the one formatter every notebook table goes through, and the CSV of each figure's data.

:func:`table` turns an analysis table into what a reader should see: human column names with units (from
:data:`HEADERS`, the codebook's field definitions in :mod:`helpers.tables`, or the caller), readable values (role
families and countries by name, thousands separators, ratios to two decimals), an "n < 30" note instead of a
``small_sample`` flag, a dash for a missing value and for an interval of a group under ``study.MIN_INTERVAL_N`` records
(:func:`interval_shown`), no index and no cut text. It returns a pandas Styler with a fixed,
content-derived uuid whose plain-text form is the same table as text, so stored outputs are deterministic.
:func:`figure_csv` writes a figure's data with the same names for the site's downloads.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd
from pandas.io.formats.style import Styler

from helpers import data, schema, study
from helpers import tables as codebook

MISSING = "—"
#: Longest value (characters) of a text column whose cells never wrap (intervals, notes, short names).
NOWRAP_CHARS = 20
#: Narrowest width (em) of a column of sentences (values over twice :data:`NOWRAP_CHARS`): never a word per line.
PROSE_EM = 10
NOTE = "Note"
SMALL_NOTE = f"n < {study.SMALL_SAMPLE_N}"
#: What stands in a sentence or a note where such an interval would be.
TOO_FEW = "too few records for an interval"
USD_YEAR = "USD/yr"
#: Units of the restated values (``value_col`` of a comparison) other than nominal USD.
UNITS = {"ppp_usd": "PPP USD/yr", "wage_multiple": "× average wage"}
#: Column headers (unit in brackets) for the columns the analysis tables share.
HEADERS: dict[str, str] = {
    "claim_id": "Claim", "quote": "The article says", "quantity": "What it measures", "evidence": "Evidence",
    "reference": "Reference", "grade": "Grade", "region": "Region", "role_family": "Role family", "work_year": "Work year", "year": "Year",
    "company_location": "Company country", "country": "Country", "company_size": "Company size",
    "remote_ratio": "Remote work", "step": "Grade step", "n": "Records (n)", "value": f"Median ({USD_YEAR})",
    "lo": "95% CI low", "hi": "95% CI high", "ratio": "Ratio (×)", "median_from": f"Median, lower grade ({USD_YEAR})",
    "median_to": f"Median, higher grade ({USD_YEAR})", "n_from": "Records, lower grade (n)",
    "n_to": "Records, higher grade (n)", "mean_usd": f"Mean ({USD_YEAR})", "median_usd": f"Median ({USD_YEAR})",
    "mean_monthly": "Mean (USD/month)", "value_usd": f"Median ({USD_YEAR})", "records": "Records (n)",
    "claimed": "Claimed", "estimate": "Our estimate", "verdict": "Verdict", "reason": "Why", "unit": "Unit",
    "n_dedup": "Records (n)", "p50_dedup": f"Median ({USD_YEAR})", "n_with_dups": "Rows with duplicates",
    "p50_with_dups": f"Median with duplicates ({USD_YEAR})", "p50_change_pct": "Change of the median (%)",
    "median": f"Predicted median ({USD_YEAR})", "low": f"80% range from ({USD_YEAR})", "high": f"80% range to ({USD_YEAR})",
    "n_similar": "Similar records (n)", "x_previous_grade": "× previous grade", "x_junior": "× Junior", "q": "Quantile", "equal": "Equal",
    "salary_usd": f"Salary, 1% bin mean ({USD_YEAR})", "share_at_or_below": "Share earning at most this (0–1)",
    **{q: f"{int(q[1:])}th percentile ({USD_YEAR})" for q in ("p10", "p25", "p50", "p75", "p90")},
}
#: Kinds of value, each with its format: counts, money (whole dollars), ratios (×, two decimals), percentages.
COUNT, MONEY, RATIO, PCT, TEXT, NUMBER = "count", "money", "ratio", "pct", "text", "number"
_RATIO_COLS = {"ratio"}


#: A dollar sign in Markdown prose that every renderer shows as "$": the backslash keeps JupyterLab's Markdown renderer
#: from reading it as a maths delimiter, and the element keeps MathJax from pairing it with the next one (so
#: "$130,060 vs $53,333" is not typeset as maths). nbconvert, GitHub and any CommonMark renderer show a plain "$".
DOLLAR = r"<span>\$</span>"
_CODE_OR_DOLLAR = re.compile(r"(```.*?```|`[^`\n]*`)|<span>\\\$</span>|\\?\$", re.S)


def literal_dollars(text: str) -> str:
    """Markdown ``text`` with each "$" outside code (fenced blocks and inline code stay as they are) written as
    :data:`DOLLAR`; applying it twice changes nothing."""
    return _CODE_OR_DOLLAR.sub(lambda m: m.group(1) or DOLLAR, text)


def _unit(unit: str | None) -> str:
    short = {codebook.RECORDS: "n", codebook.ROWS: "rows", "percent": "%"}
    return "" if not unit or unit == "year" else short.get(unit, unit.split(" (")[0].replace("USD per year", USD_YEAR))


def header(column: object) -> str:
    """A column's human header: :data:`HEADERS`, else the codebook's description with its unit, else the name."""
    name = str(column)
    if name in HEADERS:
        return HEADERS[name]
    for t in codebook.TABLES.values():
        if name in t.columns and len(t.field(name).description) <= 48:
            f = t.field(name)
            return f"{f.description} ({_unit(f.unit)})" if _unit(f.unit) else f.description
    if re.fullmatch(r"[a-z0-9_]+", name):  # a code name: words, first one capitalised
        return name.replace("_", " ").capitalize()
    return label(name)


@functools.cache
def _country_names() -> dict[str, str]:
    c = data.load("countries")
    return dict(zip(c["country_code"].astype(str), c["country_name"].astype(str), strict=True))


@functools.cache
def _claim_names() -> dict[str, str]:
    c = data.load("claims")
    return {str(i): str(q)[:1].upper() + str(q)[1:] for i, q in zip(c["claim_id"], c["quantity"], strict=True)}


def country(code: object) -> str:
    """A country's name from its ISO code (the code itself if unknown)."""
    return _country_names().get(str(code), str(code))


def label(value: object, column: str = "") -> str:
    """A value as a reader should see it: role families by name, countries by name, remote ratios in words."""
    if column in ("company_location", "country", "hq_country"):
        return country(value)
    if column == "claim_id":
        return _claim_names().get(str(value), str(value))
    if column in ("company_size", "employment_type"):
        return {**schema.COMPANY_SIZES, **schema.EMPLOYMENT_TYPES}.get(str(value), str(value))
    if column == "remote_ratio" and value in schema.REMOTE_RATIOS:
        return schema.REMOTE_RATIOS[value].split(" (")[0]
    if str(value) == "Other" and column in ("region", ""):
        return schema.REGION_NAMES["Other"]
    return schema.ROLE_FAMILIES.get(str(value), str(value))


def kind_of(column: str, values: pd.Series) -> str:
    """The kind of a column's values, from its name and dtype."""
    if values.dtype == bool or not pd.api.types.is_numeric_dtype(values):
        return TEXT
    if column in ("work_year", "year", "remote_ratio", "rank"):
        return TEXT
    if re.fullmatch(r"(n|n_.*|.*_n|records|rows|n_records.*|n_rows.*|n_dedup|n_with_dups|n_company.*|n_employee.*)", column):
        return COUNT
    if pd.api.types.is_integer_dtype(values):
        return COUNT
    if column in _RATIO_COLS or column.startswith("x_"):
        return RATIO
    if column.endswith(("_pct", "pct")) or "%" in column:
        return PCT
    return MONEY if values.abs().max(skipna=True) >= 1000 else RATIO


def fmt(value: object, kind: str) -> str:
    """One value in the format of its kind (a dash when missing)."""
    if value is None or (isinstance(value, str) and not value) or (not isinstance(value, str) and pd.isna(value)):
        return MISSING
    if kind == COUNT:
        return f"{int(value):,}"
    if kind == MONEY:
        return f"{float(value):,.0f}"
    if kind == RATIO:
        return f"{float(value):.2f}"
    if kind == NUMBER:  # a column mixing units: whole numbers from 100 up, two decimals below
        return f"{float(value):,.0f}" if abs(float(value)) >= 100 else f"{float(value):.2f}"
    if kind == PCT:
        return f"{float(value):.1f}".replace("-", "−")
    return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def interval_shown(*ns: object) -> bool:
    """Whether an interval may be printed for a group of these sizes (every one of them has at least
    ``study.MIN_INTERVAL_N`` records; a missing size counts as none)."""
    return all(n is not None and not pd.isna(n) and int(n) >= study.MIN_INTERVAL_N for n in ns)


def ci_text(lo: float, hi: float, *ns: object, digits: int = 2) -> str:
    """``"1.61–2.26"``: an interval with ``digits`` decimals, or :data:`MISSING` when it is absent or a group in
    ``ns`` has too few records (:func:`interval_shown`)."""
    if pd.isna(lo) or pd.isna(hi) or not interval_shown(*ns):
        return MISSING
    return f"{lo:.{digits}f}–{hi:.{digits}f}"


#: Interval bound columns and the size column(s) they rest on (the smallest counts).
_BOUNDS: dict[str, tuple[str, ...]] = {"lo_a": ("n_a",), "hi_a": ("n_a",), "lo_b": ("n_b",), "hi_b": ("n_b",)}
_SIZES: tuple[tuple[str, ...], ...] = (("n",), ("n_a", "n_b"), ("n_from", "n_to"))


def _hidden_bounds(out: pd.DataFrame) -> dict[str, pd.Series]:
    """Per interval-bound column of ``out``: which rows rest on too few records to print it."""
    sizes = next((list(c) for c in _SIZES if all(x in out.columns for x in c)), None)
    hidden = {}
    for col in out.columns:
        need = _BOUNDS.get(str(col)) or (tuple(sizes) if str(col) in ("lo", "hi") and sizes else None)
        if need and all(x in out.columns for x in need):
            hidden[str(col)] = ~pd.Series([interval_shown(*r) for r in zip(*(out[x] for x in need), strict=True)],
                                          index=out.index)
    return hidden


def _columns(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a named index as columns (an unnamed one dropped) and flat column names."""
    named = any(n is not None for n in df.index.names)
    out = df.reset_index() if named else df.reset_index(drop=True)
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = [" · ".join(str(p) for p in c if str(p)) for c in out.columns]
    return out


def readable(df: pd.DataFrame, names: Mapping[str, str] | None = None, kinds: Mapping[str, str] | None = None,
             notes: bool = True) -> pd.DataFrame:
    """``df`` as strings with human headers: the index as columns, values labelled and formatted, ``small_sample``
    turned into a "n < 30" note (``notes=False`` drops it)."""
    out = _columns(df)
    names, kinds = dict(names or {}), dict(kinds or {})
    hidden = _hidden_bounds(out)
    shown = {}
    for col in out.columns:
        if col == "small_sample":
            continue
        values = out[col]
        kind = kinds.get(col) or kind_of(str(col), values)
        if str(col) in hidden:
            values = values.where(~hidden[str(col)])
        shown[names.get(col) or header(col)] = [fmt(label(v, str(col)) if kind == TEXT and not isinstance(v, bool) else v, kind)
                                               for v in values]
    result = pd.DataFrame(shown, index=range(len(out)))
    if notes and "small_sample" in out.columns:
        result[NOTE] = [SMALL_NOTE if s else "" for s in out["small_sample"].fillna(False)]
    return result


def fmt_number(x: float | None) -> str:
    """Readable number: thousands separators, rounded to 500 at >= 10,000; two decimals below 100 (ratios)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 10_000:
        return f"{round(x / 500) * 500:,.0f}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.2f}"


def _note(n_a: int, n_b: int, small: bool, a: str, b: str, small_note: str = SMALL_NOTE) -> str:
    """A comparison row's note: an empty side, too few records for an interval, or the small-sample flag."""
    if n_b == 0 or n_a == 0:
        return f"no {b if n_b == 0 else a} records"
    if not interval_shown(n_a, n_b):
        return f"{small_note}; {TOO_FEW}"
    return small_note if small else ""


def format_comparison(table: pd.DataFrame, category: str | list[str]) -> pd.DataFrame:
    """A ``stats.compare_table`` result as strings (``n <a>``, ``median <a>``, ..., ``<a>/<b>``, ``95% CI``, ``note``)."""
    cats = [category] if isinstance(category, str) else list(category)
    a, b = str(table.attrs.get("a", "a")), str(table.attrs.get("b", "b"))
    kind = table.attrs.get("kind", "ratio")
    out = pd.DataFrame({c: table[c].astype(str) for c in cats})
    out[f"n {a}"] = table["n_a"].map("{:,}".format)
    out[f"median {a}"] = table["value_a"].map(fmt_number)
    out[f"n {b}"] = table["n_b"].map("{:,}".format)
    out[f"median {b}"] = table["value_b"].map(fmt_number)
    out[f"{a}/{b}" if kind == "ratio" else f"{a}−{b}"] = table[kind].map(fmt_number)
    out["95% CI"] = ["" if pd.isna(lo) else f"{fmt_number(lo)}–{fmt_number(hi)}" if interval_shown(na, nb) else MISSING
                     for lo, hi, na, nb in zip(table["lo"], table["hi"], table["n_a"], table["n_b"], strict=True)]
    out["note"] = [_note(na, nb, small, a, b, f"n<{study.SMALL_SAMPLE_N}")
                   for na, nb, small in zip(table["n_a"], table["n_b"], table["small_sample"], strict=True)]
    return out.reset_index(drop=True)


class Table(Styler):
    """A pandas Styler whose plain-text form is the formatted table itself (no object address, nothing cut), and
    whose HTML is marked for MathJax to leave alone (pandas' ``styler.html.mathjax`` off: JupyterLab would typeset
    the text between two "$" in one cell as maths)."""

    def to_html(self, *args, **kwargs) -> str | None:
        with pd.option_context("styler.html.mathjax", False):
            return super().to_html(*args, **kwargs)

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.width", 100_000, "display.max_columns", None,
                               "display.max_rows", None):
            return self.data.to_string(index=False)


def table(df: pd.DataFrame, names: Mapping[str, str] | None = None, kinds: Mapping[str, str] | None = None, *,
          caption: str | None = None, notes: bool = True) -> Table:
    """The one table formatter: :func:`readable` values in a Styler, numbers right-aligned, text wrapped, no index,
    a uuid derived from the content (same table, same HTML). Numbers and columns of short values (intervals, notes,
    names up to :data:`NOWRAP_CHARS` characters) never wrap inside a cell, and a column of sentences keeps
    :data:`PROSE_EM` em: a narrow screen scrolls the table instead."""
    shown = readable(df, names, kinds, notes)
    uid = "t" + hashlib.sha1(repr(shown.to_dict("list")).encode("utf-8")).hexdigest()[:10]
    numeric = [j for j, c in enumerate(shown.columns) if shown[c].str.fullmatch(r"[−\-+]?[\d,.]+|—").all() and c != NOTE]
    longest = {j: shown[c].str.len().max(skipna=True) for j, c in enumerate(shown.columns) if j not in numeric}
    short = [j for j, n in longest.items() if n <= NOWRAP_CHARS]
    prose = [j for j, n in longest.items() if n > 2 * NOWRAP_CHARS]
    styler = Table(shown, uuid=uid, cell_ids=False, caption=caption)
    styler.hide(axis="index")
    styler.set_table_styles([{"selector": "th", "props": "text-align: left; vertical-align: bottom;"},
                             {"selector": "td", "props": "text-align: left; white-space: normal; vertical-align: top;"},
                             *({"selector": f"td.col{j}", "props": "text-align: right; white-space: nowrap;"} for j in numeric),
                             *({"selector": f"td.col{j}", "props": "white-space: nowrap;"} for j in short),
                             *({"selector": f"td.col{j}", "props": f"min-width: {PROSE_EM}em;"} for j in prose),
                             *({"selector": f"th.col{j}", "props": "text-align: right;"} for j in numeric)])
    return styler


def fields(answer: Mapping[str, object]) -> Table:
    """A mapping (an answer's fields) as a two-column table, one row per field: its name and its value (numbers
    with thousands separators, a dash where there is none)."""
    def value(v: object) -> str:
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return fmt(v, TEXT)
        if float(v).is_integer() or abs(float(v)) >= 100:
            return f"{float(v):,.0f}"
        return f"{float(v):.2f}"

    return table(pd.DataFrame({"Field": list(answer), "Value": [value(v) for v in answer.values()]}))


def comparison(t: pd.DataFrame, category: str | list[str]) -> Table:
    """A ``stats.compare_table`` / ``country_comparisons`` result: both sides' n and median, the ratio with its
    95% CI, and a note where one side is small or empty."""
    cats = [category] if isinstance(category, str) else list(category)
    a, b = str(t.attrs.get("a", "a")), str(t.attrs.get("b", "b"))
    unit = UNITS.get(t.attrs.get("value_col") or "", USD_YEAR)
    money = RATIO if unit.startswith("×") else MONEY
    out = pd.DataFrame({header(c): [label(v, c) for v in t[c]] for c in cats})
    if t.attrs.get("b") == "country":
        a, b = country(a), "country"
    out[f"n {a}"] = [fmt(v, COUNT) for v in t["n_a"]]
    out[f"median {a} ({unit})"] = [fmt(v, money) for v in t["value_a"]]
    out[f"n {b}"] = [fmt(v, COUNT) for v in t["n_b"]]
    out[f"median {b} ({unit})"] = [fmt(v, money) for v in t["value_b"]]
    out[f"{a} / {b} (×)"] = [fmt(v, RATIO) for v in t[t.attrs.get("kind", "ratio")]]
    out["95% CI"] = [ci_text(lo, hi, na, nb) for lo, hi, na, nb in zip(t["lo"], t["hi"], t["n_a"], t["n_b"], strict=True)]
    out[NOTE] = [_note(na, nb, s, a, b) for na, nb, s in zip(t["n_a"], t["n_b"], t["small_sample"], strict=True)]
    return table(out)


def figure_csv(df: pd.DataFrame) -> str:
    """The CSV of a figure's data: human headers (as :func:`table`), labelled values, money to whole dollars, ratios
    to three decimals, "n < 30" notes, an empty interval for a group under ``study.MIN_INTERVAL_N`` records, no index,
    ``\\n`` line ends."""
    out = _columns(df)
    a, b = df.attrs.get("a"), df.attrs.get("b")
    unit = UNITS.get(df.attrs.get("value_col") or "", USD_YEAR)
    hidden = _hidden_bounds(out)
    cols = {}
    for col in out.columns:
        name, values = str(col), out[col]
        if name == "small_sample":
            cols[NOTE] = [SMALL_NOTE if s else "" for s in values.fillna(False)]
            continue
        base, side = (name[:-2], {"_a": a, "_b": b}[name[-2:]]) if name[-2:] in ("_a", "_b") and a is not None else (name, None)
        head = header(base) if side is None else f"{header(base)}, {label(side)}"
        head = head.replace(f"({USD_YEAR})", f"({unit})")
        kind = kind_of(base, values)
        if name in hidden:
            values = values.where(~hidden[name])
        if kind == TEXT:
            cols[head] = [v if isinstance(v, bool) or pd.isna(v) else label(v, base) for v in values]
        elif kind == COUNT:
            cols[head] = values.astype("Int64")
        else:
            cols[head] = values.astype(float).round(0).astype("Int64") if kind == MONEY else values.astype(float).round(3)
    return pd.DataFrame(cols).to_csv(index=False, lineterminator="\n")


# ---------------------------------------------------------------- figure data

def distribution(bins: pd.DataFrame, by: Sequence[str] = ("region", "grade")) -> pd.DataFrame:
    """Salary distribution per ``by`` group from salary_bins rows: one row per 1% bin with its mean salary, records
    and the share of the group's records at or below it (the ECDF :func:`helpers.presentation.plots.pay_ecdf` draws)."""
    g = bins.groupby([*by, "bin"], observed=True, sort=True)[["n", "sum_usd"]].sum().reset_index()
    g = g[g["n"] > 0]
    g["salary_usd"] = g["sum_usd"] / g["n"]
    g["share_at_or_below"] = g.groupby(list(by), observed=True)["n"].cumsum() / g.groupby(list(by), observed=True)["n"].transform("sum")
    return g[[*by, "salary_usd", "n", "share_at_or_below"]].reset_index(drop=True)


def share_below(dist: pd.DataFrame, a: str = study.COMPARED_REGIONS[0], b: str = study.COMPARED_REGIONS[1]) -> pd.DataFrame:
    """Per grade with n >= 30 on both sides: the share of ``b``'s records earning less than ``a``'s median, from a
    :func:`distribution` (columns ``grade``, ``share_below``, ``n_a``, ``n_b``)."""
    rows = []
    for grade, t in dist.groupby("grade", observed=True, sort=True):
        ta, tb = t[t["region"] == a], t[t["region"] == b]
        if min(ta["n"].sum(), tb["n"].sum()) < study.SMALL_SAMPLE_N:
            continue
        median = float(ta.loc[ta["share_at_or_below"] >= 0.5, "salary_usd"].iloc[0])
        rows.append({"grade": str(grade), "share_below": tb.loc[tb["salary_usd"] < median, "n"].sum() / tb["n"].sum(),
                     "n_a": int(ta["n"].sum()), "n_b": int(tb["n"].sum())})
    return pd.DataFrame(rows, columns=["grade", "share_below", "n_a", "n_b"])
