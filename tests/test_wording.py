"""The notebooks' sentences, tables and figure bundles, checked on small tables computed here by hand.

Each wording function is given a table typed in below (independent of the data and of helpers.analysis), and the
sentence it returns is checked against numbers worked out in the test: the counts, shares, ratios and verdicts a
reader will see. Then the table formatter (human headers, separators, notes, no index, deterministic output) and
``theme.show``'s display bundle (PNG at 2x, alt text, the figure's data as CSV).
"""

from __future__ import annotations

import base64
import io
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from IPython.display import Markdown

from helpers import licensing, schema, study
from helpers.analysis import sources
from helpers.analysis.stats import Estimate
from helpers.presentation import table_format, theme, wording
from tests import display

GRADES = pd.CategoricalDtype(list(schema.GRADES), ordered=True)
STEPS = pd.CategoricalDtype(["Junior→Middle", "Middle→Senior", "Senior→Executive"], ordered=True)


def text(md: Markdown) -> str:
    assert isinstance(md, Markdown)
    return md.data


# ---------------------------------------------------------------- building blocks

def test_say_bullets_quote_and_listing() -> None:
    assert text(wording.say("One.", Markdown("Two."), "")) == "One.\n\nTwo."
    assert text(wording.bullets(["a", "b"])) == "- a\n- b"
    assert text(wording.quote("Kept  as\nsaid.")) == "> Kept as said."
    assert wording.listing([]) == "none" and wording.listing(["x"]) == "x"
    assert wording.listing(["x", "y", "z"]) == "x, y and z"


PAY = "Junior $130,060 (n = 136) vs $53,333; **Middle** $157,390–$200,000."


def _shown(markdown: str) -> str:
    """The text nbconvert's renderer (the site's) shows for ``markdown``."""
    from bs4 import BeautifulSoup
    from nbconvert.filters import markdown2html

    return BeautifulSoup(markdown2html(markdown), "html.parser").get_text().strip()


def test_prose_dollars_are_no_maths_delimiters_and_read_as_written() -> None:
    """Every Markdown builder writes "$" as wording.DOLLAR (JupyterLab would typeset the text between two plain
    dollars as maths: tests/test_jupyterlab.py checks it in the browser); the site's renderer shows the sentence as
    written; code keeps its dollars; a second pass changes nothing."""
    for out in (wording.say(PAY), wording.bullets([PAY]), wording.quote(PAY), wording.answer([PAY]),
                wording.say(wording.bullets([PAY]))):
        assert "$" not in text(out).replace(wording.DOLLAR, ""), text(out)
        assert text(out).count(wording.DOLLAR) == PAY.count("$")
        assert _shown(text(out)).endswith(_shown(PAY)) and "$130,060 (n = 136) vs $53,333" in _shown(text(out))
    code = "`a$b` and\n\n```sql\nSELECT $1\n```"
    assert wording.literal_dollars(code) == code and text(wording.say(PAY, wording.sql("SELECT $1"))).endswith("SELECT $1\n```")
    assert wording.literal_dollars(wording.literal_dollars(PAY)) == wording.literal_dollars(PAY)
    assert wording.literal_dollars("\\$5") == wording.DOLLAR + "5"  # an escaped dollar too


def test_tables_are_marked_for_mathjax_to_leave_alone() -> None:
    shown = table_format.table(pd.DataFrame({"quote": ["$150,000 a year, which is $12,500 a month"]}))
    assert shown._repr_html_() == shown.to_html()
    assert 'class="tex2jax_ignore mathjax_ignore"' in shown.to_html()


# ---------------------------------------------------------------- 01

def report(rejected: dict[str, int]) -> dict:
    kept, dups = 900, 80
    return {"rows_read": kept + dups + sum(rejected.values()), "rows_kept": kept, "duplicates_removed": dups,
            "rows_rejected": sum(rejected.values()), "max_copies_of_one_record": 7, "rejected_by_reason": rejected}


