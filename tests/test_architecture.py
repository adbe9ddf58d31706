"""Imports flow one way (docs/architecture.md): each app may import only the apps below it, and
the pure cores import no Django. A new app gets its row here and in the document."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "verdensmaal"

# Each app and the apps it may import (besides itself), bottom to top.
ALLOWED = {
    "core": set(),
    "progress": set(),
    "screening": set(),
    "audit": {"core"},
    "areas": {"core", "audit"},
    "catalogue": {"core", "audit"},
    "accounts": {"core", "audit", "areas"},
    "data": {"core", "audit", "areas", "catalogue"},
    "measurement": {"core", "audit", "progress"},
    "network": {"core", "audit", "accounts"},
    "dashboards": {"core", "audit", "areas", "catalogue", "data", "measurement", "progress"},
    "frameworks": {
        "core", "audit", "accounts", "areas", "catalogue", "data", "measurement", "progress",
        "screening",
    },
    "documents": {
        "core", "audit", "accounts", "areas", "catalogue", "data", "measurement", "screening",
        "frameworks",
    },
    "learning": {
        "core", "audit", "accounts", "areas", "catalogue", "data", "measurement", "progress",
        "screening", "network", "dashboards", "frameworks", "documents",
    },
    "reports": {
        "core", "audit", "accounts", "areas", "catalogue", "data", "measurement", "progress",
        "screening", "network", "dashboards", "frameworks", "documents", "learning",
    },
    "api": {
        "core", "audit", "accounts", "areas", "catalogue", "data", "measurement", "progress",
        "network", "dashboards", "frameworks", "learning",
    },
    "portal": {
        "core", "audit", "accounts", "areas", "catalogue", "data", "measurement", "progress",
        "screening", "network", "dashboards", "frameworks", "documents", "learning", "reports",
    },
    "ops": {"core", "audit"},
}  # fmt: skip
PURE = {"progress", "screening"}  # plain Python and NumPy: no Django anywhere


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())


def test_every_app_has_a_place_in_the_layers():
    assert set(_apps()) == set(ALLOWED)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = {}
    for path in (PACKAGE / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for name in _imports(path):
            parts = [*name.split("."), ""]
            if parts[0] == "verdensmaal" and parts[1] not in {"", app, *ALLOWED[app]}:
                wrong.setdefault(str(path.relative_to(PACKAGE)), set()).add(parts[1])
    assert wrong == {}


@pytest.mark.parametrize("app", sorted(PURE))
def test_the_pure_cores_import_no_django(app):
    users = sorted(
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / app).rglob("*.py")
        if any(name.split(".")[0] == "django" for name in _imports(path))
    )
    assert users == []


MAX_LINES = 600  # a views or services module longer than this is split by use case


def test_no_views_or_services_module_is_over_600_lines():
    modules = [
        path
        for path in PACKAGE.rglob("*.py")
        if {"views", "services"} & {path.stem, path.parent.name}
    ]
    assert len(modules) > 20
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in modules
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long
