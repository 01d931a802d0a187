"""The glossary: its entries are complete, its page lists them, and on every notebook page (rendered from the stored
outputs) the first use of each term in the prose links to the term's entry.

The pages are read back with a parser of the test's own (on the standard library's HTML parser): prose is
every text outside links to elsewhere, code, headings, tables, scripts and navigation; a "use" is a form of the term
standing as whole words.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from helpers import paths, study
from helpers.presentation.site import glossary, render
from helpers.presentation.site.notebooks import discover, stored_pages

SKIPPED = glossary.SKIP - {"a"}


class _Prose(HTMLParser):
    """Text nodes of a page in order, each with the glossary anchor it is linked to (``None`` when not a glossary link),
    text inside :data:`SKIPPED` elements or inside other links left out; every element id and glossary link kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str | None]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag in glossary.VOID:
            return
        anchor = None
        if tag == "a":
            href = a.get("href") or ""
            anchor = href.split("#", 1)[1] if href.startswith(glossary.PAGE + "#") else "elsewhere"
            if anchor != "elsewhere":
                self.links.append(anchor)
        self.stack.append((tag, anchor))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if any(t in SKIPPED for t, _ in self.stack):
            return
        links = [a for t, a in self.stack if t == "a"]
        if links and links[-1] == "elsewhere":
            return
        self.texts.append((data, links[-1] if links else None))


def uses(text: str, entry: glossary.Entry) -> bool:
    for form in entry.forms:
        flags = 0 if form.isupper() else re.I
        if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text, flags):
            return True
    return False


def read(page: str) -> _Prose:
    parser = _Prose()
    parser.feed(page)
    return parser


# ---------------------------------------------------------------- the entries and the page

def test_every_entry_has_forms_a_definition_and_the_studys_numbers() -> None:
    entries = glossary.entries()
    assert len(entries) >= 10
    assert len({e.anchor for e in entries}) == len(entries)
    for e in entries:
        assert e.forms and len(e.text) > 80, e.term
    text = " ".join(e.text for e in entries)
    assert "${" not in text and "$" not in " ".join(f for e in entries for f in e.forms)
    assert f"{study.N_BOOT:,} times" in text and f"fewer than {study.SMALL_SAMPLE_N} records" in text
    terms = {e.anchor for e in entries}
    # the terms the issue names a reader meets without explanation
    assert {"inverted-cdf", "bootstrap", "interval", "middle-half", "line-of-evidence", "hollow", "shaded-down", "thin",
            "ppp", "calibrated-range"} <= terms


def test_glossary_page_has_an_entry_per_term() -> None:
    page = glossary.render_glossary("Collection", "footer")
    parsed = read(page)
    assert {e.anchor for e in glossary.entries()} <= parsed.ids
    assert 'href="index.html"' in page and "<script" not in page  # offline, nothing to run


# ---------------------------------------------------------------- the linker

def test_linker_links_the_first_use_in_prose_only() -> None:
    page = ("<html><head><title>95% CI</title><style>p{}</style></head><body><h1>PPP figures</h1><!-- a 95% CI -->\n"
            "<p>A 95% CI,\r\nthen another 95% interval; ppp is no term.</p><table><tr><td>PPP</td></tr></table>"
            "<pre>percentile bootstrap</pre><p>Pay in PPP &amp; a <b>thin group</b>.</p>"
            "<script>if (a < b) { x = '95% CI'; }</script><p><a href='x.html'>PPP</a></p></body></html>")
    out = glossary.link_terms(page)
    parsed = read(out)
    linked = [(t, a) for t, a in parsed.texts if a]
    assert linked == [("95% CI", "interval"), ("PPP", "ppp"), ("thin group", "thin")]
    assert "<script>if (a < b) { x = '95% CI'; }</script>" in out and "<title>95% CI</title>" in out
    assert "<pre>percentile bootstrap</pre>" in out and "Pay in <a" in out and "&amp; a <b>" in out
    # nothing but the links is added, and nothing else changes
    assert re.sub(r'<a class="glossary-term" [^>]*>([^<]*)</a>', r"\1", out) == page


# ---------------------------------------------------------------- the site's notebook pages

@pytest.fixture(scope="module")
def pages(site) -> dict[str, str]:
    """Every notebook page of the site built once for the run (tests/conftest.py), as a reader gets it."""
    hrefs = [p.href for p in stored_pages(discover(paths.NOTEBOOKS))]
    assert hrefs
    return {href: (site / href).read_text(encoding="utf-8") for href in hrefs}


def test_every_term_used_on_a_page_links_to_its_entry_at_its_first_use(pages) -> None:
    anchors = {e.anchor for e in glossary.entries()}
    used_anywhere = set()
    for href, page in pages.items():
        parsed = read(page)
        assert set(parsed.links) <= anchors, f"{href}: a link to no glossary entry: {set(parsed.links) - anchors}"
        assert 'href="glossary.html"' in page, f"{href}: no link to the glossary in its navigation"
        for e in glossary.entries():
            first = next(((t, a) for t, a in parsed.texts if uses(t, e)), None)
            if first is None:
                continue
            used_anywhere.add(e.anchor)
            text, anchor = first
            assert anchor == e.anchor, f"{href}: the first use of {e.term!r} ({text.strip()[:60]!r}) is not linked to it"
            assert parsed.links.count(e.anchor) == 1, f"{href}: {e.term!r} linked more than once"
    # the pages do use the terms the glossary explains
    assert {"interval", "bootstrap", "ppp", "thin", "line-of-evidence", "inverted-cdf"} <= used_anywhere


def test_front_page_links_to_the_glossary() -> None:
    template = (render.TEMPLATES / "index.html.j2").read_text(encoding="utf-8")
    assert 'href="glossary.html"' in template
