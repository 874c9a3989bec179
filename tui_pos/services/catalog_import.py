"""CSV import of articles and customers: rows validated, errors by line, all or nothing."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, select

from tui_pos.core.barcodes import validate_gtin
from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.money import parse_amount, parse_percentage
from tui_pos.i18n import _
from tui_pos.store.db import Database
from tui_pos.store.models import Article, ArticleGroup, Barcode, Customer
from tui_pos.store.uow import SqlUnitOfWork

ARTICLE_COLUMNS = ("code", "name", "group", "vat", "price", "unit", "barcodes")
CUSTOMER_COLUMNS = ("code", "name")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CODE = re.compile(r"^[A-Za-z0-9._/-]{1,32}$")
MAX_ERRORS_SHOWN = 20


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def _read_rows(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PosError(
            _("Cannot read {path}: {error}").format(path=path, error=exc.strerror)
        ) from None
    except UnicodeDecodeError:
        raise PosError(_("{path} is not UTF-8 text.").format(path=path)) from None
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise PosError(
            _("{path}: missing column(s): {cols}").format(path=path, cols=", ".join(missing))
        )
    reader.fieldnames = header
    rows = []
    for row in reader:
        clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if any(clean.values()):
            rows.append((reader.line_num, clean))
    return rows


def _fail(path: Path, errors: list[str]) -> PosError:
    shown = errors[:MAX_ERRORS_SHOWN]
    more = len(errors) - len(shown)
    text = "\n".join(f"  {e}" for e in shown)
    if more:
        text += "\n  " + _("… and {n} more").format(n=more)
    return PosError(
        _("{path}: {n} bad row(s), nothing imported:\n{rows}").format(
            path=path, n=len(errors), rows=text
        )
    )


def import_articles(db: Database, path: Path, *, vat_rates: dict[str, Decimal]) -> ImportReport:
    """Columns: code,name,group,vat,price,unit,barcodes[,group_name,parent,colour,size].

    `vat` is a VAT code from the config (high/low/zero) or a rate present there; `barcodes` is
    a space- or |-separated list; variant children name their `parent`.
    """
    rows = _read_rows(path, ARTICLE_COLUMNS)
    errors: list[str] = []
    articles: list[Article] = []
    barcodes: dict[str, str] = {}
    groups: dict[str, str] = {}
    codes_seen: set[str] = set()
    rate_values = set(vat_rates.values())
    for line_no, row in rows:
        where = _("line {n}").format(n=line_no)
        code = row.get("code", "")
        try:
            if not CODE.match(code):
                raise InvalidInput(_("article code “{code}” is empty or invalid").format(code=code))
            if code in codes_seen:
                raise InvalidInput(_("article code {code} appears twice").format(code=code))
            codes_seen.add(code)
            name = row.get("name", "")
            if not name:
                raise InvalidInput(_("name is empty"))
            group = row.get("group", "")
            if not CODE.match(group):
                raise InvalidInput(_("group “{g}” is empty or invalid").format(g=group))
            vat_text = row.get("vat", "")
            if vat_text in vat_rates:
                rate = vat_rates[vat_text]
            else:
                rate = parse_percentage(vat_text, what=_("VAT"))
                if rate not in rate_values:
                    raise InvalidInput(
                        _("VAT “{v}” is not a configured rate or code").format(v=vat_text)
                    )
            unit = row.get("unit") or "piece"
            if unit not in ("piece", "kg"):
                raise InvalidInput(_("unit must be piece or kg, not “{u}”").format(u=unit))
            is_parent = row.get("variant_parent", "").lower() in ("1", "yes", "true")
            price = parse_amount(row.get("price", ""), what=_("price"))
            for raw in re.split(r"[|\s]+", row.get("barcodes", "")):
                if not raw:
                    continue
                gtin = validate_gtin(raw)
                if gtin in barcodes and barcodes[gtin] != code:
                    raise InvalidInput(
                        _("barcode {b} is also on article {other}").format(
                            b=gtin, other=barcodes[gtin]
                        )
                    )
                barcodes[gtin] = code
            groups.setdefault(group, row.get("group_name") or group)
            articles.append(
                Article(
                    code=code,
                    name=name[:120],
                    name_lower=name[:120].lower(),
                    group_code=group,
                    vat_rate=rate,
                    list_price=price,
                    unit=unit,
                    parent_code=row.get("parent") or None,
                    colour=row.get("colour") or None,
                    size=row.get("size") or None,
                    is_variant_parent=is_parent,
                )
            )
        except InvalidInput as exc:
            errors.append(f"{where}: {exc.message}")
    for article in articles:
        if article.parent_code and article.parent_code not in codes_seen:
            errors.append(
                _("article {code}: parent {parent} is not in the file").format(
                    code=article.code, parent=article.parent_code
                )
            )
    if errors:
        raise _fail(path, errors)
    report = ImportReport()
    with SqlUnitOfWork(db, write=True) as uow:
        session = uow.session
        _upsert_groups(session, groups)
        existing = {a.code: a for a in session.exec(select(Article))}
        for article in articles:
            old = existing.get(article.code)
            if old is None:
                session.add(article)
                report.created += 1
            else:
                for key in (
                    "name",
                    "name_lower",
                    "group_code",
                    "vat_rate",
                    "list_price",
                    "unit",
                    "parent_code",
                    "colour",
                    "size",
                    "is_variant_parent",
                ):
                    setattr(old, key, getattr(article, key))
                session.add(old)
                report.updated += 1
        session.flush()
        known = {b.code: b for b in session.exec(select(Barcode))}
        for gtin, code in barcodes.items():
            if gtin in known:
                known[gtin].article_code = code
                session.add(known[gtin])
            else:
                session.add(Barcode(code=gtin, article_code=code))
        uow.commit()
    return report


def _upsert_groups(session: Session, groups: dict[str, str]) -> None:
    existing = {g.code for g in session.exec(select(ArticleGroup))}
    for code, name in groups.items():
        if code not in existing:
            session.add(ArticleGroup(code=code, name=name))
    session.flush()


def import_customers(db: Database, path: Path) -> ImportReport:
    """Columns: code,name[,address,postcode,city,email,phone,category,discount_pct]."""
    rows = _read_rows(path, CUSTOMER_COLUMNS)
    errors: list[str] = []
    customers: list[Customer] = []
    seen: set[str] = set()
    for line_no, row in rows:
        where = _("line {n}").format(n=line_no)
        try:
            code = row.get("code", "")
            if not CODE.match(code):
                raise InvalidInput(_("customer code “{c}” is empty or invalid").format(c=code))
            if code in seen:
                raise InvalidInput(_("customer code {c} appears twice").format(c=code))
            seen.add(code)
            name = row.get("name", "")
            if not name:
                raise InvalidInput(_("name is empty"))
            email = row.get("email", "")
            if email and not EMAIL.match(email):
                raise InvalidInput(_("e-mail “{e}” is not valid").format(e=email))
            phone = row.get("phone", "")
            if phone and not re.fullmatch(r"\+?[0-9 ()-]{6,20}", phone):
                raise InvalidInput(_("phone “{p}” is not valid").format(p=phone))
            pct = parse_percentage(row.get("discount_pct") or "0", what=_("discount"))
            customers.append(
                Customer(
                    code=code,
                    name=name,
                    name_lower=name.lower(),
                    address=row.get("address", ""),
                    postcode=row.get("postcode", ""),
                    city=row.get("city", ""),
                    email=email,
                    phone=phone,
                    category=row.get("category") or None,
                    discount_pct=pct,
                )
            )
        except InvalidInput as exc:
            errors.append(f"{where}: {exc.message}")
    if errors:
        raise _fail(path, errors)
    report = ImportReport()
    with SqlUnitOfWork(db, write=True) as uow:
        existing = {c.code: c for c in uow.session.exec(select(Customer))}
        for customer in customers:
            old = existing.get(customer.code)
            if old is None:
                uow.session.add(customer)
                report.created += 1
            else:
                for key in (
                    "name",
                    "name_lower",
                    "address",
                    "postcode",
                    "city",
                    "email",
                    "phone",
                    "category",
                    "discount_pct",
                ):
                    setattr(old, key, getattr(customer, key))
                uow.session.add(old)
                report.updated += 1
        uow.commit()
    return report
