"""Bad raw input meets a clear error (file, line, column) or a quarantine with a reason; nothing is lost.

These synthetic files are not the snapshot ``data/sources.json`` pins, so they are curated with
``other_snapshot=True`` (the option a user gives to curate another snapshot on purpose).
"""

from __future__ import annotations

import collections
import gzip
from pathlib import Path

import pytest

from helpers import schema
from helpers.pipeline import curate, package, publish
from helpers.pipeline.validate import RawFileError, validate

#: Seconds of work (about 3 s: the curation runs on each malformed file): handed out first to make test's workers.
pytestmark = pytest.mark.slow

HEADER = ",".join(schema.RAW_COLUMNS)
GOOD = [
    "2024,SE,FT,Machine Learning Engineer,200000,USD,200000,US,0,US,M",
    "2024,MI,FT,Data Scientist,60000,EUR,64905,DE,100,DE,L",
    "2023,EN,PT,Data Analyst,40000,GBP,49740,GB,50,GB,S",
    "2024,EX,FT,Machine Learning Engineer,250000,USD,250000,US,0,US,M",
]


def write_raw(tmp_path: Path, lines: list[str] | bytes, header: str | None = HEADER) -> Path:
    """A raw folder holding aijobs/salaries.csv made of the given lines (or bytes)."""
    raw = tmp_path / "raw"
    f = raw / curate.SALARIES_FILE
    f.parent.mkdir(parents=True)
    if isinstance(lines, bytes):
        f.write_bytes(lines)
    else:
        f.write_text("".join(x + "\n" for x in ([header] if header is not None else []) + lines), encoding="utf-8")
    return raw


def rejected(raw: Path) -> dict[str, int]:
    v = validate(raw / curate.SALARIES_FILE)
    return {k: n for k, n in v.rejected.items() if n}


def build(raw: Path, **kw) -> package.Curated:
    """The curation of a test file (another snapshot than the pinned one, on purpose)."""
    return curate.build(raw, other_snapshot=True, **kw)


def balanced(raw: Path) -> dict:
    report = build(raw).report
    assert report["rows_read"] == report["rows_kept"] + report["rows_rejected"] + report["duplicates_removed"]
    return report


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (quarantine included), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


#: Bad lines, each with the one reason it must be quarantined for (every reason a row's fields can earn).
BAD_LINES: list[tuple[str, str]] = [
    ("2024,XX,FT,Data Scientist,1,USD,100000,US,0,US,M", "unknown_experience_level"),
    ("2024,SE,ZZ,Data Scientist,1,USD,100000,US,0,US,M", "unknown_employment_type"),
    ("2024,SE,FT,Data Scientist,1,USD,100000,US,0,US,XL", "unknown_company_size"),
    ("2024,SE,FT,Data Scientist,1,USD,100000,US,30,US,M", "unknown_remote_ratio"),
    ("2024,SE,FT,Data Scientist,1,USD,lots,US,0,US,M", "non_numeric_salary"),
    ("2024,SE,FT,Data Scientist,abc,USD,100000,US,0,US,M", "non_numeric_salary"),
    ("2024,SE,FT,Data Scientist,0,USD,0,US,0,US,M", "non_positive_salary"),
    ("2024,SE,FT,Data Scientist,-5,USD,-5,US,0,US,M", "non_positive_salary"),
    ("2024,SE,FT,Data Scientist,9000000,USD,9000000,US,0,US,M", "absurd_salary"),
    ("2024,SE,FT,Data Scientist,1,USD,100000,XK1,0,US,M", "unknown_country_code"),
    ("2024,SE,FT,Data Scientist,1,USD,100000,US,0,QQ,M", "unknown_country_code"),
    ("2024,SE,FT,Data Scientist,1,XYZ,100000,US,0,US,M", "unknown_currency"),
    ("20x4,SE,FT,Data Scientist,1,USD,100000,US,0,US,M", "invalid_work_year"),
    ("1850,SE,FT,Data Scientist,1,USD,100000,US,0,US,M", "invalid_work_year"),
    ("2024,SE,FT,,1,USD,100000,US,0,US,M", "missing_job_title"),
    (HEADER, "repeated_header"),
]
#: Physical line of the first bad line in :func:`all_bad_lines`' file (header, then two good lines).
FIRST_BAD = 4


