"""The fact check's sentences (the fact-check section of helpers.presentation.wording), checked on small verdicts typed in here: the
one framing of a claim (statement), its front-page form, the rules, and the figure titles."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers.analysis import factcheck, sensitivity
from helpers.presentation import wording as wf


def text(md: Markdown) -> str:
    return md.data


def _line(name: str, verdict: str, estimate: float | None, lo: float | None = None, hi: float | None = None,
          n: int | None = None, kind: str = factcheck.MEASURES) -> factcheck.Line:
    return factcheck.Line(name, "what", estimate, lo, hi, n, verdict, "why", "", kind)


ANNUAL = factcheck.Verdict(
    "us_ml_avg_annual", "average annual salary of ML specialists in the US", "q", 150_000.0, "USD per year",
    (_line("aijobs.net", "partly supported", 194_000, 191_000, 197_000, 3298),
     _line("Stack Overflow 2024", "partly supported", 192_000, 173_000, 214_000, 130),
     _line("BLS OEWS", "supported", 144_570, kind=factcheck.STANDS_IN), _line("OECD", "cannot be tested", None)),
    "partly supported", 192_000, 194_000)
MONTHLY = factcheck.Verdict(
    "us_ml_avg_monthly", "average monthly salary of ML specialists in the US", "q", 12_500.0, "USD per month",
    tuple(factcheck.Line(ln.source, ln.measures, *(None if x is None else x / 12 for x in (ln.estimate, ln.lo, ln.hi)),
                         ln.n, ln.verdict, ln.reason, ln.label, ln.kind) for ln in ANNUAL.lines),
    "partly supported", 16_000, 16_166.67, "the arithmetic is right: 150,000 / 12 = 12,500", restates="us_ml_avg_annual")
MARKET = factcheck.Verdict("us_market_avg", "average salary on the US market", "q", 2_900.0, "USD per month",
                           (_line("BLS OEWS", "not supported", 5_660),), "not supported", 5_660, 5_660)
EUROPE = factcheck.Verdict("europe_lower", "ML salaries in Europe relative to the US", "q", None, "direction (Europe < US)",
                           (_line("a", "supported", 1.72, 1.54, 1.9, 2594), _line("b", "supported", 2.36, 2.1, 2.7, 354)),
                           "supported", 1.72, 2.39, "2 sources and the analyst's choices (8 results)",
                           pd.DataFrame({"source": ["aijobs.net", "Stack Overflow 2024"],
                                         "variant": [sensitivity.BASELINE, "UK out"], "ratio": [1.72, 2.39],
                                         "lo": [1.54, 2.16], "hi": [1.90, 2.71], "n_a": [2361, 130], "n_b": [233, 200]}))
#: Relative medians of one pool in two regions (the US testable, Europe thin).
DETAILS = pd.DataFrame(
    [("all roles", "United States", "level", g, n, v, lo, hi) for g, n, v, lo, hi in
     (("Junior", 2967, 0.65, 0.63, 0.67), ("Middle", 8736, 0.90, 0.89, 0.91), ("Senior", 14744, 1.12, 1.10, 1.13))]
    + [("all roles", "United States", "band", b, n, v, lo, hi) for b, n, v, lo, hi in
       (("0", 54, 0.44, 0.40, 0.52), ("1-3", 636, 0.64, 0.61, 0.68), ("4-6", 683, 0.84, 0.80, 0.89),
        ("7-10", 889, 1.01, 0.99, 1.05), ("11+", 1969, 1.15, 1.13, 1.21))]
    + [("all roles", "Europe", "level", g, n, v, lo, hi) for g, n, v, lo, hi in
       (("Junior", 21, 0.5, 0.35, 0.78), ("Middle", 69, 0.85, 0.65, 0.97), ("Senior", 143, 1.15, 1.02, 1.33))]
    + [("all roles", "Europe", "band", b, n, v, lo, hi) for b, n, v, lo, hi in
       (("0", 6, 0.7, 0.54, 0.8), ("1-3", 46, 0.79, 0.69, 0.86), ("4-6", 69, 1.0, 0.9, 1.12),
        ("7-10", 59, 1.22, 1.03, 1.33), ("11+", 44, 1.35, 1.06, 1.64))],
    columns=["pool", "region", "kind", "group", "n", "value", "lo", "hi"]).assign(
    small_sample=lambda d: d["n"] < 30, source=lambda d: d["kind"].map({"level": "aijobs.net", "band": "Stack Overflow 2024"}),
    overall_usd=lambda d: d["kind"].map({"level": 148_030.0, "band": 147_998.0}), n_overall=1000)


def _years(claim_id: str) -> factcheck.Verdict:
    grade = factcheck.YEARS_CLAIMS[claim_id]
    lines = tuple(factcheck.indirect_line(grade, DETAILS[DETAILS["region"] == r], "all roles", r)
                  for r in ("United States", "Europe"))
    return factcheck.Verdict(claim_id, f"years of a {grade}", "q", None, "band", lines, factcheck.combine(lines), None,
                             None, factcheck.NO_DIRECT_TEST, DETAILS)


JUNIOR, MIDDLE = _years("junior_years"), _years("middle_years")


def test_statement_words_the_claim_the_verdict_the_range_and_each_line():
    assert wf.statement(ANNUAL) == (
        "Average annual salary of ML specialists in the US, claimed 150,000 USD per year: partly supported. The 2 lines "
        "of evidence that measure ML pay put it at 192,000–194,000 USD per year; the claim is 22–23% below them. "
        "Partly supported by aijobs.net and Stack Overflow 2024; cannot be tested by OECD. Beside them, not deciding "
        "the verdict: the official occupations nearest to ML work stand in for ML pay without measuring it, "
        "144,570 USD per year: supported (supported by BLS OEWS).")
    assert wf.statement(EUROPE).startswith(
        "ML salaries in Europe relative to the US, claimed direction (Europe < US): supported. Across 2 sources and the "
        "analyst's choices (8 results), the US ML median runs from ×1.7 [1.5–1.9] (aijobs.net, company location, "
        "salary) to ×2.4 [2.2–2.7] (Stack Overflow 2024, residence, total compensation, UK out) Europe's: the lowest "
        "and highest estimates, each with its own interval, not one interval (all grades, as published: a ×1.72 "
        "[1.54–1.90] and b ×2.36 [2.10–2.70]).")
    assert "$" not in wf.statement(ANNUAL) + wf.statement(JUNIOR)  # plain text: no dollar signs (math on GitHub and in Jupyter)
    assert text(wf.statements([ANNUAL, MARKET])) == f"- {wf.statement(ANNUAL)}\n- {wf.statement(MARKET)}"
    untestable = factcheck.Verdict("x", "a thing", "q", 1.0, "u", (), "cannot be tested", None, None, "no rule")
    assert wf.statement(untestable) == "A thing, claimed 1 u: cannot be tested (no rule)."


def test_the_monthly_claim_is_the_annual_one_restated_not_more_support():
    out = wf.statement(MONTHLY)
    assert out.startswith("Average monthly salary of ML specialists in the US, claimed 12,500 USD per month: partly "
                          "supported, as the claim it restates. The arithmetic is right: 150,000 / 12 = 12,500, so it "
                          "is the same claim on the same evidence ÷ 12, not more support")
    assert "16,000–16,167 USD per month" in out and "Partly supported by" not in out  # no second count of the lines


def test_grade_years_cannot_be_tested_directly_and_the_indirect_lines_say_why():
    junior, middle = wf.statement(JUNIOR), wf.statement(MIDDLE)
    assert junior.startswith(f"Years of a Junior: cannot be tested directly: {factcheck.NO_DIRECT_TEST}. "
                             "Indirect evidence only, each median divided by its own survey's median.")
    assert ("All roles in the US: not consistent: aijobs' Junior (×0.65 [0.63–0.67], n = 2,967) lies above Stack "
            "Overflow 2024's answers with under 1 year (×0.44 [0.40–0.52], n = 54)") in junior
    assert "All roles in Europe: cannot be tested (fewer than 30 records or answers)." in junior  # Junior n = 21
    assert "All roles in the US: consistent: Stack Overflow 2024's answers with 1–3 years (×0.64" in middle
    assert "not supported" not in junior + middle  # no verdict word from a test that cannot be run


def test_front_page_headline_is_the_statement_with_the_numbers():
    value, said, detail = wf.headline(ANNUAL)
    assert value == "$192k–$194k" and said == wf.statement(ANNUAL)  # the lines that measure ML pay, not the stand-in
    assert "aijobs.net 194,000 (95% CI 191,000–197,000, n = 3,298): partly supported" in detail
    assert "BLS OEWS 144,570 (published figure, no interval; stands in, not ML pay): supported" in detail
    assert detail.endswith(factcheck.VERDICT_WORDS)  # the verdict words defined where they are used
    assert wf.headline(EUROPE)[0] == "×1.7 [1.5–1.9] to ×2.4 [2.2–2.7]"


def test_answer_box_has_three_computed_bullets():
    bullets = wf.answer_bullets([ANNUAL, MONTHLY, EUROPE, JUNIOR, MIDDLE])
    assert len(bullets) == 3
    assert bullets[0].startswith("The article's 150,000 USD a year for US ML specialists is 22–23% below the mean pay "
                                 "the ML pay surveys measure, aijobs.net 194,000 (95% CI 191,000–197,000, n = 3,298)")
    assert "partly supported (off by more than ±10%, less than ±25%)." in bullets[0]
    assert "The official occupations that only stand in for ML pay (BLS OEWS) put it at 144,570." in bullets[0]
    assert "Its 12,500 a month is the same claim ÷ 12." in bullets[0]
    assert bullets[1].startswith("The article's grade definitions (a Junior has up to 1 year; it takes 1–3 years to "
                                 "reach Middle) cannot be tested directly")
    assert ("Indirectly (each median ÷ its own survey's median; all roles in the US), aijobs' Junior is paid like "
            "Stack Overflow's answers with 1–3 years of professional coding, not like those with under 1 year.") in bullets[1]
    assert bullets[2].startswith("Europe pays ML specialists less than the US: supported. Across 2 sources and the "
                                 "analyst's choices (8 results), the US ML median runs from ×1.7 [1.5–1.9]")
    assert text(wf.answer_box([ANNUAL, MONTHLY, EUROPE, JUNIOR, MIDDLE])).startswith("> **Answer.**")


def test_rules_and_titles():
    rules = text(wf.factcheck_rules())
    assert f"±{factcheck.TOLERANCE:.0%}" in rules and f"±{factcheck.PARTLY:.0%}" in rules and "ML engineering and" in rules
    title = wf.key_title(ANNUAL, MARKET)
    assert title == ("Both surveys of ML pay put the US mean at 192k–194k USD a year: the article's 150,000 is "
                     "22–23% below (partly supported); its 2,900 a month: not supported")
    assert title.rests_on == (3298, 130)  # the surveys' records; the official figures have none here
    rows = pd.DataFrame({"n_a": [900, 100], "n_b": [90, 16], "small_sample": [False, True]})
    europe = wf.europe_title(EUROPE, rows)
    assert europe.startswith("The US ML median is ×1.7 [1.5–1.9] to ×2.4 [2.2–2.7] Europe's") and "both sources" in europe
    assert europe.rests_on == (900, 90)  # the thin grade is left out of what the title concludes from
    years = wf.years_title(JUNIOR, MIDDLE)
    assert min(years.rests_on) == 54 and 21 not in years.rests_on  # Europe's thin Junior (n = 21) is not concluded from
    assert years == (
        "Indirect only (all roles in the US; each median ÷ its own survey's median): aijobs' Junior is paid like 1–3 "
        "years of coding (the article: a Junior has up to 1 year); answers with 1–3 years are paid between its Junior "
        "and Middle, as reaching Middle then implies")


def test_claim_years_and_market_wage():
    by_year = pd.DataFrame({"work_year": [2021, 2022, 2024], "mean_usd": [150e3, 160e3, 194e3],
                            "small_sample": [True, False, False]})
    out = text(wf.claim_years(by_year, 150e3, 2024))  # 150/160 - 1 = -6%: within 10%; 2021 has too few records
    assert "occurs in: 2022." in out and "For 2024 the claim is too low" in out
    bls = pd.DataFrame({"year": [2022, 2024], "value": [61900.0, 67920.0]})
    assert text(wf.market_wage(2900.0, bls)) == "2,900 × 12 = 34,800 USD a year, against a BLS mean of 61,900–67,920 in 2022–2024."


def test_years_prose_names_the_answers_in_the_article_bands_and_each_survey_median():
    out = text(wf.years_prose(JUNIOR, MIDDLE))
    assert "under 1 year: all roles in the US n = 54 and all roles in Europe n = 6" in out
    assert "aijobs.net, all roles in the US: 148,030" in out and "Stack Overflow 2024, all roles in the US: 147,998" in out


def _years_of(details: pd.DataFrame) -> tuple[factcheck.Verdict, factcheck.Verdict]:
    """The two claims on a grade's years, one indirect line per pool and region of ``details``."""
    out = []
    for claim_id, grade in factcheck.YEARS_CLAIMS.items():
        lines = tuple(factcheck.indirect_line(grade, details[(details["pool"] == p) & (details["region"] == r)], p, r)
                      for p in details["pool"].unique() for r in ("United States", "Europe"))
        out.append(factcheck.Verdict(claim_id, grade, "q", None, "band", lines, factcheck.combine(lines), None, None,
                                     factcheck.NO_DIRECT_TEST, details))
    return out[0], out[1]


