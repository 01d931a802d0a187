"""datapackage.json describes every committed table: fields, types, units, source, licence, period."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from helpers import data

PKG = data.datapackage()
RESOURCES = {r["name"]: r for r in PKG["resources"]}
TABULAR = [r for r in PKG["resources"] if r.get("profile") == "tabular-data-resource"]
FRICTIONLESS_TYPES = {"string", "integer", "number", "boolean", "date", "year"}


def test_every_committed_file_is_described(curated_dir):
    described = {r["path"] for r in PKG["resources"]} | {"datapackage.json", "CURATION_REPORT.md"}
    assert {p.name for p in curated_dir.iterdir()} == described


@pytest.mark.parametrize("res", TABULAR, ids=[r["name"] for r in TABULAR])
def test_resource_matches_its_file(res, curated_dir):
    path = curated_dir / res["path"]
    raw = path.read_bytes()
    assert res["bytes"] == len(raw)
    assert res["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
    df = pd.read_csv(path, keep_default_na=False)
    assert [f["name"] for f in res["schema"]["fields"]] == list(df.columns)
    assert res["rows"] == len(df)


@pytest.mark.parametrize("res", TABULAR, ids=[r["name"] for r in TABULAR])
def test_resource_has_provenance_and_field_docs(res):
    assert res["sources"] and all(s.get("title") and s.get("path") for s in res["sources"])
    assert res["licenses"] and all(lic.get("name") for lic in res["licenses"])
    assert res["reference_period"]
    for f in res["schema"]["fields"]:
        assert f["type"] in FRICTIONLESS_TYPES and f["description"], f
        if f["name"].endswith("_usd") or f["name"] in {"p10", "p25", "p50", "p75", "p90"}:
            assert "USD" in f.get("unit", ""), f"{res['name']}.{f['name']} needs a unit"


@pytest.mark.parametrize("res", TABULAR, ids=[r["name"] for r in TABULAR])
def test_typed_columns_parse_and_enums_hold(res, curated_dir):
    df = pd.read_csv(curated_dir / res["path"], keep_default_na=False, dtype=str)
    for f in res["schema"]["fields"]:
        col = df[f["name"]]
        if f["type"] in {"integer", "number"}:
            nonempty = col[col != ""]
            parsed = pd.to_numeric(nonempty, errors="coerce")
            assert parsed.notna().all(), f"{res['name']}.{f['name']}"
            if f["type"] == "integer":
                assert (parsed == parsed.round()).all()
        if "enum" in f.get("constraints", {}):
            assert set(col) <= set(f["constraints"]["enum"]), f"{res['name']}.{f['name']}"


def test_package_level_licence_and_sources():
    assert PKG["licenses"][0]["name"] == "CC0-1.0"
    assert any("aijobs" in s["path"] for s in PKG["sources"])
