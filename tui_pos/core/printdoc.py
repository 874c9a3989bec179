"""A printer-neutral document (receipt, copy, order slip): text, QR codes, cut, drawer kick."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]


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


_BLOCK_TYPES: dict[str, type] = {
    "text": Text,
    "rule": Rule,
    "qr": QrCode,
    "feed": Feed,
    "cut": Cut,
    "drawer": OpenDrawer,
}
_BLOCK_NAMES = {cls: name for name, cls in _BLOCK_TYPES.items()}


def serialize(doc: PrintDocument) -> str:
    """JSON for the print spool."""
    import json
    from dataclasses import asdict

    blocks = [{"type": _BLOCK_NAMES[type(b)], **asdict(b)} for b in doc.blocks]
    return json.dumps(
        {"kind": doc.kind, "ref": doc.ref, "width": doc.width, "blocks": blocks}, ensure_ascii=False
    )


def deserialize(payload: str) -> PrintDocument:
    import json

    data = json.loads(payload)
    blocks: list[Block] = []
    for raw in data["blocks"]:
        kind = raw.pop("type")
        blocks.append(_BLOCK_TYPES[kind](**raw))
    return PrintDocument(kind=data["kind"], ref=data["ref"], width=data["width"], blocks=blocks)
