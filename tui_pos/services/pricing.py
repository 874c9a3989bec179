"""Prices carts and order lines with the discount engine and the registers in the database.

Till: `make_pricer(ctx)` gives the Cart's pricer (one per sale). Sales orders:

    pricer = RegisterPricer(ctx)               # one per order being edited (it caches)
    ctx_order = OrderContext(..., pricer=pricer.line_pricer())   # a core LinePricer
    results = pricer.for_customer("C100").price(requests)        # many lines in one go
    results = price_lines_for(ctx, "C100", requests)             # the same, one call

Rules are loaded per customer for the articles asked for, a few indexed queries at a time,
and kept: asking again for the same customer and articles costs no query; a new article
loads only its own rules; another customer (or category) starts over. Saving or importing
rules in this process (`registers_changed()`) makes every pricer load afresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from tui_pos.core import discount_rules as dr
from tui_pos.core.cart import Pricer
from tui_pos.core.cart_pricing import engine_pricer
from tui_pos.core.money import HUNDRED
from tui_pos.core.order_lines import DiscountKind, PriceRequest, PriceResult
from tui_pos.core.order_lines import ManualDiscount as OrderDiscount
from tui_pos.core.pricing import PricingSettings, price_line

if TYPE_CHECKING:
    from tui_pos.core.order_lines import LinePricer
    from tui_pos.services.context import TillContext

_generation = 0


def registers_changed() -> None:
    """Call after discount rules were saved, deleted or imported: pricers load them again."""
    global _generation
    _generation += 1


def pricing_settings(ctx: TillContext) -> PricingSettings:
    pricing = ctx.settings.pricing
    return PricingSettings(
        highest_discount_wins=pricing.highest_discount_wins,
        volume_discount_on_top=pricing.volume_discount_on_top,
        prices_include_vat=pricing.prices_include_vat,
    )


def make_pricer(ctx: TillContext) -> Pricer:
    """The till's Cart pricer: customer card, discount registers and manual line discounts."""
    return RegisterPricer(ctx).cart_pricer()


@dataclass
class _Loaded:
    """Rules loaded for one customer (and category) so far, and for which articles/groups."""

    customer: str | None
    category: str | None
    articles: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    rules: list[dr.Rule] = field(default_factory=list)
    index: dr.DiscountRules = field(default_factory=dr.DiscountRules)


class RegisterPricer:
    """The discount engine over the database's registers, with the rules cached per customer."""

    def __init__(self, ctx: TillContext, settings: PricingSettings | None = None) -> None:
        self.ctx = ctx
        self.settings = settings or pricing_settings(ctx)
        self._loaded: _Loaded | None = None
        self._customers: dict[str, dr.CustomerTerms | None] = {}
        self._groups: dict[str, str | None] = {}
        self._generation = _generation
        self.loads = 0  # how many times rules were loaded (tests check the cache works)

    def invalidate(self) -> None:
        """Forget everything loaded (rules, customers, article groups)."""
        self._loaded = None
        self._customers.clear()
        self._groups.clear()
        self._generation = _generation

    def _check_fresh(self) -> None:
        """Start over when rules were saved or imported since they were loaded."""
        if self._generation != _generation:
            self.invalidate()

    def rules_for(self, selection: dr.RuleSelection) -> dr.DiscountRules:
        """The rules `selection` needs, loading only what was not loaded before."""
        self._check_fresh()
        loaded = self._loaded
        if (
            loaded is None
            or loaded.customer != selection.customer
            or loaded.category != selection.category
        ):
            loaded = self._loaded = _Loaded(selection.customer, selection.category)
        new_articles = selection.articles - loaded.articles
        new_groups = selection.groups - loaded.groups if selection.category else set()
        if new_articles or new_groups:
            delta = dr.RuleSelection(
                frozenset(new_articles),
                frozenset(new_groups),
                selection.customer,
                selection.category,
            )
            with self.ctx.uow() as uow:
                found = uow.discounts.load_rules(delta)
            self.loads += 1
            loaded.articles |= new_articles
            loaded.groups |= new_groups
            if found:
                loaded.rules.extend(found)
                loaded.index = dr.DiscountRules(loaded.rules)
        return loaded.index

    # -- the till ----------------------------------------------------------------------
    def cart_pricer(self) -> Pricer:
        """A pricer for `core.cart.Cart` (the till)."""
        return engine_pricer(self.settings, rules_for=self.rules_for)

    # -- sales orders ------------------------------------------------------------------
    def customer_terms(self, code: str | None) -> dr.CustomerTerms | None:
        """The customer card's discount terms (None: no such customer, or no customer)."""
        if not code:
            return None
        self._check_fresh()
        if code not in self._customers:
            with self.ctx.uow() as uow:
                info = uow.catalog.customer(code)
            self._customers[code] = (
                dr.CustomerTerms(info.code, info.category, info.discount_pct) if info else None
            )
        return self._customers[code]

    def article_groups(self, codes: Iterable[str]) -> dict[str, str | None]:
        """Article code → group (None: not in the catalog), cached."""
        self._check_fresh()
        missing = {code for code in codes if code not in self._groups}
        if missing:
            with self.ctx.uow() as uow:
                found = uow.discounts.article_groups(missing)
            for code in missing:
                self._groups[code] = found.get(code)
        return self._groups

    def for_customer(self, code: str | None) -> CustomerPricer:
        """Prices order lines for one customer (None: no customer, so no customer discounts)."""
        return CustomerPricer(self, self.customer_terms(code))

    def line_pricer(self) -> LinePricer:
        """A core `LinePricer` for `OrderContext(pricer=...)`: one request at a time, the
        customer taken from the request."""

        def price(request: PriceRequest) -> PriceResult:
            return self.for_customer(request.customer_code).price([request])[0]

        return price


