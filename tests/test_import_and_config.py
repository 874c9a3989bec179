"""CSV import (errors by line, all or nothing) and config errors naming key and file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tui_pos.cli import main
from tui_pos.config import DEFAULT_CONFIG, load_settings
from tui_pos.core.errors import PosError
from tui_pos.services.catalog_import import import_articles, import_customers
from tui_pos.store.db import Database

HEADER = "code,name,group,vat,price,unit,barcodes\n"


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.mark.parametrize("fresh_database", ["sqlite"], indirect=True)
def test_bad_rows_reported_by_line_and_nothing_imported(
    fresh_database: Database, tmp_path: Path
) -> None:
    csv = tmp_path / "articles.csv"
    csv.write_text(
        HEADER
        + "A1,Apple,FRUIT,low,1.20,piece,8710000000017\n"
        + "A2,Pear,FRUIT,low,1,2x,piece,\n"
        + "A3,Plum,FRUIT,low,0.99,piece,8710000000018\n"
        + "A4,,FRUIT,low,0.99,piece,\n"
        + "A5,Fig,FRUIT,7,0.99,piece,\n"
    )
    with pytest.raises(PosError) as err:
        import_articles(fresh_database, csv, vat_rates=load_settings().vat.rates)
    message = err.value.message
    assert "nothing imported" in message
    assert "line 3" in message and "line 4: Barcode 8710000000018: check digit" in message
    assert "line 5: name is empty" in message and "line 6" in message
    assert "line 2" not in message
    assert count(fresh_database, "article") == 0


@pytest.mark.parametrize("fresh_database", ["sqlite"], indirect=True)
def test_good_import_creates_then_updates(fresh_database: Database, tmp_path: Path) -> None:
    csv = tmp_path / "articles.csv"
    csv.write_text(HEADER + "A1,Apple,FRUIT,low,1.20,piece,8710000000017\n")
    rates = load_settings().vat.rates
    assert import_articles(fresh_database, csv, vat_rates=rates).created == 1
    csv.write_text(HEADER + "A1,Apple Elstar,FRUIT,low,1.25,piece,8710000000017\n")
    report = import_articles(fresh_database, csv, vat_rates=rates)
    assert (report.created, report.updated) == (0, 1)
    customers = tmp_path / "customers.csv"
    customers.write_text("code,name,email\nC1,Ann,ann@example\n")
    with pytest.raises(PosError, match="line 2: e-mail"):
        import_customers(fresh_database, customers)
    assert count(fresh_database, "customer") == 0


def test_cli_import_bad_file_exits_2_with_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_POS_DATABASE__URL", f"sqlite:///{tmp_path}/cli.db")
    missing = tmp_path / "nope.csv"
    assert main(["import", "articles", str(missing)]) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_config_error_names_key_and_file(tmp_path: Path) -> None:
    bad = tmp_path / "shop.toml"
    bad.write_text(
        DEFAULT_CONFIG.read_text().replace('cash_rounding = "0.05"', 'cash_rounding = "lots"')
    )
    with pytest.raises(PosError) as err:
        load_settings(bad)
    assert str(bad) in err.value.message and "payments.cash_rounding" in err.value.message


def test_config_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[shop\nname=")
    with pytest.raises(PosError, match="not valid TOML"):
        load_settings(broken)
    with pytest.raises(PosError, match="not found"):
        load_settings(tmp_path / "missing.toml")


def test_environment_overrides_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUI_POS_TILL__ID", "T9")
    monkeypatch.setenv("TUI_POS_DATABASE__URL", "sqlite:////tmp/x.db")
    settings = load_settings()
    assert settings.till.id == "T9" and settings.database.url == "sqlite:////tmp/x.db"
    assert settings.shop.name == "De Hoek Delicatessen"


def test_customer_discount_with_too_many_decimals_is_a_line_error(
    fresh_database: Database, tmp_path: Path
) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text("code,name,discount_pct\nC1,Ann,5\nC2,Bob,5.123456\n")
    with pytest.raises(PosError, match=r"line 3: .*more than two decimals"):
        import_customers(fresh_database, customers)
    assert count(fresh_database, "customer") == 0
