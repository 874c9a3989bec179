"""Textual screens, one per module, each with its own .tcss."""
