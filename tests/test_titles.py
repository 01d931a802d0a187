"""Words obey the small-sample rule: every figure title, every front-page headline and the README index's headline
column rests on groups of at least ``study.SMALL_SAMPLE_N`` records.

A figure's title is a :class:`helpers.presentation.theme.Title` (the finding and the sizes of the groups it rests on);
``theme.show(fig, data=..., basis=title)`` records the smallest of them in the figure output's metadata
(``image/png`` -> ``rests_on``), next to the title itself (``alt``). These tests read the notebooks' stored outputs: a
figure whose title has no recorded basis fails, as does one resting on a thinner group, or one that names a group of
fewer than 30 records without calling it thin.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest

from helpers import paths, study
from helpers.presentation import theme
from helpers.presentation.site import readme, render

#: Seconds of work (about 5 s: every notebook's figures, the front page's headlines, the README index): handed out
#: first to make test's workers.
pytestmark = pytest.mark.slow

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
#: The numbered notebooks and the template, which obeys every rule they do.
CHECKED = [*NOTEBOOKS, paths.TEMPLATE]
#: "n = 16" (or "n = 1,234") in a title or headline.
N_IN_TEXT = re.compile(r"\bn\s*=\s*(\d[\d,]*)")
#: Words that name a group as thin.
THIN_WORDS = ("thin", "too few", f"n < {study.SMALL_SAMPLE_N}", f"n<{study.SMALL_SAMPLE_N}")


def _flat(text: str) -> str:
    return " ".join(text.split())


def figure_titles(nb: nbformat.NotebookNode) -> list[tuple[int, str, int | None]]:
    """(cell number from 1, title, the smallest n it rests on or None) for every figure the notebook shows."""
    out = []
    for i, cell in enumerate(nb.cells, 1):
        for o in cell.get("outputs", []):
            if "image/png" in o.get("data", {}):
                meta = o.get("metadata", {}).get("image/png", {})
                out.append((i, _flat(meta.get("alt", "")), meta.get("rests_on")))
    return out


def unnamed_thin_groups(text: str) -> list[int]:
    """The sizes under 30 that ``text`` quotes ("n = 16") in a clause (between semicolons) not calling them thin."""
    return [int(m.group(1).replace(",", "")) for clause in text.split(";") for m in N_IN_TEXT.finditer(clause)
            if int(m.group(1).replace(",", "")) < study.SMALL_SAMPLE_N and not any(w in clause.lower() for w in THIN_WORDS)]


def title_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Every figure title of ``nb`` that has no recorded basis, rests on fewer than 30 records, or quotes a thin group
    without naming it as thin."""
    problems = []
    for cell, title, n in figure_titles(nb):
        if n is None:
            problems.append(f"cell {cell}: no recorded basis (theme.show(fig, data=..., basis=<theme.Title>)): {title!r}")
        elif n < study.SMALL_SAMPLE_N:
            problems.append(f"cell {cell}: rests on a group of n = {n} < {study.SMALL_SAMPLE_N}: {title!r}")
        problems += [f"cell {cell}: quotes n = {k} without naming the group as thin: {title!r}"
                     for k in unnamed_thin_groups(title)]
    return problems


def headline_problems(headlines: list[render.Headline]) -> list[str]:
    """Every front-page headline with no recorded basis, resting on fewer than 30 records, or whose words quote a thin
    group without naming it as thin."""
    problems = []
    for h in headlines:
        if not h.rests_on:
            problems.append(f"{h.value}: no recorded basis (Headline.rests_on): {h.text!r}")
        elif min(h.rests_on) < study.SMALL_SAMPLE_N:
            problems.append(f"{h.value}: rests on a group of n = {min(h.rests_on)} < {study.SMALL_SAMPLE_N}: {h.text!r}")
        problems += [f"{h.value}: quotes n = {k} without naming the group as thin" for k in unnamed_thin_groups(h.text)]
    return problems


def readme_findings(text: str) -> dict[str, str]:
    """``{notebook file name: headline finding}`` from the README's generated notebook index."""
    start, end = text.index(readme.README_INDEX_START), text.index(readme.README_INDEX_END)
    rows = {}
    for line in text[start:end].splitlines():
        m = re.match(r"\| \[[^\]]+\]\(notebooks/([^)]+)\) \| .* \| (.*) \|$", line)
        if m:
            rows[m.group(1)] = m.group(2).replace("\\|", "|")
    return rows


def readme_problems(text: str, notebooks: dict[str, nbformat.NotebookNode]) -> list[str]:
    """Every README index finding that is no figure title of its notebook, or whose figure rests on fewer than 30."""
    problems = []
    for name, finding in readme_findings(text).items():
        figures = {t: n for _, t, n in figure_titles(notebooks[name])} if name in notebooks else {}
        if _flat(finding) not in figures:
            problems.append(f"{name}: the README's finding is no figure title of the notebook (run `make docs`): {finding!r}")
        elif figures[_flat(finding)] is None or figures[_flat(finding)] < study.SMALL_SAMPLE_N:
            problems.append(f"{name}: the README's finding rests on n = {figures[_flat(finding)]}: {finding!r}")
    return problems


# ---------------------------------------------------------------- the collection

