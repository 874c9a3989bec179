"""A printer-neutral document (receipt, copy, order slip); its JSON for the spool; COPY marks."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from tui_pos.i18n import _

Align = Literal["left", "center", "right"]
_T = TypeVar("_T")

#: `PrintDocument.kind` of a reprint.
COPY_KIND = "copy"


@dataclass(frozen=True)
class Text:
    """One line of text; `width` columns are the printer's (42 on 80 mm paper in font A)."""

    text: str
    align: Align = "left"
    bold: bool = False
    double: bool = False


@dataclass(frozen=True)
class Rule:
    """A horizontal rule across the paper."""

    char: str = "-"


@dataclass(frozen=True)
class QrCode:
    """A QR code holding `data` (e.g. a receipt or order id)."""

    data: str
    size: int = 6


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    pass


@dataclass(frozen=True)
class OpenDrawer:
    """Kick the cash drawer (pin 2 by default)."""

    pin: int = 2


Block = Text | Rule | QrCode | Feed | Cut | OpenDrawer


@dataclass
class PrintDocument:
    """What to print, in order; `kind` is receipt, copy, order_slip, ... and `ref` its id."""

    kind: str
    ref: str
    width: int = 42
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> PrintDocument:
        self.blocks.extend(blocks)
        return self

    def columns(self, left: str, right: str, *, bold: bool = False) -> PrintDocument:
        """A line with `left` text and `right` text flush to the right edge."""
        space = self.width - len(right) - 1
        left = left if len(left) <= space else left[: max(space - 1, 0)] + "…"
        self.blocks.append(Text(left.ljust(space) + " " + right, bold=bold))
        return self

    def plain_text(self) -> str:
        """The document as plain text (what a file printer or a test reads)."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Text):
                if block.align == "center":
                    out.append(block.text.center(self.width).rstrip())
                elif block.align == "right":
                    out.append(block.text.rjust(self.width))
                else:
                    out.append(block.text)
            elif isinstance(block, Rule):
                out.append(block.char * self.width)
            elif isinstance(block, QrCode):
                out.append(f"[QR {block.data}]")
            elif isinstance(block, Feed):
                out.extend([""] * block.lines)
        return "\n".join(out) + "\n"


# --- Serialisation (the print spool stores documents as JSON text) ---------------------------

#: Version of the JSON layout; bump it (and keep reading the old one) when blocks change.
PAYLOAD_VERSION = 1
_BLOCK_NAMES: dict[type, str] = {
    Text: "text",
    Rule: "rule",
    QrCode: "qr",
    Feed: "feed",
    Cut: "cut",
    OpenDrawer: "drawer",
}


class PrintPayloadError(ValueError):
    """A stored print job whose JSON is not a print document this version can read."""


def serialize(doc: PrintDocument) -> str:
    """The document as compact JSON text (for the print spool)."""
    return json.dumps(
        {
            "v": PAYLOAD_VERSION,
            "kind": doc.kind,
            "ref": doc.ref,
            "width": doc.width,
            "blocks": [_block_to_json(block) for block in doc.blocks],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def deserialize(payload: str) -> PrintDocument:
    """The document stored by `serialize`; raises PrintPayloadError for anything else."""
    try:
        data = json.loads(payload)
    except ValueError as exc:
        raise PrintPayloadError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise PrintPayloadError("not a JSON object")
    # Jobs written before the layout had a version number are version 1.
    if data.get("v", PAYLOAD_VERSION) != PAYLOAD_VERSION:
        raise PrintPayloadError(f"unknown payload version {data.get('v')!r}")
    blocks = data.get("blocks")
    if not isinstance(blocks, list):
        raise PrintPayloadError("no block list")
    return PrintDocument(
        kind=_field(data, "kind", str),
        ref=_field(data, "ref", str),
        width=_field(data, "width", int),
        blocks=[_block_from_json(item) for item in blocks],
    )


def _block_to_json(block: Block) -> dict[str, object]:
    # Blocks hold only flat str/int/bool fields, so vars() is asdict() without the deep copy.
    return {"type": _BLOCK_NAMES[type(block)], **vars(block)}


def _block_from_json(item: object) -> Block:
    if not isinstance(item, dict):
        raise PrintPayloadError(f"block is not an object: {item!r}")
    tag = item.get("type")
    if tag == "text":
        align = item.get("align", "left")
        if align not in ("left", "center", "right"):
            raise PrintPayloadError(f"unknown alignment {align!r}")
        return Text(
            _field(item, "text", str),
            align=align,
            bold=_field(item, "bold", bool, False),
            double=_field(item, "double", bool, False),
        )
    if tag == "rule":
        return Rule(_field(item, "char", str, "-"))
    if tag == "qr":
        return QrCode(_field(item, "data", str), size=_field(item, "size", int, 6))
    if tag == "feed":
        return Feed(_field(item, "lines", int, 1))
    if tag == "cut":
        return Cut()
    if tag == "drawer":
        return OpenDrawer(_field(item, "pin", int, 2))
    raise PrintPayloadError(f"unknown block type {tag!r}")


_MISSING = object()


def _field(data: dict[str, object], name: str, kind: type[_T], default: object = _MISSING) -> _T:
    value = data.get(name, default)
    if value is _MISSING:
        raise PrintPayloadError(f"missing field {name!r}")
    # bool is an int subclass: a width of `true` is as wrong as a bold of `1`.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PrintPayloadError(f"field {name!r} is not {kind.__name__}: {value!r}")
    return value


# --- Copies --------------------------------------------------------------------------------


def copy_header() -> Text:
    """The line that marks a reprint (translated)."""
    return Text(_("*** COPY ***"), align="center", bold=True)


def mark_copy(doc: PrintDocument) -> PrintDocument:
    """A reprint of `doc`: kind "copy", a COPY header, and no cash-drawer kick.

    Marking a copy again changes nothing, so a copy of a copy has one header.
    """
    if doc.kind == COPY_KIND:
        return PrintDocument(kind=doc.kind, ref=doc.ref, width=doc.width, blocks=list(doc.blocks))
    blocks: list[Block] = [copy_header()]
    blocks.extend(block for block in doc.blocks if not isinstance(block, OpenDrawer))
    return PrintDocument(kind=COPY_KIND, ref=doc.ref, width=doc.width, blocks=blocks)
