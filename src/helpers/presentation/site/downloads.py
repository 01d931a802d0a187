"""The site's downloads: each figure's data as a CSV with a licence sidecar, and the whole curated data package.

A figure's data comes from its display bundle: a ``text/csv`` entry next to ``image/png`` (the figure's finding is
the PNG's ``alt`` text). It is written unchanged as ``downloads/<notebook>/figure-<k>.csv`` (``k`` counts the page's
figures, as their alt text does), and beside it ``figure-<k>.csv-metadata.json``, a W3C "CSV on the Web" (CSVW)
metadata file with the title, sources, licence and attribution.

The licence is the one recorded when the figure was shown (:func:`helpers.presentation.theme.show` puts the terms of
the data, from the curated tables it was drawn from, in the ``text/csv`` output's metadata): read, never guessed from
the notebook's code. A stored output from before such records says so and points to ``LICENSES.md``.

Why a sidecar and not a comment line in the CSV: CSV has no comment syntax (RFC 4180), so a ``# licence ...`` line
is read as a data row by spreadsheets and by default CSV readers (pandas, R, Python's csv), and the file would no
longer parse as the table it is. CSVW defines ``<file>-metadata.json`` beside the file as the place for exactly
this, and the link under each figure names the licence and the source for a person.

The curated package (``data/curated`` with ``datapackage.json``, ``CODEBOOK.md``, the curation report and
``data/LICENSES.md``) is zipped as ``downloads/<ZIP_NAME>`` (fixed timestamps: the same data gives the same bytes;
the zip's comment states its licences); its documentation is also copied under ``downloads/curated/`` to read first.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from helpers import paths, provenance, tables
from helpers.presentation.site.notebooks import Page

DOWNLOADS = "downloads"
ZIP_NAME = "ml-engineer-careers-data.zip"
#: Files of the package beyond data/curated: the per-source licences.
PACKAGE_EXTRAS = ("LICENSES.md",)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Said of a figure whose stored output has no recorded terms (the notebook ran before they were recorded).
UNRECORDED = ("not recorded with this figure (run the notebook again to record it); the data keep the licences of "
              "the sources they were drawn from: see LICENSES.md")


@dataclass(frozen=True)
class FigureData:
    """One figure's data: where it sits in the notebook, its file names on the site, its finding, its CSV text and
    the terms of its data as recorded when the figure was shown (``None`` when not recorded)."""

    cell: int
    output: int
    number: int
    href: str
    sidecar: str
    title: str
    text: str
    terms: dict | None = None

    @property
    def name(self) -> str:
        return self.href.rsplit("/", 1)[-1]

    @property
    def rows(self) -> int:
        """Data rows (the header not counted)."""
        return max(0, sum(1 for _ in csv.reader(io.StringIO(self.text))) - 1)

    @property
    def licence(self) -> str:
        """The licence of the figure's data in words, with its attributions (or why it is not known)."""
        return self.terms["text"] if self.terms else UNRECORDED


def _text(value: object) -> str:
    return value if isinstance(value, str) else "".join(value)  # type: ignore[arg-type]


def recorded_terms(output: dict) -> dict | None:
    """The terms of a figure's data recorded in its output's metadata (``text/csv``), if any."""
    meta = output.get("metadata", {}).get("text/csv")
    return meta if isinstance(meta, dict) and meta.get("tables") else None


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
                found.append(FigureData(ci, oi, number, href, href + "-metadata.json", alt, _text(data["text/csv"]),
                                        recorded_terms(out)))
    return found


def page_tables(nb: NotebookNode) -> tuple[str, ...] | None:
    """The curated tables a notebook's page draws on, as recorded by its figures (their data's tables and the tables
    the notebook had loaded when each was shown); ``None`` when no output recorded any."""
    names: set[str] = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            terms = recorded_terms(out)
            names.update(terms["tables"] if terms else ())
            names.update(out.get("metadata", {}).get("tables_loaded", ()))
    known = names & set(tables.TABLES)
    return tuple(sorted(known)) if known else None