def test_curation_says_the_balance_and_only_the_rules_that_rejected_rows() -> None:
    none = {reason: 0 for reason in schema.REJECT_REASONS}
    r = report(none)
    out = text(wording.curation(r, {"duplicate_share": 80 / 980}))
    assert "**980** rows" in out and "kept **900**" in out and "rejected **0**" in out and "**80** exact duplicates" in out
    assert "(8% of all rows; one record was repeated 7 times)" in out
    assert "Check: 980 = 900 + 0 + 80." in out
    assert f"None of the {len(none)} validation rules rejected a row." in out
    some = {**none, "absurd_salary": 3, "missing_job_title": 12}
    out = text(wording.curation(report(some), {"duplicate_share": 80 / 995}))
    assert "rejected **15**" in out and f"({len(none) - 2} rules caught none)" in out
    lines = [ln for ln in out.splitlines() if ln.startswith("- ")]
    assert lines == [f"- {schema.REJECT_REASONS['missing_job_title'].capitalize()}: 12",
                     f"- {schema.REJECT_REASONS['absurd_salary'].capitalize()}: 3"]  # largest first, zeros left out


def test_dataset_caveats_carry_the_numbers() -> None:
    facts = {"us_share": 0.84, "europe_share": 0.078, "ml_europe": 277, "ml_europe_junior": 32, "ml_europe_middle": 89,
             "ml_europe_senior": 156, "ml_europe_executive": 0, "year_max_share": 0.81, "year_max_records": 2024,
             "last_year": 2025, "last_year_records": 408, "medium_company_share": 0.96, "min_salary_usd": 15000.0,
             "small_company_records": 203, "large_company_records": 1111, "executive_records": 1058,
             "ml_executive_records": 69, "records": 34024}
    grades = pd.DataFrame({"grade": ["Junior", "Executive"], "caveat": ["-", "EX is not team lead and rests on few"]})
    out = text(wording.dataset_caveats(facts, grades))
    assert out.count("\n- ") == 5
    assert "EX is not team lead and rests on few: 1,058 of the 34,024 records, 69 of them in ML engineering." in out
    assert "so size comparisons rest on the other 4%: 203 S and 1,111 L answers." in out
    assert "84% of records are from US companies and 7.8% from European" in out
    assert "277 European records in all: 32 Junior, 89 Middle, 156 Senior, 0 Executive" in out
    assert "81% of records are from 2024; 2025 has only 408" in out
    assert "less than about 15,000 USD" in out


# ---------------------------------------------------------------- 02

def year_counts() -> pd.DataFrame:
    cols = pd.MultiIndex.from_tuples([(r, g) for r in study.COMPARED_REGIONS for g in schema.GRADES], names=["region", "grade"])
    rows = {2021: [1, 2, 3, 0, 1, 1, 1, 0], 2022: [5, 10, 20, 0, 2, 3, 4, 0],
            2023: [20, 90, 400, 10, 5, 30, 40, 1], 2024: [110, 550, 1000, 50, 15, 40, 100, 2], 2025: [4, 6, 12, 0, 0, 2, 2, 0]}
    return pd.DataFrame.from_dict(rows, orient="index", columns=cols).rename_axis("work_year")


def test_pooled_years_share_and_the_thin_years() -> None:
    counts = year_counts()
    total, pooled = int(counts.to_numpy().sum()), int(counts.loc[[2023, 2024]].to_numpy().sum())
    out = text(wording.pooled_years(counts, (2023, 2024)))
    assert f"hold **{pooled:,} of {total:,}**" in out and f"({pooled / total:.0%})" in out
    assert "(2021–2022: n = 53)" in out and "2025 is a partial year" in out and "n = 26)" in out
    assert "**pool work years 2023–2024**" in out and "Europe has **3** Executive records" in out


def compare_rows(rows: list[tuple]) -> pd.DataFrame:
    t = pd.DataFrame(rows, columns=["work_year", "grade", "n_a", "n_b", "ratio", "lo", "hi"])
    t["small_sample"] = t[["n_a", "n_b"]].min(axis=1) < study.SMALL_SAMPLE_N
    return t


def test_gap_by_year_reads_only_cells_with_enough_records() -> None:
    t = compare_rows([(2023, "Junior", 19, 5, 2.0, 0.6, 6.0), (2023, "Senior", 428, 41, 1.49, 1.16, 1.80),
                      (2024, "Middle", 558, 40, 1.77, 1.31, 2.55), (2024, "Senior", 1083, 102, 1.66, 1.42, 1.78)])
    out = text(wording.gap_by_year(t))
    assert "(2023 Senior, 2024 Middle and 2024 Senior)" in out
    assert "runs from ×1.49 [1.16–1.80] (2023 Senior) to ×1.77 [1.31–2.55] (2024 Middle), and every interval excludes 1." in out
    t.loc[3, "lo"] = 0.95
    assert "not every interval excludes 1" in text(wording.gap_by_year(t))


