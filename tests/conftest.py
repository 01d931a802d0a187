"""Shared fixtures: where the committed data and the local raw mirror are; the suite's hypothesis profile.

Property tests are deterministic (``derandomize``, no example database): every run of the suite draws the same
examples, so a result never depends on the run or on what an earlier run stored in ``.hypothesis/``. To search
afresh with random examples (kept in the database), run with ``HYPOTHESIS_PROFILE=explore``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("MPLBACKEND", "Agg")

from helpers import paths

settings.register_profile("suite", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


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


@pytest.fixture(scope="session")
def real_lines(shared_raw: Path) -> tuple[str, list[str]]:
    """The real file's header and a small sample of its data lines (every 250th, in file order: about 290 lines).

    For tests that curate, mutate or publish real rows many times and must stay fast."""
    lines = (shared_raw / "aijobs" / "salaries.csv").read_text(encoding="utf-8").splitlines()
    return lines[0], lines[1::250]


@pytest.fixture(scope="session")
def raw_records(shared_raw: Path):
    """Distinct raw records with grade, role family and region derived here from the raw file and the reviewed
    title mapping (not via the curated bins), for tests that recompute exact figures independently."""
    import numpy as np
    import pandas as pd

    from helpers import schema, study

    df = pd.read_csv(shared_raw / "aijobs" / "salaries.csv", dtype=str, keep_default_na=False).drop_duplicates()
    family = pd.read_csv(paths.AUTHORED / "role_families.csv", dtype=str).set_index("job_title")["role_family"]
    loc = df["company_location"]
    return pd.DataFrame({
        "work_year": df["work_year"].str.strip().astype(int),
        "grade": df["experience_level"].map(schema.GRADE_OF_LEVEL),
        "role_family": df["job_title"].map(family),
        "company_location": loc,
        "region": np.where(loc == "US", "United States", np.where(loc.isin(study.EUROPE), "Europe", "Other")),
        "remote_ratio": df["remote_ratio"].str.strip().astype(int),
        "salary": df["salary_in_usd"].astype(float),
    })


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium per test process, shared by the browser test modules (each opens its own isolated
    context on it: :func:`tests.browser.open_context`); closed when the session ends."""
    from playwright.sync_api import sync_playwright

    from tests import browser

    if not browser.INSTALLED:
        pytest.skip(browser.SKIP_REASON)
    with sync_playwright() as pw:
        process = browser.launch(pw)
        try:
            yield process
        finally:
            process.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site rendered once per test process from the committed notebooks' stored outputs (read-only for tests)."""
    from helpers.presentation.site import build, notebooks

    if not notebooks.discover(paths.NOTEBOOKS):
        pytest.skip("no notebooks yet")
    out = tmp_path_factory.mktemp("stored-site") / "site"
    build.build_site(out, paths.NOTEBOOKS, execute=False)
    return out


@pytest.fixture(scope="session")
def page_file(tmp_path_factory: pytest.TempPathFactory, curated_dir: Path) -> Path:
    """The explorer page alone, rendered from the curated data's answers (for the explorer's browser tests)."""
    from helpers.analysis import explorer
    from helpers.presentation.site import explorer_page, render

    out = tmp_path_factory.mktemp("explorer") / "explorer.html"
    out.write_text(explorer_page.render_explorer(explorer.results(curated_dir), [], "test", render.FOOTER), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def isolated_context(chromium):
    """A fresh isolated context (a new profile) on the shared Chromium, and the list of requests that were not file:
    or data: (each recorded and aborted)."""
    from tests import browser

    left_machine: list[str] = []
    context = browser.open_context(chromium, left_machine)
    try:
        yield context, left_machine
    finally:
        context.close()
