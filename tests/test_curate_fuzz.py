"""A hypothesis test that mutates real rows and asserts the curation's guarantees, whatever the mix of faults.

Each example takes a few real records (a sample of the pinned snapshot), mutates some of them (quotes valid and
stray, delimiters, a quoted line break, Latin-1 bytes, an inconsistent currency, a pay under the floor, a new
title), ends each line with LF, CRLF or CR, may add blank lines, a BOM, an index column, gzip, UTF-16, and may cut
the file inside its last record. Then ``python -m helpers curate`` runs (in-process) over a folder already holding
a published version, and:

- **no traceback**: the exit code is 0, or 1 with exactly one line on stderr;
- **no row vanishes**: rows read equals the records written (known here, not counted by the code under test), and
  read = kept + rejected + duplicates; each mutation lands in the reason it must (exact counts);
- **old or new, never a mix**: after a failure the folder is byte-identical to the old version; after a success
  it is a complete new package (every file matches ``datapackage.json``, the quarantine matches the report).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import data
from helpers.__main__ import main
from helpers.pipeline import publish
from tests.test_bad_input import files_of, write_raw

#: Mutation -> the reject reason it must get (None: kept; "year" is decided by the row's work year).
MUTATIONS: dict[str, str | None] = {
    "none": None,
    "quoted_fields": None,  # every field quoted: valid CSV, same values
    "comma_in_title": None,  # a quoted title holding a delimiter: kept, as an unmapped title
    "newline_in_title": None,  # a quoted title holding a line break: one record over two physical lines, unmapped
    "new_title": None,
    "stray_quote": "unbalanced_quote",
    "quote_mid_field": "unbalanced_quote",
    "extra_field": "malformed_line",
    "missing_field": "malformed_line",
    "semicolons": "malformed_line",
    "latin1": "invalid_utf8",
    "floor": "below_pay_floor",
    "sek": "year",  # the salary relabelled SEK: off by ~10x where SEK has an official rate (2022-2025), else unchecked
}
SEK_YEARS = {"2022", "2023", "2024", "2025"}
COLUMNS = 11
TITLE, SALARY, CURRENCY, USD = 3, 4, 5, 6


def mutate(fields: list[str], how: str) -> tuple[bytes, str | None]:
    f = list(fields)
    reason = MUTATIONS[how]
    if how == "quoted_fields":
        return ",".join(f'"{v}"' for v in f).encode(), None
    if how == "comma_in_title":
        f[TITLE] = f'"{f[TITLE]}, remote"'
    elif how == "newline_in_title":
        f[TITLE] = f'"{f[TITLE]}\nremote"'
    elif how == "new_title":
        f[TITLE] = f"Chief {f[TITLE]} Wrangler"
    elif how == "stray_quote":
        f[TITLE] = '"' + f[TITLE]
    elif how == "quote_mid_field":
        f[TITLE] = f[TITLE][:2] + '"' + f[TITLE][2:]
    elif how == "extra_field":
        f.append("surplus")
    elif how == "missing_field":
        f.pop(TITLE)
    elif how == "semicolons":
        return ";".join(f).encode(), reason
    elif how == "latin1":
        return ",".join([*f[:TITLE], "Caf\u00e9 Analyst", *f[TITLE + 1 :]]).encode("latin-1"), reason
    elif how == "floor":
        f[SALARY], f[CURRENCY], f[USD] = "900", "USD", "900"
    elif how == "sek":
        if f[CURRENCY] != "USD":
            return ",".join(fields).encode(), None
        f[CURRENCY] = "SEK"
        reason = "usd_conversion_mismatch" if f[0] in SEK_YEARS else None
    return ",".join(f).encode(), reason


@st.composite
def raw_files(draw, header: str, lines: list[str]):
    """(file bytes, records written, reject reason counts that must appear, readable, last record cut)."""
    rows = draw(st.lists(st.sampled_from(lines), min_size=1, max_size=25))
    brk = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    index = draw(st.integers(0, 5)) == 0
    out = brk * draw(st.integers(0, 1)) + (b"," if index else b"") + header.encode() + brk
    expected: dict[str, int] = {}
    written = len(rows)
    for i, line in enumerate(rows):
        if draw(st.integers(0, 6)) == 0:
            out += brk  # a blank line, ended like the line before it
        record, reason = mutate(line.split(","), draw(st.sampled_from(list(MUTATIONS))))
        record = (str(i).encode() + b"," if index else b"") + record
        start = len(out)
        if reason:
            expected[reason] = expected.get(reason, 0) + 1
        out += record
        brk = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
        if i < len(rows) - 1 or draw(st.booleans()):
            out += brk
    truncated = draw(st.integers(0, 4)) == 0 and b"\n" not in record and b"\r" not in record
    if truncated:  # cut inside the last (single-line) record: what it becomes is not fixed, so its reason is not counted
        keep = draw(st.integers(0, len(record) - 1))
        out = out[: start + keep]
        if reason:
            expected[reason] -= 1
        if keep == 0:
            written -= 1  # nothing of it is left
    if draw(st.booleans()):
        out = b"\xef\xbb\xbf" + out
    wrap = draw(st.sampled_from(["plain"] * 6 + ["gzip", "utf16"]))
    if wrap == "gzip":
        out = gzip.compress(out)
    elif wrap == "utf16":
        out = out.decode("utf-8", "replace").encode("utf-16")
    return out, written, {k: n for k, n in expected.items() if n}, wrap != "utf16", truncated


@pytest.mark.slow  # 30 whole curations
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_mutated_real_rows_keep_every_guarantee(real_lines, tmp_path_factory, capsys, data_):
    header, lines = real_lines
    content, written, expected, readable, truncated = data_.draw(raw_files(header, lines[:60]))
    tmp = tmp_path_factory.mktemp("fuzz")
    out = tmp / "data" / "curated"
    shutil.copytree(_old_version(real_lines, tmp_path_factory), out)
    old = files_of(out)
    raw = write_raw(tmp / "new", content)
    capsys.readouterr()
    code = main(["curate", "--raw", str(raw), "--out", str(out), "--other-snapshot"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    nothing_kept = written - sum(expected.values()) - (1 if truncated else 0) <= 0
    if code != 0:
        assert code == 1 and len(err.strip().splitlines()) == 1, err
        assert not readable or nothing_kept, f"a readable file with valid records was refused: {err}"
        assert files_of(out) == old  # the old version, untouched
        return
    assert readable and written > 0
    data.check_package(out)  # complete: every resource present and as its datapackage says
    report = json.loads((out / "curation_report.json").read_text())
    q = (out / publish.QUARANTINE).read_bytes()
    assert hashlib.sha256(q).hexdigest() == report["quarantine"]["sha256"]  # the quarantine of this very version
    assert report["rows_read"] == written
    assert report["rows_read"] == report["rows_kept"] + report["rows_rejected"] + report["duplicates_removed"]
    got = {k: n for k, n in report["rejected_by_reason"].items() if n}
    if not truncated:
        assert got == expected
    else:  # the cut record may add one rejection, of any reason
        diffs = {k: got.get(k, 0) - expected.get(k, 0) for k in {*got, *expected}}
        assert set(diffs.values()) <= {0, 1} and sum(diffs.values()) in (0, 1), (got, expected)


_OLD: dict[str, object] = {}


def _old_version(real_lines, tmp_path_factory):
    """A published version of some real rows, made once; each example starts from a copy of it."""
    if "path" not in _OLD:
        header, lines = real_lines
        tmp = tmp_path_factory.mktemp("old")
        raw = write_raw(tmp, lines[60:90], header=header)
        out = tmp / "data" / "curated"
        assert main(["curate", "--raw", str(raw), "--out", str(out), "--other-snapshot"]) == 0
        _OLD["path"] = out
    return _OLD["path"]
