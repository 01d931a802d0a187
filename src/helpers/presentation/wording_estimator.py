"""Wording for notebook 08: the sentences about the estimator's thin-profile rule, its effect and its stability.

Each function takes the tables :mod:`helpers.analysis.estimator_rule` and :mod:`helpers.analysis.estimator_stability`
computed (or ``estimator.estimate_many``'s answers) and returns Markdown; every number is printed from those tables.
The held-out scores' sentences are :mod:`helpers.presentation.wording`'s.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers import study
from helpers.analysis import estimator, prices
from helpers.presentation.wording import bullets, country, label, listing, say


def _range(values: pd.Series, digits: int = 0) -> str:
    lo, hi = (f"{float(v):.{digits}f}" for v in (values.min(), values.max()))
    return f"{lo}%" if lo == hi else f"{lo}–{hi}%"


def _split(t: pd.DataFrame, edge: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows of a by-n table below ``edge`` similar records and from it up (by the bucket's lower edge)."""
    lower = t["similar_records"].str.extract(r"^(\d+)")[0].astype(int)
    return t[lower < edge], t[lower >= edge]


def unit_statement(model: estimator.SalaryModel) -> Markdown:
    """The estimator's unit (constant base-year USD, CPI-U) and the price change it takes out of the held-out test."""
    first, last, base = model.train_years[0], model.train_years[1], estimator.PRICE_BASE_YEAR
    return say(f"Every amount the estimator fits, predicts and is scored on is in **{estimator.unit()}**: each work year's "
               f"pay is restated by the US CPI-U annual average before fitting. Prices rose "
               f"{prices.price_change(first, base):.1%} from {first} to {base} and {prices.price_change(last, base):.1%} from "
               f"{last} to {base}; in nominal dollars the trees, which cannot extrapolate the work year, would answer "
               f"{study.TEST_YEAR} at {last}'s price level and count that gap as error. "
               + (f"For the default work year, {base}, the answer is also that year's nominal pay. "
                  if base == estimator.DEFAULT_YEAR else "")
               + "The CPI-U is a US index applied to every country's dollar amounts, not local inflation.")


def rule_statement() -> Markdown:
    """The thin-profile rule with its thresholds (``helpers.study``)."""
    return bullets([
        f"**ok**: {study.ESTIMATE_THIN_N} or more similar records. The median and the model's 80% range, as they are.",
        f"**thin**: {study.ESTIMATE_MIN_N} to {study.ESTIMATE_THIN_N - 1}. Flagged, drawn hollow, and the range widened: "
        f"its ends move ×{study.ESTIMATE_WIDEN:.2f} as far from the median on the log scale (it contains the model's range).",
        f"**declined**: fewer than {study.ESTIMATE_MIN_N}. No number: `estimate` returns None for the median and the range, "
        "with the reason.",
    ])


def rule(calibration: dict, folds: dict[str, pd.DataFrame]) -> Markdown:
    """Why the thresholds are where they are: the error by similar records on each fold, and the widening measured
    on the calibration fold. ``folds`` maps a fold's name to its ``estimator_rule.by_n`` table."""
    lines = []
    for name, t in folds.items():
        below, above = _split(t, study.ESTIMATE_MIN_N)
        worse = below["error_pct_model"].min() > above["error_pct_model"].max()
        lines.append(f"**{name}:** under {study.ESTIMATE_MIN_N} similar records the model's median was off by "
                     f"{_range(below['error_pct_model'])} for the typical record, from {study.ESTIMATE_MIN_N} up by "
                     f"{_range(above['error_pct_model'])}: every bucket below is "
                     f"{'worse than every bucket above' if worse else 'not clearly worse'}.")
    lines.append(f"**Widening, measured on the calibration fold:** the model's 80% range held "
                 f"{calibration['thin_before']:.1%} of the thin profiles' records (n = {calibration['n_thin']:,}) against "
                 f"{calibration['target']:.1%} for well-sampled ones (n = {calibration['n_ok']:,}); moving low and high "
                 f"×{calibration['factor']:.2f} as far from the median brings thin answers to {calibration['thin_after']:.1%}.")
    return bullets(lines)


