"""Open the configured database, migrate it, and load the demo catalog and orders when asked."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from tui_pos import i18n
from tui_pos.config import REPO_ROOT, Settings
from tui_pos.services.context import TillContext
from tui_pos.store.db import Database, open_database
from tui_pos.store.migrate import upgrade

DEMO_DIR = REPO_ROOT / "config" / "demo"
#: A demo database with a row in each of these has all the demo data `open_context` loads.
_DEMO_LOADED = """
SELECT EXISTS (SELECT 1 FROM article)
   AND (EXISTS (SELECT 1 FROM discount_article_customer)
        OR EXISTS (SELECT 1 FROM discount_article_category)
        OR EXISTS (SELECT 1 FROM discount_category_group)
        OR EXISTS (SELECT 1 FROM discount_volume_break))
   AND EXISTS (SELECT 1 FROM orders)
"""


def database_url(settings: Settings) -> str:
    url = settings.database.url
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str(settings.resolve_path(url[len(prefix) :]))
    return url


def open_context(settings: Settings, *, demo: bool = False) -> TillContext:
    i18n.setup(
        settings.shop.language,
        settings.shop.locale,
        settings.shop.money_pattern,
        settings.shop.timezone,
    )
    db = open_database(database_url(settings))
    upgrade(db)
    ctx = TillContext(settings=settings, db=db)
    if demo and not _demo_loaded(db):
        from tui_pos.services.demo_orders import load_demo_orders  # demo only: not at every start

        load_demo(ctx)
        load_demo_orders(ctx)
    return ctx


def _demo_loaded(db: Database) -> bool:
    """Whether the demo catalog, rules and orders are all there (`load_demo` and
    `load_demo_orders` would add nothing), asked in one query without the ORM's tables."""
    try:
        with db.engine.connect() as connection:
            return bool(connection.exec_driver_sql(_DEMO_LOADED).scalar())
    except SQLAlchemyError:
        return False


def load_demo(ctx: TillContext, demo_dir: Path = DEMO_DIR) -> bool:
    """Import the demo catalog into an empty database; returns whether it imported.

    The demo discount rules are imported with it, and also into a demo database made before
    they existed (one with the catalog but no rule in any register).
    """
    from tui_pos.services.catalog_import import import_articles, import_customers
    from tui_pos.store.discount_repository import REGISTERS

    with ctx.uow() as uow:
        has_catalog = bool(uow.catalog.count_articles())
        has_rules = any(uow.discounts.count(source) for source in REGISTERS)
    if not has_catalog:
        import_articles(ctx.db, demo_dir / "articles.csv", vat_rates=ctx.settings.vat.rates)
        import_customers(ctx.db, demo_dir / "customers.csv")
    discounts = demo_dir / "discounts.csv"
    if not has_rules and discounts.exists():
        with ctx.uow() as uow:
            demo_catalog = uow.catalog.article("1001") is not None
        if demo_catalog:
            from tui_pos.services.discount_import import import_discounts

            import_discounts(ctx.db, discounts)
    return not has_catalog