def test_comparisons_give_one_sentence_per_grade() -> None:
    t = compare_rows([(2024, "Junior", 136, 21, 2.44, 1.61, 3.43), (2024, "Middle", 651, 69, 1.78, 1.61, 2.26),
                      (2024, "Executive", 63, 0, np.nan, np.nan, np.nan)])
    lines = text(wording.comparisons(t)).splitlines()
    assert lines[0].startswith("- Junior: the US median is ×2.44 Europe's") and "not concluded" in lines[0]
    assert lines[1] == "- Middle: the US median is ×1.78 Europe's (95% CI 1.61–2.26; n = 651 vs 69); the interval excludes 1."
    assert lines[2] == "- Executive: no Europe records, so no comparison."


def test_country_cells_name_the_countries() -> None:
    t = pd.DataFrame({"country": ["GB", "GB", "DE"], "grade": ["Middle", "Senior", "Senior"], "ratio": [1.96, 1.42, 1.49],
                      "lo": [1.71, 1.25, 1.09], "hi": [2.2, 1.55, 1.77], "n_a": [2512, 4797, 4797], "n_b": [147, 154, 39],
                      "small_sample": [False, False, False]})
    out = text(wording.country_cells(t, ["GB", "DE"]))
    assert "Countries shown: United Kingdom and Germany" in out
    assert "Only 3 country×grade cells reach 30 records: United Kingdom Middle ×1.96 (95% CI 1.71–2.20)" in out


def test_country_title_names_only_the_cells_with_enough_records() -> None:
    """No "every country" claim: the title names the cells with 30+ records on both sides, each with its interval,
    out of all cells with European records; a thin cell is never named, and with none the title says so."""
    t = pd.DataFrame({"country": ["GB", "GB", "NL", "ES"], "grade": ["Middle", "Senior", "Lead", "Senior"],
                      "ratio": [1.96, 1.42, 1.55, 2.53], "lo": [1.71, 1.26, 1.52, 2.04], "hi": [2.2, 1.55, 1.67, 2.78],
                      "n_a": [2512, 4797, 213, 4797], "n_b": [147, 154, 1, 23], "small_sample": [False, False, True, True]})
    title = wording.country_title(t)
    assert "2 of the 4 country×grade cells" in title
    assert "United Kingdom Middle ×2.0 [1.7–2.2], United Kingdom Senior ×1.4 [1.3–1.6]" in title
    assert "Netherlands" not in title and "Spain" not in title and "every" not in title.lower()
    assert wording.country_title(t[t["small_sample"]]).startswith("No country×grade shown has 30+ records")


def test_no_interval_is_printed_for_fewer_than_five_records() -> None:
    """The rule lives where intervals are formatted: sentences, comparison tables, the generic table and ci_text."""
    assert study.MIN_INTERVAL_N == 5
    assert table_format.interval_shown(5, 30) and not table_format.interval_shown(4, 300) and not table_format.interval_shown(None)
    assert table_format.ci_text(1.52, 1.67, 213, 1) == table_format.MISSING and table_format.ci_text(1.5, 1.7, 5, 5) == "1.50–1.70"
    row = pd.Series({"n_a": 213, "n_b": 1, "ratio": 1.55, "lo": 1.52, "hi": 1.67, "small_sample": True})
    sentence = wording.comparison_sentence(row, "Netherlands, Lead")
    assert "×1.55" in sentence and "1.52" not in sentence and "CI" not in sentence and table_format.TOO_FEW in sentence
    step = pd.Series({"step": "Senior→Lead", "from_grade": "Senior", "to_grade": "Lead", "n_from": 40, "n_to": 3,
                      "ratio": 1.2, "lo": 1.01, "hi": 1.4, "small_sample": True})
    assert "1.01" not in wording.step_sentence(step) and table_format.TOO_FEW in wording.step_sentence(step)
    t = compare_rows([(2024, "Middle", 651, 69, 1.78, 1.61, 2.26), (2024, "Lead", 213, 4, 1.55, 1.52, 1.67)])
    t = t.assign(value_a=[157e3, 212e3], value_b=[88e3, 137e3])
    t.attrs.update({"a": "US", "b": "Europe", "kind": "ratio"})
    shown = table_format.comparison(t, "grade").data
    assert list(shown["95% CI"]) == ["1.61–2.26", table_format.MISSING]
    assert table_format.TOO_FEW in shown[table_format.NOTE].iloc[1]
    f = wording.format_comparison(t, "grade")
    assert list(f["95% CI"]) == ["1.61–2.26", table_format.MISSING]
    q = pd.DataFrame({"grade": ["Junior", "Senior"], "n": [2, 40], "value": [50e3, 120e3], "lo": [40e3, 110e3],
                      "hi": [60e3, 130e3], "small_sample": [True, False]})
    r = table_format.readable(q)
    assert list(r["95% CI low"]) == [table_format.MISSING, "110,000"] and list(r["95% CI high"]) == [table_format.MISSING, "130,000"]
    assert list(r["Median (USD/yr)"]) == ["50,000", "120,000"]  # the point estimate is still shown
    csv = table_format.figure_csv(q).splitlines()
    assert csv[1] == "Junior,2,50000,,,n < 30" and csv[2] == "Senior,40,120000,110000,130000,"