@dataclass
class CustomerPricer:
    """Order lines priced for one customer's terms through a RegisterPricer's cache."""

    pricer: RegisterPricer
    terms: dr.CustomerTerms | None

    def __call__(self, request: PriceRequest) -> PriceResult:
        return self.price([request])[0]

    def price(self, requests: Sequence[PriceRequest]) -> list[PriceResult]:
        """Price order lines (PRC-1 … PRC-8); every request's customer is this one.

        A request's `unit_price` is the list price in the order's VAT basis; fixed prices in
        the registers are in the shop's basis and are converted when the two differ. A free
        line (no article code) gets the customer's standard discount and its manual discount.
        """
        pricer = self.pricer
        groups = pricer.article_groups(r.article_code for r in requests if r.article_code)
        articles = [
            dr.ArticlePrice(
                r.article_code or "",
                r.unit_price,
                groups.get(r.article_code) if r.article_code else None,
                r.vat_rate,
            )
            for r in requests
        ]
        rules = pricer.rules_for(dr.rule_selection((a for a in articles if a.code), self.terms))
        shop_basis = pricer.settings.prices_include_vat
        results = []
        for request, article in zip(requests, articles, strict=True):
            index = rules
            if request.article_code is None:
                index = _NO_RULES
            elif request.prices_include_vat != shop_basis:
                index = _in_basis(rules, article, self.terms, request.prices_include_vat)
            priced = price_line(
                article,
                request.qty,
                self.terms,
                index,
                pricer.settings,
                _manual(request.discount),
            )
            results.append(
                PriceResult(priced.net_unit_price, priced.line_total, priced.explanation.summary())
            )
        return results


_NO_RULES = dr.DiscountRules()


def _manual(discount: OrderDiscount | None) -> dr.ManualDiscount | None:
    if discount is None:
        return None
    if discount.kind is DiscountKind.PERCENTAGE:
        return dr.ManualDiscount(pct=discount.value)
    if discount.kind is DiscountKind.AMOUNT_OFF:
        return dr.ManualDiscount(amount=discount.value)
    return dr.ManualDiscount(price=discount.value)


def _in_basis(
    rules: dr.DiscountRules,
    article: dr.ArticlePrice,
    terms: dr.CustomerTerms | None,
    include_vat: bool,
) -> dr.DiscountRules:
    """The rules for one article with their fixed prices converted to the other VAT basis
    (unrounded: the net unit price rounds once, PRC-8)."""
    factor = (HUNDRED + article.vat_rate) / HUNDRED
    if not include_vat:
        factor = 1 / factor
    found: list[dr.Rule] = list(rules.volume_breaks(article.code))
    if terms is not None:
        ac = rules.article_customer(article.code, terms.code)
        if ac is not None:
            found.append(ac)
        if terms.category is not None:
            acat = rules.article_category(article.code, terms.category)
            if acat is not None:
                found.append(acat)
            if article.group is not None:
                cg = rules.category_group(terms.category, article.group)
                if cg is not None:
                    found.append(cg)
    return dr.DiscountRules(_converted(rule, factor) for rule in found)


def _converted(rule: dr.Rule, factor: Decimal) -> dr.Rule:
    if isinstance(rule, dr.CategoryGroupDiscount) or rule.price is None:
        return rule
    return replace(rule, price=rule.price * factor)


def price_lines_for(
    ctx: TillContext, customer_code: str | None, requests: Sequence[PriceRequest]
) -> list[PriceResult]:
    """Price order lines for a customer with the registers in the database (one-off)."""
    return RegisterPricer(ctx).for_customer(customer_code).price(requests)
