"""Shared fixtures: where the committed data and the local raw mirror are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from helpers import paths


@pytest.fixture(scope="session")
def curated_dir() -> Path:
    """The committed curated dataset."""
    return paths.CURATED


@pytest.fixture(scope="session")
def shared_raw() -> Path:
    """The local mirror of the raw sources (``../shared/data/raw``); CI always has it."""
    if not (paths.SHARED_RAW / "aijobs" / "salaries.csv").is_file():
        pytest.skip(f"local raw mirror {paths.SHARED_RAW} not present")
    return paths.SHARED_RAW
