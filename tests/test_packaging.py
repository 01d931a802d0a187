"""Packaging metadata agrees with itself: pyproject.toml (ranges) vs requirements.txt (the pinned lock CI installs),
the imports of src/helpers and tests vs the declared dependencies, and CITATION.cff vs the package version."""

from __future__ import annotations

import ast
import datetime as dt
import importlib.metadata
import sys
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

import helpers

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.txt"

# Pins in requirements.txt that pyproject.toml does not name: pure transitive dependencies pinned on purpose.
# Each needs a reason; anything else pinned must be declared in pyproject (runtime or an extra).
TRANSITIVE_PINS: dict[str, str] = {
    # No module of src/helpers or tests imports scipy; scikit-learn (the estimator) computes with it, so a scipy
    # upgrade could move notebook 08's numbers. Pinned for the same reason as everything else in the lock.
    "scipy": "scikit-learn's numerical backend (notebook 08's estimator)",
}


# ---- the checker ----------------------------------------------------------------------------------------------

def declared(pyproject: Mapping) -> dict[str, list[Requirement]]:
    """pyproject's requirements by group: ``runtime`` (``[project] dependencies``) and one entry per extra."""
    project = pyproject["project"]
    groups = {"runtime": project.get("dependencies", [])}
    groups.update(project.get("optional-dependencies", {}))
    return {group: [Requirement(r) for r in reqs] for group, reqs in groups.items()}


def parse_lock(text: str) -> tuple[dict[str, Requirement], list[str]]:
    """requirements.txt -> ({canonical name: requirement}, problems). Every line must be one exact ``==`` pin."""
    pins: dict[str, Requirement] = {}
    problems = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        try:
            req = Requirement(line)
        except InvalidRequirement:
            problems.append(f"requirements.txt line {number}: {raw.strip()!r} is not a requirement (options are not allowed in the lock)")
            continue
        specs = list(req.specifier)
        if len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
            problems.append(f"requirements.txt line {number}: {raw.strip()!r} is not an exact pin (name==version)")
            continue
        name = canonicalize_name(req.name)
        if name in pins:
            problems.append(f"requirements.txt line {number}: {req.name} is pinned twice")
        pins[name] = req
    return pins, problems


def lock_mismatches(pyproject: Mapping, lock_text: str, transitive: Mapping[str, str]) -> list[str]:
    """Everything that keeps the lock from being an exact, complete instance of pyproject's ranges."""
    pins, problems = parse_lock(lock_text)
    names: set[str] = set()
    for group, reqs in declared(pyproject).items():
        for req in reqs:
            name = canonicalize_name(req.name)
            names.add(name)
            pin = pins.get(name)
            if pin is None:
                problems.append(f"{req.name} ({group}) is declared in pyproject.toml but has no pin in requirements.txt")
                continue
            version = next(iter(pin.specifier)).version
            if not req.specifier.contains(version, prereleases=True):
                problems.append(f"{req.name}=={version} in requirements.txt is outside pyproject.toml's range {req} ({group})")
    for name, pin in pins.items():
        if name not in names and name not in transitive:
            problems.append(f"{pin.name} is pinned in requirements.txt but declared nowhere in pyproject.toml "
                            "(declare it, or allow-list it in TRANSITIVE_PINS with the reason it is pinned)")
    for name in transitive:
        if name in names:
            problems.append(f"{name} is allow-listed as transitive but pyproject.toml declares it: drop it from TRANSITIVE_PINS")
        elif name not in pins:
            problems.append(f"{name} is allow-listed as transitive but not pinned: drop it from TRANSITIVE_PINS")
    return problems


def third_party_imports(files: Iterable[Path], local: set[str]) -> dict[str, set[str]]:
    """Top-level module names imported anywhere in ``files`` (also inside functions), without the standard
    library, relative imports and ``local`` names -> the files importing them."""
    found: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in local and top != "__future__":
                    found.setdefault(top, set()).add(path.name)
    return found


def undeclared_imports(imports: Mapping[str, set[str]], allowed: Iterable[Requirement],
                       distributions: Mapping[str, list[str]]) -> list[str]:
    """Imported modules whose distribution (``distributions``: module -> distribution names, as given by
    ``importlib.metadata.packages_distributions()``) is not among ``allowed``."""
    names = {canonicalize_name(r.name) for r in allowed}
    problems = []
    for module, where in sorted(imports.items()):
        dists = distributions.get(module)
        if not dists:
            problems.append(f"{module} (imported by {', '.join(sorted(where))}) belongs to no installed distribution")
        elif not names & {canonicalize_name(d) for d in dists}:
            problems.append(f"{module} (imported by {', '.join(sorted(where))}) comes from {'/'.join(dists)}, "
                            "which pyproject.toml does not declare")
    return problems


