"""The change bus: publish a change on a channel; subscribers hear it on one listener thread."""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from tui_pos.store.notify.channels import RESYNC, check_channel

log = logging.getLogger(__name__)

#: `callback(channel, payload)`; payload RESYNC ("") means "reload everything on the channel".
Callback = Callable[[str, str], None]

#: How long close() waits for the listener thread (it may be inside a slow callback).
CLOSE_JOIN_SECONDS = 2.0

#: How long subscribe() waits, by default, until the backend is listening.
SUBSCRIBE_WAIT_SECONDS = 2.0


class Subscription:
    """Channels and the callback to call for changes on them; `cancel()` to stop."""

    def __init__(self, bus: ChangeBus, channels: frozenset[str], callback: Callback) -> None:
        self.bus = bus
        self.channels = channels
        self.callback = callback
        self.active = True

    def cancel(self) -> None:
        """No callback for changes dispatched after this returns (one in progress may finish)."""
        self.bus._remove(self)


class ChangeBus(ABC):
    """Announce changes to other processes of the same database; hear theirs.

    A notification is a hint (`channel`, `payload`): listeners reload what they show from the
    database. Callbacks run on the bus's daemon listener thread, one at a time, never on the
    publisher's thread; hand the work to the UI without blocking (e.g. `post_message`).
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._listening_changed = threading.Condition(self._lock)
        self._subscriptions: list[Subscription] = []
        self._listening: frozenset[str] = frozenset()
        self._hears_every_channel = False  # set by backends that receive all channels at once
        self._owed: set[str] = set()  # subscribed channels that became live late: resync them
        self._closed = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @abstractmethod
    def publish(self, channel: str, payload: str = "") -> None:
        """Announce a change now, outside any transaction. Delivery problems are only logged.

        Inside a unit of work use `uow.notify(channel, payload)`: it publishes on commit.
        """

    def subscribe(
        self,
        channels: Iterable[str],
        callback: Callback,
        *,
        wait: float = SUBSCRIBE_WAIT_SECONDS,
    ) -> Subscription:
        """Call `callback(channel, payload)` for every change on `channels` from now on.

        Waits up to `wait` seconds until the backend listens, so a change committed after this
        returns is heard. If the backend is not reachable in time, the subscription still
        stands: once it is listening the callback gets a RESYNC for each of its channels.
        """
        names = frozenset(check_channel(c) for c in channels)
        if not names:
            raise ValueError("subscribe to at least one channel")
        subscription = Subscription(self, names, callback)
        with self._lock:
            if self._closed:
                raise RuntimeError("the change bus is closed")
            self._subscriptions.append(subscription)
            if self._thread is None:
                self._before_first_listener()
                self._thread = threading.Thread(
                    target=self._run_listener, name=f"{type(self).__name__}", daemon=True
                )
                self._thread.start()
            else:
                self._interrupt()
            live = self._listening_changed.wait_for(
                lambda: self._live(names) or self._closed, timeout=wait
            )
            if not live:
                self._owed |= names - self._listening
        return subscription

    def _live(self, names: frozenset[str]) -> bool:
        return self._hears_every_channel or names <= self._listening

    def channels(self) -> frozenset[str]:
        """Every channel some active subscription listens to."""
        with self._lock:
            return frozenset(c for s in self._subscriptions for c in s.channels)

    def close(self) -> None:
        """Stop listening and end the listener thread (waits briefly for it). Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for subscription in self._subscriptions:
                subscription.active = False
            self._subscriptions.clear()
            self._listening_changed.notify_all()
        self._stop.set()
        self._interrupt()
        thread = self._thread
        if thread is None:
            self._release()
        elif thread is not threading.current_thread():
            thread.join(CLOSE_JOIN_SECONDS)
            if thread.is_alive():
                log.warning("change bus listener still busy in a callback after close()")

    def __enter__(self) -> ChangeBus:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def closing(self) -> bool:
        return self._stop.is_set()

    @property
    def thread(self) -> threading.Thread | None:
        """The listener thread, once something subscribed."""
        return self._thread

    # --- for the backends ---------------------------------------------------------------

    def _before_first_listener(self) -> None:  # noqa: B027 - optional hook
        """Runs in the subscriber's thread before the listener thread starts."""

    @abstractmethod
    def _listen(self) -> None:
        """The listener thread's loop: return once `closing` is set."""

    @abstractmethod
    def _interrupt(self) -> None:
        """Wake the listener thread (subscriptions changed or closing). Must not block."""

    def _release(self) -> None:  # noqa: B027 - optional hook
        """Free the bus's resources; runs once, on the listener thread if one was started."""

    def _set_listening(self, channels: frozenset[str]) -> None:
        """Record which channels the backend listens to now; resync those that came late."""
        with self._lock:
            self._listening = channels
            late = self._owed & channels
            self._owed -= late
            self._listening_changed.notify_all()
        if late:
            self._resync(late)

    def _resync(self, channels: Iterable[str] | None = None) -> None:
        """Tell subscribers of `channels` (default: all) that they may have missed changes."""
        names = self.channels() if channels is None else channels
        self._dispatch([(c, RESYNC) for c in sorted(names)])

    def _dispatch(self, changes: Iterable[tuple[str, str]]) -> None:
        """Call the callbacks for each distinct change, in order; a failing callback is logged."""
        with self._lock:
            subscriptions = list(self._subscriptions)
        for channel, payload in dict.fromkeys(changes):
            for subscription in subscriptions:
                if not subscription.active or channel not in subscription.channels:
                    continue
                try:
                    subscription.callback(channel, payload)
                except Exception:
                    log.exception("change bus callback failed for %s %r", channel, payload)

    def _remove(self, subscription: Subscription) -> None:
        with self._lock:
            subscription.active = False
            if subscription in self._subscriptions:
                self._subscriptions.remove(subscription)
                if not self._closed:
                    self._interrupt()

    def _run_listener(self) -> None:
        try:
            self._listen()
        except Exception:
            log.exception("change bus listener stopped")
        finally:
            self._release()