def test_left_out_lists_each_missing_reference() -> None:
    missing = pd.DataFrame({"company_location": ["LT", "BG"], "work_year": [2024, 2023], "n": [5, 1],
                            "missing": ["PPP factor", "exchange rate"]})
    bins = pd.DataFrame({"region": ["Europe", "Europe", "United States"], "n": [200, 33, 999]})
    out = text(wording.left_out(missing, bins))
    assert "**6 of 233** European records: Lithuania 2024, n = 5 (no PPP factor); Bulgaria 2023, n = 1 (no exchange rate)." in out


# ---------------------------------------------------------------- 03

def step_rows(region: str, values: list[tuple], junior: float = 100_000.0) -> pd.DataFrame:
    """A ``grade_multipliers`` table of one region: each step's ratio, interval and n, the medians following from the
    ratios up from ``junior``."""
    t = pd.DataFrame(values, columns=["step", "ratio", "lo", "hi", "n_from", "n_to"]).assign(region=region)
    t["from_grade"], t["to_grade"] = t["step"].str.split("→").str[0], t["step"].str.split("→").str[1]
    t["median_to"] = junior * t["ratio"].cumprod()
    t["median_from"] = t["median_to"].shift(fill_value=junior)
    t["step"] = t["step"].astype(STEPS)
    t["small_sample"] = t[["n_from", "n_to"]].min(axis=1) < study.SMALL_SAMPLE_N
    return t


def steps_table(eu_middle_senior: tuple[float, float, float], eu_junior_n: int = 21,
                eu_junior_middle: float = 1.66) -> pd.DataFrame:
    us = step_rows("United States", [("Junior→Middle", 1.21, 1.12, 1.33, 136, 651), ("Middle→Senior", 1.22, 1.17, 1.30, 651, 1511),
                                     ("Senior→Executive", 1.10, 1.02, 1.22, 1511, 63)], junior=130_000.0)
    eu = step_rows("Europe", [("Junior→Middle", eu_junior_middle, 1.06, 2.33, eu_junior_n, 69),
                              ("Middle→Senior", *eu_middle_senior, 69, 143),
                              ("Senior→Executive", np.nan, np.nan, np.nan, 143, 0)], junior=50_000.0)
    return pd.concat([us, eu], ignore_index=True)


def test_ladder_steps_compare_the_step_both_regions_measure() -> None:
    out = text(wording.ladder_steps(steps_table((1.36, 1.22, 1.79))))
    assert out.startswith("**United States**") and "**Europe**" in out
    assert "- Middle→Senior: ×1.22 (95% CI 1.17–1.30; n = 651 → 1,511); a clear rise." in out
    assert "- Senior→Executive: no Executive records, so no multiplier." in out
    assert "is ×1.22 in the US and ×1.36 in Europe; the intervals overlap" in out
    assert "do not overlap" in text(wording.ladder_steps(steps_table((1.52, 1.33, 1.68))))


def gap_table(ratios: tuple[float, ...], eu_junior_n: int = 21) -> pd.DataFrame:
    """A US/Europe ``compare_table`` by grade: each grade's ratio, a ±10% interval and n (Europe's Executive empty)."""
    grades = list(schema.GRADES[:len(ratios)])
    n_b = [eu_junior_n, 69, 143][:len(ratios)]
    t = pd.DataFrame({"grade": grades, "ratio": ratios, "lo": [r * 0.9 for r in ratios], "hi": [r * 1.1 for r in ratios],
                      "n_a": [136, 651, 1511][:len(ratios)], "n_b": n_b})
    t["small_sample"] = t[["n_a", "n_b"]].min(axis=1) < study.SMALL_SAMPLE_N
    return t


