"""Executing notebooks for the site: copies in fresh kernels, a few at a time, failures named by notebook and cell."""

from __future__ import annotations

import copy
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from helpers.presentation.site.notebooks import Page

#: Per-cell execution timeout in seconds.
CELL_TIMEOUT = 300


class NotebookFailed(RuntimeError):
    """A notebook raised while executing; ``notebook`` and ``cell`` (1-based index among all cells) say where."""

    def __init__(self, notebook: str, cell: int | None, message: str, source: str = "") -> None:
        self.notebook, self.cell, self.message, self.source = notebook, cell, message, source
        where = f"{notebook}, cell {cell}{source}" if cell is not None else notebook
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # picklable across processes
        return type(self), (self.notebook, self.cell, self.message, self.source)


def _failed_cell(nb: NotebookNode) -> int | None:
    """1-based index of the first cell with an error output (nbclient stores it before raising)."""
    for i, cell in enumerate(nb.cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    return None


def execute_notebook(path: Path, timeout: int = CELL_TIMEOUT) -> NotebookNode:
    """Execute a copy of ``path`` in a fresh ``python3`` kernel, cwd = its folder; the file is not rewritten.

    Raises ``NotebookFailed`` naming the notebook and the cell when a cell raises (or times out).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    work = copy.deepcopy(nb)
    # the kernel's own log (e.g. its note that local TCP is unencrypted) is noise in the progress display
    client = NotebookClient(work, timeout=timeout, kernel_name="python3", allow_errors=False, store_widget_state=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        cell = _failed_cell(work)
        first = work.cells[cell - 1].source.strip().splitlines()[0][:60] if cell and work.cells[cell - 1].source.strip() else ""
        where = f" (`{first}`)" if first else ""
        raise NotebookFailed(path.name, cell, f"{exc.ename}: {exc.evalue}".strip(), where) from None
    except (CellTimeoutError, DeadKernelError, RuntimeError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        running = next((i for i, c in enumerate(work.cells, 1) if c.cell_type == "code" and c.get("execution_count") is None
                        and c.source.strip()), None)
        raise NotebookFailed(path.name, running, f"{type(exc).__name__}: {first_line}") from None
    for cell in work.cells:  # volatile metadata nbclient adds
        cell.get("metadata", {}).pop("execution", None)
    return work


class Progress:
    """Prints one line per notebook start / finish with the elapsed time (safe to call from threads)."""

    def __init__(self, total: int, stream=None) -> None:
        self.total, self.stream, self.t0 = total, stream or sys.stdout, time.perf_counter()
        self._lock = threading.Lock()

    def __call__(self, index: int, name: str, status: str) -> None:
        with self._lock:
            print(f"  [{index}/{self.total}] {name:<40} {status:<22} elapsed {time.perf_counter() - self.t0:6.1f} s",
                  file=self.stream, flush=True)


def execute_all(notebooks: Sequence[Path], jobs: int = 2, progress: Progress | None = None,
                runner: Callable[[Path], NotebookNode] = execute_notebook,
                on_done: Callable[[int, Page], None] | None = None, expected: dict[str, float] | None = None) -> list[Page]:
    """Execute the notebooks ``jobs`` at a time; pages come back in the notebooks' order.

    ``expected`` (seconds per notebook file name, e.g. from the previous build) starts the longest first, so the
    last notebook to finish is not a long one started late; notebooks without a figure start before all others.

    ``on_done(index, page)`` runs in the worker thread as soon as a notebook has run (the site renders each page
    while the next kernels are busy). On the first failure the queued notebooks are cancelled and
    ``NotebookFailed`` is raised.
    """
    progress = progress or Progress(len(notebooks))

    def one(i: int, path: Path) -> Page:
        progress(i, path.name, "running")
        t = time.perf_counter()
        try:
            nb = runner(path)
        except NotebookFailed as exc:
            progress(i, path.name, f"FAILED (cell {exc.cell})")
            raise
        page = Page(path, nb, time.perf_counter() - t)
        if on_done is not None:
            on_done(i - 1, page)
        progress(i, path.name, f"ok in {page.seconds:.1f} s")
        return page

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        expected = expected or {}
        start = sorted(range(len(notebooks)), key=lambda k: -expected.get(notebooks[k].name, float("inf")))
        submitted = {k: pool.submit(one, k + 1, notebooks[k]) for k in start}
        futures = [submitted[k] for k in range(len(notebooks))]
        try:
            return [f.result() for f in futures]
        except BaseException:
            for f in futures:
                f.cancel()
            raise
