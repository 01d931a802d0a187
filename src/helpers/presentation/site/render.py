"""Rendering the site's HTML: one page per notebook (nbconvert, offline template), the front page and the downloads page.

Rendering only: the front page's headline numbers come from :mod:`helpers.analysis.findings` (the same results the
notebooks show); this module words them and lays them out, it computes nothing.
"""

from __future__ import annotations

import copy
import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from helpers import licensing, paths, provenance, tables
from helpers.presentation.site import downloads, glossary
from helpers.presentation.site.images import thumbnail
from helpers.presentation.site.notebooks import (CAPTION_OUTPUT, Page, key_figure, key_figure_caption, key_figure_title, plain_text,
                                                 png_outputs)
from helpers.presentation.site.readme import DOCS_FIGURES

TEMPLATES = Path(__file__).parent / "templates"
#: Width in pixels of the front page cards' thumbnails (shown at about half that on a wide screen: sharp on 2x screens).
THUMB_WIDTH = 720
#: Width in pixels of the front page's lead chart.
LEAD_WIDTH = 1400
#: The lead chart: the README's first figure (notebook 02's key figure, US vs Europe by grade).
LEAD_FIGURE = next(iter(DOCS_FIGURES))
DEFAULT_TITLE = "ML engineer careers: the notebook collection"


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)], embed_images=True,
                        exclude_input_prompt=True, exclude_output_prompt=True)


def render_page(page: Page, prev: Page | None, nxt: Page | None, exporter=None,
                figures: Sequence[downloads.FigureData] = ()) -> str:
    """One notebook page: the lab look, offline, code hidden behind toggles, with previous / index / next links and
    a download link under each figure in ``figures`` (:func:`helpers.presentation.site.downloads.figure_data`)."""
    exporter = exporter or _exporter()
    nav = {"index": "index.html",
           "prev": {"href": prev.href, "title": prev.title} if prev else None,
           "next": {"href": nxt.href, "title": nxt.title} if nxt else None}
    nb = copy.deepcopy(page.nb)
    nb.metadata["title"] = page.title
    nb.metadata.pop("widgets", None)  # no widget manager offline: widgets show their text/plain fallback
    downloads.annotate(nb, list(figures))
    captions_follow_figures(nb)
    figure = 0
    for cell in nb.cells:  # alt text for figures that have none (screen readers; nbconvert warns otherwise)
        for o in cell.get("outputs", []):
            if "image/png" in o.get("data", {}):
                figure += 1
                meta = o.setdefault("metadata", {}).setdefault("image/png", {})
                meta.setdefault("alt", f"Figure {figure} of notebook {page.number}: {page.title}")
    names = downloads.page_tables(page.nb)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": page.title, "path": str(page.path.parent)},
                                                         "report_nav": nav,
                                                         "report_footer": footer(licensing.terms(names) if names else None)})
    return glossary.link_terms(NOTEBOOK_LINK.sub(r'href="\1.html\2"', body))


def captions_follow_figures(nb) -> None:
    """Where a figure's caption output (``theme.show``'s, marked :data:`CAPTION_OUTPUT`) follows it, the
    figure's download link moves under the caption: image, caption, then the data behind it."""
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        for image, cap in zip(outputs, outputs[1:]):
            if "image/png" in image.get("data", {}) and cap.get("metadata", {}).get(CAPTION_OUTPUT):
                link = image.get("metadata", {}).pop("report_download", None)
                if link:
                    cap["metadata"]["report_download"] = link


#: A link from one notebook to another of the collection (``NN_name.ipynb``): on the site it points at its page.
NOTEBOOK_LINK = re.compile(r'href="(\d\d_[\w.-]+?)\.ipynb(#[^"]*)?"')


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
    """One headline number on the front page, worded: the figure, what it says, and its n, units and years;
    ``rests_on``: the sizes of the survey groups its words conclude from (``tests/test_titles.py`` holds them to the
    small-sample rule; empty when nothing is recorded)."""

    value: str
    text: str
    detail: str
    rests_on: tuple[int, ...] = ()


def _ci(est, fmt: str) -> str:
    return f" (95% CI {fmt.format(est.lo)}–{fmt.format(est.hi)})" if est.available else ""


def _step_range(sens) -> str:
    """The Junior→Senior step across sources and choices, where enough US Juniors answered (else nothing)."""
    from helpers import study
    from helpers.analysis import sensitivity
    from helpers.presentation import wording

    try:
        ends = wording.range_text(sens, sensitivity.STEP, digits=2)
    except ValueError:
        return ""
    return (f" Across the analyst's choices it runs {ends}, each end with its own interval (sources with fewer than "
            f"{study.SMALL_SAMPLE_N} US Juniors left out).")


