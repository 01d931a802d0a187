"""The site builder: failures name notebook and cell, builds are atomic, pages and index are computed; code is hidden
behind toggles (prose cells show only their output), figures' data and the curated package are downloadable."""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers import __main__ as cli
from helpers import licensing
from helpers.presentation.site import build, notebooks, readme, render

#: Seconds of work (about 3 s: sites are built, one from a failing notebook): handed out first to make test's workers.
pytestmark = pytest.mark.slow

KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}}


def _png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, format="PNG")
    return buf.getvalue()


def _figure_output(png: bytes, data_csv: str | None = None, alt: str = ""):
    bundle = {"image/png": base64.b64encode(png).decode(), "text/plain": "<Figure>"}
    metadata = {"image/png": {"alt": alt}} if alt else {}
    if data_csv is not None:  # as theme.show stores it: the terms of data drawn from aijobs' bins
        bundle["text/csv"] = data_csv
        metadata["text/csv"] = licensing.terms(["salary_bins"]).as_dict()
    return new_output("display_data", data=bundle, metadata=metadata)


FIGURE_CSV = "grade,median_usd,n\nJunior,130060,136\nSenior,\"191,968\",1511\n"
PROSE = "The median is **191,968** USD."


def _write(folder: Path, name: str, cells: list) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(new_notebook(cells=cells, metadata=KERNELSPEC), path)
    return path


@pytest.fixture
def stored_collection(tmp_path: Path) -> Path:
    return _collection(tmp_path)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[notebooks.Page]]:
    """The site of :func:`_collection` and the pages ``build_site`` returned, built once for the read-only checks below
    (a build takes seconds: it reads the headline findings and renders every page)."""
    root = tmp_path_factory.mktemp("built")
    pages = build.build_site(root / "site", _collection(root), execute=False)
    return root / "site", pages


@pytest.fixture(scope="module")
def built(built_once: tuple[Path, list[notebooks.Page]]) -> Path:
    return built_once[0]


def _collection(tmp_path: Path) -> Path:
    """Three notebooks with stored outputs (never executed): headings, lead lines, figures of known sizes; notebook 2
    has a prose cell and a figure carrying its data, notebook 3 a widget output."""
    nbs = tmp_path / "notebooks"
    for i, colour in enumerate([(200, 0, 0), (0, 160, 0), (0, 0, 220)], start=1):
        cells = [new_markdown_cell(f"# Question {i}: does **pay** grow?\n\nLead {i}, see [the source](https://example.org/{i}).\n\n"
                                   f"More in [the next notebook]({i % 3 + 1:02d}_topic{i % 3 + 1}.ipynb#Answer).")]
        first = new_code_cell("fig", outputs=[_figure_output(_png(1000, 500, (255, 255, 255)))])
        data_csv = FIGURE_CSV if i == 2 else None
        key = new_code_cell("fig2", outputs=[_figure_output(_png(800, 400, colour), data_csv, alt=f"Finding {i}: pay grows")],
                            metadata={"tags": ["key-figure", f"docs:fig{i}"]})
        cells += [first, key] if i != 3 else [new_code_cell("x = 1")]
        if i == 2:
            cells.append(new_code_cell("display(Markdown(wording.median_sentence(us)))", metadata={"tags": ["prose"]},
                                       outputs=[new_output("display_data", data={"text/markdown": PROSE, "text/plain": "<Markdown>"})]))
            cells.append(new_code_cell("secret_variable_name = 42", outputs=[new_output("stream", name="stdout", text="42\n")]))
        if i == 3:
            widget = {"application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2, "version_minor": 0},
                      "text/plain": "Explorer(grade=Senior, place=Europe)"}
            cells.append(new_code_cell("ui", outputs=[new_output("display_data", data=widget)]))
        path = _write(nbs, f"{i:02d}_topic{i}.ipynb", cells)
        if i == 3:  # as nbclient stores it: the widget's state, which would make nbconvert emit a widget view
            nb = nbformat.read(path, as_version=4)
            nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"abc": {}}, "version_major": 2,
                                                                                        "version_minor": 0}}
            nbformat.write(nb, path)
    _write(nbs, "notes.ipynb", [new_markdown_cell("# not part of the collection")])  # not NN_*: ignored
    return nbs


