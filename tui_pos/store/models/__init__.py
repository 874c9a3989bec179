"""All tables, imported so SQLModel.metadata knows them (Alembic and tests use it)."""

from sqlmodel import SQLModel

from tui_pos.store.models.catalog import Article, ArticleGroup, Barcode, Customer
from tui_pos.store.models.discounts import (
    ArticleCategoryRule,
    ArticleCustomerRule,
    CategoryGroupRule,
    VolumeBreakRule,
)
from tui_pos.store.models.journal import JournalEntry, JournalHead
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

metadata = SQLModel.metadata

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
