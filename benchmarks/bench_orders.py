"""Big data on the order side: the order queue's first page and order search over 1,000,000
orders (target ≤ 20 ms each), and the idle order queue's CPU (target < 1 %).

NOT BUILT HERE (the orders store was built on branch `orders-store`, by the lead's plan). To
fill the hook:

1. add `add_orders(writer, rng, count, ...)` to tui_pos/devtools/generate.py (same BulkWriter,
   parents first, bump GENERATOR_VERSION) and call it from `generate()` for `Sizes.orders`
   (benchmarks/bench_order_list.py, from the orders work, has a `fill()` writing order rows that
   shows what the rows need);
2. fill in `measure()` below: time the queue's first page and a search (p50/p95/p99 of repeated
   calls, no UI; `bench_order_list.timed` does it for `order_queries.page`), returning Figures
   with TARGET_MS;
3. for the idle figure, run the order queue screen in `bench_terminal.idle_cpu` next to the
   checkout (a `Subject` that opens the queue: `tui-pos` in back-office mode).

`benchmarks.run` already calls `measure()` and `idle_queue()` and prints what they return.
"""

from __future__ import annotations

from benchmarks.report import Figure

TARGET_MS = 20.0
TARGET_IDLE_PCT = 1.0


def measure(url: str) -> list[Figure]:
    """Order queue first page and order search on the generated database at `url`."""
    pending = "not measured: orders store not merged yet (benchmarks/bench_orders.py)"
    return [
        Figure(
            "order queue first page, 1M orders", None, "ms", f"≤ {TARGET_MS:.0f} ms", note=pending
        ),
        Figure("order search, 1M orders", None, "ms", f"≤ {TARGET_MS:.0f} ms", note=pending),
    ]


def idle_queue() -> list[Figure]:
    pending = "not measured: order queue screen not merged yet (benchmarks/bench_orders.py)"
    return [Figure("idle order queue CPU", None, "%", f"< {TARGET_IDLE_PCT:.0f} %", note=pending)]