@pytest.fixture(scope="module")
def all_bad_lines(tmp_path_factory) -> tuple[list[tuple[int, str]], dict[str, int], dict]:
    """Every line of :data:`BAD_LINES` in one file, in order, between good lines, validated and curated once (the
    rules look at one row at a time, so a line gets the same reason here as alone): the rejects' (line, reason) pairs,
    the validator's counts by reason and the curation report."""
    raw = write_raw(tmp_path_factory.mktemp("bad"), [*GOOD[:2], *(line for line, _ in BAD_LINES), *GOOD[2:]])
    v = validate(raw / curate.SALARIES_FILE)
    pairs = v.con.execute("SELECT line, reason FROM rejects ORDER BY line").fetchall()
    return pairs, {k: n for k, n in v.rejected.items() if n}, balanced(raw)


@pytest.mark.parametrize(("line", "reason"), BAD_LINES)
def test_bad_rows_are_quarantined_with_their_reason(all_bad_lines, line, reason):
    pairs, counts, report = all_bad_lines
    at = FIRST_BAD + BAD_LINES.index((line, reason))
    assert [p for p in pairs if p[0] == at] == [(at, reason)]  # this line: quarantined once, with its reason
    # and nothing else: every other reject is another bad line's, each counted once
    assert [n for n, _ in pairs] == list(range(FIRST_BAD, FIRST_BAD + len(BAD_LINES)))
    expected = collections.Counter(r for _, r in BAD_LINES)
    assert counts == expected
    assert report["rows_read"] == len(GOOD) + len(BAD_LINES) and report["rows_kept"] == len(GOOD)
    assert {k: n for k, n in report["rejected_by_reason"].items() if n} == expected


def test_quarantine_file_names_the_record_and_reason(tmp_path):
    raw = write_raw(tmp_path, [*GOOD, "2024,SE,FT,Data Scientist,1,USD,lots,US,0,US,M"])
    out = publish.write(build(raw), tmp_path / "curated")
    q = (out / publish.QUARANTINE).read_text()
    assert "non_numeric_salary" in q and "lots" in q
    assert q.splitlines()[1].startswith(f"{len(GOOD) + 2},")  # its physical line
    # raw records never reach git: the published folder's own .gitignore keeps the quarantine out
    assert (out / ".gitignore").read_text().splitlines()[-1] == "quarantine/"
    assert not (out / "salaries_rejected.csv").exists()


def test_truncated_last_line_is_quarantined_with_its_line_number(tmp_path):
    text = (HEADER + "\n" + "\n".join(GOOD) + "\n2024,SE,FT,Data Sci").encode()
    raw = write_raw(tmp_path, text)
    v = validate(raw / curate.SALARIES_FILE)
    assert v.rejected == {"malformed_line": 1}
    line, reason, column = v.con.execute("SELECT line, reason, column_name FROM rejects").fetchone()
    assert (line, reason) == (len(GOOD) + 2, "malformed_line") and column
    balanced(raw)


def test_extra_field_on_a_line_is_quarantined(tmp_path):
    raw = write_raw(tmp_path, [*GOOD, GOOD[0] + ",surplus"])
    assert rejected(raw) == {"malformed_line": 1}


def test_non_utf8_bytes_are_quarantined_with_their_line(tmp_path):
    bad = b"2024,SE,FT,Data Scientist,1,USD,100000,US,0,US,M".replace(b"Scientist", b"Sci\xe9ntist")
    text = (HEADER + "\n" + GOOD[0] + "\n").encode() + bad + b"\n" + (GOOD[1] + "\n").encode()
    raw = write_raw(tmp_path, text)
    v = validate(raw / curate.SALARIES_FILE)
    assert v.rejected == {"invalid_utf8": 1}
    assert v.con.execute("SELECT line FROM rejects").fetchone()[0] == 3
    assert balanced(raw)["rows_kept"] == 2


