"""The template a new notebook starts from: outside the numbered series, and copied the way CONTRIBUTING.md says, it
passes a numbered notebook's checks.

The template itself is checked with the numbered notebooks (hygiene, study choices, titles, canonical form, licences,
ratio format, nbval of its stored outputs, its conclusion tests); here, the copy path: the commands of "Adding a
notebook" copy it and its test to a numbered name, and the copy passes the same static checks and is found by its
test's name.
"""

from __future__ import annotations

import re
import shutil
from fnmatch import fnmatch
from pathlib import Path

import nbformat
import pytest

from helpers import paths
from helpers.presentation.site import notebooks
from tests import test_markdown_choices, test_nbtools, test_notebook_hygiene, test_study, test_titles
from tests.notebook_text import notebook_of

CONTRIBUTING = paths.ROOT / "CONTRIBUTING.md"
TEST_TEMPLATE = paths.ROOT / "tests" / "test_conclusions_TEMPLATE.py"
#: A `cp SOURCE DESTINATION` line in a shell block.
COPY = re.compile(r"^\s*cp (\S+) (\S+)\s*$", re.MULTILINE)


def adding_a_notebook() -> str:
    """The "Adding a notebook" section of CONTRIBUTING.md."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    return text.split("## Adding a notebook", 1)[1].split("\n## ", 1)[0]


def copies(section: str) -> list[tuple[str, str]]:
    """The (source, destination) of each ``cp`` command in ``section``."""
    return COPY.findall(section)


def test_the_template_is_no_page() -> None:
    assert paths.TEMPLATE.is_file() and TEST_TEMPLATE.is_file()
    assert paths.TEMPLATE not in notebooks.discover() and not fnmatch(paths.TEMPLATE.name, notebooks.NOTEBOOK_GLOB)
    assert notebook_of(TEST_TEMPLATE) == paths.TEMPLATE


def test_contributing_copies_the_template_and_its_test_to_a_numbered_name() -> None:
    (nb_src, nb_dst), (test_src, test_dst) = copies(adding_a_notebook())
    assert (paths.ROOT / nb_src, paths.ROOT / test_src) == (paths.TEMPLATE, TEST_TEMPLATE)
    assert fnmatch(Path(nb_dst).name, notebooks.NOTEBOOK_GLOB) and Path(nb_dst).parent == Path("notebooks")
    assert notebook_of(test_dst) == paths.ROOT / nb_dst  # the copied test checks the copied notebook, unedited
    assert copies("```bash\ncp a.ipynb b.ipynb\n   cp x y\n```\ncp not a command") == [("a.ipynb", "b.ipynb"), ("x", "y")]


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template copied as CONTRIBUTING.md says, into a scratch tree (the collection is left alone)."""
    root = tmp_path_factory.mktemp("contributor")
    (nb_src, nb_dst), (test_src, test_dst) = copies(adding_a_notebook())
    for src, dst in ((nb_src, nb_dst), (test_src, test_dst)):
        (root / dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(paths.ROOT / src, root / dst)
    return root / nb_dst


@pytest.mark.parametrize("check", [
    test_notebook_hygiene.test_notebook_is_clean,
    test_notebook_hygiene.test_notebook_opens_with_a_question_and_has_a_figure,
    test_notebook_hygiene.test_code_lines_fit_the_cell,
    test_notebook_hygiene.test_cells_whose_only_output_is_prose_are_tagged_prose,
    test_notebook_hygiene.test_figures_carry_their_data_and_tables_their_format,
    test_notebook_hygiene.test_notebook_opens_with_its_answer_box,
    test_study.test_notebooks_do_not_retype_the_study_choices,
    test_markdown_choices.test_markdown_states_the_study_choices_as_they_are,
    test_titles.test_figure_titles_rest_on_30_or_more_records,
    test_nbtools.test_committed_notebook_is_canonical,
], ids=lambda f: f.__name__)
def test_the_copy_passes_a_numbered_notebooks_checks(check, copied: Path) -> None:
    check(copied)


def test_the_copy_reads_as_a_page(copied: Path) -> None:
    """Found by the site's pattern, asking its question, with a titled key figure."""
    assert notebooks.discover(copied.parent) == [copied]
    (page,) = notebooks.stored_pages([copied])
    assert page.lead.endswith("?") and notebooks.key_figure_title(page.nb)


def test_the_template_notes_name_files_that_exist() -> None:
    """The notes in italics point at tests and modules a contributor can open."""
    nb = nbformat.read(paths.TEMPLATE, as_version=4)
    named = {m for c in nb.cells if c.cell_type == "markdown" for m in re.findall(r"`((?:tests|src)/[\w/.]+\.py)`", c.source)}
    assert named and all((paths.ROOT / m).is_file() for m in named), sorted(named)
