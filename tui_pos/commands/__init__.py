"""Subcommands of the `tui-pos` command line."""
