"""The key footer, without Textual's Footer leak (every recompose kept the old keys alive)."""

from __future__ import annotations

from textual.widgets import Footer


class TillFooter(Footer):
    """Textual's Footer. Each recompose (the bindings changed: focus moved, a dialog closed)
    data-binds its new keys to the footer's `compact`, and Textual drops a watcher of a
    removed key only when `compact` changes, which it never does on a till: every sale kept
    a dozen dead FooterKeys (their styles, caches and message queues) alive. This one drops
    them after each recompose, as Textual itself would on the next change."""

    async def recompose(self) -> None:
        await super().recompose()
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [
                (node, callback)
                for node, callback in entries
                if not getattr(node, "_closing", False)
            ]
