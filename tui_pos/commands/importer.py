"""`tui-pos import articles|customers FILE.csv`: all rows valid or nothing imported."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("import", help="import articles or customers from CSV")
    parser.add_argument("what", choices=["articles", "customers"])
    parser.add_argument("file", type=Path)
    parser.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    from tui_pos.config import load_settings
    from tui_pos.services.bootstrap import open_context
    from tui_pos.services.catalog_import import import_articles, import_customers

    ctx = open_context(load_settings(args.config))
    if args.what == "articles":
        report = import_articles(ctx.db, args.file, vat_rates=ctx.settings.vat.rates)
    else:
        report = import_customers(ctx.db, args.file)
    print(f"{args.what}: {report.created} created, {report.updated} updated")
    return 0
