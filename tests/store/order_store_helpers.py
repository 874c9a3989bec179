"""Builders shared by the order store tests: databases, settings with extra fields, services,
orders."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import BACKENDS, PG_URL, FixedClock, make_settings
from sqlalchemy import create_engine, text

from tui_pos.config import Settings
from tui_pos.core.orders import Order, OrderType
from tui_pos.services.bootstrap import load_demo
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.store.db import Database, open_database
from tui_pos.store.migrate import upgrade

CUSTOM_FIELDS = ["floor", "colour scheme"]
ORDER_TABLES = (
    "order_attachment_data",
    "order_attachment",
    "order_payment",
    "order_log",
    "order_line",
    "order_group",
    "order_draft",
    "order_counter",
    "orders",
)


@pytest.fixture(scope="module")
def shared_pg_database() -> Iterator[Database]:
    """One migrated PostgreSQL schema with the demo catalog for all tests of a module."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    db = open_database(f"{PG_URL}{sep}options=-csearch_path%3D{schema}")
    try:
        upgrade(db)
        load_demo(TillContext(settings=make_settings(), db=db))
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Database]:
    """conftest's `database`, except that a module's PostgreSQL tests share one schema whose
    order tables are emptied before each test (a fresh schema costs about a second). TRUNCATE
    fires no row triggers, so the append-only tables empty too."""
    if request.param == "sqlite":
        path = tmp_path / "pos.db"
        shutil.copy(sqlite_template, path)
        db = open_database(f"sqlite:///{path}")
        yield db
        db.dispose()
        return
    db = request.getfixturevalue("shared_pg_database")
    with db.write_engine.begin() as conn:
        conn.execute(text("TRUNCATE " + ", ".join(ORDER_TABLES)))
    yield db


def order_settings() -> Settings:
    settings = make_settings()
    settings.orders.custom_fields = list(CUSTOM_FIELDS)
    return settings


def service(ctx: TillContext, user: str = "anna", **kwargs: Any) -> OrderService:
    kwargs.setdefault("autosave_drafts", False)
    return OrderService(ctx, user=user, **kwargs)


def placed(
    svc: OrderService,
    order_type: OrderType = OrderType.SALES,
    *,
    article: str = "1001",
    customer_code: str = "C101",
    **header: Any,
) -> Order:
    """A saved draft order with one line and a customer."""
    order = svc.new_order(order_type, customer_code=customer_code, **header)
    svc.add_article(order, article, "2")
    svc.save(order)
    return order


def tick(clock: FixedClock, minutes: int = 1) -> None:
    clock.now += timedelta(minutes=minutes)


def count_rows(db: Database, table: str, where: str = "", **params: object) -> int:
    sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
    with db.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def natural(number: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", number) if p)
