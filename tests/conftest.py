"""Shared fixtures: where the committed data and the local raw mirror are; the suite's hypothesis profile; how the
suite is spread over ``make test``'s two workers.

Property tests are deterministic (``derandomize``, no example database): every run of the suite draws the same
examples, so a result never depends on the run or on what an earlier run stored in ``.hypothesis/``. To search
afresh with random examples (kept in the database), run with ``HYPOTHESIS_PROFILE=explore``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("MPLBACKEND", "Agg")

from helpers import paths

settings.register_profile("suite", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

#: Session fixtures that cost seconds (the site built from stored outputs, Chromium): the test files using them are slow.
EXPENSIVE_FIXTURES = frozenset({"site", "chromium"})


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: seconds of work (a server, a browser, the built site, notebook execution, "
                                       "whole curations); handed out first to make test's workers; -m 'not slow' skips them")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The order ``make test`` hands test files to its two workers (``-n 2 --dist loadfile --no-loadscope-reorder``: a
    file is one unit, so a notebook's cells share one kernel): longest first, so that both workers finish together.

    First the files with a ``slow`` test (every test of a file using an :data:`EXPENSIVE_FIXTURES` fixture is marked
    so), then the notebooks, then the remaining quick files; within each, the order of collection."""
    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)
    rank = {}
    for name, members in files.items():
        if any(EXPENSIVE_FIXTURES & set(getattr(i, "fixturenames", ())) for i in members):
            for item in members:
                item.add_marker(pytest.mark.slow)
        rank[name] = 0 if any(i.get_closest_marker("slow") for i in members) else 1 if name.endswith(".ipynb") else 2
    items.sort(key=lambda item: rank[item.nodeid.split("::")[0]])


def _made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The file or folder ``name``, made by ``make(path)`` once per run (read-only for tests).

    Under pytest-xdist the first worker to ask makes it in the folder the run's workers share (the parent of their
    base temporary folders), holding a lock while it does; the others wait for the lock and read what it made."""
    from helpers import fsutil

    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        path = factory.mktemp(name) / name
        make(path)
        return path
    shared = factory.getbasetemp().parent
    path = shared / name
    with fsutil.locked(shared / f"{name}.lock", wait=600, what=name):
        if not path.exists():
            try:
                make(path)
            except BaseException:  # nothing half-made for the next worker to read
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
                raise
    return path


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
    """The site rendered once per run from the committed notebooks' stored outputs (read-only for tests)."""
    from helpers.presentation.site import build, notebooks

    if not notebooks.discover(paths.NOTEBOOKS):
        pytest.skip("no notebooks yet")
    return _made_once(tmp_path_factory, "site", lambda out: build.build_site(out, paths.NOTEBOOKS, execute=False))


@pytest.fixture(scope="session")
def page_file(tmp_path_factory: pytest.TempPathFactory, curated_dir: Path) -> Path:
    """The explorer page alone, rendered once per run from the curated data's answers (for the explorer's browser tests)."""
    from helpers.analysis import explorer
    from helpers.presentation.site import explorer_page, render

    def make(out: Path) -> None:
        page = explorer_page.render_explorer(explorer.results(curated_dir), [], "test", render.FOOTER)
        out.write_text(page, encoding="utf-8")

    return _made_once(tmp_path_factory, "explorer.html", make)


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
