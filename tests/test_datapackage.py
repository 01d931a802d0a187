"""The committed ``data/curated`` is a valid Frictionless Data Package, and every table traces to its source, licence and period.

Frictionless checks the descriptor against the Data Package profile and every resource against its
file: size, sha256, row count, header, field types and allowed values. The project's own tests here
add only what Frictionless does not check: no file goes undescribed, every table names its sources,
licences and period, every field is documented (with a unit for money), and the descriptor is the
one the table definitions in ``helpers.tables`` give.
"""

from __future__ import annotations

import json
import shutil

import pytest

from helpers import data, tables
from helpers.pipeline import package

PKG = data.datapackage()
TABULAR = [r for r in PKG["resources"] if r.get("profile") == "tabular-data-resource"]


def validate(descriptor: str):
    """Frictionless' ``validate`` (imported here: collection imports every test module in every worker, and only this
    module needs Frictionless, ~0.3 s of imports)."""
    from frictionless import validate as frictionless_validate

    return frictionless_validate(descriptor)


def _errors(report) -> list[str]:
    """Every error of a Frictionless report, one line each, naming the resource."""
    out = [f"package: {e.type}: {e.message}" for e in report.errors]
    for task in report.tasks:
        out += [f"{task.name}: {e.type}: {e.message}" for e in task.errors]
    return out


def test_frictionless_finds_the_committed_package_valid(curated_dir):
    report = validate(str(curated_dir / "datapackage.json"))
    assert report.valid, "frictionless validate data/curated/datapackage.json:\n" + "\n".join(_errors(report))
    assert {t.name for t in report.tasks} == {r["name"] for r in PKG["resources"]}  # every resource was checked


def test_frictionless_catches_a_changed_file(curated_dir, tmp_path):
    # The control for the test above: a table edited by hand (same size, one byte changed) and a broken
    # category fail validation, so a valid report means the files were read and checked. The copy's descriptor
    # lists only the edited table (the committed descriptor's entry, unchanged): the same package validation,
    # without re-reading the untouched tables (1.5 MB of salary bins alone), which the test above checks.
    copy = tmp_path / "curated"
    shutil.copytree(curated_dir, copy)
    descriptor = copy / "datapackage.json"
    descriptor.write_text(json.dumps({**PKG, "resources": [r for r in PKG["resources"] if r["name"] == "grades"]}),
                          encoding="utf-8")
    untouched = validate(str(descriptor))
    assert untouched.valid and [t.name for t in untouched.tasks] == ["grades"], _errors(untouched)
    grades = copy / "grades.csv"
    grades.write_bytes(grades.read_bytes().replace(b"Junior", b"Junjor", 1).replace(b",Senior", b",Senjor", 1))
    errors = _errors(validate(str(descriptor)))
    assert any(e.startswith("grades: hash-count") for e in errors), errors
    assert any(e.startswith("grades: constraint-error") for e in errors), errors


def test_every_committed_file_is_described(curated_dir):
    described = {r["path"] for r in PKG["resources"]} | {"datapackage.json", *package.DOCUMENTS}
    # .gitignore keeps the quarantine (raw records, present after a local curation) out of git
    assert {p.name for p in curated_dir.iterdir() if p.is_file()} == described | {".gitignore"}
    assert {p.name for p in curated_dir.iterdir() if p.is_dir()} <= {"quarantine"}
    assert (curated_dir / ".gitignore").read_text().splitlines()[-1] == "quarantine/"


def test_the_curated_raw_snapshot_is_recorded():
    snap = next(s["snapshot"] for s in PKG["sources"] if "snapshot" in s)
    report = data.curation_report()
    assert snap["hash"] == f"sha256:{report['snapshot']['sha256']}" == f"sha256:{report['inputs_sha256']['raw/aijobs/salaries.csv']}"
    assert snap["pinned_in_sources_json"] is True and report["snapshot"]["pinned"] is True


def test_descriptor_is_what_the_table_definitions_give():
    assert [r["name"] for r in TABULAR] == list(tables.TABLES)
    for res in TABULAR:
        t = tables.TABLES[res["name"]]
        assert res["schema"]["fields"] == [package.field_descriptor(f) for f in t.fields]
        assert (res["title"], res["description"], res["reference_period"]) == (t.title, t.description, t.period)
        assert res["sources"] == list(t.sources) and res["licenses"] == list(t.licenses)


@pytest.mark.parametrize("res", TABULAR, ids=[r["name"] for r in TABULAR])
def test_resource_has_provenance_and_field_docs(res):
    assert res["sources"] and all(s.get("title") and s.get("path") for s in res["sources"])
    assert res["licenses"] and all(lic.get("name") for lic in res["licenses"])
    assert res["reference_period"]
    for f in res["schema"]["fields"]:
        assert f["description"], f
        if f["name"].endswith("_usd") or f["name"] in {"p10", "p25", "p50", "p75", "p90"}:
            assert "USD" in f.get("unit", ""), f"{res['name']}.{f['name']} needs a unit"


def test_package_level_licence_and_sources():
    assert PKG["licenses"][0]["name"] == "CC0-1.0"
    assert any("aijobs" in s["path"] for s in PKG["sources"])


def test_codebook_lists_every_field_with_its_allowed_values(curated_dir):
    text = (curated_dir / "CODEBOOK.md").read_text(encoding="utf-8")
    for name, t in tables.TABLES.items():
        section = text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
        for f in t.fields:
            row = next(line for line in section.splitlines() if line.startswith(f"| `{f.name}` |"))
            assert f"| {f.type} |" in row and f.description.replace("|", "\\|") in row
            assert all(f"`{v}`" in row for v in f.enum)
    assert "`Junior` < `Middle` < `Senior` < `Executive`" in text


def test_curation_report_resource_is_plain_json(curated_dir):
    res = next(r for r in PKG["resources"] if r["name"] == "curation_report")
    assert res["type"] == "json"
    assert json.loads((curated_dir / res["path"]).read_text(encoding="utf-8")) == data.curation_report(curated_dir)
