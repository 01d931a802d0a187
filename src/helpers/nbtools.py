"""Notebook hygiene: one canonical metadata form, so a notebook's diff shows only its cells and outputs.

``python -m helpers.nbtools FILE...`` rewrites notebooks into the canonical form in place (``make normalize``,
the pre-commit hook in ``.pre-commit-config.yaml``, and ``make notebooks`` after executing); ``--check`` writes
nothing and exits 1 when a file is not canonical.

The canonical form is what is committed, whatever JupyterLab, nbclient or another front end wrote. Its notebook
metadata is exactly what JupyterLab writes (and ``jupyter nbconvert --execute`` too) for the project's kernel, so a
notebook opened in ``make lab`` is not marked modified and saving it unchanged leaves its bytes unchanged
(tests/test_jupyterlab.py checks this in a browser):

- notebook metadata: exactly ``kernelspec`` = :data:`KERNELSPEC` (the kernel spec ipykernel installs) and
  ``language_info`` = :data:`LANGUAGE_INFO` (what that kernel reports in its ``kernel_info`` reply, with the
  Python version pinned to :data:`PYTHON_VERSION`, so a notebook run on another patch release normalises to the
  same bytes); widget state (``widgets``) and any other key (jupytext, toc, vscode ...) are dropped;
- cell metadata: only a non-empty ``tags`` list is kept (``key-figure``, ``docs:NAME``, nbval's tags). Execution
  timings, ``trusted``, ``collapsed``/``scrolled``/``jupyter`` (view state), ``editable``/``deletable`` and
  anything else are dropped;
- a widget view's ``model_id`` (a random id per run; the widget state is not saved, so none is live) becomes one
  derived from its cell's id and the output's position, so re-running a notebook with widgets changes nothing;
- everything else (cell ids, sources, outputs and their metadata, execution counts) is left as it is;
- the file is written as nbformat writes it: JSON, indent 1, sorted keys, UTF-8, one trailing newline.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: The project's Python (README: Python 3.11), whose release the kernel reports as ``language_info.version``.
PYTHON_VERSION = "3.11.7"
#: ipykernel's ``language_info`` for :data:`PYTHON_VERSION`: what JupyterLab and nbclient write into a notebook.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": PYTHON_VERSION,
}
KEPT_CELL_KEYS = ("tags",)
#: The output type of a widget view (ipywidgets), whose ``model_id`` is random per run.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Put ``nb``'s notebook and cell metadata into the canonical form (in place; returns ``nb``)."""
    nb.metadata.clear()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = copy.deepcopy(LANGUAGE_INFO)
    for cell in nb.cells:
        kept = {k: cell.metadata[k] for k in KEPT_CELL_KEYS if cell.metadata.get(k)}
        cell.metadata.clear()
        cell.metadata.update(kept)
        for j, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if isinstance(view, dict) and "model_id" in view:
                view["model_id"] = hashlib.sha256(f"{cell.get('id', '')}:{j}".encode()).hexdigest()[:32]
    return nb


def canonical_text(text: str) -> str:
    """The canonical file content of the notebook whose file content is ``text``."""
    out = nbformat.writes(normalize(nbformat.reads(text, as_version=4)))
    return out if out.endswith("\n") else out + "\n"


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """What keeps a stored notebook from being a clean regression baseline (empty if nothing)."""
    out = []
    if nb.metadata.get("kernelspec", {}).get("name") != KERNELSPEC["name"]:
        out.append("kernelspec is not python3")
    if dict(nb.metadata) != normalize(copy.deepcopy(nb)).metadata:
        out.append(f"notebook metadata {sorted(nb.metadata)} is not canonical: run python -m helpers.nbtools")
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    counts = [c.get("execution_count") for c in code]
    if any(n is None for n in counts):
        out.append("has unexecuted code cells")
    elif counts != list(range(1, len(counts) + 1)):
        out.append(f"execution counts {counts} are not 1..n: restart and run all")
    for i, c in enumerate(nb.cells, 1):
        extra = sorted(k for k in c.metadata if k not in KEPT_CELL_KEYS or not c.metadata[k])
        if extra:
            out.append(f"cell {i} has volatile metadata {extra}")
        for o in c.get("outputs", []):
            if o.get("output_type") == "error":
                out.append(f"cell {i} stores an error ({o.get('ename')})")
            if o.get("name") == "stderr":
                out.append(f"cell {i} writes to stderr: {''.join(o.get('text', ''))[:80]!r}")
            text = "".join(o.get("data", {}).get("text/plain", "")) + "".join(o.get("text", ""))
            if " at 0x" in text:
                out.append(f"cell {i} output contains a memory address")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.nbtools", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a notebook is not canonical")
    parser.add_argument("paths", nargs="*", type=Path, metavar="NOTEBOOK")
    args = parser.parse_args(argv)
    status = 0
    for path in args.paths:
        text = path.read_bytes().decode("utf-8")
        canonical = canonical_text(text)
        changed = canonical != text
        if changed and args.check:
            status = 1
        elif changed:
            path.write_bytes(canonical.encode("utf-8"))
        issues = problems(nbformat.reads(canonical, as_version=4))
        note = "" if not changed else " (not canonical)" if args.check else " (normalised)"
        print(f"{'BAD' if issues else 'ok '} {path}{note}" + "".join(f"\n    {p}" for p in issues))
    return status


if __name__ == "__main__":
    sys.exit(main())
