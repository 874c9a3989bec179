"""Opening an order in the till to settle it (QUE-2, QUE-3), when the till can do that.

`open_order_in_till(app, order_id)` lives in `tui_pos.screens.till_orders` (the till's order
handling, CHK-10); it is imported only when used, and until it exists the screens say so."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui_pos.i18n import _

if TYPE_CHECKING:
    from tui_pos.app import PosApp

TILL_MODULE = "tui_pos.screens.till_orders"
TillOpener = Callable[["PosApp", str], object]


def till_opener() -> TillOpener | None:
    """The till's `open_order_in_till`, or None while the till cannot open orders."""
    try:
        module = importlib.import_module(TILL_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name == TILL_MODULE:
            return None
        raise
    opener: TillOpener | None = getattr(module, "open_order_in_till", None)
    return opener


def open_in_till(app: PosApp, order_id: str) -> bool:
    """Open the order in the till; False (and a notice) when that is not available."""
    opener = till_opener()
    if opener is None:
        app.bell()
        app.notify(_("Opening an order in the till is not available."), severity="warning")
        return False
    opener(app, order_id)
    return True
