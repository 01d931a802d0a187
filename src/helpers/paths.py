"""Where things live in the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RAW = DATA / "raw"
CURATED = DATA / "curated"
#: Hand-authored input tables (mappings, figures read from publishers' pages, the article's claims and skills).
AUTHORED = DATA / "authored"
SOURCES_MANIFEST = DATA / "sources.json"
NOTEBOOKS = ROOT / "notebooks"
#: The notebook a new one starts from: checked like every notebook, but outside the numbered series (no page of the
#: site, no entry in the README index).
TEMPLATE = NOTEBOOKS / "TEMPLATE.ipynb"
SITE = ROOT / "site"
DOCS = ROOT / "docs"
#: The local mirror CI and the tests use (the shared folder beside the clone).
SHARED_RAW = ROOT.parent / "shared" / "data" / "raw"
