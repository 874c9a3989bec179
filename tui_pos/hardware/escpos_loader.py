"""Imports python-escpos without letting it write to the terminal or configure the root logger.

python-escpos calls `logging.basicConfig()` when imported (a stderr handler on the root
logger) and logs through the `logging` module functions, which install that handler again
whenever the root logger has none. The TUI owns the terminal, so every use of python-escpos
goes through `load_escpos()`: it removes the handler added by the import, gives the library
its own `escpos` logger (with a NullHandler, so nothing reaches stderr unless the application
configures logging itself) and swallows anything printed while importing.

python-escpos also parses its printer database at import and pickles it into a new temporary
directory each time; pointing it at a cache directory makes later starts faster and stops it
leaving an 80 kB file in /tmp per start.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import os
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

#: python-escpos connection modules that log through the `logging` module functions.
_CONNECTION_MODULES = ("file", "network", "usb", "serial", "lp", "cups", "win32raw")
_LOGGING_FUNCTIONS = frozenset({"debug", "info", "warning", "error", "exception", "critical"})

_lock = threading.Lock()
_loaded: ModuleType | None = None
_capabilities: ModuleType | None = None


class _LibraryLogging:
    """Stands in for the `logging` module inside a python-escpos module: logs to its own logger."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def __getattr__(self, name: str) -> Any:
        if name in _LOGGING_FUNCTIONS:
            return getattr(self._logger, name)
        return getattr(logging, name)


def load_escpos() -> ModuleType:
    """The `escpos.printer` module, imported quietly (once)."""
    global _loaded
    with _lock:
        if _loaded is not None:
            return _loaded
        printer_module = _import_quietly("escpos.printer", "escpos.constants", "escpos.image")
        for name in _CONNECTION_MODULES:
            module = sys.modules.get(f"escpos.printer.{name}")
            if module is not None and getattr(module, "logging", None) is logging:
                module.logging = _LibraryLogging(logging.getLogger(module.__name__))  # type: ignore[attr-defined]
        _loaded = printer_module
        return printer_module


def load_capabilities() -> ModuleType:
    """The `escpos.capabilities` module (the printer database), imported quietly (once): what
    checking a profile and code page needs, without the printer classes and the imaging, QR
    and USB libraries they bring (6 MiB a till need not hold before it prints)."""
    global _capabilities
    with _lock:
        if _capabilities is None:
            _capabilities = _import_quietly("escpos.capabilities")
        return _capabilities


def _import_quietly(name: str, *more: str) -> ModuleType:
    """Import python-escpos modules (caller holds `_lock`); returns the first."""
    _use_capabilities_cache()
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        module = importlib.import_module(name)
        for other in more:
            importlib.import_module(other)
    for handler in list(root.handlers):
        if handler not in handlers_before:
            root.removeHandler(handler)
    library_logger = logging.getLogger("escpos")
    if not any(isinstance(h, logging.NullHandler) for h in library_logger.handlers):
        library_logger.addHandler(logging.NullHandler())
    return module


def _use_capabilities_cache() -> None:
    """Let python-escpos keep its pickled printer database in our cache directory."""
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    cache = Path(cache_home) / "tui-pos" / "escpos"
    try:
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return  # a read-only home: python-escpos falls back to a temporary directory
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)
    with contextlib.suppress(OSError):
        _prime_capabilities_pickle(cache)


def _prime_capabilities_pickle(cache: Path) -> None:
    """Write python-escpos's printer-database pickle atomically before it is imported.

    The library writes that pickle in place, so a till starting beside another (SSH sessions,
    parallel tests) could read half a file and fail with EOFError. A complete pickle newer than
    capabilities.json is only read by the library, never rewritten.
    """
    import importlib.resources
    import pickle
    import platform
    import tempfile

    import yaml

    target = cache / f"{platform.python_version()}.capabilities.pickle"
    source = importlib.resources.files("escpos") / "capabilities.json"
    with importlib.resources.as_file(source) as json_path:
        if target.exists() and target.stat().st_mtime >= json_path.stat().st_mtime:
            return
        data = yaml.safe_load(json_path.read_text(encoding="utf-8"))
    fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def escpos_constants() -> ModuleType:
    """The `escpos.constants` module (loaded quietly)."""
    load_escpos()
    return sys.modules["escpos.constants"]