GAP = (2.6, 1.9, 1.5)


def test_wide_steps_name_the_steeper_european_step() -> None:
    out = text(wording.wide_steps(steps_table((1.52, 1.33, 1.68)), gap_table(GAP)))
    assert "- Europe, Junior→Middle: ×1.66" in out and "not concluded" in out
    assert "Steps measurable in both regions: Middle→Senior." in out  # Junior→Middle is small, Senior→Executive empty in Europe
    assert "steeper, with non-overlapping intervals, at: Middle→Senior." in out
    assert "No step differs clearly" in text(wording.wide_steps(steps_table((1.52, 1.15, 1.31)), gap_table(GAP)))


def test_wide_steps_print_the_ratio_by_grade_as_the_comparison_states_it() -> None:
    # the Junior medians are the steps table's (130,000 in the US, 50,000 in Europe); the ratios and their intervals are
    # the comparison's, read as they are, at the grades with 30+ records on both sides
    out = text(wording.wide_steps(steps_table((1.52, 1.33, 1.68), eu_junior_n=40), gap_table(GAP, eu_junior_n=40)))
    assert ("A steeper European ladder starting from a lower Junior median (50,000 USD a year against 130,000 in the US) "
            "is consistent with the US/Europe ratio narrowing by grade, as in notebook 02: US median ÷ Europe's "
            "×2.60 [2.34–2.86] at Junior, ×1.90 [1.71–2.09] at Middle and ×1.50 [1.35–1.65] at Senior (grades with 30+ "
            "records in both regions).") in out
    out = text(wording.wide_steps(steps_table((1.52, 1.33, 1.68)), gap_table(GAP)))  # Europe's Junior thin: no start
    assert ("A steeper European ladder is consistent with the US/Europe ratio narrowing by grade, as in notebook 02: "
            "US median ÷ Europe's ×1.90 [1.71–2.09] at Middle and ×1.50 [1.35–1.65] at Senior (") in out
    out = text(wording.wide_steps(steps_table((1.52, 1.33, 1.68), eu_junior_n=40), gap_table((2.6, 2.7, 1.5), eu_junior_n=40)))
    assert "does not narrow the US/Europe ratio at every grade: US median ÷ Europe's ×2.60 [2.34–2.86] at Junior" in out


def test_share_below_and_the_spread_title() -> None:
    def rows(region: str, grade: str, salaries: list[float], ns: list[int]) -> list[tuple]:
        return [(region, grade, int(np.log(s) / np.log(1.01)), n, s * n) for s, n in zip(salaries, ns, strict=True)]

    bins = pd.DataFrame(rows("United States", "Senior", [150e3, 190e3, 250e3], [10, 20, 10])
                        + rows("Europe", "Senior", [90e3, 120e3, 200e3], [20, 15, 5])
                        + rows("Europe", "Junior", [50e3], [5]) + rows("United States", "Junior", [120e3], [40]),
                        columns=["region", "grade", "bin", "n", "sum_usd"])
    below = table_format.share_below(table_format.distribution(bins))
    assert list(below["grade"]) == ["Senior"]  # Junior: Europe has 5 records
    assert below["share_below"].iloc[0] == pytest.approx(35 / 40)  # US median 190k; 20 + 15 European records below it
    title = wording.spread_title(below)
    assert title.endswith("88% at Senior are below the US median") and title.rests_on == (40, 40)
    ladder = pd.DataFrame({"region": ["United States", "Europe", "Europe"], "grade": ["Senior", "Senior", "Junior"],
                           "n": [40, 40, 5]})
    title = wording.spread_title(below, ladder)
    assert title.endswith("below the US median; Europe Junior thin (n = 5)")  # named, not concluded from
    assert title.smallest == 40


# ---------------------------------------------------------------- 04 and 05

def test_companies_and_the_survey() -> None:
    companies = pd.DataFrame({"company": ["A", "B", "C"], "ml_application": ["search", "", "ads"],
                              "hq_country": ["US", "CN", ""]})
    assert text(wording.applications(companies)) == "- **A**: search\n- **C**: ads"
    bins = pd.DataFrame({"company_location": ["US", "US", "CN", "DE"], "n": [600, 200, 1, 199]})
    out = text(wording.survey_scope(companies, bins))
    assert "Headquarters of the 3 named companies: United States 1, China 1, unknown 1." in out
    assert "**n = 800** (80% of all 1,000); in China: **n = 1**" in out
    assert out.endswith("while China is effectively absent from the survey.")  # 1 record, under 30
    out = text(wording.survey_scope(companies, bins.assign(n=[600, 200, 30, 199])))
    assert out.endswith("while China has 30+ records, none naming its employer.")


