"""The registered salary sources, and their comparisons side by side.

:data:`SOURCES` is the one registry of salary sources: each :class:`Source` says everything the analysis, the fact
check, the explorer, the figures and the site need to know about it: its key (its entry in ``data/sources.json``,
whose licence and attribution :attr:`Source.manifest` reads), its curated table, what its region means (company
location for aijobs, country of residence for Stack Overflow), its ML pool and how it is selected, its grade
definition, its pay concept, its colour, the analyst's choices it can express (:mod:`helpers.analysis.sensitivity`)
and how the explorer shows it (:class:`helpers.surveys.View`). The collection's own survey (:data:`OWN`) is declared
here; each other survey's entry is its core module's ``SOURCE`` (``helpers.surveys.<key>``), registered in the
manifest's order. Everything else loops over :data:`SOURCES`. :func:`us_europe_ratio`,
:func:`ladder` and :func:`steps` return one stacked table for any tuple of sources with one call, using
:mod:`helpers.analysis.stats` (the same quantile convention and bootstrap for every source) and the study's
bootstrap size. Official statistics are read as published (:func:`official_us`,
:func:`official_europe`), never estimated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from helpers import binning, data, licensing, provenance, schema, study, surveys
from helpers.analysis import stats
from helpers.pipeline import sources as fetch
from helpers.surveys import Family, View

#: Label of the row pooling every grade.
ALL_GRADES = "All grades"


@dataclass(frozen=True)
class Source:
    """One salary source: its key, its curated table, what its fields mean, its colour and its analyst's choices."""

    #: Its ``name`` in ``data/sources.json`` (and its raw folder and curation-report section): one key everywhere.
    key: str
    #: How figures, tables and prose name it.
    name: str
    #: Its curated binned table (``helpers.tables``).
    table: str
    #: What its region means: "company location" or "country of residence" (:attr:`country_col`).
    region_by: str
    #: Who its ML pool is, in words.
    ml_pool: str
    #: What its grades are, in words.
    grades: str
    #: Its pay concept ("salary", "total compensation").
    pay: str
    #: Its ML pool from its binned table.
    select_ml: Callable[[pd.DataFrame], pd.DataFrame]
    #: Its colour in every figure (one colour per meaning: ``tests/test_colours.py`` keeps it apart from the others).
    colour: str
    #: The analyst's choices it can express (names of :data:`helpers.analysis.sensitivity.VARIANTS` besides the
    #: baseline, which every source has).
    choices: tuple[str, ...] = ()
    #: How the explorer shows it.
    view: View = field(default_factory=View)
    #: How a sentence names it in a word or two ("Stack Overflow"; default: :attr:`name`).
    short: str = ""
    #: What its n counts, for captions ("distinct records", "professional developers").
    counts: str = "records"
    #: Its pay concept as the site's caveats state it: what is included, who converted it to US dollars (default:
    #: :attr:`pay`).
    pay_detail: str = ""

    @property
    def caption(self) -> str:
        """Its part of a figure's source line: its credit line, its licence and what its n counts ("aijobs.net salary
        survey (CC0), distinct records")."""
        terms = provenance.SALARY_SOURCES[self.key]
        return f"{terms.attribution} ({terms.family}), {self.counts}"

    @property
    def called(self) -> str:
        """Its name in a sentence: :attr:`short`, else :attr:`name`."""
        return self.short or self.name

    def bins(self) -> pd.DataFrame:
        """The source's curated binned table."""
        return data.load(self.table)

    def ml(self, bins: pd.DataFrame | None = None) -> pd.DataFrame:
        """The source's ML pool (its years, its pay floor) from ``bins`` (default: the curated table)."""
        return self.select_ml(self.bins() if bins is None else bins)

    @property
    def country_col(self) -> str:
        """The column holding the country that defines a record's region (company country or residence)."""
        return "company_location" if self.region_by == "company location" else "residence_country"

    @property
    def whose_country(self) -> str:
        """The country that defines a record's region, in words: "the employer's country", "the respondent's country
        of residence"."""
        return "the employer's country" if self.region_by == "company location" else f"the respondent's {self.region_by}"

    @property
    def pool(self) -> str:
        """What a figure from this source measures, in a few words: "aijobs.net, company location, salary"."""
        return f"{self.name}, {self.region_by.removeprefix('country of ')}, {self.pay}"

    @property
    def manifest(self) -> dict:
        """Its entry in ``data/sources.json``: title, publisher, homepage, licence, attribution, pinned files."""
        return next(s for s in fetch.load_manifest()["sources"] if s["name"] == self.key)


def _aijobs_ml(bins: pd.DataFrame) -> pd.DataFrame:
    return stats.subset(bins, role_family=study.ML_FAMILY, work_year=list(study.POOLED_YEARS))


