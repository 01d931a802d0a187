"""The sources and licences the curated tables cite (publishers, pages, licence identifiers, reference periods).

Declarations only; :mod:`helpers.tables` attaches them to each table definition. A salary source's citation, the
licences of the tables drawn from it and its attribution are read from its entry in ``data/sources.json``
(:data:`SALARY_SOURCES`), so a new source states them there once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from helpers import paths


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
        return SHORT_NAMES.get(self.licenses[0]["name"], self.licenses[0]["name"])

    @property
    def family(self) -> str:
        """Its tables' licence without the version ("ODbL")."""
        return self.licenses[0]["name"].rsplit("-", 1)[0]

    @property
    def contents(self) -> tuple[str, ...]:
        """The short names of the licences of the database's individual contents ("DbCL 1.0"), if any."""
        return tuple(SHORT_NAMES.get(x["name"], x["name"]) for x in self.licenses if RESTRICTIVENESS.get(x["name"], 0) < 0)

    @property
    def share_alike(self) -> bool:
        """Data drawn from it stay under its licence."""
        return self.licenses[0]["name"] in SHARE_ALIKE

    @property
    def asks_attribution(self) -> bool:
        """Its licence asks for the attribution (a public-domain source is credited as a courtesy)."""
        return RESTRICTIVENESS.get(self.licenses[0]["name"], 0) > 0


def _salary_sources() -> dict[str, SourceTerms]:
    entries = json.loads(paths.SOURCES_MANIFEST.read_text(encoding="utf-8"))["sources"]
    return {s["name"]: SourceTerms(s["name"], s["short_name"], s["attribution"], dict(s["cited_as"]),
                                   tuple(dict(x) for x in s["table_licenses"])) for s in entries}


#: Every salary source's terms by key, in ``data/sources.json`` order.
SALARY_SOURCES: dict[str, SourceTerms] = _salary_sources()
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
#: The licences in use in the (mixed-licence) package; each resource states its own.
PACKAGE_LICENSES: tuple[dict, ...] = (*{x["name"]: x for s in SALARY_SOURCES.values() for x in s.licenses}.values(),
                                       CC_BY, US_PD, OGL)

#: The line crediting each salary source, by the path its tables cite; other sources are credited by their title.
ATTRIBUTIONS: dict[str, str] = {s.cited_as["path"]: s.attribution for s in SALARY_SOURCES.values()}
#: A source's own licence where a table mixes sources under different ones (reference_wages, official_statistics:
#: see data/LICENSES.md); a source not listed is under its tables' licences.
SOURCE_LICENSES: dict[str, tuple[str, ...]] = {
    "https://www.bls.gov/oes/": ("US-Government-Work",), "https://www.bls.gov/": ("US-Government-Work",),
    "https://www.oecd.org/en/about/terms-conditions.html": ("CC-BY-4.0",), "https://data.worldbank.org/": ("CC-BY-4.0",),
    "https://ec.europa.eu/eurostat/databrowser/view/prc_hicp_ainr/default/table": ("CC-BY-4.0",),
    "https://www.ons.gov.uk/": ("OGL-UK-3.0",),
}
#: Short names of the licences, for footers and links.
SHORT_NAMES: dict[str, str] = {"CC0-1.0": "CC0 1.0", "ODbL-1.0": "ODbL 1.0", "DbCL-1.0": "DbCL 1.0", "CC-BY-4.0": "CC BY 4.0",
                               "US-Government-Work": "US government work", "OGL-UK-3.0": "OGL v3.0"}
#: How much reuse a licence demands, least first: data drawn from several sources is offered under the most
#: demanding of their licences (share-alike over attribution over public domain) and keeps every attribution.
#: DbCL covers the contents of an ODbL database and never stands alone as the licence of derived data.
RESTRICTIVENESS: dict[str, int] = {"DbCL-1.0": -1, "CC0-1.0": 0, "US-Government-Work": 1, "CC-BY-4.0": 2, "OGL-UK-3.0": 2,
                                   "ODbL-1.0": 3}
#: Licences that bind derived data to the same licence (share-alike).
SHARE_ALIKE = ("ODbL-1.0",)
#: The licence of the collection's own text and figures (LICENSE-TEXT) and of its code (LICENSE), apart from the data's.
TEXT_LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International", "path": "https://creativecommons.org/licenses/by/4.0/"}
CODE_LICENSE = {"name": "MIT", "title": "MIT License", "path": "LICENSE"}
