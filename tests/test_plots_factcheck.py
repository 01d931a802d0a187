"""Figure regression tests for the fact check's charts (helpers.presentation.plots, its fact-check section), same approach as
tests/test_plots_extra.py: small fixed synthetic tables typed in here, rendered under the project theme on Agg, checked
for structure and compared with the committed baseline PNG under tests/baseline/ (regenerate after an intended visual
change with ``UPDATE_BASELINES=1 pytest tests/test_plots.py`` and look at the PNG)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.presentation import plots, theme
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


def relative() -> pd.DataFrame:
    """Two pools in two regions: medians ÷ their own survey's median; one empty band, one band without interval."""
    rows = []
    for pool, thin in (("ML roles", True), ("all roles", False)):
        for region in ("United States", "Europe"):
            rows += [(pool, region, "band", "0", 0 if thin and region == "United States" else 4 if thin else 54,
                      0.45, NAN if thin else 0.4, NAN if thin else 0.52),
                     (pool, region, "band", "1-3", 25 if thin else 636, 0.64, 0.6, 0.7),
                     (pool, region, "band", "4-6", 69, 0.88, 0.8, 0.95),
                     (pool, region, "level", "Junior", 21 if thin else 2967, 0.66, 0.62, 0.7),
                     (pool, region, "level", "Middle", 651, 0.9, 0.87, 0.93)]
    out = pd.DataFrame(rows, columns=["pool", "region", "kind", "group", "n", "value", "lo", "hi"])
    out.loc[out["n"] == 0, ["value", "lo", "hi"]] = NAN
    return out.assign(small_sample=out["n"] < 30)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("figures_factcheck")
    out = {}
    with matplotlib.rc_context():
        theme.use_theme()
        figs = {"factcheck_evidence": plots.evidence_lines(
                    evidence(), title="The claim is mixed across sources", tolerance=0.1, partly=0.25,
                    source="Sources: A, B, C, D", note="n beside each line.", figsize=(6.4, 4.6)),
                "factcheck_relative": plots.relative_pay(
                    relative(), title="Indirect only: Junior like 1–3 years", pools=("ML roles", "all roles"),
                    source="Sources: A, B", figsize=(6.8, 6.0))}
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
    assert f"×{194 / 150:.2f}" in [t.get_text() for t in ax.texts]  # the estimate as a multiple of the claim
    dots = {ln.get_color() for ln in ax.get_lines() if ln.get_marker() == "o"}
    assert dots == {theme.VERDICT_COLORS[v] for v in ("supported", "partly supported", "not supported")}
    assert {"line supported", "line not supported", "claim within ±10%: supported",
            "claim within ±25%: partly supported"} <= set(legend_labels(fig))
    lo, hi = ax.get_xlim()
    assert lo < 1 / 1.25 and hi > 5.66 / 2.9
    # no dot is drawn on a band of its own hue (the bands are grey)
    bands = {tuple(np.round(p.get_facecolor()[:3], 3)) for p in ax.patches}
    hues = {tuple(np.round(matplotlib.colors.to_rgb(c), 3)) for c in theme.VERDICT_COLORS.values()}
    assert bands and not bands & hues
    cap = " ".join(t.get_text() for t in fig.texts if t.get_text().startswith("Sources:"))
    assert "published figures have none" in " ".join(cap.split()) and "n beside each line." in " ".join(cap.split())


def test_relative_pay_structure(rendered) -> None:
    fig = rendered["factcheck_relative"][0]
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert theme.title_of(fig) == "Indirect only: Junior like 1–3 years"
    assert [ax.get_title(loc="left") for ax in panels] == ["ML roles, the US", "ML roles, Europe", "all roles, the US",
                                                           "all roles, Europe"]
    ml_us, ml_eu, all_us, _ = panels
    assert [t.get_text() for t in ml_us.get_yticklabels()] == ["under 1 year of coding", "1–3 years of coding",
                                                               "4–6 years of coding", "aijobs.net Junior",
                                                               "aijobs.net Middle"]
    assert not fig.get_supylabel() if hasattr(fig, "get_supylabel") else fig._supylabel is None  # rows name their source
    assert len({ax.get_xlim() for ax in panels}) == 1 and ml_us.get_xscale() == "log"  # one scale for every panel
    assert "no answers" in [t.get_text() for t in ml_us.texts]  # the empty band is said, not drawn
    assert "n = 4 (n<30)" in [t.get_text() for t in ml_eu.texts]  # drawn without an interval (fewer than 5)
    assert ml_eu.get_xaxis().get_major_formatter()(1.0, None) == "×1"
    # ×1 = the survey's own median, drawn in every panel
    assert all(any(list(ln.get_xdata()) == [1.0, 1.0] for ln in ax.get_lines()) for ax in panels)
    # a level shades its interval down only with enough records: 1 (Middle) in each ML panel, 2 in each all-roles one
    shades = [len([c for c in ax.collections if type(c).__name__ in ("PolyCollection", "FillBetweenPolyCollection")])
              for ax in panels]
    assert shades == [1, 1, 2, 2]
    whiskers = [len([c for c in ax.containers]) for ax in (ml_eu, all_us)]
    assert whiskers[0] == whiskers[1] - 1  # the 4-answer band has no whisker
    cap = " ".join(t.get_text() for t in fig.texts if t.get_text().startswith("Sources:"))
    assert "Indirect evidence" in cap and "own median" in " ".join(cap.split())
    assert {theme.SMALL_KEY, "aijobs.net: median by level ÷ its median"} <= set(legend_labels(fig))


@pytest.mark.parametrize("name", ["factcheck_evidence", "factcheck_relative"])
def test_matches_baseline(name, rendered) -> None:
    assert_matches_baseline(rendered[name][1], name)
