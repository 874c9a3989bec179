"""Application services: the use cases screens and the CLI call (no TUI here)."""
