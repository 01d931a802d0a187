"""Command line: ``python -m helpers {fetch,curate}``."""

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
    c = sub.add_parser("curate", help="build data/curated from data/raw and data/reference")
    c.add_argument("--raw", type=Path, default=paths.RAW)
    c.add_argument("--out", type=Path, default=paths.CURATED)
    args = parser.parse_args(argv)

    if args.command == "fetch":
        from helpers.sources import FetchError, fetch

        try:
            for p in fetch(args.from_dir, args.raw):
                print(f"ok  {p}")
        except FetchError as exc:
            print(f"fetch failed: {exc}", file=sys.stderr)
            return 1
        return 0

    from helpers.curate import CurationError, curate
    from helpers.reference import ReferenceError
    from helpers.validate import RawFileError

    try:
        report = curate(args.raw, args.out)
    except (CurationError, RawFileError, ReferenceError) as exc:
        print(f"curation failed, {args.out} left as it was: {exc}", file=sys.stderr)
        return 1
    print(f"read {report['rows_read']:,}  kept {report['rows_kept']:,}  rejected {report['rows_rejected']:,}  "
          f"duplicates {report['duplicates_removed']:,}  -> {args.out}")
    for reason, n in report["rejected_by_reason"].items():
        if n:
            print(f"  rejected {n:,} {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