def test_size_and_remote_medians() -> None:
    size = pd.DataFrame({"company_size": ["S (<50)", "M (50–250)"], "value": [123076.0, 180224.0], "lo": [105000.0, 177337.0],
                         "hi": [169230.0, 184572.0], "n": [14, 2309]})
    out = text(wording.size_medians(size, Estimate(1.34, 1.02, 1.5, 38, ns=(2309, 38))))
    assert ("S (<50): 123,076 (105,000–169,230), n = 14 (thin: shown, not read); M (50–250): 180,224 (177,337–184,572), "
            "n = 2,309." in out)
    assert "rank" not in out
    assert "Medium / large: ×1.34 (95% CI 1.02–1.50; n = 2,309 vs 38)." in out
    out = text(wording.remote_medians(Estimate(1.01, 0.96, 1.09, 392, ns=(1416, 392)),
                                      Estimate(1.01, 0.94, 1.07, 265, ns=(817, 265)), 2))
    assert "all grades: ×1.01 (95% CI 0.96–1.09; n = 1,416 vs 392); Senior only: ×1.01" in out
    assert out.endswith("n = 2, too few to say anything.")


def test_skills_and_families() -> None:
    skills = pd.DataFrame({"article_wording": ["maths", "SQL", "SAS"],
                           "demonstrated_in": ["07", "07", "not demonstrated"], "evidence_in_data": ["none", "indirect", "none"]})
    out = text(wording.skills_summary(skills))
    assert "**3** skills, this collection demonstrates **2** (not: SAS)" in out and "on **1** (SQL)" in out
    ci = pd.DataFrame({"role_family": [study.ML_FAMILY, study.ML_FAMILY, "analytics_bi"], "n": [10, 20, 5]})
    assert text(wording.family_counts(ci, 2024)) == (
        "US companies, work year 2024: ML engineering n = 30, Analytics & BI n = 5 distinct records.")
    de = pd.DataFrame({"grade": ["Senior", "Executive"], "ratio": [1.21, 1.07], "lo": [1.15, 0.97], "hi": [1.26, 1.2]})
    out = text(wording.family_ratios(de, de))
    assert "Senior ×1.21 (1.15–1.26); Executive ×1.07 (0.97–1.20). Where the interval includes ×1 (Executive)" in out
    out = text(wording.family_ratios(de.iloc[:1], de))
    assert "Senior ×1.21 (1.15–1.26). Every interval excludes ×1." in out and "(none)" not in out


def test_agreement_prints_what_aijobs_europe_leans_on() -> None:
    countries = pd.DataFrame({"country": ["GB", "GB"], "source": [s.name for s in sources.SOURCES[:2]],
                              "value": [118_000.0, 121_000.0], "n": [112, 23], "small_sample": [False, True]})
    mix = {"n": 233, "uk_share": 112 / 233, "uk_n": 112, "uk_median": 118_000.0, "rest_n": 121, "rest_median": 93_300.0,
           "usd_share": 0.2, "other_country_share": 0.021, "resident_elsewhere_share": 0.009}
    out = text(wording.agreement(countries, mix))
    assert ("48% of aijobs' 233 European ML-engineering records are at UK companies and 20% are paid in US dollars: its "
            "'Europe' leans on the UK (median $118,000, n = 112, against $93,300, n = 121, in the rest of Europe) and on "
            "dollar contracts.") in out.replace(wording.DOLLAR, "$")


# ---------------------------------------------------------------- 06: in tests/test_wording_factcheck.py


# ---------------------------------------------------------------- 07 and 08

