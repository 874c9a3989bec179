"""ESC/POS receipt printers over python-escpos connections: USB, network, serial, file, dummy."""

from __future__ import annotations

import errno
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tui_pos.core.errors import InvalidInput
from tui_pos.core.printdoc import PrintDocument
from tui_pos.hardware.escpos_loader import load_escpos
from tui_pos.hardware.escpos_render import RenderOptions, render, validate_options
from tui_pos.hardware.escpos_status import DLE_EOT, read_status, status_byte
from tui_pos.hardware.printer import (
    NOT_READY_STATES,
    PrinterError,
    PrinterStatus,
    ReceiptPrinter,
    UnprintableDocument,
)
from tui_pos.hardware.printer_config import PrinterConfig, describe_printer
from tui_pos.i18n import _

log = logging.getLogger(__name__)

#: Makes a new, unopened python-escpos connection object.
Connect = Callable[[], Any]
DRAWER_PINS = (2, 5)


class EscposPrinter(ReceiptPrinter):
    """An ESC/POS printer: documents are rendered to bytes first, then sent in one write.

    `keep_open` keeps the connection between jobs (USB, serial); otherwise each job connects
    and disconnects (network printers often accept one connection at a time). After any error
    the connection is dropped and made anew for the next job.

    Before each job a printer that can answer is asked for its status. A printer that stays
    silent is not asked again before jobs (each silent query costs the whole read timeout)
    until a `status()` call gets an answer.
    """

    def __init__(
        self,
        connect: Connect,
        *,
        options: RenderOptions,
        description: str,
        keep_open: bool = False,
    ) -> None:
        self._connect = connect
        self.options = options
        self.description = description
        self.keep_open = keep_open
        self._connection: Any = None
        self._lock = threading.RLock()
        self._check_before_print = True

    def print_document(self, doc: PrintDocument) -> None:
        data = self.render(doc)
        with self._session() as connection:
            if self._check_before_print and answers_status(connection):
                # A printer with its cover open or out of paper may still buffer the bytes and
                # drop them later; when it can tell us, keep the job in the spool instead.
                status = read_status(lambda n: self._ask(connection, n))
                self._check_before_print = status.state != "unknown"
                if status.state in NOT_READY_STATES:
                    raise PrinterError(
                        _("The printer is not ready ({status}).").format(status=status.describe()),
                        status=status,
                    )
            connection._raw(data)

    def render(self, doc: PrintDocument) -> bytes:
        """The bytes this printer would get for `doc`."""
        try:
            return render(doc, self.options)
        except Exception as exc:
            raise UnprintableDocument(
                _("This document cannot be printed: {error}").format(error=exc)
            ) from exc

    def status(self) -> PrinterStatus:
        try:
            with self._session() as connection:
                if not answers_status(connection):
                    return PrinterStatus(
                        "unknown", _("this connection cannot report the printer's state")
                    )
                status = read_status(lambda n: self._ask(connection, n))
                self._check_before_print = status.state != "unknown"
                return status
        except PrinterError as exc:
            return PrinterStatus("offline", exc.message)

    def open_drawer(self, pin: int = 2) -> None:
        if pin not in DRAWER_PINS:
            raise InvalidInput(_("The cash drawer pin must be 2 or 5."), field="pin")
        with self._session() as connection:
            connection.cashdraw(pin)

    def close(self) -> None:
        with self._lock:
            self._drop()

    @contextmanager
    def _session(self) -> Iterator[Any]:
        """The open connection, under the lock; trouble becomes PrinterError and drops it."""
        with self._lock:
            try:
                if self._connection is None:
                    connection = self._connect()
                    connection.open()
                    self._connection = connection
                yield self._connection
            except PrinterError:
                self._drop()
                raise
            except Exception as exc:
                self._drop()
                raise PrinterError(explain_error(exc)) from exc
            if not self.keep_open:
                self._drop()

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a broken connection may fail too; it is gone either way
                log.debug("closing printer connection failed", exc_info=True)

    @staticmethod
    def _ask(connection: Any, n: int) -> int | None:
        connection._raw(DLE_EOT + bytes([n]))
        try:
            reply = connection._read()
        except Exception as exc:
            if is_timeout(exc):
                return None
            raise
        return status_byte(bytes(reply) if reply is not None else None)


class DummyPrinter(EscposPrinter):
    """Keeps everything it is sent in `.output` (tests, dry runs)."""

    def __init__(self, options: RenderOptions | None = None) -> None:
        options = options or RenderOptions()
        self._dummy = load_escpos().Dummy(profile=options.profile)
        super().__init__(lambda: self._dummy, options=options, description="dummy", keep_open=True)

    @property
    def output(self) -> bytes:
        return bytes(self._dummy.output)

    def clear(self) -> None:
        self._dummy.clear()


class FilePrinter(EscposPrinter):
    """Appends the raw bytes to a file or device (/dev/usb/lp0), and a readable copy to `.txt`."""

    def __init__(
        self, path: Path, *, options: RenderOptions, text_copy: Path | None = None
    ) -> None:
        self.path = path
        self.text_copy = text_copy
        super().__init__(
            lambda: append_file_connection(path, options.profile),
            options=options,
            description=f"file {path}",
        )

    def print_document(self, doc: PrintDocument) -> None:
        super().print_document(doc)
        if self.text_copy is not None:
            # The readable copy is a convenience: failing to write it must not make the
            # spool print the (already written) job again.
            try:
                with self.text_copy.open("a", encoding="utf-8") as out:
                    out.write(doc.plain_text())
                    out.write("=" * doc.width + "\n")
            except OSError:
                log.warning("could not write %s", self.text_copy, exc_info=True)

    def status(self) -> PrinterStatus:
        return file_status(self.path)


