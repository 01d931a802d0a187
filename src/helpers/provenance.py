"""The sources and licences the curated tables cite (publishers, pages, licence identifiers, reference periods).

Declarations only; :mod:`helpers.tables` attaches them to each table definition. A salary source's citation, the
licences of the tables drawn from it (each with its short name and what reuse of data under it demands) and its
attribution are read from its entry in ``data/sources.json`` (:func:`declared`), so a new source states them there
once, under a licence the collection has met or not. The licences of the collection's own tables and of the sources
that are not salary surveys are declared here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from helpers import paths

#: What reusing data under a licence demands, least first (a licence's ``demands`` in ``data/sources.json``): data
#: drawn from several sources is offered under the most demanding of their licences (share-alike over attribution
#: over public domain) and keeps every attribution. "contents" is the licence of the individual contents of a database
#: (DbCL inside an ODbL database), which never stands alone as the licence of derived data; "share-alike" binds derived
#: data to the same licence.
DEMANDS = ("contents", "nothing", "citation", "attribution", "share-alike")
#: The licences of the collection's own tables and of the sources that are not salary surveys: short name (for footers
#: and links) and what reuse demands (:data:`DEMANDS`).
OTHER_LICENCES: dict[str, tuple[str, str]] = {
    "CC0-1.0": ("CC0 1.0", "nothing"), "US-Government-Work": ("US government work", "citation"),
    "CC-BY-4.0": ("CC BY 4.0", "attribution"), "OGL-UK-3.0": ("OGL v3.0", "attribution"),
}
#: The keys of a licence as a table's definition and ``datapackage.json`` state it.
LICENCE_KEYS = ("name", "title", "path")


def short_name(name: str) -> str:
    """The short name of the licence ``name`` ("ODbL 1.0"; the identifier itself when unknown)."""
    return SHORT_NAMES.get(name, name)


def family(name: str) -> str:
    """The licence ``name`` without its version ("ODbL")."""
    short = short_name(name)
    head, _, version = short.rpartition(" ")
    return head if head and version[:1].isdigit() else short


@dataclass(frozen=True)
class SourceTerms:
    """A salary source's terms, from its ``data/sources.json`` entry: how its tables cite it and are licensed."""

    #: Its ``name`` in ``data/sources.json``.
    key: str
    #: How sentences name its data in a word or two ("Stack Overflow numbers").
    short_name: str
    #: The line that credits it (the attribution its licence asks for, or the source named as a courtesy).
    attribution: str
    #: The source as each curated table drawn from it cites it (``title``, ``path``).
    cited_as: dict
    #: The licences of the tables drawn from it (``name``, ``title``, ``path``), the database's first.
    licenses: tuple[dict, ...]

    @property
    def licence(self) -> str:
        """The short name of its tables' licence ("ODbL 1.0")."""
        return short_name(self.licenses[0]["name"])

    @property
    def family(self) -> str:
        """Its tables' licence without the version ("ODbL")."""
        return family(self.licenses[0]["name"])

    @property
    def contents(self) -> tuple[str, ...]:
        """The short names of the licences of the database's individual contents ("DbCL 1.0"), if any."""
        return tuple(short_name(x["name"]) for x in self.licenses if RESTRICTIVENESS.get(x["name"], 0) < 0)

    @property
    def share_alike(self) -> bool:
        """Data drawn from it stay under its licence."""
        return self.licenses[0]["name"] in SHARE_ALIKE

    @property
    def asks_attribution(self) -> bool:
        """Its licence asks for the attribution (a public-domain source is credited as a courtesy)."""
        return RESTRICTIVENESS.get(self.licenses[0]["name"], 0) > 0


def licences_of(entries: Sequence[dict]) -> dict[str, tuple[str, str]]:
    """Every licence's short name and demands by identifier: :data:`OTHER_LICENCES`, then those of the salary sources'
    tables as their ``data/sources.json`` ``entries`` declare them (``short``, ``demands``); ValueError when two
    declarations of one licence differ or a demand is not one of :data:`DEMANDS`."""
    found = dict(OTHER_LICENCES)
    for entry in entries:
        for x in entry["table_licenses"]:
            declared = (x["short"], x["demands"])
            if x["demands"] not in DEMANDS:
                raise ValueError(f"data/sources.json, {entry['name']}: licence {x['name']} demands {x['demands']!r}, "
                                 f"not one of {', '.join(DEMANDS)}")
            if found.setdefault(x["name"], declared) != declared:
                raise ValueError(f"data/sources.json, {entry['name']}: licence {x['name']} declared as {declared}, "
                                 f"elsewhere as {found[x['name']]}")
    return found


def salary_sources(entries: Sequence[dict]) -> dict[str, SourceTerms]:
    """Each salary source's terms by key, from its ``data/sources.json`` entry, in the ``entries``' order."""
    return {s["name"]: SourceTerms(s["name"], s["short_name"], s["attribution"], dict(s["cited_as"]),
                                   tuple({k: x[k] for k in LICENCE_KEYS} for x in s["table_licenses"])) for s in entries}


