"""The activity log: each operation leaves who, when and what, translatable at display."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from order_helpers import FakeClock, Numbers, draft_order, line, make_ctx

import tui_pos.i18n as i18n
from tui_pos.core.errors import InvalidInput
from tui_pos.core.order_actions import (
    add_attachment,
    add_comment,
    cancel,
    clear_reminder,
    confirm,
    modify,
    move_status,
    remove_attachment,
    set_reminder,
)
from tui_pos.core.order_editing import update_header
from tui_pos.core.order_log import LogAction
from tui_pos.core.order_payments import take_down_payment
from tui_pos.core.orders import Channel

SHA = "ab" * 32


def test_a_whole_order_life_is_in_the_log_with_who_and_when() -> None:
    clock = FakeClock()
    ctx = make_ctx(clock=clock)
    steps = [
        (
            LogAction.HEADER_CHANGED,
            lambda o: update_header(ctx, o, replace(o.header, subject="S"), who="ann"),
        ),
        (LogAction.CONFIRMED, lambda o: confirm(ctx, o, who="bob", number_source=Numbers())),
        (LogAction.MODIFIED, lambda o: modify(ctx, o, who="cas")),
        (LogAction.CONFIRMED, lambda o: confirm(ctx, o, who="dirk", number_source=Numbers())),
        (LogAction.STATUS_CHANGED, lambda o: move_status(ctx, o, "in_progress", who="eva")),
        (
            LogAction.PAYMENT,
            lambda o: take_down_payment(
                ctx, o, method="card", who="fay", channel=Channel.TILL, amount="2"
            ),
        ),
        (LogAction.COMMENT, lambda o: add_comment(ctx, o, "Customer called", who="gus")),
        (
            LogAction.REMINDER_SET,
            lambda o: set_reminder(ctx, o, date(2026, 4, 1), who="hal", note="call back"),
        ),
        (LogAction.REMINDER_CLEARED, lambda o: clear_reminder(ctx, o, who="ida")),
        (
            LogAction.ATTACHMENT_ADDED,
            lambda o: add_attachment(
                ctx, o, file_name="plan.pdf", size=10, sha256=SHA, stored_path="x/1", who="jan"
            ),
        ),
        (
            LogAction.ATTACHMENT_REMOVED,
            lambda o: remove_attachment(ctx, o, o.attachments[0].id, who="kim"),
        ),
        (LogAction.CANCELLED, lambda o: cancel(ctx, o, who="lea", confirmed=True)),
    ]
    order = draft_order(ctx, line())
    whos = []
    for action, step in steps:
        clock.advance(minutes=1)
        before = len(order.log)
        step(order)
        new = order.log[before:]
        assert new[0].action is action
        assert all(e.at == clock.now for e in new)
        assert new[0].text()  # a readable sentence
        whos.append(new[0].who)
    assert whos == [
        "ann",
        "bob",
        "cas",
        "dirk",
        "eva",
        "fay",
        "gus",
        "hal",
        "ida",
        "jan",
        "kim",
        "lea",
    ]
    assert order.log[-1].text() == "Refund owed: 2.00 paid by Card."


class Dutch(gettext.NullTranslations):
    WORDS = {
        "Status changed from {old} to {new}.": "Status gewijzigd van {old} naar {new}.",
        "Confirmed": "Bevestigd",
        "In progress": "In behandeling",
        "Comment: {text}": "Opmerking: {text}",
    }

    def gettext(self, message: str) -> str:
        return self.WORDS.get(message, message)


@pytest.fixture
def dutch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(i18n, "_translation", Dutch())
    yield


def test_entries_are_stored_in_english_and_translated_when_shown(dutch: None) -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line())
    confirm(ctx, order, who="e", number_source=Numbers())
    move_status(ctx, order, "in_progress", who="e")
    add_comment(ctx, order, "Confirmed", who="e")
    status_entry, comment = order.log[-2], order.log[-1]
    assert status_entry.message == "Status changed from {old} to {new}."
    assert dict(status_entry.params) == {"old": "Confirmed", "new": "In progress"}
    assert status_entry.text() == "Status gewijzigd van Bevestigd naar In behandeling."
    # a comment's own words are never translated
    assert comment.text() == "Opmerking: Confirmed"


def test_comments_must_have_text() -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    version = order.version
    with pytest.raises(InvalidInput, match="empty"):
        add_comment(ctx, order, "   ", who="e")
    with pytest.raises(InvalidInput, match="too long"):
        add_comment(ctx, order, "x" * 4001, who="e")
    assert order.version == version


def test_payment_entry_carries_the_payment_id() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line(price="8"))
    confirm(ctx, order, who="e", number_source=Numbers())
    payment = take_down_payment(ctx, order, method="cash", who="e")
    assert order.log[-1].params["payment_id"] == payment.id
    assert payment.amount == Decimal("8.00")


class BrokenDutch(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return "Opmerking: {tekst}" if message == "Comment: {text}" else message


def test_a_broken_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    entry = add_comment(ctx, order, "Call first", who="e")
    monkeypatch.setattr(i18n, "_translation", BrokenDutch())
    assert entry.text() == "Comment: Call first"
