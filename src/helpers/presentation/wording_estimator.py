"""Wording for notebook 08: the sentences about the estimator's thin-profile rule, its effect and its stability.

Each function takes the tables :mod:`helpers.analysis.estimator` computed (or ``estimator.estimate_many``'s answers)
and returns Markdown; every number is printed from those tables. The held-out scores' sentences are :mod:`helpers.presentation.wording`'s.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import Markdown

from helpers import schema, study
from helpers.analysis import estimator, prices
from helpers.presentation import wording
from helpers.presentation.wording import bullets, country, label, listing, say, signed

#: How a range is named everywhere: the share it is calibrated to hold (``study.ESTIMATE_LEVEL``).
RANGE = f"{study.ESTIMATE_LEVEL:.0%} range"
#: The regions as the held-out tables name them.
REGION_NAMES = {"all": "every region", "United States": "the US", "Europe": "Europe",
                "Other": f"the {schema.REGION_NAMES['Other'].lower()}"}


def coverage_phrase(entry: dict | pd.Series, digits: int = 1) -> str:
    """A held-out coverage (``records``, ``profiles``, ``coverage``, ``lo``, ``hi``) in words, or why it is not
    stated: ``"81.7% (95% interval 80.6–82.8%; 16,254 records, 142 profiles)"``; under ``study.ESTIMATE_MIN_PROFILES``
    distinct profiles ``'cannot be measured reliably: 26 distinct profiles (fewer than 30), 832 records'``."""
    records, profiles = int(entry["records"]), int(entry["profiles"])
    value = entry["coverage"]
    if value is None or pd.isna(value):
        return (f"cannot be measured reliably: {profiles:,} distinct profile{'' if profiles == 1 else 's'} (fewer than "
                f"{study.ESTIMATE_MIN_PROFILES}), {records:,} records")
    return (f"{value:.{digits}%} (95% interval {entry['lo'] * 100:.{digits}f}–{entry['hi']:.{digits}%}; {records:,} records, "
            f"{profiles:,} profiles)")


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
        f"**ok**: {study.ESTIMATE_THIN_N} or more similar records. The median and the model's calibrated {RANGE}, as they are.",
        f"**thin**: {study.ESTIMATE_MIN_N} to {study.ESTIMATE_THIN_N - 1}. Flagged, drawn hollow, and the range widened: "
        f"its ends move ×{study.ESTIMATE_WIDEN:.2f} as far from the median on the log scale (it contains the model's range).",
        f"**declined**: fewer than {study.ESTIMATE_MIN_N}. No number: `estimate` returns None for the median and the range, "
        "with the reason.",
    ])


def rule(calibration: dict, folds: dict[str, pd.DataFrame]) -> Markdown:
    """Why the thresholds are where they are: the error by similar records on each fold, and the widening measured
    on the calibration fold. ``folds`` maps a fold's name to its ``estimator.accuracy_by_n`` table."""
    lines = []
    for name, t in folds.items():
        below, above = _split(t, study.ESTIMATE_MIN_N)
        worse = below["error_pct_model"].min() > above["error_pct_model"].max()
        lines.append(f"**{name}:** under {study.ESTIMATE_MIN_N} similar records the model's median was off by "
                     f"{_range(below['error_pct_model'])} for the typical record, from {study.ESTIMATE_MIN_N} up by "
                     f"{_range(above['error_pct_model'])}: every bucket below is "
                     f"{'worse than every bucket above' if worse else 'not clearly worse'}.")
    lines.append(f"**Widening, measured on the calibration fold:** the model's calibrated {RANGE} held "
                 f"{calibration['thin_before']:.1%} of the thin profiles' records (n = {calibration['n_thin']:,}, "
                 f"{calibration['profiles_thin']} distinct profiles) against {calibration['target']:.1%} for well-sampled ones "
                 f"(n = {calibration['n_ok']:,}, {calibration['profiles_ok']} profiles); moving low and high "
                 f"×{calibration['factor']:.2f} as far from the median brings thin answers to {calibration['thin_after']:.1%}.")
    return bullets(lines)


def rule_effect(effect: pd.DataFrame, families: pd.DataFrame, held: pd.DataFrame) -> Markdown:
    """What the rule does to the held-out year (``estimator.rule_effect``), its coverage with intervals
    (``estimator.held_out``) and which role family holds most of what it declines
    (``estimator.coverage_by(scored, "role_family")``)."""
    _every, ok, _thin_before, thin_after, declined, answered = (effect.iloc[i] for i in range(6))
    fam = families.assign(declined=families["n_test"] * families["declined_pct"] / 100).sort_values("declined").iloc[-1]
    cov = held.xs("all", level="region")
    return bullets([
        f"**Answered:** {answered['share_pct']:.0f}% of the {study.TEST_YEAR} records ({ok['share_pct']:.0f}% ok, "
        f"{thin_after['share_pct']:.0f}% thin). Their ranges held {coverage_phrase(cov.loc['answered'])}, against "
        f"{coverage_phrase(cov.loc['every record'])} for the calibrated ranges on every record without the rule.",
        f"**By status:** the ok answers' ranges held {coverage_phrase(cov.loc['ok'])}. The thin answers' coverage "
        f"{coverage_phrase(cov.loc['thin'])}: their widening rests on the calibration fold's measure alone.",
        f"**Declined:** {declined['share_pct']:.0f}% of the records (n = {int(declined['n_test']):,}); their median error "
        f"would have been {declined['error_pct']:.0f}% against {answered['error_pct']:.0f}% for the answered ones. "
        f"{fam['declined'] / declined['n_test']:.0%} of them are in the {label(fam['role_family'])} family, "
        f"{fam['declined_pct']:.0f}% of whose {study.TEST_YEAR} records had under {study.ESTIMATE_MIN_N} similar records "
        "in the training years.",
    ])


