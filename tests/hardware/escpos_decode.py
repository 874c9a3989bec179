"""A small ESC/POS decoder for tests: turns printer bytes back into lines, QR codes and events.

It understands exactly the commands the renderer is meant to send and raises on anything
else, so an unexpected command in the output fails a test instead of passing unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, DLE, LF = 0x1B, 0x1D, 0x10, 0x0A

#: ESC t n → Python codec, for the code pages the tests use.
CODE_PAGES = {0: "cp437", 2: "cp850", 5: "cp865", 16: "cp1252", 19: "cp858"}


class DecodeError(AssertionError):
    """The bytes contain something the renderer should not send."""


@dataclass(frozen=True)
class Line:
    text: str
    align: str = "left"
    bold: bool = False
    double: bool = False


@dataclass(frozen=True)
class RasterImage:
    width_bytes: int
    height: int
    data: bytes

    def pixel(self, x: int, y: int) -> bool:
        byte = self.data[y * self.width_bytes + x // 8]
        return bool(byte & (0x80 >> (x % 8)))


@dataclass
class Decoded:
    """What the printer would do, in order, plus convenient views."""

    events: list[tuple[str, object]] = field(default_factory=list)
    code_pages: list[int] = field(default_factory=list)
    resets: int = 0

    @property
    def lines(self) -> list[Line]:
        return [value for kind, value in self.events if kind == "line"]  # type: ignore[misc]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    @property
    def qr_codes(self) -> list[str]:
        return [value for kind, value in self.events if kind == "qr"]  # type: ignore[misc]

    @property
    def images(self) -> list[RasterImage]:
        return [value for kind, value in self.events if kind == "image"]  # type: ignore[misc]

    @property
    def cuts(self) -> list[str]:
        return [value for kind, value in self.events if kind == "cut"]  # type: ignore[misc]

    @property
    def drawer_pins(self) -> list[int]:
        return [value for kind, value in self.events if kind == "drawer"]  # type: ignore[misc]


class _Decoder:
    def __init__(self, data: bytes, code_pages: dict[int, str]) -> None:
        self.data = data
        self.code_pages = code_pages
        self.pos = 0
        self.out = Decoded()
        self.buffer: list[str] = []
        self.reset_state()
        self.qr_store: bytes | None = None

    def reset_state(self) -> None:
        self.align, self.bold, self.double = "left", False, False
        self.codec = self.code_pages.get(0, "cp437")

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise DecodeError(f"truncated command at byte {self.pos}")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def end_line(self) -> None:
        self.out.events.append(
            ("line", Line("".join(self.buffer), self.align, self.bold, self.double))
        )
        self.buffer = []

    def run(self) -> Decoded:
        while self.pos < len(self.data):
            b = self.byte()
            if b == LF:
                self.end_line()
            elif b == ESC:
                self.esc()
            elif b == GS:
                self.gs()
            elif b == DLE:
                if self.byte() != 0x04:
                    raise DecodeError("unknown DLE command")
                self.out.events.append(("status_query", self.byte()))
            elif b < 0x20 or b == 0x7F:
                raise DecodeError(f"control byte {b:#04x} at {self.pos - 1}")
            else:
                self.buffer.append(bytes([b]).decode(self.codec))
        if self.buffer:
            raise DecodeError(f"text not ended by a line feed: {''.join(self.buffer)!r}")
        return self.out

    def esc(self) -> None:
        command = chr(self.byte())
        if command == "@":
            self.reset_state()
            self.out.resets += 1
        elif command == "t":
            n = self.byte()
            if n not in self.code_pages:
                raise DecodeError(f"code page {n} not known to the decoder")
            self.codec = self.code_pages[n]
            self.out.code_pages.append(n)
        elif command == "E":
            self.bold = bool(self.byte() & 1)
        elif command == "!":
            mode = self.byte()
            self.bold = bool(mode & 0x08)
            tall, wide = bool(mode & 0x10), bool(mode & 0x20)
            if tall != wide:
                raise DecodeError("only normal or double width+height is expected")
            self.double = tall
        elif command == "a":
            self.align = {0: "left", 1: "center", 2: "right"}[self.byte() % 48]
        elif command == "d":
            if self.buffer:
                self.end_line()
            self.out.events.append(("feed", self.byte()))
        elif command == "p":
            pin = self.byte()
            self.take(2)  # on/off pulse times
            self.out.events.append(("drawer", 2 if pin in (0, 48) else 5))
        else:
            raise DecodeError(f"unknown command ESC {command!r}")

    def gs(self) -> None:
        command = chr(self.byte())
        if command == "V":
            mode = self.byte()
            if mode in (65, 66):
                self.byte()
            self.out.events.append(("cut", "full" if mode in (0, 48, 65) else "partial"))
        elif command == "(":
            if chr(self.byte()) != "k":
                raise DecodeError("only GS ( k (2D codes) is expected")
            length = int.from_bytes(self.take(2), "little")
            body = self.take(length)
            code_type, function = chr(body[0]), chr(body[1])
            if code_type != "1":
                raise DecodeError("only QR codes (cn=49) are expected")
            if function == "P":  # store data: m=48, then the data
                self.qr_store = body[3:]
            elif function == "Q":  # print the stored symbol
                if self.qr_store is None:
                    raise DecodeError("QR print without stored data")
                self.out.events.append(("qr", self.qr_store.decode("utf-8")))
                self.qr_store = None
            elif function not in "ACE":  # model, module size, error correction
                raise DecodeError(f"unknown QR function {function!r}")
        elif command == "v":
            if self.byte() != ord("0"):
                raise DecodeError("only GS v 0 raster images are expected")
            self.byte()  # density mode
            width_bytes = int.from_bytes(self.take(2), "little")
            height = int.from_bytes(self.take(2), "little")
            image = RasterImage(width_bytes, height, self.take(width_bytes * height))
            self.out.events.append(("image", image))
        else:
            raise DecodeError(f"unknown command GS {command!r}")


def decode(data: bytes, code_pages: dict[int, str] | None = None) -> Decoded:
    """Decode printer bytes; raises DecodeError on commands the renderer should not send.

    `code_pages` maps ESC t numbers to Python codecs when a profile numbers them differently.
    """
    return _Decoder(data, CODE_PAGES if code_pages is None else code_pages).run()
