"""Figure titles of notebooks 01, 03, 04, 05 and 07: each finding as a :class:`~helpers.presentation.theme.Title`.

A title states, ranks or counts only from groups with at least ``study.SMALL_SAMPLE_N`` records; its ``rests_on`` lists
those groups' sizes (``theme.show(fig, basis=title)`` records the smallest). Thinner groups are still drawn, and the
title names them as thin ("Europe Junior thin (n = 16)"), never concludes from them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers import study
from helpers.presentation.table_format import label
from helpers.presentation.theme import Title
from helpers.presentation.wording import listing


def thin(groups: Iterable[tuple[str, int]]) -> str:
    """'; Europe Junior thin (n = 16), ...' for the named thin groups (``""`` when there are none)."""
    parts = [f"{name} thin (n = {n:,})" if n else f"no {name} records" for name, n in groups]
    return "; " + ", ".join(parts) if parts else ""


# ---------------------------------------------------------------- 01 the dataset tour

def coverage_title(grade_region: pd.DataFrame) -> Title:
    """The coverage heatmap's finding: the ML-engineering records in Europe and the US (a ``coverage.counts`` table by
    grade and region, with its ``Total`` row)."""
    eu, us = (int(grade_region.loc["Total", r]) for r in ("Europe", "United States"))
    return Title(f"ML engineering: {eu:,} European records vs {us:,} in the US", rests_on=(eu, us))


# ---------------------------------------------------------------- 03 grade progression

def spread_title(below: pd.DataFrame, ladder: pd.DataFrame | None = None, region: str = "Europe") -> Title:
    """The distribution figure's finding: the share of ``region``'s ML engineers paid less than the US median, at the
    grades with n ≥ 30 on both sides (:func:`table_format.share_below`); ``ladder`` (a quantile table by region and
    grade) names the thin grades."""
    shares = listing(f"{s:.0%} at {g}" for g, s in zip(below["grade"], below["share_below"], strict=True))
    tail = ""
    if ladder is not None:
        rows = ladder[(ladder["region"] == region) & (ladder["n"] > 0) & ~ladder["grade"].astype(str).isin(below["grade"])]
        tail = thin((f"{region} {r.grade}", int(r.n)) for r in rows.itertuples())
    return Title(f"Most European ML engineers earn less than the typical US one: {shares} are below the US median{tail}",
                 rests_on=[*below["n_a"], *below["n_b"]])


def steps_title(us_steps: pd.DataFrame) -> Title:
    """The step figure's finding: how much each US grade step raises the median, over the steps with n ≥ 30 at both
    grades (a ``grade_multipliers`` table); the other steps are named as thin."""
    solid = us_steps[~us_steps["small_sample"].astype(bool) & us_steps["ratio"].notna()]
    clear = " (every 95% interval above ×1)" if (solid["lo"] > 1).all() else ""
    which = ("Each US grade step raises" if len(solid) == len(us_steps)
             else f"{len(solid)} of {len(us_steps)} US grade steps raise")
    tail = thin((f"{r.step}", int(min(r.n_from, r.n_to))) for r in us_steps.drop(solid.index).itertuples())
    return Title(f"{which} the median ×{solid['ratio'].min():.2f} to ×{solid['ratio'].max():.2f}{clear}"
                 f"{tail}", rests_on=[*solid["n_from"], *solid["n_to"]])


# ---------------------------------------------------------------- 04 companies

def size_title(size: pd.DataFrame, years: Iterable[int] = study.POOLED_YEARS, medium: str = "M (50–250)") -> Title:
    """The company-size figure's finding, descriptive only: medium firms' share of the records; sizes are not ranked
    (the groups mix years and grades differently), and sizes under 30 records are named as thin."""
    total, n_m = int(size["n"].sum()), int(size.loc[size["company_size"] == medium, "n"].sum())
    names = {"S": "small", "M": "medium", "L": "large"}
    small = ((f"{names.get(str(r.company_size)[0], r.company_size)} firms", int(r.n))
             for r in size[size["n"] < study.SMALL_SAMPLE_N].itertuples())
    return Title(f"Medium firms (50–250 employees) hold {n_m / total:.0%} of US ML engineer records "
                 f"({study.years_label(list(years))}); medians by size shown, not ranked{thin(small)}",
                 rests_on=(n_m, total))


def remote_title(remote: pd.DataFrame, on_vs_remote: object, year: int) -> Title:
    """The remote-work figure's finding: on-site vs fully remote medians (``on_vs_remote``: a ``compare_quantiles``
    estimate, on-site over remote), the other groups under 30 records named as thin."""
    verdict = ("about the same" if not on_vs_remote.excludes(1)
               else "higher on-site" if on_vs_remote.value > 1 else "higher remote")
    small = ((str(r.remote_ratio), int(r.n)) for r in remote[remote["n"] < study.SMALL_SAMPLE_N].itertuples())
    return Title(f"On-site and remote US ML engineers: medians {verdict} ({year}){thin(small)}",
                 rests_on=on_vs_remote.ns)


# ---------------------------------------------------------------- 05 skills

def out_earn_title(table: pd.DataFrame, who: str, year: int) -> Title:
    """A neighbour family's figure: at how many grades ML engineers' median is clearly above ``who``'s (interval above
    ×1), counted over the grades with n ≥ 30 on both sides (a ``compare_table`` by grade); thinner grades named."""
    solid = table[~table["small_sample"].astype(bool) & (table["n_a"] > 0) & (table["n_b"] > 0)]
    above = int((solid["lo"] > 1).sum())
    of = (f"{len(solid)} grades" if len(solid) == len(table)
          else f"the {len(solid)} grades with {study.SMALL_SAMPLE_N}+ records on both sides")
    tail = thin((str(r.grade), int(min(r.n_a, r.n_b))) for r in table.drop(solid.index).itertuples())
    return Title(f"US ML engineers out-earn {who} at {above} of {of} ({year}){tail}",
                 rests_on=[*solid["n_a"], *solid["n_b"]])


# ---------------------------------------------------------------- 07 SQL warehouse

def region_ladder_title(ladder: pd.DataFrame, year: int, a: str = "United States", b: str = "Europe") -> Title:
    """The SQL ladder's finding: at which grades ``a``'s median is above ``b``'s, over the grades with n ≥ 30 in both
    regions (a quantile table by region and grade); the other grades are named as thin or missing."""
    wide = ladder.pivot(index="grade", columns="region", values=["n", "p50"]).reindex(columns=[a, b], level=1)
    n = wide["n"].fillna(0).astype(int)
    solid = n[(n[a] >= study.SMALL_SAMPLE_N) & (n[b] >= study.SMALL_SAMPLE_N)].index
    higher = [str(g) for g in solid if wide.loc[g, ("p50", a)] > wide.loc[g, ("p50", b)]]
    lower = [str(g) for g in solid if str(g) not in higher]
    where = f"the {len(solid)} grades with {study.SMALL_SAMPLE_N}+ records in both"
    head = (f"US ML engineers' median pay is above Europe's at {listing(higher)}, {where} ({year})" if not lower else
            f"US vs Europe ML engineer medians ({year}), at {where}: US higher at {listing(higher)}, not at {listing(lower)}")
    names = {a: "US", b: label(b, "region")}
    tail = thin((f"{names[r]} {g}", int(n.loc[g, r])) for g in n.index if g not in solid for r in (a, b)
                if n.loc[g, r] < study.SMALL_SAMPLE_N)
    return Title(head + tail, rests_on=[*n.loc[solid, a], *n.loc[solid, b]])
