"""`pip install .` without extras is the whole desktop: every package it imports is a dependency."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _third_party_imports(package: Path) -> dict[str, Path]:
    """Top-level modules imported anywhere under package (lazy imports inside functions too)."""
    found: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], path)
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    return {name: path for name, path in found.items() if name not in stdlib | {package.name}}


def _requirements(extra: str | None = None) -> set[str]:
    """The distributions [project] asks for, without extras or in one extra."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    lines = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return {_canonical(Requirement(line).name) for line in lines}


def test_every_package_the_desktop_imports_is_a_dependency_without_extras() -> None:
    declared = _requirements()
    distributions = packages_distributions()
    missing = {
        f"{module} (imported in {path.relative_to(ROOT)})"
        for module, path in _third_party_imports(ROOT / "crm_desktop").items()
        if not {_canonical(d) for d in distributions.get(module, [module])} & declared
    }
    assert not missing, "not in [project].dependencies: " + ", ".join(sorted(missing))


def test_the_server_extra_holds_nothing_the_desktop_imports() -> None:
    extra = _requirements("server")
    distributions = packages_distributions()
    desktop = {
        _canonical(d)
        for module in _third_party_imports(ROOT / "crm_desktop")
        for d in distributions.get(module, [module])
    }
    assert not desktop & extra
