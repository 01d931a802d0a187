"""Building the site: execute every notebook, render its pages, downloads and explorer, swap the new site in atomically.

``build_site()`` executes copies of ``notebooks/NN_*.ipynb`` (fresh kernel each; the committed files are never
rewritten), renders each page as soon as its notebook has run (with each figure's data beside it under
``downloads/``), and writes the front page, the explorer page (answers precomputed by
:mod:`helpers.analysis.explorer`), the downloads page, the glossary and the curated data package. The site is built in a
temporary folder beside the target and swapped in only when everything succeeded, so a failing notebook never
leaves a half-written site; the failure (``NotebookFailed``) names notebook and cell. Notebooks run ``jobs`` at a
time, longest first (durations of the previous build are kept in ``site/.timings.json``).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from helpers import paths
from helpers.fsutil import replace_dir
from helpers.presentation.site import downloads, glossary, render
from helpers.presentation.site.execute import Progress, execute_all
from helpers.presentation.site.explorer_page import EXPLORER, JSON_DOWNLOAD, data_json, render_explorer
from helpers.presentation.site.notebooks import NOTEBOOK_GLOB, Page, discover, stored_pages

TIMINGS = ".timings.json"


def _timings(site: Path) -> dict[str, float]:
    """Seconds each notebook took in the previous build of ``site`` (empty when unknown)."""
    try:
        data = json.loads((site / TIMINGS).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def build_site(out: Path = paths.SITE, notebooks: Path = paths.NOTEBOOKS, execute: bool = True, jobs: int | None = None,
               curated: Path = paths.CURATED, stream=None) -> list[Page]:
    """Build the site into ``out`` atomically and return its pages (in order).

    ``execute=False`` renders the stored outputs (fast; for tests). ``jobs`` notebooks run at a time
    (default: ``min(2, cpu count)``); each page is rendered as soon as its notebook has run, and the headline
    numbers are read meanwhile. Raises ``NotebookFailed`` (``out`` untouched) when a notebook fails.
    """
    stream = stream or sys.stdout
    out = Path(out).resolve()
    nbs = discover(notebooks)
    if not nbs:
        raise FileNotFoundError(f"no notebooks matching {NOTEBOOK_GLOB} in {notebooks}")
    jobs = jobs or min(2, os.cpu_count() or 1)
    t0 = time.perf_counter()
    stored = stored_pages(nbs)  # titles for the navigation links (markdown does not change when executed)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    exporter = []  # created once, in the side thread that renders every page
    figures: dict[str, list[downloads.FigureData]] = {}
    sources = downloads.package_sources(curated)

    def write_page(i: int, page: Page) -> None:
        if not exporter:
            exporter.append(render._exporter())
        prev, nxt = (stored[i - 1] if i else None), (stored[i + 1] if i + 1 < len(stored) else None)
        figures[page.href] = downloads.figure_data(page)
        downloads.write_figures(page, figures[page.href], tmp, sources)
        (tmp / page.href).write_text(render.render_page(page, prev, nxt, exporter[0], figures[page.href]), encoding="utf-8")

    def explore() -> dict:
        from helpers.analysis import explorer

        return explorer.results(curated)

    try:
        # one side thread reads the headline findings and computes the explorer's answers, then renders each page as
        # its notebook finishes, while the execution workers go on to the next kernels
        with ThreadPoolExecutor(max_workers=1) as side:
            front = side.submit(lambda: (render.answer_table(curated), render.headlines(curated), render.caveats(curated)))
            answers = side.submit(explore)
            rendered = []
            if execute:
                print(f"executing {len(nbs)} notebooks, {jobs} at a time (fresh kernel each; the files are not rewritten)",
                      file=stream, flush=True)
                pages = execute_all(nbs, jobs=jobs, progress=Progress(len(nbs), stream), expected=_timings(out),
                                    on_done=lambda i, page: rendered.append(side.submit(write_page, i, page)))
                (tmp / TIMINGS).write_text(json.dumps({p.path.name: round(p.seconds, 2) for p in pages}, indent=1), encoding="utf-8")
            else:
                pages = stored
                rendered = [side.submit(write_page, i, page) for i, page in enumerate(pages)]
            for job in rendered:
                job.result()
            title, intro = render.collection_title()
            answer, found, cautions = front.result()
            front_page = render.render_index(pages, found, title, intro, cautions, render.lead_chart(pages), answer)
            (tmp / "index.html").write_text(front_page, encoding="utf-8")
            package = downloads.write_package(tmp, curated)
            (tmp / "downloads.html").write_text(render.render_downloads(pages, figures, package, title), encoding="utf-8")
            results = answers.result()
            (tmp / JSON_DOWNLOAD).write_text(data_json(results), encoding="utf-8")
            (tmp / EXPLORER).write_text(render_explorer(results, pages, title, render.FOOTER), encoding="utf-8")
            (tmp / glossary.PAGE).write_text(glossary.render_glossary(title, render.FOOTER), encoding="utf-8")
        tmp.chmod(0o755)
        replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"site: {out}/index.html ({len(pages)} notebook pages, {EXPLORER}, downloads.html) in {time.perf_counter() - t0:.1f} s",
          file=stream, flush=True)
    return pages
