"""`tui-pos price SCENARIO.json`: price a self-contained scenario and print the result as JSON."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "price",
        help="price a pricing scenario (JSON) and print the priced lines with explanations",
        description="Price a self-contained pricing scenario without a database (SPEC PRC).",
    )
    parser.add_argument("scenario", type=Path, help="scenario JSON file")
    parser.set_defaults(func=run)


def load_scenario(path: Path) -> object:
    """Read a scenario file; numbers written as JSON numbers become exact Decimals."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PosError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    except UnicodeDecodeError:
        raise PosError(_("Cannot read {path}: it is not UTF-8 text.").format(path=path)) from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            _("{path} is not valid JSON: {reason} (line {line}, column {column}).").format(
                path=path, reason=exc.msg, line=exc.lineno, column=exc.colno
            )
        ) from None


def run(args: argparse.Namespace) -> int:
    from tui_pos.core.scenario import price_scenario  # not at import: `tui-pos` builds this parser

    data = load_scenario(args.scenario)
    try:
        result = price_scenario(data)
    except PosError as exc:
        raise InvalidInput(f"{args.scenario}: {exc.message}") from None
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0
