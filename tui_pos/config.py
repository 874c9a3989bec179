"""Shop configuration: TOML under config/, validated by pydantic-settings; env overrides."""

from __future__ import annotations

import os
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from tui_pos.core.barcodes import Nomenclature
from tui_pos.core.errors import PosError
from tui_pos.core.pin import check_pin_hash
from tui_pos.i18n import _

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config" / "tui-pos.toml"


class ShopSettings(BaseModel):
    """Who is selling: printed on every receipt."""

    name: str = Field(min_length=1, description="Shop name as printed on receipts.")
    address: list[str] = Field(default_factory=list, description="Address lines.")
    vat_number: str = Field(default="", description="VAT / organisation number.")
    phone: str = Field(default="", description="Phone number on receipts.")
    locale: str = Field(default="nl_NL", description="Locale for money and dates (Babel).")
    language: str = Field(default="en", description="UI language (gettext catalogue).")
    timezone: str = Field(default="Europe/Amsterdam", description="Shop time zone for receipts.")
    currency: Literal["EUR", "NOK", "SEK", "DKK"] = Field(default="EUR", description="Currency.")
    money_pattern: str = Field(
        default="", description="Babel pattern overriding the locale's, e.g. '¤ #,##0.00'."
    )


class TillSettings(BaseModel):
    """This till: its id numbers the receipts."""

    id: str = Field(default="T1", min_length=1, max_length=16, description="Till id.")
    branch: str = Field(default="MAIN", description="Branch (filiaal) this till belongs to.")
    cashier: str = Field(default="cashier", description="Cashier name until PIN login exists.")
    max_line_quantity: Decimal = Field(default=Decimal("9999"), gt=0, description="Qty limit.")
    order_lease_minutes: int = Field(
        default=30,
        ge=1,
        le=24 * 60,
        description="An order opened at this till is reserved for it this long (renewed when "
        "paying); after a crash other tills can take it once this has passed.",
    )


class VatSettings(BaseModel):
    """VAT rates by code (percent), e.g. high = 21, low = 9."""

    rates: dict[str, Decimal] = Field(description="VAT code → rate in percent.")
    default: str = Field(description="Code used when an article names none.")

    @field_validator("rates")
    @classmethod
    def _rates_in_range(cls, rates: dict[str, Decimal]) -> dict[str, Decimal]:
        for code, rate in rates.items():
            if rate < 0 or rate >= 100:
                raise ValueError(f"rate {code} = {rate} must be between 0 and 100")
        return rates

    @model_validator(mode="after")
    def _default_exists(self) -> VatSettings:
        if self.default not in self.rates:
            raise ValueError(f"default VAT code {self.default!r} is not among the rates")
        return self


class PaymentMethodSettings(BaseModel):
    """One way to pay."""

    id: str = Field(min_length=1, description="Stable id stored on payments.")
    label: str = Field(min_length=1, description="Shown on screen and receipt.")
    kind: Literal["cash", "card", "on_account", "voucher", "transfer"] = Field(
        description="Cash gets rounding and change; card never rounds."
    )
    till: bool = Field(default=True, description="Offered at the till.")
    back_office: bool = Field(default=True, description="Offered in the back office.")
    key: str = Field(default="", description="Shortcut key on the payment screen.")


class PaymentSettings(BaseModel):
    """Payment methods and cash rounding."""

    cash_rounding: Decimal = Field(
        default=Decimal("0.05"), ge=0, description="Cash rounding step: NL 0.05, NO 1.00, 0=off."
    )
    methods: list[PaymentMethodSettings] = Field(min_length=1, description="Payment methods.")

    @model_validator(mode="after")
    def _unique_ids(self) -> PaymentSettings:
        ids = [m.id for m in self.methods]
        if len(ids) != len(set(ids)):
            raise ValueError("payment method ids must be unique")
        return self


