"""Each salary survey's core declarations, one module per survey named by its key in ``data/sources.json``.

A survey's module (``helpers.surveys.<key>``) holds its vocabulary and validation rules, its curated tables
(``TABLES``), their period and unit, and how they cite it. :mod:`helpers.tables` collects the tables of every survey that has such a module
(:func:`modules`); its curation module (``helpers.pipeline.<key>``) reads the rest. The aijobs survey, the
collection's own, is declared by :mod:`helpers.tables` and :mod:`helpers.schema` themselves.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from helpers import provenance


def modules() -> dict[str, ModuleType]:
    """The core declarations module of each salary source in ``data/sources.json`` that has one, by key, in the
    manifest's order."""
    return {key: importlib.import_module(f"{__name__}.{key}") for key in provenance.SALARY_SOURCES
            if importlib.util.find_spec(f"{__name__}.{key}") is not None}
