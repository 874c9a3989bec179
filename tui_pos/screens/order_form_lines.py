"""The order form's lines (ORD-2, ORD-3): add by code, scan, search or variant matrix; edit,
remove, group. Keys act on the highlighted line while the lines table has focus."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.binding import Binding
from textual.widgets import DataTable, Input, TabbedContent

from tui_pos.core.catalog import ArticleInfo
from tui_pos.core.errors import PosError
from tui_pos.core.order_editing import qty_text
from tui_pos.core.order_lines import OrderLine
from tui_pos.core.variant_grid import variant_grid
from tui_pos.i18n import _
from tui_pos.screens.choice import ChoiceScreen
from tui_pos.screens.confirm import ConfirmScreen
from tui_pos.screens.order_form_base import OrderFormBase
from tui_pos.screens.picklist import PickListScreen
from tui_pos.screens.prompt import PromptScreen
from tui_pos.screens.variant_matrix import Quantities, VariantMatrixScreen
from tui_pos.services import order_input
from tui_pos.widgets.order_lines_table import GROUP, LINE, SUBTOTAL

#: Keys that work while the lines table has focus (listed in the tab's hint line).
LINE_KEYS = {
    "quantity",
    "price",
    "discount",
    "line_text",
    "remove",
    "assign_group",
    "add_heading",
    "rename_heading",
}


class OrderLinesMixin(OrderFormBase):
    BINDINGS = [
        Binding("f2", "search", _("Search"), id="order.search"),
        Binding("q", "quantity", _("Qty"), show=False, id="order.line_quantity"),
        Binding("p", "price", _("Price"), show=False, id="order.line_price"),
        Binding("d", "discount", _("Discount"), show=False, id="order.line_discount"),
        Binding("t", "line_text", _("Text"), show=False, id="order.line_text"),
        Binding("delete", "remove", _("Remove"), show=False, id="order.line_remove"),
        Binding("g", "assign_group", _("Group"), show=False, id="order.line_group"),
        Binding("h", "add_heading", _("Heading"), show=False, id="order.add_heading"),
        Binding("r", "rename_heading", _("Rename"), show=False, id="order.rename_heading"),
        Binding("up", "cursor(-1)", show=False, id="order.line_up"),
        Binding("down", "cursor(1)", show=False, id="order.line_down"),
    ]

    def lines_have_focus(self) -> bool:
        return self.lines_table.has_focus

    def entry_has_focus(self) -> bool:
        return self.query_one("#of-entry", Input).has_focus

    # -- adding ----------------------------------------------------------------------------
    @on(Input.Submitted, "#of-entry")
    def _entry_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.input.value = ""
        self.add_code(event.value)

    def handle_scan(self, code: str) -> None:
        """A scan (wedge or scanner) while the form is the active screen adds to the order."""
        self.query_one(TabbedContent).active = "tab-lines"  # focus moves to the entry field
        self.add_code(code)

    def add_code(self, text: str) -> None:
        if not text.strip():
            return
        if not self.flush():
            return
        group_id = self.lines_table.selected_group_id
        try:
            outcome = order_input.enter_code(self.service, self.order, text, group_id=group_id)
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        if outcome.needs_variant is not None:
            self.open_matrix(outcome.needs_variant)
            return
        self.lines_added(list(outcome.lines))

    def lines_added(self, lines: list[OrderLine]) -> None:
        self.refresh_order(select=(LINE, lines[-1].id) if lines else None)
        if len(lines) == 1:
            line = lines[0]
            self.say(
                _("Added {qty} × {name}.").format(qty=qty_text(line.qty), name=line.description)
            )
        elif lines:
            self.say(_("Added {n} lines.").format(n=len(lines)))

    def open_matrix(self, parent: ArticleInfo, then: Callable[[], None] | None = None) -> None:
        """The colour × size matrix of a variant article; all cells are added at once."""
        grid = variant_grid(self.service.variants(parent.code))
        group_id = self.lines_table.selected_group_id
        added: list[OrderLine] = []

        def add(quantities: Quantities) -> None:
            added[:] = order_input.add_quantities(
                self.service, self.order, quantities, group_id=group_id
            )

        def done(count: int | None) -> None:
            if count:
                self.lines_added(added)
            if then is not None:
                then()

        title = _("{name} ({price}): quantity per colour and size").format(
            name=parent.name, price=self.ctx.money(parent.list_price)
        )
        self.app.push_screen(VariantMatrixScreen(title, grid, add), done)

    def action_search(self, initial: str = "") -> None:
        """Add many: find, pick, type the quantity, and the search opens again with the same
        text (Esc stops)."""
        if not self.flush():
            return
        typed = [initial]

        def search(text: str) -> list[tuple[str, list[str]]]:
            typed[0] = text
            return [
                (a.code, [a.code, a.display_name, self.ctx.amount(a.list_price)])
                for a in self.service.search_articles(text)
            ]

        def picked(code: str | None) -> None:
            if code:
                self.ask_quantity(code, again=lambda: self.action_search(typed[0]))

        self.app.push_screen(
            PickListScreen(
                _("Add articles: pick one, type its quantity; Esc when done"),
                [_("Code"), _("Name"), _("Price")],
                search=search,
                initial=initial,
            ),
            picked,
        )

    def ask_quantity(self, code: str, *, again: Callable[[], None]) -> None:
        try:
            article = self.service.find_article(code)
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        if article.is_variant_parent:
            self.open_matrix(article, then=again)
            return
        group_id = self.lines_table.selected_group_id
        added: list[OrderLine] = []

        def add(value: str) -> None:
            added.append(self.service.add_article(self.order, article, value, group_id=group_id))

        def done(value: str | None) -> None:
            if value is not None:
                self.lines_added(added)
                again()

        hint = _("Weight in kg (e.g. 0,356)") if article.weighed else _("Quantity")
        self.app.push_screen(
            PromptScreen(article.display_name, hint, "" if article.weighed else "1", validate=add),
            done,
        )

    # -- the highlighted line ----------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        table = self.lines_table
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    @on(DataTable.RowSelected, "#of-lines")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_line_menu()

    @on(DataTable.RowHighlighted, "#of-lines")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_entry_group()

    def selected_line(self) -> OrderLine | None:
        line_id = self.lines_table.selected_line_id
        if line_id is None:
            self.say(_("Highlight an order line first (↑↓)."), error=True)
            return None
        return self.order.line(line_id)

    def edit_line(
        self,
        title: str,
        hint: str,
        current: str,
        apply: Callable[[str], object],
    ) -> None:
        line = self.selected_line()
        if line is None:
            return

        def done(value: str | None) -> None:
            if value is not None:
                self.refresh_order(select=(LINE, line.id))
                self.say(_("Line changed."))

        label = f"{line.description}\n{hint}" if hint else line.description
        self.app.push_screen(PromptScreen(title, label, current, validate=apply), done)

    def _line_call(self, change: Callable[..., object]) -> Callable[[str], object]:
        line_id = self.lines_table.selected_line_id or ""
        return lambda value: change(self.service, self.order, line_id, value)

    def action_quantity(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.edit_line(
                _("Quantity"), "", qty_text(line.qty), self._line_call(order_input.set_quantity)
            )

    def action_price(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.edit_line(
                _("Unit price"),
                _("List price per unit, before discount"),
                str(line.unit_price),
                self._line_call(order_input.set_unit_price),
            )

    def action_discount(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.edit_line(
                _("Discount"),
                _("10 = 10 %, 1,50- = 1,50 off each, =9,95 net price, empty = none"),
                "",
                self._line_call(order_input.set_discount),
            )

    def action_line_text(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.edit_line(
                _("Text on the line"), "", line.note, self._line_call(order_input.set_note)
            )

    def remove_selected_line(self) -> None:
        selected = self.lines_table.selected
        if selected is not None and selected[0] in (GROUP, SUBTOTAL):
            self.remove_heading(selected[1])
            return
        line = self.selected_line()
        if line is not None and self.run(self.service.remove_line, self.order, line.id):
            self.say(_("Removed {name}.").format(name=line.description))

    def action_line_menu(self) -> None:
        """Enter on a line: choose what to change; on a heading: rename it."""
        selected = self.lines_table.selected
        if selected is None:
            return
        if selected[0] != LINE:
            self.action_rename_heading()
            return
        actions = {
            "q": self.action_quantity,
            "p": self.action_price,
            "d": self.action_discount,
            "t": self.action_line_text,
            "g": self.action_assign_group,
            "x": self.remove_selected_line,
        }

        def chosen(key: str | None) -> None:
            if key in actions:
                actions[key]()

        line = self.order.line(selected[1])
        self.app.push_screen(
            ChoiceScreen(
                line.description,
                "",
                [
                    ("q", _("Quantity")),
                    ("p", _("Unit price")),
                    ("d", _("Discount")),
                    ("t", _("Text on the line")),
                    ("g", _("Put under a group heading")),
                    ("x", _("Remove the line")),
                ],
            ),
            chosen,
        )

    # -- group headings ------------------------------------------------------------------
    def action_add_heading(self) -> None:
        def done(value: str | None) -> None:
            if value is not None:
                self.say(_("Group “{heading}” added; G puts lines under it.").format(heading=value))

        def add(value: str) -> None:
            group = self.service.add_group(self.order, value)
            self.refresh_order(select=(GROUP, group.id))

        self.app.push_screen(
            PromptScreen(_("New group heading"), _("e.g. Kitchen, Week 1, Options"), validate=add),
            done,
        )

    def action_rename_heading(self) -> None:
        group_id = self.lines_table.selected_group_id
        selected = self.lines_table.selected
        if group_id is None or selected is None or selected[0] == LINE:
            self.say(_("Highlight a group heading first."), error=True)
            return
        current = self.order.group(group_id).heading

        def rename(value: str) -> None:
            self.service.rename_group(self.order, group_id, value)

        def done(value: str | None) -> None:
            self.refresh_order()

        self.app.push_screen(
            PromptScreen(_("Rename group"), current, current, validate=rename), done
        )

    def remove_heading(self, group_id: str) -> None:
        heading = self.order.group(group_id).heading

        def done(yes: bool | None) -> None:
            if yes:
                self.run(self.service.remove_group, self.order, group_id, done=_("Group removed."))

        self.app.push_screen(
            ConfirmScreen(
                _("Remove the heading “{heading}”? Its lines stay on the order.").format(
                    heading=heading
                )
            ),
            done,
        )

    def action_assign_group(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        rows = [("", [_("(no group)")])] + [(g.id, [g.heading]) for g in self.order.groups]
        if len(rows) == 1:
            self.say(_("There are no group headings yet: H adds one."), error=True)
            return

        def chosen(key: str | None) -> None:
            if key is not None:
                self.run(
                    order_input.set_group,
                    self.service,
                    self.order,
                    line.id,
                    key or None,
                    done=_("Line moved."),
                )
                self.lines_table.show(self.order, select=(LINE, line.id))

        self.app.push_screen(
            PickListScreen(
                _("Put “{name}” under").format(name=line.description), [_("Group")], rows=rows
            ),
            chosen,
        )
