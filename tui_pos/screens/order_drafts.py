"""Orders whose changes were never saved (ORD-9): offered again, to reopen or discard."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from textual.app import App

from tui_pos.core.errors import PosError
from tui_pos.core.order_list import DraftInfo
from tui_pos.core.orders import Order, OrderType
from tui_pos.i18n import _, format_datetime
from tui_pos.screens.choice import ChoiceScreen
from tui_pos.screens.confirm import ConfirmScreen
from tui_pos.screens.picklist import PickListScreen
from tui_pos.services.orders import OrderService

_NEW = "-new-"


def _draft_name(draft: DraftInfo) -> str:
    name = draft.order_type.display() + (f" {draft.number}" if draft.number else "")
    return name + (" " + _("(changed since)") if draft.stale else "")


def _draft_row(draft: DraftInfo, money: Callable[[Decimal], str]) -> tuple[str, list[str]]:
    return (
        draft.order_id,
        [
            format_datetime(draft.saved_at),
            _draft_name(draft),
            (draft.customer_name or "—")[:20],
            money(draft.total_incl_vat),
        ],
    )


def offer_drafts(
    app: App[Any],
    service: OrderService,
    drafts: list[DraftInfo],
    order_type: OrderType,
    *,
    open_form: Callable[[Order], object],
) -> None:
    """Orders whose changes were never saved (the program stopped): reopen or discard one, or
    start a new order of `order_type` anyway; `open_form` shows the chosen or new order.
    Esc goes back."""
    money = service.ctx.money
    rows = [_draft_row(d, money) for d in drafts]
    rows.append((_NEW, [_("(a new one)"), order_type.display(), "", ""]))

    def safely(action: Callable[[], object]) -> None:
        try:
            action()
        except PosError as exc:  # e.g. the draft was discarded in another session meanwhile
            app.notify(exc.message, severity="error", markup=False)

    def open_new() -> None:
        open_form(service.new_order(order_type))

    def picked(key: str | None) -> None:
        if key == _NEW:
            safely(open_new)
        elif key:
            ask(next(d for d in drafts if d.order_id == key))

    def ask(draft: DraftInfo) -> None:
        def reopen() -> None:
            open_form(service.restore_draft(draft.order_id))

        def chosen(answer: str | None) -> None:
            if answer == "r":
                safely(reopen)
            elif answer == "d":
                app.push_screen(ConfirmScreen(_("Throw this unsaved order away?")), discard)
            else:
                offer_drafts(app, service, drafts, order_type, open_form=open_form)

        def discard_and_go_on() -> None:
            service.discard_draft(draft.order_id)
            left = service.load_drafts()
            if left:
                offer_drafts(app, service, left, order_type, open_form=open_form)
            else:
                open_new()

        def discard(yes: bool | None) -> None:
            if yes:
                safely(discard_and_go_on)
            else:
                ask(draft)

        app.push_screen(
            ChoiceScreen(
                _("Unsaved order"),
                _("{order} for {customer}, {lines} lines, {total}; last change {when}.").format(
                    order=_draft_name(draft),
                    customer=draft.customer_name or "—",
                    lines=draft.line_count,
                    total=money(draft.total_incl_vat),
                    when=format_datetime(draft.saved_at),
                ),
                [("r", _("Reopen it")), ("d", _("Discard it"))],
            ),
            chosen,
        )

    app.push_screen(
        PickListScreen(
            _("Unsaved orders from before: Enter reopens one"),
            [_("Last change"), _("Order"), _("Customer"), _("Total")],
            rows=rows,
        ),
        picked,
    )