def test_discover_takes_numbered_notebooks_in_order(stored_collection: Path) -> None:
    assert [p.name for p in notebooks.discover(stored_collection)] == ["01_topic1.ipynb", "02_topic2.ipynb", "03_topic3.ipynb"]


def test_question_and_key_figure_come_from_the_notebook() -> None:
    red = _png(20, 10, (255, 0, 0))
    nb = new_notebook(cells=[
        new_code_cell("import x"),
        new_markdown_cell("Intro without heading"),
        new_code_cell("a", outputs=[_figure_output(_png(5, 5, (0, 0, 0)))]),
        new_code_cell("b", outputs=[_figure_output(red)], metadata={"tags": ["key-figure"]}),
    ])
    assert notebooks.question_of(nb, fallback="nb") == ("nb", "Intro without heading")
    md = "# 09 · A *title*\n\n**Question.** Context first. Does the\nquestion span lines?\n\nMore."
    wrapped = new_notebook(cells=[new_markdown_cell(md)])
    assert notebooks.question_of(wrapped) == ("09 · A title", "Does the question span lines?")
    assert notebooks.key_figure(nb) == red  # the tagged cell wins over the first figure
    nb.cells[3].metadata["tags"] = []
    assert notebooks.key_figure(nb) != red
    assert notebooks.key_figure(new_notebook(cells=[new_code_cell("1")])) is None


def _nav(page: str) -> dict[str, str]:
    """rel -> href of the top navigation bar's links."""
    from bs4 import BeautifulSoup

    nav = BeautifulSoup(page, "html.parser").find("nav", class_="top")
    return {a["rel"][0]: a["href"] for a in nav.find_all("a")}


def test_site_from_stored_outputs(built_once: tuple[Path, list[notebooks.Page]]) -> None:
    out, pages = built_once
    assert [p.href for p in pages] == ["01_topic1.html", "02_topic2.html", "03_topic3.html"]
    assert sorted(f.name for f in out.iterdir()) == ["01_topic1.html", "02_topic2.html", "03_topic3.html", "downloads",
                                                     "downloads.html", "explorer.html", "glossary.html", "index.html"]

    index = (out / "index.html").read_text(encoding="utf-8")
    # one card per notebook, in order, with the question (markdown stripped) and the lead line
    titles = [h.get_text() for h in _soup(out / "index.html").select("li.card h3")]
    assert titles == ["Question 1: does pay grow?", "Question 2: does pay grow?", "Question 3: does pay grow?"]
    assert "Lead 2, see the source." in index
    front = render.headlines()
    shown = html.unescape(index)
    assert all(f.value in shown and f.text in shown and f.detail in shown for f in front)
    # thumbnails: the tagged figure, scaled to the thumbnail width keeping the aspect ratio; none for notebook 3
    from PIL import Image

    thumbs = [img["src"].split(",", 1)[1] for img in _soup(out / "index.html").select("li.card img")]
    assert len(thumbs) == 2
    img = Image.open(io.BytesIO(base64.b64decode(thumbs[1]))).convert("RGB")
    assert img.size == (render.THUMB_WIDTH, render.THUMB_WIDTH // 2)
    assert img.getpixel((10, 10)) == (0, 160, 0)

    # navigation: prev / index / next, and no network resource on any page
    first, middle, last = [(out / f"{p.path.stem}.html").read_text(encoding="utf-8") for p in pages]
    assert _nav(first) == {"index": "index.html", "glossary": "glossary.html", "next": "02_topic2.html"}
    assert _nav(middle) == {"index": "index.html", "glossary": "glossary.html", "prev": "01_topic1.html",
                            "next": "03_topic3.html"}
    assert _nav(last) == {"index": "index.html", "glossary": "glossary.html", "prev": "02_topic2.html"}
    assert 'href="02_topic2.html#Answer"' in first and ".ipynb" not in first  # links between notebooks go to their pages
    for page in (first, middle, last, index):
        assert not re.search(r"<script[^>]+src=", page), "a script loaded from elsewhere"
        assert not re.search(r"<link[^>]+href=\"https?:", page), "a stylesheet loaded from elsewhere"
        assert not re.search(r"@import|url\(\s*['\"]?https?:", page), "CSS fetching from the network"
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', first)) == 2  # plots embedded
    for name in ("explorer.html", "downloads.html"):
        page = (out / name).read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"https?:|@import|url\(\s*['\"]?https?:", page), name