def test_utf8_bom_is_accepted_and_noted(tmp_path):
    text = b"\xef\xbb\xbf" + (HEADER + "\n" + "\n".join(GOOD) + "\n").encode()
    raw = write_raw(tmp_path, text)
    report = balanced(raw)
    assert report["rows_kept"] == len(GOOD) and report["rows_rejected"] == 0
    assert any("byte-order mark" in n for n in report["notes"])


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (HEADER.replace(",company_size", ""), "missing column(s) company_size"),
        (HEADER + ",bonus", "unexpected column(s) bonus"),
        (HEADER.replace("salary_in_usd", "salary_usd"), "missing column(s) salary_in_usd"),
    ],
)
def test_header_problems_name_file_line_and_column(tmp_path, header, message):
    raw = write_raw(tmp_path, GOOD, header=header)
    with pytest.raises(RawFileError) as err:
        validate(raw / curate.SALARIES_FILE)
    assert str(raw / curate.SALARIES_FILE) in str(err.value)
    assert "line 1" in str(err.value) and message in str(err.value)


def test_columns_in_another_order_are_read_by_name(tmp_path):
    cols = list(schema.RAW_COLUMNS)
    order = cols[::-1]
    lines = [",".join(dict(zip(cols, g.split(","), strict=True))[c] for c in order) for g in GOOD]
    raw = write_raw(tmp_path, lines, header=",".join(order))
    assert balanced(raw)["rows_kept"] == len(GOOD)


def test_empty_file_is_a_clear_error(tmp_path):
    raw = write_raw(tmp_path, b"")
    with pytest.raises(RawFileError, match="empty"):
        validate(raw / curate.SALARIES_FILE)


def test_header_only_is_a_clear_error(tmp_path):
    raw = write_raw(tmp_path, [])
    with pytest.raises(RawFileError, match="no data rows"):
        validate(raw / curate.SALARIES_FILE)


UNKNOWN = "2024,SE,FT,Chief Vibes Officer,100000,USD,100000,US,0,US,M"


def test_unmapped_job_title_is_kept_counted_and_listed(tmp_path):
    raw = write_raw(tmp_path, [*GOOD, UNKNOWN, UNKNOWN])
    c = build(raw)
    r = c.report
    assert r["rows_kept"] == len(GOOD) + 1 and r["rows_unmapped"] == 2
    assert r["unmapped_titles"] == [{"job_title": "'Chief Vibes Officer'", "rows": 2, "records": 1, "first_line": len(GOOD) + 2}]
    fam = c.tables["role_families"].set_index("job_title").loc["Chief Vibes Officer"]
    assert (fam["role_family"], fam["n_records"], fam["n_rows_with_duplicates"]) == (schema.UNMAPPED_FAMILY, 1, 2)
    assert (c.tables["salary_bins"]["role_family"] == schema.UNMAPPED_FAMILY).sum() == 1
    assert "Chief Vibes Officer" in package.report_markdown(c)


def test_strict_mode_fails_on_an_unmapped_title_naming_it_and_its_line(tmp_path):
    raw = write_raw(tmp_path, [*GOOD, UNKNOWN])
    with pytest.raises(curate.CurationError, match="Chief Vibes Officer") as err:
        build(raw, strict=True)
    msg = str(err.value)
    assert "job_title" in msg and "role_families.csv" in msg and f"first at line {len(GOOD) + 2}" in msg and "--strict" in msg


def test_a_huge_value_is_shortened_in_messages(tmp_path):
    title = "Chief " + "x" * 1_000_000
    raw = write_raw(tmp_path, [*GOOD, f"2024,SE,FT,{title},100000,USD,100000,US,0,US,M"])
    with pytest.raises(curate.CurationError) as err:
        build(raw, strict=True)
    assert len(str(err.value)) < 1000 and "1,000,006 characters" in str(err.value)
    assert "1,000,006 characters" in build(raw).report["unmapped_titles"][0]["job_title"]


def test_exact_duplicates_are_counted_not_lost(tmp_path):
    raw = write_raw(tmp_path, [*GOOD, GOOD[0], GOOD[0], GOOD[1]])
    report = balanced(raw)
    assert (report["rows_kept"], report["duplicates_removed"]) == (len(GOOD), 3)
    assert report["max_copies_of_one_record"] == 3


