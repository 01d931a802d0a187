"""Shared figure-regression check: compare a rendered PNG with its committed baseline under tests/baseline/.

``UPDATE_BASELINES=1 pytest ...`` rewrites the baselines after an intended visual change (and skips the comparison).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from matplotlib.testing.compare import compare_images

BASELINE = Path(__file__).parent / "baseline"
TOL = 2.0  # RMS difference (0-255 scale) tolerated between renders
UPDATE = os.environ.get("UPDATE_BASELINES") == "1"


def assert_matches_baseline(actual: Path, name: str, tol: float = TOL) -> None:
    """Fail unless ``actual`` (a PNG) matches ``tests/baseline/NAME.png`` within ``tol``."""
    expected = BASELINE / f"{name}.png"
    if UPDATE:
        BASELINE.mkdir(exist_ok=True)
        expected.write_bytes(Path(actual).read_bytes())
        pytest.skip(f"baseline {expected.name} regenerated")
    assert expected.is_file(), f"missing baseline {expected}; run UPDATE_BASELINES=1 pytest"
    err = compare_images(str(expected), str(actual), tol=tol)
    assert err is None, err
