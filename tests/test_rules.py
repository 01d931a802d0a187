"""Plausibility rules, stated as properties: the pay floor and the USD conversion against the official rate.

Expected outcomes are computed here with :func:`helpers.analysis.money.fx_rate` (the analysis layer's own reading
of the reference table), independently of the pipeline's :func:`helpers.pipeline.rules.fx_rates` and its SQL.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import paths, schema
from helpers.analysis import money
from helpers.pipeline import authored, curate, rules
from helpers.pipeline.validate import validate
from tests.test_bad_input import write_raw

REF = pd.read_csv(paths.AUTHORED / "reference_wages.csv", dtype={"period": str})
FX = rules.fx_rates(authored.reference_wages())
TOL = schema.FX_TOLERANCE


def test_pipeline_rates_are_the_analysis_rates():
    currencies = sorted({*FX["currency"], "USD", "CAD", "INR", "JPY"})
    for cur in currencies:
        for year in range(2019, 2027):
            expected = money.fx_rate(cur, year, REF).value
            got = FX[(FX["currency"] == cur) & (FX["year"] == year)]["per_usd"]
            if cur == "USD":
                assert expected == 1.0 and got.empty  # USD is its own rate, in the SQL, never a table row
            elif expected is None:
                assert got.empty, (cur, year)
            else:
                assert got.tolist() == pytest.approx([expected], rel=1e-12), (cur, year)


def test_every_rate_row_of_the_table_is_read():
    fx_rows = REF[REF["measure"] == "fx_rate"]
    assert len(FX) == len(fx_rows.drop_duplicates(["unit", "period"])) > 20


row = st.tuples(
    st.sampled_from(["USD", "EUR", "GBP", "CHF", "PLN", "CAD", "INR"]),
    st.sampled_from([2020, 2022, 2023, 2024, 2025]),
    st.floats(20_000, 2_000_000),  # salary in its currency
    st.floats(-3.0, 3.0),  # ln of salary_in_usd / (salary at the official rate)
)


def expected_reason(cur: str, year: int, salary: float, usd: float) -> str | None:
    """The rule as the schema states it, from money.fx_rate (not the pipeline's code)."""
    if usd > schema.MAX_SALARY_USD:
        return "absurd_salary"
    if usd < schema.MIN_SALARY_USD:
        return "below_pay_floor"
    rate = money.fx_rate(cur, year, REF).value
    if rate is not None and not 1 / TOL <= usd * rate / salary <= TOL:
        return "usd_conversion_mismatch"
    return None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row, min_size=1, max_size=30))
def test_conversion_and_floor_rules_reject_exactly_the_implausible_rows(tmp_path_factory, rows):
    lines, expected, unchecked = [], {}, 0
    for i, (cur, year, salary, log_ratio) in enumerate(rows):
        rate = money.fx_rate(cur, year, REF).value or money.fx_rate(cur, 2024, REF).value or 1.0
        s = round(salary)
        usd = max(round(s / rate * math.exp(log_ratio)), 1)
        if abs(abs(math.log(usd * rate / s)) - math.log(TOL)) < 1e-9:
            continue  # no test on the exact boundary: floating point decides it either way
        reason = expected_reason(cur, year, s, usd)
        if reason is None and money.fx_rate(cur, year, REF).value is None:
            unchecked += 1
        expected[reason] = expected.get(reason, 0) + 1
        lines.append(f"{year},SE,FT,Data Scientist {i},{s},{cur},{usd},US,0,US,M")
    if not lines:
        return
    raw = write_raw(tmp_path_factory.mktemp("r"), lines)
    v = validate(raw / curate.SALARIES_FILE, fx=FX)
    got = dict(v.rejected)
    assert got == {k: n for k, n in expected.items() if k is not None}
    assert v.con.execute("SELECT count(*) FROM checked WHERE reason IS NULL AND NOT fx_checked").fetchone()[0] == unchecked


def test_the_issue_example_is_rejected(tmp_path):
    # 1,000,000 EUR converted to 10 USD: below the floor; converted to 50,000 USD: a factor 20 off the official rate
    raw = write_raw(tmp_path, ["2024,SE,FT,Data Scientist,1000000,EUR,10,DE,0,DE,M",
                               "2024,SE,FT,Data Scientist,1000000,EUR,50000,DE,0,DE,M",
                               "2024,SE,FT,Data Scientist,100000,EUR,108000,DE,0,DE,M"])
    r = curate.build(raw, other_snapshot=True).report
    assert (r["rejected_by_reason"]["below_pay_floor"], r["rejected_by_reason"]["usd_conversion_mismatch"], r["rows_kept"]) == (1, 1, 1)


def test_no_rate_means_kept_and_counted_unchecked(tmp_path):
    raw = write_raw(tmp_path, ["2024,SE,FT,Data Scientist,100000,CAD,73000,CA,0,CA,M",
                               "2021,SE,FT,Data Scientist,100000,EUR,118000,DE,0,DE,M"])
    r = curate.build(raw, other_snapshot=True).report
    assert r["rows_kept"] == 2 and r["rows_rejected"] == 0
    assert r["plausibility"]["fx_unchecked_by_currency_year"] == {"CAD 2024": 1, "EUR 2021": 1}


def test_on_the_real_snapshot_the_rules_remove_nothing_and_unchecked_rows_are_counted(shared_raw, curated_dir):
    """Independent of the pipeline: pandas over the raw file and money.fx_rate for every currency and year."""
    from helpers import data

    df = pd.read_csv(shared_raw / curate.SALARIES_FILE)
    worst, unchecked = 1.0, 0
    for (cur, year), g in df.groupby(["salary_currency", "work_year"]):
        rate = money.fx_rate(cur, int(year), REF).value
        if rate is None:
            unchecked += len(g)
            continue
        ratio = g["salary_in_usd"] * rate / g["salary"]
        worst = max(worst, float(ratio.max()), float(1 / ratio.min()))
    assert worst < 1.08 < TOL  # every checked row within 8% of the official rate (the tolerance is 25%)
    assert (df["salary_in_usd"] >= schema.MIN_SALARY_USD).all()
    report = data.curation_report(curated_dir)
    assert report["rejected_by_reason"]["usd_conversion_mismatch"] == report["rejected_by_reason"]["below_pay_floor"] == 0
    assert report["plausibility"]["valid_rows_fx_unchecked"] == unchecked
    assert report["plausibility"]["valid_rows_fx_checked"] == len(df) - unchecked


def test_the_report_states_each_rule_with_its_tolerance(curated_dir):
    text = (curated_dir / "CURATION_REPORT.md").read_text(encoding="utf-8")
    assert f"under {schema.MIN_SALARY_USD:,} USD a year" in text and f"factor {TOL}" in text
    assert "| below_pay_floor | 0 |" in text and "| usd_conversion_mismatch | 0 |" in text
