"""Each salary survey's core declarations, one module per survey named by its key in ``data/sources.json``.

A survey's module (``helpers.surveys.<key>``) holds its vocabulary and validation rules, its curated tables
(``TABLES``), their period and unit, how they cite it, and its entry in the registry of salary sources (``SOURCE``:
the keyword arguments of :class:`helpers.analysis.sources.Source`, with its :class:`View` in the explorer).
:mod:`helpers.tables` collects the tables and :mod:`helpers.analysis.sources` the entries of every survey that has
such a module (:func:`modules`); its curation module (``helpers.pipeline.<key>``) reads the rest. The aijobs survey,
the collection's own, is declared by :mod:`helpers.tables`, :mod:`helpers.schema` and
:mod:`helpers.analysis.sources` themselves.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import pandas as pd

from helpers import provenance


def modules() -> dict[str, ModuleType]:
    """The core declarations module of each salary source in ``data/sources.json`` that has one, by key, in the
    manifest's order."""
    return {key: importlib.import_module(f"{__name__}.{key}") for key in provenance.SALARY_SOURCES
            if importlib.util.find_spec(f"{__name__}.{key}") is not None}


@dataclass(frozen=True)
class Family:
    """A group of a source's records the explorer offers: the ML pool, a wider family, every respondent."""

    id: str
    label: str
    short: str
    #: Its records, from the rows the explorer draws on (:attr:`View.rows`).
    select: Callable[[pd.DataFrame], pd.DataFrame]
    #: The role families it pools, where the source has them.
    members: tuple[str, ...] = ()


def every(rows: pd.DataFrame) -> pd.DataFrame:
    """All ``rows``: the family of a source's every respondent."""
    return rows


@dataclass(frozen=True)
class View:
    """How the explorer (:mod:`helpers.analysis.explorer`) shows a source; the defaults show its ML pool by grade and
    by the country that defines its region, in nominal USD, listing countries with ``study.SMALL_SAMPLE_N`` records."""

    #: The records it draws on, from the source's binned table (default: its ML pool, ``Source.ml``).
    rows: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    #: The groups offered, the first opened on (default: the ML pool alone).
    families: tuple[Family, ...] = ()
    #: The column of its levels, their name and label ("grade", "Grade").
    level: str = "grade"
    level_name: str = "grade"
    level_label: str = "Grade"
    #: Each level's id and label, in order (default: the grades it has).
    levels: tuple[tuple[str, str], ...] = ()
    #: Its nominal unit's label and short label (default: "USD per year, <pay>, nominal").
    unit: tuple[str, str] = ()
    #: Who its respondents are, for "<who> living in" (a source by residence).
    who: str = "people"
    #: What its pay is, in one sentence (default: from its pay concept, region and grades).
    note: str = ""
    #: Capabilities: PPP dollars (from ``reference_wages``), every country listed however few its records.
    ppp: bool = False
    every_country: bool = False
    #: Curated tables its answers draw on besides its own (their licences join its own).
    also_drawn_from: tuple[str, ...] = ()
