"""A new customer typed at the till (CHK-9): name, e-mail, phone, postcode per country, address."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
_PHONE_CHARS = re.compile(r"\+?[0-9(][0-9 ()-]*")
_POSTCODE_NL = re.compile(r"([1-9][0-9]{3}) ?([A-Z]{2})")
_POSTCODE_NO = re.compile(r"[0-9]{4}")
MIN_PHONE_DIGITS = 6
MAX_PHONE_DIGITS = 15  # E.164

#: Countries whose postcodes are checked, and how the error message shows the format.
POSTCODE_EXAMPLES = {"NL": "1234 AB", "NO": "1234"}


@dataclass(frozen=True)
class CustomerForm:
    """What was typed (raw text); `validate_customer` checks and tidies it."""

    name: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    address: str = ""
    city: str = ""

    @property
    def is_blank(self) -> bool:
        return (
            not any(
                v.strip() for v in (self.name, self.email, self.phone, self.postcode, self.address)
            )
            and not self.city.strip()
        )


@dataclass(frozen=True)
class NewCustomer:
    """A validated new customer, ready to be stored with a code."""

    name: str
    email: str = ""
    phone: str = ""
    postcode: str = ""
    address: str = ""
    city: str = ""


def country_of_locale(locale: str) -> str:
    """The country part of a locale: nl_NL → NL, nb_NO → NO ('' when it has none)."""
    parts = locale.replace("-", "_").split("_")
    return parts[1].upper() if len(parts) > 1 else ""


def normalize_postcode(text: str, country: str) -> str:
    """The postcode written the country's way (NL `1234 AB`, NO `1234`); others as typed."""
    value = " ".join(text.split()).upper()
    if not value:
        return ""
    if country == "NL":
        match = _POSTCODE_NL.fullmatch(value)
        if match:
            return f"{match[1]} {match[2]}"
    elif country == "NO":
        if _POSTCODE_NO.fullmatch(value):
            return value
    elif len(value) <= 16:
        return value
    example = POSTCODE_EXAMPLES.get(country)
    if example:
        message = _("Postcode “{text}” is not valid: write it like {example}.").format(
            text=text.strip(), example=example
        )
    else:
        message = _("Postcode “{text}” is too long.").format(text=text.strip()[:20])
    raise InvalidInput(message, field="postcode")


def normalize_phone(text: str) -> str:
    """Digits with an optional leading +; spaces, dashes and brackets may separate groups."""
    value = " ".join(text.split())
    if not value:
        return ""
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE_CHARS.fullmatch(value) or not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        raise InvalidInput(
            _(
                "Phone “{text}” is not valid: use {low}–{high} digits, optionally starting "
                "with + (e.g. +31 6 12345678)."
            ).format(text=text.strip(), low=MIN_PHONE_DIGITS, high=MAX_PHONE_DIGITS),
            field="phone",
        )
    return value


def normalize_email(text: str) -> str:
    value = text.strip()
    if value and (len(value) > 200 or not EMAIL.fullmatch(value)):
        raise InvalidInput(
            _("E-mail “{text}” is not valid: write it like name@example.nl.").format(
                text=value[:60]
            ),
            field="email",
        )
    return value


def _text(value: str, limit: int, field: str, label: str) -> str:
    value = " ".join(value.split())
    if len(value) > limit:
        raise InvalidInput(
            _("{field} is too long (at most {n} characters).").format(field=label, n=limit),
            field=field,
        )
    return value


def validate_customer(form: CustomerForm, country: str) -> NewCustomer:
    """Check every field (the first problem raises InvalidInput naming its field); a customer
    needs a name and a way to reach them (e-mail or phone)."""
    name = _text(form.name, 120, "name", _("Name"))
    if not name:
        raise InvalidInput(_("The new customer needs a name."), field="name")
    email = normalize_email(form.email)
    phone = normalize_phone(form.phone)
    if not email and not phone:
        raise InvalidInput(
            _("Give an e-mail address or a phone number, so the customer can be reached."),
            field="email",
        )
    return NewCustomer(
        name=name,
        email=email,
        phone=phone,
        postcode=normalize_postcode(form.postcode, country),
        address=_text(form.address, 200, "address", _("Address")),
        city=_text(form.city, 80, "city", _("City")),
    )
