"""The README's notebook index is the one the notebooks generate (`make docs` refreshes it)."""

from __future__ import annotations

import nbformat

from helpers import paths
from helpers.presentation import theme
from helpers.presentation.site import notebooks, readme
from tests import display


def test_readme_index_matches_the_notebooks():
    pages = notebooks.stored_pages(notebooks.discover())
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.readme_index(pages) in text, "README notebook index is stale: run `make docs`"


def test_every_notebook_states_a_question_and_a_headline_finding():
    for page in notebooks.stored_pages([*notebooks.discover(), paths.TEMPLATE]):  # the template too, unlisted
        assert page.lead.endswith("?"), f"{page.path.name}: the opening paragraph should ask its question"
        assert notebooks.key_figure_title(page.nb), f"{page.path.name}: key figure has no title (use theme.show)"


def test_show_stores_the_title_as_alt_text():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    theme.finding_title(ax, "A finding\nover two lines")
    assert theme.title_of(fig) == "A finding over two lines"
    captured = display.captured(lambda: theme.show(fig))
    assert captured and captured[0][1]["image/png"]["alt"] == "A finding over two lines"


def test_index_escapes_table_pipes(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 09 · x\n\n**Question.** Is a | b?")])
    path = tmp_path / "09_x.ipynb"
    nbformat.write(nb, path)
    index = readme.readme_index(notebooks.stored_pages([path]))
    assert "Is a \\| b?" in index and "(none)" in index


def test_index_lists_what_each_notebook_covers():
    """A contributor sees what exists before adding: each entry lists the notebook's own sections, not the generic ones."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 09 · x\n\n**Question.** Is it?"),
                                         nbformat.v4.new_markdown_cell("## Data\n\ntext\n\n## Pay by *remote* ratio"),
                                         nbformat.v4.new_markdown_cell("## Caveats")])
    assert readme.sections(nb) == ["Pay by remote ratio"]
    pages = {p.path.stem: p for p in notebooks.stored_pages(notebooks.discover())}
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| [04_company_examples]"))
    assert "remote ratio" in row and all(s in row for s in readme.sections(pages["04_company_examples"].nb))
