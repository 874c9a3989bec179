"""`tui-pos import articles|customers|discounts FILE.csv`: all rows valid or nothing imported."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import", help="import articles, customers or discount rules from CSV"
    )
    parser.add_argument("what", choices=["articles", "customers", "discounts"])
    parser.add_argument("file", type=Path)
    parser.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    from tui_pos.config import load_settings
    from tui_pos.services.bootstrap import open_context
    from tui_pos.services.catalog_import import import_articles, import_customers
    from tui_pos.services.discount_import import import_discounts

    ctx = open_context(load_settings(args.config))
    if args.what == "articles":
        report = import_articles(ctx.db, args.file, vat_rates=ctx.settings.vat.rates)
    elif args.what == "customers":
        report = import_customers(ctx.db, args.file)
    else:
        report = import_discounts(ctx.db, args.file)
    print(f"{args.what}: {report.created} created, {report.updated} updated")
    return 0
