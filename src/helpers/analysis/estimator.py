""""What can I expect to earn?": the salary estimator, its thin-profile rule, and the measurements that back them.

**The model.** Each row of ``salary_bins`` is a weighted record: its features are the row's dimensions, its target is
the log of the bin's mean salary and its weight is ``n`` (distinct survey records in the cell). Three
``HistGradientBoostingRegressor(loss="quantile")`` models give the 10th, 50th and 90th percentiles; their range is
calibrated (split conformal, log scale: ends moved out by ``study.ESTIMATE_MARGIN``) to hold ``study.ESTIMATE_LEVEL``
of an earlier forward fold's records (:func:`conformal_margin`). Grade enters as its rank with a monotone-increasing
constraint (a more senior grade never predicts less, other things equal). Countries with few records are pooled as
``"other"`` (the region feature still tells Europe from elsewhere).

**The unit.** Amounts are in constant ``study.PRICE_BASE_YEAR`` USD (CPI-U; :func:`unit`): each row's salary is
restated by its work year's factor (:func:`constant_usd`, from :func:`helpers.analysis.prices.deflator`) before
fitting, scoring or the baseline's quantiles, so pooled years share one price level; an answer for the default year
(the base year) is also its nominal pay. The partial last work year is restated by its partial-year CPI-U average.

**The honest test** is forward in time: fit on work years up to ``TRAIN_MAX_YEAR`` and score on ``TEST_YEAR``, which is
how the tool is used (past answers predicting this year's pay), its pay restated alike (trees cannot extrapolate
``work_year``: in nominal USD a held-out answer sits at the last training year's prices). Random splits would leak: the
same posted pay range often appears in several records of one year.

**The thin-profile rule.** Every answer carries ``n_similar``, the survey records with the profile's grade, role family
and company country (all work years): the evidence that is about this profile and no other; the rest of the answer is
borrowed from other countries, roles and grades. From ``study.ESTIMATE_THIN_N`` similar records the answer is "ok";
from ``study.ESTIMATE_MIN_N`` it is "thin", flagged, its range widened by ``study.ESTIMATE_WIDEN``; below that the
estimator declines and gives no number (:func:`judge`).

**The measurements behind the rule** (a held-out row's similar records are counted in the *training* years only,
what the estimator would have known when it answered; a coverage measured on fewer than
``study.ESTIMATE_MIN_PROFILES`` distinct profiles is left out, NaN, beside its count of profiles):

- :func:`accuracy_by_n`: coverage of the 80% range and median error, model and naive baseline, per bucket of similar
  records (``study.ESTIMATE_N_EDGES``), on one forward fold. Where the error grows is where ``ESTIMATE_MIN_N`` sits.
- :func:`calibrate`: the widening factor for thin answers, measured on the calibration fold (fit up to
  ``study.CALIBRATION_TRAIN_MAX_YEAR``, score on ``study.TRAIN_MAX_YEAR``), never on the test year: the smallest
  factor, in steps of ``STEP``, giving thin answers at least the coverage of the well-sampled ("ok") answers.
- :func:`rule_effect` and :func:`coverage_by`: the rule applied to the held-out test year: how many records each
  status holds, and the coverage and error before and after widening (declined records are counted, not scored).

**Calibration and held-out coverage, with intervals.** :func:`conformal_margin` calibrates the range on a scored
forward fold (each record's score is its signed log distance outside the model's raw 10th-90th percentile range; the
margin is the ``study.ESTIMATE_LEVEL`` quantile of the scores over records, with the split-conformal ``(n + 1)``
correction). :func:`held_out` gives the coverage of the ranges on the test year, overall and per region, for every
record and for the records the rule answers; :func:`gains` the naive answer's median % error minus the model's. Their
95% intervals are percentile bootstraps over **distinct profiles** (a cluster bootstrap): every record with the same
inputs (:data:`PROFILE_COLUMNS`) gets the same range and median, often at one posted salary, so records of one
profile are not independent answers. Resampling records (or a Wilson interval over records) would treat 15,000
records of a hundred profiles as 15,000 independent trials and give far too narrow an interval. The gain's bootstrap
is paired: model and naive are scored on the same resampled profiles. Each bootstrap's random stream follows from a
digest of its data and its name, so the same statistic gives the same interval wherever it is computed.

**Stability.** Fitting on records (:func:`as_records`: each row of the bins repeated ``n`` times at its mean salary,
within 1% of the record's own) describes the same people as fitting on the bins, so an answer that moves between
them rests on few of them: the trees' leaves count rows, and a handful of records split or pooled differently moves a
thin profile's answer. The bootstrap refits (:func:`resample`, ``study.ESTIMATE_REFITS`` of them, seed
``study.ESTIMATE_REFIT_SEED``) draw the same number of records with replacement and fit as the estimator does.
:func:`stability_report` gives, per profile, the move between the two fits and the spread of every refit's median;
:func:`stability_by_n` summarises a grid of profiles per bucket of similar records.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from helpers import binning, data, licensing, paths, results_cache, schema, study
from helpers.analysis import prices

if TYPE_CHECKING:  # imported by fit() only: scikit-learn costs ~1.5 s of CPU to import, and answers read from a cache need none
    from sklearn.ensemble import HistGradientBoostingRegressor

QUANTILES: tuple[float, float, float] = (0.1, 0.5, 0.9)
#: Fit up to TRAIN_MAX_YEAR, score on TEST_YEAR; a profile's default year is the latest full one (study choices).
TRAIN_MAX_YEAR = study.TRAIN_MAX_YEAR
TEST_YEAR = study.TEST_YEAR
DEFAULT_YEAR = study.LATEST_FULL_YEAR
RANDOM_STATE = 0
#: A country is its own category when it has at least this many training records; else "other".
MIN_COUNTRY_N = 50
OTHER = "other"

CATEGORICAL: tuple[str, ...] = ("region", "location", "role_family", "company_size", "remote_ratio", "employment_type")
NUMERIC: tuple[str, ...] = ("grade_rank", "work_year")
FEATURES: tuple[str, ...] = NUMERIC + CATEGORICAL

#: Profile keys: required and optional with their defaults.
REQUIRED_KEYS: tuple[str, ...] = ("grade", "company_location")
DEFAULTS: dict[str, object] = {
    "role_family": study.ML_FAMILY, "company_size": "M", "remote_ratio": 0, "employment_type": "FT", "work_year": DEFAULT_YEAR,
}

_PARAMS = dict(max_iter=40, learning_rate=0.25, max_leaf_nodes=5, min_samples_leaf=20, l2_regularization=1.0,
               early_stopping=False, random_state=RANDOM_STATE)


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    return float(binning.weighted_quantile(values, weights, 0.5)[0])


# ---------------------------------------------------------------- the unit: constant base-year USD

#: The price index and base year of every amount the estimator fits, predicts and scores.
PRICE_INDEX = "cpi_u"
PRICE_BASE_YEAR = study.PRICE_BASE_YEAR
#: The curated tables every estimate is drawn from: the survey bins (fit, similar counts), the CPI-U restating pay
#: (official_statistics) and the countries' regions. Estimates carry them as provenance (:mod:`helpers.licensing`).
DRAWN_FROM: tuple[str, ...] = ("salary_bins", "official_statistics", "countries")


def unit() -> str:
    """The unit of the estimator's amounts: ``'constant 2024 USD (CPI-U)'`` (:func:`helpers.analysis.prices.label`)."""
    return prices.label(PRICE_INDEX, PRICE_BASE_YEAR)