class PricingSettings(BaseModel):
    """How the discount hierarchy behaves (SPEC PRC)."""

    prices_include_vat: bool = Field(default=True, description="List prices include VAT.")
    highest_discount_wins: bool = Field(default=False, description="Cheapest outcome wins.")
    volume_discount_on_top: bool = Field(default=False, description="Volume % stacks on top.")
    manager_discount_limit_pct: Decimal = Field(
        default=Decimal("20"), ge=0, le=100, description="Discounts above this need a manager."
    )


class PrinterSettings(BaseModel):
    """The receipt printer (python-escpos)."""

    kind: Literal["file", "usb", "network", "serial", "dummy", "none"] = Field(
        default="file", description="Connection kind."
    )
    path: str = Field(default="var/printer/receipts.bin", description="File printer path.")
    vendor_id: int = Field(default=0, description="USB vendor id.")
    product_id: int = Field(default=0, description="USB product id.")
    host: str = Field(default="", description="Network printer host.")
    port: int = Field(default=9100, description="Network printer port.")
    device: str = Field(default="/dev/ttyS0", description="Serial device.")
    baudrate: int = Field(default=9600, description="Serial speed.")
    timeout_ms: int = Field(default=2000, gt=0, description="I/O timeout in milliseconds.")
    profile: str = Field(default="default", description="python-escpos capability profile.")
    codepage: str = Field(default="CP858", description="Locked code page (€ at 0xD5).")
    width: int = Field(default=42, ge=24, le=64, description="Characters per line.")
    qr_native: bool = Field(default=True, description="Use the printer's own QR command.")


class DatabaseSettings(BaseModel):
    """Where sales are kept."""

    url: str = Field(
        default="sqlite:///var/tui-pos.db", description="SQLAlchemy URL; SQLite or PostgreSQL."
    )


class UiSettings(BaseModel):
    """Terminal behaviour."""

    animations: bool = Field(default=False, description="Animations (off on tills and SSH).")
    changes_only: bool = Field(
        default=True,
        description="Write only the screen cells that changed (far fewer bytes over SSH); "
        "false writes every repainted region whole, as Textual does.",
    )


_KEY_NAME = re.compile(r"KEY_[A-Z0-9_]+")
_USB_ID = re.compile(r"[0-9a-fA-F]{4}:[0-9a-fA-F]{4}")


class ScannerSettings(BaseModel):
    """USB barcode scanners read through evdev (HW-1); see docs/hardware.md.

    A device is a scanner if ANY of usb_ids, name_patterns or paths matches it.
    """

    enabled: bool = Field(
        default=False,
        description="Read scanners through evdev (the till must run on the machine they are "
        "plugged into, with access to /dev/input; see config/udev/).",
    )
    usb_ids: list[str] = Field(
        default_factory=list, description="Allowlist by USB id, vendor:product in hex (lsusb)."
    )
    name_patterns: list[str] = Field(
        default_factory=lambda: ["barcode|scanner"],
        description="Allowlist by device name: regular expressions, case-insensitive.",
    )
    paths: list[str] = Field(
        default_factory=list,
        description="Allowlist by device node, e.g. /dev/input/by-id/usb-...-event-kbd.",
    )
    layout: Literal["us", "de", "no", "se", "dk"] = Field(
        default="us", description="Keyboard layout the scanner emulates (its country setting)."
    )
    layout_overrides: dict[str, list[str]] = Field(
        default_factory=dict,
        description='Changed keys on top of the layout: {KEY_Q = ["q", "Q", "@"]}.',
    )
    prefix: str = Field(default="", description="Stripped from the start of a code if present.")
    suffix: str = Field(default="", description="Stripped from the end of a code if present.")
    terminators: list[str] = Field(
        default_factory=lambda: ["KEY_ENTER", "KEY_KPENTER"],
        min_length=1,
        description="Keys that end a code (evdev key names).",
    )
    grab: bool = Field(
        default=True, description="Grab scanners so their keys never reach the terminal."
    )
    input_dir: str = Field(default="/dev/input", description="Where the event nodes are.")
    rescan_interval: float = Field(
        default=1.0,
        gt=0,
        le=2,
        description="Seconds between looks for plugged/unplugged scanners (replug is picked "
        "up within two of these).",
    )

    @field_validator("usb_ids")
    @classmethod
    def _usb_ids(cls, values: list[str]) -> list[str]:
        for value in values:
            if not _USB_ID.fullmatch(value):
                raise ValueError(f"USB id {value!r} is not vendor:product in hex, e.g. 05e0:1200")
        return values

    @field_validator("name_patterns")
    @classmethod
    def _patterns(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"name pattern {value!r}: {exc}") from None
        return values

    @field_validator("terminators")
    @classmethod
    def _terminators(cls, values: list[str]) -> list[str]:
        for value in values:
            if not _KEY_NAME.fullmatch(value):
                raise ValueError(f"terminator {value!r} is not an evdev key name like KEY_ENTER")
        return values


