"""Wall time and peak memory of a command run in a child process."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from helpers import paths

PY = sys.executable


@dataclass
class Run:
    """One run of a command: wall seconds, peak resident memory of the child (bytes), exit status."""

    seconds: float
    cpu_seconds: float  # user + system time of the child and its own children
    peak_rss: int
    returncode: int
    stdout: str
    stderr: str


def run(cmd: list[str], cwd: Path = paths.ROOT, env: dict | None = None) -> Run:
    """Run ``cmd``; the peak RSS is that child's own (reaped with ``wait4``), not the max over all children."""
    env = {**os.environ, **(env or {})}
    t0 = time.perf_counter()
    with open(os.devnull, "rb") as devnull:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=devnull, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # read both pipes without deadlock, then reap with wait4 (communicate() would reap it first)
    bufs: dict[str, bytes] = {}

    def drain(name: str, stream) -> None:
        bufs[name] = stream.read()

    threads = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", p.stdout), ("err", p.stderr))]
    for t in threads:
        t.start()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    for t in threads:
        t.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    out, err = (bufs[k].decode(errors="replace") for k in ("out", "err"))
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, p.returncode, out, err)


def repeat(cmd: list[str], runs: int, **kw) -> tuple[float, int, list[Run]]:
    """Median wall seconds and max peak RSS over ``runs`` runs (all runs returned); raises if a run fails."""
    results = []
    for _ in range(runs):
        r = run(cmd, **kw)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stderr[-2000:]}")
        results.append(r)
    return statistics.median(r.seconds for r in results), max(r.peak_rss for r in results), results


#: The speed probe: a fixed pure-Python workload (no I/O, no imports), run in a child process.
PROBE = "sum(range(30_000_000))"


def speed_probe(runs: int = 3) -> float:
    """Seconds the fixed workload :data:`PROBE` takes (fastest of ``runs``): how fast this machine is right now.

    A 2-core virtual machine shares its host, and the same work can take 1.5x longer from one hour to the next
    with no load visible inside the machine (measured: the probe took 0.50 s and 0.87 s on the same day, and
    ``make test`` 81 s and 131 s). Reported beside each suite timing so that timings are compared at equal speed.
    """
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([PY, "-c", PROBE], check=True)
        best = min(best, time.perf_counter() - t)
    return best


def curate_cmd(raw_dir: Path, out_dir: Path, other_snapshot: bool = False) -> list[str]:
    """The curation as a user runs it; synthetic files are not the pinned snapshot, so they need ``--other-snapshot``."""
    return [PY, "-m", "helpers", "curate", "--raw", str(raw_dir), "--out", str(out_dir),
            *(["--other-snapshot"] if other_snapshot else ["--strict"])]


def duckdb_scan_cmd(csv_path: Path, distinct: bool = False) -> list[str]:
    """DuckDB alone scanning the file: every column as text, bad lines skipped (the near-limit reference).

    With ``distinct``, DuckDB alone counts the distinct rows: the deduplication the curation cannot avoid.
    """
    src = str(csv_path).replace("'", "''")
    sql = (f"SELECT count(*) FROM read_csv('{src}', header = true, all_varchar = true, delim = ',', "
           f"quote = '\"', escape = '\"', ignore_errors = true)")
    if distinct:
        sql = sql.replace("SELECT count(*) FROM read_csv", "SELECT count(*) FROM (SELECT DISTINCT * FROM read_csv") + ")"
    code = "import duckdb; con = duckdb.connect(); con.execute('SET enable_progress_bar = false'); "
    code += f"print(con.execute({sql!r}).fetchone()[0])"
    return [PY, "-c", code]


def startup_cmd() -> list[str]:
    """Python start-up plus the curation's imports: the fixed cost inside every curate run."""
    return [PY, "-c", "import helpers.pipeline.curate"]