def _soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_code_is_hidden_behind_toggles_and_prose_cells_show_only_their_output(built: Path) -> None:
    page = _soup(built / "02_topic2.html")
    toggles = page.select("details.report-code")
    code_cells = page.select(".jp-CodeCell")
    prose = page.select(".jp-CodeCell.celltag_prose")
    assert len(prose) == 1 and len(code_cells) == 4
    assert len(toggles) == 3 and not any(d.has_attr("open") for d in toggles), "code must be hidden by default"
    for cell in code_cells:  # every source is inside a closed toggle, except the prose cell's, which is not rendered
        for editor in cell.select(".jp-InputArea-editor"):
            assert editor.find_parent("details", class_="report-code") is not None
    assert not prose[0].select("details, .jp-InputArea-editor") and "wording.median_sentence" not in str(prose[0])
    assert "191,968" in prose[0].get_text()
    assert "secret_variable_name" in toggles[-1].get_text()  # the code is there for a reader who asks
    assert page.select_one("#report-toggle-code") is not None and page.select_one("script:not([src])") is not None
    assert not page.select(".jp-InputPrompt, .jp-OutputPrompt")  # no In [1]: / Out[1]: for a reader


def test_each_figure_with_data_links_a_csv_with_its_licence_and_source(built: Path) -> None:
    page = _soup(built / "02_topic2.html")
    links = page.select("p.report-download a[download]")
    assert [a["href"] for a in links] == ["downloads/02_topic2/figure-2.csv"]
    box = links[0].find_parent("div", class_="jp-RenderedImage")  # under its figure, in the figure's own output box
    assert box is not None and box.find("img")["alt"] == "Finding 2: pay grows"
    target = built / links[0]["href"]
    assert target.read_text(encoding="utf-8") == FIGURE_CSV  # unchanged: a plain table any CSV reader opens
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["median_usd"] for r in rows] == ["130060", "191,968"]
    meta = json.loads((built / (links[0]["href"] + "-metadata.json")).read_text(encoding="utf-8"))
    assert meta["url"] == "figure-2.csv" and meta["dc:title"] == "Finding 2: pay grows"
    assert meta["dc:license"]["name"] == "CC0-1.0" and "creativecommons.org" in meta["dc:license"]["path"]  # aijobs: CC0
    assert meta["dc:source"][0]["path"] == "../../02_topic2.html" and any("aijobs" in s["title"] for s in meta["dc:source"])
    assert [c["name"] for c in meta["tableSchema"]["columns"]] == ["grade", "median_usd", "n"]
    assert "CC0 1.0" in " ".join(page.select_one("p.report-download").get_text().split())
    listing = _soup(built / "downloads.html")
    assert "downloads/02_topic2/figure-2.csv" in [a["href"] for a in listing.select("#figures a[download]")]


