"""The right licence on every file: a figure's data carries the licence of the curated tables it was drawn from
(recorded by theme.show, refused when unknown), and the sidecars, the downloads page, the zip and every footer say it."""

from __future__ import annotations

import itertools
import json
import zipfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers import data, licensing, paths, provenance, tables
from helpers.analysis import sources, stats, warehouse
from helpers.analysis.sources import STACK_OVERFLOW as SO
from helpers.presentation import theme
from helpers.presentation.site import downloads, explorer_page, readme, render
from helpers.presentation.site.notebooks import Page
from tests import display

SO_ATTRIBUTION = "Stack Overflow Developer Survey 2024"  # the attribution the survey's licence asks for (LICENSES.md)
SO_TABLES = ("so_salary_bins", "so_dev_types", "so_countries")


def _shown(fig, table: pd.DataFrame | None) -> dict:
    """What theme.show displays for ``fig`` and ``table``, as the notebook would store it (one display_data output)."""
    (bundle, meta), = display.captured(lambda: theme.show(fig, data=table))
    return new_output("display_data", data=bundle, metadata=meta)


def _figure(title: str):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([1, 2], [3, 4])
    theme.finding_title(ax, title)
    return fig


def _so_table() -> pd.DataFrame:
    """US vs Europe medians of the Stack Overflow ML pool: a table drawn from so_salary_bins alone."""
    rows = stats.subset(sources.STACK_OVERFLOW.ml(), region=["United States", "Europe"])
    return stats.quantile_table(rows, ["region"], qs=[0.5])


def _aijobs_table() -> pd.DataFrame:
    return stats.quantile_table(stats.subset(data.salary_bins(), role_family="ml_engineering"), ["grade"], qs=[0.5])


# ---------------------------------------------------------------- provenance and terms

def test_a_loaded_table_names_itself_and_keeps_it_through_filtering() -> None:
    so = data.load("so_salary_bins")
    assert licensing.tables_of(so) == ("so_salary_bins",)
    assert licensing.tables_of(so[so["n"] > 1].assign(x=1)) == ("so_salary_bins",)
    assert licensing.tables_of(pd.DataFrame({"a": [1]})) is None  # built from nothing known: unknown, never guessed


def test_carry_unites_and_an_unknown_input_makes_the_result_unknown() -> None:
    a, b = licensing.tag(pd.DataFrame({"x": [1]}), "salary_bins"), licensing.tag(pd.DataFrame({"x": [2]}), "so_salary_bins")
    merged = licensing.carry(a.merge(b, how="outer"), a, b)  # merge drops attrs: the helper carries them
    assert licensing.tables_of(merged) == ("salary_bins", "so_salary_bins")
    assert licensing.tables_of(licensing.carry(merged.copy(), a, pd.DataFrame())) is None
    with pytest.raises(KeyError):
        licensing.tag(pd.DataFrame(), "not_a_table")


def test_terms_of_one_table_are_its_definitions_licences() -> None:
    for name, t in tables.TABLES.items():
        terms = licensing.terms([name])
        assert terms.licence["name"] in {x["name"] for x in t.licenses}
        assert {x["name"] for x in terms.licences} == {x["name"] for x in t.licenses}
    assert licensing.terms(["salary_bins"]).licence["name"] == "CC0-1.0"  # aijobs-derived data keep CC0 (LICENSES.md)
    for name in SO_TABLES:
        assert licensing.terms([name]).licence["name"] == "ODbL-1.0"


