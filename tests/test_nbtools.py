"""The notebook normaliser: a notebook saved from JupyterLab after "Run All" comes back, byte for byte, to the
committed file; committed notebooks are already canonical; the pre-commit hook and the command line do this."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from helpers import nbtools, paths

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))

# What JupyterLab 4 writes into language_info when it saves (from the kernel's kernel_info reply), here for
# another Python release than the project's (nbtools.PYTHON_VERSION).
LAB_LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.12.8",
}
WIDGET_STATE = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2, "version_minor": 0}}


def lab_execution(i: int) -> dict:
    """The per-cell timing metadata Lab records with "record timing" on (nbclient writes the same keys)."""
    t = f"2026-11-26T09:{i // 60:02d}:{i % 60:02d}.{i:06d}Z"
    return {"iopub.execute_input": t, "iopub.status.busy": t, "iopub.status.idle": t, "shell.execute_reply": t}


def lab_save(text: str) -> str:
    """``text`` as JupyterLab would save it after "Run All" in another environment (outputs kept as they are)."""
    nb = json.loads(text)
    nb["metadata"]["language_info"] = dict(LAB_LANGUAGE_INFO)
    nb["metadata"]["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb["metadata"]["widgets"] = WIDGET_STATE
    for i, cell in enumerate(nb["cells"]):
        meta = cell.setdefault("metadata", {})
        meta["trusted"] = True
        if cell["cell_type"] == "code":
            meta["execution"] = lab_execution(i)
            if cell.get("outputs"):
                meta["scrolled"] = True
        else:
            meta["jp-MarkdownHeadingCollapsed"] = True
            meta["tags"] = []
    nb["cells"][0]["metadata"]["jupyter"] = {"source_hidden": False}
    # A different serialisation too (indent, key order, ASCII escapes, no final newline): only content counts.
    return json.dumps(nb, indent=2, ensure_ascii=True)


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_notebook_is_canonical(path):
    text = path.read_bytes().decode("utf-8")
    assert nbtools.canonical_text(text) == text, f"run: python -m helpers.nbtools {path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_lab_save_normalises_back_to_the_committed_file(path, tmp_path):
    committed = path.read_bytes()
    saved = tmp_path / path.name
    saved.write_text(lab_save(committed.decode("utf-8")), encoding="utf-8")
    assert saved.read_bytes() != committed
    assert nbtools.main(["--check", str(saved)]) == 1
    assert any("not canonical" in p for p in nbtools.problems(nbformat.read(saved, as_version=4)))
    assert nbtools.main([str(saved)]) == 0
    assert saved.read_bytes() == committed
    assert nbtools.main(["--check", str(saved)]) == 0


def test_normalize_keeps_tags_and_drops_the_rest():
    cell = nbformat.v4.new_code_cell("1", execution_count=1)
    cell.metadata.update({"tags": ["key-figure"], "trusted": True, "editable": False, "collapsed": True,
                          "ExecuteTime": {"end_time": "2026-01-01"}, "execution": lab_execution(1)})
    empty_tags = nbformat.v4.new_markdown_cell("# x", metadata={"tags": []})
    nb = nbformat.v4.new_notebook(cells=[cell, empty_tags], metadata={"language_info": LAB_LANGUAGE_INFO, "toc": {}})
    nbtools.normalize(nb)
    assert nb.metadata == {"kernelspec": nbtools.KERNELSPEC, "language_info": nbtools.LANGUAGE_INFO}
    assert nb.cells[0].metadata == {"tags": ["key-figure"]}
    assert nb.cells[1].metadata == {}


def test_canonical_metadata_is_what_the_project_kernel_reports():
    """The canonical kernelspec is the installed python3 kernel's, and the canonical language_info is what ipykernel
    reports for it (JupyterLab and nbclient copy both into a notebook), so neither rewrites a committed notebook."""
    from ipykernel.ipkernel import IPythonKernel
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    assert {"display_name": spec.display_name, "language": spec.language, "name": "python3"} == nbtools.KERNELSPEC
    reported = dict(IPythonKernel.language_info)
    assert {**reported, "version": nbtools.PYTHON_VERSION} == nbtools.LANGUAGE_INFO
    if reported["version"] != nbtools.PYTHON_VERSION:
        pytest.skip(f"this environment runs Python {reported['version']}, not the project's {nbtools.PYTHON_VERSION}")
    assert reported == nbtools.LANGUAGE_INFO


def test_normalize_leaves_cells_and_outputs_alone():
    path = NOTEBOOKS[0]
    before = nbformat.read(path, as_version=4)
    after = nbtools.normalize(nbformat.reads(lab_save(path.read_text(encoding="utf-8")), as_version=4))
    for a, b in zip(before.cells, after.cells, strict=True):
        assert (a.get("id"), a.source, a.get("outputs"), a.get("execution_count")) == \
               (b.get("id"), b.source, b.get("outputs"), b.get("execution_count"))


@pytest.mark.slow  # the hook's command in a new interpreter
def test_pre_commit_hook_runs_the_normaliser(tmp_path):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    hook = next(h for h in hooks if "helpers.nbtools" in h["entry"])
    assert hook["language"] == "system" and "jupyter" in hook["types"]
    # The hook's command, with this interpreter standing in for .venv/bin/python, on a Lab-saved notebook.
    saved = tmp_path / NOTEBOOKS[0].name
    saved.write_text(lab_save(NOTEBOOKS[0].read_text(encoding="utf-8")), encoding="utf-8")
    args = hook["entry"].split()[1:]
    subprocess.run([sys.executable, *args, str(saved)], cwd=ROOT, check=True, capture_output=True)
    assert saved.read_bytes() == NOTEBOOKS[0].read_bytes()


def test_gitattributes_name_nbdime_drivers():
    lines = {line.split(None, 1)[1].strip() for line in (ROOT / ".gitattributes").read_text().splitlines()
             if line.startswith("*.ipynb")}
    assert {"diff=jupyternotebook", "merge=jupyternotebook"} <= lines


def test_widget_view_ids_are_derived_not_random():
    """Two runs give widget views different random model ids; normalised, they are the same (and tied to the cell)."""
    def run(model_id: str) -> str:
        cell = nbformat.v4.new_code_cell("w", execution_count=1, outputs=[nbformat.v4.new_output(
            "display_data", data={nbtools.WIDGET_VIEW: {"model_id": model_id, "version_major": 2, "version_minor": 0},
                                  "text/plain": "w"})])
        cell.id = "abc"
        return nbformat.writes(nbtools.normalize(nbformat.v4.new_notebook(cells=[cell])))

    assert run("0f1e2d") == run("9a8b7c")
    assert json.loads(run("0f1e2d"))["cells"][0]["outputs"][0]["data"][nbtools.WIDGET_VIEW]["model_id"] != "0f1e2d"


@pytest.mark.slow  # executes notebook 09
def test_rerunning_the_widget_notebook_changes_nothing(tmp_path):
    """Notebook 09 (the one with widgets) executed afresh and normalised is, byte for byte, the committed file."""
    from nbclient import NotebookClient

    path = paths.NOTEBOOKS / "09_explorer.ipynb"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    assert nbtools.canonical_text(nbformat.writes(nb)) == path.read_text(encoding="utf-8")
