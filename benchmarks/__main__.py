"""Benchmarks: ``python -m benchmarks [--sizes 1e6,1e7] [--runs 3] [--write]``.

For each size a seeded synthetic raw file is generated under ``benchmarks/.work/`` (git-ignored,
reused while the generator's parameters are unchanged), curated in a child process
(``python -m helpers curate --raw ... --out ...``) and scanned by DuckDB alone; wall time is the
median over ``--runs``, peak memory the child's maximum resident set. The correctness checks
(books balance, corrupt lines quarantined, binned vs exact quantiles) run on the largest curation.
The real snapshot is curated too (and compared byte for byte with ``data/curated``), and the
notebook and test suites are timed. ``--write`` regenerates ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

from benchmarks import checks, measure, suite
from benchmarks.generate import Generated, generate
from helpers import paths

WORK = Path(__file__).resolve().parent / ".work"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
GB = 1024**3


def machine() -> dict[str, str]:
    """CPU model, cores, RAM and the versions that matter."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{mem_kb / 1024**2:.1f} GiB"
    except (OSError, AttributeError):
        ram = "unknown"
    return {
        "CPU": cpu, "cores": str(os.cpu_count()), "RAM": ram, "OS": platform.platform(),
        "Python": platform.python_version(),
        **{p: version(p) for p in ("duckdb", "pandas", "numpy", "pyarrow", "pytest", "nbval", "pytest-xdist")},
        "load average at start (1, 5, 15 min)": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "speed probe at start (s, lower is faster)": f"{measure.speed_probe():.2f}",
    }


def _size(text: str) -> int:
    return int(float(text))


def _files_identical(a: Path, b: Path, ignore: tuple[str, ...] = ()) -> bool:
    cmp = filecmp.dircmp(a, b, ignore=[*filecmp.DEFAULT_IGNORES, *ignore])
    if cmp.left_only or cmp.right_only:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors


def get_file(n: int, seed: int) -> tuple[Generated, float | None]:
    """The synthetic file for ``n`` rows, generated unless an identical one is already there."""
    raw_dir = WORK / f"raw_{n}"
    meta = WORK / f"raw_{n}.json"
    path = raw_dir / "aijobs" / "salaries.csv"
    gen_src = (Path(__file__).parent / "generate.py").read_bytes()
    stamp = WORK / f"raw_{n}.generator"
    if meta.is_file() and path.is_file() and stamp.is_file() and stamp.read_bytes() == gen_src:
        g = Generated.load(meta)
        if g.seed == seed and g.rows == n:
            return g, None
    t0 = time.perf_counter()
    g = generate(path, n, seed)
    took = time.perf_counter() - t0
    g.save(meta)
    stamp.write_bytes(gen_src)
    return g, took


def bench_size(n: int, runs: int, seed: int, check: bool) -> dict:
    """Generate, scan, curate (``runs`` times) and check one size."""
    g, gen_s = get_file(n, seed)
    scan_s, scan_rss, _ = measure.repeat(measure.duckdb_scan_cmd(g.path), runs)
    distinct_s, _, _ = measure.repeat(measure.duckdb_scan_cmd(g.path, distinct=True), 1)
    out = WORK / f"out_{n}" / "curated"
    cur_s, cur_rss, res = measure.repeat(measure.curate_cmd(g.path.parent.parent, out, other_snapshot=True), runs)
    row = {
        "rows": n, "size_mb": g.path.stat().st_size / 1e6, "gen_s": gen_s, "runs": runs,
        "curate_s": cur_s, "curate_rss": cur_rss, "scan_s": scan_s, "scan_rss": scan_rss, "distinct_s": distinct_s,
        "runs_s": [r.seconds for r in res], "curate_cpu": statistics.median(r.cpu_seconds for r in res),
    }
    if check:
        row["checks"] = checks.run_checks(g, out)
    return row


def bench_real(runs: int) -> dict | None:
    """The real snapshot (``data/raw``), when fetched: timing and byte-identity with data/curated."""
    raw = paths.RAW / "aijobs" / "salaries.csv"
    if not raw.is_file():
        return None
    out = WORK / "real" / "curated"
    cur_s, cur_rss, res = measure.repeat(measure.curate_cmd(paths.RAW, out), runs)
    scan_s, _, _ = measure.repeat(measure.duckdb_scan_cmd(raw), runs)
    with open(raw, "rb") as fh:
        lines = sum(1 for _ in fh) - 1
    return {
        "rows": lines, "size_mb": raw.stat().st_size / 1e6, "curate_s": cur_s, "curate_rss": cur_rss, "scan_s": scan_s,
        "identical": _files_identical(out, paths.CURATED, ignore=("quarantine",)),
        "curate_cpu": statistics.median(r.cpu_seconds for r in res),
        "runs_s": [r.seconds for r in res],
    }