@pytest.mark.parametrize("pair", list(itertools.combinations(sorted(tables.TABLES), 2)), ids="+".join)
def test_mixed_data_take_the_most_demanding_licence_and_every_attribution(pair: tuple[str, str]) -> None:
    terms = licensing.terms(pair)
    rank = provenance.RESTRICTIVENESS
    assert rank[terms.licence["name"]] == max(rank[x["name"]] for n in pair for x in tables.TABLES[n].licenses)
    assert terms.share_alike == any(n in SO_TABLES for n in pair)
    assert (SO_ATTRIBUTION in terms.attribution) == any(n in SO_TABLES for n in pair)
    if terms.share_alike:
        assert terms.licence["name"] == "ODbL-1.0" and "DbCL 1.0" in terms.label() and SO_ATTRIBUTION in terms.text()
    for n in pair:  # every source of every table is named (the project's own tables need no attribution)
        for s in tables.TABLES[n].sources:
            if s["path"] != provenance.PROJECT["path"]:
                assert s["path"] in {x["path"] for x in terms.sources}


def test_statistics_sources_and_sql_carry_the_tables_they_read() -> None:
    assert licensing.tables_of(_so_table()) == ("so_salary_bins",)
    both = sources._stack([_so_table().assign(source="so"), _aijobs_table().assign(source="aijobs")])
    assert licensing.tables_of(both) == ("salary_bins", "so_salary_bins")
    con = warehouse.connect()
    assert licensing.tables_of(warehouse.query(con, "SELECT count(*) AS n FROM so_salary_bins, countries")) == \
        ("countries", "so_salary_bins")
    csv = (Path(paths.CURATED) / "salary_bins.csv").as_posix()
    assert licensing.tables_of(warehouse.query(con, f"SELECT count(*) AS n FROM read_csv('{csv}')")) is None


