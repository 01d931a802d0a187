"""What a committed notebook says: every text output and every figure's alt text, for conclusion tests to search."""

from __future__ import annotations

import json
from pathlib import Path


def stored_text(*notebooks: Path) -> str:
    """Every stream, ``text/*`` output (plain, markdown, HTML, CSV) and figure alt text of the notebooks, as one string."""
    parts = []
    for path in notebooks:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for o in cell.get("outputs", []):
                parts.append("".join(o.get("text", "")))
                parts += ["".join(v) for k, v in o.get("data", {}).items() if k.startswith("text/")]
                parts.append(o.get("metadata", {}).get("image/png", {}).get("alt", ""))
    return "\n".join(parts)