def escpos_printer_from_config(cfg: PrinterConfig) -> EscposPrinter:
    """The adapter for `cfg` (already validated by printer_config.validate_config).

    Only the printer database is loaded here (to check the profile and code page); the
    printer classes load with the first connection or receipt (on the spool's thread)."""
    options = RenderOptions(profile=cfg.profile, codepage=cfg.codepage, qr_native=cfg.qr_native)
    validate_options(options)
    timeout_s = cfg.timeout_ms / 1000
    description = describe_printer(cfg)
    if cfg.kind == "dummy":
        return DummyPrinter(options)
    if cfg.kind == "file":
        path = Path(cfg.path)
        return FilePrinter(path, options=options, text_copy=text_copy_path(path))
    if cfg.kind == "network":
        return EscposPrinter(
            lambda: load_escpos().Network(
                host=cfg.host, port=cfg.port, timeout=timeout_s, profile=cfg.profile
            ),
            options=options,
            description=description,
        )
    if cfg.kind == "usb":
        return EscposPrinter(
            lambda: load_escpos().Usb(
                idVendor=cfg.vendor_id,
                idProduct=cfg.product_id,
                timeout=cfg.timeout_ms,
                in_ep=cfg.usb_in_ep,
                out_ep=cfg.usb_out_ep,
                profile=cfg.profile,
            ),
            options=options,
            description=description,
            keep_open=True,
        )
    return EscposPrinter(
        lambda: load_escpos().Serial(
            devfile=cfg.device, baudrate=cfg.baudrate, timeout=timeout_s, profile=cfg.profile
        ),
        options=options,
        description=description,
        keep_open=True,
    )


def text_copy_path(path: Path) -> Path | None:
    """Where a file printer writes its readable copy; None for devices."""
    if is_device_path(path):
        return None
    if path.suffix == ".txt":
        return path.with_name(path.stem + ".readable.txt")
    return path.with_suffix(".txt")


def is_device_path(path: Path) -> bool:
    return path.is_char_device() or (path.is_absolute() and path.parts[1:2] == ("dev",))


def append_file_connection(path: Path, profile: str) -> Any:
    """A python-escpos File connection that appends instead of truncating."""
    return _append_file_class()(devfile=str(path), profile=profile)


_APPEND_FILE: type | None = None


def _append_file_class() -> type:
    global _APPEND_FILE
    if _APPEND_FILE is None:
        escpos_printer = load_escpos()

        class AppendFile(escpos_printer.File):  # type: ignore[name-defined]
            """python-escpos' File opens with "wb"; a receipt file must grow, not be replaced."""

            def open(self, raise_not_found: bool = True) -> None:
                target = Path(self.devfile)
                if not is_device_path(target):
                    target.parent.mkdir(parents=True, exist_ok=True)
                self.device = open(target, "ab")  # noqa: SIM115 - closed by close()

        _APPEND_FILE = AppendFile
    return _APPEND_FILE


def file_status(path: Path) -> PrinterStatus:
    """Whether a file printer can write: a device cannot tell its paper state ("unknown")."""
    if path.exists():
        if path.is_dir():
            return PrinterStatus("offline", _("{path} is a directory").format(path=path))
        if not os.access(path, os.W_OK):
            return PrinterStatus("offline", _("no permission to write to {path}").format(path=path))
        if path.is_file():
            return PrinterStatus("online", _("receipts are appended to {path}").format(path=path))
        return PrinterStatus(
            "unknown", _("{path} is there, but cannot report paper or cover").format(path=path)
        )
    if is_device_path(path):
        return PrinterStatus(
            "offline", _("{path} does not exist: printer off or unplugged?").format(path=path)
        )
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK):
        return PrinterStatus("offline", _("no permission to create {path}").format(path=path))
    return PrinterStatus("online", _("{path} will be created").format(path=path))


def answers_status(connection: Any) -> bool:
    """Whether the connection can read replies (USB, network, serial; not files or dummies)."""
    from escpos.escpos import Escpos

    return type(connection)._read is not Escpos._read


def is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or "Timeout" in type(exc).__name__


def explain_error(exc: BaseException) -> str:
    """A short translated reason for a connection failure ("connection refused", ...)."""
    # python-escpos wraps the real cause (raised while handling it) in DeviceNotFoundError.
    cause = exc.__cause__ or exc.__context__
    if type(exc).__name__ in ("DeviceNotFoundError", "USBNotFoundError") and cause is not None:
        if isinstance(cause, AssertionError):
            return _("the USB printer was not found (unplugged or switched off?)")
        return explain_error(cause)
    if type(exc).__name__ == "NoBackendError":
        return _("libusb is not installed (package libusb-1.0-0)")
    if isinstance(exc, PermissionError) or getattr(exc, "errno", None) == errno.EACCES:
        return _("permission denied ({error})").format(error=exc)
    if isinstance(exc, ConnectionRefusedError):
        return _("connection refused")
    if is_timeout(exc):
        return _("no answer in time")
    if getattr(exc, "errno", None) == errno.ENOENT:
        path = getattr(exc, "filename", None)
        if path:
            return _("no such file or device: {path}").format(path=path)
        return _("no such file or device")
    return str(exc) or type(exc).__name__
