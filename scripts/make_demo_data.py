"""Writes config/demo/{articles,customers,discounts}.csv: a believable Dutch deli (seeded)."""

from __future__ import annotations

import csv
import random
from decimal import Decimal
from pathlib import Path

from stdnum import ean

OUT = Path(__file__).resolve().parent.parent / "config" / "demo"
rng = random.Random(20261122)
_serial = iter(range(100000, 999999))


def barcode() -> str:
    body = f"871{next(_serial):06d}{rng.randrange(1000):03d}"
    return body + ean.calc_check_digit(body)


GROUPS = {
    "BREAD": ("Bread & pastry", "low"),
    "DAIRY": ("Dairy", "low"),
    "CHEESE": ("Cheese", "low"),
    "MEAT": ("Meat & fish", "low"),
    "FRUIT": ("Fruit & vegetables", "low"),
    "DRINKS": ("Soft drinks", "low"),
    "WINE": ("Wine & beer", "high"),
    "COFFEE": ("Coffee & tea", "low"),
    "SWEETS": ("Sweets & snacks", "low"),
    "HOME": ("Household", "high"),
    "OFFICE": ("Office & paper", "high"),
    "TEXTILE": ("Textiles", "high"),
    "GIFT": ("Gift vouchers", "zero"),
}

PIECES = {
    "BREAD": (
        [
            "White loaf",
            "Brown loaf",
            "Spelt bread",
            "Rye bread",
            "Croissant",
            "Krentenbol",
            "Sourdough",
            "Baguette",
            "Appeltaart slice",
            "Stroopwafels 8 pcs",
            "Ontbijtkoek",
            "Beschuit 13 pcs",
        ],
        (0.6, 6.5),
    ),
    "DAIRY": (
        [
            "Whole milk 1 l",
            "Semi-skimmed milk 1 l",
            "Buttermilk 1 l",
            "Greek yoghurt",
            "Vla vanilla 1 l",
            "Butter 250 g",
            "Eggs 10 pcs",
            "Cream 250 ml",
            "Kwark 500 g",
            "Chocolate milk",
        ],
        (0.9, 4.5),
    ),
    "DRINKS": (
        [
            "Sparkling water 1.5 l",
            "Still water 1.5 l",
            "Cola 1.5 l",
            "Orange juice 1 l",
            "Apple juice 1 l",
            "Lemonade syrup",
            "Ice tea 1.5 l",
            "Tonic 4-pack",
            "Ginger ale",
            "Energy drink",
        ],
        (0.8, 4.0),
    ),
    "WINE": (
        [
            "Rioja red 75 cl",
            "Sauvignon blanc 75 cl",
            "Rosé 75 cl",
            "Prosecco 75 cl",
            "Pilsner 6-pack",
            "Wit bier 33 cl",
            "IPA 33 cl",
            "Jenever 70 cl",
            "Port 75 cl",
            "Cider 33 cl",
        ],
        (1.5, 19.0),
    ),
    "COFFEE": (
        [
            "Coffee beans 1 kg",
            "Ground coffee 250 g",
            "Espresso beans 500 g",
            "Earl Grey 20 bags",
            "Green tea 20 bags",
            "Rooibos 20 bags",
            "Cocoa 250 g",
            "Coffee pads 36 pcs",
        ],
        (2.0, 16.0),
    ),
    "SWEETS": (
        [
            "Drop mix 250 g",
            "Chocolate bar milk",
            "Chocolate bar dark",
            "Hagelslag",
            "Pindakaas 350 g",
            "Crisps paprika",
            "Crisps salt",
            "Wine gums",
            "Pepernoten",
            "Speculaas",
        ],
        (0.8, 4.5),
    ),
    "HOME": (
        [
            "Dish soap",
            "Kitchen roll 4 rolls",
            "Toilet paper 8 rolls",
            "Candles 10 pcs",
            "Matches",
            "Bin bags 20 pcs",
            "Sponges 3 pcs",
            "Batteries AA 4 pcs",
            "Light bulb LED",
            "Tea towel",
            "Mug",
            "Glass tumbler",
        ],
        (0.9, 12.5),
    ),
    "OFFICE": (
        [
            "Pen blue",
            "Pen black",
            "Notebook A5",
            "Notebook A4",
            "Envelopes 25 pcs",
            "Stamps 10 pcs",
            "Birthday card",
            "Wrapping paper",
            "Tape",
            "Scissors",
        ],
        (0.85, 9.5),
    ),
}
BRANDS = ["", "Huismerk ", "Bio ", "Deluxe "]

