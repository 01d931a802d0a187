"""The site builder: failures name notebook and cell, builds are atomic, pages and index are computed."""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers import __main__ as cli
from helpers.presentation.site import build, notebooks, readme, render

KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}}


def _png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, format="PNG")
    return buf.getvalue()


def _figure_output(png: bytes):
    return new_output("display_data", data={"image/png": base64.b64encode(png).decode(), "text/plain": "<Figure>"})


def _write(folder: Path, name: str, cells: list) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(new_notebook(cells=cells, metadata=KERNELSPEC), path)
    return path


@pytest.fixture
def stored_collection(tmp_path: Path) -> Path:
    """Three notebooks with stored outputs (never executed): headings, lead lines, figures of known sizes."""
    nbs = tmp_path / "notebooks"
    for i, colour in enumerate([(200, 0, 0), (0, 160, 0), (0, 0, 220)], start=1):
        cells = [new_markdown_cell(f"# Question {i}: does **pay** grow?\n\nLead {i}, see [the source](https://example.org/{i}).")]
        first = new_code_cell("fig", outputs=[_figure_output(_png(1000, 500, (255, 255, 255)))])
        key = new_code_cell("fig2", outputs=[_figure_output(_png(800, 400, colour))], metadata={"tags": ["key-figure", f"docs:fig{i}"]})
        cells += [first, key] if i != 3 else [new_code_cell("x = 1")]
        _write(nbs, f"{i:02d}_topic{i}.ipynb", cells)
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


def test_site_from_stored_outputs(stored_collection: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    pages = build.build_site(out, stored_collection, execute=False)
    assert [p.href for p in pages] == ["01_topic1.html", "02_topic2.html", "03_topic3.html"]
    assert sorted(f.name for f in out.iterdir()) == ["01_topic1.html", "02_topic2.html", "03_topic3.html", "index.html"]

    index = (out / "index.html").read_text(encoding="utf-8")
    # one card per notebook, in order, with the question (markdown stripped) and the lead line
    titles = [html.unescape(t) for t in re.findall(r"<h3>(.*?)</h3>", index)]
    assert titles == ["Question 1: does pay grow?", "Question 2: does pay grow?", "Question 3: does pay grow?"]
    assert "Lead 2, see the source." in index
    front = render.headlines()
    shown = html.unescape(index)
    assert all(f.value in shown and f.text in shown and f.detail in shown for f in front)
    # thumbnails: the tagged figure, scaled to the thumbnail width keeping the aspect ratio; none for notebook 3
    from PIL import Image

    thumbs = re.findall(r'src="data:image/png;base64,([^"]+)"', index)
    assert len(thumbs) == 2
    img = Image.open(io.BytesIO(base64.b64decode(thumbs[1]))).convert("RGB")
    assert img.size == (render.THUMB_WIDTH, render.THUMB_WIDTH // 2)
    assert img.getpixel((10, 10)) == (0, 160, 0)

    # navigation: prev / index / next, and no network resource on any page
    first, middle, last = [(out / f"{p.path.stem}.html").read_text(encoding="utf-8") for p in pages]
    assert _nav(first) == {"index": "index.html", "next": "02_topic2.html"}
    assert _nav(middle) == {"index": "index.html", "prev": "01_topic1.html", "next": "03_topic3.html"}
    assert _nav(last) == {"index": "index.html", "prev": "02_topic2.html"}
    for page in (first, middle, last, index):
        assert not re.search(r"<script[^>]+src=", page), "a script loaded from elsewhere"
        assert not re.search(r"<link[^>]+href=\"https?:", page), "a stylesheet loaded from elsewhere"
        assert not re.search(r"@import|url\(\s*['\"]?https?:", page), "CSS fetching from the network"
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', first)) == 2  # plots embedded


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


def test_rebuild_replaces_the_whole_site(stored_collection: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build.build_site(out, stored_collection, execute=False)
    (stored_collection / "03_topic3.ipynb").unlink()
    build.build_site(out, stored_collection, execute=False)
    assert sorted(f.name for f in out.iterdir()) == ["01_topic1.html", "02_topic2.html", "index.html"]
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
