"""The site read on a phone and on a wide screen: every page of the built site in Chromium at 390 px and 1280 px.

At both widths, on the front page, every notebook page, the downloads page and the explorer:

- no page is wider than the screen (``document.documentElement.scrollWidth <= innerWidth``): a wide table scrolls
  inside its own box, never the page;
- no visible text is rendered below :data:`MIN_TEXT_PX` (the computed font size of each visible text node's element,
  times the drawing's scale for text in an SVG chart);
- every notebook figure fills its column (never wider than its pixels) and is followed by its caption as text
  (source, n), at :data:`MIN_TEXT_PX` or more: the caption is never drawn inside the picture, where a phone shrinks it
  to a few pixels; the front page's lead chart says its caption in its ``figcaption``;
- no text breaks inside a word (``word-break: break-all``), and no table cell holding a number, an interval or an
  "n < 30" note (at most :data:`SHORT_CELL` characters) wraps onto a second line.

The site is built once for the module from the notebooks' stored outputs. :func:`test_the_checks_catch_a_broken_page`
runs the same checks on a synthetic page that breaks each rule, so none of them can pass vacuously.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import paths
from helpers.presentation.site import notebooks
from tests import browser as browser_setup

#: The two widths read: a phone (390 CSS px) and a laptop (1280).
WIDTHS = (390, 1280)
#: Smallest font size (CSS px) of any visible text, figure captions included.
MIN_TEXT_PX = 11
#: A table cell with at most this many characters must not wrap (numbers, intervals, notes).
SHORT_CELL = 20

pytestmark = pytest.mark.skipif(not browser_setup.INSTALLED, reason=browser_setup.SKIP_REASON)

#: Every problem of the page at the current width, as short strings (empty: the page reads well).
_CHECK = r"""([minPx, shortCell]) => {
  const problems = [], W = window.innerWidth;
  const sw = document.documentElement.scrollWidth;
  if (sw > W) problems.push(`page is ${sw}px wide on a ${W}px screen`);
  const visible = e => e.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const where = e => (e.tagName + '.' + (e.getAttribute('class') || '').split(' ')[0]).toLowerCase();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  let node, small = 0, broken = 0;
  while ((node = walker.nextNode())) {
    const e = node.parentElement;
    if (!node.textContent.trim() || !e || seen.has(e) || !visible(e)) continue;
    seen.add(e);
    const style = getComputedStyle(e);
    // SVG text is drawn at its font size times the drawing's scale (a viewBox wider than the screen shrinks it)
    const m = e instanceof SVGGraphicsElement ? e.getScreenCTM() : null;
    const px = parseFloat(style.fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
    if (px < minPx && small++ < 3)
      problems.push(`text at ${px.toFixed(1)}px in ${where(e)}: "${node.textContent.trim().slice(0, 40)}"`);
    if (style.wordBreak === 'break-all' && broken++ < 3)
      problems.push(`word-break: break-all on ${where(e)}: "${node.textContent.trim().slice(0, 40)}"`);
  }
  // notebook figures: the caption follows the image as text
  document.querySelectorAll('.jp-RenderedImage img').forEach((img, i) => {
    if (!visible(img)) return;
    // the figure fills its column, and is never drawn wider than its pixels
    const shown = img.getBoundingClientRect().width, column = img.parentElement.clientWidth;
    if (shown < 0.9 * Math.min(column, img.naturalWidth))
      problems.push(`figure ${i + 1}: ${Math.round(shown)}px wide in a ${column}px column`);
    if (shown > img.naturalWidth) problems.push(`figure ${i + 1}: shown ${Math.round(shown)}px wide from ${img.naturalWidth} pixels`);
    const child = img.closest('.jp-OutputArea-child');
    const next = child && child.nextElementSibling;
    const cap = next && next.querySelector('.report-figure-caption');
    if (!cap || !cap.innerText.trim()) { problems.push(`figure ${i + 1} (${img.alt.slice(0, 50)}): no caption under it`); return; }
    const px = parseFloat(getComputedStyle(cap).fontSize);
    if (px < minPx) problems.push(`figure ${i + 1}: caption at ${px}px`);
  });
  const lead = document.querySelector('figure.lead');
  if (lead) {
    const cap = lead.querySelector('figcaption .source');
    if (!cap || !/n\s*=/.test(cap.innerText)) problems.push('lead chart: no caption with its n');
    else if (parseFloat(getComputedStyle(cap).fontSize) < minPx) problems.push('lead chart: caption too small');
  }
  // numbers, intervals and notes stay on one line
  const figure = /^(n\s*[<≥>]\s*\d+|[(\[]?[−+\-×$]?[\d.,]+\s*[k%×]?(\s*[–-]\s*[−+\-×$]?[\d.,]+\s*[k%×]?)?[)\]]?)$/;
  let wrapped = 0;
  for (const td of document.querySelectorAll('td')) {
    const text = td.innerText.trim();
    if (!text || text.length > shortCell || !figure.test(text) || !visible(td) || td.children.length) continue;
    const range = document.createRange();
    range.selectNodeContents(td);
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (lines.size > 1 && wrapped++ < 3) problems.push(`cell "${text}" wraps onto ${lines.size} lines`);
  }
  return problems;
}"""


def _pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def _problems(chromium, pages: list[Path], width: int) -> dict[str, list[str]]:
    """``{page name: problems}`` for every page read at ``width`` (pages without a problem left out)."""
    left_machine: list[str] = []
    context = browser_setup.open_context(chromium, left_machine)
    try:
        tab = context.new_page()
        tab.set_viewport_size({"width": width, "height": 900})
        found = {}
        for page in pages:
            tab.goto(page.as_uri(), wait_until="load")
            problems = tab.evaluate(_CHECK, [MIN_TEXT_PX, SHORT_CELL])
            if problems:
                found[page.name] = problems
        assert not left_machine, f"requests left the machine: {left_machine}"
        return found
    finally:
        context.close()


def test_every_page_of_the_site_is_read(site: Path) -> None:
    """The pages read below include the front page, each notebook's page, the downloads and the explorer (and any
    other page the site has)."""
    names = {p.name for p in _pages(site)}
    expected = {"index.html", "explorer.html", "downloads.html", *(p.stem + ".html" for p in notebooks.discover(paths.NOTEBOOKS))}
    assert expected <= names, f"pages missing from the site: {expected - names}"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_reads_at_this_width(site: Path, chromium, width: int) -> None:
    found = _problems(chromium, _pages(site), width)
    assert not found, f"at {width}px:\n" + "\n".join(f"{name}: {'; '.join(p)}" for name, p in found.items())


#: A one-pixel PNG.
PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
_BROKEN = """<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width, initial-scale=1.0"><style>
.wide { width: 900px; } .tiny { font-size: 8px; } .cut { word-break: break-all; } td { white-space: normal; }
table { width: 20px; }</style></head><body>
<div class="wide">A block wider than a phone.</div>
<p class="tiny">Text too small to read.</p>
<svg viewBox="0 0 2000 100" style="width: 300px"><text x="0" y="50" style="font-size: 20px">Shrunk chart label</text></svg>
<p class="cut">A raw dictionary broken inside its words.</p>
<table><tr><td>1.61–3.43</td><td>n &lt; 30</td></tr></table>
<div class="jp-OutputArea"><div class="jp-OutputArea-child"><div class="jp-RenderedImage">
<img alt="A figure with no caption" width="20" height="20" style="width: 20px"
src="{PIXEL}"></div></div></div>
<div class="jp-OutputArea"><div class="jp-OutputArea-child"><div class="jp-RenderedImage">
<img alt="A small figure" style="width: 60px" src="{WIDE}"></div></div>
<div class="jp-OutputArea-child"><div class="report-figure-caption" style="font-size: 9px">Source: S, n = 5.</div></div></div>
<figure class="lead"><img alt="lead" width="20" height="20" src="{PIXEL}">
<figcaption>The lead chart.</figcaption></figure>
</body></html>"""


def _wide_png(width: int = 300) -> str:
    """A white PNG ``width`` pixels wide, as a data URL."""
    import base64
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, 10), "white").save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def test_the_checks_catch_a_broken_page(tmp_path: Path, chromium) -> None:
    """A page that breaks every rule at 390 px: each rule reports it (so a pass above means something)."""
    page = tmp_path / "broken.html"
    page.write_text(_BROKEN.replace("{PIXEL}", PIXEL).replace("{WIDE}", _wide_png()), encoding="utf-8")
    problems = " | ".join(_problems(chromium, [page], 390).get(page.name, []))
    for expected in ("page is 9", "text at 8.0px", "text at 3.0px in text", "word-break: break-all", "no caption under it",
                     "from 1 pixels", "figure 2: 60px wide", "figure 2: caption at 9px", "lead chart: no caption",
                     'cell "1.61–3.43" wraps', 'cell "n < 30" wraps'):
        assert expected in problems, f"{expected!r} not reported: {problems}"
    wide_only = tmp_path / "fits.html"
    wide_only.write_text(page.read_text(encoding="utf-8").replace("900px", "300px"), encoding="utf-8")
    assert not any(p.startswith("page is") for p in _problems(chromium, [wide_only], 390).get(wide_only.name, []))