WEIGHED = {
    "CHEESE": [
        "Young Gouda per kg",
        "Matured Gouda per kg",
        "Old Amsterdam per kg",
        "Leerdammer per kg",
        "Goat cheese per kg",
        "Edam per kg",
        "Brie per kg",
        "Cumin cheese per kg",
    ],
    "MEAT": [
        "Beef mince per kg",
        "Chicken fillet per kg",
        "Smoked salmon per kg",
        "Ham per kg",
        "Salami per kg",
        "Herring per kg",
    ],
    "FRUIT": [
        "Apples Elstar per kg",
        "Pears per kg",
        "Bananas per kg",
        "Tomatoes per kg",
        "Carrots per kg",
        "Onions per kg",
        "Potatoes per kg",
        "Grapes per kg",
        "Mandarins per kg",
        "Mushrooms per kg",
    ],
}

VARIANTS = {
    "TSHIRT": ("Shop T-shirt", Decimal("19.95"), ["Black", "White", "Navy"], ["S", "M", "L", "XL"]),
    "APRON": ("Deli apron", Decimal("24.50"), ["Green", "Red"], ["M", "L"]),
    "SOCKS": ("Wool socks", Decimal("12.95"), ["Grey", "Blue"], ["36-40", "41-46"]),
}


def in_store_codes(plu: int) -> str:
    """Base codes of a weighed article's scale labels: prefix 21 and 23, the PLU as the 5-digit
    article key, the value zeroed. With the odoo nomenclature 21 labels carry a weight and 23
    labels a price; with the norway one 23 labels carry a weight and 21 labels a price."""
    bodies = (f"{prefix}{plu:05d}00000" for prefix in ("21", "23"))
    return " ".join(body + ean.calc_check_digit(body) for body in bodies)


DISCOUNT_COLUMNS = [
    "register",
    "article",
    "customer",
    "category",
    "group",
    "min_qty",
    "pct",
    "price",
]
#: Fixed (not random) so the README can point at them. None touch 1001/1002 (used by tests).
#: C100 Bakkerij de Vries is HORECA with a 5 % standard discount; C101 Daan Jansen is RETAIL.
DISCOUNTS = [
    # article + customer: C100's agreed coffee prices; C101's price for sparkling water
    ("article_customer", "1152", "C100", "", "", "", "", "9.95"),
    ("article_customer", "1155", "C100", "", "", "", "12", ""),
    ("article_customer", "1079", "C101", "", "", "", "", "2.50"),
    # article + customer category
    ("article_category", "1153", "", "HORECA", "", "", "", "8.50"),
    ("article_category", "1086", "", "RETAIL", "", "", "10", ""),
    # customer category + article group
    ("category_group", "", "", "RETAIL", "SWEETS", "", "5", ""),
    ("category_group", "", "", "HORECA", "COFFEE", "", "8", ""),
    ("category_group", "", "", "HORECA", "DAIRY", "", "4", ""),
    # volume breaks (everyone, also without a customer)
    ("volume", "1080", "", "", "", "6", "", "1.75"),
    ("volume", "1080", "", "", "", "24", "", "1.60"),
    ("volume", "1090", "", "", "", "12", "10", ""),
    ("volume", "1153", "", "", "", "5", "5", ""),
]


