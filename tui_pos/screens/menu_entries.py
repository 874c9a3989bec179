"""The back-office menu's entries: each opens a screen, imported only when chosen."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_pos.i18n import N_

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui_pos.app import PosApp


@dataclass(frozen=True)
class MenuEntry:
    """One menu line: `opener` is "module:function" taking the app and returning a screen."""

    id: str
    label: str  # marked with N_, translated when shown
    key: str
    opener: str

    def open(self, app: PosApp) -> Screen[None] | None:
        """The screen to push, or None when the opener went back to one already open."""
        module_name, _sep, function_name = self.opener.partition(":")
        factory: Callable[[PosApp], Screen[None] | None] = getattr(
            importlib.import_module(module_name), function_name
        )
        return factory(app)


#: In the order shown. Add an entry here to put a new back-office screen in the menu.
MENU_ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry("till", N_("Till (checkout)"), "t", "tui_pos.screens.checkout:open_checkout"),
    MenuEntry("orders", N_("Orders"), "o", "tui_pos.screens.order_list:open_order_list"),
    MenuEntry(
        "orders_by_customer",
        N_("Orders by customer"),
        "c",
        "tui_pos.screens.order_list:open_orders_by_customer",
    ),
    MenuEntry(
        "orders_by_employee",
        N_("Orders by employee"),
        "e",
        "tui_pos.screens.order_list:open_orders_by_employee",
    ),
    MenuEntry(
        "discounts",
        N_("Discount registers"),
        "k",
        "tui_pos.screens.discount_registers:open_discount_registers",
    ),
)
