"""The QR code on an order confirmation (QUE-3): `order:<number>:<id>`, printed and scanned."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _

PREFIX = "order"
_NUMBER = re.compile(r"[^\s:]{1,32}")
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


@dataclass(frozen=True)
class OrderQr:
    """What an order confirmation's QR code says: the order's number and its id."""

    number: str
    order_id: str


def order_qr_text(number: str, order_id: str) -> str:
    """The QR code's text for an order confirmation; `parse_order_qr` reads it back."""
    if not _NUMBER.fullmatch(number) or not _ID.fullmatch(order_id):
        raise InvalidInput(_("Only a confirmed order with a number has a QR code."))
    return f"{PREFIX}:{number}:{order_id}"


def is_order_qr(text: str) -> bool:
    """Whether a scan looks like an order QR code at all (so other scans go elsewhere)."""
    return text.strip().casefold().startswith(PREFIX + ":")


def parse_order_qr(text: str) -> OrderQr:
    """`order:SO-12:3f2a…` → OrderQr("SO-12", "3f2a…"). The prefix may come in any case (a
    scanner with Caps Lock on); the id's hex digits are lower-cased as the store keeps them.
    Anything else raises InvalidInput with a message for the customer."""
    parts = text.strip().split(":")
    if len(parts) != 3 or parts[0].casefold() != PREFIX:
        raise InvalidInput(_("This code is not an order confirmation."), field="qr")
    number, order_id = parts[1].strip(), parts[2].strip()
    if not _NUMBER.fullmatch(number) or not _ID.fullmatch(order_id):
        raise InvalidInput(_("This order code cannot be read; ask at the counter."), field="qr")
    if re.fullmatch(r"[0-9A-F]{32}", order_id):  # Caps Lock turned the uuid hex upper case
        order_id = order_id.lower()
    return OrderQr(number, order_id)