def test_mixed_file_balances(tmp_path):
    lines = [*GOOD, GOOD[0], HEADER, "2024,SE,FT,Data Scientist,0,USD,0,US,0,US,M", "2024,SE"]
    report = balanced(write_raw(tmp_path, lines))
    assert report["rows_read"] == len(lines)
    assert report["rows_rejected"] == 3 and report["duplicates_removed"] == 1


# ------------------------------------------------------------- atomic writes


@pytest.fixture(scope="module")
def published_good(tmp_path_factory) -> Path:
    """The curation of :data:`GOOD`, published once; each test below starts from a copy of it."""
    root = tmp_path_factory.mktemp("previous")
    return publish.write(build(write_raw(root / "a", GOOD)), root / "curated")


@pytest.fixture
def previous(published_good, tmp_path) -> tuple[Path, dict[str, bytes]]:
    """A folder holding a published version (a copy of :func:`published_good`), and its files."""
    import shutil

    out = shutil.copytree(published_good, tmp_path / "curated")
    return out, files_of(out)


def test_failed_curation_leaves_previous_data_untouched(tmp_path, previous):
    out, before = previous
    raw = write_raw(tmp_path / "b", b"")
    with pytest.raises(RawFileError):
        curate.curate(raw, out, other_snapshot=True)
    assert files_of(out) == before


def test_failure_while_writing_leaves_previous_data_and_no_temp_dirs(tmp_path, previous, monkeypatch):
    out, before = previous
    curated = build(write_raw(tmp_path / "b", GOOD[:2]))

    def boom(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(package, "describe", boom)
    with pytest.raises(OSError, match="simulated"):
        publish.write(curated, out)
    assert files_of(out) == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith((".curated-tmp", ".curated-old"))) == []


def test_cli_reports_failure_and_keeps_data(tmp_path, previous, capsys):
    from helpers.__main__ import main

    out, before = previous
    raw = write_raw(tmp_path / "b", GOOD, header=HEADER + ",bonus")
    assert main(["curate", "--raw", str(raw), "--out", str(out), "--other-snapshot"]) == 1
    err = capsys.readouterr().err
    assert "left as it was" in err and len(err.strip().splitlines()) == 1
    assert files_of(out) == before


# ------------------------------------------------------------- integrity of the raw snapshot


def test_a_file_that_is_not_the_pinned_snapshot_needs_the_explicit_option(tmp_path, capsys):
    from helpers.__main__ import main

    raw = write_raw(tmp_path, GOOD)
    with pytest.raises(curate.SnapshotMismatch, match="--other-snapshot") as err:
        curate.build(raw)
    assert "sources.json" in str(err.value)
    assert main(["curate", "--raw", str(raw), "--out", str(tmp_path / "curated")]) == 1
    assert "--other-snapshot" in capsys.readouterr().err and not (tmp_path / "curated").exists()
    assert main(["curate", "--raw", str(raw), "--out", str(tmp_path / "curated"), "--other-snapshot"]) == 0


def test_the_curated_snapshot_is_recorded_in_report_and_datapackage(tmp_path):
    import hashlib
    import json

    raw = write_raw(tmp_path, GOOD)
    digest = hashlib.sha256((raw / curate.SALARIES_FILE).read_bytes()).hexdigest()
    out = publish.write(build(raw), tmp_path / "curated")
    report = json.loads((out / "curation_report.json").read_text())
    assert report["snapshot"]["sha256"] == digest and report["snapshot"]["pinned"] is False
    pkg = json.loads((out / "datapackage.json").read_text())
    snap = next(s["snapshot"] for s in pkg["sources"] if "snapshot" in s)
    assert snap["hash"] == f"sha256:{digest}" and snap["pinned_in_sources_json"] is False
    assert "**not** the snapshot" in (out / "CURATION_REPORT.md").read_text()


# ------------------------------------------------------------- real re-exports of the same data


def _reexport(tmp_path: Path, transform) -> dict:
    text = (HEADER + "\n" + "\n".join(GOOD) + "\n").encode()
    return balanced(write_raw(tmp_path, transform(text)))


