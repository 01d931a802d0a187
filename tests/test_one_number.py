"""One statistic, one number: every value shown with an interval agrees, wherever it is shown.

Gathers each statistic's mentions (value, interval, record counts) from the README, every notebook's stored outputs,
the built site's front page, its downloads (the figure CSVs) and the explorer's answers, and fails when the same
statistic (same counts, same value) is shown with two different intervals (:mod:`tests.statistic_mentions`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import paths, study
from helpers.analysis import findings
from helpers.presentation.site import build
from tests import statistic_mentions as sm
from tests.notebook_text import readable

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def notebook_mentions(path: Path) -> list[sm.Mention]:
    """Mentions in a notebook's stored outputs: prose and plain-text tables, and each figure's CSV."""
    out = []
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        for o in cell.get("outputs", []):
            d = o.get("data", {})
            for mime in ("text/markdown", "text/plain"):
                if mime in d and "text/csv" not in d:
                    out += sm.in_text(readable("".join(d[mime])), f"{path.name} cell {i} {mime}")
            if "text/csv" in d:
                out += sm.in_csv("".join(d["text/csv"]), f"{path.name} cell {i} csv")
    return out


@pytest.fixture(scope="module")
def mentions(site: Path) -> list[sm.Mention]:
    found = sm.in_text((paths.ROOT / "README.md").read_text(encoding="utf-8"), "README.md")
    for nb in NOTEBOOKS:
        found += notebook_mentions(nb)
    for page in ("index.html", "downloads.html"):
        text = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser").get_text(" ")
        found += sm.in_text(" ".join(text.split()), f"site/{page}")
    for csv_file in sorted((site / "downloads").rglob("*.csv")):
        found += sm.in_csv(csv_file.read_text(encoding="utf-8"), f"site/{csv_file.relative_to(site)}")
    found += sm.in_explorer(json.loads((site / build.JSON_DOWNLOAD).read_text(encoding="utf-8")), "explorer")
    return found


def test_one_statistic_has_one_interval_everywhere(mentions: list[sm.Mention]) -> None:
    clashes = sm.conflicts(mentions)
    assert not clashes, "\n".join(f"{a.place}: {a.shown!r}  vs  {b.place}: {b.shown!r}" for a, b in clashes[:20])


def _places(mentions: list[sm.Mention], ns: tuple[int, ...], value: float, precision: float) -> set[str]:
    probe = sm.Mention("probe", value, value, value, precision, ns, "")
    return {m.place.split(" ")[0].split("/")[0] for m in mentions if m.same_statistic(probe)}


def test_the_headline_statistics_are_gathered_from_every_kind_of_place(mentions: list[sm.Mention]) -> None:
    """The check is not vacuous: the Senior US/Europe ratio and the US Senior median are found on the front page or in
    the downloads, in several notebooks and in the explorer, and every kind of place yields mentions."""
    gap = findings.us_europe_gap(findings.data.salary_bins()).set_index("grade").loc["Senior"]
    ratio_places = _places(mentions, (int(gap["n_a"]), int(gap["n_b"])), float(gap["ratio"]), 0.01)
    assert {"explorer", "site", "02_us_vs_europe.ipynb"} <= ratio_places, ratio_places
    median_places = _places(mentions, (int(gap["n_a"]),), float(gap["value_a"]), 1.0)
    assert {"explorer", "site", "02_us_vs_europe.ipynb"} <= median_places, median_places
    kinds = {m.place.split(" ")[0].split("/")[0] for m in mentions}
    assert {"site", "explorer"} <= kinds and sum(k.endswith(".ipynb") for k in kinds) >= 5, kinds


def test_the_front_page_answer_table_reads_the_same_medians(site: Path) -> None:
    """The plain answer's US Senior median (aijobs.net) is the notebooks' figure, to the thousand dollars."""
    table = findings.pay_by_grade()
    row = table[(table["source"] == "aijobs.net") & (table["region"] == study.COMPARED_REGIONS[0])
                & (table["grade"] == "Senior")].iloc[0]
    text = " ".join(BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").get_text(" ").split())
    assert f"${row['median'] / 1000:,.0f}k 95% CI ${row['lo'] / 1000:,.0f}k–${row['hi'] / 1000:,.0f}k" in text
    assert f"n = {int(row['n']):,}" in text


@pytest.mark.parametrize("a, b, clash", [
    ("the US median is ×1.60 Europe's (95% CI 1.42–1.72; n = 1,511 vs 143).", "Senior: ×1.60 (95% CI 1.41–1.71; n = 1,511 vs 143)", True),
    ("the US median is ×1.60 Europe's (95% CI 1.42–1.72; n = 1,511 vs 143).", "Senior ×1.6 (1.4–1.7), n = 1,511 vs 143", False),
    ("the US median is ×1.60 Europe's (95% CI 1.42–1.72; n = 1,511 vs 143).", "×1.60 (95% CI 1.30–1.90; n = 1,511 vs 140)", False),
    ("$192k (95% CI $188k–$200k), n = 1,511", "191,968 (188,299–199,781), n = 1,511", False),
    ("$192k (95% CI $188k–$200k), n = 1,511", "191,968 (185,000–199,781), n = 1,511", True),
    ("×1.72 [1.54–1.90] (aijobs.net; n = 2,361 vs 233)", "the US median is ×1.72 Europe's (95% CI 1.54–1.90; n = 2,361 vs 233)", False),
    ("×1.72 [1.54–1.91] (aijobs.net; n = 2,361 vs 233)", "the US median is ×1.72 Europe's (95% CI 1.54–1.90; n = 2,361 vs 233)", True),
])
def test_the_check_can_fail(a: str, b: str, clash: bool) -> None:
    found = sm.in_text(a, "a") + sm.in_text(b, "b")
    assert len(found) == 2
    assert bool(sm.conflicts(found)) is clash


def test_csv_and_explorer_mentions_are_read() -> None:
    csv_text = ("Grade,\"Records (n), United States\",\"Median (USD/yr), United States\",\"95% CI low, United States\","
                "\"95% CI high, United States\",\"Records (n), Europe\",\"Median (USD/yr), Europe\",\"95% CI low, Europe\","
                "\"95% CI high, Europe\",Ratio (×),95% CI low,95% CI high,Note\n"
                "Senior,1511,191968,188299,199781,143,120000,113350,135000,1.6,1.425,1.717,\n")
    found = sm.in_csv(csv_text, "f.csv")
    assert [(m.ns, m.value) for m in found] == [((1511,), 191968.0), ((143,), 120000.0), ((1511, 143), 1.6)]
    text = sm.in_text("Senior: ×1.60 (95% CI 1.43–1.72; n = 1,511 vs 143)", "t")
    assert sm.conflicts(found + text) == []
    assert sm.conflicts(found + sm.in_text("Senior: ×1.60 (95% CI 1.41–1.72; n = 1,511 vs 143)", "t"))
    res = {"sources": {"s": {"reference": "US", "cells": {"f": {"u": {"Senior": {
        "US": {"n": 1511, "median": 191968, "lo": 188299, "hi": 199781},
        "DE": {"n": 40, "median": 100000, "lo": 90000, "hi": 110000, "vs_us": [1.92, 1.7, 2.1]}}}}}}}}
    assert {(m.ns, m.value) for m in sm.in_explorer(res, "x")} == {((1511,), 191968), ((40,), 100000), ((1511, 40), 1.92)}