def _sizes(*groups: object) -> tuple[int, ...]:
    """The group sizes a headline rests on, flattened (numbers or iterables of numbers) to a tuple of ints."""
    out: list[int] = []
    for g in groups:
        out += [int(x) for x in g] if hasattr(g, "__iter__") else [int(g)]
    return tuple(out)


def _step_sizes(sens) -> list[int]:
    """The US Junior and Senior sizes of the step results the headline's range counts (n >= 30 on both sides)."""
    from helpers.analysis import sensitivity

    counted = sens[(sens["measure"] == sensitivity.STEP) & ~sens["small_sample"].astype(bool) & sens["ratio"].notna()]
    return [*counted["n_a"], *counted["n_b"]]


def headlines(curated: Path = paths.CURATED) -> list[Headline]:
    """The front page's three headline numbers, read from :mod:`helpers.analysis.findings` and worded.

    The article's "$150,000 average" is framed as notebook 06 and the README frame it, by the same function
    (:func:`wording.headline`): the range of every line of evidence, the combined verdict and which line
    says what, each line with its interval and n.
    """
    from helpers import data, study
    from helpers.analysis import findings, sensitivity, sources
    from helpers.presentation import wording

    bins = data.salary_bins(curated)
    span = study.years_label(study.POOLED_YEARS)
    out = []

    sens = sensitivity.ratio_table(bins={s.key: data.load(s.table, curated) for s in sources.SOURCES})
    rng = findings.us_europe_range(sens)
    senior = findings.us_europe_gap(bins).set_index("grade").loc["Senior"]
    counted = rng.table[~rng.table["small_sample"].astype(bool) & rng.table["ratio"].notna()]
    if rng.results:
        published = "; ".join(f"{r['source']} ×{r['ratio']:.2f} (95% CI {r['lo']:.2f}–{r['hi']:.2f}, US n = "
                              f"{r['n_a']:,}, Europe n = {r['n_b']:,})" for _, r in rng.baseline.iterrows())
        senior_txt = (f" Senior ML engineers alone ({sources.OWN.name}): ×{senior['ratio']:.2f} (95% CI {senior['lo']:.2f}–"
                      f"{senior['hi']:.2f}; US ${senior['value_a']:,.0f}, n = {senior['n_a']:,}, vs Europe "
                      f"${senior['value_b']:,.0f}, n = {senior['n_b']:,})." if senior["n_a"] and senior["n_b"] else "")
        low, high = sensitivity.range_ends(sens)
        out.append(Headline(f"{wording.with_ci(low)} to {wording.with_ci(high)}",
                            "US vs Europe: the US median of ML pay over Europe's, all grades pooled, runs "
                            f"{wording.range_text(rng.table)} across {rng.baseline['source'].nunique()} surveys "
                            f"and the analyst's choices ({rng.results} results with {study.SMALL_SAMPLE_N}+ records on "
                            "both sides; notebooks 02 and 10). The two ends are point estimates from different pools, "
                            "each with its 95% interval in brackets.",
                            f"All grades pooled, as published: {published}; nominal USD, {sources.OWN.name} {span}.{senior_txt}",
                            _sizes(counted["n_a"], counted["n_b"], *([senior["n_a"], senior["n_b"]] if senior_txt else []))))
    else:
        out.append(Headline("n/a", "US vs Europe, ML engineers: no source has enough records in both regions.", span))

    step = findings.junior_to_senior(bins)
    if step.ratio.available:
        out.append(Headline(f"×{step.ratio.value:.2f}", "Junior to Senior in the US: the median Senior ML engineer earns this "
                            f"multiple of the median Junior{_ci(step.ratio, '{:.2f}')}.",
                            f"Junior ${step.median_from.value:,.0f} (n = {step.median_from.n:,}) to Senior "
                            f"${step.median_to.value:,.0f} (n = {step.median_to.n:,}); nominal USD, {span}.{_step_range(sens)}",
                            _sizes(step.ratio.ns, *_step_sizes(sens))))
    else:
        out.append(Headline("n/a", "Junior to Senior in the US: no data for one of the grades.", span))

    claim = findings.claim(findings.fact_check(curated, sens), "us_ml_avg_annual")
    out.append(Headline(*wording.headline(claim), _sizes([line.n for line in claim.tested if line.n is not None])))
    return out


#: Grade labels where the grade's name alone would mislead.
GRADE_LABELS = {"Executive": "Executive (the survey's executive/director level, not team lead)"}


