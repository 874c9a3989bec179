"""Reusable Textual widgets and input hooks."""
