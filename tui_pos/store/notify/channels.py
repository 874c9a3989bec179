"""Channel names and payloads the change bus accepts on every backend."""

from __future__ import annotations

import re

#: Lower-case identifier, short enough to stay within PostgreSQL's 63-byte channel names
#: after a schema prefix (see postgres.pg_channel).
CHANNEL_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,30}")

#: PostgreSQL refuses payloads of 8000 bytes or more; keep well below it everywhere.
MAX_PAYLOAD_BYTES = 4000

#: The payload that means "changes on this channel may have been missed: reload everything".
RESYNC = ""


def check_channel(channel: str) -> str:
    """Return `channel` if it is a valid channel name; raise ValueError (a programming error)."""
    if not CHANNEL_PATTERN.fullmatch(channel):
        raise ValueError(f"invalid change channel {channel!r}: use [a-z][a-z0-9_]{{0,30}}")
    return channel


def check_notification(channel: str, payload: str) -> None:
    """Raise ValueError for a bad channel or a payload too long to publish."""
    check_channel(channel)
    if len(payload.encode()) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"change payload on {channel!r} exceeds {MAX_PAYLOAD_BYTES} bytes")
