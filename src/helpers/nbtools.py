"""Notebook hygiene: one kernelspec, no volatile metadata, so stored outputs diff cleanly.

``python -m helpers.nbtools notebooks/*.ipynb`` normalises files in place (``make notebooks``
executes every notebook, then runs this).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
VOLATILE_CELL_KEYS = ("execution", "collapsed", "scrolled", "ExecuteTime")


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Set the project's kernelspec and drop per-run metadata (timestamps) from every cell."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for key in list(nb.metadata):
        if key not in ("kernelspec", "language_info"):
            del nb.metadata[key]
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
    return nb


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """What keeps a stored notebook from being a clean regression baseline (empty if nothing)."""
    out = []
    if nb.metadata.get("kernelspec", {}).get("name") != KERNELSPEC["name"]:
        out.append("kernelspec is not python3")
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    counts = [c.get("execution_count") for c in code]
    if any(n is None for n in counts):
        out.append("has unexecuted code cells")
    elif counts != list(range(1, len(counts) + 1)):
        out.append(f"execution counts {counts} are not 1..n: restart and run all")
    for i, c in enumerate(nb.cells, 1):
        if any(k in c.metadata for k in VOLATILE_CELL_KEYS):
            out.append(f"cell {i} has volatile metadata")
        for o in c.get("outputs", []):
            if o.get("output_type") == "error":
                out.append(f"cell {i} stores an error ({o.get('ename')})")
            if o.get("name") == "stderr":
                out.append(f"cell {i} writes to stderr: {''.join(o.get('text', ''))[:80]!r}")
            text = "".join(o.get("data", {}).get("text/plain", "")) + "".join(o.get("text", ""))
            if " at 0x" in text:
                out.append(f"cell {i} output contains a memory address")
    return out


def main(argv: list[str]) -> int:
    for name in argv:
        path = Path(name)
        nb = normalize(nbformat.read(path, as_version=4))
        nbformat.write(nb, path)
        issues = problems(nb)
        print(f"{'ok ' if not issues else 'BAD'} {path}" + "".join(f"\n    {p}" for p in issues))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
