"""Every place a statistic is shown with its interval: found in prose, figure CSVs and the explorer's answers.

A *mention* is a point value with its interval and the record counts it rests on, as a reader sees it: "×1.60
(95% CI 1.42–1.72; n = 1,511 vs 143)" in a sentence, a row of a figure's CSV, a cell of the explorer. Two mentions
with the same record counts and the same value (at the coarser of their two roundings) are the same statistic; they
conflict when their intervals differ by more than that rounding. Groups under :data:`MIN_N` records are left out:
with a handful of round salaries, two different groups often share a count and a median by chance.
:func:`conflicts` lists such pairs, so a test can demand one value and one interval per statistic across notebooks,
site, README, explorer and downloads.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class Mention:
    """One shown statistic: where, its value and interval (each with the rounding it was shown at) and its counts."""

    place: str
    value: float
    lo: float
    hi: float
    precision: float
    ns: tuple[int, ...]
    shown: str

    def same_statistic(self, other: Mention) -> bool:
        """Same counts and the same value at the coarser rounding of the two."""
        tol = max(self.precision, other.precision) / 2 + 1e-9
        return self.ns == other.ns and abs(self.value - other.value) <= tol * (1 + 1e-6)

    def same_interval(self, other: Mention) -> bool:
        tol = max(self.precision, other.precision) / 2 + 1e-9
        return abs(self.lo - other.lo) <= tol * 1.000001 and abs(self.hi - other.hi) <= tol * 1.000001


_NUM = r"\d[\d,]*(?:\.\d+)?"
#: "×1.48 (95% CI 1.39–1.63", "×1.78 Europe's (95% CI 1.61–2.26", "×1.72 [1.54–1.90]", "123,076 (105,000–169,230)",
#: "$192k (95% CI $185k–$200k"; a ratio may be followed by whose value it is a multiple of (one possessive word).
INTERVAL = re.compile(
    rf"(?P<x>×)?(?P<v>{_NUM})(?P<vk>k?)(?(x)(?:\s+[A-Z][\w.]*'s?)?)\s*[(\[](?:95% (?:bootstrap )?CI:?\s*)?[×$]?"
    rf"(?P<lo>{_NUM})(?P<lok>k?)\s*[–-]\s*[×$]?(?P<hi>{_NUM})(?P<hik>k?)")
#: Record counts after a mention, up to the next mention: "n = 1,511 vs 143", "n = 136 Junior → 1,511 Senior",
#: "US n = 1,511, Europe n = 143".
COUNTS = re.compile(r"n = (?P<a>\d[\d,]*)(?:\s+(?!vs\b)[A-Za-z]+)?(?:\s*(?:vs|→)\s*(?P<b>\d[\d,]*))?")


def _number(text: str, k: str) -> tuple[float, float]:
    """(value, rounding step) of a shown number: "1.60" -> (1.6, 0.01), "191,968" -> (191968, 1), "192k" -> (192000, 1000)."""
    digits = text.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scale = 1000 if k else 1
    return float(digits) * scale, 10.0 ** -decimals * scale


def in_text(text: str, place: str) -> list[Mention]:
    """Mentions in prose or a plain-text table: an interval followed (before the next interval) by ``n = ...``."""
    found = list(INTERVAL.finditer(text))
    out = []
    for i, m in enumerate(found):
        end = min(found[i + 1].start() if i + 1 < len(found) else len(text), m.end() + 160)
        tail = text[m.end():end].split("\n", 1)[0]
        ns = []
        for c in COUNTS.finditer(tail):
            ns += [int(x.replace(",", "")) for x in (c["a"], c["b"]) if x]
        if not ns:
            continue
        v, pv = _number(m["v"], m["vk"])
        (lo, plo), (hi, phi) = _number(m["lo"], m["lok"] or m["vk"]), _number(m["hi"], m["hik"] or m["vk"])
        if all(v.is_integer() and 1990 <= v <= 2100 for v in (v, lo, hi)):
            continue  # a span of years, not an interval
        out.append(Mention(place, v, lo, hi, max(pv, plo, phi), tuple(ns), m.group(0)))
    return out


def _float(cell: str) -> float | None:
    try:
        return float(cell.replace(",", ""))
    except ValueError:
        return None


def in_csv(text: str, place: str) -> list[Mention]:
    """Mentions in a figure's CSV (``table_format.figure_csv``): each median with its CI and records, per side, and a
    ratio with its CI and both sides' records. Money is shown to the dollar, ratios to three decimals."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    head, out = rows[0], []
    idx = {h: i for i, h in enumerate(head)}
    sides = [h.split(", ", 1)[1] for h in head if h.startswith("Records (n), ")]  # in column order: a, then b
    for r, row in enumerate(rows[1:], start=2):
        def get(h: str, row: list[str] = row) -> float | None:
            return _float(row[idx[h]]) if h in idx and idx[h] < len(row) else None

        ns = []
        for side in sides or [""]:
            suffix = f", {side}" if side else ""
            n = get(f"Records (n){suffix}")
            ns.append(int(n) if n is not None else 0)
            median = next((h for h in head if h.startswith("Median (") and h.endswith(suffix) and (side or ", " not in h)), None)
            v, lo, hi = get(median) if median else None, get(f"95% CI low{suffix}"), get(f"95% CI high{suffix}")
            if None not in (v, lo, hi) and n:
                out.append(Mention(f"{place} row {r}", v, lo, hi, 1.0, (int(n),), ",".join(row)))
        ratio = next((h for h in head if h.startswith("Ratio")), None)
        v, lo, hi = (get(ratio) if ratio else None), get("95% CI low"), get("95% CI high")
        if sides and None not in (v, lo, hi) and all(ns):
            out.append(Mention(f"{place} row {r}", v, lo, hi, 0.001, tuple(ns), ",".join(row)))
    return out


def in_explorer(results: dict, place: str) -> list[Mention]:
    """Mentions in the explorer's precomputed answers: each cell's median and, beside the US, its ratio."""
    out = []
    for source, src in results["sources"].items():
        for family, units in src["cells"].items():
            for unit, levels in units.items():
                for level, cells in levels.items():
                    us_n = cells.get(src["reference"], {}).get("n", 0)
                    for where, c in cells.items():
                        if "median" not in c:
                            continue
                        at = f"{place} {source}/{family}/{unit}/{level}/{where}"
                        if "lo" in c:  # no interval under study.MIN_INTERVAL_N records: nothing to compare
                            out.append(Mention(at, c["median"], c["lo"], c["hi"], 1.0, (c["n"],), str(c)))
                        if len(c.get("vs_us", [])) == 3 and us_n:
                            r, lo, hi = c["vs_us"]
                            out.append(Mention(at + " vs US", r, lo, hi, 0.001, (us_n, c["n"]), str(c["vs_us"])))
    return out


#: The smallest group whose mentions are compared.
MIN_N = 10


def conflicts(mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Pairs of mentions of the same statistic whose intervals differ beyond their rounding."""
    by_ns: dict[tuple[int, ...], list[Mention]] = {}
    for m in (m for m in mentions if min(m.ns) >= MIN_N):
        by_ns.setdefault(m.ns, []).append(m)
    return [(a, b) for group in by_ns.values() for a, b in combinations(group, 2)
            if a.same_statistic(b) and not a.same_interval(b)]
