"""A ratio is written one way wherever a reader sees it: × before the number ("×1.72", "×1.7 [1.5–1.9]", "the US
median is ×1.78 Europe's"), never after it ("1.72×").

Reads every notebook's cells and stored outputs (prose, plain-text tables, CSVs, figure titles), the README, the
contributors' guide, the built site (every page's text and attributes, the explorer's data) and the code that writes
these words (Python f-strings, templates, the explorer's script).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import paths
from helpers.presentation.site import build
from tests.notebook_text import readable

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
SRC = paths.ROOT / "src" / "helpers"

#: A number with × after it ("1.72×", "0.65×[", "1.7–2.4×", "2.4 ×"): the other way of writing a ratio. A product
#: of two numbers ("2,900 × 12", "1280×900") is not a ratio.
SUFFIX = re.compile(r"\d\s?×(?!\s?\d)")
#: The same in code: a formatted value with × after it (``f"{r:.2f}×"``, ``v.toFixed(2) + "×"``).
CODE_SUFFIX = re.compile(r"\}×|\)\s*\+\s*[\"']\s?×")


def suffix_ratios(text: str, place: str) -> list[str]:
    """Each ratio written with × after its number in ``text``, with where and around what."""
    return [f"{place}: ...{text[max(m.start() - 40, 0):m.end() + 20]!r}..." for m in SUFFIX.finditer(text)]


def notebook_texts(path: Path) -> list[tuple[str, str]]:
    """(place, text) of everything a notebook shows: cell sources, stored text outputs and figure titles."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, cell in enumerate(nb["cells"]):
        out.append((f"{path.name} cell {i} source", "".join(cell["source"])))
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            for mime in ("text/markdown", "text/plain", "text/csv", "text/html"):
                if mime in data:
                    out.append((f"{path.name} cell {i} {mime}", readable("".join(data[mime]))))
            if "text" in o:
                out.append((f"{path.name} cell {i} stream", "".join(o["text"])))
            alt = o.get("metadata", {}).get("image/png", {}).get("alt")
            if alt:
                out.append((f"{path.name} cell {i} figure title", alt))
    return out


def page_text(page: Path) -> str:
    """A page's text, its attributes (alt, title, aria-label...) and its inline scripts' strings, entities decoded."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    attrs = [str(v) for tag in soup.find_all(True) for k, v in tag.attrs.items() if k not in ("src", "href", "class")]
    return html.unescape(" ".join([soup.get_text(" "), *attrs]))


def json_strings(value: object) -> list[str]:
    """Every string in a JSON document (its keys too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*json_strings(k), *json_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_write_ratios_one_way(path: Path) -> None:
    found = [s for place, text in notebook_texts(path) for s in suffix_ratios(text, place)]
    assert not found, "\n".join(found[:20])


def test_readme_and_guide_write_ratios_one_way() -> None:
    found = [s for name in ("README.md", "CONTRIBUTING.md")
             for s in suffix_ratios((paths.ROOT / name).read_text(encoding="utf-8"), name)]
    assert not found, "\n".join(found)


def test_the_site_writes_ratios_one_way(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert {"index.html", "explorer.html", "downloads.html"} <= {p.name for p in pages} and len(pages) >= 13
    found = [s for p in pages for s in suffix_ratios(page_text(p), str(p.relative_to(site)))]
    explorer = json.loads((site / build.JSON_DOWNLOAD).read_text(encoding="utf-8"))
    strings = json_strings(explorer)
    assert len(strings) > 100  # its labels, notes and rules (its ratios are numbers, written by explorer.js's ratio())
    found += [s for text in strings for s in suffix_ratios(text, build.JSON_DOWNLOAD)]
    found += [s for csv_file in sorted(site.rglob("*.csv"))
              for s in suffix_ratios(csv_file.read_text(encoding="utf-8"), str(csv_file.relative_to(site)))]
    assert not found, "\n".join(found[:20])


def test_the_code_formats_ratios_one_way() -> None:
    """No f-string, template or script writes a value with × after it, whether or not a stored output shows it."""
    files = [p for ext in ("py", "j2", "js", "md") for p in sorted(SRC.rglob(f"*.{ext}"))]
    assert any(p.name == "explorer.js" for p in files) and any(p.name == "wording.py" for p in files)
    found = [f"{p.relative_to(paths.ROOT)}:{i}: {line.strip()}" for p in files
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if CODE_SUFFIX.search(line) or SUFFIX.search(line)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("text, bad", [
    ("the US median is 1.78× Europe's (95% CI 1.61–2.26)", True),
    ("aijobs' Junior (0.65×[0.63–0.67], n = 2,967)", True),
    ("from 1.7× [1.5–1.9] (aijobs.net) to 2.4× [2.2–2.7]", True),
    ("never a bare 1.7–2.4×", True),
    ("Senior ×1.48 [1.39–1.63], 2.4 × the median", True),
    ("the US median is ×1.78 Europe's (95% CI 1.61–2.26)", False),
    ("from ×1.7 [1.5–1.9] to ×2.4 [2.2–2.7]; ×1 means equal", False),
    ("2,900 × 12 = 34,800 USD; 1280×900; grade × region; country×grade; Ratio (×)", False),
])
def test_the_check_can_fail(text: str, bad: bool) -> None:
    assert bool(suffix_ratios(text, "t")) == bad
    code = 'f"{r:.2f}× [{lo}]"' if bad else 'f"×{r:.2f} [{lo}]"'
    assert bool(CODE_SUFFIX.search(code)) == bad
    assert bool(CODE_SUFFIX.search('v.toFixed(2) + "×"')) and not CODE_SUFFIX.search('"×" + v.toFixed(2)')