def _k(usd: float) -> str:
    return f"${usd / 1000:,.0f}k"


def answer_table(curated: Path = paths.CURATED) -> list[dict]:
    """The front page's plain answer, one block per salary source: for each grade, the US and the European median with
    its 95% interval, the middle half (p25–p75) and n, read from :func:`helpers.analysis.findings.pay_by_grade`.

    A group under ``study.SMALL_SAMPLE_N`` records is marked thin; under ``study.MIN_INTERVAL_N`` it shows no
    interval.
    """
    from helpers import data, study
    from helpers.analysis import findings, sources
    from helpers.presentation.table_format import interval_shown

    curated_tables = {s.key: data.load(s.table, curated) for s in sources.SOURCES}
    table = findings.pay_by_grade(curated_tables)
    blocks = []
    for src in sources.SOURCES:
        t = table[table["source"] == src.name]
        rows = []
        for grade in t["grade"].unique():
            cells = []
            for region in study.COMPARED_REGIONS:
                r = t[(t["grade"] == grade) & (t["region"] == region)].iloc[0]
                n = int(r["n"])
                cell = {"n": f"n = {n:,}", "thin": bool(r["small_sample"]), "median": "", "ci": "", "middle": ""}
                if n:
                    cell["median"] = _k(r["median"])
                    if interval_shown(n):
                        cell["ci"] = f"95% CI {_k(r['lo'])}–{_k(r['hi'])}"
                        cell["middle"] = f"middle half {_k(r['p25'])}–{_k(r['p75'])}"
                cells.append(cell)
            rows.append({"grade": GRADE_LABELS.get(grade, grade), "cells": cells})
        years = study.years_label(sorted(int(y) for y in src.ml(curated_tables[src.key])["work_year"].unique()))
        blocks.append({"source": src.name, "rows": rows,
                       "what": f"{src.pay}, region by {src.region_by}, grades by {src.grades}; USD per year, nominal, {years}"})
    return blocks


def caveats(curated: Path = paths.CURATED) -> list[str]:
    """What a reader must know before quoting a headline: whose pay it is, what pay it is, and what "Executive" means."""
    from helpers import data, study
    from helpers.analysis import findings, sources

    own = sources.OWN.name
    n_us, n_all = findings.us_share(data.salary_bins(curated))
    span = study.years_label(study.POOLED_YEARS)
    share = f"{n_us / n_all:.0%} of {own}'s ML-engineering records of {span} are" if n_all else "most records are"
    return [f"Mostly US companies, self-reported: {share} at US companies, and every survey figure is what a volunteer "
            f"told an online survey ({', '.join(s.name for s in sources.SOURCES)}), not payroll data; the official "
            "statistics (BLS OEWS) have no \"ML engineer\" occupation, only the nearest ones.",
            "Pay differs by source: " + "; ".join(
                f"{provenance.SALARY_SOURCES[s.key].short_name} reports {s.pay_detail or s.pay}, by {s.whose_country}"
                for s in sources.SOURCES) + ".",
            f"The top grade, \"Executive\", is {own}'s executive/director level (EX), not a typical team lead: the "
            "article's Team Lead has no direct counterpart in any source."]


def lead_chart(pages: Sequence[Page], width: int = LEAD_WIDTH) -> dict | None:
    """The lead chart for the front page: the key figure of the notebook ``DOCS_FIGURES[LEAD_FIGURE]`` names (else the
    first notebook with a figure), scaled to ``width``, with its finding, its caption (source, n), its page and its
    data download if any."""
    pattern = DOCS_FIGURES[LEAD_FIGURE]
    ordered = [p for p in pages if fnmatch.fnmatch(p.path.stem, pattern)] + list(pages)
    for page in ordered:
        png = key_figure(page.nb)
        if not png:
            continue
        data, w, h = thumbnail(png, width)
        csv = next((f for f in downloads.figure_data(page)
                    if png in png_outputs({"outputs": [page.nb.cells[f.cell].outputs[f.output]]})), None)
        return {"png": data, "width": w, "height": h, "title": key_figure_title(page.nb) or page.title, "href": page.href,
                "page_title": page.title, "csv": csv.href if csv else "", "caption": key_figure_caption(page.nb)}
    return None


