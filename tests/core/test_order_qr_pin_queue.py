"""The order QR payload, manager PIN hashes, and what the queue and kiosk show about an order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from tui_pos.core.errors import InvalidInput
from tui_pos.core.order_list import OrderSummary
from tui_pos.core.order_qr import OrderQr, is_order_qr, order_qr_text, parse_order_qr
from tui_pos.core.order_queue import age_text, due_date, first_name, is_late
from tui_pos.core.order_status import StatusKind
from tui_pos.core.orders import DeliveryMethod, OrderType
from tui_pos.core.pin import PinGuard, check_pin_hash, hash_pin, verify_pin

ORDER_ID = "3f2a9c0e5b6d4e7f8a1b2c3d4e5f6a7b"


def test_qr_round_trip_and_tolerant_reading() -> None:
    text = order_qr_text("SO-12", ORDER_ID)
    assert text == f"order:SO-12:{ORDER_ID}"
    assert parse_order_qr(text) == OrderQr("SO-12", ORDER_ID)
    assert parse_order_qr(f"  ORDER:SO-12:{ORDER_ID.upper()}\n") == OrderQr("SO-12", ORDER_ID)
    assert is_order_qr(text) and not is_order_qr("8710000000017")


@pytest.mark.parametrize(
    "text",
    [
        "8710000000017",
        f"order:SO-12:{ORDER_ID}:extra",
        f"invoice:SO-12:{ORDER_ID}",
        f"order::{ORDER_ID}",
        "order:SO-12:",
        "order:SO 12:abc",
        f"order:SO-12:{ORDER_ID}!",
    ],
)
def test_qr_refuses_anything_else(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_order_qr(text)


def test_qr_text_needs_a_number() -> None:
    with pytest.raises(InvalidInput):
        order_qr_text("", ORDER_ID)


def test_pin_hash_verifies_only_the_pin_and_never_contains_it() -> None:
    stored = hash_pin("4711", iterations=1000, salt=b"0123456789abcdef")
    assert stored.startswith("pbkdf2_sha256$1000$")
    assert "4711" not in stored
    assert verify_pin("4711", stored)
    assert not verify_pin("4712", stored)
    assert not verify_pin("4711", "pbkdf2_sha256$1000$zz$00")  # malformed: matches nothing
    assert hash_pin("4711", iterations=1000) != hash_pin("4711", iterations=1000)  # salted
    assert check_pin_hash(stored) == stored
    with pytest.raises(ValueError):
        check_pin_hash("4711")


@pytest.mark.parametrize("pin", ["", "123", "12a4", "1234567890123", "١٢٣٤"])
def test_pin_format(pin: str) -> None:
    with pytest.raises(InvalidInput):
        hash_pin(pin, iterations=1)


def test_pin_guard_locks_after_three_wrong_pins() -> None:
    guard = PinGuard(max_tries=3, lock_seconds=30)
    for now in (0.0, 1.0):
        guard.record(False, now)
        assert guard.seconds_locked(now) == 0
    guard.record(False, 2.0)
    assert guard.seconds_locked(2.0) == 30
    assert guard.seconds_locked(32.0) == 0
    guard.record(False, 40.0)
    guard.record(True, 41.0)  # the right PIN resets the count
    guard.record(False, 42.0)
    assert guard.seconds_locked(42.0) == 0


def summary(**changes: object) -> OrderSummary:
    base = OrderSummary(
        id="x",
        type=OrderType.SALES,
        number="SO-1",
        status="confirmed",
        status_kind=StatusKind.OPEN,
        customer_code="C1",
        customer_name="Emma Bakker",
        subject="",
        employee="Sanne",
        branch="AMS",
        delivery_method=DeliveryMethod.PICKUP,
        order_date=date(2026, 11, 20),
        pickup_date=None,
        expected_delivery_date=None,
        reminder_date=None,
        total_incl_vat=Decimal("10"),
        balance_due=Decimal("10"),
        created_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
        updated_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
        version=1,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_due_date_and_lateness() -> None:
    today = date(2026, 11, 22)
    pickup = summary(pickup_date=today, expected_delivery_date=date(2026, 11, 1))
    assert due_date(pickup) == today and not is_late(pickup, today)
    delivery = replace(pickup, delivery_method=DeliveryMethod.DELIVERY)
    assert due_date(delivery) == date(2026, 11, 1) and is_late(delivery, today)
    assert due_date(summary()) is None and not is_late(summary(), today)
    assert is_late(summary(reminder_date=date(2026, 11, 21)), today)  # follow-up passed
    done = summary(pickup_date=date(2026, 11, 1), status_kind=StatusKind.DONE)
    assert not is_late(done, today)


def test_age_text_and_first_name() -> None:
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)
    ages = [age_text(now - timedelta(minutes=m), now) for m in (0, 5, 59, 60, 47 * 60, 49 * 60)]
    assert ages == ["now", "5m", "59m", "1h", "47h", "2d"]
    assert age_text(now + timedelta(minutes=3), now) == "now"  # clocks a little apart
    assert first_name("Emma Bakker") == "Emma"
    assert first_name("  Bakker, Emma  ") == "Emma"
    assert first_name("Bakker,") == "Bakker"
    assert first_name("") == first_name("   ") == ""
