"""The rendered site as a reader sees it: every page opened in headless Chromium (Debian's, never a downloaded one).

The site is rendered from the notebooks' stored outputs (nbval executes them elsewhere in the suite). Checks: every
image loaded, no error / traceback / stderr output, every local link and in-page anchor resolves, no request left
the machine; code is hidden until asked for (per page and per cell) and prose cells have no toggle; every download
(each figure's CSV, its licence sidecar, the data package, the explorer's JSON) resolves and parses.
``screenshots/external_links.txt`` lists the links that point off the site (not fetched). Screenshots are for a
person to look at, never diffed, so they are taken only when asked: ``SITE_SCREENSHOTS=1 make test`` (or pytest on
this file) also saves a full-page JPEG of every page, and of the code toggles, in ``screenshots/``. Every page is
opened and checked either way.

Waits are on readiness, never fixed sleeps: each page is read after its load event, under the generous limit
:data:`tests.browser.READY_MS` (a busy two-core machine renders a long page in seconds, not minutes).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from helpers import paths
from helpers.presentation.site import notebooks
from tests import browser as browser_setup

SCREENSHOTS = browser_setup.SCREENSHOTS
#: Pages of the site that are not notebooks (no figure required, no code toggles).
OTHER_PAGES = ("index.html", "explorer.html", "downloads.html", "glossary.html")

pytestmark = pytest.mark.skipif(not browser_setup.INSTALLED, reason=browser_setup.SKIP_REASON)


@pytest.fixture(scope="module")
def browser(isolated_context):
    return isolated_context


_PAGE_STATE = """() => ({
  images: [...document.images].map(i => ({src: i.src.slice(0, 60), complete: i.complete, width: i.naturalWidth})),
  stderr: [...document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')].map(e => e.innerText.slice(0, 200)),
  errorClasses: document.querySelectorAll('.jp-OutputArea-output.jp-mod-error, .output_error').length,
  text: document.body.innerText,
  links: [...document.querySelectorAll('a[href]')].map(a => [a.getAttribute('href'), a.href]),
  ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  title: document.title,
  downloads: [...document.querySelectorAll('a[download]')].map(a => a.getAttribute('href')),
  toggles: document.querySelectorAll('details.report-code').length,
  openToggles: document.querySelectorAll('details.report-code[open]').length,
  visibleCode: [...document.querySelectorAll('.jp-InputArea-editor')].filter(e => e.checkVisibility()).length,
  proseWithCode: [...document.querySelectorAll('.celltag_prose')].filter(c => c.querySelector('details, .jp-InputArea-editor')).length,
  prose: document.querySelectorAll('.celltag_prose').length,
})"""


def _screenshot(target, name: str, **options) -> None:
    """A JPEG of ``target`` (a page or an element) in ``screenshots/``, when asked (``SITE_SCREENSHOTS=1``)."""
    # JPEG: a long page's PNG takes seconds to encode; this is for a person to look at, not to diff
    browser_setup.screenshot(target, SCREENSHOTS / name, type="jpeg", quality=80, **options)


@pytest.fixture(scope="module")
def visited(site: Path, browser) -> dict[str, dict]:
    """Open every page of the site once: its state (images, outputs, links, ids), and a full-page screenshot when
    asked (``SITE_SCREENSHOTS=1``)."""
    context, _ = browser
    SCREENSHOTS.mkdir(exist_ok=True)
    for old in SCREENSHOTS.glob("*.*"):  # only this run's pictures
        old.unlink()
    tab = context.new_page()
    states = {}
    for html in sorted(site.glob("*.html")):
        response = tab.goto(html.as_uri(), wait_until="load")
        state = tab.evaluate(_PAGE_STATE)
        state["ok"] = response is not None and response.ok
        _screenshot(tab, f"{html.stem}.jpg", full_page=True, animations="disabled", caret="initial")
        states[html.as_uri()] = state
    return states


def test_every_page_renders_cleanly_offline(site: Path, browser, visited: dict[str, dict]) -> None:
    _, left_machine = browser
    expected = list(OTHER_PAGES) + [p.stem + ".html" for p in notebooks.discover(paths.NOTEBOOKS)]
    assert sorted(expected) == sorted(Path(urlsplit(u).path).name for u in visited)
    problems: list[str] = []
    external: set[str] = set()
    for url, state in visited.items():
        name = Path(urlsplit(url).path).name
        if not state["ok"]:
            problems.append(f"{name}: did not load")
        if not state["title"].strip():
            problems.append(f"{name}: no title")
        if name not in OTHER_PAGES and not state["images"]:
            problems.append(f"{name}: no figure at all")
        problems += [f"{name}: image not loaded {i['src']}" for i in state["images"] if not (i["complete"] and i["width"] > 0)]
        problems += [f"{name}: stderr/error output: {s!r}" for s in state["stderr"]]
        if state["errorClasses"]:
            problems.append(f"{name}: {state['errorClasses']} error output(s)")
        if "Traceback (most recent call last)" in state["text"]:
            problems.append(f"{name}: a traceback is shown")
        for href, _ in state["links"]:
            target = urlsplit(href)
            if target.scheme in ("http", "https", "mailto"):
                external.add(href)
            elif target.scheme in ("", "file"):
                local = site / unquote(target.path) if target.path else site / name
                if not local.is_file():
                    problems.append(f"{name}: link to a missing file {href}")
                # as browsers do (HTML spec, "indicated part"): the fragment as written, then percent-decoded
                if target.fragment and not target.path and not {target.fragment, unquote(target.fragment)} & set(state["ids"]):
                    problems.append(f"{name}: anchor #{target.fragment} has no target")
            else:
                problems.append(f"{name}: unexpected link {href}")
    (SCREENSHOTS / "external_links.txt").write_text("".join(f"{u}\n" for u in sorted(external)), encoding="utf-8")
    assert not problems, "\n".join(problems)
    assert not left_machine, f"requests left the machine: {left_machine}"


def test_links_between_pages_resolve(site: Path, visited: dict[str, dict]) -> None:
    """Every local link points at a page of the site that loaded with status ok; every page is linked, and linked back."""
    targets = {absolute.split("#")[0] for state in visited.values() for _, absolute in state["links"]
               if absolute.startswith("file:") and absolute.split("#")[0].endswith(".html")}
    assert targets <= {u for u, s in visited.items() if s["ok"]}, f"links to pages that did not load: {targets - set(visited)}"
    nb_pages = {(site / (p.stem + ".html")).as_uri() for p in notebooks.discover(paths.NOTEBOOKS)}
    assert nb_pages <= targets, f"pages linked from nowhere: {nb_pages - targets}"
    index = (site / "index.html").as_uri()
    assert all(index in {a.split("#")[0] for _, a in visited[u]["links"]} for u in nb_pages), "a page without a link to the index"


def test_code_is_hidden_until_the_reader_asks(site: Path, browser, visited: dict[str, dict]) -> None:
    """On every notebook page no code is visible and no toggle is open; prose cells have no toggle. On notebook 02 the
    page toggle shows all code and hides it again, and one cell's own toggle shows only that cell's code."""
    for url, state in visited.items():
        name = Path(urlsplit(url).path).name
        if name in OTHER_PAGES:
            continue
        assert state["toggles"] and not state["openToggles"] and not state["visibleCode"], f"{name}: code shown by default"
        assert not state["proseWithCode"], f"{name}: a prose cell shows code or a toggle"
    context, _ = browser
    tab = context.new_page()
    page = site / next(p.stem + ".html" for p in notebooks.discover(paths.NOTEBOOKS) if p.name.startswith("02_"))
    tab.goto(page.as_uri(), wait_until="load")
    editors = tab.locator(".jp-InputArea-editor")
    total = tab.locator("details.report-code").count()
    assert total == editors.count() > 0 and all(not editors.nth(i).is_visible() for i in range(total))
    toggle = tab.locator("#report-toggle-code")
    assert toggle.is_visible() and toggle.inner_text() == "Show all code"
    toggle.click()
    tab.wait_for_function("n => document.querySelectorAll('details.report-code[open]').length === n", arg=total)
    assert all(editors.nth(i).is_visible() for i in range(total)) and toggle.inner_text() == "Hide all code"
    _screenshot(tab, "code-shown.jpg")
    toggle.click()
    tab.wait_for_function("() => !document.querySelector('details.report-code[open]')")
    last = tab.locator("details.report-code").nth(total - 1)
    last.locator("summary").click()
    tab.wait_for_function("() => document.querySelectorAll('details.report-code[open]').length === 1")
    assert editors.nth(total - 1).is_visible() and not editors.nth(0).is_visible()
    _screenshot(last, "one-cell-shown.jpg")
    tab.close()


def test_every_download_resolves_and_parses(site: Path, visited: dict[str, dict]) -> None:
    """Each figure's CSV (and its CSVW sidecar), the data package (zip and files) and the explorer's JSON."""
    links = {href for state in visited.values() for href in state["downloads"]}
    links |= {a for state in visited.values() for a, _ in state["links"] if a.startswith("downloads/")}
    kinds = {Path(h).suffix for h in links}
    assert {".zip", ".json", ".csv", ".md"} <= kinds, f"downloads missing from the pages: {sorted(kinds)}"
    for href in sorted(links):
        path = site / unquote(href)
        assert path.is_file(), f"download {href} does not resolve"
        if path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
            assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows), f"{href}: not a rectangular CSV"
            sidecar = path.with_name(path.name + "-metadata.json")
            if sidecar.is_file():  # figure data: licence and source beside it (CSVW)
                meta = json.loads(sidecar.read_text(encoding="utf-8"))
                assert meta["url"] == path.name and meta["dc:license"]["name"] and meta["dc:source"], href
                assert [c["name"] for c in meta["tableSchema"]["columns"]] == rows[0], href
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                assert zf.testzip() is None
                assert {"datapackage.json", "CODEBOOK.md", "LICENSES.md"} <= {n.rsplit("/", 1)[-1] for n in zf.namelist()}
    figures = {h for h in links if h.endswith(".csv") and "/curated/" not in h}
    has_data = [p for p in notebooks.stored_pages(notebooks.discover(paths.NOTEBOOKS))
                if any("text/csv" in o.get("data", {}) for c in p.nb.cells for o in c.get("outputs", []))]
    assert len(figures) >= len(has_data), "a notebook's figure data is not linked from its page"