@pytest.mark.parametrize(
    ("name", "transform", "note"),
    [
        ("leading blank line", lambda b: b"\n" + b, "blank line(s) before the header"),
        ("CRLF line breaks", lambda b: b.replace(b"\n", b"\r\n"), "CRLF x5"),
        ("CR line breaks", lambda b: b.replace(b"\n", b"\r"), "CR x5"),
        ("UTF-8 BOM", lambda b: b"\xef\xbb\xbf" + b, "byte-order mark"),
        ("pandas index column", lambda b: b"\n".join((b"," if i == 0 else str(i - 1).encode() + b",") + line
                                                     for i, line in enumerate(b.split(b"\n")) if line) + b"\n",
         "unnamed index column"),
        ("R write.csv (quoted, row names)", lambda b: b"\n".join(
            b",".join(b'"' + f + b'"' if not f.isdigit() else f for f in ([b""] if i == 0 else [str(i).encode()]) + line.split(b","))
            for i, line in enumerate(b.split(b"\n")) if line) + b"\n", "unnamed index column"),
        ("gzip", gzip.compress, "gzip-compressed"),
        ("everything at once", lambda b: gzip.compress(b"\xef\xbb\xbf\r\n" + b.replace(b"\n", b"\r\n")), "gzip"),
    ],
)
def test_real_reexports_are_accepted_and_each_change_reported(tmp_path, name, transform, note):
    report = _reexport(tmp_path, transform)
    assert (report["rows_read"], report["rows_kept"], report["rows_rejected"]) == (len(GOOD), len(GOOD), 0), name
    assert any(note in n for n in report["notes"]), report["notes"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04rest", "ZIP archive"),
        ("work_year,x\n".encode("utf-16"), "UTF-16"),
        ("work_year,x\n".encode("utf-16-le"), "UTF-16"),
        (b"\x1f\x8b\x08\x00broken", "gzip file is damaged"),
        (b"\n\n\r\n", "empty"),
    ],
)
def test_files_that_are_not_csv_text_are_named(tmp_path, content, message):
    raw = write_raw(tmp_path, content)
    with pytest.raises(RawFileError, match=message):
        validate(raw / curate.SALARIES_FILE)


# ------------------------------------------------------------- line endings, quotes and physical line numbers


def test_one_unclosed_quote_quarantines_its_line_and_nothing_else(tmp_path):
    # the case: 4,000 data lines, one stray quote at line 101; the 3,900 lines after it must all be read
    lines = [GOOD[i % 2].replace("200000,US", f"{200000 + i},US").replace("64905,DE", f"{64905 + i},DE") for i in range(4000)]
    lines[99] = lines[99].replace(",FT,", ',FT,"', 1)  # a quote opens the title and never closes
    report = balanced(write_raw(tmp_path, lines))
    assert (report["rows_read"], report["rows_kept"]) == (4000, 3999)
    assert report["rejected_by_reason"]["unbalanced_quote"] == 1
    v = validate(write_raw(tmp_path / "again", lines) / curate.SALARIES_FILE)
    assert v.con.execute("SELECT line, reason FROM rejects").fetchall() == [(101, "unbalanced_quote")]


def test_a_single_crlf_line_in_an_lf_file_is_read(tmp_path):
    text = (HEADER + "\n" + GOOD[0] + "\r\n" + "\n".join(GOOD[1:]) + "\n").encode()
    report = balanced(write_raw(tmp_path, text))
    assert (report["rows_kept"], report["rows_rejected"]) == (len(GOOD), 0)


def test_line_numbers_are_physical_lines_after_multi_line_records(tmp_path):
    multi = '2024,SE,FT,"Machine Learning\nEngineer",200000,USD,200000,US,0,US,M'
    bad = "2024,SE,FT,Data Scientist,1,USD,lots,US,0,US,M"
    lines = [multi, multi.replace("200000", "210000"), GOOD[1], bad, "2024,SE", "", bad.replace("lots", "x")]
    raw = write_raw(tmp_path, lines)
    v = validate(raw / curate.SALARIES_FILE)
    # header 1; two 2-line records on 2-3 and 4-5; GOOD[1] on 6; bad on 7; short line on 8; blank 9; bad on 10
    assert v.con.execute("SELECT line, reason FROM rejects ORDER BY line").fetchall() == [
        (7, "non_numeric_salary"), (8, "malformed_line"), (10, "non_numeric_salary")]
    assert v.rows_read == 6 and v.layout.blank == [9] and len(v.layout.multi) == 2
