"""Manager PINs (RUN-3): stored only as a salted PBKDF2 hash; a few wrong tries lock for a while."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _

SCHEME = "pbkdf2_sha256"
#: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. Checking takes a few tenths of a second on a
#: small till, which is fine for a PIN typed now and then.
DEFAULT_ITERATIONS = 600_000
MIN_PIN_DIGITS = 4
MAX_PIN_DIGITS = 12


def check_pin_format(pin: str) -> str:
    """The PIN if it is 4–12 digits; InvalidInput otherwise."""
    if not (pin.isascii() and pin.isdigit() and MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS):
        raise InvalidInput(
            _("A PIN is {min} to {max} digits.").format(min=MIN_PIN_DIGITS, max=MAX_PIN_DIGITS),
            field="pin",
        )
    return pin


def hash_pin(pin: str, *, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """`pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>` for the configuration file."""
    check_pin_format(pin)
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def check_pin_hash(stored: str) -> str:
    """The stored hash if it is well-formed (for validating the settings); ValueError if not."""
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != SCHEME:
        raise ValueError(f"expected {SCHEME}$<iterations>$<salt hex>$<hash hex>")
    try:
        iterations = int(parts[1])
        bytes.fromhex(parts[2])
        digest = bytes.fromhex(parts[3])
    except ValueError:
        raise ValueError("iterations, salt or hash are not numbers / hex") from None
    if iterations < 1 or len(digest) != 32:
        raise ValueError("iterations must be positive and the hash 32 bytes")
    return stored


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches the stored hash (compared in constant time). A malformed stored
    hash matches nothing."""
    try:
        check_pin_hash(stored)
    except ValueError:
        return False
    _scheme, iterations, salt, expected = stored.split("$")
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(digest.hex(), expected)


@dataclass
class PinGuard:
    """Counts wrong PINs: after `max_tries` in a row, PINs are refused for `lock_seconds`.
    Times are plain seconds (e.g. time.monotonic()) passed in by the caller."""

    max_tries: int = 3
    lock_seconds: float = 30.0
    failures: int = 0
    locked_until: float = field(default=0.0)

    def seconds_locked(self, now: float) -> float:
        """How long PINs are still refused (0: a PIN may be tried)."""
        return max(0.0, self.locked_until - now)

    def record(self, ok: bool, now: float) -> None:
        if ok:
            self.failures = 0
            return
        self.failures += 1
        if self.failures >= self.max_tries:
            self.failures = 0
            self.locked_until = now + self.lock_seconds
