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
from pathlib import Path
from string import Template

from helpers import study

SOURCE = Path(__file__).parent / "templates" / "glossary" / "glossary.md"
PAGE = "glossary.html"
#: Elements whose text is never linked: links, code, headings, tables, scripts, styles, form controls, the page head.
SKIP = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "script", "style", "head", "title",
                  "button", "select", "option", "textarea", "svg", "nav", "label", "summary"})
#: Elements that never hold text (no closing tag).
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_HEAD = re.compile(r"^##\s+(?P<term>.+?)\s*\{#(?P<anchor>[\w-]+)\}\s*$")
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>|[^<]+|<", re.S)


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
    a term whose first use sits there is linked at its first use in prose, if any. Scripts and styles are copied as
    they are."""
    todo, out, stack, pos = list(entries()), [], [], 0
    for raw in (*_RAW.finditer(page), None):
        end = raw.start() if raw else len(page)
        for m in _TOKEN.finditer(page, pos, end):
            token, closing, tag = m.group(0), m.group(1), (m.group(2) or "").lower()
            if tag:
                if closing:
                    if tag in stack:
                        while stack.pop() != tag:
                            pass
                elif tag not in VOID and not m.group(3):
                    stack.append(tag)
                out.append(token)
            elif token.startswith("<") or not todo or any(t in SKIP for t in stack):
                out.append(token)
            else:
                out.append(_link_text(token, todo, href))
        if raw:
            out.append(raw.group(0))
            pos = raw.end()
    return "".join(out)


_RAW = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)


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


def paragraphs(text: str) -> str:
    """A definition's plain paragraphs (blank-line separated) as HTML, ``*words*`` in italics."""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n".join("<p>" + re.sub(r"\*([^*]+)\*", r"<em>\1</em>", html.escape(p, quote=False)) + "</p>" for p in paras)


def render_glossary(title: str, footer: str = "") -> str:
    """``glossary.html``: every entry, in order, each under its anchor (its forms listed), self-contained offline."""
    head, lead = intro()
    items = []
    for e in entries():
        forms = ", ".join(f"<i>{html.escape(f)}</i>" for f in e.forms)
        items.append(f'<section id="{e.anchor}" class="entry">\n<h2>{html.escape(e.term)}</h2>\n'
                     f'<p class="forms">Written on these pages as: {forms}</p>\n{paragraphs(e.text)}\n</section>')
    body = "\n".join(items)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(head)} · {html.escape(title)}</title>
<style>
  body {{ font: 16px/1.55 "DejaVu Sans", Verdana, sans-serif; color: #222; background: #fafafa; margin: 0; }}
  main {{ max-width: 46em; margin: 0 auto; padding: 1em 1.2em 2em; }}
  nav a, a {{ color: #0b5394; }}
  section.entry {{ background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.2em 1.1em 0.6em;
                  margin: 1em 0; scroll-margin-top: 1em; }}
  section.entry:target {{ border-color: #222; box-shadow: 0 0 0 2px #222; }}
  h2 {{ font-size: 1.15em; margin: 0.7em 0 0.2em; }}
  p.forms {{ color: #555; font-size: 0.9em; margin: 0 0 0.5em; }}
  footer {{ color: #555; font-size: 0.85em; max-width: 46em; margin: 0 auto; padding: 0 1.2em 2em; }}
</style>
</head>
<body>
<main>
<nav aria-label="site"><a href="index.html">All notebooks</a></nav>
<h1>{html.escape(head)}</h1>
<p>{html.escape(lead)}</p>
{body}
</main>
<footer>{footer}</footer>
</body>
</html>
"""
