"""`tui-pos` subcommands; each module has `register(subparsers)` (see tui_pos.cli)."""
