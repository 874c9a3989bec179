"""Back office: the discount registers (PRC sources 2, 4, 5, 6): list, add, change, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static, Tab, Tabs

from tui_pos.core.discount_rules import (
    ArticleCategoryDiscount,
    ArticleCustomerDiscount,
    CategoryGroupDiscount,
    Rule,
    Source,
)
from tui_pos.core.errors import PosError
from tui_pos.core.explanation import format_pct
from tui_pos.i18n import _
from tui_pos.screens.confirm import ConfirmScreen
from tui_pos.screens.prompt import PromptScreen
from tui_pos.screens.rule_form import RuleFormScreen
from tui_pos.services.discount_registers import (
    FIELDS,
    REGISTER_LABELS,
    REGISTER_NAMES,
    DiscountRegisterService,
)
from tui_pos.widgets.cells import PlainCell

if TYPE_CHECKING:
    from tui_pos.app import PosApp

#: Rules shown at once; the filter (F) finds the others.
PAGE = 200


def open_discount_registers(app: PosApp) -> Screen[None]:
    """Menu opener."""
    return DiscountRegistersScreen(DiscountRegisterService(app.ctx))


class DiscountRegistersScreen(Screen[None]):
    CSS_PATH = "discount_registers.tcss"
    BINDINGS = [
        Binding("a", "add", _("Add"), id="registers.add"),
        Binding("e", "edit", _("Edit"), id="registers.edit"),
        Binding("d,delete", "delete", _("Delete"), id="registers.delete"),
        Binding("f", "filter", _("Filter"), id="registers.filter"),
        Binding("1", "register(0)", show=False, id="registers.first"),
        Binding("2", "register(1)", show=False, id="registers.second"),
        Binding("3", "register(2)", show=False, id="registers.third"),
        Binding("4", "register(3)", show=False, id="registers.fourth"),
        Binding("escape", "back", _("Back"), id="registers.back"),
    ]

    def __init__(self, service: DiscountRegisterService) -> None:
        super().__init__()
        self.service = service
        self.ctx = service.ctx
        self.register: Source = service.registers()[0]
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        yield Label(_("Discount registers"), id="registers-title")
        yield Tabs(
            *(
                Tab(f"{n}:{_(REGISTER_LABELS[source])}", id=REGISTER_NAMES[source])
                for n, source in enumerate(self.service.registers(), 1)
            ),
            id="registers-tabs",
        )
        yield DataTable(cursor_type="row", zebra_stripes=True, id="registers-table")
        yield Static("", id="registers-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tabs).can_focus = False
        self.query_one(DataTable).focus()
        self.reload()

    # -- showing -------------------------------------------------------------------------
    @property
    def table(self) -> DataTable[Any]:
        return self.query_one(DataTable)

    def say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#registers-status", Static)
        status.update(text)
        status.set_class(error, "error")
        if error:
            self.app.bell()

    def cells(self, rule: Rule) -> list[str]:
        if isinstance(rule, ArticleCustomerDiscount):
            key = [rule.article, rule.customer]
        elif isinstance(rule, ArticleCategoryDiscount):
            key = [rule.article, rule.category]
        elif isinstance(rule, CategoryGroupDiscount):
            return [rule.category, rule.group, f"{format_pct(rule.pct)} %"]
        else:
            key = [rule.article, format_pct(rule.min_qty)]
        pct = f"{format_pct(rule.pct)} %" if rule.pct is not None else ""
        price = self.ctx.amount(rule.price) if rule.price is not None else ""
        return [*key, pct, price]

    def reload(self, select: int | None = None) -> None:
        try:
            page = self.service.page(self.register, self.filter_text, PAGE)
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        table = self.table
        table.clear(columns=True)
        for spec in FIELDS[self.register]:
            table.add_column(PlainCell(_(spec.label)), key=spec.name)
        for rule_id, rule in page.rules:
            table.add_row(*map(PlainCell, self.cells(rule)), key=str(rule_id))
        if select is not None:
            for row, (rule_id, _rule) in enumerate(page.rules):
                if rule_id == select:
                    table.move_cursor(row=row)
        shown = _("{shown} of {total} rules").format(shown=len(page.rules), total=page.total)
        if self.filter_text:
            shown += " · " + _("filter “{text}”").format(text=self.filter_text)
        self.say(shown + " · " + _("A add · E/Enter edit · D delete · F filter · 1–4 register"))

    def selected_id(self) -> int | None:
        table = self.table
        if not table.row_count:
            self.say(_("No rule selected."), error=True)
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    # -- actions -------------------------------------------------------------------------
    @on(Tabs.TabActivated, "#registers-tabs")
    def _tab(self, event: Tabs.TabActivated) -> None:
        name = event.tab.id
        source = next(s for s, n in REGISTER_NAMES.items() if n == name)
        if source is not self.register:
            self.register = source
            self.reload()

    def action_register(self, index: int) -> None:
        registers = self.service.registers()
        if 0 <= index < len(registers):
            self.query_one(Tabs).active = REGISTER_NAMES[registers[index]]

    def _form(self, title: str, values: dict[str, str], rule_id: int | None) -> None:
        source = self.register
        saved: list[int] = []

        def save(fields: dict[str, str]) -> None:
            saved.append(self.service.save(source, fields, rule_id))

        def done(ok: bool | None) -> None:
            if ok and saved:
                self.reload(select=saved[-1])
                self.say(_("Rule saved."))
            self.table.focus()

        fields = [(spec.name, _(spec.label)) for spec in FIELDS[source]]
        self.app.push_screen(RuleFormScreen(title, fields, values, save), done)

    def action_add(self) -> None:
        title = _("New rule: {register}").format(register=_(REGISTER_LABELS[self.register]))
        self._form(title, {}, None)

    def action_edit(self) -> None:
        rule_id = self.selected_id()
        if rule_id is None:
            return
        try:
            values = self.service.values(self.register, rule_id)
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        title = _("Change rule: {register}").format(register=_(REGISTER_LABELS[self.register]))
        self._form(title, values, rule_id)

    @on(DataTable.RowSelected, "#registers-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_delete(self) -> None:
        rule_id = self.selected_id()
        if rule_id is None:
            return
        source = self.register
        row = self.table.get_row_at(self.table.cursor_row)

        def done(yes: bool | None) -> None:
            if yes:
                try:
                    self.service.delete(source, rule_id)
                except PosError as exc:
                    self.say(exc.message, error=True)
                    return
                self.reload()
                self.say(_("Rule deleted."))

        question = _("Delete the rule {rule}?").format(rule=" · ".join(str(c) for c in row if c))
        self.app.push_screen(ConfirmScreen(question), done)

    def action_filter(self) -> None:
        def done(text: str | None) -> None:
            if text is not None:
                self.filter_text = text.strip()
                self.reload()
            self.table.focus()

        self.app.push_screen(
            PromptScreen(
                _("Filter"),
                _("Code starts with (article, customer, category or group); empty = all"),
                self.filter_text,
            ),
            done,
        )

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
