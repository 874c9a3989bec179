"""CSV import of the discount registers: every row validated, errors by line, all or nothing.

One file holds rules of every register; the `register` column says which:
`register,article,customer,category,group,min_qty,pct,price` (see README). A rule whose key is
already stored (e.g. the same article and customer) gets the file's value.
"""

from __future__ import annotations

from pathlib import Path

from tui_pos.core.discount_rules import describe_rule, rule_key
from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _
from tui_pos.services.catalog_import import ImportReport, _fail, _read_rows
from tui_pos.services.discount_registers import (
    CHANGE_CHANNEL,
    REGISTER_BY_NAME,
    PrefetchedCodes,
    parse_rule,
)
from tui_pos.services.pricing import registers_changed
from tui_pos.store.db import Database
from tui_pos.store.uow import SqlUnitOfWork


def import_discounts(db: Database, path: Path) -> ImportReport:
    """Validate every row, then store all rules in one transaction (or none)."""
    rows = _read_rows(path, ("register",))
    errors: list[str] = []
    rules = []
    first_line: dict[object, int] = {}
    with SqlUnitOfWork(db) as uow:
        known = PrefetchedCodes(uow.discounts)
    names = ", ".join(REGISTER_BY_NAME)
    for line_no, row in rows:
        where = _("line {n}").format(n=line_no)
        try:
            name = row.get("register", "").lower()
            source = REGISTER_BY_NAME.get(name)
            if source is None:
                raise InvalidInput(
                    _("register “{name}” is not one of {names}").format(name=name, names=names)
                )
            rule = parse_rule(source, row, known)
            key = rule_key(rule)
            if key in first_line:
                raise InvalidInput(
                    _("same rule as line {line} ({what})").format(
                        line=first_line[key], what=describe_rule(rule)
                    )
                )
            first_line[key] = line_no
            rules.append(rule)
        except InvalidInput as exc:
            errors.append(f"{where}: {exc.message}")
    if errors:
        raise _fail(path, errors)
    report = ImportReport()
    with SqlUnitOfWork(db, write=True) as uow:
        report.created, report.updated = uow.discounts.bulk_upsert(rules)
        uow.notify(CHANGE_CHANNEL)
        uow.commit()
    registers_changed()
    return report
