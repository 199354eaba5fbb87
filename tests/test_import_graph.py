"""Layers only point down: ingest and rules know nothing of Dagster or the layers above them, checks
never import assets, warehouse and report never import assets, and only pipelines sees everything."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {
    "petitions": set(),  # the package root holds a docstring only
    "petitions.reference": set(),
    "warehouse": set(),
    "petitions.rules": {"petitions.reference"},
    "petitions.ingest": {"petitions.reference"},
    "petitions.report": {"petitions.rules", "petitions.reference", "warehouse"},
    "petitions.demo": {"petitions.rules", "petitions.reference"},
    "petitions.runtime": {"petitions.ingest", "petitions.rules", "petitions.reference", "warehouse"},
    "checks": {"petitions.runtime", "petitions.rules", "petitions.reference"},
    "assets": {"checks", "petitions.runtime", "petitions.rules", "petitions.ingest", "petitions.reference",
               "petitions.report", "warehouse"},
    "pipelines": {"assets", "checks", "petitions.runtime", "petitions.rules", "petitions.ingest", "petitions.reference",
                  "petitions.report", "petitions.demo", "warehouse"},
    "petitions.definitions": {"pipelines"},  # the code location entry point
}
NO_DAGSTER = ("petitions.reference", "petitions.rules", "petitions.ingest", "petitions.report", "petitions.demo", "warehouse")


def layer(module: str) -> str | None:
    return max((name for name in ALLOWED if module == name or module.startswith(name + ".")), key=len, default=None)


def modules() -> dict[str, Path]:
    found = {}
    for top in ("petitions", "assets", "checks", "pipelines", "warehouse"):
        for path in (ROOT / top).rglob("*.py"):
            found[".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")] = path
    return found


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # function-level imports too
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return names


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_point_down(module):
    own = layer(module)
    assert own is not None, f"{module} belongs to no layer"
    for name in imports(modules()[module]):
        target = layer(name)
        if target is not None and target != own:
            assert target in ALLOWED[own], f"{module} imports {name}: {own} → {target} points up or sideways"
        if own in NO_DAGSTER:
            assert name.split(".")[0] != "dagster", f"{module} imports Dagster"


def test_the_graph_test_sees_every_layer():
    assert {layer(m) for m in modules()} == set(ALLOWED)