def test_sql_sentences() -> None:
    assert text(wording.sql(" SELECT 1 \n")) == "```sql\nSELECT 1\n```"
    sizes = pd.DataFrame({"region": ["United States", "Other"], "records": [1810, 222]})
    bins = pd.DataFrame({"n": [30000, 4024]})
    assert text(wording.records_by_region(sizes, 2024, bins)) == (
        "Work year 2024, ML engineering: **United States** n = 1,810, **Other regions** n = 222 "
        "(all years, all roles: n = 34,024 distinct records).")
    check = pd.DataFrame({"equal": [True, True, False]})
    assert text(wording.sql_equals_pandas(check, True)).startswith("2 of 3 SQL medians equal")
    ladder = pd.DataFrame({"region": ["United States", "Europe", "Europe"], "grade": ["Executive", "Junior", "Senior"],
                           "n": [52, 16, 102], "small_sample": [False, True, False]})
    assert text(wording.thin_groups(ladder, 2024)) == (
        "Grades with no European ML-engineering record in 2024: Middle and Executive. Groups below n = 30: Europe Junior (n = 16).")
    gap = pd.DataFrame({"diff_pct": [0.0, -0.34, 0.3]})
    assert "**0.34%** over 3 groups" in text(wording.binned_gap(gap))


def test_estimator_sentences() -> None:
    model = SimpleNamespace(train_years=(2020, 2023), n_train=5937)
    assert "work years 2020–2023, n = 5,937" in text(wording.held_out(model, 27679))
    m = pd.Series({"coverage_80": 0.791, "median_range_width_pct": 180.2, "median_abs_pct_error": 33.3})
    b = pd.Series({"coverage_80": 0.759, "median_range_width_pct": 189.1, "median_abs_pct_error": 36.1})
    raw = pd.Series({"coverage_80": 0.722, "median_range_width_pct": 150.2, "median_abs_pct_error": 33.3})
    every = pd.Series({"coverage": 0.791, "lo": 0.772, "hi": 0.809, "records": 27679, "profiles": 671})
    gain = pd.Series({"gain": 2.8, "lo": 1.1, "hi": 3.9})
    out = text(wording.estimator_scores(m, b, raw, every, gain))
    assert "79.1% of the" in out and "(95% interval 77.2–80.9%; 27,679 records, 671 distinct profiles), 0.9 points from" in out
    assert "raw 10th–90th percentiles held 72.2%" in out
    assert "the model is better, by 2.8 percentage points (95% interval +1.1 to +3.9" in out
    unclear = text(wording.estimator_scores(m, b, raw, every, pd.Series({"gain": -1.1, "lo": -3.1, "hi": 3.4})))
    assert "the model is not clearly better or worse: a gain of −1.1 percentage points (95% interval −3.1 to +3.4" in unclear


# ---------------------------------------------------------------- the table formatter

def quantile_rows() -> pd.DataFrame:
    t = pd.DataFrame({"region": ["United States", "Europe"], "grade": pd.Categorical(["Senior", "Junior"], dtype=GRADES),
                      "role_family": [study.ML_FAMILY, study.ML_FAMILY], "n": [1511, 21],
                      "p50": [191968.333333, np.nan], "ratio": [1.6043, 2.4391], "small_sample": [False, True]})
    return t.set_index(pd.Index([7, 9]))  # a filtered frame: its index means nothing


def test_table_is_what_a_reader_should_see() -> None:
    shown = table_format.table(quantile_rows())
    plain = repr(shown)
    assert list(shown.data.columns) == ["Region", "Grade", "Role family", "Records (n)", "50th percentile (USD/yr)",
                                        "Ratio (×)", "Note"]
    assert shown.data.iloc[0].tolist() == ["United States", "Senior", "ML engineering", "1,511", "191,968", "1.60", ""]
    assert shown.data.iloc[1].tolist() == ["Europe", "Junior", "ML engineering", "21", table_format.MISSING, "2.44", "n < 30"]
    for bad in ("NaN", "<NA>", "True", "False", "…", " at 0x", "ml_engineering", "small_sample"):
        assert bad not in plain and bad not in shown.to_html(), bad
    assert "9 " not in plain.splitlines()[2][:3]  # no index


def test_table_output_is_deterministic_and_uncut() -> None:
    long = pd.DataFrame({"what": ["x" * 300], "n": [3]})
    first, second = table_format.table(long), table_format.table(long.copy())
    assert first.to_html() == second.to_html() and repr(first) == repr(second)
    assert "x" * 300 in repr(first) and "x" * 300 in first.to_html()
    assert table_format.table(quantile_rows()).to_html() != first.to_html()  # another table, another uuid


