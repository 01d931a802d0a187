"""Publishing ``data/curated`` atomically: three ways measured side by side (``python -m benchmarks.publish``).

1. ``renameat2(RENAME_EXCHANGE)`` of the new folder with the old (one system call; what the curation uses);
2. a versioned folder and a symlink replaced atomically (``os.replace`` of a fresh link over the old one);
3. two renames (old folder aside, new one in place): the previous engine, and the fallback without (1).

For each: the median time of one swap, and what a reader sees meanwhile: a thread opens
``curated/datapackage.json`` in a tight loop during the swaps and counts failures (the path missing) and torn
reads (a file from one version beside another's). Then the whole publication (``publish.write``: write and fsync
every file, then the exchange) of the real snapshot's curation is timed. Prints a Markdown table for NOTES.md.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from helpers import fsutil, paths

SWAPS = 400


def _version(folder: Path, tag: str) -> Path:
    folder.mkdir(parents=True)
    for name in ("datapackage.json", "salary_bins.csv"):
        (folder / name).write_text(tag)
    return folder


def _reader(curated: Path, stop: threading.Event, seen: dict) -> None:
    while not stop.is_set():
        try:
            a = (curated / "datapackage.json").read_text()
            b = (curated / "salary_bins.csv").read_text()
            seen["reads"] += 1
            seen["torn"] += a != b  # files of two versions side by side (a reader without its own snapshot)
        except OSError:
            seen["missing"] += 1


def _measure(kind: str, root: Path) -> dict:
    curated = root / "curated"
    times = []
    if kind == "symlink":
        _version(root / "v0", "0")
        os.symlink("v0", curated)
    else:
        _version(curated, "0")
    seen = {"reads": 0, "missing": 0, "torn": 0}
    stop = threading.Event()
    t = threading.Thread(target=_reader, args=(curated, stop, seen))
    t.start()
    for i in range(1, SWAPS + 1):
        new = _version(root / f"v{i}", str(i))
        t0 = time.perf_counter()
        if kind == "exchange":
            assert fsutil.exchange(new, curated)
        elif kind == "symlink":
            link = root / f".link{i}"
            os.symlink(new.name, link)
            os.replace(link, curated)
        else:
            old = root / f".old{i}"
            curated.rename(old)
            new.rename(curated)
        times.append(time.perf_counter() - t0)
        if kind == "exchange":
            shutil.rmtree(new)
        elif kind == "symlink":
            shutil.rmtree(root / f"v{i - 1}")
        else:
            shutil.rmtree(root / f".old{i}")
    stop.set()
    t.join()
    return {"kind": kind, "swap_us": statistics.median(times) * 1e6, "p99_us": sorted(times)[int(0.99 * len(times))] * 1e6, **seen}


def _publish_real() -> list[float]:
    from helpers.pipeline import curate, publish

    curated = curate.build(paths.RAW)
    out = Path(tempfile.mkdtemp()) / "curated"
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        publish.write(curated, out)
        runs.append(time.perf_counter() - t0)
    shutil.rmtree(out.parent)
    return runs


def main() -> int:
    rows = []
    for kind in ("exchange", "symlink", "two renames"):
        with tempfile.TemporaryDirectory(dir=paths.ROOT / "benchmarks") as tmp:  # the repository's file system
            rows.append(_measure(kind, Path(tmp)))
    print("| method | one swap, median µs | p99 µs | reader opens | reader saw no folder | reader saw two versions mixed |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['kind']} | {r['swap_us']:.0f} | {r['p99_us']:.0f} | {r['reads']:,} | {r['missing']:,} | {r['torn']:,} |")
    if (paths.RAW / "aijobs" / "salaries.csv").is_file():
        runs = _publish_real()
        print(f"\npublish.write of the real snapshot's curation (write + fsync every file, exchange): median "
              f"{statistics.median(runs) * 1000:.0f} ms over {len(runs)} runs ({', '.join(f'{x * 1000:.0f}' for x in runs)} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
