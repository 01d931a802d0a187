"""codes.codes and SalaryModel.design give exactly the numbers of the former row-by-row text mapping."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import schema
from helpers.analysis import codes, estimator
from helpers.analysis import estimator_stability as stability


def _mapped(values: pd.Series, vocabulary: list[str]) -> np.ndarray:
    """The former implementation: every value as text through a dict, unseen -> NaN."""
    return values.astype(str).map({v: i for i, v in enumerate(vocabulary)}).astype("float64").to_numpy()


def _former_design(model: estimator.SalaryModel, frame: pd.DataFrame) -> pd.DataFrame:
    x = pd.DataFrame(index=frame.index)
    x["grade_rank"] = frame["grade"].astype(str).map({g: i for i, g in enumerate(schema.GRADES)}).astype("float64")
    x["work_year"] = frame["work_year"].astype("float64")
    loc = frame["company_location"].astype(str)
    frame = frame.assign(location=loc.where(loc.isin(model.categories["location"]), estimator.OTHER))
    for col in estimator.CATEGORICAL:
        x[col] = frame[col].astype(str).map({v: i for i, v in enumerate(model.categories[col])}).astype("float64")
    return x[list(estimator.FEATURES)]


@pytest.mark.parametrize("values", [
    pd.Series(["M", "S", "XL", None, "L", "M"]),
    pd.Series(pd.Categorical(["M", "S", None, "L", "XL"], categories=["XL", "unused", "S", "M", "L"])),
    pd.Series([0, 50, 100, 75, 0]),
    pd.Series(pd.Categorical([100, 0, 50, 50])),
    pd.Series([], dtype=object),
])
def test_codes_equal_the_text_mapping(values: pd.Series) -> None:
    vocabulary = ["S", "M", "L", "0", "50", "100"]
    got = codes.codes(values, vocabulary)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, _mapped(values, vocabulary))  # NaN where unseen, in the same places


def test_design_equals_the_former_design() -> None:
    bins = estimator._bins()
    model = estimator.SalaryModel({}, estimator._categories(bins), (0, 0), 0)  # design needs the vocabularies only
    profiles = [{"grade": g, "company_location": c, "company_size": s}
                for g in schema.GRADES for c in ("US", "DE", "IN") for s in schema.COMPANY_SIZES]
    frames = [bins, bins[bins["work_year"] == estimator.TEST_YEAR], stability.records(bins.head(400)),
              pd.DataFrame([estimator._validate(p) for p in profiles]),
              bins.head(50).assign(company_size="XL", company_location="ZZ", grade=None)]  # unseen everywhere
    for frame in frames:
        pd.testing.assert_frame_equal(model.design(frame), _former_design(model, frame), check_exact=True)
