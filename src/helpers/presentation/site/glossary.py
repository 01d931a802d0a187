"""The site's glossary: the statistical terms a reader meets, defined once, and linked where each first appears.

The entries are authored in one Markdown file (``templates/glossary/glossary.md``): a ``## Term {#anchor}`` heading,
a ``*Forms:*`` line (the spellings that count as a use of the term, ``;``-separated) and a definition. The study's
numbers in it (``${n_boot}``, ``${small_n}``...) are filled from :mod:`helpers.study`, never typed.
:func:`render_glossary` writes ``glossary.html``; :func:`link_terms` links the first use of each term on a page (in its
prose: not inside links, code, headings, tables or scripts) to its entry.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from string import Template

import jinja2
from nbconvert.filters import markdown2html

from helpers import study

TEMPLATES = Path(__file__).parent / "templates"
SOURCE = TEMPLATES / "glossary" / "glossary.md"
PAGE = "glossary.html"
#: Elements whose text is never linked: links, code, headings, tables, scripts, styles, form controls, the page head.
SKIP = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "script", "style", "head", "title",
                  "button", "select", "option", "textarea", "svg", "nav", "label", "summary"})
#: Elements that never hold text (no closing tag).
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_PAGES = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                            keep_trailing_newline=True)
_HEAD = re.compile(r"^##\s+(?P<term>.+?)\s*\{#(?P<anchor>[\w-]+)\}\s*$")


@dataclass(frozen=True)
class Entry:
    """One glossary entry: the term as headed, its anchor, the forms that count as a use, its definition (Markdown)."""

    term: str
    anchor: str
    forms: tuple[str, ...]
    text: str

    @property
    def pattern(self) -> re.Pattern[str]:
        """The forms as one pattern on whole words (case-insensitive, except for an all-capitals form such as PPP)."""
        parts = [(re.escape(f) if not f.isupper() else f"(?-i:{re.escape(f)})") for f in
                 sorted(self.forms, key=len, reverse=True)]
        return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", re.I)


def values() -> dict[str, str]:
    """The study's numbers the glossary quotes, by placeholder name."""
    return {"n_boot": f"{study.N_BOOT:,}", "small_n": str(study.SMALL_SAMPLE_N), "min_interval_n": str(study.MIN_INTERVAL_N),
            "base_year": str(study.PRICE_BASE_YEAR), "level": f"{study.ESTIMATE_LEVEL:.0%}"}


@functools.cache
def entries(source: Path = SOURCE) -> tuple[Entry, ...]:
    """The glossary's entries, in the authored order (raises ``ValueError`` on an entry without forms or a repeated
    anchor)."""
    text = Template(source.read_text(encoding="utf-8")).substitute(values())
    out: list[Entry] = []
    for block in re.split(r"(?m)^(?=## )", text)[1:]:
        head, *rest = block.strip().splitlines()
        m = _HEAD.match(head)
        if not m:
            raise ValueError(f"{source.name}: a heading without an anchor: {head!r}")
        forms_line = next((ln for ln in rest if ln.startswith("*Forms:*")), "")
        forms = tuple(f.strip() for f in forms_line.removeprefix("*Forms:*").split(";") if f.strip())
        if not forms:
            raise ValueError(f"{source.name}: entry {m['term']!r} has no *Forms:* line")
        body = "\n".join(ln for ln in rest if not ln.startswith("*Forms:*")).strip()
        out.append(Entry(m["term"], m["anchor"], forms, body))
    anchors = [e.anchor for e in out]
    if len(set(anchors)) != len(anchors):
        raise ValueError(f"{source.name}: repeated anchors in {anchors}")
    return tuple(out)


def intro(source: Path = SOURCE) -> tuple[str, str]:
    """(title, first paragraph) of the glossary."""
    text = Template(source.read_text(encoding="utf-8")).substitute(values()).split("\n## ")[0]
    lines = text.strip().splitlines()
    return lines[0].lstrip("# ").strip(), " ".join(ln.strip() for ln in lines[1:] if ln.strip())


def link_terms(page: str, href: str = PAGE) -> str:
    """``page`` (HTML) with the first use of each glossary term in its prose wrapped in a link to the term's entry
    (``<a class="glossary-term" href="glossary.html#anchor">``). Text inside :data:`SKIP` elements is left alone;
    a term whose first use sits there is linked at its first use in prose, if any. Everything else is copied as it is."""
    prose = _Prose(page)
    todo, out, pos = list(entries()), [], 0
    for start, end in prose.spans:
        if not todo:
            break
        out += [page[pos:start], _link_text(page[start:end], todo, href)]
        pos = end
    out.append(page[pos:])
    return "".join(out)


class _Prose(HTMLParser):
    """Where a page's prose is: the offsets of its text outside :data:`SKIP` elements, found by the standard
    library's HTML parser."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[str] = []  # the open elements
        self.spans: list[tuple[int, int]] = []  # (start, end) of each text in prose, in page order
        self._lines = [0, *(m.end() for m in re.finditer("\n", page))]
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closed tag (``<br/>``) opens nothing."""

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        if any(t in SKIP for t in self.stack):
            return
        line, column = self.getpos()
        start = self._lines[line - 1] + column
        end = self.page.find("<", start + 1)  # a text runs to the next tag (a lone "<" is a text of its own)
        self.spans.append((start, len(self.page) if end < 0 else end))


def _link_text(text: str, todo: list[Entry], href: str) -> str:
    """One text node with the first use of each pending entry linked (removed from ``todo`` once linked)."""
    plain = html.unescape(text)
    hits = []
    for e in todo:
        m = e.pattern.search(plain)
        if m:
            hits.append((m.start(), m.end(), e))
    if not hits:
        return text
    hits.sort(key=lambda h: (h[0], -h[1]))
    parts, pos, used = [], 0, []
    for start, end, e in hits:
        if start < pos:  # overlaps a term linked just before: left for a later use
            continue
        parts += [html.escape(plain[pos:start], quote=False),
                  f'<a class="glossary-term" href="{href}#{e.anchor}" title="{html.escape(e.term)}: see the glossary">'
                  f"{html.escape(plain[start:end], quote=False)}</a>"]
        pos = end
        used.append(e)
    parts.append(html.escape(plain[pos:], quote=False))
    for e in used:
        todo.remove(e)
    return "".join(parts)


def render_glossary(title: str, footer: str = "") -> str:
    """``glossary.html``: every entry, in order, each under its anchor (its forms listed), self-contained offline.
    ``footer`` is HTML."""
    head, lead = intro()
    items = [{"anchor": e.anchor, "term": e.term, "forms": e.forms, "html": markdown2html(e.text).strip()}
             for e in entries()]
    return _PAGES.get_template("glossary.html.j2").render(
        head=head, title=title, lead=markdown2html(lead).strip(), entries=items, footer=footer)