def unrecorded(nb: NotebookNode) -> bool:
    """True when a figure of the notebook was stored without the record of the tables behind it."""
    return any("image/png" in out.get("data", {}) and "tables_loaded" not in out.get("metadata", {})
               for cell in nb.cells for out in cell.get("outputs", []))


def annotate(nb: NotebookNode, figures: list[FigureData]) -> None:
    """Put each figure's download link into its output's metadata (``report_download``) for the page template."""
    for f in figures:
        out = nb.cells[f.cell].outputs[f.output]
        out.setdefault("metadata", {})["report_download"] = {
            "href": f.href, "name": f.name, "rows": f.rows, "licence": f.licence,
            "sidecar": f.sidecar, "sidecar_name": f.sidecar.rsplit("/", 1)[-1]}


def sidecar(f: FigureData, page: Page, sources: list[dict]) -> dict:
    """The CSVW metadata of one figure's CSV: title, sources (the notebook and the data it was drawn from), licence
    and attribution as recorded with the figure (``sources``, the package's, stand in when nothing was recorded)."""
    header = next(csv.reader(io.StringIO(f.text)), [])
    notebook = {"title": f"Notebook {page.path.name} of the ML engineer careers notebook collection", "path": f"../../{page.href}"}
    out = {
        "@context": "http://www.w3.org/ns/csvw",
        "url": f.name,
        "dc:title": f.title,
        "dc:description": f"The data behind figure {f.number} of notebook {page.number} ({page.title}), as the figure shows it.",
    }
    if f.terms:
        lic = f.terms["license"]
        alike = f" (share-alike: any database adapted from it stays under the {provenance.family(lic['name'])})"
        out |= {
            "dc:source": [notebook, *({"title": s["title"], "path": s["path"], "license": ", ".join(s["licenses"])}
                                      for s in f.terms["sources"])],
            "dc:license": {"name": lic["name"], "title": lic["title"], "path": lic["path"]},
            "schema:creditText": "; ".join(f.terms["attribution"]),
            "dc:rights": (f"Drawn from the curated tables {', '.join(f.terms['tables'])}; offered under {lic['label']}, the most "
                          "demanding licence of its sources" + (alike if f.terms["share_alike"] else "") + f". Attribution: {'; '.join(f.terms['attribution'])}. "
                          "Each source's licence: ../curated/LICENSES.md."),
        }
    else:
        out |= {"dc:source": [notebook, *sources],
                "dc:rights": "Licence " + UNRECORDED.replace("LICENSES.md", "../curated/LICENSES.md") + "."}
    out["tableSchema"] = {"columns": [{"name": h, "titles": h} for h in header]}
    return out


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


def package_statement() -> str:
    """What the package's licences are, in words (the zip's comment and the downloads page): mixed, per table."""
    by_licence: dict[str, list[str]] = {}
    for name, t in tables.TABLES.items():
        label = " / ".join(provenance.SHORT_NAMES.get(x["name"], x["name"]) for x in t.licenses)
        by_licence.setdefault(label, []).append(name)
    parts = "; ".join(f"{label}: {', '.join(names)}" for label, names in by_licence.items())
    alike = "".join(f" The tables drawn from the {s.attribution} are under the {s.licence}"
                    + (f" (contents {', '.join(s.contents)})" if s.contents else "")
                    + f", with the attribution \"{s.attribution}\"; share-alike: they and any database adapted from them "
                    f"stay under the {s.family}." for s in provenance.SALARY_SOURCES.values() if s.share_alike)
    return ("ML engineer careers: the curated data package. A mixed-licence package: each table keeps the licence of its "
            f"sources ({parts}).{alike} datapackage.json states each table's sources and licences; "
            "LICENSES.md what reuse requires.")


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
        zf.comment = package_statement().encode("utf-8")
        for p in files:
            info = zipfile.ZipInfo(f"ml-engineer-careers-data/{p.name}", date_time=_ZIP_TIME)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            zf.writestr(info, p.read_bytes())
            if p.suffix in READ_FIRST:
                shutil.copyfile(p, target / p.name)
                copied.append(p.name)
    return [f"{DOWNLOADS}/{ZIP_NAME}", *(f"{DOWNLOADS}/curated/{name}" for name in copied)]
