"""Wording: numbers and sentences for prose and display tables, one convention for the whole collection.

Analysis functions return numbers; this module says them: readable figures, a comparison or a grade step as one
sentence, a comparison table as strings. The small-sample rule (``study.SMALL_SAMPLE_N``) is stated where it applies.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers import study


def fmt_number(x: float | None) -> str:
    """Readable number: thousands separators, rounded to 500 at >= 10,000; two decimals below 100 (ratios)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 10_000:
        return f"{round(x / 500) * 500:,.0f}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.2f}"



def format_comparison(table: pd.DataFrame, category: str | list[str]) -> pd.DataFrame:
    """A ``statistics.compare_table`` / ``statistics.country_comparisons`` result as a readable table of strings (for display).

    Columns: the category column(s), ``n <a>``, ``median <a>``, ``n <b>``, ``median <b>``, ``<a>/<b>`` (ratio), ``95% CI``,
    ``note`` ("n<30" or "no <b> records").
    """
    cats = [category] if isinstance(category, str) else list(category)
    a, b = str(table.attrs.get("a", "a")), str(table.attrs.get("b", "b"))
    kind = table.attrs.get("kind", "ratio")
    lvl = "95% CI"
    out = pd.DataFrame({c: table[c].astype(str) for c in cats})
    out[f"n {a}"] = table["n_a"].map("{:,}".format)
    out[f"median {a}"] = table["value_a"].map(fmt_number)
    out[f"n {b}"] = table["n_b"].map("{:,}".format)
    out[f"median {b}"] = table["value_b"].map(fmt_number)
    out[f"{a}/{b}" if kind == "ratio" else f"{a}−{b}"] = table[kind].map(fmt_number)
    out[lvl] = [f"{fmt_number(lo)}–{fmt_number(hi)}" if pd.notna(lo) else "" for lo, hi in zip(table["lo"], table["hi"], strict=True)]
    out["note"] = [f"no {b} records" if nb == 0 else f"no {a} records" if na == 0 else f"n<{study.SMALL_SAMPLE_N}" if small else ""
                   for na, nb, small in zip(table["n_a"], table["n_b"], table["small_sample"], strict=True)]
    return out.reset_index(drop=True)


def comparison_sentence(row: pd.Series, label: str, a: str = "US", b: str = "Europe") -> str:
    """One sentence for one row of ``statistics.compare_table``: the ratio with its CI, or why no conclusion is drawn."""
    if row["n_b"] == 0 or row["n_a"] == 0:
        return f"{label}: no {b if row['n_b'] == 0 else a} records, so no comparison."
    ci = f"{row['ratio']:.2f}× (95% CI {row['lo']:.2f}–{row['hi']:.2f}; n = {row['n_a']:,} vs {row['n_b']:,})"
    if row["small_sample"]:
        return f"{label}: {ci}, but fewer than {study.SMALL_SAMPLE_N} records on one side: shown, not concluded."
    verdict = "the interval excludes 1" if (row["lo"] > 1 or row["hi"] < 1) else "the interval includes 1 (no clear gap)"
    return f"{label}: {a} median is {ci}; {verdict}."


def step_sentence(row: pd.Series, label: str | None = None) -> str:
    """One sentence for one row of ``statistics.grade_multipliers``: the multiplier with its CI, or why none is concluded."""
    label = label or str(row["step"])
    if row["n_from"] == 0 or row["n_to"] == 0:
        empty = row["from_grade"] if row["n_from"] == 0 else row["to_grade"]
        return f"{label}: no {empty} records, so no multiplier."
    ci = f"×{row['ratio']:.2f} (95% CI {row['lo']:.2f}–{row['hi']:.2f}; n = {row['n_from']:,} → {row['n_to']:,})"
    if row["small_sample"]:
        return f"{label}: {ci}, but fewer than {study.SMALL_SAMPLE_N} records at one grade: shown, not concluded."
    verdict = "a clear rise" if row["lo"] > 1 else "a clear fall" if row["hi"] < 1 else "no clear change (the interval includes 1)"
    return f"{label}: {ci}; {verdict}."
