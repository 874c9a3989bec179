"""Chooses how the till prices a cart (the discount engine once its registers are wired)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_pos.core.cart import Pricer, manual_only_pricer

if TYPE_CHECKING:
    from tui_pos.services.context import TillContext


def make_pricer(ctx: TillContext) -> Pricer:
    return manual_only_pricer
