"""Customers created by the program (a new customer typed at the till), in the caller's
transaction."""

from __future__ import annotations

from sqlmodel import Session

from tui_pos.core.catalog import CustomerInfo
from tui_pos.core.customer_entry import NewCustomer
from tui_pos.core.money import ZERO
from tui_pos.store.models import Customer
from tui_pos.store.repositories import customer_info


def add_customer(session: Session, code: str, new: NewCustomer) -> CustomerInfo:
    """Insert the customer under `code` (unique: a clash fails the transaction)."""
    row = Customer(
        code=code,
        name=new.name,
        name_lower=new.name.lower(),
        address=new.address,
        postcode=new.postcode,
        city=new.city,
        email=new.email,
        phone=new.phone,
        category=None,
        discount_pct=ZERO,
    )
    session.add(row)
    session.flush()
    return customer_info(row)
