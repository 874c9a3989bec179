"""Live updates: a change bus between processes of one database (see docs/live-updates.md)."""

from tui_pos.store.notify.bus import Callback, ChangeBus, Subscription
from tui_pos.store.notify.channels import RESYNC, check_channel
from tui_pos.store.notify.factory import open_bus
from tui_pos.store.notify.outbox import Outbox, publish_committed

__all__ = [
    "RESYNC",
    "Callback",
    "ChangeBus",
    "Outbox",
    "Subscription",
    "check_channel",
    "open_bus",
    "publish_committed",
]