def test_licenses_md_is_what_make_docs_writes(tmp_path: Path) -> None:
    copy = tmp_path / "LICENSES.md"
    copy.write_text((paths.DATA / "LICENSES.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert not readme.write_licences(copy), "data/LICENSES.md's salary sources are stale: run `make docs`"


def test_licenses_md_gives_each_salary_source_its_licences_and_tables() -> None:
    text = (paths.DATA / "LICENSES.md").read_text(encoding="utf-8")
    block = text[text.index(readme.LICENSES_START):text.index(readme.LICENSES_END)]
    for terms in provenance.SALARY_SOURCES.values():
        row = next(line for line in block.splitlines() if line.startswith(f"| [{terms.attribution}]({terms.cited_as['path']})"))
        assert all(f"[{provenance.short_name(x['name'])}]({x['path']})" in row for x in terms.licenses)
        drawn = [t.name for t in tables.TABLES.values() if terms.cited_as in t.sources]
        assert drawn and all(f"`{name}`" in row.split(" | ")[1] for name in drawn)
    so_row = next(line for line in block.splitlines() if SO_ATTRIBUTION in line)
    assert "for the database" in so_row and "for its contents" in so_row and "**Share-alike:**" in so_row
    assert "| Official statistics" in text[text.index(readme.LICENSES_END):]  # the other sources: written by hand


# ---------------------------------------------------------------- theme.show records, or refuses

def test_show_records_the_licence_of_stack_overflow_data() -> None:
    out = _shown(_figure("SO medians"), _so_table())
    terms = out.metadata["text/csv"]
    assert terms["tables"] == ["so_salary_bins"] and terms["license"]["name"] == "ODbL-1.0" and terms["share_alike"]
    assert SO_ATTRIBUTION in terms["attribution"] and "so_salary_bins" in out.metadata["tables_loaded"]


def test_show_records_cc0_for_aijobs_data_alone() -> None:
    terms = _shown(_figure("aijobs medians"), _aijobs_table()).metadata["text/csv"]
    assert terms["license"]["name"] == "CC0-1.0" and not terms["share_alike"] and SO_ATTRIBUTION not in terms["attribution"]


def test_show_refuses_a_table_whose_provenance_is_unknown() -> None:
    fig = _figure("typed in")

    def show() -> None:
        with pytest.raises(theme.UnknownProvenance, match="licence of its data is unknown"):
            theme.show(fig, data=pd.DataFrame({"grade": ["Senior"], "median": [150000]}))

    captured = display.captured(show)
    assert not captured and fig.number not in plt.get_fignums()  # nothing shown, the figure closed


# ---------------------------------------------------------------- the site states it

@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    """Three notebooks as theme.show stores them: a Stack Overflow figure, an aijobs figure, and a figure stored
    before the terms were recorded (its CSV has no licence metadata)."""
    root = tmp_path_factory.mktemp("nbs")
    before = set(data.LOADED)

    def kernel(title: str, table) -> dict:  # each notebook runs in a fresh kernel: nothing loaded yet
        data.LOADED.clear()
        return _shown(_figure(title), table())

    try:
        outputs = [kernel("SO medians", _so_table), kernel("aijobs medians", _aijobs_table), kernel("stored long ago", _aijobs_table)]
    finally:
        data.LOADED.update(before)
    outputs[2].metadata.pop("text/csv")
    outputs[2].metadata.pop("tables_loaded")
    out = []
    for i, output in enumerate(outputs, start=1):
        nb = new_notebook(cells=[new_markdown_cell(f"# Notebook {i}\n\nDoes it hold?"), new_code_cell("fig", outputs=[output])])
        path = root / f"0{i}_n{i}.ipynb"
        nbformat.write(nb, path)
        out.append(Page(path, nbformat.read(path, as_version=4)))
    return out


def _sidecar(page: Page, tmp_path: Path) -> dict:
    figs = downloads.figure_data(page)
    downloads.write_figures(page, figs, tmp_path, [{"title": "package source", "path": "x"}])
    return json.loads((tmp_path / figs[0].sidecar).read_text(encoding="utf-8"))


def test_a_stack_overflow_figure_sidecar_says_odbl_with_the_attribution(pages: list[Page], tmp_path: Path) -> None:
    meta = _sidecar(pages[0], tmp_path)
    assert meta["dc:license"]["name"] == "ODbL-1.0" and "opendatacommons.org" in meta["dc:license"]["path"]
    assert SO_ATTRIBUTION in meta["schema:creditText"] and "share-alike" in meta["dc:rights"]
    assert "survey.stackoverflow.co" in " ".join(s["path"] for s in meta["dc:source"])


def test_an_aijobs_figure_sidecar_says_cc0(pages: list[Page], tmp_path: Path) -> None:
    meta = _sidecar(pages[1], tmp_path)
    assert meta["dc:license"]["name"] == "CC0-1.0" and SO_ATTRIBUTION not in json.dumps(meta)


def test_an_unrecorded_figure_claims_no_licence_and_points_to_licenses_md(pages: list[Page], tmp_path: Path) -> None:
    meta = _sidecar(pages[2], tmp_path)
    assert "dc:license" not in meta and "LICENSES.md" in meta["dc:rights"]


def test_downloads_page_states_each_files_licence_and_the_sites_own(pages: list[Page]) -> None:
    figures = {p.href: downloads.figure_data(p) for p in pages}
    soup = BeautifulSoup(render.render_downloads(pages, figures, ["downloads/x.zip"], "t"), "html.parser")
    items = {li.find("a")["href"]: " ".join(li.get_text().split()) for li in soup.select("#figures li")}
    so, aijobs, legacy = (items[f"downloads/{p.path.stem}/figure-1.csv"] for p in pages)
    assert "ODbL 1.0" in so and SO_ATTRIBUTION in so
    assert "CC0 1.0" in aijobs and "ODbL" not in aijobs and SO_ATTRIBUTION not in aijobs
    assert "not recorded" in legacy
    assert "ODbL" in soup.select_one("#package").get_text() and SO_ATTRIBUTION in soup.select_one("#package").get_text()
    assert "CC BY 4.0" in soup.footer.get_text() and SO_ATTRIBUTION in soup.footer.get_text()
    assert "Attribution 4.0" in soup.select_one("#licences").get_text()  # the site's text and figures, apart


def test_every_footer_carries_the_attribution_where_stack_overflow_numbers_appear(pages: list[Page]) -> None:
    def foot(page_html: str) -> str:
        return " ".join(BeautifulSoup(page_html, "html.parser").find_all("footer")[-1].get_text().split())

    so_page, aijobs_page = (foot(render.render_page(p, None, None)) for p in pages[:2])
    assert SO_ATTRIBUTION in so_page and "ODbL 1.0" in so_page and "CC BY 4.0 (LICENSE-TEXT)" in so_page
    assert SO_ATTRIBUTION not in aijobs_page and "CC0 1.0" in aijobs_page
    assert "LICENSES.md" in foot(render.render_page(pages[2], None, None))
    front = foot(render.render_index(pages[:2], [], "t", "", []))  # the front page shows every page's numbers
    assert SO_ATTRIBUTION in front and "ODbL 1.0" in front and "CC BY 4.0 (LICENSE-TEXT)" in front
    assert SO_ATTRIBUTION not in foot(render.render_index(pages[1:2], [], "t", "", []))
    unrecorded = foot(render.render_index(pages, [], "t", "", []))  # a page without records: the whole package's terms
    assert SO_ATTRIBUTION in unrecorded and "LICENSES.md" in unrecorded
    explorer = {"sources": {"aijobs": {"units": [{"id": "nominal"}, {"id": "ppp"}]},
                            "so_survey": {"units": [{"id": "nominal"}]}}, "profiles": {}}
    terms = explorer_page.data_terms(explorer)
    assert terms.share_alike and SO_ATTRIBUTION in render.data_statement(terms)
    assert not explorer_page.data_terms({"sources": {"aijobs": {"units": [{"id": "nominal"}]}}}).share_alike


def test_the_explorers_numbers_carry_the_licence_of_each_unit() -> None:
    from helpers.analysis import explorer

    res = explorer.results()
    units = {(key, u["id"]): u["licence"] for key, src in res["sources"].items() for u in src["units"]}
    assert units[("aijobs", "nominal")].startswith("CC0 1.0") and SO_ATTRIBUTION not in units[("aijobs", "nominal")]
    assert units[("aijobs", "ppp")].startswith("CC BY 4.0") and "World Bank" in units[("aijobs", "ppp")]
    so = [v for (key, _), v in units.items() if key == SO.key]
    assert so and all(v.startswith("ODbL 1.0") and SO_ATTRIBUTION in v for v in so)
    assert res["profiles"]["licence"] == licensing.terms(("salary_bins", "official_statistics", "countries")).text()


def test_the_zip_comment_states_the_mixed_licences(tmp_path: Path, curated_dir: Path) -> None:
    downloads.write_package(tmp_path, curated_dir)
    with zipfile.ZipFile(tmp_path / downloads.DOWNLOADS / downloads.ZIP_NAME) as zf:
        comment = zf.comment.decode("utf-8")
    assert "mixed-licence" in comment and "ODbL 1.0" in comment and SO_ATTRIBUTION in comment and "CC0 1.0" in comment
    for name in SO_TABLES:
        assert name in comment


# ---------------------------------------------------------------- the collection's own figures

#: The numbered notebooks and the template, which obeys every rule they do.
CHECKED = [*sorted((Path(paths.ROOT) / "notebooks").glob("[0-9][0-9]_*.ipynb")), paths.TEMPLATE]


@pytest.mark.parametrize("path", CHECKED, ids=[p.name for p in CHECKED])
def test_every_stored_figure_records_the_licence_of_its_data(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if "text/csv" in out.get("data", {}):
                terms = downloads.recorded_terms(out)
                assert terms, f"cell {i}: figure data without recorded licence (re-run the notebook)"
                assert terms["license"]["name"] == licensing.terms(terms["tables"]).licence["name"], f"cell {i}"
                assert (SO_ATTRIBUTION in terms["attribution"]) == any(t in SO_TABLES for t in terms["tables"]), f"cell {i}"