def jinja_env() -> jinja2.Environment:
    """The Jinja environment of the site's own templates (front page, downloads, explorer)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False, undefined=jinja2.StrictUndefined)


#: What every page's footer says, whatever its data: where the numbers come from, and the licence of the site's own
#: text and figures (LICENSE-TEXT) and code (LICENSE), which are not the data's.
FOOTER = ("Every number on this site is computed from data/curated when the site is built; pages work offline. Text and "
          "figures of this site: CC BY 4.0 (LICENSE-TEXT); code: MIT (LICENSE).")


def data_statement(terms: licensing.Terms | None) -> str:
    """The licences of the data a page shows, source by source, with the attribution of each share-alike source whose
    data are among them; ``None`` terms (nothing recorded) point to LICENSES.md for the whole package."""
    salary = provenance.SALARY_SOURCES.values()
    if terms is None:
        each = "; ".join(f"{s.attribution}: {s.licence}" + "".join(f", contents {c}" for c in s.contents)
                         + (f", attribution \"{s.attribution}\"" if s.asks_attribution else "") for s in salary)
        return (f"Data: each source keeps its licence ({each}; official statistics: their publishers' terms); see "
                "downloads/curated/LICENSES.md.")
    names = {x["name"]: provenance.SHORT_NAMES.get(x["name"], x["name"]) for x in terms.licences}
    parts = []
    for s in terms.sources:
        who = provenance.ATTRIBUTIONS.get(s["path"], s["title"])
        parts.append(f"{who} ({', '.join(names.get(n, n) for n in s['licenses'])})")
    drawn = {s["path"] for s in terms.sources}
    alike = "".join(f" Numbers drawn from the {s.short_name} survey are a derivative database under the {s.licence} "
                    f"(share-alike{''.join(f'; contents {c}' for c in s.contents)}); attribution: \"{s.attribution}\"."
                    for s in salary if s.share_alike and s.cited_as["path"] in drawn)
    return f"Data on this page: {'; '.join(parts)}.{alike} Each source's terms: downloads/curated/LICENSES.md."


def footer(terms: licensing.Terms | None) -> str:
    """A page's footer: :data:`FOOTER`, then the licences of the data it shows (:func:`data_statement`)."""
    return f"{FOOTER} {data_statement(terms)}"


def site_terms(pages: Sequence[Page]) -> licensing.Terms | None:
    """The terms of the data every page draws on together (the front page shows them all), as the pages recorded them;
    ``None`` when a page's figures were stored without that record (then the footer speaks for the whole package)."""
    if any(downloads.unrecorded(p.nb) for p in pages):
        return None
    names = {n for p in pages for n in (downloads.page_tables(p.nb) or ())}
    return licensing.terms(names) if names else None


def render_index(pages: Sequence[Page], headline_list: Sequence[Headline], title: str, intro: str,
                 caveat_list: Sequence[str] = (), lead: dict | None = None, answer: Sequence[dict] = ()) -> str:
    """The front page from ``templates/index.html.j2``: the plain answer (:func:`answer_table`), then the headlines
    with their caveats, the lead chart, the cards."""
    cards = []
    for p in pages:
        png = key_figure(p.nb)
        thumb, w, h = thumbnail(png, THUMB_WIDTH) if png else ("", 0, 0)
        cards.append({"href": p.href, "number": p.number, "title": p.title, "lead": p.lead, "finding": key_figure_title(p.nb),
                      "thumbnail": thumb, "thumb_width": w, "thumb_height": h})
    return jinja_env().get_template("index.html.j2").render(title=title, intro=intro, answer=list(answer), findings=headline_list, caveats=list(caveat_list),
                                                       lead=lead, pages=cards, footer=footer(site_terms(pages)))


def render_downloads(pages: Sequence[Page], figures: dict[str, list[downloads.FigureData]], package: Sequence[str],
                     title: str) -> str:
    """The downloads page: the whole curated package, then each notebook's figure data with the licence of each file
    (as recorded with the figure), the site's own licence apart from the data's."""
    from helpers.analysis import sources

    groups = [{"href": p.href, "title": p.title, "number": p.number, "figures": figures.get(p.href, [])} for p in pages]
    files = [{"href": f, "name": f.rsplit("/", 1)[-1]} for f in package]
    everything = licensing.terms(tables.TABLES)  # the zip holds every curated table
    return jinja_env().get_template("downloads.html.j2").render(
        title=title, groups=groups, package=files, zip=files[0] if files else None, package_statement=downloads.package_statement(),
        share_alike=[s for s in provenance.SALARY_SOURCES.values() if s.share_alike],
        public=[s for s in provenance.SALARY_SOURCES.values() if not s.share_alike],
        ppp=[s.key for s in sources.SOURCES if s.view.ppp],
        text_licence=provenance.TEXT_LICENSE, footer=footer(everything))
