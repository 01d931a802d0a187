"""Bad raw input meets a clear error (file, line, column) or a quarantine with a reason; nothing is lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import schema
from helpers.pipeline import curate, package
from helpers.pipeline.validate import RawFileError, validate

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


def balanced(raw: Path) -> dict:
    report = curate.build(raw).report
    assert report["rows_read"] == report["rows_kept"] + report["rows_rejected"] + report["duplicates_removed"]
    return report


@pytest.mark.parametrize(
    ("line", "reason"),
    [
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
    ],
)
def test_bad_rows_are_quarantined_with_their_reason(tmp_path, line, reason):
    raw = write_raw(tmp_path, [*GOOD[:2], line, *GOOD[2:]])
    assert rejected(raw) == {reason: 1}
    report = balanced(raw)
    assert report["rows_read"] == len(GOOD) + 1 and report["rows_kept"] == len(GOOD)
    assert report["rejected_by_reason"][reason] == 1


def test_quarantine_file_names_the_record_and_reason(tmp_path):
    raw = write_raw(tmp_path, [*GOOD, "2024,SE,FT,Data Scientist,1,USD,lots,US,0,US,M"])
    out = package.write(curate.build(raw), tmp_path / "curated")
    q = (out.parent / "quarantine" / "salaries_rejected.csv").read_text()
    assert "non_numeric_salary" in q and "lots" in q
    assert not (out / "salaries_rejected.csv").exists()  # raw records never land in the committed folder


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


def test_unmapped_job_title_fails_the_curation_naming_it(tmp_path):
    raw = write_raw(tmp_path, [*GOOD, "2024,SE,FT,Chief Vibes Officer,1,USD,100000,US,0,US,M"])
    with pytest.raises(curate.CurationError, match="Chief Vibes Officer") as err:
        curate.build(raw)
    assert "job_title" in str(err.value) and "role_families.csv" in str(err.value)


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


def _previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = package.write(curate.build(write_raw(tmp_path / "a", GOOD)), tmp_path / "curated")
    return out, {p.name: p.read_bytes() for p in out.iterdir()}


def test_failed_curation_leaves_previous_data_untouched(tmp_path):
    out, before = _previous(tmp_path)
    raw = write_raw(tmp_path / "b", b"")
    with pytest.raises(RawFileError):
        curate.curate(raw, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_failure_while_writing_leaves_previous_data_and_no_temp_dirs(tmp_path, monkeypatch):
    out, before = _previous(tmp_path)
    curated = curate.build(write_raw(tmp_path / "b", GOOD[:2]))

    def boom(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(package, "describe", boom)
    with pytest.raises(OSError, match="simulated"):
        package.write(curated, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".curated")) == []


def test_cli_reports_failure_and_keeps_data(tmp_path, capsys):
    from helpers.__main__ import main

    out, before = _previous(tmp_path)
    raw = write_raw(tmp_path / "b", GOOD, header=HEADER + ",bonus")
    assert main(["curate", "--raw", str(raw), "--out", str(out)]) == 1
    assert "left as it was" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    shutil.rmtree(out.parent / "quarantine", ignore_errors=True)
