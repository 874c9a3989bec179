"""An Order as JSON and back (order drafts, ORD-9): exact decimals as text, times as ISO 8601."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tui_pos.core.order_lines import DiscountKind, LineGroup, ManualDiscount, OrderLine
from tui_pos.core.order_log import LogAction, LogEntry
from tui_pos.core.order_status import StatusKind
from tui_pos.core.orders import (
    Attachment,
    Channel,
    CustomerRef,
    DeliveryMethod,
    MethodAmount,
    Order,
    OrderHeader,
    OrderType,
    Payment,
    PaymentKind,
)

FORMAT = 1


def dumps(value: object) -> str:
    """Compact, key-sorted JSON (stable text for equal values)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def header_to_dict(header: OrderHeader) -> dict[str, Any]:
    customer = header.customer
    return {
        "employee": header.employee,
        "branch": header.branch,
        "order_date": header.order_date.isoformat(),
        "customer": [customer.code, customer.name] if customer else None,
        "subject": header.subject,
        "our_reference": header.our_reference,
        "customer_reference": header.customer_reference,
        "note": header.note,
        "delivery_method": header.delivery_method.value,
        "pickup_date": _iso(header.pickup_date),
        "expected_delivery_date": _iso(header.expected_delivery_date),
        "payment_terms": header.payment_terms,
        "fixed_text": header.fixed_text,
        "prices_include_vat": header.prices_include_vat,
        "custom_fields": dict(header.custom_fields),
    }


def header_from_dict(data: dict[str, Any]) -> OrderHeader:
    customer = data["customer"]
    return OrderHeader(
        employee=data["employee"],
        branch=data["branch"],
        order_date=date.fromisoformat(data["order_date"]),
        customer=CustomerRef(customer[0], customer[1]) if customer else None,
        subject=data["subject"],
        our_reference=data["our_reference"],
        customer_reference=data["customer_reference"],
        note=data["note"],
        delivery_method=DeliveryMethod(data["delivery_method"]),
        pickup_date=_date(data["pickup_date"]),
        expected_delivery_date=_date(data["expected_delivery_date"]),
        payment_terms=data["payment_terms"],
        fixed_text=data["fixed_text"],
        prices_include_vat=data["prices_include_vat"],
        custom_fields=dict(data["custom_fields"]),
    )


def discount_parts(discount: ManualDiscount | None) -> tuple[str | None, str | None]:
    if discount is None:
        return None, None
    return discount.kind.value, str(discount.value)


def discount_from(kind: str | None, value: str | None) -> ManualDiscount | None:
    if kind is None or value is None:
        return None
    return ManualDiscount(DiscountKind(kind), Decimal(value))


def _line_to_dict(line: OrderLine) -> dict[str, Any]:
    kind, value = discount_parts(line.discount)
    return {
        "id": line.id,
        "article_code": line.article_code,
        "description": line.description,
        "qty": str(line.qty),
        "unit_price": str(line.unit_price),
        "vat_rate": str(line.vat_rate),
        "net_unit_price": str(line.net_unit_price),
        "line_total": str(line.line_total),
        "weighed": line.weighed,
        "discount": [kind, value] if kind else None,
        "price_explanation": line.price_explanation,
        "note": line.note,
        "group_id": line.group_id,
    }


def _line_from_dict(data: dict[str, Any]) -> OrderLine:
    discount = data["discount"]
    return OrderLine(
        id=data["id"],
        article_code=data["article_code"],
        description=data["description"],
        qty=Decimal(data["qty"]),
        unit_price=Decimal(data["unit_price"]),
        vat_rate=Decimal(data["vat_rate"]),
        net_unit_price=Decimal(data["net_unit_price"]),
        line_total=Decimal(data["line_total"]),
        weighed=data["weighed"],
        discount=discount_from(*discount) if discount else None,
        price_explanation=data["price_explanation"],
        note=data["note"],
        group_id=data["group_id"],
    )


def _payment_to_dict(p: Payment) -> dict[str, Any]:
    return {
        "id": p.id,
        "kind": p.kind.value,
        "method": p.method,
        "amount": str(p.amount),
        "channel": p.channel.value,
        "at": p.at.isoformat(),
        "who": p.who,
        "reference": p.reference,
    }