# ---- the project's files ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


def test_lock_pins_exactly_what_pyproject_declares(pyproject):
    assert lock_mismatches(pyproject, LOCK.read_text(encoding="utf-8"), TRANSITIVE_PINS) == []


def test_helpers_imports_are_runtime_dependencies(pyproject):
    files = sorted((ROOT / "src" / "helpers").rglob("*.py"))
    imports = third_party_imports(files, local={"helpers"})
    assert {"pandas", "matplotlib", "nbformat"} <= set(imports), "the import scan found too little"
    runtime = declared(pyproject)["runtime"]
    assert undeclared_imports(imports, runtime, importlib.metadata.packages_distributions()) == []


def test_test_imports_are_declared(pyproject):
    files = sorted((ROOT / "tests").rglob("*.py"))
    local = {"helpers", "tests", "benchmarks", *(p.stem for p in files)}
    groups = declared(pyproject)
    imports = third_party_imports(files, local)
    assert undeclared_imports(imports, groups["runtime"] + groups["test"], importlib.metadata.packages_distributions()) == []


def test_extras_are_test_and_dev(pyproject):
    assert set(pyproject["project"]["optional-dependencies"]) == {"test", "dev"}
    assert all(str(r.specifier).startswith(">=") for reqs in declared(pyproject).values() for r in reqs), \
        "pyproject.toml uses ranges (>=); exact pins live in requirements.txt"


def test_package_version_is_one_number(pyproject):
    assert helpers.__version__ == pyproject["project"]["version"]


def test_licence_files_exist(pyproject):
    for name in pyproject["project"]["license-files"]:
        assert (ROOT / name).is_file(), name
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in (ROOT / "LICENSE-TEXT").read_text(encoding="utf-8")
    assert (ROOT / "data" / "LICENSES.md").is_file()


def test_citation_cff(pyproject):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert {"cff-version", "message", "title", "authors"} <= set(cff), "CFF 1.2.0 requires these keys"
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"].strip() and cff["title"].strip()
    assert cff["authors"] and all(a.get("name") or a.get("family-names") for a in cff["authors"])
    assert str(cff["version"]) == pyproject["project"]["version"]
    assert isinstance(cff["date-released"], dt.date)
    assert cff["license"] == pyproject["project"]["license"]


def test_changelog_has_data_releases(pyproject):
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Data releases" in text and "### 0.1.0" in text


# ---- the checker can fail -----------------------------------------------------------------------------------------

BAD_PYPROJECT = {"project": {
    "dependencies": ["pandas>=3.1", "jinja2>=3.1", "scipy>=1"],
    "optional-dependencies": {"test": ["pytest>=9.2"]},
}}
BAD_LOCK = """\
# comment lines and trailing comments are fine
pandas==2.2.3  # outside the range
pytest==9.2.0
requests==2.32.0
numpy>=2.0
scipy==1.17.1
-e .
PyTest==9.2.0
"""


def test_checker_reports_every_kind_of_disagreement():
    problems = lock_mismatches(BAD_PYPROJECT, BAD_LOCK, {"scipy": "declared after all", "six": "not pinned"})
    expected = [
        "pandas==2.2.3 in requirements.txt is outside",
        "jinja2 (runtime) is declared in pyproject.toml but has no pin",
        "requests is pinned in requirements.txt but declared nowhere",
        "'numpy>=2.0' is not an exact pin",
        "'-e .' is not a requirement",
        "PyTest is pinned twice",
        "scipy is allow-listed as transitive but pyproject.toml declares it",
        "six is allow-listed as transitive but not pinned",
    ]
    for fragment in expected:
        assert any(fragment in p for p in problems), (fragment, problems)
    assert len(problems) == len(expected), problems


def test_checker_accepts_a_consistent_pair():
    good = {"project": {"dependencies": ["pandas>=3.1"], "optional-dependencies": {"test": ["pytest>=9.2"]}}}
    assert lock_mismatches(good, "pandas==3.1.1\npytest==9.2.0\nscipy==1.17.1\n", {"scipy": "transitive"}) == []


def test_import_check_reports_an_undeclared_import(tmp_path):
    (tmp_path / "mod.py").write_text("import os\nimport yaml\n\ndef f():\n    from PIL import Image\n    from . import x\n")
    imports = third_party_imports([tmp_path / "mod.py"], local=set())
    assert set(imports) == {"yaml", "PIL"}
    problems = undeclared_imports(imports, [Requirement("pillow>=13")], {"yaml": ["PyYAML"], "PIL": ["Pillow"]})
    assert len(problems) == 1 and "PyYAML" in problems[0]
    assert "belongs to no installed distribution" in undeclared_imports({"nowhere": {"m.py"}}, [], {})[0]
