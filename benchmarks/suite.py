"""How long the notebooks and the test suite take, and how much of it is harness overhead.

Three timings for the notebooks (all in child processes, serial):

* ``pytest --nbval notebooks`` (what ``make test`` pays for them);
* executing the same notebooks with nbclient in one process (no comparison of outputs);
* the floor: start a kernel, run ``pass``, shut it down, once per notebook.

And the whole suite: ``pytest tests``, ``pytest --nbval tests notebooks`` serial and with
pytest-xdist exactly as ``make test`` runs it (``-n 2 --dist loadfile --no-loadscope-reorder``: a notebook's cells must
stay in one worker, and files are handed out in the order ``tests/conftest.py`` gives), ``make report``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from benchmarks import measure
from helpers import paths, results_cache

_EXECUTE = """
import sys, time, nbformat
from nbclient import NotebookClient
for p in sys.argv[1:]:
    t = time.perf_counter()
    nb = nbformat.read(p, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": "notebooks"}}).execute()
    print(p, time.perf_counter() - t, flush=True)
"""

_KERNEL_FLOOR = """
import sys
from jupyter_client.manager import start_new_kernel
for _ in range(int(sys.argv[1])):
    km, kc = start_new_kernel(kernel_name="python3")
    kc.execute_interactive("pass", timeout=60)
    kc.stop_channels()
    km.shutdown_kernel(now=False)
"""


@dataclass
class Timing:
    label: str
    command: str
    seconds: float | None
    note: str = ""
    cpu: float | None = None  # user + system seconds of the command and its children
    probe: float | None = None  # measure.speed_probe() just before the run


def notebooks() -> list[str]:
    return sorted(str(p.relative_to(paths.ROOT)) for p in paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _time(label: str, cmd: list[str], shown: str, ok_codes: tuple[int, ...] = (0,)) -> Timing:
    """One timed run, from a cold cache: results kept between processes (:mod:`helpers.results_cache`) are removed first, so
    every run pays for the fits and answers as a fresh clone or a run after a code change does."""
    shutil.rmtree(results_cache.ROOT, ignore_errors=True)
    probe = measure.speed_probe()
    r = measure.run(cmd, env={"MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    note = "" if r.returncode in ok_codes else f"exit {r.returncode}: {_last_line(r.stdout + r.stderr)}"
    if r.returncode == 0 and ("pytest" in shown or shown == "make test"):  # pytest's summary line
        note = _last_line(r.stdout)
    return Timing(label, shown, r.seconds, note, cpu=r.cpu_seconds, probe=probe)


def _last_line(text: str) -> str:
    lines = [ln.strip("= ") for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:120] if lines else ""


def notebook_timings() -> list[Timing]:
    nbs = notebooks()
    if not nbs:
        return [Timing("notebooks", "-", None, "no notebooks yet")]
    py = measure.PY
    n = len(nbs)
    out = [_time(f"pytest --nbval, {n} notebooks", [py, "-m", "pytest", "-q", "--nbval", *nbs], "pytest --nbval notebooks")]
    r = measure.run([py, "-c", _EXECUTE, *nbs], env={"MPLBACKEND": "Agg"})
    note = "" if r.returncode == 0 else f"exit {r.returncode}: {_last_line(r.stderr)}"
    out.append(Timing(f"execute only (nbclient), {n} notebooks", "nbclient execute, one process", r.seconds, note))
    for line in r.stdout.splitlines():
        name, secs = line.rsplit(" ", 1)
        out.append(Timing(f"... {Path(name).stem}", "nbclient execute", float(secs)))
    out.append(_time(f"kernel start-up floor x {n}", [py, "-c", _KERNEL_FLOOR, str(n)], "start kernel, run pass, shut down"))
    return out


def suite_timings(xdist: bool = True, runs: int = 3) -> list[Timing]:
    """The suite serially once, ``make test``'s command ``runs`` times (each with its speed probe), ``make report``."""
    py = measure.PY
    out = [
        _time("unit tests", [py, "-m", "pytest", "-q", "tests"], "pytest tests"),
        _time("whole suite, serial", [py, "-m", "pytest", "-q", "--nbval", "tests", "notebooks"], "pytest --nbval tests notebooks"),
    ]
    if xdist:
        for i in range(runs):
            out.append(_time(f"make test (2 workers), run {i + 1}", ["make", "--no-print-directory", "test"], "make test"))
    out.append(_time("make report", ["make", "--no-print-directory", "report"], "make report"))
    return out
