"""Subcommands of the `tui-pos` command line; each module has `register(subparsers)`."""