class WedgeSettings(BaseModel):
    """Keyboard-wedge scanners (HW-2): a fast key burst ending in Enter is a scan, in any field."""

    enabled: bool = Field(default=True, description="Tell scanner bursts from typing.")
    max_gap: float = Field(
        default=0.05,
        gt=0,
        le=1,
        description="Longest pause in seconds between two keys of a scan (and before Enter).",
    )
    min_length: int = Field(default=6, ge=1, description="Fewest characters a scan has.")
    prefix: str = Field(
        default="",
        description="If set, only bursts starting with this are scans (it is removed); "
        "configure the scanner to send it.",
    )
    suffix: str = Field(default="", description="Removed from the end of a scan if present.")
    terminators: list[str] = Field(
        default_factory=lambda: ["enter"],
        min_length=1,
        description="Textual key names that end a scan.",
    )


class BarcodeSettings(BaseModel):
    """What scanned codes mean: the nomenclature for in-store (20-29) weight/price codes."""

    nomenclature: str | dict[str, Any] = Field(
        default="odoo",
        description='"odoo" (21 weight, 23 price), "norway" (20-22 price, 23-25 weight), or a '
        "table with name, base and rules (docs/hardware.md).",
    )

    @field_validator("nomenclature")
    @classmethod
    def _known(cls, value: str | dict[str, Any]) -> str | dict[str, Any]:
        try:
            Nomenclature.from_dict({"name": value} if isinstance(value, str) else value)
        except PosError as exc:
            raise ValueError(exc.message) from None
        return value

    def rules(self) -> Nomenclature:
        value = self.nomenclature
        return Nomenclature.from_dict({"name": value} if isinstance(value, str) else value)


OrderTypeKey = Literal["sales_order", "service_order", "quote"]


def _number_prefixes() -> dict[OrderTypeKey, str]:
    return {"sales_order": "SO-", "service_order": "SV-", "quote": "Q-"}


class OrderSettings(BaseModel):
    """Sales orders, quotes and service orders (SPEC ORD)."""

    status_flow: str = Field(
        default="config/order_status.toml",
        description="Order status flow file (states and allowed moves, ORD-7); relative paths "
        "are relative to the installation root.",
    )
    custom_fields: list[str] = Field(
        default_factory=list,
        description="Names of the extra header fields on the order form (ORD-1, CHK-9).",
    )
    branch: str = Field(default="", description="Branch of new orders; empty: the till's branch.")
    attachment_max_bytes: int = Field(
        default=10 * 1024 * 1024,
        gt=0,
        le=100 * 1024 * 1024,
        description="Largest file that can be attached to an order, in bytes (ORD-12).",
    )
    number_prefixes: dict[OrderTypeKey, str] = Field(
        default_factory=_number_prefixes,
        description="Text before the order number, per order type (numbers count per type).",
    )
    first_number: int = Field(
        default=1, ge=1, description="The number the first order of each type gets."
    )

    @field_validator("custom_fields")
    @classmethod
    def _field_names(cls, names: list[str]) -> list[str]:
        cleaned = [name.strip() for name in names]
        if any(not name for name in cleaned):
            raise ValueError("custom field names cannot be empty")
        if len(set(cleaned)) != len(cleaned):
            raise ValueError("custom field names must be unique")
        return cleaned


