"""The early plugin (helpers.fast_start) only spares jsonschema's IRI grammar: notebooks still load and validate."""

import sys

import nbformat

from helpers import paths


def test_the_iri_grammar_is_skipped_and_notebooks_still_validate() -> None:
    assert "rfc3987_syntax" in sys.modules and sys.modules["rfc3987_syntax"] is None
    for path in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nbformat.validate(nbformat.read(path, as_version=4))