def price(lo: float, hi: float) -> Decimal:
    cents = rng.randrange(int(lo * 100), int(hi * 100))
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = []

    def add(
        code: str,
        name: str,
        group: str,
        p: Decimal,
        unit: str = "piece",
        barcodes: str = "",
        **extra: str,
    ) -> None:
        vat = GROUPS[group][1]
        rows.append(
            {
                "code": code,
                "name": name,
                "group": group,
                "group_name": GROUPS[group][0],
                "vat": vat,
                "price": str(p),
                "unit": unit,
                "barcodes": barcodes,
                "parent": extra.get("parent", ""),
                "colour": extra.get("colour", ""),
                "size": extra.get("size", ""),
                "variant_parent": extra.get("variant_parent", ""),
            }
        )

    n = 1000
    for group, (names, (lo, hi)) in PIECES.items():
        for name in names:
            for brand in BRANDS[: rng.choice([3, 4])]:
                n += 1
                codes = barcode() if rng.random() > 0.08 else f"{barcode()} {barcode()}"
                add(str(n), f"{brand}{name}", group, price(lo, hi), barcodes=codes)
    for group, names in WEIGHED.items():
        for name in names:
            n += 1
            add(str(n), name, group, price(2.5, 39.0), unit="kg", barcodes=in_store_codes(n))
    for value in (10, 25, 50):
        n += 1
        add(str(n), f"Gift voucher {value}", "GIFT", Decimal(value), barcodes=barcode())
    for code, (name, p, colours, sizes) in VARIANTS.items():
        add(code, name, "TEXTILE", p, variant_parent="yes")
        for colour in colours:
            for size in sizes:
                add(
                    f"{code}-{colour[:3].upper()}-{size}",
                    name,
                    "TEXTILE",
                    p,
                    barcodes=barcode(),
                    parent=code,
                    colour=colour,
                    size=size,
                )
    # Fixed, documented demo barcodes used in the README and tests.
    rows[0]["barcodes"] = "8710000000017"
    with (OUT / "articles.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    first = [
        "Sanne",
        "Daan",
        "Emma",
        "Lars",
        "Fleur",
        "Bram",
        "Julia",
        "Sem",
        "Noor",
        "Thijs",
        "Ingrid",
        "Ole",
        "Kari",
        "Jeroen",
        "Anouk",
        "Pieter",
        "Sofie",
        "Mats",
        "Eva",
        "Ruben",
    ]
    last = [
        "de Vries",
        "Jansen",
        "Bakker",
        "Visser",
        "Smit",
        "Meijer",
        "de Boer",
        "Mulder",
        "Bos",
        "Vos",
        "Hansen",
        "Johansen",
        "Olsen",
        "Peters",
        "Hendriks",
        "van Dijk",
        "Dekker",
        "Berg",
        "Kok",
        "Jacobs",
    ]
    customers = []
    for i in range(20):
        business = i % 5 == 0
        name = f"Bakkerij {last[i]}" if business else f"{first[i]} {last[i]}"
        customers.append(
            {
                "code": f"C{100 + i}",
                "name": name,
                "address": f"Dorpsstraat {i + 1}",
                "postcode": f"10{i:02d} AB",
                "city": "Amsterdam",
                "email": f"{first[i].lower()}.{last[i].replace(' ', '').lower()}@example.nl",
                "phone": f"06 {rng.randrange(10000000, 99999999)}",
                "category": "HORECA" if business else ("STAFF" if i == 7 else "RETAIL"),
                "discount_pct": "5" if business else ("10" if i == 7 else "0"),
            }
        )
    with (OUT / "customers.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(customers[0]))
        writer.writeheader()
        writer.writerows(customers)
    with (OUT / "discounts.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=DISCOUNT_COLUMNS)
        writer.writeheader()
        writer.writerows(dict(zip(DISCOUNT_COLUMNS, rule, strict=True)) for rule in DISCOUNTS)
    print(f"{len(rows)} articles, {len(customers)} customers, {len(DISCOUNTS)} discount rules")


if __name__ == "__main__":
    main()
