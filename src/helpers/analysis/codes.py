"""Category codes for model features: each value's position in a vocabulary, looked up per category, not per row.

:meth:`helpers.analysis.estimator.SalaryModel.design` turns every categorical column into float codes (NaN where a
value is not in the fitted vocabulary). Mapping each row's text through a dict costs ~50 ms per column on the
curated table (pandas maps arrow strings row by row); on a categorical column the few categories are looked up
once and the codes taken, which gives the same numbers (``tests/test_analysis_codes.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def codes(values: pd.Series, vocabulary: Sequence[str]) -> np.ndarray:
    """float64 position in ``vocabulary`` of every value of ``values`` compared as text (``str(value)``); NaN where
    the text is not in it (a missing value included). ``vocabulary`` must not repeat a value."""
    index = pd.Index(list(vocabulary), dtype=object)
    if isinstance(values.dtype, pd.CategoricalDtype):
        per_category = index.get_indexer(values.cat.categories.astype(str))
        at = values.cat.codes.to_numpy()
        pos = np.where(at >= 0, per_category[at], -1)  # code -1: a missing value
    else:
        pos = index.get_indexer(values.astype(str))
    return np.where(pos >= 0, pos, np.nan)