@pytest.mark.parametrize("path", CHECKED, ids=[p.name for p in CHECKED])
def test_figure_titles_rest_on_30_or_more_records(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert figure_titles(nb), "no figure to check"
    problems = title_problems(nb)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_front_page_headlines_rest_on_30_or_more_records() -> None:
    headlines = render.headlines()
    assert headlines
    problems = headline_problems(headlines)
    assert not problems, "\n".join(problems)


def test_readme_index_findings_rest_on_30_or_more_records() -> None:
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme_findings(text)) == len(NOTEBOOKS)
    problems = readme_problems(text, {p.name: nbformat.read(p, as_version=4) for p in NOTEBOOKS})
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the checks can fail

def _shown(monkeypatch: pytest.MonkeyPatch, title: str, basis: theme.Title | None) -> nbformat.NotebookNode:
    """A one-cell notebook holding what ``theme.show`` displays for a figure titled ``title``."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda bundle, raw, metadata: shown.append((bundle, metadata)))
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    theme.layout(fig, title, "Source: synthetic, n = 52.")
    theme.show(fig, data=None, basis=basis)
    (bundle, metadata), *_caption = shown  # the figure, then its caption as text
    output = nbformat.v4.new_output("display_data", data=bundle, metadata=metadata)
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("theme.show(fig)", outputs=[output])])


def test_show_records_the_smallest_group_and_a_thin_title_fails(monkeypatch) -> None:
    text = "Group A out-earns group B at 2 of 2 grades, a long finding that the figure wraps over more than one line"
    ok = _shown(monkeypatch, text, theme.Title(text, rests_on=(52, 30, 400)))
    assert figure_titles(ok) == [(1, text, 30)]
    assert title_problems(ok) == []
    thin = _shown(monkeypatch, text, theme.Title(text, rests_on=(52, 12)))
    assert title_problems(thin) == [f"cell 1: rests on a group of n = 12 < {study.SMALL_SAMPLE_N}: {text!r}"]


def test_a_title_without_a_basis_fails(monkeypatch) -> None:
    nb = _shown(monkeypatch, "A finding", None)
    assert figure_titles(nb) == [(1, "A finding", None)]
    assert title_problems(nb) == ["cell 1: no recorded basis (theme.show(fig, data=..., basis=<theme.Title>)): 'A finding'"]


def test_a_thin_group_quoted_without_being_called_thin_fails(monkeypatch) -> None:
    text = "US above Europe at Junior (Europe n = 16) and Senior"
    nb = _shown(monkeypatch, text, theme.Title(text, rests_on=(102, 1083)))  # the basis leaves Junior out, the words don't
    assert title_problems(nb) == [f"cell 1: quotes n = 16 without naming the group as thin: {text!r}"]
    assert unnamed_thin_groups("US above Europe at Senior; Europe Junior thin (n = 16)") == []
    assert unnamed_thin_groups("Senior (n = 1,083) and Middle (n = 40)") == []


def test_show_refuses_a_basis_that_is_not_the_figures_title(monkeypatch) -> None:
    with pytest.raises(ValueError, match="is not the figure's title"):
        _shown(monkeypatch, "The figure's finding", theme.Title("Another finding", rests_on=(40,)))
    with pytest.raises(TypeError, match=r"theme\.Title"):
        _shown(monkeypatch, "The figure's finding", "The figure's finding")
    with pytest.raises(ValueError, match="at least one group"):
        theme.Title("A finding resting on nothing", rests_on=())
    plt.close("all")


def test_a_title_is_a_plain_string_with_its_basis() -> None:
    title = theme.Title("Senior above Middle", rests_on=[651, 1511.0])
    assert title == "Senior above Middle" and isinstance(title, str)
    assert title.rests_on == (651, 1511) and title.smallest == 651
    assert not hasattr(title + "!", "rests_on")  # a changed title loses its basis


def test_headline_check_fails_without_basis_or_on_a_thin_group() -> None:
    solid = render.Headline("×1.5", "Senior vs Junior (n = 136 vs 1,511).", "", rests_on=(136, 1511))
    assert headline_problems([solid]) == []
    assert headline_problems([render.Headline("×1.5", "t", "")]) == ["×1.5: no recorded basis (Headline.rests_on): 't'"]
    assert headline_problems([render.Headline("×1.5", "t", "", rests_on=(136, 21))]) == [
        f"×1.5: rests on a group of n = 21 < {study.SMALL_SAMPLE_N}: 't'"]


def test_readme_check_fails_on_a_stale_or_thin_finding() -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output(
        "display_data", data={"image/png": ""}, metadata={"image/png": {"alt": "Solid finding", "rests_on": 40}}),
        nbformat.v4.new_output("display_data", data={"image/png": ""},
                               metadata={"image/png": {"alt": "Thin finding", "rests_on": 12}})])])
    index = lambda finding: "\n".join([readme.README_INDEX_START, "| Notebook | Q | F |", "| --- | --- | --- |",  # noqa: E731
                                       f"| [99_x](notebooks/99_x.ipynb) | Q? | {finding} |", readme.README_INDEX_END])
    assert readme_problems(index("Solid finding"), {"99_x.ipynb": nb}) == []
    assert readme_problems(index("Thin finding"), {"99_x.ipynb": nb}) == [
        "99_x.ipynb: the README's finding rests on n = 12: 'Thin finding'"]
    assert "run `make docs`" in readme_problems(index("Old finding"), {"99_x.ipynb": nb})[0]
