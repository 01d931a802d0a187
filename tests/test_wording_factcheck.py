"""The fact check's sentences (helpers.presentation.wording_factcheck), checked on small verdicts typed in here: the
one framing of a claim (statement), its front-page form, the rules, and the figure titles."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers.analysis import factcheck
from helpers.presentation import wording_factcheck as wf


def text(md: Markdown) -> str:
    return md.data


def _line(name: str, verdict: str, estimate: float | None, lo: float | None = None, hi: float | None = None,
          n: int | None = None) -> factcheck.Line:
    return factcheck.Line(name, "what", estimate, lo, hi, n, verdict, "why")


ANNUAL = factcheck.Verdict(
    "us_ml_avg_annual", "average annual salary of ML specialists in the US", "q", 150_000.0, "USD per year",
    (_line("aijobs.net", "partly supported", 194_000, 191_000, 197_000, 3298), _line("BLS OEWS", "supported", 144_570),
     _line("OECD", "cannot be tested", None)), "mixed", 144_570, 194_000)
MARKET = factcheck.Verdict("us_market_avg", "average salary on the US market", "q", 2_900.0, "USD per month",
                           (_line("BLS OEWS", "not supported", 5_660),), "not supported", 5_660, 5_660)
EUROPE = factcheck.Verdict("europe_lower", "ML salaries in Europe relative to the US", "q", None, "direction (Europe < US)",
                           (_line("a", "supported", 1.72, 1.54, 1.9, 2594), _line("b", "supported", 2.36, 2.1, 2.7, 354)),
                           "supported", 1.72, 2.39, "2 sources and the analyst's choices (8 results)")
DETAILS = pd.DataFrame({"pool": ["ML roles", "ML roles", "ML roles"], "region": ["United States"] * 3,
                        "grade": ["Junior", "Middle", "Senior"], "matched": ["4–6 years", "4–6 years", "11+ years"]})
JUNIOR = factcheck.Verdict("junior_years", "years of experience of a Junior (under 1 year)", "q", None, "band",
                           (factcheck.Line("x", "m", 130_060, 118_750, 139_662, 136, "not supported", "r", "ML roles in the US"),),
                           "not supported", 130_060, 130_060, "", DETAILS)


def test_statement_words_the_claim_the_verdict_the_range_and_each_line():
    assert wf.statement(ANNUAL) == (
        "Average annual salary of ML specialists in the US, claimed 150,000 USD per year: mixed. 2 lines of evidence "
        "put it at 144,570–194,000 USD per year. Supported by BLS OEWS; partly supported by aijobs.net; cannot be "
        "tested by OECD.")
    assert wf.statement(EUROPE) == (
        "ML salaries in Europe relative to the US, claimed direction (Europe < US): supported. US ML median pay is "
        "1.7–2.4× Europe's across 2 sources and the analyst's choices (8 results). Supported by a and b.")
    out = wf.statement(JUNIOR)
    assert out.startswith("Years of experience of a Junior (under 1 year): not supported. The band of years aijobs' "
                          "Junior median matches, by line: ML roles in the US: 4–6 years.")
    assert "$" not in wf.statement(ANNUAL) + out  # plain text: no dollar signs (math on GitHub and in Jupyter)
    assert text(wf.statements([ANNUAL, MARKET])) == f"- {wf.statement(ANNUAL)}\n- {wf.statement(MARKET)}"
    untestable = factcheck.Verdict("x", "a thing", "q", 1.0, "u", (), "cannot be tested", None, None, "no rule")
    assert wf.statement(untestable) == "A thing, claimed 1 u: cannot be tested (no rule)."


def test_front_page_headline_is_the_statement_with_the_numbers():
    value, said, detail = wf.headline(ANNUAL)
    assert value == "$145k–$194k" and said == wf.statement(ANNUAL)
    assert "aijobs.net 194,000 (95% CI 191,000–197,000, n = 3,298): partly supported" in detail
    assert "BLS OEWS 144,570 (published figure, no interval): supported" in detail
    assert wf.headline(EUROPE)[0] == "1.7–2.4×"


def test_rules_and_titles():
    rules = text(wf.factcheck_rules())
    assert f"±{factcheck.TOLERANCE:.0%}" in rules and f"±{factcheck.PARTLY:.0%}" in rules and "ML engineering and" in rules
    combo = text(wf.combination_rule())
    assert factcheck.COMBINATION_RULE in combo and "under 1 year" in combo and "1–3 years" in combo
    title = wf.key_title(ANNUAL, MARKET)
    assert title.startswith("Across aijobs.net and BLS OEWS, US ML pay averages 145k–194k USD a year")
    assert "150,000 is mixed (1 of 2 lines support it)" in title and title.endswith("2,900 a month for the US market: not supported")
    assert wf.europe_title(EUROPE).startswith("US ML median pay is 1.7–2.4× Europe's") and "both sources" in wf.europe_title(EUROPE)
    assert wf.years_title(DETAILS) == ("aijobs' median pay (ML roles in the US) matches years of professional coding as "
                                       "Junior 4–6 years, Middle 4–6 years; the article says under 1 year, 1–3 years")


def test_claim_years_and_market_wage():
    by_year = pd.DataFrame({"work_year": [2021, 2022, 2024], "mean_usd": [150e3, 160e3, 194e3],
                            "small_sample": [True, False, False]})
    out = text(wf.claim_years(by_year, 150e3, 2024))  # 150/160 - 1 = -6%: within 10%; 2021 has too few records
    assert "occurs in: 2022." in out and "For 2024 the claim is too low" in out
    bls = pd.DataFrame({"year": [2022, 2024], "value": [61900.0, 67920.0]})
    assert text(wf.market_wage(2900.0, bls)) == "2,900 × 12 = 34,800 USD a year, against a BLS mean of 61,900–67,920 in 2022–2024."


def test_years_prose_names_the_thin_bands_and_the_rise():
    bands = pd.DataFrame({"pool": ["ML roles"] * 2, "region": ["United States"] * 2, "band": ["0", "1-3"], "n": [0, 40],
                          "value": [float("nan"), 1.0], "lo": [float("nan"), 1.0], "hi": [float("nan"), 1.0],
                          "small_sample": [True, False]})
    rising = pd.DataFrame({"pool": ["ML roles"], "region": ["United States"], "bands": [3], "rises": [False]})
    out = text(wf.years_prose(DETAILS, bands, rising))
    assert "ML roles in the US: n = 0" in out and "does not rise band to band in: ML roles in the US" in out
    assert "aijobs' Senior median matches: ML roles in the US: 11+ years" in out
