"""`tui-pos import discounts`: one CSV for every register, validated by line, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tui_pos.cli import main
from tui_pos.core.discount_rules import RuleSelection
from tui_pos.core.errors import PosError
from tui_pos.services.discount_import import import_discounts
from tui_pos.store.db import Database
from tui_pos.store.uow import SqlUnitOfWork

HEADER = "register,article,customer,category,group,min_qty,pct,price\n"
GOOD = (
    HEADER
    + 'article_customer,1003,C101,,,,,"4,00"\n'
    + "article_category,1004,,RETAIL,,,3,\n"
    + 'category_group,,,RETAIL,BREAD,,"12,5",\n'
    + "volume,1003,,,,10,5 %,\n"
    + "\n"
    + "volume,1003,,,,20,,3.50\n"
)
TABLES = (
    "discount_article_customer",
    "discount_article_category",
    "discount_category_group",
    "discount_volume_break",
)


def rule_count(db: Database) -> int:
    with db.engine.connect() as conn:
        return sum(
            int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in TABLES
        )


def test_good_file_imports_every_register_then_updates(database: Database, tmp_path: Path) -> None:
    before = rule_count(database)
    csv = tmp_path / "discounts.csv"
    csv.write_text(GOOD)
    report = import_discounts(database, csv)
    assert (report.created, report.updated) == (5, 0)
    assert rule_count(database) == before + 5
    selection = RuleSelection(frozenset({"1003", "1004"}), frozenset({"BREAD"}), "C101", "RETAIL")
    with SqlUnitOfWork(database) as uow:
        rules = uow.discounts.load(selection)
    assert rules.article_customer("1003", "C101").price == 4  # type: ignore[union-attr]
    assert rules.category_group("RETAIL", "BREAD").pct == 12.5  # type: ignore[union-attr]
    assert [b.min_qty for b in rules.volume_breaks("1003")] == [10, 20]
    csv.write_text(HEADER + "volume,1003,,,,20,,3.40\nvolume,1003,,,,30,,3.30\n")
    report = import_discounts(database, csv)
    assert (report.created, report.updated) == (1, 1)
    assert rule_count(database) == before + 6


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_bad_rows_are_reported_by_line_and_nothing_is_imported(
    database: Database, tmp_path: Path
) -> None:
    before = rule_count(database)
    csv = tmp_path / "discounts.csv"
    csv.write_text(
        HEADER
        + "article_customer,1003,C101,,,,5,\n"  # line 2: good
        + "article_customer,NOPE,C101,,,,5,\n"  # 3
        + "article_customer,1003,C999,,,,5,\n"  # 4
        + "article_category,1003,,NOBODY,,,5,\n"  # 5
        + "category_group,,,RETAIL,NOGROUP,,5,\n"  # 6
        + "volume,1003,,,,10,101,\n"  # 7
        + "volume,1003,,,,10,,-1\n"  # 8
        + "volume,1003,,,,10,5,2.00\n"  # 9
        + "article_customer,1003,C101,,,,7,\n"  # 10: same as line 2
        + "volume,1003,,,,2.5,5,\n"  # 11: pieces are whole
        + "category_group,,,RETAIL,BREAD,,5,1.00\n"  # 12
        + "bonus,1003,,,,,5,\n"  # 13
        + "volume,TSHIRT,,,,2,5,\n"  # 14: a variant parent
        + "article_category,1004,,RETAIL,,,x,\n"  # 15
        + "volume,1003,,,,5,,\n"  # 16
    )
    with pytest.raises(PosError) as err:
        import_discounts(database, csv)
    message = err.value.message
    assert "14 bad row(s), nothing imported" in message
    for expected in [
        "line 3: No article with code NOPE",
        "line 4: No customer with code C999",
        "line 5: No customer has category NOBODY",
        "line 6: No article group NOGROUP",
        "line 7: Discount % must be between 0 and 100 %",
        "line 8: Fixed price cannot be negative",
        "line 9: Give a discount % or a fixed price, not both",
        "line 10: same rule as line 2 (article 1003 for customer C101)",
        "line 11: This article is sold per piece",
        "line 12: A group discount is a percentage",
        "line 13: register “bonus” is not one of",
        "line 14: Article TSHIRT comes in colours and sizes",
        "line 15: Discount %: “x” is not a number",
        "line 16: Give a discount % or a fixed price.",
    ]:
        assert expected in message, expected
    assert "line 2:" not in message
    assert rule_count(database) == before


def test_cli_import_discounts_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_POS_DATABASE__URL", f"sqlite:///{tmp_path}/cli.db")
    demo = Path(__file__).resolve().parents[1] / "config" / "demo"
    assert main(["import", "articles", str(demo / "articles.csv")]) == 0
    assert main(["import", "customers", str(demo / "customers.csv")]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "volume,1003,,,,0,5,\n")
    assert main(["import", "discounts", str(bad)]) == 2
    assert "line 2: Quantity must be more than zero" in capsys.readouterr().err
    assert main(["import", "discounts", str(demo / "discounts.csv")]) == 0
    assert "discounts: 12 created, 0 updated" in capsys.readouterr().out
