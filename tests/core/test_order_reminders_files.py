"""Reminders / follow-up dates with overdue detection (ORD-11) and attachment metadata (ORD-12)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from order_helpers import TODAY, Numbers, draft_order, line, make_ctx

from tui_pos.core.errors import InvalidInput, NotFound, PosError
from tui_pos.core.order_actions import (
    add_attachment,
    cancel,
    clear_reminder,
    confirm,
    remove_attachment,
    set_reminder,
)

SHA = "0123456789abcdef" * 4


def test_reminder_is_overdue_only_after_its_day_and_while_active() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line())
    confirm(ctx, order, who="e", number_source=Numbers())
    assert not order.is_overdue(TODAY + timedelta(days=30))  # no reminder yet
    set_reminder(ctx, order, TODAY + timedelta(days=2), who="e", note="call")
    assert (order.reminder_date, order.reminder_note) == (date(2026, 3, 4), "call")
    assert not order.is_overdue(date(2026, 3, 4))
    assert order.is_overdue(date(2026, 3, 5))
    cancel(ctx, order, who="e", confirmed=True)
    assert not order.is_overdue(date(2026, 3, 5))


def test_reminder_in_the_past_is_refused_and_same_reminder_is_no_change() -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    with pytest.raises(InvalidInput, match="past"):
        set_reminder(ctx, order, TODAY - timedelta(days=1), who="e")
    set_reminder(ctx, order, TODAY, who="e")
    version = order.version
    set_reminder(ctx, order, TODAY, who="e")
    assert order.version == version
    assert order.log[-1].text() == "Reminder set for 2026-03-02."


def test_clear_reminder() -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    clear_reminder(ctx, order, who="e")  # nothing to clear: no change
    assert order.version == 1
    set_reminder(ctx, order, TODAY, who="e", note="x")
    clear_reminder(ctx, order, who="e")
    assert (order.reminder_date, order.reminder_note) == (None, "")
    assert order.log[-1].text() == "Reminder for 2026-03-02 cleared."


def test_attachment_metadata_is_recorded_and_removable() -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    att = add_attachment(
        ctx,
        order,
        file_name=" plan.pdf ",
        size=2048,
        sha256=SHA.upper(),
        stored_path="o/1/plan.pdf",
        who="ann",
    )
    assert (att.file_name, att.size, att.sha256, att.added_by) == ("plan.pdf", 2048, SHA, "ann")
    assert att.added_at == ctx.clock()
    assert order.attachments == [att]
    assert order.log[-1].text() == "Attached file “plan.pdf” (2048 bytes)."
    with pytest.raises(PosError, match=r"already attached as “plan\.pdf”"):
        add_attachment(
            ctx, order, file_name="copy.pdf", size=1, sha256=SHA, stored_path="p", who="e"
        )
    assert remove_attachment(ctx, order, att.id, who="bob") == att
    assert order.attachments == []
    with pytest.raises(NotFound):
        remove_attachment(ctx, order, att.id, who="bob")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"file_name": "../etc/passwd"}, "file_name"),
        ({"file_name": " "}, "file_name"),
        ({"file_name": ".."}, "file_name"),
        ({"size": -1}, "size"),
        ({"sha256": "abc"}, "sha256"),
        ({"stored_path": ""}, "stored_path"),
    ],
)
def test_bad_attachment_metadata_is_refused(kwargs: dict[str, object], field: str) -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    values: dict[str, object] = {"file_name": "a.pdf", "size": 1, "sha256": SHA, "stored_path": "p"}
    values.update(kwargs)
    with pytest.raises(InvalidInput) as err:
        add_attachment(ctx, order, who="e", **values)  # type: ignore[arg-type]
    assert err.value.field == field
    assert order.attachments == [] and order.version == 1
