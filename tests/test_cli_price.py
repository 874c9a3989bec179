"""`tui-pos price SCENARIO.json` prints the priced scenario; bad input exits 2 naming it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_pos import cli

REPO_ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = Path(os.environ.get("TUI_POS_SHARED") or REPO_ROOT.parent / "shared") / "pricing-cases"
CASE = CASES_DIR / "14-both-settings.json"


def run_price(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["price", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_price_prints_the_expected_result(capsys: pytest.CaptureFixture[str]) -> None:
    assert CASE.is_file(), f"missing {CASE} (set TUI_POS_SHARED)"
    code, out, _err = run_price(CASE, capsys)
    assert code == 0
    result = json.loads(out)
    expected = json.loads(CASE.read_text(encoding="utf-8"))["expected"]
    assert [
        (line["article"], line["net_unit_price"], line["line_total"]) for line in result["lines"]
    ] == [
        (line["article"], line["net_unit_price"], line["line_total"]) for line in expected["lines"]
    ]
    assert result["vat"] == expected["vat"]
    assert result["total"] == expected["total"]
    line = result["lines"][0]
    assert set(line) == {
        "article",
        "qty",
        "list_price",
        "net_unit_price",
        "line_total",
        "explanation",
    }
    assert "group discount 15 %" in line["explanation"]
    assert out.startswith('{\n  "lines"')  # indent 2


@pytest.mark.slow
def test_price_as_a_subprocess() -> None:
    assert CASE.is_file(), f"missing {CASE} (set TUI_POS_SHARED)"
    proc = subprocess.run(
        [sys.executable, "-m", "tui_pos", "price", str(CASE)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] == "121.08"


def _scenario(**changes: object) -> dict[str, object]:
    data = json.loads(CASE.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def _line(article: str, qty: str = "1") -> dict[str, str]:
    return {"article": article, "qty": qty}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["lines"].append(_line("FOO")), "lines[1]: unknown article 'FOO'"),
        (lambda d: d["rules"][0].update(pct="120"), "rules[0].pct must be between 0 and 100"),
        (
            lambda d: d["articles"][1].update(price="-12.50"),
            "articles[1].price: a price cannot be negative",
        ),
        (lambda d: d["lines"][0].update(qty="1O"), "lines[0].qty: “1O” is not a number"),
        (lambda d: d.pop("articles"), "missing 'articles'"),
    ],
)
def test_invalid_scenario_exits_2_naming_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: object, message: str
) -> None:
    assert callable(change)
    data = _scenario()
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_price(path, capsys)
    assert code == 2
    assert out == ""
    assert message in err
    assert str(path) in err


def test_malformed_json_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"settings": {,}', encoding="utf-8")
    code, _out, err = run_price(path, capsys)
    assert code == 2
    assert "is not valid JSON" in err and "line 1" in err


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_price(tmp_path / "missing.json", capsys)
    assert code == 2
    assert "Cannot read" in err and "missing.json" in err


def test_json_numbers_are_read_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = CASE.read_text(encoding="utf-8").replace('"price": "12.50"', '"price": 12.50')
    assert '"price": 12.50' in text
    path = tmp_path / "numbers.json"
    path.write_text(text, encoding="utf-8")
    code, out, _err = run_price(path, capsys)
    assert code == 0
    assert json.loads(out)["total"] == "121.08"
