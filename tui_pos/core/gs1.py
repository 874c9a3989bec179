"""GS1 element strings (GS1-128, GS1 DataMatrix/QR): parsing "(01)...(17)..." and FNC1 forms."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import InvalidOperation
from typing import TYPE_CHECKING, Any

from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _

if TYPE_CHECKING:
    from stdnum.exceptions import ValidationError

#: ASCII group separator: how scanners transmit FNC1 between GS1 element strings.
GROUP_SEPARATOR = "\x1d"
_PARENTHESIZED_AI = re.compile(r"\((\d{2,4})\)([^()]*)")
#: Fixed lengths of the AIs the till reads; python-stdnum silently accepts a truncated value.
_FIXED_LENGTHS = {"01": 14, "17": 6, "3100": 6}


def gs1_element_string(text: str) -> str:
    """Turn "(01)...(10)..." or an FNC1/GS-separated string into a GS-separated element string."""
    text = text.strip()
    if not text.startswith("("):
        return text.lstrip(GROUP_SEPARATOR)
    pairs = _PARENTHESIZED_AI.findall(text)
    if "".join(f"({ai}){value}" for ai, value in pairs) != text:
        raise InvalidInput(_("GS1 code {code}: unbalanced parentheses.").format(code=text))
    for ai, value in pairs:
        _check_fixed_length(ai, value, text)
    return GROUP_SEPARATOR.join(ai + value for ai, value in pairs)


def _check_fixed_length(ai: str, value: str, shown: str) -> None:
    wanted = _FIXED_LENGTHS.get("3100" if ai.startswith("310") else ai)
    if wanted is not None and (len(value) != wanted or not value.isdigit()):
        raise InvalidInput(
            _("GS1 code {code}: the value of ({ai}) should have {n} digits.").format(
                code=shown, ai=ai, n=wanted
            )
        )


def parse_gs1(text: str) -> dict[str, Any]:
    """Decode a GS1 element string into {AI: value} (python-stdnum types: str, Decimal, date)."""
    from stdnum import gs1_128  # loaded by the first GS1 code, not with the till
    from stdnum.exceptions import ValidationError

    elements = gs1_element_string(text)
    shown = text.strip().replace(GROUP_SEPARATOR, "<GS>")
    try:
        data = gs1_128.info(elements, separator=GROUP_SEPARATOR)
    except ValidationError as exc:
        raise InvalidInput(
            _("GS1 code {code}: {problem}").format(code=shown, problem=_gs1_problem(exc))
        ) from None
    except (ValueError, InvalidOperation, IndexError):
        raise InvalidInput(
            _("GS1 code {code}: a date or number in it is not valid.").format(code=shown)
        ) from None
    _check_last_value_complete(data, elements.rstrip(GROUP_SEPARATOR), shown)
    return data


def _check_last_value_complete(data: Mapping[str, Any], elements: str, shown: str) -> None:
    """Reject a truncated fixed-length value, which python-stdnum accepts silently.

    Only the last element can be short: a fixed-length value is cut at its length, so an early
    end inside the string runs into the next AI or a separator and fails to decode.
    """
    if not data:
        return
    last_ai = list(data)[-1]
    wanted = _FIXED_LENGTHS.get("3100" if last_ai.startswith("310") else last_ai)
    if wanted is not None and not re.search(rf"{last_ai}\d{{{wanted}}}$", elements):
        raise InvalidInput(
            _("GS1 code {code}: the value of ({ai}) should have {n} digits.").format(
                code=shown, ai=last_ai, n=wanted
            )
        )


def _gs1_problem(exc: ValidationError) -> str:
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength

    if isinstance(exc, InvalidChecksum):
        return _("the GTIN check digit is wrong.")
    if isinstance(exc, InvalidComponent):
        return _("it contains an unknown application identifier.")
    if isinstance(exc, InvalidLength):
        return _("a value has the wrong length.")
    return _("it is not a valid GS1 element string.")
