"""Reading notebooks for the site: discovery, each notebook's question, key figure and tagged figures.

Cell tags read here: ``key-figure`` (the card's thumbnail and the README index's finding; default: the notebook's
first PNG output) and ``docs:NAME`` (its first PNG output becomes the README figure ``docs/NAME.png``).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from helpers import paths
from helpers.presentation import table_format

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
KEY_FIGURE_TAG = "key-figure"
DOCS_TAG_PREFIX = "docs:"


@dataclass
class Page:
    """One notebook as the site shows it."""

    path: Path
    nb: NotebookNode
    seconds: float = 0.0
    number: str = field(init=False)
    href: str = field(init=False)
    title: str = field(init=False)
    lead: str = field(init=False)

    def __post_init__(self) -> None:
        self.number = self.path.name[:2]
        self.href = f"{self.path.stem}.html"
        self.title, self.lead = question_of(self.nb, fallback=self.path.stem)


def discover(notebooks: Path = paths.NOTEBOOKS) -> list[Path]:
    """The collection's notebooks (``NN_name.ipynb``) in order."""
    return sorted(p for p in Path(notebooks).glob(NOTEBOOK_GLOB) if p.is_file())


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"(\*\*|__|\*|`)")


def plain_text(text: str) -> str:
    """Markdown inline text as plain text (links to their text, emphasis and code marks removed, a dollar kept from
    JupyterLab's maths by :data:`~helpers.presentation.table_format.DOLLAR` written as Markdown's ``\\$``)."""
    text = text.replace(table_format.DOLLAR, "\\$")
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARK.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _first_sentence(text: str, limit: int = 260) -> str:
    """The paragraph's first question (a sentence ending in '?'), else its first sentence, else the text cut at a
    word boundary with an ellipsis."""
    sentences = [x for x in re.split(r"(?<=[.?!])\s+", text) if x]
    pick = next((x for x in sentences if x.endswith("?") and len(x) <= limit), sentences[0] if sentences else "")
    return pick if len(pick) <= limit else pick[:limit].rsplit(" ", 1)[0] + " …"


def question_of(nb: NotebookNode, fallback: str = "") -> tuple[str, str]:
    """(heading, lead) of the notebook's first markdown cell: its first heading and the first sentence of its
    first paragraph (a leading "Question." is dropped: the card presents it as the question)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        heading, para = "", []
        for line in cell.source.splitlines():
            s = line.strip()
            if s.startswith("#"):
                if para:
                    break
                heading = heading or plain_text(s.lstrip("#"))
            elif not s or s.startswith(("<", "|", "---", "```")):
                if para:
                    break
            else:
                para.append(s.lstrip(">-* ").strip() if not para else s)
        lead = re.sub(r"^Question\s*[.:]\s*", "", plain_text(" ".join(para)))
        if heading or lead:
            return heading or fallback, _first_sentence(lead)
    return fallback, ""


def png_outputs(cell: NotebookNode) -> list[bytes]:
    """The PNG bytes of every image output of a cell, in order."""
    out = []
    for o in cell.get("outputs", []):
        data = o.get("data", {}) if o.get("output_type") in ("display_data", "execute_result") else {}
        if "image/png" in data:
            png = data["image/png"]
            out.append(base64.b64decode(png if isinstance(png, str) else "".join(png)))
    return out


def key_figure(nb: NotebookNode) -> bytes | None:
    """PNG bytes of the notebook's key figure: the cell tagged ``key-figure``, else the first PNG output."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in cells if KEY_FIGURE_TAG in c.get("metadata", {}).get("tags", [])]
    for cell in tagged + cells:
        pngs = png_outputs(cell)
        if pngs:
            return pngs[0]
    return None


def key_figure_title(nb: NotebookNode) -> str:
    """The finding stated by the key figure (its ``alt`` text, stored by ``theme.show``), or ``""``."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in cells if KEY_FIGURE_TAG in c.get("metadata", {}).get("tags", [])]
    for cell in tagged + cells:
        for o in cell.get("outputs", []):
            if "image/png" in o.get("data", {}):
                return o.get("metadata", {}).get("image/png", {}).get("alt", "")
    return ""


#: Output metadata key of a figure's caption output (``helpers.presentation.theme.CAPTION_OUTPUT``).
CAPTION_OUTPUT = "figure_caption"


def caption_after(outputs: Sequence[NotebookNode], index: int) -> str:
    """The caption of the figure at ``outputs[index]``: the text of the caption output right after it (sent by
    ``theme.show``), or ``""`` when none follows."""
    nxt = outputs[index + 1] if index + 1 < len(outputs) else {}
    if not nxt.get("metadata", {}).get(CAPTION_OUTPUT):
        return ""
    text = nxt.get("data", {}).get("text/plain", "")
    return "".join(text) if isinstance(text, list) else text


def key_figure_caption(nb: NotebookNode) -> str:
    """The caption of the key figure (:func:`key_figure`), or ``""`` when it has none as text."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in cells if KEY_FIGURE_TAG in c.get("metadata", {}).get("tags", [])]
    for cell in tagged + cells:
        outputs = cell.get("outputs", [])
        for i, o in enumerate(outputs):
            if "image/png" in o.get("data", {}):
                return caption_after(outputs, i)
    return ""


def docs_figures_captioned(nb: NotebookNode) -> dict[str, tuple[bytes, str]]:
    """``{NAME: (png, caption)}`` for every cell tagged ``docs:NAME`` that has a PNG output (caption: the text output
    right after it, or ``""``)."""
    found = {}
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        first = next((i for i, o in enumerate(outputs) if "image/png" in o.get("data", {})), None)
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith(DOCS_TAG_PREFIX) and first is not None:
                found[tag[len(DOCS_TAG_PREFIX):]] = (png_outputs(cell)[0], caption_after(outputs, first))
    return found


def stored_pages(notebooks: Sequence[Path]) -> list[Page]:
    """Pages from the notebooks' stored outputs (no execution)."""
    return [Page(p, nbformat.read(p, as_version=4)) for p in notebooks]