def declared(entries: Sequence[dict]) -> dict[str, object]:
    """What the salary sources' ``data/sources.json`` ``entries`` declare, as this module's names:
    :data:`SALARY_SOURCES`, :data:`SHORT_NAMES`, :data:`RESTRICTIVENESS`, :data:`SHARE_ALIKE`,
    :data:`PACKAGE_LICENSES` and :data:`ATTRIBUTIONS`."""
    licences = licences_of(entries)
    terms = salary_sources(entries)
    return {
        "SALARY_SOURCES": terms,
        "SHORT_NAMES": {name: short for name, (short, _) in licences.items()},
        "RESTRICTIVENESS": {name: DEMANDS.index(demands) - 1 for name, (_, demands) in licences.items()},
        "SHARE_ALIKE": tuple(name for name, (_, demands) in licences.items() if demands == "share-alike"),
        "PACKAGE_LICENSES": (*{x["name"]: x for s in terms.values() for x in s.licenses}.values(), CC_BY, US_PD, OGL),
        "ATTRIBUTIONS": {s.cited_as["path"]: s.attribution for s in terms.values()},
    }


PROJECT = {"title": "This project's own reviewed, hand-authored table (data/authored/)", "path": "data/authored/"}
CC_BY = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (World Bank datasets; OECD content from 1 July 2024)",
         "path": "https://creativecommons.org/licenses/by/4.0/"}
US_PD = {"name": "US-Government-Work", "title": "US federal government work (BLS; 17 U.S.C. 105): not subject to copyright in the US",
         "path": "https://www.bls.gov/bls/blsterms.htm"}
REFERENCE_SOURCES = (
    {"title": "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics", "path": "https://www.bls.gov/oes/"},
    {"title": "OECD, Average annual wages", "path": "https://www.oecd.org/en/about/terms-conditions.html"},
    {"title": "World Bank, World Development Indicators (PA.NUS.PPP, PA.NUS.FCRF)", "path": "https://data.worldbank.org/"},
    {"title": "Federal Reserve, G.5A Foreign Exchange Rates (annual)", "path": "https://www.federalreserve.gov/releases/g5a/"},
)
PROJECT_LICENSE = {"name": "CC0-1.0", "title": "Project-authored table, released as CC0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
SURVEY_PERIOD = "work years 2020-2025 (2025 partial: snapshot taken early 2025)"

OFFICIAL_SOURCES = (
    {"title": "U.S. Bureau of Labor Statistics: OEWS and CPI-U", "path": "https://www.bls.gov/"},
    {"title": "Eurostat, HICP (prc_hicp_ainr)", "path": "https://ec.europa.eu/eurostat/databrowser/view/prc_hicp_ainr/default/table"},
    {"title": "Office for National Statistics, ASHE Table 14", "path": "https://www.ons.gov.uk/"},
    {"title": "Statistik der Bundesagentur für Arbeit, Entgeltatlas", "path": "https://web.arbeitsagentur.de/entgeltatlas/"},
)
OGL = {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0 (ONS)",
       "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}
#: A source's own licence where a table mixes sources under different ones (reference_wages, official_statistics:
#: see data/LICENSES.md); a source not listed is under its tables' licences.
SOURCE_LICENSES: dict[str, tuple[str, ...]] = {
    "https://www.bls.gov/oes/": ("US-Government-Work",), "https://www.bls.gov/": ("US-Government-Work",),
    "https://www.oecd.org/en/about/terms-conditions.html": ("CC-BY-4.0",), "https://data.worldbank.org/": ("CC-BY-4.0",),
    "https://ec.europa.eu/eurostat/databrowser/view/prc_hicp_ainr/default/table": ("CC-BY-4.0",),
    "https://www.ons.gov.uk/": ("OGL-UK-3.0",),
}
#: The licence of the collection's own text and figures (LICENSE-TEXT) and of its code (LICENSE), apart from the data's.
TEXT_LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International", "path": "https://creativecommons.org/licenses/by/4.0/"}
CODE_LICENSE = {"name": "MIT", "title": "MIT License", "path": "LICENSE"}

_DECLARED = declared(json.loads(paths.SOURCES_MANIFEST.read_text(encoding="utf-8"))["sources"])
#: Every salary source's terms by key, in ``data/sources.json`` order.
SALARY_SOURCES: dict[str, SourceTerms] = _DECLARED["SALARY_SOURCES"]
#: The line crediting each salary source, by the path its tables cite; other sources are credited by their title.
ATTRIBUTIONS: dict[str, str] = _DECLARED["ATTRIBUTIONS"]
#: The licences in use in the (mixed-licence) package; each resource states its own.
PACKAGE_LICENSES: tuple[dict, ...] = _DECLARED["PACKAGE_LICENSES"]
#: Short names of the licences, for footers and links.
SHORT_NAMES: dict[str, str] = _DECLARED["SHORT_NAMES"]
#: How much reuse a licence demands (:data:`DEMANDS`, from -1 for "contents" up): data drawn from several sources is
#: offered under the most demanding of their licences.
RESTRICTIVENESS: dict[str, int] = _DECLARED["RESTRICTIVENESS"]
#: Licences that bind derived data to the same licence (share-alike).
SHARE_ALIKE: tuple[str, ...] = _DECLARED["SHARE_ALIKE"]
