"""Every committed notebook is a clean regression baseline: executed in order, no errors, warnings,
stderr, memory addresses or per-run metadata; one kernelspec."""

from __future__ import annotations

import nbformat
import pytest

from helpers import nbtools, paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name.startswith("01_")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert nbtools.problems(nb) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_opens_with_a_question_and_has_a_figure(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "question" in first.source.lower()
    assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])), "no plot"


def test_normalize_removes_timestamps():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", execution_count=1)])
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb.metadata["kernelspec"] = {"name": "other"}
    assert nbtools.problems(nb)
    assert nbtools.problems(nbtools.normalize(nb)) == []


#: Longest code line that fits a notebook cell without scrolling (rendered site and JupyterLab alike).
MAX_CODE_LINE = 100
PROSE_TAG = "prose"
ANSWER_TAG = "answer"


def _code_cells(path):
    return [(i, c) for i, c in enumerate(nbformat.read(path, as_version=4).cells, 1) if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_code_lines_fit_the_cell(path):
    long = [f"cell {i}: {len(line)} chars: {line[:40]}..." for i, c in _code_cells(path) for line in c.source.splitlines()
            if len(line) > MAX_CODE_LINE]
    assert not long, "\n".join(long)


def _only_prose(cell) -> bool:
    outs = cell.get("outputs", [])
    return bool(outs) and all(o.get("output_type") in ("display_data", "execute_result")
                              and "text/markdown" in o.get("data", {}) and set(o["data"]) <= {"text/markdown", "text/plain"}
                              for o in outs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_cells_whose_only_output_is_prose_are_tagged_prose(path):
    """The site hides a ``prose`` cell's code entirely; any other code cell keeps a toggle."""
    for i, c in _code_cells(path):
        tagged = PROSE_TAG in c.metadata.get("tags", [])
        assert tagged == _only_prose(c), f"cell {i}: tagged {PROSE_TAG!r} = {tagged}, but prose-only output = {not tagged}"
        if tagged:  # an answer box, the notebook's first code cell, imports what its one call needs
            lines = [x for x in c.source.strip().splitlines() if x.strip()]
            if ANSWER_TAG in c.metadata.get("tags", []):
                lines = [x for x in lines if not x.startswith(("from helpers", "import "))]
            assert len(lines) == 1, f"cell {i}: a prose cell is one short wording call"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_figures_carry_their_data_and_tables_their_format(path):
    for i, c in _code_cells(path):
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if "image/png" in data:
                assert "text/csv" in data, f"cell {i}: figure without its data (theme.show(fig, data=...))"
                assert o.get("metadata", {}).get("image/png", {}).get("alt"), f"cell {i}: figure without alt text"
            if "text/html" in data:
                html = "".join(data["text/html"])
                assert '<table id="T_' in html and 'class="dataframe"' not in html, f"cell {i}: a raw DataFrame, not table_format.table"
            plain = "".join(data.get("text/plain", ""))
            for bad in ("NaN", "<NA>", "True", "False", "…"):
                assert bad not in plain, f"cell {i}: {bad!r} in an output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_opens_with_its_answer_box(path):
    """The first code cell, right under the title, is the Answer box: tagged ``answer`` and ``prose``, its output
    ``wording.answer``'s (one to three bullets)."""
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert code, "no code cell"
    tags = code[0].metadata.get("tags", [])
    assert {ANSWER_TAG, PROSE_TAG} <= set(tags), f"the first code cell is not the Answer box (tags {tags})"
    text = "".join("".join(o.get("data", {}).get("text/markdown", "")) for o in code[0].get("outputs", []))
    bullets = [line for line in text.splitlines() if line.startswith("> - ")]
    assert text.startswith("> **Answer.**") and 1 <= len(bullets) <= 3, text
