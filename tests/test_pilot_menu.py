"""The back-office menu: opens screens by letter, and the till keeps its cart behind it."""

from __future__ import annotations

import pytest
from conftest import DEMO_BARCODE
from test_pilot_checkout import checkout, scan

from tui_pos.app import PosApp
from tui_pos.screens.menu import MenuScreen
from tui_pos.services.context import TillContext

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_backoffice_opens_at_menu_and_t_opens_the_till(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("t")
        await pilot.pause()
        await scan(pilot, DEMO_BARCODE)
        assert len(checkout(app).service.cart) == 1


async def test_f11_from_till_to_menu_and_back_keeps_the_cart(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, DEMO_BARCODE)
        till = checkout(app)
        await pilot.press("f11")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("t")  # the till that is already open, not a new one
        await pilot.pause()
        assert checkout(app) is till
        assert len(till.service.cart) == 1
        await pilot.press("f11")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert checkout(app) is till
