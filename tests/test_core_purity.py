"""The core imports no TUI, ORM or hardware library — checked in a clean subprocess."""

import subprocess
import sys
from pathlib import Path

import tui_pos.core

FORBIDDEN = ("textual", "sqlmodel", "sqlalchemy", "alembic", "evdev", "escpos")


def core_modules() -> list[str]:
    root = Path(tui_pos.core.__file__).parent
    return sorted(
        "tui_pos.core" + ("." + ".".join(p.relative_to(root).with_suffix("").parts))
        for p in root.rglob("*.py")
        if p.name != "__init__.py"
    )


def test_core_modules_import_no_forbidden_library() -> None:
    modules = core_modules()
    assert modules, "the core package has no modules?"
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = sorted({{n.split('.')[0] for n in sys.modules}} & set({FORBIDDEN!r}))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"tui_pos.core imported {out}"


def test_purity_check_can_fail() -> None:
    """The same probe sees a forbidden import when one happens."""
    code = "import sys, sqlalchemy; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip() == "True"