def constant_usd(bins: pd.DataFrame) -> pd.DataFrame:
    """``bins`` (nominal USD, as curated) restated in constant base-year USD, row by row: ``sum_usd`` times the row's
    work-year factor (:func:`helpers.analysis.prices.deflator`), and ``bin`` with its edges re-indexed at the row's
    restated mean (each row's records lie within one 1% bin of it), so pooled years' quantiles are of restated pay.
    Rows of the base year are unchanged. A work year the index does not cover raises
    :class:`helpers.analysis.prices.MissingPriceIndex`."""
    factor = prices.deflator(PRICE_INDEX, PRICE_BASE_YEAR)
    years = bins["work_year"].astype(int)
    absent = sorted(set(years) - set(factor.index))
    if absent:
        raise prices.MissingPriceIndex(f"no {unit()} factor for work year(s) {absent}")
    f = years.map(factor).to_numpy(dtype="float64")
    out = bins.copy()
    out["sum_usd"] = bins["sum_usd"].to_numpy(dtype="float64") * f
    moved = (f != 1.0) & (bins["n"].to_numpy() > 0)
    if moved.any():
        idx = out["bin"].to_numpy(dtype="int64").copy()
        idx[moved] = binning.bin_index(out["sum_usd"].to_numpy()[moved] / out["n"].to_numpy()[moved])
        lower, upper = binning.bin_edges(idx)
        out["bin"] = idx.astype(out["bin"].dtype)
        out["bin_lower_usd"] = np.where(moved, lower, out["bin_lower_usd"]).astype(out["bin_lower_usd"].dtype)
        out["bin_upper_usd"] = np.where(moved, upper, out["bin_upper_usd"]).astype(out["bin_upper_usd"].dtype)
    return out


def truth(test: pd.DataFrame) -> np.ndarray:
    """Each row's mean salary in constant base-year USD (what a prediction for that row is scored against)."""
    c = constant_usd(test)
    return (c["sum_usd"] / c["n"]).to_numpy()


# ---------------------------------------------------------------- the model and the naive baseline

