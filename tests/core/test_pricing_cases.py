"""Every shared pricing scenario (shared/pricing-cases/*.json) gives its expected result."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui_pos.core.scenario import parse_scenario, priced_cart_to_dict

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """$TUI_POS_SHARED, else the `shared/` directory beside the repository clone."""
    return Path(os.environ.get("TUI_POS_SHARED") or REPO_ROOT.parent / "shared")


CASES_DIR = shared_dir() / "pricing-cases"
CASE_FILES = sorted(CASES_DIR.glob("*.json")) if CASES_DIR.is_dir() else []


def test_pricing_cases_are_present() -> None:
    """CI always has shared/; a missing directory is a failure, never a skip."""
    assert CASE_FILES, f"no pricing cases in {CASES_DIR} (set TUI_POS_SHARED)"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda path: path.name)
def test_pricing_case(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    expected = data["expected"]
    result = priced_cart_to_dict(parse_scenario(data).price())

    got_lines = [
        (line["article"], line["net_unit_price"], line["line_total"]) for line in result["lines"]
    ]
    want_lines = [
        (line["article"], line["net_unit_price"], line["line_total"]) for line in expected["lines"]
    ]
    assert got_lines == want_lines
    assert result["vat"] == expected["vat"]
    assert result["total"] == expected["total"]
    assert all(line["explanation"] for line in result["lines"])
