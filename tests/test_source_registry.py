"""The source as the unit: only a source's own places name it, and a registered source is picked up everywhere.

A salary source is described once: its entry in ``data/sources.json`` (citation, licences, attribution), its core
declarations (``helpers.surveys.<key>``: vocabulary, validation rules, curated tables; :mod:`helpers.tables` and
:mod:`helpers.schema` for the collection's own aijobs survey), its curation module (``helpers.pipeline.<key>``, or
:mod:`helpers.pipeline.curate` for aijobs), its authored mappings, and its :class:`helpers.analysis.sources.Source`
entry. Everything else loops over :data:`helpers.analysis.sources.SOURCES` or the manifest.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import math
import re
import types
from pathlib import Path

import pandas as pd
import pytest

from helpers import data, licensing, paths, provenance, schema, study, surveys, tables
from helpers.analysis import explorer, factcheck, findings, sensitivity, sources
from helpers.pipeline import sources as fetch
from helpers.presentation import theme
from helpers.presentation.site import downloads, readme, render

HELPERS = Path(paths.ROOT) / "src" / "helpers"

#: An identifier that names one source (its key, a Stack Overflow name such as ``so_bins`` or ``SO_YEARS_BANDS``).
SOURCE_IDENTIFIER = re.compile(r"aijobs|stack_?overflow|so_survey|^so$|^so_|_so$|_so_|^SO$|^SO_", re.IGNORECASE)

#: Where naming a source is the point: the registry, each source's core declarations and curation module, and the
#: fact check, whose lines of evidence name their sources as data.
OWN_PLACES: dict[str, str] = {
    "analysis/sources.py": "the registry",
    "surveys/so_survey.py": "Stack Overflow's core declarations",
    "pipeline/so_survey.py": "Stack Overflow's curation module",
    "tables.py": "the aijobs survey's curated tables (the collection's own, beside the official ones)",
    "pipeline/curate.py": "the aijobs survey's curation",
    "analysis/factcheck.py": "fact-check evidence",
}


def names_in(path: Path) -> set[str]:
    """The identifiers and source keys or names (as exact string literals) in ``path`` that name one source."""
    literals = {v for s in sources.SOURCES for v in (s.key, s.name)}
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in literals:
            found.add(repr(node.value))
            continue
        name = (node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute)
                else node.name if isinstance(node, ast.FunctionDef | ast.ClassDef)
                else node.arg if isinstance(node, ast.arg) else None)
        if name and SOURCE_IDENTIFIER.search(name):
            found.add(name)
    return found


def naming() -> dict[str, set[str]]:
    return {p.relative_to(HELPERS).as_posix(): found for p in sorted(HELPERS.rglob("*.py")) if (found := names_in(p))}


def test_only_a_sources_own_places_name_it() -> None:
    stray = {k: sorted(v) for k, v in naming().items() if k not in OWN_PLACES}
    assert not stray, f"modules naming a specific source instead of looping over sources.SOURCES: {stray}"


def test_every_own_place_exists() -> None:
    gone = sorted(m for m in OWN_PLACES if not (HELPERS / m).is_file())
    assert not gone, f"{gone} no longer exist: take them off OWN_PLACES"


def test_the_check_sees_a_module_naming_a_source(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('from helpers.analysis import sources\n\ndef f(so_bins):\n    return sources.STACK_OVERFLOW\n')
    assert names_in(module) == {"so_bins", "STACK_OVERFLOW"}
    module.write_text('KEY = "aijobs"\n')
    assert names_in(module) == {"'aijobs'"}
    module.write_text('"""Stack Overflow and aijobs in prose."""\n\nfrom helpers.analysis import sources\n\n'
                      'def f():\n    return [s.name for s in sources.SOURCES]\n')
    assert names_in(module) == set()


# ---------------------------------------------------------------- one key per source

def test_each_registered_source_has_one_key_everywhere() -> None:
    manifest = {s["name"] for s in fetch.load_manifest()["sources"]}
    for s in sources.SOURCES:
        assert s.key in manifest, f"{s.key} has no entry in data/sources.json"
        assert s.manifest["license"]["name"] and s.manifest["homepage"]
        assert sources.by_key(s.key) is s
        assert theme.SOURCE_COLORS[s.name] == s.colour
    assert set(explorer.results()["sources"]) <= {s.key for s in sources.SOURCES}
    with pytest.raises(KeyError, match="registered"):
        sources.by_key("stackoverflow")


def test_a_source_module_is_found_by_its_key() -> None:
    modules = fetch.source_modules()
    assert set(modules) <= {s["name"] for s in fetch.load_manifest()["sources"]}
    for module in modules.values():
        assert callable(module.add_to) and callable(module.report_markdown) and module.PACKAGE_NOTE
        errors = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, Exception)
                  and v.__module__ == module.__name__]
        assert errors and all(issubclass(e, fetch.SourceFileError) for e in errors)  # curate turns them into one line


def test_a_surveys_core_declarations_are_collected_by_its_key() -> None:
    modules = surveys.modules()
    assert modules and set(modules) <= set(provenance.SALARY_SOURCES)
    for key, module in modules.items():
        assert module.__name__ == f"helpers.surveys.{key}"
        registered = sources.by_key(key)
        assert {f: getattr(registered, f) for f in module.SOURCE} == module.SOURCE  # registered as declared
        assert all(tables.TABLES[t.name] is t for t in module.TABLES)
        assert registered.table in {t.name for t in module.TABLES}
        terms = provenance.SALARY_SOURCES[key]  # how its tables cite and license it: its data/sources.json entry
        assert all(t.sources[-1] == terms.cited_as and t.licenses == terms.licenses for t in module.TABLES)
    listed = list(tables.TABLES)
    assert listed[-sum(len(m.TABLES) for m in modules.values()):] == [t.name for m in modules.values() for t in m.TABLES]


# ---------------------------------------------------------------- a third source, registered and nothing else

TOY = sources.Source(
    "toy", "Toy survey 2024", "toy_bins", "country of residence", "every respondent", "the survey's grades",
    "salary", lambda b: b, "#000000", ("UK out",))


def _row(region: str, country: str, grade: str, pay: float) -> dict:
    return {"work_year": max(study.POOLED_YEARS), "grade": grade, "residence_country": country, "region": region,
            "bin": math.floor(math.log(pay) / math.log(1.01)), "n": 1, "sum_usd": int(pay)}


@pytest.fixture
def toy_bins() -> pd.DataFrame:
    """A tiny curated table: 40 US and 40 European respondents per grade, a quarter of the Europeans in the UK."""
    rows = []
    for i, grade in enumerate(schema.GRADES[:3]):
        rows += [_row("United States", "US", grade, 100_000.0 * (1 + i) + 1_000 * k) for k in range(40)]
        rows += [_row("Europe", "GB" if k % 4 == 0 else "DE", grade, 50_000.0 * (1 + i) + 500 * k) for k in range(40)]
    out = pd.DataFrame(rows)
    out["grade"] = pd.Categorical(out["grade"], list(schema.GRADES), ordered=True)
    out["region"] = pd.Categorical(out["region"], list(schema.REGIONS))
    return out


#: The toy source's licence, one the collection has not met: share-alike, attribution asked.
BY_SA = {"name": "CC-BY-SA-4.0", "title": "Creative Commons Attribution-ShareAlike 4.0",
         "path": "https://creativecommons.org/licenses/by-sa/4.0/"}
#: The toy source's entry in data/sources.json: its citation, its licence (with what provenance needs about it) and
#: what data/LICENSES.md says of it.
TOY_ENTRY = {
    "name": TOY.key, "title": "Toy survey", "homepage": "https://example.org/toy",
    "license": {k: BY_SA[k] for k in ("name", "title", "path")},
    "attribution": "Toy Survey 2024 by Example Org", "short_name": "Toy",
    "cited_as": {"title": "Toy survey 2024, respondents table", "path": "https://example.org/toy/2024"},
    "table_licenses": [{**BY_SA, "short": "CC BY-SA 4.0", "demands": "share-alike"}],
    "scope": "respondents table, pinned in `data/sources.json`",
    "reuse": "**Attribution:** \"Toy Survey 2024 by Example Org\". **Share-alike:** adapted data stay under CC BY-SA 4.0.",
    "files": [],
}


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch, toy_bins: pd.DataFrame, tmp_path: Path) -> Path:
    """The toy source registered as a third: in the registry, in data/sources.json (so in helpers.provenance, which
    reads it), its table defined and in a package."""
    manifest = fetch.load_manifest()
    entries = [*manifest["sources"], TOY_ENTRY]
    monkeypatch.setattr(fetch, "load_manifest", lambda *a, **k: {**manifest, "sources": entries})
    for name, value in provenance.declared(entries).items():  # what importing helpers.provenance reads from the file
        monkeypatch.setattr(provenance, name, value)
    monkeypatch.setattr(sources, "SOURCES", (TOY,))  # alone, so the test does not recompute the real sources
    terms = provenance.SALARY_SOURCES[TOY.key]
    monkeypatch.setitem(tables.TABLES, TOY.table, dataclasses.replace(
        tables.TABLES["so_salary_bins"], name=TOY.table, sources=(terms.cited_as,), licenses=terms.licenses))
    load = data.load
    monkeypatch.setattr(data, "load", lambda name, *a, **k: toy_bins if name == TOY.table else load(name, *a, **k))
    package = {"sources": [{"title": "Toy survey", "path": TOY_ENTRY["homepage"], "license": BY_SA["name"]}],
               "resources": [{"name": TOY.table, "path": f"{TOY.table}.csv", "licenses": [{"name": BY_SA["name"]}],
                              "sources": [{"title": "Toy survey", "path": TOY_ENTRY["homepage"]}]}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    monkeypatch.setattr(data, "datapackage", lambda *a, **k: package)
    return tmp_path


def test_the_comparisons_loop_over_a_registered_source(registered: Path, toy_bins: pd.DataFrame) -> None:
    gap = sources.us_europe_ratio()
    assert set(gap["source"]) == {TOY.name}
    pooled = gap[gap["grade"] == sources.ALL_GRADES].iloc[0]
    us = toy_bins[toy_bins["region"] == "United States"]
    eu = toy_bins[toy_bins["region"] == "Europe"]
    assert pooled["n_a"] == us["n"].sum() and pooled["n_b"] == eu["n"].sum()
    assert pooled["ratio"] == pytest.approx(us["sum_usd"].median() / eu["sum_usd"].median(), rel=0.03)
    assert set(sources.ladder()["source"]) == {TOY.name} and set(sources.steps()["source"]) == {TOY.name}


def test_the_sensitivity_table_applies_the_choices_a_source_lists(registered: Path) -> None:
    table = sensitivity.ratio_table()
    assert set(table["source"]) == {TOY.name}
    assert set(table["variant"]) == {sensitivity.BASELINE, *TOY.choices}
    uk_out = table[(table["variant"] == "UK out") & (table["measure"] == sources.ALL_GRADES)].iloc[0]
    assert uk_out["n_b"] == 90  # a quarter of the 120 Europeans live in the UK
    line = factcheck.direction_line(TOY.name, table)  # the fact check's "Europe lower" line, for the new source too
    assert line.source == TOY.name and line.verdict == "supported"
    assert factcheck.line_tables()[TOY.name] == (TOY.table,)


def test_the_explorer_and_the_downloads_list_a_registered_source(registered: Path) -> None:
    blocks = explorer.blocks(registered, {"US": "United States", "DE": "Germany", "GB": "United Kingdom"})
    block = blocks[TOY.key]
    assert block["place_label"] == "Country of residence" and block["title"] == "Toy survey"
    assert [v["id"] for v in block["level"]["values"]] == list(schema.GRADES[:3])
    assert block["cells"]["ml"]["nominal"]["Senior"]["US"]["n"] == 40
    assert explorer.drawn_from(TOY.key) == (TOY.table,)
    assert {"title": "Toy survey", "path": "https://example.org/toy", "license": BY_SA["name"]} in \
        downloads.package_sources(registered)


def test_a_registered_source_under_a_new_licence_needs_no_code(registered: Path) -> None:
    """Its figures' data, alone or mixed with the collection's own, carry its licence (the most demanding: it is
    share-alike), its share-alike rule and its attribution, read from its data/sources.json entry alone."""
    alone = licensing.terms([TOY.table])
    assert alone.licence == BY_SA and alone.share_alike and alone.attribution == (TOY_ENTRY["attribution"],)
    assert alone.label() == "CC BY-SA 4.0" and "stay under the CC BY-SA)" in alone.text() and "ODbL" not in alone.text()
    mixed = licensing.terms([TOY.table, "salary_bins"])
    assert mixed.licence == BY_SA and mixed.share_alike and TOY_ENTRY["attribution"] in mixed.attribution
    assert [x["name"] for x in mixed.licences] == ["CC0-1.0", BY_SA["name"]]
    assert TOY.caption.startswith(f"{TOY_ENTRY['attribution']} (CC BY-SA)")
    assert BY_SA in provenance.PACKAGE_LICENSES
    statement = downloads.package_statement()
    assert f"{TOY.table}" in statement and "stay under the CC BY-SA." in statement
    footer = render.data_statement(mixed)
    assert f"{TOY_ENTRY['attribution']} (CC BY-SA 4.0)" in footer and "under the CC BY-SA 4.0 (share-alike)" in footer
    figure = downloads.FigureData(0, 0, 1, "downloads/01_x/figure-1.csv", "downloads/01_x/figure-1.csv-metadata.json",
                                  "A finding", "grade,median\nSenior,1\n", mixed.as_dict())
    page = types.SimpleNamespace(path=Path("01_x.ipynb"), href="01_x.html", number="01", title="X")
    meta = downloads.sidecar(figure, page, [])
    assert meta["dc:license"] == BY_SA and TOY_ENTRY["attribution"] in meta["schema:creditText"].split("; ")
    assert "stays under the CC BY-SA)" in meta["dc:rights"] and "ODbL" not in meta["dc:rights"]


def test_data_under_two_share_alike_licences_is_refused(registered: Path) -> None:
    """The toy source (CC BY-SA) and Stack Overflow (ODbL) each bind derived data to their own licence: a figure drawn
    from both has no licence it could be offered under, so its terms are refused, naming both."""
    with pytest.raises(ValueError, match=r"CC-BY-SA-4\.0 and ODbL-1\.0|ODbL-1\.0 and CC-BY-SA-4\.0"):
        licensing.terms([TOY.table, "so_salary_bins"])
    assert licensing.terms(["so_salary_bins", "salary_bins"]).licence["name"] == "ODbL-1.0"  # one share-alike licence: fine


def test_a_registered_source_has_its_row_in_licenses_md_and_its_caveat(registered: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = {line.split(" | ")[0]: line for line in readme.licences_table().splitlines() if line.startswith("| [")}
    row = rows[f"| [{TOY_ENTRY['attribution']}]({TOY_ENTRY['cited_as']['path']}) ({TOY_ENTRY['scope']})"]
    assert f" | `{TOY.table}` | [CC BY-SA 4.0]({BY_SA['path']}) | {TOY_ENTRY['reuse']} |" in row
    assert len(rows) == 3  # the two sources of the collection keep theirs
    monkeypatch.setattr(data, "salary_bins", lambda *a, **k: None)  # the caveats' share of US records: not this test's
    monkeypatch.setattr(findings, "us_share", lambda bins: (1, 2))
    pay = render.caveats()[1]
    assert pay.startswith("Pay differs by source: ") and "Toy reports salary, by the respondent's country of residence." in pay


def test_a_licence_declared_twice_differently_is_refused() -> None:
    entry = {**TOY_ENTRY, "table_licenses": [{**BY_SA, "short": "CC BY-SA 4.0", "demands": "attribution"}]}
    other = {**entry, "name": "other", "table_licenses": [{**BY_SA, "short": "CC BY-SA 4.0", "demands": "share-alike"}]}
    with pytest.raises(ValueError, match=r"CC-BY-SA-4\.0 declared as"):
        provenance.declared([entry, other])
    with pytest.raises(ValueError, match="demands 'lots'"):
        provenance.declared([{**entry, "table_licenses": [{**BY_SA, "short": "x", "demands": "lots"}]}])
