"""Rendering the site's HTML: one page per notebook (nbconvert, offline template) and the front page.

Rendering only: the front page's headline numbers come from :mod:`helpers.analysis.findings` (the same results the
notebooks show); this module words them and lays them out, it computes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from helpers import paths
from helpers.presentation.site.images import thumbnail
from helpers.presentation.site.notebooks import Page, plain_text, key_figure

TEMPLATES = Path(__file__).parent / "templates"
#: Width in pixels of the front page cards' thumbnails.
THUMB_WIDTH = 480
DEFAULT_TITLE = "ML engineer careers: the notebook collection"


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)], embed_images=True)


def render_page(page: Page, prev: Page | None, nxt: Page | None, exporter=None) -> str:
    """One notebook page: the lab look, offline, with previous / index / next links."""
    exporter = exporter or _exporter()
    nav = {"index": "index.html",
           "prev": {"href": prev.href, "title": prev.title} if prev else None,
           "next": {"href": nxt.href, "title": nxt.title} if nxt else None}
    nb = copy.deepcopy(page.nb)
    nb.metadata["title"] = page.title
    figure = 0
    for cell in nb.cells:  # alt text for figures that have none (screen readers; nbconvert warns otherwise)
        for o in cell.get("outputs", []):
            if "image/png" in o.get("data", {}):
                figure += 1
                meta = o.setdefault("metadata", {}).setdefault("image/png", {})
                meta.setdefault("alt", f"Figure {figure} of notebook {page.number}: {page.title}")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": page.title, "path": str(page.path.parent)},
                                                         "report_nav": nav})
    return body


def collection_title(readme: Path = paths.ROOT / "README.md") -> tuple[str, str]:
    """(title, first paragraph) of the README, the collection's own words."""
    if not readme.is_file():
        return DEFAULT_TITLE, ""
    title, para, lines = DEFAULT_TITLE, [], readme.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# "):
            title = plain_text(line[2:])
            for rest in lines[i + 1:]:
                if rest.strip().startswith("#") or (not rest.strip() and para):
                    break
                if rest.strip():
                    para.append(rest.strip())
            break
    return title, plain_text(" ".join(para))


@dataclass(frozen=True)
class Headline:
    """One headline number on the front page, worded: the figure, what it says, and its n, units and years."""

    value: str
    text: str
    detail: str


def _ci(est, fmt: str) -> str:
    return f" (95% CI {fmt.format(est.lo)}–{fmt.format(est.hi)})" if est.available else ""


def headlines(curated: Path = paths.CURATED) -> list[Headline]:
    """The front page's three headline numbers, read from :mod:`helpers.analysis.findings` and worded."""
    from helpers import data, study
    from helpers.analysis import findings

    bins = data.salary_bins(curated)
    span = study.years_label(study.POOLED_YEARS)
    out = []

    senior = findings.us_europe_gap(bins).set_index("grade").loc["Senior"]
    if senior["n_a"] and senior["n_b"]:
        out.append(Headline(f"{senior['ratio']:.2f}×", "US vs Europe: a Senior ML engineer's median pay at a US company is this "
                            f"multiple of the European median (95% CI {senior['lo']:.2f}–{senior['hi']:.2f}).",
                            f"US ${senior['value_a']:,.0f} (n = {senior['n_a']:,}) vs Europe ${senior['value_b']:,.0f} "
                            f"(n = {senior['n_b']:,}); nominal USD, {span}."))
    else:
        out.append(Headline("n/a", "US vs Europe, Senior ML engineers: no data for one of the regions.", span))

    step = findings.junior_to_senior(bins)
    if step.ratio.available:
        out.append(Headline(f"{step.ratio.value:.2f}×", "Junior to Senior in the US: the median Senior ML engineer earns this "
                            f"multiple of the median Junior{_ci(step.ratio, '{:.2f}')}.",
                            f"Junior ${step.median_from.value:,.0f} (n = {step.median_from.n:,}) to Senior "
                            f"${step.median_to.value:,.0f} (n = {step.median_to.n:,}); nominal USD, {span}."))
    else:
        out.append(Headline("n/a", "Junior to Senior in the US: no data for one of the grades.", span))

    claim = findings.us_ml_salary_claim(bins, data.load("claims", curated))
    if claim.claimed is not None and claim.median.available:
        m = claim.median
        extra = f"; survey mean ${claim.check.estimate:,.0f}, fact-check verdict on the claim: {claim.check.verdict}" if claim.check else ""
        out.append(Headline(f"${m.value:,.0f}", f"US ML median pay (ML engineering and research, all grades){_ci(m, '${:,.0f}')} "
                            f"against the article's ${claim.claimed:,.0f}: {(m.value / claim.claimed - 1) * 100:+.0f}%.",
                            f"n = {m.n:,}, nominal USD, work year {claim.year}; the article states an average{extra}."))
    else:
        out.append(Headline("n/a", "US ML median against the article's figure: the figure or the data is missing.",
                            f"work year {claim.year}"))
    return out


def render_index(pages: Sequence[Page], headline_list: Sequence[Headline], title: str, intro: str) -> str:
    """The front page from ``templates/index.html.j2``."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False, undefined=jinja2.StrictUndefined)
    cards = []
    for p in pages:
        png = key_figure(p.nb)
        thumb, w, h = thumbnail(png, THUMB_WIDTH) if png else ("", 0, 0)
        cards.append({"href": p.href, "number": p.number, "title": p.title, "lead": p.lead,
                      "thumbnail": thumb, "thumb_width": w, "thumb_height": h})
    footer = ("Every number on this page is computed from data/curated when the site is built. "
              "Salary data: aijobs.net salary survey (CC0); official wages: BLS OEWS, OECD. Pages work offline.")
    return env.get_template("index.html.j2").render(title=title, intro=intro, findings=headline_list, pages=cards, footer=footer)