class QueueSettings(BaseModel):
    """The order queue (QUE-1, QUE-2) and what its direct keys move an order to."""

    preparing_status: str = Field(
        default="in_progress", description="Status of key P (being prepared)."
    )
    ready_status: str = Field(
        default="ready_for_pickup",
        description="Status of key R (ready for pickup); the kiosk's board shows these orders.",
    )
    done_status: str = Field(
        default="completed", description="Status of key D (handed over / done); also the kiosk's."
    )
    limit: int = Field(default=200, ge=10, le=2000, description="Most orders the queue shows.")


class KioskSettings(BaseModel):
    """The pickup-counter kiosk (QUE-3, RUN-3): `tui-pos kiosk`."""

    idle_seconds: float = Field(
        default=60, gt=0, description="Back to the board after this long without a key or scan."
    )
    exit_pin_hash: str = Field(
        default="",
        description="PBKDF2 hash of the manager PIN that leaves the kiosk; make it with "
        "`tui-pos kiosk --hash-pin`. Empty: the kiosk does not start (except with --demo).",
    )
    user: str = Field(default="kiosk", min_length=1, description="Logged as who hands over.")
    settle_in_till: bool = Field(
        default=False,
        description="Enter on an order with a balance opens it in the till to pay (staffed "
        "counters only); otherwise the kiosk asks to pay at the counter.",
    )

    @field_validator("exit_pin_hash")
    @classmethod
    def _pin_hash(cls, value: str) -> str:
        return check_pin_hash(value) if value else value


class Settings(BaseSettings):
    """All of tui-pos's configuration. Environment: TUI_POS_<SECTION>__<KEY>=value."""

    model_config = SettingsConfigDict(
        env_prefix="TUI_POS_", env_nested_delimiter="__", extra="forbid"
    )
    _toml_path: ClassVar[Path] = DEFAULT_CONFIG

    shop: ShopSettings
    till: TillSettings = Field(default_factory=TillSettings)
    vat: VatSettings
    payments: PaymentSettings
    pricing: PricingSettings = Field(default_factory=PricingSettings)
    printer: PrinterSettings = Field(default_factory=PrinterSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    ui: UiSettings = Field(default_factory=UiSettings)
    scanner: ScannerSettings = Field(default_factory=ScannerSettings)
    wedge: WedgeSettings = Field(default_factory=WedgeSettings)
    barcodes: BarcodeSettings = Field(default_factory=BarcodeSettings)
    orders: OrderSettings = Field(default_factory=OrderSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    kiosk: KioskSettings = Field(default_factory=KioskSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=cls._toml_path),
        )

    def payment_method(self, method_id: str) -> PaymentMethodSettings:
        for method in self.payments.methods:
            if method.id == method_id:
                return method
        raise PosError(_("Unknown payment method “{id}”.").format(id=method_id))

    def resolve_path(self, path: str) -> Path:
        """Relative paths in the config are relative to the repository/installation root."""
        candidate = Path(path)
        return candidate if candidate.is_absolute() else REPO_ROOT / candidate


def _describe(errors: list[Any]) -> str:
    parts = []
    for err in errors:
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def load_settings(path: Path | str | None = None, **overrides: Any) -> Settings:
    """Load and validate the configuration; a bad value raises PosError naming key and file."""
    toml_path = Path(path or os.environ.get("TUI_POS_CONFIG") or DEFAULT_CONFIG)
    if not toml_path.is_file():
        raise PosError(_("Configuration file {path} not found.").format(path=toml_path))
    try:
        with toml_path.open("rb") as fh:
            tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise PosError(
            _("Configuration file {path} is not valid TOML: {error}").format(
                path=toml_path, error=exc
            )
        ) from None
    settings_cls = type("FileSettings", (Settings,), {"_toml_path": toml_path})
    try:
        return settings_cls(**overrides)
    except ValidationError as exc:
        raise PosError(
            _("Configuration error in {path}: {details}").format(
                path=toml_path, details=_describe(exc.errors())
            )
        ) from None
