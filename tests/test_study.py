"""The study's choices live in helpers.study and nowhere else: notebooks and helpers import them, none retypes them."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from helpers import data, paths, study
from helpers.analysis import findings

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
SRC = paths.ROOT / "src" / "helpers"
#: The layers that use the study's choices (the pipeline has its own validation bounds and vocabulary in schema).
HELPERS = sorted([*(SRC / "analysis").rglob("*.py"), *(SRC / "presentation").rglob("*.py")])
#: Keyword arguments whose value is a study choice (the bootstrap size is study.N_BOOT).
CHOICE_KEYWORDS = ("n_boot",)
#: String constants that name a study choice: the role families compared.
FAMILY_NAMES = {study.ML_FAMILY, *study.WIDE_ML_FAMILIES, *study.ML_SPECIALIST_FAMILIES}


def _is_literal(node: ast.AST) -> bool:
    """A number, or a list/tuple/set of numbers or strings, typed in place."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float) and not isinstance(node.value, bool)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return bool(node.elts) and all(isinstance(e, ast.Constant) for e in node.elts)
    return False


def retyped_choices(source: str, constants: bool = True) -> list[str]:
    """What in ``source`` (Python code) retypes a study choice: an upper-case name bound to a literal (with
    ``constants``: a notebook has no business defining its own), a literal bootstrap size, a literal work
    year, or a role family's name as a bare string."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if constants and isinstance(node, ast.Assign) and _is_literal(node.value):
            for t in node.targets:
                if isinstance(t, ast.Name) and t.id.isupper() and len(t.id) >= 3:
                    problems.append(f"line {node.lineno}: {t.id} = <literal>; name it in helpers.study")
        if isinstance(node, ast.keyword) and node.arg in CHOICE_KEYWORDS and _is_literal(node.value):
            problems.append(f"line {node.value.lineno}: {node.arg}=<literal>; use study.N_BOOT")
        if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool) \
                and 2000 <= node.value <= 2100:
            problems.append(f"line {node.lineno}: the year {node.value} typed in; use study's years")
        if isinstance(node, ast.Constant) and node.value in FAMILY_NAMES:
            problems.append(f"line {node.lineno}: {node.value!r} typed in; use study.ML_FAMILY and friends")
    return problems


def _code_cells(nb_path: Path) -> list[tuple[int, str]]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return [(i, "".join(c["source"])) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_do_not_retype_the_study_choices(nb_path: Path) -> None:
    found = [f"cell {i}, {p}" for i, src in _code_cells(nb_path) for p in retyped_choices(src)]
    assert not found, f"{nb_path.name}: " + "; ".join(found)


@pytest.mark.parametrize("module", HELPERS, ids=lambda p: str(p.relative_to(SRC)))
def test_helpers_do_not_retype_the_study_choices(module: Path) -> None:
    found = retyped_choices(module.read_text(encoding="utf-8"), constants=False)
    assert not found, f"{module.name}: " + "; ".join(found)


@pytest.mark.parametrize("source, expected", [
    ("YEARS = [2023, 2024]", 3),                        # upper-case literal, and two typed-in years
    ("x = stats.compare_table(b, ['grade'], n_boot=500)", 1),
    ("x = subset(b, role_family='ml_engineering')", 1),
    ("N_BOOT = 1000", 1),
    ("years = list(study.POOLED_YEARS)\nx = f(n_boot=study.N_BOOT)", 0),
])
def test_the_check_can_fail(source: str, expected: int) -> None:
    assert len(retyped_choices(source)) == expected


def test_pooled_years_follow_the_stated_rule() -> None:
    per_year = data.salary_bins().groupby("work_year")["n"].sum()
    rule = per_year[(per_year >= study.POOLED_YEAR_SHARE * per_year.max()) & (per_year.index <= study.LATEST_FULL_YEAR)]
    assert tuple(int(y) for y in rule.index) == study.POOLED_YEARS
    assert max(study.POOLED_YEARS) == study.LATEST_FULL_YEAR
    assert per_year.index.max() > study.LATEST_FULL_YEAR  # the latest year in the snapshot is partial
    assert set(study.POOLED_YEARS) <= set(study.TREND_YEARS)


def test_the_headline_gap_is_the_notebooks_result() -> None:
    """The site's front page and notebook 02 read the same computed result (same years, family, bootstrap)."""
    gap = findings.us_europe_gap(data.salary_bins())
    assert list(gap["grade"].astype(str)) == ["Junior", "Middle", "Senior", "Executive"]
    nb = json.loads((paths.NOTEBOOKS / "02_us_vs_europe.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and "findings.us_europe_gap(bins)" in "".join(c["source"]))
    stored = next("".join(o["data"]["text/plain"]) for o in cell["outputs"]
                  if "median Europe" in "".join(o.get("data", {}).get("text/plain", "")))
    senior = gap.set_index(gap["grade"].astype(str)).loc["Senior"]
    assert f"{senior['ratio']:.2f}" in stored and f"{int(senior['n_a']):,}" in stored
