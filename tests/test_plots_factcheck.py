"""Figure regression tests for the fact check's charts (helpers.presentation.plots_factcheck), same approach as
tests/test_plots_extra.py: small fixed synthetic tables typed in here, rendered under the project theme on Agg, checked
for structure and compared with the committed baseline PNG under tests/baseline/ (regenerate after an intended visual
change with ``UPDATE_BASELINES=1 pytest tests/test_plots_factcheck.py`` and look at the PNG)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.presentation import plots_factcheck, theme
from tests.figures import assert_matches_baseline
from tests.test_plots import legend_labels

DPI = 72
NAN = np.nan


def evidence() -> pd.DataFrame:
    return pd.DataFrame({
        "group": ["150,000 a year: mixed"] * 3 + ["2,900 a month: not supported"],
        "label": ["survey A (n = 3,298)", "survey B (n = 130)", "official C (published)", "official D (published)"],
        "claimed": [150e3, 150e3, 150e3, 2.9e3], "estimate": [194e3, 192e3, 144.6e3, 5.66e3],
        "lo": [191e3, 173e3, NAN, NAN], "hi": [197e3, 214e3, NAN, NAN],
        "verdict": ["partly supported", "partly supported", "supported", "not supported"],
    })


def bands() -> pd.DataFrame:
    rows = [("United States", "0", 0, NAN, NAN, NAN), ("United States", "1-3", 25, 117e3, 105e3, 125e3),
            ("United States", "4-6", 32, 140e3, 130e3, 165e3), ("Europe", "0", 6, 47e3, 38e3, 53e3),
            ("Europe", "1-3", 46, 54e3, 48e3, 56e3), ("Europe", "4-6", 69, 68e3, 64e3, 75e3)]
    out = pd.DataFrame(rows, columns=["region", "band", "n", "value", "lo", "hi"])
    return out.assign(small_sample=out["n"] < 30)


def levels() -> pd.DataFrame:
    rows = [("United States", "Junior", 136, 130e3, 119e3, 140e3), ("United States", "Middle", 651, 157e3, 150e3, 164e3),
            ("Europe", "Junior", 21, 53e3, 40e3, 80e3), ("Europe", "Middle", 69, 88e3, 70e3, 97e3)]
    out = pd.DataFrame(rows, columns=["region", "grade", "n", "value", "lo", "hi"])
    return out.assign(small_sample=out["n"] < 30)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("figures_factcheck")
    out = {}
    with matplotlib.rc_context():
        theme.use_theme()
        figs = {"factcheck_evidence": plots_factcheck.evidence_lines(
                    evidence(), title="The claim is mixed across sources", tolerance=0.1, partly=0.25,
                    source="Sources: A, B, C, D", note="n beside each line.", figsize=(6.4, 4.6)),
                "factcheck_levels": plots_factcheck.levels_vs_years(
                    bands(), levels(), title="Junior pay matches 4–6 years", source="Sources: A, B", figsize=(6.8, 4.4))}
        for name, fig in figs.items():
            fig.savefig(folder / f"{name}.png", dpi=DPI)
            out[name] = (fig, folder / f"{name}.png")
        yield out
    plt.close("all")


def test_evidence_lines_structure(rendered) -> None:
    fig = rendered["factcheck_evidence"][0]
    ax = fig.axes[0]
    assert theme.title_of(fig) == "The claim is mixed across sources"
    assert ax.get_xscale() == "log" and "USD" in ax.get_xlabel()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # groups first on top: the first group's heading is the highest tick, its lines below it in order
    assert labels[-1] == "150,000 a year: mixed" and labels[-2] == "survey A (n = 3,298)"
    assert labels.index("2,900 a month: not supported") < labels.index("official C (published)")
    assert {t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"} == {
        "150,000 a year: mixed", "2,900 a month: not supported"}
    assert f"×{150 / 194:.2f}" in [t.get_text() for t in ax.texts]
    dots = {ln.get_color() for ln in ax.get_lines() if ln.get_marker() == "o"}
    assert dots == {theme.VERDICT_COLORS[v] for v in ("supported", "partly supported", "not supported")}
    assert {"line supported", "line not supported", "±10%: supported", "±25%: partly supported"} <= set(legend_labels(fig))
    lo, hi = ax.get_xlim()
    assert lo < 2.9 / 5.66 and hi > 1.25
    cap = " ".join(t.get_text() for t in fig.texts if t.get_text().startswith("Sources:"))
    assert "published figures have none" in " ".join(cap.split()) and "n beside each line." in " ".join(cap.split())


def test_levels_vs_years_structure(rendered) -> None:
    fig = rendered["factcheck_levels"][0]
    us, eu = fig.axes[:2]
    assert theme.title_of(fig) == "Junior pay matches 4–6 years"
    assert [ax.get_title(loc="left") for ax in (us, eu)] == ["the US", "Europe"]
    assert [t.get_text() for t in us.get_yticklabels()] == ["under 1 year", "1–3 years", "4–6 years", "aijobs.net Junior",
                                                            "aijobs.net Middle"]
    assert "no answers" in [t.get_text() for t in us.texts]  # the empty band is said, not drawn
    notes = [t.get_text() for t in eu.texts]
    assert "n = 21 (n<30)" in notes and "n = 69" in notes
    # a level shades its interval down across the bands only with enough records: 2 in the US, 1 in Europe
    shades = [c for ax in (us, eu) for c in ax.collections if type(c).__name__ in ("PolyCollection", "FillBetweenPolyCollection")]
    assert len(shades) == 3
    assert {theme.SMALL_KEY, "aijobs.net: median by level", "Stack Overflow: median by years"} <= set(legend_labels(fig))


@pytest.mark.parametrize("name", ["factcheck_evidence", "factcheck_levels"])
def test_matches_baseline(name, rendered) -> None:
    assert_matches_baseline(rendered[name][1], name)
