"""Command line: ``python -m helpers {fetch,curate,site}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers import paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fetch", help="fill data/raw from a local mirror (--from) or the publisher's URL, verifying checksums")
    f.add_argument("--from", dest="from_dir", type=Path, help="local mirror folder, e.g. ../shared/data/raw")
    f.add_argument("--raw", type=Path, default=paths.RAW, help="target folder (default data/raw)")
    c = sub.add_parser("curate", help="build data/curated from data/raw and data/authored")
    c.add_argument("--raw", type=Path, default=paths.RAW)
    c.add_argument("--out", type=Path, default=paths.CURATED)
    c.add_argument("--strict", action="store_true", help="fail on job titles not in the reviewed mapping (CI)")
    c.add_argument("--other-snapshot", action="store_true",
                   help="curate a raw file that is not the snapshot data/sources.json pins (its checksum is recorded)")
    c.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long for another run publishing to the same folder (default: refuse at once)")
    r = sub.add_parser("site", help="execute every notebook (copies, fresh kernel each) and render the static site")
    r.add_argument("--out", type=Path, default=paths.SITE, help="site folder (default site/), replaced only on success")
    r.add_argument("--notebooks", type=Path, default=paths.NOTEBOOKS, help="folder of NN_name.ipynb notebooks")
    r.add_argument("--stored", action="store_true", help="render the notebooks' stored outputs instead of executing them")
    r.add_argument("--jobs", type=int, default=None, help="notebooks executed at a time (default: 2, or 1 on one core)")
    r.add_argument("--docs", action="store_true",
                   help="also write the figures tagged docs:NAME to docs/NAME.png, the README's index and claims and "
                        "data/LICENSES.md's salary sources")
    args = parser.parse_args(argv)

    if args.command == "site":
        return _site(args)

    if args.command == "fetch":
        return _fetch(args)
    return _curate(args)


def _fetch(args: argparse.Namespace) -> int:
    """``fetch``: one line per file, or one line saying what failed."""
    from helpers.fsutil import FsFault, fault_message
    from helpers.pipeline.sources import FetchError, fetch

    try:
        for p in fetch(args.from_dir, args.raw):
            print(f"ok  {p}")
    except (FetchError, FsFault) as exc:
        print(f"fetch failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a foreseeable filesystem fault: one line, no traceback
        print(f"fetch failed: {fault_message(exc, 'cannot write or read')}", file=sys.stderr)
        return 1
    return 0


def _curate(args: argparse.Namespace) -> int:
    """``curate``: a summary, or one line saying what failed (the previous data is left as it was)."""
    from helpers.fsutil import FsFault, LockBusy, fault_message
    from helpers.pipeline.authored import AuthoredTableError
    from helpers.pipeline.curate import CurationError, build
    from helpers.pipeline.publish import publishing, write
    from helpers.pipeline.sources import SnapshotMismatch
    from helpers.pipeline.validate import RawFileError

    kept = f"{args.out} left as it was"
    try:
        with publishing(args.out, args.wait):  # a second run refuses (or waits) before building anything
            curated = build(args.raw, strict=args.strict, other_snapshot=args.other_snapshot)
            write(curated, args.out, lock=False)
    except (CurationError, RawFileError, AuthoredTableError, SnapshotMismatch, FsFault, LockBusy) as exc:
        print(f"curation failed, {kept}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # foreseeable filesystem faults not caught nearer: one line, no traceback
        print(f"curation failed, {kept}: {fault_message(exc, 'filesystem error at')}", file=sys.stderr)
        return 1
    except MemoryError:
        print(f"curation failed, {kept}: out of memory; close other programs or use a machine with more RAM", file=sys.stderr)
        return 1
    report = curated.report
    for note in curated.cleaned:
        print(f"cleaned up: {note}")
    print(f"read {report['rows_read']:,}  kept {report['rows_kept']:,}  rejected {report['rows_rejected']:,}  "
          f"duplicates {report['duplicates_removed']:,}  -> {args.out}")
    for reason, n in report["rejected_by_reason"].items():
        if n:
            print(f"  rejected {n:,} {reason}")
    if report["unmapped_titles"]:
        print(f"  kept {report['rows_unmapped']:,} rows with {len(report['unmapped_titles'])} unmapped title(s) "
              "(listed in CURATION_REPORT.md; --strict refuses them)")
    for note in report["notes"]:
        print(f"  note: {note}")
    if not report["snapshot"]["pinned"]:
        print(f"  note: curated another snapshot than data/sources.json pins (sha256 {report['snapshot']['sha256']})")
    return 0


def _site(args: argparse.Namespace) -> int:
    """``site``: build the rendered site; one line naming notebook and cell on failure."""
    from helpers.presentation.site.build import build_site
    from helpers.presentation.site.execute import NotebookFailed
    from helpers.presentation.site.readme import write_docs_figures, write_licences, write_readme_index

    try:
        pages = build_site(args.out, args.notebooks, execute=not args.stored, jobs=args.jobs)
    except NotebookFailed as exc:
        print(f"site build failed, {args.out} left as it was: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"site build failed: {exc}", file=sys.stderr)
        return 1
    if args.docs:
        written = write_docs_figures(pages)
        for p in written:
            print(f"docs figure: {p.relative_to(paths.ROOT) if p.is_relative_to(paths.ROOT) else p}")
        if not written:
            print("docs figures: no cell is tagged docs:NAME, nothing written")
        changed = write_readme_index(pages)
        print(f"README notebook index: {'updated' if changed else 'unchanged'}")
        print(f"data/LICENSES.md salary sources: {'updated' if write_licences() else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