@dataclass
class SalaryModel:
    """Three fitted quantile models plus the category vocabularies they were fitted with."""

    models: dict[float, HistGradientBoostingRegressor]
    categories: dict[str, list]
    train_years: tuple[int, int]
    n_train: int

    @staticmethod
    def codes(values: pd.Series, vocabulary: list[str] | tuple[str, ...]) -> np.ndarray:
        """Position in ``vocabulary`` of each value, compared as text; NaN where it is not in it (missing included)."""
        pos = pd.Index(list(vocabulary), dtype=object).get_indexer(values.astype(str))
        return np.where(pos >= 0, pos, np.nan)

    def design(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Feature matrix: numeric columns as they are, categoricals as codes in the fitted vocabulary."""
        x = pd.DataFrame({"grade_rank": self.codes(frame["grade"], schema.GRADES),
                          "work_year": frame["work_year"].astype("float64").to_numpy()}, index=frame.index)
        for col in CATEGORICAL:  # unseen -> NaN (missing); a country without its own category is "other"
            x[col] = self.codes(frame["company_location" if col == "location" else col], self.categories[col])
        x["location"] = x["location"].fillna(float(self.categories["location"].index(OTHER)))
        return x[list(FEATURES)]

    def predict(self, frame: pd.DataFrame, margin: float = study.ESTIMATE_MARGIN) -> pd.DataFrame:
        """``low``, ``median``, ``high`` per row in constant base-year USD (:func:`unit`; quantile crossing removed
        by sorting the three): the calibrated range, low and high moved out by ``margin`` on the log scale (``margin=0``:
        the models' raw 10th and 90th percentiles)."""
        x = self.design(frame)
        with threadpool_limits(1):  # one thread: faster on small data, and bit-for-bit repeatable
            logs = np.column_stack([self.models[q].predict(x) for q in QUANTILES])
        logs.sort(axis=1)
        logs[:, 0] -= margin
        logs[:, 2] += margin
        return pd.DataFrame(np.exp(logs), index=frame.index, columns=["low", "median", "high"])


#: The salary_bins dimensions the estimator uses; rows are aggregated over any other dimension before fitting or scoring,
#: because the models' min_samples_leaf and the scores count rows (the sensitivity dimensions must not move them).
OWN_DIMS: tuple[str, ...] = ("work_year", "grade", "role_family", "company_location", "region", "company_size",
                             "remote_ratio", "employment_type", "bin")


def collapse(bins: pd.DataFrame) -> pd.DataFrame:
    """``bins`` summed over the dimensions the estimator does not use (n and sum_usd per own cell and bin), in the
    curation's row order (values sorted as text and numbers); unchanged when there are none."""
    if not set(bins.columns) - {*OWN_DIMS, "bin_lower_usd", "bin_upper_usd", "n", "sum_usd"}:
        return bins
    dims = list(OWN_DIMS)
    out = bins.groupby(dims, observed=True, sort=False, as_index=False).agg(
        bin_lower_usd=("bin_lower_usd", "first"), bin_upper_usd=("bin_upper_usd", "first"),
        n=("n", "sum"), sum_usd=("sum_usd", "sum"))
    key = {c: out[c].astype(str) if isinstance(out[c].dtype, pd.CategoricalDtype) else out[c] for c in dims}
    order = pd.DataFrame(key).sort_values(dims, kind="stable").index
    return out.loc[order].reset_index(drop=True)


def _categories(train: pd.DataFrame) -> dict[str, list]:
    counts = train.groupby("company_location", observed=True)["n"].sum()
    top = sorted(counts[counts >= MIN_COUNTRY_N].index.astype(str))
    return {
        "region": list(schema.REGIONS), "location": [*top, OTHER], "role_family": list(schema.ROLE_FAMILIES),
        "company_size": list(schema.COMPANY_SIZES), "remote_ratio": [str(r) for r in schema.REMOTE_RATIOS],
        "employment_type": list(schema.EMPLOYMENT_TYPES),
    }


def fit(bins: pd.DataFrame, max_year: int | None = None) -> SalaryModel:
    """Fit the three quantile models on ``bins`` rows (nominal, as curated) with ``work_year <= max_year`` (all rows
    if None), their targets restated in constant base-year USD (:func:`constant_usd`)."""
    bins = constant_usd(collapse(bins))
    train = bins if max_year is None else bins[bins["work_year"] <= max_year]
    train = train[train["n"] > 0]
    if train.empty:
        raise ValueError("no training rows")
    from sklearn.ensemble import HistGradientBoostingRegressor
    model = SalaryModel({}, _categories(train), (int(train["work_year"].min()), int(train["work_year"].max())), int(train["n"].sum()))
    x = model.design(train)
    y = np.log(train["sum_usd"] / train["n"]).to_numpy()
    w = train["n"].to_numpy(dtype="float64")
    cat_mask, monotone = [f in CATEGORICAL for f in FEATURES], [1 if f == "grade_rank" else 0 for f in FEATURES]
    with threadpool_limits(1):
        for q in QUANTILES:
            m = HistGradientBoostingRegressor(loss="quantile", quantile=q, categorical_features=cat_mask, monotonic_cst=monotone, **_PARAMS)
            model.models[q] = m.fit(x, y, sample_weight=w)
    return model


@dataclass
class Baseline:
    """The naive answer: grade x region p10/p50/p90 from the training years (grade alone if the cell is empty)."""

    cells: pd.DataFrame  # index (grade, region) -> low, median, high
    by_grade: pd.DataFrame  # index grade -> low, median, high

    def predict(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``low``, ``median``, ``high`` per row in constant base-year USD."""
        keys = pd.MultiIndex.from_arrays([frame["grade"].astype(str), frame["region"].astype(str)])
        out = self.cells.reindex(keys).set_axis(frame.index)
        fallback = self.by_grade.reindex(frame["grade"].astype(str)).set_axis(frame.index)
        return out.fillna(fallback)


def fit_baseline(bins: pd.DataFrame, max_year: int | None = None) -> Baseline:
    """Binned p10/p50/p90 per grade x region (and per grade) over ``work_year <= max_year``, in constant base-year USD
    (``bins`` nominal, as curated; restated row by row with :func:`constant_usd`)."""
    bins = constant_usd(collapse(bins))
    train = bins if max_year is None else bins[bins["work_year"] <= max_year]

    def table(keys: list[str]) -> pd.DataFrame:
        rows = {}
        for key, g in train.groupby(keys, observed=True):
            if g["n"].sum() > 0:
                k = tuple(str(v) for v in key) if len(keys) > 1 else str(key[0])
                rows[k] = binning.binned_quantile(g, np.array(QUANTILES))
        idx = pd.MultiIndex.from_tuples(list(rows), names=keys) if len(keys) > 1 else pd.Index(list(rows), name=keys[0])
        return pd.DataFrame(list(rows.values()), index=idx, columns=["low", "median", "high"])

    return Baseline(table(["grade", "region"]), table(["grade"]))


# ---------------------------------------------------------------- held-out scores

def score(pred: pd.DataFrame, test: pd.DataFrame) -> dict[str, float]:
    """Record-weighted coverage of the low-high range (``coverage_80``) and median absolute % error of the median;
    ``test`` rows are nominal (as curated) and scored in constant base-year USD (:func:`truth`), the predictions' unit."""
    y = truth(test)
    w = test["n"].to_numpy(dtype="float64")
    inside = (pred["low"].to_numpy() <= y) & (y <= pred["high"].to_numpy())
    abs_log = np.abs(np.log(y) - np.log(pred["median"].to_numpy()))
    return {
        "coverage_80": float(np.sum(w * inside) / np.sum(w)),
        "median_abs_pct_error": float(np.expm1(_weighted_median(abs_log, w)) * 100),
        "median_range_width_pct": float(_weighted_median(pred["high"].to_numpy() / pred["low"].to_numpy() - 1, w) * 100),
        "n_test": int(w.sum()),
    }


def evaluate(bins: pd.DataFrame, train_max_year: int = TRAIN_MAX_YEAR, test_year: int = TEST_YEAR,
             model: SalaryModel | None = None, baseline: Baseline | None = None) -> pd.DataFrame:
    """Forward-in-time evaluation table: the model (calibrated range), the naive baseline, the model before calibration.

    Both are fitted on ``work_year <= train_max_year`` unless passed in already fitted (they must have been
    fitted on years before ``test_year``) and scored on ``test_year``.
    """
    bins = collapse(bins)
    test = bins[(bins["work_year"] == test_year) & (bins["n"] > 0)]
    if test.empty:
        raise ValueError(f"no records in test year {test_year}")
    model = model or fit(bins, train_max_year)
    if model.train_years[1] >= test_year:
        raise ValueError(f"the model was fitted on work years up to {model.train_years[1]}: not a held-out test of {test_year}")
    base = baseline or fit_baseline(bins, train_max_year)
    rows = {
        "gradient-boosted quantiles": score(model.predict(test), test),
        "naive grade x region quantiles": score(base.predict(test), test),
        "gradient-boosted quantiles, before calibration": score(model.predict(test, margin=0.0), test),
    }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "method"
    out["n_train"] = model.n_train
    return out


def evaluate_by(bins: pd.DataFrame, by: str, model: SalaryModel, baseline: Baseline, test_year: int = TEST_YEAR) -> pd.DataFrame:
    """Held-out coverage and median % error per value of ``by`` (e.g. grade, region) for model and baseline."""
    bins = collapse(bins)
    test = bins[(bins["work_year"] == test_year) & (bins["n"] > 0)]
    pm, pb = model.predict(test), baseline.predict(test)
    rows = []
    for key, idx in test.groupby(by, observed=True, sort=True).groups.items():
        sm, sb = score(pm.loc[idx], test.loc[idx]), score(pb.loc[idx], test.loc[idx])
        rows.append({by: key, "n_test": sm["n_test"], "coverage_model": sm["coverage_80"], "coverage_baseline": sb["coverage_80"],
                     "error_pct_model": sm["median_abs_pct_error"], "error_pct_baseline": sb["median_abs_pct_error"]})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- answers for profiles

def _validate(profile: dict) -> dict:
    if not isinstance(profile, dict):
        raise ValueError(f"profile must be a dict, got {type(profile).__name__}")
    if unknown := sorted(set(profile) - set(REQUIRED_KEYS) - set(DEFAULTS)):
        raise ValueError(f"unknown profile key(s) {unknown}; allowed: {', '.join((*REQUIRED_KEYS, *DEFAULTS))}")
    if missing := [k for k in REQUIRED_KEYS if k not in profile]:
        raise ValueError(f"profile needs {missing} (grade one of {list(schema.GRADES)}, company_location an ISO alpha-2 code)")
    p = {**DEFAULTS, **profile}
    allowed = {
        "grade": list(schema.GRADES), "role_family": list(schema.ROLE_FAMILIES), "company_size": list(schema.COMPANY_SIZES),
        "remote_ratio": list(schema.REMOTE_RATIOS), "employment_type": list(schema.EMPLOYMENT_TYPES),
    }
    for key, values in allowed.items():
        if p[key] not in values:
            raise ValueError(f"{key}={p[key]!r} is not one of {values}")
    region_of = _region_of()
    if p["company_location"] not in region_of:
        raise ValueError(f"company_location={p['company_location']!r}: no survey record has this country code "
                         "(ISO alpha-2, e.g. 'US', 'DE')")
    first = study.TREND_YEARS[0]
    if not isinstance(p["work_year"], int | np.integer) or not first <= int(p["work_year"]) <= DEFAULT_YEAR + 1:
        raise ValueError(f"work_year={p['work_year']!r} must be a whole year from {first} to {DEFAULT_YEAR + 1}")
    p["region"] = region_of[p["company_location"]]
    return p


@cache
def _region_of() -> dict[str, str]:
    countries = data.load("countries")
    return dict(zip(countries["country_code"].astype(str), countries["region"].astype(str), strict=True))


@cache
def _bins() -> pd.DataFrame:
    return collapse(data.salary_bins())


#: Curated files a fit reads besides its bins (the price index restating pay; the package's dtypes).
FIT_INPUTS = ("official_statistics.csv", "datapackage.json")


def fit_kept(bins: pd.DataFrame, max_year: int | None = None) -> SalaryModel:
    """:func:`fit`, kept between processes (:mod:`helpers.results_cache`) by ``bins`` (collapsed), ``max_year`` and
    the fingerprint of :data:`FIT_INPUTS`, code and versions."""
    data.drawn_on("official_statistics")  # the CPI-U behind every fit, read or not (a kept fit reads nothing)
    return _fit_kept(collapse(bins), max_year, results_cache.fingerprint([paths.CURATED / name for name in FIT_INPUTS]))


@results_cache.kept
def _fit_kept(bins: pd.DataFrame, max_year: int | None, fingerprint: str) -> SalaryModel:
    return fit(bins, max_year)


@cache
def fitted(max_year: int | None = None) -> SalaryModel:
    """``fit`` on the curated ``salary_bins`` up to ``max_year`` (all years if None), cached per process and between
    processes (:func:`fit_kept`)."""
    return fit_kept(_bins(), max_year)


def default_model() -> SalaryModel:
    """The model behind ``estimate``: fitted on every work year of the curated data (cached)."""
    return fitted(None)


SIMILAR_KEYS: tuple[str, ...] = ("grade", "role_family", "company_location")


def similar_counts(bins: pd.DataFrame, frame: pd.DataFrame) -> np.ndarray:
    """The similar records (``n_similar``: same grade, role family and company country) of every row of ``frame``, counted in
    ``bins``."""
    counts = bins.groupby(list(SIMILAR_KEYS), observed=True)["n"].sum()
    counts.index = pd.MultiIndex.from_tuples([tuple(str(v) for v in k) for k in counts.index])
    keys = pd.MultiIndex.from_arrays([frame[k].astype(str) for k in SIMILAR_KEYS])
    return counts.reindex(keys).fillna(0).to_numpy(dtype="int64")


# ---------------------------------------------------------------- the thin-profile rule

#: An answer's status: enough similar records; few (flagged, range widened); too few (no number).
OK, THIN, DECLINED = "ok", "thin", "declined"


def status_of(n: int, thin_n: int = study.ESTIMATE_THIN_N, min_n: int = study.ESTIMATE_MIN_N) -> str:
    """``"ok"`` from ``thin_n`` similar records, ``"thin"`` from ``min_n``, else ``"declined"``."""
    return OK if n >= thin_n else THIN if n >= min_n else DECLINED


def widen(median: np.ndarray, low: np.ndarray, high: np.ndarray, factor: float = study.ESTIMATE_WIDEN) -> tuple[np.ndarray, np.ndarray]:
    """``low`` and ``high`` moved ``factor`` times as far from ``median`` on the log scale (contains the narrow range)."""
    median, low, high = (np.asarray(v, dtype="float64") for v in (median, low, high))
    return median * (low / median) ** factor, median * (high / median) ** factor


def reason(status: str, n: int) -> str:
    """Why an answer has its status, in one sentence a reader can act on."""
    records = f"{n:,} survey record{'' if n == 1 else 's'} with this grade, role family and company country"
    if status == OK:
        return f"{records}: at least {study.ESTIMATE_THIN_N}, a well-sampled profile."
    if status == THIN:
        return (f"Thin: only {records} (fewer than {study.ESTIMATE_THIN_N}); the answer leans on other countries and roles, "
                f"so its range is widened ×{study.ESTIMATE_WIDEN:.2f} (on the log scale), as measured on held-out years.")
    return (f"Declined: only {records} (fewer than {study.ESTIMATE_MIN_N}). Below that the model's answer is measurably "
            "less accurate on held-out years and moves between refits; see the region's median instead.")


def judge(pred: pd.DataFrame, n: np.ndarray | pd.Series, thin_n: int = study.ESTIMATE_THIN_N,
          min_n: int = study.ESTIMATE_MIN_N, factor: float = study.ESTIMATE_WIDEN) -> pd.DataFrame:
    """The rule applied to ``SalaryModel.predict`` rows with their similar-record counts ``n``.

    Columns: ``median``, ``low``, ``high`` (the answer: the range widened where thin; NaN where declined, and only
    there), ``model_low``, ``model_high`` (the model's calibrated range before widening; NaN where declined), ``n_similar``, ``status``.
    """
    n = np.asarray(n, dtype="int64")
    status = np.array([status_of(int(k), thin_n, min_n) for k in n], dtype=object)
    lo, hi = widen(pred["median"], pred["low"], pred["high"], factor)
    thin, gone = status == THIN, status == DECLINED
    out = pd.DataFrame({"median": pred["median"], "low": np.where(thin, lo, pred["low"]),
                        "high": np.where(thin, hi, pred["high"]), "model_low": pred["low"], "model_high": pred["high"]},
                       index=pred.index)
    out.loc[gone] = np.nan
    out["n_similar"], out["status"] = n, status
    return out


# ---------------------------------------------------------------- one answer, or many

def estimate_many(profiles: list[dict], model: SalaryModel | None = None) -> pd.DataFrame:
    """``estimate`` for several profiles at once (one prediction call), one row per profile in the given order: the
    profiles' fields, then ``median``, ``low``, ``high``, ``model_low``, ``model_high``, ``n_similar``, ``status``,
    ``reason`` (:func:`judge`; the numbers are NaN on declined rows only, whose ``status`` says so)."""
    rows = pd.DataFrame([_validate(p) for p in profiles])
    if rows.empty:
        raise ValueError("no profiles given")
    model = model or default_model()
    out = judge(model.predict(rows), similar_counts(_bins(), rows))
    out["reason"] = [reason(s, int(k)) for s, k in zip(out["status"], out["n_similar"], strict=True)]
    return licensing.tag(pd.concat([rows, out], axis=1), *DRAWN_FROM)


def estimate(profile: dict, model: SalaryModel | None = None) -> dict:
    """Expected pay for a profile, with the n behind it and whether it can be given.

    ``profile`` needs ``grade`` and ``company_location``; ``role_family``, ``company_size``, ``remote_ratio``,
    ``employment_type`` and ``work_year`` default to ``DEFAULTS``. Raises ``ValueError`` on a bad profile.

    Returns ``median`` and the range ``low``-``high`` (:func:`unit`, per year; calibrated to hold
    ``study.ESTIMATE_LEVEL`` of held-out pay, widened when thin), ``model_low``-``model_high`` (the calibrated range
    before widening), ``n_similar`` (survey records with the same grade, role family and company country, all work years:
    the evidence about this profile itself; the rest is borrowed from other countries and roles), ``status``
    (``"ok"``, ``"thin"``: range widened, or ``"declined"``: every number is None) and ``reason`` (why, in words).
    """
    r = estimate_many([profile], model).iloc[0]
    numbers = ("median", "low", "high", "model_low", "model_high")
    gone = r["status"] == DECLINED
    return {**{k: None if gone else float(r[k]) for k in numbers}, "n_similar": int(r["n_similar"]),
            "status": str(r["status"]), "reason": str(r["reason"])}


# ---------------------------------------------------------------- the measurements behind the rule

#: The estimator's inputs that tell one held-out profile from another (the work year is the test year's, one value).
PROFILE_COLUMNS: tuple[str, ...] = ("grade", "role_family", "company_location", "company_size", "remote_ratio",
                                    "employment_type")
#: The widening factors tried by :func:`calibrate`.
STEP, MAX_FACTOR = 0.05, 3.0


def bucket_labels(edges: tuple[int, ...] = study.ESTIMATE_N_EDGES) -> list[str]:
    """``(0, 1, 5, 10)`` -> ``["0", "1–4", "5–9", "10+"]``."""
    out = []
    for lo, hi in zip(edges, [*edges[1:], None], strict=True):
        out.append(f"{lo}+" if hi is None else str(lo) if hi == lo + 1 else f"{lo}–{hi - 1}")
    return out


def scored(bins: pd.DataFrame, train_max_year: int, test_year: int, model: SalaryModel | None = None,
           baseline: Baseline | None = None, margin: float = study.ESTIMATE_MARGIN) -> pd.DataFrame:
    """The test year's rows (``n > 0``) with what each method said and the truth: ``y`` (the row's mean salary in
    constant base-year USD, the predictions' unit: :func:`truth`),
    ``n`` (its records), ``n_similar`` (counted in the training years), the model's ``median``, ``low``, ``high``,
    the baseline's ``base_median``, ``base_low``, ``base_high``, the rule's ``status`` and the profile columns
    (:data:`PROFILE_COLUMNS`). The model's range is moved out by ``margin`` on the
    log scale (0: its raw 10th-90th percentiles)."""
    bins = collapse(bins)
    train = bins[bins["work_year"] <= train_max_year]
    test = bins[(bins["work_year"] == test_year) & (bins["n"] > 0)]
    model = model or fit_kept(bins, train_max_year)  # the same fit, kept between processes
    baseline = baseline or fit_baseline(bins, train_max_year)
    if model.train_years[1] >= test_year:
        raise ValueError(f"the model was fitted on work years up to {model.train_years[1]}: not a held-out test of {test_year}")
    out = test[["grade", "region", "company_location", "role_family", "company_size", "remote_ratio", "employment_type"]].copy()
    out["y"], out["n"] = truth(test), test["n"].to_numpy()
    out["n_similar"] = similar_counts(train, test)
    out = pd.concat([out, model.predict(test, margin), baseline.predict(test).add_prefix("base_")], axis=1)
    out["status"] = [status_of(int(k)) for k in out["n_similar"]]
    return out


def _profiles(s: pd.DataFrame) -> int:
    return int(s.groupby(list(PROFILE_COLUMNS), observed=True, sort=False).ngroups) if len(s) else 0


def _stated(s: pd.DataFrame, low: pd.Series | np.ndarray, high: pd.Series | np.ndarray) -> float:
    """:func:`_share_inside`, or NaN when ``s`` holds fewer than ``study.ESTIMATE_MIN_PROFILES`` distinct profiles."""
    return _share_inside(s, low, high) if _profiles(s) >= study.ESTIMATE_MIN_PROFILES else float("nan")


def _share_inside(s: pd.DataFrame, low: pd.Series | np.ndarray, high: pd.Series | np.ndarray) -> float:
    inside = (np.asarray(low) <= s["y"].to_numpy()) & (s["y"].to_numpy() <= np.asarray(high))
    return float(np.sum(s["n"].to_numpy() * inside) / s["n"].sum())


def _error_pct(s: pd.DataFrame, median: str) -> float:
    err = np.abs(np.log(s["y"].to_numpy() / s[median].to_numpy()))
    return float(np.expm1(binning.weighted_quantile(err, s["n"].to_numpy(), 0.5)[0]) * 100)


def _widened(s: pd.DataFrame, factor: float) -> tuple[np.ndarray, np.ndarray]:
    return widen(s["median"], s["low"], s["high"], factor)


def accuracy_by_n(s: pd.DataFrame, edges: tuple[int, ...] = study.ESTIMATE_N_EDGES) -> pd.DataFrame:
    """Per bucket of similar records (a :func:`scored` table): test records, distinct profiles, coverage of the
    model's range (NaN under ``study.ESTIMATE_MIN_PROFILES`` profiles), median % error of the model's and of the naive
    median."""
    cut = pd.cut(s["n_similar"], [*edges, np.inf], right=False, labels=bucket_labels(edges))
    rows = []
    for label, g in s.groupby(cut, observed=True, sort=True):
        rows.append({"similar_records": str(label), "n_test": int(g["n"].sum()), "profiles": _profiles(g),
                     "coverage_model": _stated(g, g["low"], g["high"]),
                     "error_pct_model": _error_pct(g, "median"), "error_pct_baseline": _error_pct(g, "base_median")})
    return pd.DataFrame(rows)


def calibrate(s: pd.DataFrame) -> dict[str, float]:
    """The widening factor on a :func:`scored` calibration fold: the smallest factor (steps of ``STEP``) at which the
    thin rows' coverage reaches the ok rows'. Returns ``factor``, ``target`` (ok coverage), ``thin_before``,
    ``thin_after``, the records behind them, ``n_ok`` and ``n_thin``, and their distinct profiles, ``profiles_ok`` and
    ``profiles_thin``."""
    ok, thin = s[s["status"] == OK], s[s["status"] == THIN]
    if ok.empty or thin.empty:
        raise ValueError("the calibration fold needs both ok and thin rows")
    target = _share_inside(ok, ok["low"], ok["high"])
    factors = np.round(np.arange(1.0, MAX_FACTOR + STEP / 2, STEP), 2)
    factor = next((float(f) for f in factors if _share_inside(thin, *_widened(thin, f)) >= target), float(factors[-1]))
    return {"factor": factor, "target": target, "thin_before": _share_inside(thin, thin["low"], thin["high"]),
            "thin_after": _share_inside(thin, *_widened(thin, factor)), "n_ok": int(ok["n"].sum()), "n_thin": int(thin["n"].sum()),
            "profiles_ok": _profiles(ok), "profiles_thin": _profiles(thin)}


def rule_effect(s: pd.DataFrame, factor: float = study.ESTIMATE_WIDEN) -> pd.DataFrame:
    """The rule on a :func:`scored` test year, one row per group of records: every record with the model's range (as
    before the rule), each status, thin widened, and every answered (ok or thin) record under the rule. Columns:
    ``group``, ``n_test``, ``share_pct`` (of the test year's records), ``profiles`` (distinct), ``coverage`` (NaN
    under ``study.ESTIMATE_MIN_PROFILES`` profiles), ``error_pct``."""
    lo, hi = _widened(s, factor)
    thin = (s["status"] == THIN).to_numpy()
    s = s.assign(rule_low=np.where(thin, lo, s["low"]), rule_high=np.where(thin, hi, s["high"]))
    total = s["n"].sum()
    groups = [("every record, the model's range (no rule)", s, "low", "high"),
              (f"ok: {study.ESTIMATE_THIN_N}+ similar records", s[s["status"] == OK], "low", "high"),
              (f"thin: {study.ESTIMATE_MIN_N}–{study.ESTIMATE_THIN_N - 1}, the model's range", s[thin], "low", "high"),
              (f"thin: {study.ESTIMATE_MIN_N}–{study.ESTIMATE_THIN_N - 1}, widened ×{factor:.2f}", s[thin], "rule_low", "rule_high"),
              (f"declined: under {study.ESTIMATE_MIN_N} (no answer given)", s[s["status"] == DECLINED], "low", "high"),
              ("answered under the rule (ok and widened thin)", s[s["status"] != DECLINED], "rule_low", "rule_high")]
    rows = []
    for name, g, low, high in groups:
        rows.append({"group": name, "n_test": int(g["n"].sum()), "share_pct": float(g["n"].sum() / total * 100),
                     "profiles": _profiles(g), "coverage": _stated(g, g[low], g[high]) if len(g) else np.nan,
                     "error_pct": _error_pct(g, "median") if len(g) else np.nan})
    return pd.DataFrame(rows)


def coverage_by(s: pd.DataFrame, by: str, factor: float = study.ESTIMATE_WIDEN) -> pd.DataFrame:
    """Per value of ``by`` (grade, region) on a :func:`scored` test year: test records, the share declined, the
    model's coverage on every record (no rule) and on the records answered under the rule (thin widened), each NaN
    under ``study.ESTIMATE_MIN_PROFILES`` distinct profiles (``profiles``, ``profiles_answered``)."""
    lo, hi = _widened(s, factor)
    thin = (s["status"] == THIN).to_numpy()
    s = s.assign(rule_low=np.where(thin, lo, s["low"]), rule_high=np.where(thin, hi, s["high"]))
    rows = []
    for key, g in s.groupby(by, observed=True, sort=True):
        kept = g[g["status"] != DECLINED]
        rows.append({by: key, "n_test": int(g["n"].sum()), "declined_pct": float(100 - kept["n"].sum() / g["n"].sum() * 100),
                     "profiles": _profiles(g), "coverage_model": _stated(g, g["low"], g["high"]),
                     "profiles_answered": _profiles(kept),
                     "coverage_rule": _stated(kept, kept["rule_low"], kept["rule_high"]) if len(kept) else np.nan})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- calibration and held-out coverage, with intervals

#: The row of :func:`held_out` and :func:`gains` over every region.
ALL = "all"
#: Groups of records in :func:`held_out` besides the statuses: every record with the calibrated range; answered under the rule.
EVERY, ANSWERED = "every record", "answered"
_CHUNK = 100


def profile_ids(s: pd.DataFrame) -> np.ndarray:
    """A code per row of ``s``: rows with the same :data:`PROFILE_COLUMNS` share it (0 .. profiles - 1)."""
    return s.groupby(list(PROFILE_COLUMNS), observed=True, sort=True).ngroup().to_numpy()


def rng_for(name: str, *arrays: np.ndarray) -> np.random.Generator:
    """A random stream that follows from ``name`` and the bytes of ``arrays`` (the statistic and its data)."""
    h = hashlib.sha256(name.encode())
    for a in arrays:
        h.update(np.ascontiguousarray(np.asarray(a, dtype="float64")).tobytes())
    return np.random.default_rng(int.from_bytes(h.digest()[:8], "little"))


def _draws(rng: np.random.Generator, k: int, n_boot: int) -> np.ndarray:
    """``n_boot`` x ``k`` multiplicities: each row a resample of ``k`` profiles with replacement."""
    return rng.multinomial(k, np.full(k, 1.0 / k), size=n_boot)


def _ci(reps: np.ndarray) -> tuple[float, float]:
    a = (1 - study.CI_LEVEL) / 2
    lo, hi = np.quantile(reps, [a, 1 - a])
    return float(lo), float(hi)


def conformity_scores(s: pd.DataFrame) -> np.ndarray:
    """Each row's conformity score: log distance outside its ``low``-``high`` range (negative inside)."""
    y = s["y"].to_numpy()
    return np.maximum(np.log(s["low"].to_numpy() / y), np.log(y / s["high"].to_numpy()))


def conformal_margin(s: pd.DataFrame, level: float = study.ESTIMATE_LEVEL) -> dict[str, float]:
    """The split-conformal margin on a scored fold whose ``low``-``high`` are the model's raw range (scored with
    ``margin=0``). Returns ``margin`` (the ``level`` quantile of :func:`conformity_scores` over records, at the corrected level
    ``ceil((n + 1) level) / n``), ``rounded`` (rounded up to 0.001, as ``study.ESTIMATE_MARGIN`` states it),
    ``raw_coverage`` and ``calibrated_coverage`` (with ``rounded``) on the fold, ``n`` records and ``profiles``."""
    w = s["n"].to_numpy(dtype="float64")
    n = float(w.sum())
    q = min(1.0, math.ceil((n + 1) * level) / n)
    margin = float(binning.weighted_quantile(conformity_scores(s), w, q)[0])
    rounded = math.ceil(round(margin * 1000, 6)) / 1000
    e = conformity_scores(s)
    return {"margin": margin, "rounded": rounded, "raw_coverage": float(np.sum(w * (e <= 0)) / n),
            "calibrated_coverage": float(np.sum(w * (e <= rounded)) / n), "n": int(n),
            "profiles": int(profile_ids(s).max() + 1)}


def coverage(s: pd.DataFrame, low: np.ndarray, high: np.ndarray, name: str,
             n_boot: int = study.N_BOOT) -> dict[str, float]:
    """Share of ``s``'s records (weights ``n``) whose ``y`` lies in ``low``-``high``, with a 95% cluster-bootstrap
    interval over distinct profiles. ``coverage``, ``lo``, ``hi`` are NaN under ``study.ESTIMATE_MIN_PROFILES``
    profiles; ``records`` and ``profiles`` are always given."""
    out = {"records": int(s["n"].sum()), "profiles": 0, "coverage": np.nan, "lo": np.nan, "hi": np.nan}
    if s.empty:
        return out
    ids = profile_ids(s)
    k = int(ids.max() + 1)
    y, w = s["y"].to_numpy(), s["n"].to_numpy(dtype="float64")
    inside = (np.asarray(low) <= y) & (y <= np.asarray(high))
    a, b = np.bincount(ids, w * inside, k), np.bincount(ids, w, k)
    out["profiles"] = k
    if k < study.ESTIMATE_MIN_PROFILES:
        return out
    draws = _draws(rng_for("estimator coverage " + name, y, w, inside), k, n_boot)
    out["coverage"] = float(a.sum() / b.sum())
    out["lo"], out["hi"] = _ci(draws @ a / (draws @ b))
    return out


def _regions(s: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    return [(ALL, s)] + [(r, s[(s["region"] == r).to_numpy()]) for r in schema.REGIONS]


def held_out(s: pd.DataFrame, factor: float = study.ESTIMATE_WIDEN, n_boot: int = study.N_BOOT) -> pd.DataFrame:
    """Coverage on a scored test year (:func:`scored`, calibrated ranges) with 95%
    intervals: every record with the calibrated range, per region; the records answered under the thin-profile rule
    (thin ranges widened ``factor`` times), per region; and the ok and thin answers. Index (``group``, ``region``:
    :data:`ALL` or a region); columns ``records``, ``profiles``, ``coverage``, ``lo``, ``hi``."""
    lo, hi = widen(s["median"], s["low"], s["high"], factor)
    thin = (s["status"] == THIN).to_numpy()
    s = s.assign(rule_low=np.where(thin, lo, s["low"]), rule_high=np.where(thin, hi, s["high"]))
    kept = s[(s["status"] != DECLINED).to_numpy()]
    rows = {}
    for region, g in _regions(s):
        rows[(EVERY, region)] = coverage(g, g["low"].to_numpy(), g["high"].to_numpy(), f"{EVERY} {region}", n_boot)
    for region, g in _regions(kept):
        rows[(ANSWERED, region)] = coverage(g, g["rule_low"].to_numpy(), g["rule_high"].to_numpy(), f"{ANSWERED} {region}", n_boot)
    for status in (OK, THIN):
        g = s[(s["status"] == status).to_numpy()]
        rows[(status, ALL)] = coverage(g, g["rule_low"].to_numpy(), g["rule_high"].to_numpy(), f"{status} {ALL}", n_boot)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index = pd.MultiIndex.from_tuples(out.index, names=["group", "region"])
    return out


def _median_errors(err: np.ndarray, w: np.ndarray, ids: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """The weighted (inverted-CDF) median of ``err`` under each row of ``draws`` (profile multiplicities)."""
    order = np.argsort(err, kind="stable")
    e, wo, io = err[order], w[order], ids[order]
    out = []
    for start in range(0, len(draws), _CHUNK):
        cum = np.cumsum(draws[start:start + _CHUNK][:, io] * wo, axis=1)
        out.append(e[np.argmax(cum >= 0.5 * cum[:, -1:], axis=1)])
    return np.concatenate(out)


def gain(s: pd.DataFrame, name: str, n_boot: int = study.N_BOOT) -> dict[str, float]:
    """Median % error of the naive answer (``base_median``) and of the model's (``median``) on ``s``'s records, and
    the gain (naive minus model, percentage points; positive: the model is better) with a 95% paired cluster-bootstrap
    interval over distinct profiles."""
    ids = profile_ids(s)
    k = int(ids.max() + 1)
    y, w = s["y"].to_numpy(), s["n"].to_numpy(dtype="float64")
    errs = {m: np.abs(np.log(y / s[col].to_numpy())) for m, col in (("model", "median"), ("naive", "base_median"))}
    pct = {m: float(np.expm1(binning.weighted_quantile(e, w, 0.5)[0]) * 100) for m, e in errs.items()}
    draws = _draws(rng_for("estimator gain " + name, y, w, errs["model"], errs["naive"]), k, n_boot)
    reps = {m: np.expm1(_median_errors(e, w, ids, draws)) * 100 for m, e in errs.items()}
    lo, hi = _ci(reps["naive"] - reps["model"])
    return {"records": int(w.sum()), "profiles": k, "error_model": pct["model"], "error_naive": pct["naive"],
            "gain": pct["naive"] - pct["model"], "lo": lo, "hi": hi}


def gains(s: pd.DataFrame, n_boot: int = study.N_BOOT) -> pd.DataFrame:
    """:func:`gain` on every record of a scored test year and per region (index ``region``: :data:`ALL` first)."""
    out = pd.DataFrame.from_dict({r: gain(g, r, n_boot) for r, g in _regions(s)}, orient="index")
    out.index.name = "region"
    return out


@cache
def measured() -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`held_out` and :func:`gains` of the curated data's test fold (the estimator fitted up to
    ``study.TRAIN_MAX_YEAR``, scored on ``study.TEST_YEAR``), computed once per process."""
    s = scored(data.salary_bins(), study.TRAIN_MAX_YEAR, study.TEST_YEAR)
    return held_out(s), gains(s)


# ---------------------------------------------------------------- stability: refits on records and on bootstrap resamples

#: Name of the estimator's own fit and of the fit on records among the refits.
BINS, RECORDS = "bins", "records"


def as_records(bins: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct survey record, the estimator's columns only (``n`` = 1). Each record is at the mean salary
    of its own row of ``bins`` before any collapsing (the finest cell and 1% bin it shares), the nearest to its own
    salary the curated tables allow."""
    cols = [*OWN_DIMS, "bin_lower_usd", "bin_upper_usd", "n", "sum_usd"]
    b = bins.loc[bins["n"] > 0, cols]
    out = b.loc[b.index.repeat(b["n"].to_numpy())].reset_index(drop=True)
    out["sum_usd"] = out["sum_usd"] / out["n"]
    out["n"] = 1
    return out


def resample(bins: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A bootstrap resample of the records in ``bins``: as many records drawn with replacement, kept as bins rows
    (``n`` = times drawn, ``sum_usd`` = that many times the row's mean); rows never drawn are left out."""
    b = collapse(bins)
    b = b[b["n"] > 0]
    n = b["n"].to_numpy(dtype="int64")
    drawn = rng.multinomial(int(n.sum()), n / n.sum())
    out = b.assign(sum_usd=b["sum_usd"] / n * drawn, n=drawn)
    return out[out["n"] > 0].reset_index(drop=True)


def refit_medians(bins: pd.DataFrame, frame: pd.DataFrame, n_boot: int = study.ESTIMATE_REFITS,
                  seed: int = study.ESTIMATE_REFIT_SEED, model: SalaryModel | None = None) -> pd.DataFrame:
    """The predicted median of every row of ``frame`` (profiles with the estimator's columns, e.g. from
    :func:`estimate_many`) under each fit: ``bins`` (the estimator's: ``model`` when it
    is already fitted on ``bins``, e.g. :func:`default_model`), ``records``, and ``bootstrap 1`` ..
    ``bootstrap n_boot``. The refits' medians are computed once per set of inputs and code (:func:`refits`)."""
    own = (model or fit_kept(bins)).predict(frame)["median"]
    medians = {BINS: own, **{name: pd.Series(v, index=frame.index) for name, v in refits(bins, frame, n_boot, seed).items()}}
    return pd.DataFrame(medians, index=frame.index)


#: The columns of a profile a prediction reads (:meth:`SalaryModel.design`).
PREDICTION_COLUMNS: tuple[str, ...] = ("grade", "work_year", "company_location",
                                    *(c for c in CATEGORICAL if c != "location"))


def refits(bins: pd.DataFrame, frame: pd.DataFrame, n_boot: int, seed: int) -> dict[str, list[float]]:
    """The medians of :func:`refit_medians` other than the estimator's own (``records``, ``bootstrap 1`` ..), per row
    of ``frame``: kept between processes (:mod:`helpers.results_cache`) by ``bins``, ``frame``'s
    :data:`PREDICTION_COLUMNS`, ``n_boot``, ``seed`` and the fingerprint of :data:`FIT_INPUTS`, code and versions."""
    return _refits(bins, frame[list(PREDICTION_COLUMNS)], n_boot, seed,
                   results_cache.fingerprint([paths.CURATED / name for name in FIT_INPUTS]))


@results_cache.kept
def _refits(bins: pd.DataFrame, frame: pd.DataFrame, n_boot: int, seed: int, fingerprint: str) -> dict[str, list[float]]:
    collapsed = collapse(bins)
    fits = {RECORDS: fit(as_records(bins))}
    rng = np.random.default_rng(seed)
    for i in range(n_boot):
        fits[f"bootstrap {i + 1}"] = fit(resample(collapsed, rng))
    return {name: m.predict(frame)["median"].tolist() for name, m in fits.items()}


def stability_report(answers: pd.DataFrame, medians: pd.DataFrame) -> pd.DataFrame:
    """Per profile (``answers`` from ``estimate_many``, ``medians`` from :func:`refit_medians` on the same rows):
    ``n_similar``, ``status``, ``median`` (the answer: NaN where declined), ``model_median`` (the model's median
    whatever the status), ``records_move_pct`` (fit on records ÷ fit on bins − 1, in %), ``refit_low`` and
    ``refit_high`` (lowest and highest median over every refit) and ``spread_pct`` (their distance, in % of
    ``model_median``)."""
    model = medians[BINS]
    out = pd.DataFrame({"n_similar": answers["n_similar"], "status": answers["status"], "median": answers["median"],
                        "model_median": model, "records_move_pct": (medians[RECORDS] / model - 1) * 100,
                        "refit_low": medians.min(axis=1), "refit_high": medians.max(axis=1)}, index=answers.index)
    out["spread_pct"] = (out["refit_high"] - out["refit_low"]) / model * 100
    return out


def profile_grid(countries: list[str], region_of: dict[str, str]) -> list[dict]:
    """Every grade × company country × role family, the other profile keys at their defaults."""
    return [{"grade": g, "company_location": c, "role_family": f} for g in schema.GRADES for c in countries
            if c in region_of for f in schema.ROLE_FAMILIES]


def stability_by_n(rep: pd.DataFrame, edges: tuple[int, ...] = study.ESTIMATE_N_EDGES) -> pd.DataFrame:
    """Per bucket of similar records (a :func:`stability_report` over many profiles): profiles, the median absolute move between
    fitting on records and on bins, and the median spread of the refits (both in % of the model's median)."""
    cut = pd.cut(rep["n_similar"], [*edges, np.inf], right=False, labels=bucket_labels(edges))
    rows = []
    for label, g in rep.groupby(cut, observed=True, sort=True):
        rows.append({"similar_records": str(label), "profiles": len(g),
                     "records_move_pct": float(g["records_move_pct"].abs().median()), "spread_pct": float(g["spread_pct"].median())})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- display

def readable(table: pd.DataFrame) -> pd.DataFrame:
    """A table of :func:`evaluate`, :func:`evaluate_by`, :func:`accuracy_by_n`, :func:`rule_effect`,
    :func:`coverage_by`, :func:`held_out` or :func:`gains` with shares as rounded percentages, points and % rounded to
    0.1, and plain column names (for display); a coverage under its interval's ``lo``-``hi`` in %, a gain's ``lo``-``hi``
    in points."""
    names = {"coverage_80": "coverage of the range (%)", "median_abs_pct_error": "median abs. error of median (%)",
             "median_range_width_pct": "median range width (% of low)", "coverage_model": "coverage, model (%)",
             "coverage_baseline": "coverage, naive (%)", "error_pct_model": "median abs. error, model (%)",
             "error_pct_baseline": "median abs. error, naive (%)", "n_test": "n test", "n_train": "n train",
             "coverage": "coverage of the range (%)", "coverage_rule": "coverage, under the rule (%)", "declined_pct": "declined (%)",
             "error_pct": "median abs. error of median (%)", "share_pct": "share of the test year (%)",
             "similar_records": "similar records in the training years (n)", "group": "records of the test year",
             "profiles": "distinct profiles (n)", "profiles_answered": "distinct profiles answered (n)",
             "records": "records (n)", "region": "Region",
             "error_model": "median abs. error, model (%)", "error_naive": "median abs. error, naive (%)",
             "gain": "model's gain over naive (points)"}
    out = table.copy()
    for col in out.columns:
        if col.startswith("coverage") or (col in ("lo", "hi") and "coverage" in out.columns):
            out[col] = (out[col] * 100).round(1)
        elif "pct" in col or col.startswith("error_") or col in ("gain", "lo", "hi"):
            out[col] = out[col].round(1)
    if "gain" in out.columns:
        names = {**names, "lo": "gain, 95% interval from (points)", "hi": "gain, 95% interval to (points)"}
    elif "coverage" in out.columns:
        names = {**names, "lo": "coverage, 95% interval from (%)", "hi": "coverage, 95% interval to (%)"}
    return out.rename(columns=names)