def import_cost() -> dict:
    """``import helpers.data`` (cumulative, from -X importtime) and loading the curated tables."""
    r = subprocess.run([measure.PY, "-X", "importtime", "-c", "import helpers.data"], capture_output=True, text=True, check=True)
    total = max(int(m.group(1)) for m in re.finditer(r"import time:\s+\d+ \|\s+(\d+) \|", r.stderr))
    heavy = sorted(
        ((int(m.group(1)), m.group(2).strip()) for m in re.finditer(r"import time:\s+\d+ \|\s+(\d+) \| {1,4}(\S+)$", r.stderr, re.M)
         if not m.group(2).strip().startswith("helpers")),
        reverse=True,
    )[:3]
    code = ("import time; t = time.perf_counter(); from helpers import data; t1 = time.perf_counter(); "
            "data.salary_bins(); data.salary_summary(); t2 = time.perf_counter(); print(t1 - t, t2 - t1)")
    imp, load = map(float, subprocess.run([measure.PY, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    return {"importtime_s": total / 1e6, "top": heavy, "import_s": imp, "load_s": load}


# ---------------------------------------------------------------- report

def _f(x: float | None, fmt: str = "{:.2f}") -> str:
    return "-" if x is None else fmt.format(x)


def targets(real: dict | None, sizes: list[dict], st: list) -> list[tuple[str, str, bool | None]]:
    """The issue's targets, each with the measured value and whether it is met (wall times, medians)."""
    out = []
    if real:
        out.append(("real snapshot curated in < 3 s", f"{real['curate_s']:.2f} s (CPU {real['curate_cpu']:.1f} s)", real["curate_s"] < 3))
    else:  # never drop a target silently: say why it was not measured
        out.append(("real snapshot curated in < 3 s", "not measured: data/raw/aijobs/salaries.csv is missing (`make data`)", None))
    by_n = {s["rows"]: s for s in sizes}
    big = by_n.get(10_000_000)
    if big:
        out.append(("10M rows curated in < 60 s", f"{big['curate_s']:.1f} s (CPU {big['curate_cpu']:.1f} s)", big["curate_s"] < 60))
        out.append(("10M rows peak memory < 2 GB", f"{big['curate_rss'] / GB:.2f} GB", big["curate_rss"] < 2 * GB))
    if len(sizes) >= 2:
        a, b = sizes[-2], sizes[-1]
        grow = (b["curate_cpu"] / b["rows"]) / (a["curate_cpu"] / a["rows"])
        out.append((f"cost linear in rows (CPU per row at {b['rows']:,} / at {a['rows']:,} <= 1.25)", f"{grow:.2f}", grow <= 1.25))
    for s in sizes:
        out.append((f"throughput >= half of DuckDB's bare scan, {s['rows']:,} rows (curate <= 2 x scan)",
                    f"curate / scan = {s['curate_s'] / s['scan_s']:.1f}", s["curate_s"] <= 2 * s["scan_s"]))
    limits = {"make test (2 workers)": 90, "make report": 60}
    suite_runs = [t for t in st if t.label.startswith("make test (2 workers), run") and t.seconds is not None]
    if suite_runs:  # the median of the runs, each run with the machine's speed at the time
        med = statistics.median(t.seconds for t in suite_runs)
        each = "; ".join(f"{t.seconds:.1f} s at probe {_f(t.probe)} s" for t in suite_runs)
        out.append((f"make test (2 workers) < 90 s, median of {len(suite_runs)} runs", f"{med:.1f} s ({each})", med < 90))
    for t in st:
        if t.label in limits and t.seconds is not None:
            out.append((f"{t.label} < {limits[t.label]} s", f"{t.seconds:.1f} s{' (' + t.note + ')' if t.note else ''}",
                        t.seconds < limits[t.label]))
    return out


def _runs(row: dict) -> str:
    return ", ".join(f"{x:.1f}" for x in row["runs_s"])


def render(info: dict, real: dict | None, sizes: list[dict], nb: list, st: list, imp: dict, args) -> str:
    out = ["# Benchmark results", "", f"Regenerated by `python -m benchmarks {' '.join(args.argv)}`.", "", "## Machine", ""]
    out += ["| | |", "|---|---|", *[f"| {k} | {v} |" for k, v in info.items()], ""]
    out += ["## Curation", "",
            "Wall time is the median over the runs of `python -m helpers curate --raw DIR --out DIR2` in a child process "
            "(Python start-up and imports included); peak memory is the child's maximum resident set. The DuckDB "
            "reference is `SELECT count(*) FROM read_csv(...)` over the same file (all columns as text, bad lines skipped), "
            "also in a child process. Ratio = curation time / scan time. DuckDB DISTINCT is DuckDB alone counting the distinct "
            "rows of the same file (`SELECT count(*) FROM (SELECT DISTINCT * FROM read_csv(...))`, one run): the deduplication "
            "the curation must do, so the fairer floor.", "",
            "| input | rows | MB | runs | curate s (each run) | curate CPU s | curate peak GB | DuckDB scan s | ratio | "
            "DuckDB DISTINCT s | ratio to DISTINCT | µs per row |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    if real:
        r = real
        out.append(f"| real snapshot | {r['rows']:,} | {r['size_mb']:.1f} | {args.runs} | {r['curate_s']:.2f} ({_runs(r)}) "
                   f"| {r['curate_cpu']:.1f} | {r['curate_rss'] / GB:.2f} | {r['scan_s']:.2f} | {r['curate_s'] / r['scan_s']:.1f} "
                   f"| - | - | {r['curate_s'] / r['rows'] * 1e6:.1f} |")
    for s in sizes:
        out.append(
            f"| synthetic | {s['rows']:,} | {s['size_mb']:.0f} | {s['runs']} | {s['curate_s']:.2f} ({_runs(s)}) | {s['curate_cpu']:.1f} "
            f"| {s['curate_rss'] / GB:.2f} | {s['scan_s']:.2f} | {s['curate_s'] / s['scan_s']:.1f} "
            f"| {s['distinct_s']:.2f} | {s['curate_s'] / s['distinct_s']:.1f} | {s['curate_s'] / s['rows'] * 1e6:.2f} |"
        )
    out.append("")
    if real:
        out.append(f"Real snapshot curated byte-identical to `data/curated`: {'yes' if real['identical'] else 'NO'}.")
    gens = [f"{s['rows']:,} rows in {s['gen_s']:.1f} s" for s in sizes if s["gen_s"] is not None]
    if gens:
        out.append(f"Generation (this run): {', '.join(gens)}.")
    out.append("")
    checked = [s for s in sizes if "checks" in s]
    if checked:
        out += ["## Correctness at scale", "",
                "Corrupt lines (bad code, bad country, non-numeric salary, wrong field count, invalid UTF-8) are injected "
                "mid-file and at the end. Exact quantiles come from DuckDB + numpy (`method=\"inverted_cdf\"` over distinct "
                f"records) for {checks.GROUPINGS.__len__()} groupings ({'; '.join(g for g, _ in checks.GROUPINGS)}), "
                "compared with `binning.binned_quantile` over the curated `salary_bins.csv` (p10..p90) and with "
                "`salary_summary.csv`.", "",
                "| rows | lines in | read | kept | rejected | duplicates | kept+rejected+duplicates | quarantined | books | "
                "max binned error % | summary exact | verdict |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|"]
        for s in checked:
            c, b = s["checks"], s["checks"].books
            out.append(f"| {s['rows']:,} | {b['lines']:,} | {b['read']:,} | {b['kept']:,} | {b['rejected']:,} | {b['duplicates']:,} "
                       f"| {b['kept'] + b['rejected'] + b['duplicates']:,} | {c.quarantined} | {'ok' if c.books_ok else 'WRONG'} "
                       f"| {c.max_rel_err_pct:.3f} | {'yes' if c.summary_exact else 'NO'} | {'pass' if c.ok else 'FAIL'} |")
        out.append("")
    if nb or st:
        out += ["## Notebooks and test suite", "", "One run each, serial unless stated.", ""]
        out += ["| what | command | s | CPU s | probe s | note |", "|---|---|---:|---:|---:|---|"]
        out += [f"| {t.label} | `{t.command}` | {_f(t.seconds, '{:.1f}')} | {_f(t.cpu, '{:.0f}')} | {_f(t.probe)} | {t.note} |"
                for t in [*nb, *st]]
        out += ["", f"CPU s: user + system time of the command and its children. Probe s: the machine's speed just "
                f"before the run, as the seconds a fixed pure-Python workload took (`{measure.PROBE}`, fastest of 3; "
                "lower is faster). The same work takes longer at a higher probe: compare timings at similar probes."]
        out.append("")
    out += ["## Import cost", "",
            f"`import helpers.data`: {imp['import_s']:.2f} s in a fresh interpreter (-X importtime total {imp['importtime_s']:.2f} s; "
            f"largest: {', '.join(f'{name} {us / 1e6:.2f} s' for us, name in imp['top'])}); loading `salary_bins` + "
            f"`salary_summary` afterwards: {imp['load_s'] * 1000:.0f} ms.", ""]
    out += ["## Targets", "", "| target | measured | met |", "|---|---|---|"]
    verdict = {True: "yes", False: "NO", None: "not measured"}
    out += [f"| {t} | {m} | {verdict[ok]} |" for t, m, ok in targets(real, sizes, st)]
    out.append("")
    if NOTES.is_file():
        out += [NOTES.read_text().rstrip(), ""]
    return "\n".join(out)


NOTES = Path(__file__).resolve().parent / "NOTES.md"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1e6", help="comma-separated row counts, e.g. 1e5 or 1e6,1e7 (default 1e6)")
    p.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported (default 3)")
    p.add_argument("--runs-large", type=int, default=None, help="runs for sizes >= 1e7 (default: --runs)")
    p.add_argument("--seed", type=int, default=20240601)
    p.add_argument("--no-suite", action="store_true", help="skip the notebook and test-suite timings")
    p.add_argument("--no-xdist", action="store_true", help="skip the pytest -n 2 timing")
    p.add_argument("--suite-runs", type=int, default=3, help="runs of make test's command; the median meets the target")
    p.add_argument("--no-checks", action="store_true", help="skip the correctness checks")
    p.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    p.add_argument("--clean", action="store_true", help="remove benchmarks/.work and exit")
    args = p.parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else argv
    if args.clean:
        shutil.rmtree(WORK, ignore_errors=True)
        return 0
    WORK.mkdir(exist_ok=True)
    info = machine()
    sizes = sorted(_size(s) for s in args.sizes.split(",") if s)
    print(f"machine: {info['CPU']}, {info['cores']} cores, {info['RAM']}", flush=True)
    real = bench_real(args.runs)
    if real:
        print(f"real snapshot: curate {real['curate_s']:.2f} s, peak {real['curate_rss'] / GB:.2f} GB, "
              f"scan {real['scan_s']:.2f} s, identical to data/curated: {real['identical']}", flush=True)
    rows = []
    for n in sizes:
        runs = args.runs_large if (args.runs_large and n >= 10_000_000) else args.runs
        r = bench_size(n, runs, args.seed, check=not args.no_checks and n == sizes[-1])
        rows.append(r)
        print(f"{n:>12,} rows: curate {r['curate_s']:.2f} s (runs {', '.join(f'{x:.2f}' for x in r['runs_s'])}), "
              f"peak {r['curate_rss'] / GB:.2f} GB; DuckDB scan {r['scan_s']:.2f} s; ratio {r['curate_s'] / r['scan_s']:.1f}", flush=True)
        if "checks" in r:
            c = r["checks"]
            print(f"{'':>12}  checks: books {c.books} ok={c.books_ok}, quarantined {c.quarantined}, "
                  f"max binned error {c.max_rel_err_pct:.3f}%, summary exact {c.summary_exact}", flush=True)
    nb, st = [], []
    if not args.no_suite:
        nb = suite.notebook_timings()
        st = suite.suite_timings(xdist=not args.no_xdist, runs=args.suite_runs)
        for t in [*nb, *st]:
            print(f"{t.label:<40} {_f(t.seconds, '{:7.1f}')} s  {t.note}", flush=True)
    imp = import_cost()
    print(f"import helpers.data {imp['import_s']:.2f} s; load bins+summary {imp['load_s'] * 1000:.0f} ms", flush=True)
    info["load average at end (1, 5, 15 min)"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    info["speed probe at end (s, lower is faster)"] = f"{measure.speed_probe():.2f}"
    text = render(info, real, rows, nb, st, imp, args)
    print()
    print(text)
    if args.write:
        RESULTS.write_text(text + "\n")
        print(f"wrote {RESULTS}")
    ok = all(r["checks"].ok for r in rows if "checks" in r) and (real is None or real["identical"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