def test_years_prose_says_which_pools_can_test_the_claims_and_the_thin_groups_that_stop_the_others():
    # DETAILS: in Europe aijobs has 21 Juniors and Stack Overflow 6 answers under 1 year (both under 30), so only the
    # US lines test the claims; a pool with 29 records or answers in every group tests neither; one with 30 both
    out = text(wf.years_prose(JUNIOR, MIDDLE))
    assert ("The all-roles lines can test only the Junior claim in the US and the Middle claim in the US; the others "
            "need a group with fewer than 30 records or answers (aijobs.net's Junior: n = 21 in Europe; Stack Overflow "
            "2024's answers with under 1 year: n = 6 in Europe).") in out
    thin, solid = DETAILS.assign(pool="ML roles", n=29, small_sample=True), DETAILS.assign(n=30, small_sample=False)
    out = text(wf.years_prose(*_years_of(pd.concat([thin, solid], ignore_index=True))))
    assert ("The ML-roles lines cannot test either claim, each needing a group with fewer than 30 records or answers "
            "(aijobs.net's Junior: n = 29 in the US and 29 in Europe; aijobs.net's Middle: n = 29 in the US and 29 in "
            "Europe; Stack Overflow 2024's answers with under 1 year: n = 29 in the US and 29 in Europe; Stack Overflow "
            "2024's answers with 1–3 years: n = 29 in the US and 29 in Europe); the all-roles pools can.") in out