def rule_effect(effect: pd.DataFrame, families: pd.DataFrame) -> Markdown:
    """What the rule does to the held-out year (``estimator_rule.rule_effect``) and which role family holds most of
    what it declines (``estimator_rule.coverage_by(scored, "role_family")``)."""
    every, ok, thin_before, thin_after, declined, answered = (effect.iloc[i] for i in range(6))
    fam = families.assign(declined=families["n_test"] * families["declined_pct"] / 100).sort_values("declined").iloc[-1]
    return bullets([
        f"**Answered:** {answered['share_pct']:.0f}% of the {study.TEST_YEAR} records ({ok['share_pct']:.0f}% ok, "
        f"{thin_after['share_pct']:.0f}% thin). Their ranges held {answered['coverage']:.1%} of them, against "
        f"{every['coverage']:.1%} for the model's ranges on every record without the rule.",
        f"**Thin answers:** the model's range held {thin_before['coverage']:.1%} of their records, the widened range "
        f"{thin_after['coverage']:.1%} (the ok answers: {ok['coverage']:.1%}).",
        f"**Declined:** {declined['share_pct']:.0f}% of the records (n = {int(declined['n_test']):,}); their median error "
        f"would have been {declined['error_pct']:.0f}% against {answered['error_pct']:.0f}% for the answered ones. "
        f"{fam['declined'] / declined['n_test']:.0%} of them are in the {label(fam['role_family'])} family, "
        f"{fam['declined_pct']:.0f}% of whose {study.TEST_YEAR} records had under {study.ESTIMATE_MIN_N} similar records "
        "in the training years.",
    ])


def statuses(answers: pd.DataFrame, place: str = "company_location") -> Markdown:
    """Which of ``answers`` (from ``estimate_many``) are thin or declined, each with its similar records."""
    def named(rows: pd.DataFrame) -> str:
        return listing([f"{country(r[place])} {r['grade']} (n = {int(r['n_similar']):,})" for _, r in rows.iterrows()])
    thin, gone = answers[answers["status"] == estimator.THIN], answers[answers["status"] == estimator.DECLINED]
    parts = []
    if len(thin):
        parts.append(f"Thin, range widened ×{study.ESTIMATE_WIDEN:.2f} and drawn hollow: {named(thin)}.")
    if len(gone):
        parts.append(f"Declined, no number (fewer than {study.ESTIMATE_MIN_N} similar records): {named(gone)}.")
    return say(*parts) if parts else say(f"Every answer here rests on {study.ESTIMATE_THIN_N} or more similar records.")


def ladder(answers: pd.DataFrame, reference: str = study.REFERENCE_COUNTRY) -> Markdown:
    """The predicted ladder in the reference country (first to last grade answered), then the other countries' statuses."""
    ref = answers[(answers["company_location"] == reference) & (answers["status"] != estimator.DECLINED)].set_index("grade")
    first, last = ref.index[0], ref.index[-1]
    where = ("the " if country(reference).startswith("United ") else "") + country(reference)
    head = (f"In {where} the predicted median rises from {ref.loc[first, 'median']:,.0f} ({first}) to "
            f"{ref.loc[last, 'median']:,.0f} {estimator.unit()} ({last}), ×{ref.loc[last, 'median'] / ref.loc[first, 'median']:.2f}.")
    return say(head, statuses(answers[answers["company_location"] != reference]))


def stability(rep: pd.DataFrame, grid: pd.DataFrame, n_refits: int) -> Markdown:
    """The least stable profile shown (``estimator_stability.report`` rows with grade and company_location) and the
    pattern over the grid (``estimator_stability.by_n``); ``n_refits`` counts every fit, the estimator's included."""
    worst = rep.loc[rep["records_move_pct"].abs().idxmax()]
    below, above = _split(grid, study.ESTIMATE_THIN_N)
    verdict = {estimator.DECLINED: "declined", estimator.THIN: "flagged thin", estimator.OK: "answered"}[worst["status"]]
    return bullets([
        f"**The least stable answer shown:** {country(worst['company_location'])} {worst['grade']} "
        f"(n = {int(worst['n_similar'])}): fitting on records instead of bins moves the model's median by "
        f"{worst['records_move_pct']:+.0f}%, and across the {n_refits} fits (the estimator's, on records, and "
        f"{n_refits - 2} on bootstrap resamples) it spans {worst['spread_pct']:.0f}% of its value. It is {verdict}.",
        f"**Over every profile of the explorer's grid:** under {study.ESTIMATE_THIN_N} similar records the typical answer "
        f"moves {_range(below['records_move_pct'], 1)} between fitting on records and on bins, from "
        f"{study.ESTIMATE_THIN_N} up {_range(above['records_move_pct'], 1)}; the refits' typical spread falls from "
        f"{grid['spread_pct'].iloc[0]:.0f}% (no similar record) to {grid['spread_pct'].iloc[-1]:.0f}% "
        f"({grid['similar_records'].iloc[-1]} similar records). The spread does not single out a floor; the held-out "
        "error above does.",
    ])
