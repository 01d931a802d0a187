""""What can I expect to earn?": gradient-boosted quantile regression on the binned survey.

Each row of ``salary_bins`` is a weighted record: its features are the row's dimensions, its target is
the log of the bin's mean salary and its weight is ``n`` (distinct survey records in the cell). Three
``HistGradientBoostingRegressor(loss="quantile")`` models give the 10th, 50th and 90th percentiles; their range is
calibrated (split conformal, log scale: ends moved out by ``study.ESTIMATE_MARGIN``) to hold ``study.ESTIMATE_LEVEL``
of an earlier forward fold's records (:mod:`~.estimator_coverage` measures it). Grade enters as its rank with a
monotone-increasing constraint (a more senior grade never predicts less, other things equal). Countries with few
records are pooled as ``"other"`` (the region feature still tells Europe from elsewhere).

Amounts are in constant ``study.PRICE_BASE_YEAR`` USD (CPI-U; :func:`unit`): each row's salary is restated by its
work year's factor (:mod:`~.estimator_prices`) before fitting, scoring or the baseline's quantiles, so pooled years
share one price level; an answer for the default year (the base year) is also its nominal pay.

The honest test is forward in time: fit on work years up to ``TRAIN_MAX_YEAR`` and score on
``TEST_YEAR``, which is how the tool is used (past answers predicting this year's pay), its pay restated alike (trees
cannot extrapolate ``work_year``: in nominal USD a held-out answer sits at the last training year's prices). Random
splits would leak: the same posted pay range often appears in several records of one year.

Every answer carries ``n_similar``, the survey records with the profile's grade, role family and company country
(all work years): the evidence that is about this profile and no other; the rest of the answer is borrowed from
other countries, roles and grades. The thin-profile rule (:func:`judge`, thresholds in :mod:`helpers.study`): from
``ESTIMATE_THIN_N`` similar records the answer is "ok"; from ``ESTIMATE_MIN_N`` it is "thin", flagged, its range
widened by ``ESTIMATE_WIDEN``; below that the estimator declines and gives no number. The measurements behind the
thresholds are :mod:`helpers.analysis.estimator_rule`'s; the answers' stability, :mod:`~.estimator_stability`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from helpers import binning, data, licensing, paths, results_cache, schema, study
from helpers.analysis.estimator_display import readable  # noqa: F401 (re-exported)
from helpers.analysis.estimator_prices import DRAWN_FROM, PRICE_BASE_YEAR, constant_usd, truth, unit  # noqa: F401 (re-exported)

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


@results_cache.MEMORY.cache
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


def n_similar(bins: pd.DataFrame, profile: dict) -> int:
    """Distinct survey records with the profile's grade, role family and company country (all work years in ``bins``)."""
    m = (bins["grade"] == profile["grade"]) & (bins["role_family"] == profile["role_family"]) & (
        bins["company_location"] == profile["company_location"])
    return int(bins.loc[m, "n"].sum())


def similar_counts(bins: pd.DataFrame, frame: pd.DataFrame) -> np.ndarray:
    """``n_similar`` of every row of ``frame`` (its grade, role family and company country) counted in ``bins``."""
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
