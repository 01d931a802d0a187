"""A snapshot the study was not designed for (an older real one, without 2024) is refused in one line naming what is
missing, by the first cell of every notebook, before any analysis fails deep inside the helpers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from helpers import data, paths, study
from helpers.pipeline import curate, publish

OLD = "aijobs_history/2023-07-30/salaries.csv"  # work years 2020-2023 (its SOURCE.md)


@pytest.fixture(scope="module")
def old_curated(shared_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("old-snapshot")
    raw = root / "raw"
    for sub in ("aijobs", "so_survey/2024"):
        (raw / sub).mkdir(parents=True)
    (raw / "aijobs" / "salaries.csv").write_bytes((shared_raw / OLD).read_bytes())
    for f in (shared_raw / "so_survey" / "2024").iterdir():
        (raw / "so_survey" / "2024" / f.name).symlink_to(f)
    out = root / "curated"
    publish.write(curate.build(raw, other_snapshot=True), out)
    return out


def test_the_older_snapshot_is_refused_in_one_line_naming_what_is_missing(old_curated: Path) -> None:
    with pytest.raises(data.SnapshotMismatch) as err:
        data.salary_bins(old_curated)
    message = str(err.value)
    assert "\n" not in message
    assert f"no work year {study.LATEST_FULL_YEAR}" in message and "study.POOLED_YEARS" in message
    assert "work years 2020–2023" in message and "src/helpers/study.py" in message


def test_the_current_snapshot_fits() -> None:
    assert data.study_gaps(data._cached("salary_bins", str(paths.CURATED), data.check_package(paths.CURATED))) == ""


def _clear_caches() -> None:
    """Forget every result the helpers keep in this process (functools caches), so nothing is answered from the
    current snapshot's results."""
    for name, module in list(sys.modules.items()):
        if name.startswith("helpers.") and module is not None:
            for obj in list(vars(module).values()):
                if callable(getattr(obj, "cache_clear", None)):
                    obj.cache_clear()


@pytest.fixture
def old_everywhere(old_curated: Path, monkeypatch: pytest.MonkeyPatch):
    """Every curated table read from the older snapshot, nothing answered from a cache (in process or on disk)."""
    load = data.load
    monkeypatch.setattr(data, "load", lambda name, folder=None: load(name, old_curated))
    for name, module in list(sys.modules.items()):  # results kept between processes: computed instead
        if name.startswith("helpers.") and module is not None:
            for attr, obj in list(vars(module).items()):
                if callable(getattr(obj, "compute", None)) and getattr(obj, "__wrapped__", None) is obj.compute:
                    monkeypatch.setattr(module, attr, obj.compute)
    _clear_caches()
    yield
    _clear_caches()


@pytest.mark.parametrize("nb", [*sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), paths.TEMPLATE], ids=lambda p: p.name)
@pytest.mark.usefixtures("old_everywhere")
def test_the_first_cell_of_every_notebook_says_so(nb: Path) -> None:
    """Run the notebook's first code cell with every curated table read from the older snapshot."""
    cell = next(c for c in json.loads(nb.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code")
    with pytest.raises(data.SnapshotMismatch, match=f"no work year {study.LATEST_FULL_YEAR}"):
        exec("".join(cell["source"]).replace("\n%", "\n#%"), {})
