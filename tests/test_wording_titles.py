"""Figure titles (helpers.presentation.wording's *_title functions): each concludes only from groups of 30+ records,
lists exactly those groups' sizes as its basis, and names the thinner groups as thin, on small synthetic tables."""

from __future__ import annotations

import pandas as pd

from helpers import schema, study
from helpers.analysis import sensitivity
from helpers.analysis.stats import Estimate
from helpers.presentation import wording

TOP = schema.GRADES[-1]


def _ladder(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    t = pd.DataFrame(rows, columns=["region", "grade", "n", "p50"])
    t["grade"] = pd.Categorical(t["grade"], categories=list(schema.GRADES), ordered=True)
    return t


def test_region_ladder_title_compares_only_grades_with_30_in_both() -> None:
    t = _ladder([("United States", "Junior", 117, 130e3), ("United States", "Middle", 558, 157e3),
                 ("United States", "Senior", 1083, 195e3), ("United States", TOP, 52, 219e3),
                 ("Europe", "Junior", 16, 44e3), ("Europe", "Middle", 40, 89e3), ("Europe", "Senior", 102, 118e3)])
    title = wording.region_ladder_title(t, 2024)
    assert title.startswith("US ML engineers' median pay is above Europe's at Middle and Senior, the 2 grades")
    assert title.endswith(f"; Europe Junior thin (n = 16), no Europe {TOP} records")
    assert sorted(title.rests_on) == [40, 102, 558, 1083] and title.smallest == 40
    # a thin group that would contradict the claim does not change it; a solid one does
    t.loc[4, "p50"] = 500e3
    assert "above Europe's at Middle and Senior" in wording.region_ladder_title(t, 2024)
    t.loc[5, "p50"] = 500e3
    assert "US higher at Senior, not at Middle" in wording.region_ladder_title(t, 2024)


def test_size_title_ranks_nothing_and_names_thin_sizes() -> None:
    size = pd.DataFrame({"company_size": ["S (<50)", "M (50–250)", "L (>250)"], "n": [14, 2309, 38],
                         "value": [123e3, 180e3, 134e3]})
    title = wording.size_title(size, [2023, 2024])
    assert title == ("Medium firms (50–250 employees) hold 98% of US ML engineer records (work years 2023–2024); "
                     "medians by size shown, not ranked; small firms thin (n = 14)")
    assert title.rests_on == (2309, 2361)


def test_remote_title_rests_on_the_two_groups_it_compares() -> None:
    remote = pd.DataFrame({"remote_ratio": ["on-site", "hybrid", "remote"], "n": [1416, 2, 392]})
    same = wording.remote_title(remote, Estimate(1.01, 0.96, 1.09, 392, ns=(1416, 392)), 2024)
    assert same == "On-site and remote US ML engineers: medians about the same (2024); hybrid thin (n = 2)"
    assert same.rests_on == (1416, 392)
    higher = wording.remote_title(remote, Estimate(1.2, 1.1, 1.3, 392, ns=(1416, 392)), 2024)
    assert "medians higher on-site" in higher


def test_out_earn_title_counts_only_grades_with_30_on_both_sides() -> None:
    t = pd.DataFrame({"grade": list(schema.GRADES), "n_a": [117, 558, 1083, 52], "n_b": [179, 1115, 2042, 12],
                      "lo": [1.1, 1.2, 1.1, 1.5], "small_sample": [False, False, False, True]})
    title = wording.out_earn_title(t, "data engineers", 2024)
    assert title == (f"US ML engineers out-earn data engineers at 3 of the 3 grades with {study.SMALL_SAMPLE_N}+ records on both sides "
                     f"(2024); {TOP} thin (n = 12)")  # the thin grade's clear gap is not counted
    assert min(title.rests_on) == 117
    t["small_sample"], t["n_b"] = False, [179, 1115, 2042, 156]
    assert wording.out_earn_title(t, "data engineers", 2024) == "US ML engineers out-earn data engineers at 4 of 4 grades (2024)"


def test_steps_title_reads_only_steps_with_30_at_both_grades() -> None:
    steps = pd.DataFrame({"step": ["Junior→Middle", "Middle→Senior", f"Senior→{TOP}"], "ratio": [1.21, 1.22, 3.0],
                          "lo": [1.1, 1.15, 2.0], "n_from": [136, 651, 1511], "n_to": [651, 1511, 9],
                          "small_sample": [False, False, True]})
    title = wording.steps_title(steps)
    assert title == f"2 of 3 US grade steps raise the median ×1.21 to ×1.22 (every 95% interval above ×1); Senior→{TOP} thin (n = 9)"
    assert title.smallest == 136


def test_spread_and_ladder_titles_name_thin_grades() -> None:
    below = pd.DataFrame({"grade": ["Middle", "Senior"], "share_below": [0.84, 0.81], "n_a": [651, 1511], "n_b": [69, 143]})
    ladder = _ladder([("Europe", "Junior", 21, 46e3), ("Europe", "Middle", 69, 88e3), ("Europe", "Senior", 143, 120e3)])
    title = wording.spread_title(below, ladder)
    assert title.endswith("84% at Middle and 81% at Senior are below the US median; Europe Junior thin (n = 21)")
    assert title.smallest == 69
    us = _ladder([("United States", "Junior", 136, 130e3), ("United States", "Middle", 651, 157e3),
                  ("United States", "Senior", 1511, 192e3), ("United States", TOP, 12, 100e3)])
    sens = pd.DataFrame({"measure": [sensitivity.STEP] * 2, "source": ["aijobs.net"] * 2, "variant": [sensitivity.BASELINE, "b"],
                         "ratio": [1.48, 1.45], "lo": [1.4, 1.38], "hi": [1.6, 1.55], "n_a": [1511, 1400], "n_b": [136, 120],
                         "small_sample": [False, False]})
    title = wording.ladder_title(us, sens)
    assert title.startswith(f"US ML engineers' pay rises at every grade with {study.SMALL_SAMPLE_N}+ records: 130k → 157k → 192k;")
    assert title.endswith(f"; US {TOP} thin (n = 12)") and "100k" not in title  # the thin median is not stated
    assert "; Senior/Junior ×1.48 [1.40–1.60] (aijobs.net as published)" in title  # the published step, its interval
    assert title.smallest == 136


def test_thin_lists_groups_and_says_nothing_without_them() -> None:
    assert wording.thin([("Europe Junior", 16), ("Europe Senior", 0)]) == "; Europe Junior thin (n = 16), no Europe Senior records"
    assert wording.thin([]) == ""