def calibration(margin: dict) -> Markdown:
    """The split-conformal calibration of the range (``estimator.conformal_margin`` on the calibration fold)."""
    factor = float(np.exp(study.ESTIMATE_MARGIN))
    return say(f"**Calibration.** On the calibration fold (fitted up to {study.CALIBRATION_TRAIN_MAX_YEAR}, scored on "
               f"{study.TRAIN_MAX_YEAR}: n = {margin['n']:,} records, {margin['profiles']:,} distinct profiles) the model's raw "
               f"10th–90th percentiles held {margin['raw_coverage']:.1%} of the records. The {study.ESTIMATE_LEVEL:.0%} "
               f"quantile of each record's log distance outside its range is {margin['margin']:.4f}; rounded up, "
               f"`study.ESTIMATE_MARGIN` = {study.ESTIMATE_MARGIN}: every range's low end is divided and its high end "
               f"multiplied by {factor:.3f}, which makes the fold's ranges hold {margin['calibrated_coverage']:.1%}. "
               f"The test year, {study.TEST_YEAR}, plays no part in it.")


def _gain_words(g: pd.Series) -> str:
    span = f"95% interval {signed(g['lo'])} to {signed(g['hi'])}"
    if g["lo"] > 0:
        return f"better than the naive median by {g['gain']:.1f} points ({span})"
    if g["hi"] < 0:
        return f"worse than the naive median by {-g['gain']:.1f} points ({span})"
    side = "worse" if g["gain"] < 0 else "better"
    return (f"no clearly better than the naive median: {side} by {abs(g['gain']):.1f} points, but the {span} "
            "includes no difference").replace("no clearly", "not clearly")


def regions(held: pd.DataFrame, gains: pd.DataFrame) -> Markdown:
    """Per region (``estimator.held_out`` and ``gains``): the calibrated range's coverage on every record,
    the answered records' coverage (or why it is not stated) and the median's gain over the naive answer."""
    lines = []
    for region in schema.REGIONS:
        every, answered, g = held.loc[("every record", region)], held.loc[("answered", region)], gains.loc[region]
        lines.append(f"**{REGION_NAMES[region][0].upper() + REGION_NAMES[region][1:]}:** the calibrated range held "
                     f"{coverage_phrase(every)}; the answered records' coverage: {coverage_phrase(answered)}. "
                     f"The model's median (off by {g['error_model']:.1f}% for the typical record) is {_gain_words(g)}.")
    return bullets(lines)


def answer() -> Markdown:
    """Notebook 08's Answer box, computed: the estimator's answer for a Senior ML engineer at a US company, how often
    its range held held-out pay (with its interval), and the median's gain over the naive answer, where it falls short."""
    held, gains = estimator.measured()
    a = estimator.estimate({"grade": "Senior", "company_location": study.REFERENCE_COUNTRY})
    answered, every, g = held.loc[("answered", "all")], held.loc[("every record", "all")], gains.loc["all"]
    worse = [r for r in schema.REGIONS if gains.loc[r, "gain"] < 0]
    where = "; ".join(f"in {REGION_NAMES[r]} it is worse by {-gains.loc[r, 'gain']:.1f} points (95% interval "
                      f"{signed(gains.loc[r, 'lo'])} to {signed(gains.loc[r, 'hi'])}"
                      + (": no clear difference either way)" if gains.loc[r, "lo"] < 0 < gains.loc[r, "hi"] else ")")
                      for r in worse)
    return wording.answer([
        f"A Senior ML engineer at a US company can expect a median of ${a['median']:,.0f} a year, {RANGE} "
        f"${a['low']:,.0f}–${a['high']:,.0f} ({estimator.unit()}; n = {a['n_similar']:,} similar survey records). "
        f"Profiles with fewer than {study.ESTIMATE_MIN_N} similar records get no number.",
        f"The range means what it says: calibrated on an earlier year, the ranges the estimator gives held "
        f"{coverage_phrase(answered)} of pay in {study.TEST_YEAR}, a year it never saw; on every {study.TEST_YEAR} "
        f"record, {every['coverage']:.1%} ({every['lo'] * 100:.1f}–{every['hi']:.1%}).",
        f"Its median beats the naive grade × region median by {g['gain']:.1f} points of typical error "
        f"(95% interval {g['lo']:.1f}–{g['hi']:.1f})" + (f"; {where}" if where else "") + ".",
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
    """The least stable profile shown (``estimator.stability_report`` rows with grade and company_location) and the
    pattern over the grid (``estimator.stability_by_n``); ``n_refits`` counts every fit, the estimator's included."""
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


def scores(model: estimator.SalaryModel, table: pd.DataFrame, held: pd.DataFrame, gains: pd.DataFrame) -> Markdown:
    """The held-out test's sizes and scores (:func:`helpers.presentation.wording.held_out` and
    :func:`~helpers.presentation.wording.estimator_scores`): ``table`` is ``estimator.evaluate``'s (calibrated model,
    naive, model before calibration), ``held`` and ``gains`` ``estimator.held_out``'s and ``estimator.gains``'s."""
    m, b, raw = table.iloc[0], table.iloc[1], table.iloc[2]
    return say(wording.held_out(model, int(m["n_test"])),
               wording.estimator_scores(m, b, raw, held.loc[("every record", "all")], gains.loc["all"]))
