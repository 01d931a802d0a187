"""How stable the estimator's answers are: refitted on the records instead of the bins, and on bootstrap resamples.

The estimator fits on ``salary_bins`` rows, each weighted by its records (:func:`helpers.analysis.estimator.fit`).
Fitting on records means one row per distinct survey record instead (:func:`records`: each row of the bins repeated
``n`` times at its mean salary, within 1% of the record's own; raw records are never committed). The two
describe the same people, so an answer that moves between them rests on few of them: the trees' leaves count rows,
and a handful of records split or pooled differently moves a thin profile's answer. The bootstrap refits
(:func:`resample`, ``study.ESTIMATE_REFITS`` of them, seed ``study.ESTIMATE_REFIT_SEED``) draw the same
number of records with replacement and fit as the estimator does.

:func:`report` gives, per profile: its similar records and status, the answer, the model's median (shown for
declined profiles here only, as a diagnosis), the move between fitting on records and on bins, and the spread of all
refits' medians (lowest to highest, as a % of the model's median). :func:`by_n` summarises a grid of profiles per
bucket of similar records. Every fit restates pay in constant base-year USD as the estimator does
(:func:`helpers.analysis.estimator.constant_usd`), so the medians compared are in one unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import paths, results_cache, schema, study
from helpers.analysis import estimator as est
from helpers.analysis.estimator_rule import bucket_labels

#: Name of the estimator's own fit and of the fit on records among the refits.
BINS, RECORDS = "bins", "records"


def records(bins: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct survey record, the estimator's columns only (``n`` = 1). Each record is at the mean salary
    of its own row of ``bins`` before any collapsing (the finest cell and 1% bin it shares), the nearest to its own
    salary the curated tables allow."""
    cols = [*est.OWN_DIMS, "bin_lower_usd", "bin_upper_usd", "n", "sum_usd"]
    b = bins.loc[bins["n"] > 0, cols]
    out = b.loc[b.index.repeat(b["n"].to_numpy())].reset_index(drop=True)
    out["sum_usd"] = out["sum_usd"] / out["n"]
    out["n"] = 1
    return out


def resample(bins: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A bootstrap resample of the records in ``bins``: as many records drawn with replacement, kept as bins rows
    (``n`` = times drawn, ``sum_usd`` = that many times the row's mean); rows never drawn are left out."""
    b = est.collapse(bins)
    b = b[b["n"] > 0]
    n = b["n"].to_numpy(dtype="int64")
    drawn = rng.multinomial(int(n.sum()), n / n.sum())
    out = b.assign(sum_usd=b["sum_usd"] / n * drawn, n=drawn)
    return out[out["n"] > 0].reset_index(drop=True)


def refit_medians(bins: pd.DataFrame, frame: pd.DataFrame, n_boot: int = study.ESTIMATE_REFITS,
                  seed: int = study.ESTIMATE_REFIT_SEED, model: est.SalaryModel | None = None) -> pd.DataFrame:
    """The predicted median of every row of ``frame`` (profiles with the estimator's columns, e.g. from
    :func:`helpers.analysis.estimator.estimate_many`) under each fit: ``bins`` (the estimator's: ``model`` when it
    is already fitted on ``bins``, e.g. ``estimator.default_model()``), ``records``, and ``bootstrap 1`` ..
    ``bootstrap n_boot``. The refits' medians are computed once per set of inputs and code (:func:`refits`)."""
    own = (model or est.fit_kept(bins)).predict(frame)["median"]
    medians = {BINS: own, **{name: pd.Series(v, index=frame.index) for name, v in refits(bins, frame, n_boot, seed).items()}}
    return pd.DataFrame(medians, index=frame.index)


#: The columns of a profile a prediction reads (:meth:`helpers.analysis.estimator.SalaryModel.design`).
PROFILE_COLUMNS: tuple[str, ...] = ("grade", "work_year", "company_location",
                                    *(c for c in est.CATEGORICAL if c != "location"))


def refits(bins: pd.DataFrame, frame: pd.DataFrame, n_boot: int, seed: int) -> dict[str, list[float]]:
    """The medians of :func:`refit_medians` other than the estimator's own (``records``, ``bootstrap 1`` ..), per row
    of ``frame``: kept between processes (:mod:`helpers.results_cache`) by ``bins``, ``frame``'s
    :data:`PROFILE_COLUMNS`, ``n_boot``, ``seed`` and the fingerprint of ``estimator.FIT_INPUTS``, code and versions."""
    return _refits(bins, frame[list(PROFILE_COLUMNS)], n_boot, seed,
                   results_cache.fingerprint([paths.CURATED / name for name in est.FIT_INPUTS]))


@results_cache.MEMORY.cache
def _refits(bins: pd.DataFrame, frame: pd.DataFrame, n_boot: int, seed: int, fingerprint: str) -> dict[str, list[float]]:
    collapsed = est.collapse(bins)
    fits = {RECORDS: est.fit(records(bins))}
    rng = np.random.default_rng(seed)
    for i in range(n_boot):
        fits[f"bootstrap {i + 1}"] = est.fit(resample(collapsed, rng))
    return {name: m.predict(frame)["median"].tolist() for name, m in fits.items()}


def report(answers: pd.DataFrame, medians: pd.DataFrame) -> pd.DataFrame:
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


def grid(countries: list[str], region_of: dict[str, str]) -> list[dict]:
    """Every grade × company country × role family, the other profile keys at their defaults."""
    return [{"grade": g, "company_location": c, "role_family": f} for g in schema.GRADES for c in countries
            if c in region_of for f in schema.ROLE_FAMILIES]


def by_n(rep: pd.DataFrame, edges: tuple[int, ...] = study.ESTIMATE_N_EDGES) -> pd.DataFrame:
    """Per bucket of similar records (a :func:`report` over many profiles): profiles, the median absolute move between
    fitting on records and on bins, and the median spread of the refits (both in % of the model's median)."""
    cut = pd.cut(rep["n_similar"], [*edges, np.inf], right=False, labels=bucket_labels(edges))
    rows = []
    for label, g in rep.groupby(cut, observed=True, sort=True):
        rows.append({"similar_records": str(label), "profiles": len(g),
                     "records_move_pct": float(g["records_move_pct"].abs().median()), "spread_pct": float(g["spread_pct"].median())})
    return pd.DataFrame(rows)
