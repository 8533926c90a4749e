"""The core stays Qt-free: no module under src/blogdesk/core imports PySide6 (or any Qt binding)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "src" / "blogdesk" / "core"
QT_PACKAGES = ("PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6")


def _imported_modules(tree: ast.AST) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.args[0].value, node.lineno))
    return found


def _core_modules() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_core_folder_has_modules():
    """The scan below really looks at the core package (a wrong path would pass vacuously)."""
    names = {p.relative_to(CORE).as_posix() for p in _core_modules()}
    assert "__init__.py" in names
    assert "postfile/__init__.py" in names
    assert "stats.py" in names


@pytest.mark.parametrize("module", _core_modules(), ids=lambda p: p.relative_to(CORE).as_posix())
def test_core_module_does_not_import_qt(module: Path):
    """A core module imports no Qt binding, directly, from-style, or via importlib."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    offenders = [
        f"{module.name}:{line}: {name}"
        for name, line in _imported_modules(tree)
        if name.split(".")[0] in QT_PACKAGES
    ]
    assert offenders == []


def test_scanner_catches_qt_imports():
    """The scanner itself recognises the three ways a module could pull Qt in."""
    source = (
        "import PySide6.QtCore\n"
        "from PySide6 import QtWidgets\n"
        "import importlib\nimportlib.import_module('PySide6.QtGui')\n"
    )
    names = [name for name, _ in _imported_modules(ast.parse(source))]
    assert names == ["PySide6.QtCore", "PySide6", "importlib", "PySide6.QtGui"]
