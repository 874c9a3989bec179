"""The receipt-printer adapter interface: print a document, report status, kick the drawer."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Literal

from tui_pos.core.errors import PosError
from tui_pos.i18n import _

if TYPE_CHECKING:
    from tui_pos.core.printdoc import PrintDocument

PrinterState = Literal["online", "offline", "paper_out", "cover_open", "unknown"]

#: States in which a printer that answered will not print: a job sent now could be lost.
NOT_READY_STATES: frozenset[PrinterState] = frozenset({"offline", "paper_out", "cover_open"})


def state_label(state: PrinterState) -> str:
    """A short translated label for a printer state (status bar, doctor)."""
    labels: dict[PrinterState, str] = {
        "online": _("online"),
        "offline": _("offline"),
        "paper_out": _("out of paper"),
        "cover_open": _("cover open"),
        "unknown": _("status unknown"),
    }
    return labels[state]


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; "unknown" when it could not or did not answer."""

    state: PrinterState
    message: str = ""

    @property
    def ready(self) -> bool:
        return self.state == "online"

    def describe(self) -> str:
        label = state_label(self.state)
        return f"{label}: {self.message}" if self.message else label


class PrinterError(PosError):
    """The printer did not take the job (unreachable, offline, no paper, ...); try again later.

    `status` is what the printer said about itself, when it said anything.
    """

    def __init__(self, message: str, *, status: PrinterStatus | None = None) -> None:
        super().__init__(message)
        self.status = status


class UnprintableDocument(PosError):
    """The document itself cannot be turned into printer commands; retrying will not help."""


class ReceiptPrinter(ABC):
    """A receipt printer adapter; subclasses talk to one kind of printer (ESC/POS, ...).

    Methods may be called from the print spool's thread and the UI thread; implementations
    serialise access to the device themselves.
    """

    #: How the printer is reached, for people: "network 10.0.0.7:9100", "file var/...".
    description: str = ""

    @abstractmethod
    def print_document(self, doc: PrintDocument) -> None:
        """Print `doc`; raise PrinterError if the printer did not take it (no retries here)."""

    @abstractmethod
    def status(self) -> PrinterStatus:
        """Ask the printer how it is; never raises (trouble is reported as a status)."""

    @abstractmethod
    def open_drawer(self, pin: int = 2) -> None:
        """Kick the cash drawer on connector pin 2 or 5; raises PrinterError on failure."""

    def close(self) -> None:  # noqa: B027 - optional hook, most adapters have nothing to close
        """Release the device or connection (it is reopened when needed)."""

    def __enter__(self) -> ReceiptPrinter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
