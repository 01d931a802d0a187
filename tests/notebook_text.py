"""What a committed notebook says: its text outputs, figure alt texts and markdown, for conclusion tests to search."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.presentation import wording


def readable(markdown: str) -> str:
    """A stored Markdown output with its dollar signs as a reader sees them (``wording.DOLLAR`` as "$")."""
    return markdown.replace(wording.DOLLAR, "$")


def stored_text(*notebooks: Path) -> str:
    """Every stream, ``text/*`` output (plain, markdown, HTML, CSV) and figure alt text of the notebooks, as one string."""
    parts = []
    for path in notebooks:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for o in cell.get("outputs", []):
                parts.append("".join(o.get("text", "")))
                parts += [readable("".join(v)) for k, v in o.get("data", {}).items() if k.startswith("text/")]
                parts.append(o.get("metadata", {}).get("image/png", {}).get("alt", ""))
    return "\n".join(parts)


def markdown(path: Path) -> str:
    """The notebook's markdown cells (the text that never changes), as one string."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def answer_box(path: Path) -> str:
    """The Markdown of the notebook's Answer box (the output of its cell tagged ``answer``), or ``""``."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "answer" in cell.get("metadata", {}).get("tags", []):
            return "\n".join(readable("".join(o.get("data", {}).get("text/markdown", ""))) for o in cell.get("outputs", []))
    return ""


def figures(path: Path) -> list[dict]:
    """Each figure's ``image/png`` output metadata, in order: its title (``alt``) and the smallest n it rests on."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return [o.get("metadata", {}).get("image/png", {}) for cell in nb["cells"] for o in cell.get("outputs", [])
            if "image/png" in o.get("data", {})]
