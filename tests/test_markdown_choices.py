"""Markdown cells may state the study's thresholds and levels in words ("fewer than 30 records", "95% interval", "80%
range") because a reader needs them there; each such number must be the value helpers.study holds, so changing a
study choice fails here until the notebooks' text says the same."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import paths, study

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))

#: "fewer than 30 records", "under 30 records", "at least 30 records", "30 records on both sides".
RECORDS = re.compile(r"\b(?:fewer than|under|at least|below)\s+(\d+)\s+records\b|\b(\d+)\s+records on both sides\b")
#: "95% interval", "95% CI", "95% percentile-bootstrap", "95%\ninterval" (a line break inside the phrase).
CI = re.compile(r"\b(\d+)%\s+(?:percentile-bootstrap\s+)?(?:intervals?|CI|bootstrap)\b")
#: "80% range", "calibrated 80% range", "hold 80% of".
RANGE = re.compile(r"\b(\d+)%\s+range\b|\bhold\s+(\d+)%\s+of\b|\bfewer records than\s+(\d+)%")


def stated_choices(text: str) -> list[tuple[str, int, int]]:
    """Each threshold or level ``text`` states, as (phrase, stated number, the study's value)."""
    found = []
    for m in RECORDS.finditer(text):
        n = int(m.group(1) or m.group(2))
        # The interval threshold is the only other record count the study names.
        expected = study.MIN_INTERVAL_N if n < study.SMALL_SAMPLE_N // 2 else study.SMALL_SAMPLE_N
        found.append((m.group(0), n, expected))
    for m in CI.finditer(text):
        found.append((m.group(0), int(m.group(1)), round(study.CI_LEVEL * 100)))
    for m in RANGE.finditer(text):
        found.append((m.group(0), int(next(g for g in m.groups() if g)), round(study.ESTIMATE_LEVEL * 100)))
    return found


def _markdown(nb_path: Path) -> list[tuple[int, str]]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return [(i, " ".join("".join(c["source"]).split())) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_markdown_states_the_study_choices_as_they_are(nb_path: Path) -> None:
    wrong = [f"cell {i}: {phrase!r} (helpers.study says {expected})"
             for i, text in _markdown(nb_path) for phrase, n, expected in stated_choices(text) if n != expected]
    assert not wrong, "markdown that states a study choice differently from helpers.study: " + "; ".join(wrong)


def test_the_collection_states_its_choices_somewhere() -> None:
    """The phrases are found at all (a pattern that never matches would make the check above vacuous)."""
    kinds = {expected for nb in NOTEBOOKS for _, text in _markdown(nb) for _, _, expected in stated_choices(text)}
    assert {study.SMALL_SAMPLE_N, study.MIN_INTERVAL_N, round(study.CI_LEVEL * 100),
            round(study.ESTIMATE_LEVEL * 100)} <= kinds


@pytest.mark.parametrize(("text", "bad"), [
    ("Groups under 25 records are flagged.", 1),
    ("A group of fewer than 4 records shows no interval.", 1),
    ("with 90% intervals and n", 1),
    ("its calibrated 70% range", 1),
    ("Groups under 30 records are flagged; fewer than 5 records: no interval; 95% CI; 80% range.", 0),
])
def test_the_check_can_fail(text: str, bad: int) -> None:
    assert sum(n != expected for _, n, expected in stated_choices(text)) == bad
