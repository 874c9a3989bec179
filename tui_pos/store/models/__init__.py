"""All tables: `metadata` (Alembic and tests) imports every table module so SQLModel knows them.

The table modules load on first use of one of their names (PEP 562), not with the package: a
till start that has not queried anything yet does not build 27 table classes.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import MetaData

    from tui_pos.store.models.catalog import Article, ArticleGroup, Barcode, Customer
    from tui_pos.store.models.discounts import (
        ArticleCategoryRule,
        ArticleCustomerRule,
        CategoryGroupRule,
        VolumeBreakRule,
    )
    from tui_pos.store.models.journal import JournalEntry, JournalHead
    from tui_pos.store.models.order_lease import OrderLease
    from tui_pos.store.models.orders import (
        OrderAttachmentData,
        OrderAttachmentRow,
        OrderCounter,
        OrderDraft,
        OrderGroupRow,
        OrderLineRow,
        OrderLogRow,
        OrderPaymentRow,
        OrderRow,
    )
    from tui_pos.store.models.sales import (
        ParkedSale,
        ReceiptCounter,
        Sale,
        SaleLine,
        SalePayment,
        SaleVat,
    )
    from tui_pos.store.models.spool import PrintJob

    metadata: MetaData

#: Table class → the module that defines it.
_MODULES = {
    "Article": "catalog",
    "ArticleGroup": "catalog",
    "Barcode": "catalog",
    "Customer": "catalog",
    "ArticleCategoryRule": "discounts",
    "ArticleCustomerRule": "discounts",
    "CategoryGroupRule": "discounts",
    "VolumeBreakRule": "discounts",
    "JournalEntry": "journal",
    "JournalHead": "journal",
    "OrderLease": "order_lease",
    "OrderAttachmentData": "orders",
    "OrderAttachmentRow": "orders",
    "OrderCounter": "orders",
    "OrderDraft": "orders",
    "OrderGroupRow": "orders",
    "OrderLineRow": "orders",
    "OrderLogRow": "orders",
    "OrderPaymentRow": "orders",
    "OrderRow": "orders",
    "ParkedSale": "sales",
    "ReceiptCounter": "sales",
    "Sale": "sales",
    "SaleLine": "sales",
    "SalePayment": "sales",
    "SaleVat": "sales",
    "PrintJob": "spool",
}

__all__ = [
    "Article",
    "ArticleCategoryRule",
    "ArticleCustomerRule",
    "ArticleGroup",
    "Barcode",
    "CategoryGroupRule",
    "Customer",
    "JournalEntry",
    "JournalHead",
    "OrderAttachmentData",
    "OrderAttachmentRow",
    "OrderCounter",
    "OrderDraft",
    "OrderGroupRow",
    "OrderLease",
    "OrderLineRow",
    "OrderLogRow",
    "OrderPaymentRow",
    "OrderRow",
    "ParkedSale",
    "PrintJob",
    "ReceiptCounter",
    "Sale",
    "SaleLine",
    "SalePayment",
    "SaleVat",
    "VolumeBreakRule",
    "metadata",
]


def __getattr__(name: str) -> Any:
    if name == "metadata":
        from sqlmodel import SQLModel

        for table_module in sorted(set(_MODULES.values())):
            importlib.import_module(f"{__name__}.{table_module}")
        return SQLModel.metadata
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
