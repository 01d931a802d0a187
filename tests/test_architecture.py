"""How the code is organised, checked: layers import one way, no cycles, each module small and saying what it owns."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import paths

SRC = paths.ROOT / "src"
MODULES = {".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): p
           for p in sorted((SRC / "helpers").rglob("*.py"))}
#: The layers, lowest first: a module may import from its own layer and those below it, never from above.
LAYERS = ("helpers.pipeline", "helpers.analysis", "helpers.presentation")
#: Entry points sit above every layer (the command line may call anything).
ENTRY_POINTS = ("helpers.__main__",)


def imports_of(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports (``from helpers.x import y`` counts as ``helpers.x.y`` when y is a module)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("helpers")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if not base.startswith("helpers"):
                continue
            for a in node.names:
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> int | None:
    return next((i for i, prefix in enumerate(LAYERS) if name == prefix or name.startswith(prefix + ".")), None)


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])


def test_cycle_detection_can_fail() -> None:
    saved = dict(GRAPH)
    try:
        GRAPH["helpers.study"] = {"helpers.analysis.findings"}
        with pytest.raises(pytest.fail.Exception, match="import cycle"):
            test_no_import_cycles()
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_layers_import_downwards_only(name: str) -> None:
    """Core modules (paths, study, schema, tables, binning, data, fsutil) import no layer; each layer imports only below."""
    if name in ENTRY_POINTS:
        return
    mine = _layer(name)
    for dep in GRAPH[name]:
        theirs = _layer(dep)
        if theirs is not None and (mine is None or theirs > mine):
            pytest.fail(f"{name} imports {dep}: {LAYERS[theirs]} sits above {LAYERS[mine] if mine is not None else 'the core'}")


def test_the_study_imports_nothing_from_the_project() -> None:
    assert GRAPH["helpers.study"] == set()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_module_says_what_it_owns(name: str) -> None:
    path = MODULES[name]
    text = path.read_text(encoding="utf-8")
    doc = ast.get_docstring(ast.parse(text))
    assert doc, f"{name}: no module docstring"
    first = doc.splitlines()[0]
    assert 10 < len(first) <= 140 and first.endswith("."), f"{name}: the docstring's first line should say what it owns"
