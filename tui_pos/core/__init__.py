"""Pure domain: money, pricing, carts, payments, orders, journal. No I/O, no UI, no ORM."""