def _payment_from_dict(d: dict[str, Any]) -> Payment:
    return Payment(
        id=d["id"],
        kind=PaymentKind(d["kind"]),
        method=d["method"],
        amount=Decimal(d["amount"]),
        channel=Channel(d["channel"]),
        at=datetime.fromisoformat(d["at"]),
        who=d["who"],
        reference=d["reference"],
    )


def _attachment_to_dict(a: Attachment) -> dict[str, Any]:
    return {
        "id": a.id,
        "file_name": a.file_name,
        "size": a.size,
        "sha256": a.sha256,
        "stored_path": a.stored_path,
        "added_at": a.added_at.isoformat(),
        "added_by": a.added_by,
    }


def _attachment_from_dict(d: dict[str, Any]) -> Attachment:
    return Attachment(
        id=d["id"],
        file_name=d["file_name"],
        size=d["size"],
        sha256=d["sha256"],
        stored_path=d["stored_path"],
        added_at=datetime.fromisoformat(d["added_at"]),
        added_by=d["added_by"],
    )


def _entry_to_dict(e: LogEntry) -> dict[str, Any]:
    return {
        "at": e.at.isoformat(),
        "who": e.who,
        "action": e.action.value,
        "message": e.message,
        "params": dict(e.params),
        "translate": list(e.translate),
    }


def _entry_from_dict(d: dict[str, Any]) -> LogEntry:
    return LogEntry(
        at=datetime.fromisoformat(d["at"]),
        who=d["who"],
        action=LogAction(d["action"]),
        message=d["message"],
        params=dict(d["params"]),
        translate=tuple(d["translate"]),
    )


def refund_owed_to_list(owed: tuple[MethodAmount, ...]) -> list[list[str]]:
    return [[item.method, str(item.amount)] for item in owed]


def refund_owed_from_list(data: list[list[str]]) -> tuple[MethodAmount, ...]:
    return tuple(MethodAmount(method, Decimal(amount)) for method, amount in data)


def order_to_dict(order: Order) -> dict[str, Any]:
    """Everything the order holds, including `stored_version`."""
    return {
        "format": FORMAT,
        "id": order.id,
        "type": order.type.value,
        "header": header_to_dict(order.header),
        "status": order.status,
        "status_kind": order.status_kind.value,
        "created_at": order.created_at.isoformat(),
        "created_by": order.created_by,
        "updated_at": order.updated_at.isoformat(),
        "number": order.number,
        "lines": [_line_to_dict(line) for line in order.lines],
        "groups": [[g.id, g.heading] for g in order.groups],
        "payments": [_payment_to_dict(p) for p in order.payments],
        "refund_owed": refund_owed_to_list(order.refund_owed),
        "reminder_date": _iso(order.reminder_date),
        "reminder_note": order.reminder_note,
        "attachments": [_attachment_to_dict(a) for a in order.attachments],
        "source_quote_id": order.source_quote_id,
        "converted_to_id": order.converted_to_id,
        "log": [_entry_to_dict(e) for e in order.log],
        "version": order.version,
        "stored_version": order.stored_version,
    }


def order_from_dict(data: dict[str, Any]) -> Order:
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown order format {data.get('format')!r}")
    return Order(
        id=data["id"],
        type=OrderType(data["type"]),
        header=header_from_dict(data["header"]),
        status=data["status"],
        status_kind=StatusKind(data["status_kind"]),
        created_at=datetime.fromisoformat(data["created_at"]),
        created_by=data["created_by"],
        updated_at=datetime.fromisoformat(data["updated_at"]),
        number=data["number"],
        lines=[_line_from_dict(d) for d in data["lines"]],
        groups=[LineGroup(g[0], g[1]) for g in data["groups"]],
        payments=[_payment_from_dict(d) for d in data["payments"]],
        refund_owed=refund_owed_from_list(data["refund_owed"]),
        reminder_date=_date(data["reminder_date"]),
        reminder_note=data["reminder_note"],
        attachments=[_attachment_from_dict(d) for d in data["attachments"]],
        source_quote_id=data["source_quote_id"],
        converted_to_id=data["converted_to_id"],
        log=[_entry_from_dict(d) for d in data["log"]],
        version=data["version"],
        stored_version=data["stored_version"],
    )


def order_to_json(order: Order) -> str:
    return dumps(order_to_dict(order))


def order_from_json(text: str) -> Order:
    return order_from_dict(json.loads(text))
