"""The order's activity log (ORD-7): who did what when, as structured, translatable entries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tui_pos.i18n import _


def N_(message: str) -> str:
    """Mark a string for translation without translating it now (xgettext keyword N_)."""
    return message


class LogAction(StrEnum):
    """What kind of event an entry records (for filtering and for the store)."""

    CREATED = "created"
    CREATED_FROM_QUOTE = "created_from_quote"
    HEADER_CHANGED = "header_changed"
    LINE_ADDED = "line_added"
    LINE_CHANGED = "line_changed"
    LINE_REMOVED = "line_removed"
    LINES_REPRICED = "lines_repriced"
    GROUP_ADDED = "group_added"
    GROUP_CHANGED = "group_changed"
    GROUP_REMOVED = "group_removed"
    CONFIRMED = "confirmed"
    MODIFIED = "modified"
    STATUS_CHANGED = "status_changed"
    CANCELLED = "cancelled"
    REFUND_OWED = "refund_owed"
    PAYMENT = "payment"
    REFUND = "refund"
    CONVERTED = "converted"
    COMMENT = "comment"
    REMINDER_SET = "reminder_set"
    REMINDER_CLEARED = "reminder_cleared"
    ATTACHMENT_ADDED = "attachment_added"
    ATTACHMENT_REMOVED = "attachment_removed"


@dataclass(frozen=True)
class LogEntry:
    """One event. `message` is an English source string with {placeholders} filled from
    `params` when shown; the params named in `translate` are source strings themselves
    (status labels, field names) and are translated too. Persist all fields as they are."""

    at: datetime
    who: str
    action: LogAction
    message: str
    params: Mapping[str, str] = field(default_factory=dict)
    translate: tuple[str, ...] = ()

    def text(self) -> str:
        """The entry as a sentence in the current language."""
        values = {
            key: _(value) if key in self.translate else value for key, value in self.params.items()
        }
        try:
            return _(self.message).format(**values)
        except (KeyError, IndexError, ValueError):
            # a translation with a broken placeholder must not hide the log: use the English
            return self.message.format(**values)