def test_the_curated_package_is_downloadable_and_reproducible(built: Path, tmp_path: Path, curated_dir: Path) -> None:
    listing = _soup(built / "downloads.html")
    zip_href = listing.select_one("#package a[download]")["href"]
    assert zip_href == "downloads/ml-engineer-careers-data.zip"
    with zipfile.ZipFile(built / zip_href) as zf:
        names = {n.split("/", 1)[1] for n in zf.namelist()}
        every = {p.name for p in curated_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
        assert every | {"LICENSES.md"} == names  # the whole package and the licences
        assert zf.read("ml-engineer-careers-data/salary_bins.csv") == (curated_dir / "salary_bins.csv").read_bytes()
    read_first = {a["href"].rsplit("/", 1)[-1] for a in listing.select("#package li a")}
    assert {"datapackage.json", "CODEBOOK.md", "LICENSES.md"} <= read_first and not any(n.endswith(".csv") for n in read_first)
    for a in listing.select("#package li a"):
        assert (built / a["href"]).is_file(), a["href"]
    again = tmp_path / "again"
    from helpers.presentation.site import downloads

    downloads.write_package(again, curated_dir)
    assert (again / zip_href).read_bytes() == (built / zip_href).read_bytes()  # same data, same bytes


def test_widget_outputs_read_as_text_where_widgets_do_not_run(built: Path) -> None:
    text = (built / "03_topic3.html").read_text(encoding="utf-8")
    assert "Explorer(grade=Senior, place=Europe)" in text and 'href="explorer.html"' in text
    assert "application/vnd.jupyter.widget-view+json" not in text


def test_front_page_has_caveats_a_lead_chart_and_links(built: Path) -> None:
    page = _soup(built / "index.html")
    assert [a["href"] for a in page.select("nav.actions a")] == ["explorer.html", "downloads.html", "glossary.html"]
    caveats = page.select_one(".caveats").get_text(" ")
    assert all(word in caveats for word in ("US companies", "self-reported", "gross annual salary", "total compensation",
                                            "bonuses and equity are not separated", "executive/director",
                                            "Team Lead has no direct counterpart"))
    lead = page.select_one("figure.lead img")
    assert lead["alt"] == "Finding 1: pay grows" and int(lead["width"]) == 800  # never upscaled, never thumbnail-sized
    cards = page.select("li.card img")
    assert all(int(img["width"]) >= 720 or int(img["width"]) == 800 for img in cards)
    assert cards[0]["alt"] == "Finding 1: pay grows"


def test_explorer_page_embeds_the_precomputed_answers(built: Path, curated_dir: Path) -> None:
    from helpers.analysis import explorer

    page = _soup(built / "explorer.html")
    embedded = json.loads(page.select_one("script#explorer-data").string)
    assert embedded == json.loads(json.dumps(explorer.results(curated_dir)))
    assert json.loads((built / "downloads" / "explorer.json").read_text(encoding="utf-8")) == embedded
    assert page.select_one("#source-field").has_attr("hidden")  # shown by the script only when two sources are curated


def test_failing_notebook_is_named_with_its_cell_and_site_is_kept(tmp_path: Path, capsys) -> None:
    nbs = tmp_path / "notebooks"
    fine = _write(nbs, "01_fine.ipynb", [new_markdown_cell("# Fine"), new_code_cell("print(6 * 7)")])
    bad = _write(nbs, "02_broken.ipynb", [new_markdown_cell("# Broken"), new_code_cell("x = 1"),
                                          new_code_cell("raise ValueError('boom ' + str(x))"), new_code_cell("print('never')")])
    before = {p: p.read_bytes() for p in (fine, bad)}
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous site", encoding="utf-8")

    code = cli.main(["site", "--out", str(out), "--notebooks", str(nbs), "--jobs", "2"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "02_broken.ipynb, cell 3 (`raise ValueError('boom ' + str(x))`): ValueError: boom 1" in err
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "site"]  # no half-written build left
    assert {p: p.read_bytes() for p in (fine, bad)} == before  # executing does not rewrite the notebook files


def test_rebuild_replaces_the_whole_site(stored_collection: Path, built: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "site"
    shutil.copytree(built, out)  # a previous build of the same collection (the same files: no second build needed)
    (stored_collection / "03_topic3.ipynb").unlink()
    build.build_site(out, stored_collection, execute=False)
    assert sorted(f.name for f in out.iterdir()) == ["01_topic1.html", "02_topic2.html", "downloads", "downloads.html",
                                                     "explorer.html", "glossary.html", "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "site"]


def test_docs_figures_written_from_tagged_cells(stored_collection: Path, tmp_path: Path, monkeypatch) -> None:
    from PIL import Image

    monkeypatch.setattr(readme, "DOCS_FIGURES", {"second": "*_topic2", "absent": "*_nothing*"})
    pages = notebooks.stored_pages(notebooks.discover(stored_collection))
    sources = readme.docs_sources(pages)
    assert sorted(sources) == ["fig1", "fig2", "second"]  # tags, plus the pattern that matches a notebook
    assert sources["second"] == ("02_topic2.ipynb", notebooks.key_figure(pages[1].nb))
    monkeypatch.setattr(readme, "DOCS_FIGURES", {})

    written = readme.write_docs_figures(pages, tmp_path / "docs", max_width=400)
    assert [p.name for p in written] == ["fig1.png", "fig2.png"]
    img = Image.open(written[1]).convert("RGB")
    assert img.size == (400, 200) and img.getpixel((200, 100)) == (0, 160, 0)
