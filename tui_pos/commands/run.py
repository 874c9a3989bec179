"""`tui-pos` / `tui-pos run`: open the till; `tui-pos backoffice`: open the back-office menu."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("run", help="open the till (the default)")
    parser.set_defaults(func=run_till)
    backoffice = subparsers.add_parser(
        "backoffice", help="open the back-office menu (orders, registers, the till)"
    )
    backoffice.set_defaults(func=run_backoffice)


def run_backoffice(args: argparse.Namespace) -> int:
    return run_till(args, mode="backoffice")


def run_till(args: argparse.Namespace, mode: str = "till") -> int:
    from tui_pos.config import load_settings
    from tui_pos.services.bootstrap import open_context

    settings = load_settings(args.config)
    if args.demo and settings.database.url == "sqlite:///var/tui-pos.db":
        settings.database.url = "sqlite:///var/demo.db"
    ctx = open_context(settings, demo=args.demo)
    from tui_pos.app import PosApp

    PosApp(ctx, mode=mode, freeze_gc=True).run()
    return 0