def _aijobs_family(members: tuple[str, ...]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda rows: stats.subset(rows, role_family=list(members))


_WIDE_LABEL = "Wider ML family (" + ", ".join(schema.ROLE_FAMILIES[f] for f in study.WIDE_ML_FAMILIES) + ")"
AIJOBS = Source(
    "aijobs", "aijobs.net", "salary_bins", "company location",
    "job titles mapped to ML engineering, " + study.years_label(),
    "the survey's experience level (EN, MI, SE, EX), not years", "salary", _aijobs_ml, "#228833",
    ("Duplicates kept", "Full-time only", "UK out", "USD-paid European records out", "Region by residence"),
    View(rows=lambda b: stats.subset(b, role_family=list(study.WIDE_ML_FAMILIES), work_year=list(study.POOLED_YEARS)),
         families=(Family(study.ML_FAMILY, schema.ROLE_FAMILIES[study.ML_FAMILY], schema.ROLE_FAMILIES[study.ML_FAMILY],
                          _aijobs_family((study.ML_FAMILY,)), (study.ML_FAMILY,)),
                   Family("wide", _WIDE_LABEL, "Wider ML family", _aijobs_family(study.WIDE_ML_FAMILIES),
                          study.WIDE_ML_FAMILIES)),
         unit=("USD per year, nominal", "USD per year, nominal"),
         note="Gross annual salary as reported (the publisher says bonuses and equity are not separated), by the "
              "company's country; work years pooled.",
         ppp=True, every_country=True, also_drawn_from=("countries",)),
    short="aijobs", counts="distinct records",
    pay_detail="gross annual salary converted to US dollars by the publisher, which says bonuses and equity are not "
               "separated")
#: Every registered salary source, in the order tables and figures list them.
SOURCES: tuple[Source, ...] = (AIJOBS, *(Source(**m.SOURCE) for m in surveys.modules().values()))
#: Stack Overflow's entry, for its own analyses here (:func:`years_bands`) and in the fact check.
STACK_OVERFLOW: Source = next(s for s in SOURCES if s.key == "so_survey")
#: The collection's own survey, the first registered: the one the study's grade-by-grade figures, the estimator and the
#: explorer start from; the others are second opinions.
OWN: Source = SOURCES[0]


def by_key(key: str) -> Source:
    """The registered source with ``key`` (KeyError for an unknown one)."""
    found = {s.key: s for s in SOURCES}
    if key not in found:
        raise KeyError(f"no registered salary source {key!r} (registered: {', '.join(found)})")
    return found[key]


def describe(srcs: tuple[Source, ...] | None = None) -> pd.DataFrame:
    """One row per source: table, region meaning, ML pool, grades and pay concept."""
    srcs = SOURCES if srcs is None else srcs
    return pd.DataFrame([{"source": s.name, "table": s.table, "region by": s.region_by, "ML pool": s.ml_pool,
                          "grades": s.grades, "pay": s.pay} for s in srcs])


def _stack(parts: list[pd.DataFrame]) -> pd.DataFrame:
    kept = [p for p in parts if len(p)]
    return licensing.carry(pd.concat(kept, ignore_index=True), *kept)  # every source's provenance, united


def ratio_by_grade(rows: pd.DataFrame, n_boot: int = study.N_BOOT, value_col: str | None = None) -> pd.DataFrame:
    """US / Europe median ratio per grade plus one row pooling every grade (``grade`` as text); ``value_col`` as in
    :func:`helpers.analysis.stats.compare_table` (e.g. ``"ppp_usd"`` of :func:`money.reference_bins`)."""
    by = stats.compare_table(rows, ["grade"], n_boot=n_boot, value_col=value_col)
    pooled = stats.compare_table(rows, [], n_boot=n_boot, value_col=value_col)
    out = pd.concat([by.assign(grade=by["grade"].astype(str)), pooled.assign(grade=ALL_GRADES)], ignore_index=True)
    out.attrs.update(by.attrs)
    return out


def us_europe_ratio(sources: tuple[Source, ...] | None = None) -> pd.DataFrame:
    """Per source and grade (and all grades): US vs Europe medians of the ML pool with 95% CIs and n. ``sources``:
    default every registered source (as for :func:`ladder`, :func:`steps` and :func:`country_medians`)."""
    sources = SOURCES if sources is None else sources
    out = _stack([ratio_by_grade(s.ml()).assign(source=s.name) for s in sources])
    out.attrs.update({"a": "US", "b": "Europe", "split": "region", "kind": "ratio"})
    return out[["source", *[c for c in out.columns if c != "source"]]]


def ladder(sources: tuple[Source, ...] | None = None) -> pd.DataFrame:
    """Per source, region and grade: the ML pool's median with its 95% CI and n (US and Europe)."""
    sources = SOURCES if sources is None else sources
    parts = []
    for s in sources:
        rows = stats.subset(s.ml(), region=list(study.COMPARED_REGIONS))
        t = stats.quantile_ci_table(rows, ["region", "grade"], n_boot=study.N_BOOT)
        parts.append(t.assign(source=s.name, region=t["region"].astype(str), grade=t["grade"].astype(str)))
    out = _stack(parts)
    return out[["source", *[c for c in out.columns if c != "source"]]]


def steps(sources: tuple[Source, ...] | None = None) -> pd.DataFrame:
    """Per source and region: the grade multipliers (``stats.grade_multipliers``) of the ML pool."""
    sources = SOURCES if sources is None else sources
    parts = []
    for s in sources:
        rows = stats.subset(s.ml(), region=list(study.COMPARED_REGIONS))
        t = stats.grade_multipliers(rows, ["region"], n_boot=study.N_BOOT)
        t = t[(t["n_from"] > 0) & (t["n_to"] > 0)]
        parts.append(t.assign(source=s.name, region=t["region"].astype(str), step=t["step"].astype(str)))
    out = _stack(parts)
    return out[["source", *[c for c in out.columns if c != "source"]]]


def country_medians(countries: tuple[str, ...] = ("GB", "DE"), sources: tuple[Source, ...] | None = None) -> pd.DataFrame:
    """Per source and country (company country for aijobs, residence for Stack Overflow): the ML pool's median."""
    sources = SOURCES if sources is None else sources
    parts = []
    for s in sources:
        col = s.country_col
        rows = stats.subset(s.ml(), **{col: list(countries)})
        t = stats.quantile_ci_table(rows, [col], n_boot=study.N_BOOT)
        parts.append(t.rename(columns={col: "country"}).assign(source=s.name, country=lambda d: d["country"].astype(str)))
    out = _stack(parts)
    return out[["source", *[c for c in out.columns if c != "source"]]]


def years_bands(so_bins: pd.DataFrame | None = None) -> pd.DataFrame:
    """Stack Overflow's ML pool: US vs Europe medians per band of years of professional coding."""
    rows = STACK_OVERFLOW.ml(so_bins)
    return stats.compare_table(rows, ["years_code_pro_band"], n_boot=study.N_BOOT)


def europe_mix(bins: pd.DataFrame | None = None) -> dict[str, float]:
    """aijobs' European ML records: n, the UK's share (company in GB), the UK's and the rest of Europe's medians and n,
    the USD-paid share, and the share whose employee lives outside Europe or in another country than the company."""
    eu = stats.subset(AIJOBS.ml(bins), region="Europe")
    n = float(eu["n"].sum())
    uk = eu["company_location"] == "GB"
    return {"n": int(n),
            "uk_share": float(eu.loc[uk, "n"].sum()) / n,
            "uk_n": int(eu.loc[uk, "n"].sum()), "uk_median": float(binning.binned_quantile(eu[uk], 0.5)[0]),
            "rest_n": int(eu.loc[~uk, "n"].sum()), "rest_median": float(binning.binned_quantile(eu[~uk], 0.5)[0]),
            "usd_share": float(eu.loc[eu["paid_in_usd"].astype(bool), "n"].sum()) / n,
            "resident_elsewhere_share": float(eu.loc[eu["residence_region"] != "Europe", "n"].sum()) / n,
            "other_country_share": float(eu.loc[eu["employee_residence"].astype(str) != eu["company_location"].astype(str), "n"].sum()) / n}


#: BLS occupations nearest to ML engineering (SOC 2018 code -> name), as the official US view.
BLS_OCCUPATIONS: dict[str, str] = {"15-2051": "Data Scientists", "15-1221": "Computer and Information Research Scientists",
                                   "15-1252": "Software Developers"}


def official_us(official: pd.DataFrame | None = None) -> pd.DataFrame:
    """BLS OEWS national mean and median annual wage and employment, per occupation and May estimate, as published."""
    o = data.load("official_statistics") if official is None else official
    o = o[o["stat_id"].str.startswith("bls_oews_") & o["occupation_code"].isin(list(BLS_OCCUPATIONS))]
    o = o[o["measure"].isin(["employment", "mean_annual_wage", "median_annual_wage"])]
    out = o.pivot_table(index=["occupation", "period"], columns="measure", values="value", aggfunc="first").reset_index()
    out.columns.name = None
    return out[["occupation", "period", "employment", "median_annual_wage", "mean_annual_wage"]]


def official_europe(official: pd.DataFrame | None = None) -> pd.DataFrame:
    """The European official pay figures available (ONS ASHE, BA Entgeltatlas), as published, with their notes."""
    o = data.load("official_statistics") if official is None else official
    o = o[o["stat_id"].str.startswith(("ons_ashe_", "de_ba_entgeltatlas_"))]
    return o[["geo", "occupation", "measure", "period", "value", "unit", "publisher", "note"]].reset_index(drop=True)
