"""The site's downloads: each figure's data as a CSV with a licence sidecar, and the whole curated data package.

A figure's data comes from its display bundle: a ``text/csv`` entry next to ``image/png`` (the figure's finding is
the PNG's ``alt`` text). It is written unchanged as ``downloads/<notebook>/figure-<k>.csv`` (``k`` counts the page's
figures, as their alt text does), and beside it ``figure-<k>.csv-metadata.json``, a W3C "CSV on the Web" (CSVW)
metadata file with the title, source and licence.

Why a sidecar and not a comment line in the CSV: CSV has no comment syntax (RFC 4180), so a ``# licence ...`` line
is read as a data row by spreadsheets and by default CSV readers (pandas, R, Python's csv), and the file would no
longer parse as the table it is. CSVW defines ``<file>-metadata.json`` beside the file as the place for exactly
this, and the link under each figure names the licence and the source for a person.

The curated package (``data/curated`` with ``datapackage.json``, ``CODEBOOK.md``, the curation report and
``data/LICENSES.md``) is zipped as ``downloads/<ZIP_NAME>`` (fixed timestamps: the same data gives the same bytes);
its documentation is also copied under ``downloads/curated/`` to read first.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from helpers import paths
from helpers.presentation.site.notebooks import Page

DOWNLOADS = "downloads"
ZIP_NAME = "ml-engineer-careers-data.zip"
#: The licence of the collection's figures and of the tables behind them (LICENSE-TEXT).
FIGURE_LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
#: Figure data drawn from the Stack Overflow survey is a derivative database of it, so it stays under the survey's
#: share-alike licence (ODbL 1.0, with attribution), whatever licence the figure itself carries.
SHARE_ALIKE_LICENCE = {"name": "ODbL-1.0", "title": "Open Database License 1.0 (share-alike; derived from the Stack Overflow "
                       "Developer Survey 2024)", "url": "https://opendatacommons.org/licenses/odbl/1-0/"}
#: Code that marks a notebook as drawing on the Stack Overflow tables (the so_* tables or the per-source analysis).
_SHARE_ALIKE_CODE = re.compile(r"\bso_[a-z_]+\b|^from helpers\.analysis import [^\n]*\bsources\b", re.M)
#: Files of the package beyond data/curated: the per-source licences.
PACKAGE_EXTRAS = ("LICENSES.md",)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def figure_licence(nb: NotebookNode) -> dict:
    """The licence of a notebook's figure data: ODbL where the notebook draws on the Stack Overflow tables, else CC BY."""
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return SHARE_ALIKE_LICENCE if _SHARE_ALIKE_CODE.search(code) else FIGURE_LICENCE


@dataclass(frozen=True)
class FigureData:
    """One figure's data: where it sits in the notebook, its file names on the site, its finding and its CSV text."""

    cell: int
    output: int
    number: int
    href: str
    sidecar: str
    title: str
    text: str

    @property
    def name(self) -> str:
        return self.href.rsplit("/", 1)[-1]

    @property
    def rows(self) -> int:
        """Data rows (the header not counted)."""
        return max(0, sum(1 for _ in csv.reader(io.StringIO(self.text))) - 1)


def _text(value: object) -> str:
    return value if isinstance(value, str) else "".join(value)  # type: ignore[arg-type]


def figure_data(page: Page) -> list[FigureData]:
    """The figures of ``page`` that carry their data (a ``text/csv`` entry in the PNG's bundle), in page order."""
    found, number = [], 0
    for ci, cell in enumerate(page.nb.cells):
        for oi, out in enumerate(cell.get("outputs", [])):
            data = out.get("data", {})
            if "image/png" not in data:
                continue
            number += 1
            if "text/csv" in data:
                alt = out.get("metadata", {}).get("image/png", {}).get("alt", "") or f"Figure {number} of notebook {page.number}"
                href = f"{DOWNLOADS}/{page.path.stem}/figure-{number}.csv"
                found.append(FigureData(ci, oi, number, href, href + "-metadata.json", alt, _text(data["text/csv"])))
    return found


def annotate(nb: NotebookNode, figures: list[FigureData]) -> None:
    """Put each figure's download link into its output's metadata (``report_download``) for the page template."""
    licence = figure_licence(nb)
    for f in figures:
        out = nb.cells[f.cell].outputs[f.output]
        out.setdefault("metadata", {})["report_download"] = {
            "href": f.href, "name": f.name, "rows": f.rows, "licence": licence["title"] + " (" + licence["name"] + ")",
            "sidecar": f.sidecar, "sidecar_name": f.sidecar.rsplit("/", 1)[-1]}


def sidecar(f: FigureData, page: Page, sources: list[dict]) -> dict:
    """The CSVW metadata of one figure's CSV: title, source (the notebook and the data it stands on) and licence."""
    header = next(csv.reader(io.StringIO(f.text)), [])
    licence = figure_licence(page.nb)
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": f.name,
        "dc:title": f.title,
        "dc:description": f"The data behind figure {f.number} of notebook {page.number} ({page.title}), as the figure shows it.",
        "dc:source": [{"title": f"Notebook {page.path.name} of the ML engineer careers notebook collection",
                       "path": f"../../{page.href}"}, *sources],
        "dc:license": {"name": licence["name"], "title": licence["title"], "path": licence["url"]},
        "dc:rights": "Underlying data keep their publishers' licences: see ../curated/LICENSES.md.",
        "tableSchema": {"columns": [{"name": h, "titles": h} for h in header]},
    }


def write_figures(page: Page, figures: list[FigureData], site: Path, sources: list[dict]) -> None:
    """Write each figure's CSV (unchanged) and its CSVW sidecar under ``site``."""
    for f in figures:
        target = site / f.href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.text, encoding="utf-8", newline="")
        (site / f.sidecar).write_text(json.dumps(sidecar(f, page, sources), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def package_sources(curated: Path = paths.CURATED) -> list[dict]:
    """Every source the curated package names (title, path, licence), once each."""
    try:
        package = json.loads((curated / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    seen, out = set(), []
    for res in package.get("resources", []):
        licence = ", ".join(x.get("name", "") for x in res.get("licenses", []) or package.get("licenses", []))
        for s in res.get("sources", []):
            if s.get("path") not in seen:
                seen.add(s.get("path"))
                out.append({"title": s.get("title", ""), "path": s.get("path", ""), "license": s.get("license", licence)})
    return out


#: Files of the package also copied one by one, to read before downloading (the tables themselves are in the zip).
READ_FIRST = (".md", ".json")


def write_package(site: Path, curated: Path = paths.CURATED) -> list[str]:
    """Zip the curated package (and ``data/LICENSES.md``) as ``downloads/<ZIP_NAME>`` and copy its documentation
    (codebook, datapackage, curation report, licences) to ``downloads/curated/``; the zip's then the copies' site paths."""
    target = site / DOWNLOADS / "curated"
    target.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in curated.iterdir() if p.is_file() and not p.name.startswith("."))
    files += [p for p in (curated.parent / name for name in PACKAGE_EXTRAS) if p.is_file()]
    copied = []
    with zipfile.ZipFile(site / DOWNLOADS / ZIP_NAME, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for p in files:
            info = zipfile.ZipInfo(f"ml-engineer-careers-data/{p.name}", date_time=_ZIP_TIME)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            zf.writestr(info, p.read_bytes())
            if p.suffix in READ_FIRST:
                shutil.copyfile(p, target / p.name)
                copied.append(p.name)
    return [f"{DOWNLOADS}/{ZIP_NAME}", *(f"{DOWNLOADS}/curated/{name}" for name in copied)]
