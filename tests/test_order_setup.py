"""The order context from the configuration: flow file errors, payment methods, [orders] keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_settings

from tui_pos.config import load_settings
from tui_pos.core.errors import PosError
from tui_pos.services.order_setup import load_flow, payment_methods, shop_timezone, size_text


def test_the_configured_flow_loads_and_a_bad_one_names_its_file(tmp_path: Path) -> None:
    settings = make_settings()
    assert load_flow(settings).initial == "draft"
    settings.orders.status_flow = str(tmp_path / "missing.toml")
    with pytest.raises(PosError, match=r"missing\.toml not found"):
        load_flow(settings)
    broken = tmp_path / "flow.toml"
    broken.write_text("[roles\n")
    settings.orders.status_flow = str(broken)
    with pytest.raises(PosError, match=r"flow\.toml is not valid TOML"):
        load_flow(settings)
    broken.write_text('[roles]\ninitial = "draft"\n[states.draft]\nlabel = "Draft"\nkind = "x"\n')
    with pytest.raises(PosError, match=r"flow\.toml: Order status flow: state “draft” has kind"):
        load_flow(settings)


def test_payment_methods_per_channel_keep_card_at_the_till() -> None:
    settings = make_settings()
    methods = payment_methods(settings)
    assert methods.till == ("cash", "card", "account", "voucher")
    assert methods.back_office == ("cash", "account", "voucher", "transfer")
    settings.payments.methods[1].back_office = True  # a card method offered in the back office
    assert "card" not in payment_methods(settings).back_office


def test_orders_settings_are_validated(tmp_path: Path) -> None:
    config = tmp_path / "shop.toml"
    base = (Path(__file__).resolve().parents[1] / "config" / "tui-pos.toml").read_text()
    config.write_text(base.replace("custom_fields = []", 'custom_fields = ["Floor", "Floor"]'))
    with pytest.raises(PosError, match=r"orders\.custom_fields"):
        load_settings(config)
    config.write_text(base.replace("first_number = 1 ", "first_number = 0 "))
    with pytest.raises(PosError, match=r"orders\.first_number"):
        load_settings(config)
    settings = make_settings()
    settings.shop.timezone = "Mars/Olympus"
    with pytest.raises(PosError, match="Mars/Olympus"):
        shop_timezone(settings)
    assert [size_text(n) for n in (999, 12_500, 10_485_760)] == ["999 bytes", "12.5 kB", "10.5 MB"]
