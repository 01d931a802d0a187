"""The study's choices, named once: years, role families, regions, the bootstrap size, thresholds.

Notebooks, helpers, the site and the conclusion tests import these names; none retypes them
(``tests/test_study.py`` fails when a notebook assigns a literal to one of them). Changing a choice
here changes every figure that rests on it, which is the point: re-run ``make notebooks`` and review.
This module imports nothing from the project, so every layer may use it.
"""

from __future__ import annotations

# ---------------------------------------------------------------- years

#: The most recent complete work year in the snapshot (2025 is partial: the snapshot was taken early that year).
LATEST_FULL_YEAR: int = 2024
#: Work years pooled for the per-grade comparisons: the full years holding at least ``POOLED_YEAR_SHARE`` of the
#: busiest year's records (recent, complete, and together over 90% of the US and European ML-engineering records).
POOLED_YEARS: tuple[int, ...] = (2023, 2024)
#: Work years shown in trends (the partial latest year left out).
TREND_YEARS: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024)
#: Work years with enough US ML-engineering records (over 500 each) for grade steps year by year.
STEP_TREND_YEARS: tuple[int, ...] = (2022, 2023, 2024)
#: A work year is pooled when it holds at least this share of the busiest year's records.
POOLED_YEAR_SHARE: float = 0.10
#: Base year of constant prices: trends over work years are restated in this year's prices (US CPI-U for USD
#: amounts, the euro-area HICP for EUR amounts). The latest year both indices cover in full: CPI-U's 2025 average
#: has only 11 months, and 2025 is a partial work year in the survey too.
PRICE_BASE_YEAR: int = LATEST_FULL_YEAR
#: The estimator is fitted on work years up to TRAIN_MAX_YEAR and scored on TEST_YEAR (forward in time).
TRAIN_MAX_YEAR: int = 2023
TEST_YEAR: int = LATEST_FULL_YEAR
#: The estimator's thin-profile rule is calibrated on an earlier forward fold (fit up to this year, score on
#: TRAIN_MAX_YEAR), so the held-out test year never chooses its own widening factor.
CALIBRATION_TRAIN_MAX_YEAR: int = 2022

# ---------------------------------------------------------------- who is compared

#: The role family the article is about.
ML_FAMILY: str = "ml_engineering"
#: The wider ML family, for comparisons where ML engineering alone is too thin (notebooks 02, 03).
WIDE_ML_FAMILIES: tuple[str, ...] = ("ml_engineering", "ml_research", "data_science", "other_ai")
#: "ML specialists" in the fact check: the families whose titles are ML engineering or ML research.
ML_SPECIALIST_FAMILIES: tuple[str, ...] = ("ml_engineering", "ml_research")
#: Neighbouring families the skills notebook compares ML engineers with.
NEIGHBOUR_FAMILIES: tuple[str, ...] = ("data_engineering", "analytics_bi")

#: The regions compared, reference first (ratios are first / second).
COMPARED_REGIONS: tuple[str, ...] = ("United States", "Europe")
#: The reference country for country-level comparisons.
REFERENCE_COUNTRY: str = "US"
#: Europe as this study defines it: EU-27 plus the UK, Switzerland, Norway and Iceland (by company location).
EU27: frozenset[str] = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()  # noqa: SIM905
)
EUROPE: frozenset[str] = EU27 | {"GB", "CH", "NO", "IS"}
#: The compared Europe in words, as the codebook describes a region column.
EUROPE_LABEL: str = f"EU-27 + {', '.join(sorted(EUROPE - EU27))}"

# ---------------------------------------------------------------- statistics

#: Groups with fewer records than this are shown but never concluded from.
SMALL_SAMPLE_N: int = 30
#: Groups with fewer records than this show their median and n, never an interval or a spread.
MIN_INTERVAL_N: int = 5
#: Bootstrap replicates behind every interval (one size, so one statistic has one interval wherever it is shown;
#: the random stream follows from the statistic and its data: :func:`helpers.analysis.stats.stream`).
N_BOOT: int = 2000
#: Confidence level of every interval.
CI_LEVEL: float = 0.95

# ---------------------------------------------------------------- the salary estimator's thin-profile rule
# "Similar records": survey records with the profile's grade, role family and company country (all work years).
# Measured in notebook 08 (held-out error and coverage by similar records, refit spread); its conclusion tests
# fail if the measurements stop supporting these numbers.
#: The share of pay an estimator range promises to hold: the model's 10th-90th percentiles, calibrated (ESTIMATE_MARGIN).
ESTIMATE_LEVEL: float = 0.80
#: Split-conformal margin on the log scale: every range's low end is divided, and its high end multiplied, by
#: exp(ESTIMATE_MARGIN). Measured on the calibration fold (fit up to CALIBRATION_TRAIN_MAX_YEAR, score on TRAIN_MAX_YEAR;
#: never on TEST_YEAR): the ESTIMATE_LEVEL quantile of the records' log distance outside the model's raw range (negative inside),
#: rounded up to 0.001.
ESTIMATE_MARGIN: float = 0.064
#: A coverage is stated only when measured on at least this many distinct profiles (distinct sets of the estimator's
#: inputs): records of one profile share one range, so fewer profiles measure fewer independent answers.
ESTIMATE_MIN_PROFILES: int = SMALL_SAMPLE_N
#: Fewer similar records than this: the answer is "thin", flagged, its range widened by ESTIMATE_WIDEN.
ESTIMATE_THIN_N: int = SMALL_SAMPLE_N
#: Fewer similar records than this: the estimator declines (no number). Below 10 the held-out error of the median
#: is larger than for well-sampled profiles on both forward folds, and the answer moves more between refits.
ESTIMATE_MIN_N: int = 10
#: Thin ranges are widened on the log scale: low and high of the calibrated range move this many times as far from the
#: median. The smallest factor (in steps of 0.05) giving thin answers the well-sampled answers' coverage on the
#: calibration fold.
ESTIMATE_WIDEN: float = 1.10
#: Buckets of similar records in which the held-out error, coverage and refit spread are reported (lower edges).
ESTIMATE_N_EDGES: tuple[int, ...] = (0, 1, 5, 10, 30, 100)
#: Bootstrap refits of the estimator (records resampled) behind its stability report: few, because each is a full
#: fit (the spread over them is a lower bound of the instability, not an interval).
ESTIMATE_REFITS: int = 5

#: Seed of the estimator's bootstrap refits (a resampling of whole fits, not an interval of a statistic).
ESTIMATE_REFIT_SEED: int = 17


def years_label(years: tuple[int, ...] | list[int] = POOLED_YEARS) -> str:
    """``'work years 2023–2024'`` (or ``'work year 2024'``) for titles and axis labels."""
    years = sorted(years)
    return f"work years {years[0]}–{years[-1]}" if len(years) > 1 else f"work year {years[0]}"