def test_comparison_table_headers_and_notes() -> None:
    t = compare_rows([(2024, "Junior", 136, 21, 2.44, 1.61, 3.43), (2024, "Executive", 63, 0, np.nan, np.nan, np.nan)])
    t = t.drop(columns="work_year").assign(value_a=[130060.0, 211800.0], value_b=[53333.0, np.nan])
    t.attrs.update({"a": "United States", "b": "Europe", "kind": "ratio"})
    shown = table_format.comparison(t, "grade").data
    assert list(shown.columns) == ["Grade", "n United States", "median United States (USD/yr)", "n Europe",
                                   "median Europe (USD/yr)", "United States / Europe (×)", "95% CI", "Note"]
    assert shown.iloc[0].tolist() == ["Junior", "136", "130,060", "21", "53,333", "2.44", "1.61–3.43", "n < 30"]
    assert shown.iloc[1].tolist()[-3:] == [table_format.MISSING, table_format.MISSING, "no Europe records"]


def test_figure_csv_has_human_headers_and_rounded_numbers() -> None:
    csv = table_format.figure_csv(quantile_rows())
    assert csv.splitlines()[0] == "Region,Grade,Role family,Records (n),50th percentile (USD/yr),Ratio (×),Note"
    assert csv.splitlines()[1] == "United States,Senior,ML engineering,1511,191968,1.604,"
    assert csv.splitlines()[2] == "Europe,Junior,ML engineering,21,,2.439,n < 30"
    assert "\r" not in csv and csv.endswith("\n")


def remote_rows() -> pd.DataFrame:
    """A fully remote vs on-site ``compare_table`` by grade: one grade lower, one the same, one higher, one thin."""
    t = compare_rows([(2024, "Junior", 14, 122, 0.62, 0.50, 1.00), (2024, "Middle", 136, 512, 0.85, 0.81, 0.93),
                      (2024, "Senior", 391, 1119, 1.01, 0.95, 1.06), (2024, "Executive", 40, 50, 1.30, 1.10, 1.50)])
    t = t.drop(columns="work_year").assign(value_a=100_000.0, value_b=90_000.0)
    t.attrs.update({"a": 100, "b": 0, "split": "remote_ratio", "kind": "ratio"})
    return t


def test_coded_groups_are_named_by_their_codebook_labels() -> None:
    shown = table_format.comparison(remote_rows(), "grade").data
    assert list(shown.columns)[1:6] == ["n remote", "median remote (USD/yr)", "n on-site", "median on-site (USD/yr)",
                                        "remote / on-site (×)"]
    header = table_format.figure_csv(remote_rows()).splitlines()[0]
    assert "Records (n), remote" in header and "Records (n), on-site" in header and ", 100" not in header


def test_remote_by_grade_answer_and_title_conclude_only_from_grades_with_30_records() -> None:
    t = remote_rows()
    box = text(wording.answer_remote_by_grade(t))
    assert box.startswith("> **Answer.**") and box.count("\n> - ") == 2
    assert "Middle: **remote lower**, ×0.85 (95% CI 0.81–0.93; n = 136 remote vs 512 on-site)" in box
    assert "Senior: **about the same" in box and "Executive: **remote higher**, ×1.30" in box
    assert "Too few records to say anything at Junior (n = 14 remote vs 122 on-site)" in box
    title = wording.remote_by_grade_title(t)
    assert title == ("Fully remote US ML engineers' median vs on-site: lower at Middle, higher at Executive, "
                     "about the same at Senior; Junior thin (n = 14)")
    assert title.smallest == 40  # the thin Junior is named, not rested on
    assert "Too few" not in text(wording.answer_remote_by_grade(t[~t["small_sample"]]))


# ---------------------------------------------------------------- theme.show's display bundle

def test_show_sends_one_bundle_with_png_at_2x_alt_text_and_csv() -> None:
    from PIL import Image

    theme.use_theme()
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 2], [3, 4])
    theme.finding_title(ax, "A finding")
    (bundle, meta), = display.captured(lambda: theme.show(fig, data=licensing.tag(quantile_rows(), "salary_bins")))  # aijobs' bins
    assert set(bundle) == {"image/png", "text/plain", "text/csv"}
    assert bundle["text/plain"].startswith("<Figure size") and " at 0x" not in bundle["text/plain"]
    assert bundle["text/csv"] == table_format.figure_csv(quantile_rows())
    img = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    assert meta["image/png"]["alt"] == "A finding"
    assert img.width == 2 * meta["image/png"]["width"] or abs(img.width - 2 * meta["image/png"]["width"]) <= 1
    assert not plt.get_fignums() or fig.number not in plt.get_fignums()  # closed
