"""The benchmark suite: every figure with its target and, where it has one, its floor and ratio.

    scripts/bench                        # = python -m benchmarks.run (≈ 6–8 min on 2 cores)
    python -m benchmarks.run --quick     # small data, few repetitions: a smoke test (≈ 1.5 min)
    python -m benchmarks.run --only cold,terminal

Machines are noisy, so a figure with a natural floor is measured against that floor in the same
run (alternating where it can) and printed as a ratio: the floor app (benchmarks/floor_app.py)
for start, scans, memory, bytes and idle CPU; bare one-row commits for durable sales.
The 100,000-article / 1,000,000-sale / 1,000,000-order database is generated once into
--data-dir (var/bench by default, not committed) and reused (a fresh one: orders written beside
the sales, ≈ 300 s of CPU, 7–9 min next to other work on 2 cores); everything else goes to a
temporary directory. PostgreSQL is measured when --pg-url or TUI_POS_PG_URL is set; its orders
are loaded once into a kept schema (≈ 6 min at 1,000,000).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    bench_cold_start,
    bench_orders,
    bench_pricing,
    bench_sales,
    bench_scan,
    bench_scanner,
    bench_terminal,
    fixtures,
)
from benchmarks.report import Figure, heading, machine, show, table
from tui_pos.config import REPO_ROOT
from tui_pos.devtools.generate import Sizes

PARTS = ("cold", "scan", "terminal", "sales", "orders", "pricing", "scanner")


class Suite:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.quick: bool = args.quick
        self.figures: list[Figure] = []
        self._demo: str | None = None
        self._big: str | None = None
        self._shape: fixtures.Shape | None = None

    def add(self, figures: list[Figure]) -> None:
        for figure in figures:
            self.figures.append(show(figure))

    # -- data ------------------------------------------------------------------------------
    @property
    def demo(self) -> str:
        if self._demo is None:
            self._demo = fixtures.demo_database(self.work)
        return self._demo

    @property
    def sizes(self) -> Sizes:
        return Sizes(articles=10_000, sales=50_000, orders=50_000) if self.quick else Sizes()

    @property
    def big(self) -> str:
        if self._big is None:
            sizes = self.sizes
            self._big = fixtures.big_database(
                self.args.data_dir, sizes, self.args.seed, fresh=self.args.fresh, say=say
            )
        return self._big

    @property
    def shape(self) -> fixtures.Shape:
        if self._shape is None:
            ctx = fixtures.ctx_for(self.demo, self.work)
            self._shape = asyncio.run(fixtures.measure_shape(ctx))
            ctx.db.dispose()
            s = self._shape
            say(
                f"checkout screen: {s.widgets} widgets; floor app: {s.bindings} bindings + "
                f"{s.padding} padding labels = {s.floor_widgets} widgets"
            )
        return self._shape

    def scans(self) -> list[str]:
        if self.quick:
            return fixtures.scan_sequence(self.big, scans=100, lines=40)
        return fixtures.scan_sequence(self.big)

    # -- parts -----------------------------------------------------------------------------
    def cold(self) -> None:
        heading("Cold start: process start → checkout drawn, ready for a scan")
        runs = 2 if self.quick else 4
        big = "10k/50k database" if self.quick else "100k/1M database"
        for label, url, demo in (("demo database", self.demo, True), (big, self.big, False)):
            ours = fixtures.ours(url, self.work, demo=demo)
            floor = fixtures.floor(url, self.work, self.shape)
            barcode = fixtures.first_barcode(url)
            self.add(bench_cold_start.measure(label, ours, floor, barcode, runs))

    def scan(self) -> None:
        heading("Scan to line, in-process (headless, 80×24)")
        scans = self.scans()
        ctx = fixtures.ctx_for(self.big, self.work)
        try:
            ours = asyncio.run(bench_scan.measure_ours(ctx, scans))
        finally:
            ctx.db.dispose()
        floor = asyncio.run(bench_scan.measure_floor(self.big, self.shape, scans))
        self.add(bench_scan.figures(ours, floor))

    def terminal(self) -> None:
        heading("In a terminal (pty 80×24): scans end to end, bytes per scan, memory, idle CPU")
        scans = self.scans()
        ours = bench_terminal.scan_all(fixtures.ours(self.big, self.work), scans, self.big)
        try:
            floor = bench_terminal.scan_all(
                fixtures.floor(self.big, self.work, self.shape), scans, self.big
            )
            try:
                seconds = 5.0 if self.quick else 30.0
                idle = bench_terminal.idle_cpu([ours, floor], seconds)
            finally:
                floor.app.stop()
        finally:
            ours.app.stop()
        self.add(bench_terminal.figures(ours, floor, (idle[0], idle[1]), seconds))
        floor_subject = fixtures.floor(self.big, self.work, self.shape)
        self.add(bench_orders.idle_queue(self.big, self.work, seconds, floor_subject))

    def sales(self) -> None:
        heading("Durable sales through the checkout service (no UI)")
        seconds = 2.0 if self.quick else 4.0
        for label, writers, target in (
            ("SQLite, 1 process", 1, bench_sales.TARGET_SINGLE_SQLITE),
            ("SQLite, 4 processes", 4, None),
        ):
            url = bench_sales.sqlite_work_copy(self.demo, self.work, f"sales-{writers}.db")
            self.add(bench_sales.measure(label, url, writers, seconds, target=target))
        pg_url = self.args.pg_url
        if not pg_url:
            self.add(
                [
                    Figure(
                        "durable sales, PostgreSQL, 8 processes",
                        None,
                        "/s",
                        note="skipped: no --pg-url / TUI_POS_PG_URL",
                    )
                ]
            )
            return
        with pg_schema(pg_url) as url:
            self.add(bench_sales.measure("PostgreSQL, 8 processes", url, 8, seconds, target=None))

    def orders(self) -> None:
        heading("Big data: order queue and order search (benchmarks/bench_orders.py)")
        self.add(
            bench_orders.measure(
                self.big,
                sizes=self.sizes,
                seed=self.args.seed,
                runs=20 if self.quick else 100,
                work=self.work,
                pg_url=self.args.pg_url,
                fresh=self.args.fresh,
                say=say,
            )
        )

    def pricing(self) -> None:
        heading("Pricing engine (benchmarks/bench_pricing.py)")
        self.add(bench_pricing.figures(runs=20 if self.quick else 100))

    def scanner(self) -> None:
        heading("Scanner decoding (benchmarks/bench_scanner.py)")
        self.add(bench_scanner.figures())


class pg_schema:
    """A throw-away schema with the demo catalog on the PostgreSQL server at `url`."""

    def __init__(self, url: str) -> None:
        self.admin_url = url
        self.schema = f"bench_{uuid.uuid4().hex[:10]}"

    def __enter__(self) -> str:
        from sqlalchemy import create_engine, text

        from tui_pos.services.bootstrap import load_demo
        from tui_pos.store.db import open_database
        from tui_pos.store.migrate import upgrade

        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {self.schema}"))
        sep = "&" if "?" in self.admin_url else "?"
        url = f"{self.admin_url}{sep}options=-csearch_path%3D{self.schema}"
        db = open_database(url)
        upgrade(db)
        ctx = fixtures.ctx_for(url, Path(tempfile.gettempdir()))
        load_demo(ctx)
        ctx.db.dispose()
        db.dispose()
        return url

    def __exit__(self, *_exc: object) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {self.schema} CASCADE"))
        self.admin.dispose()


def say(text: str) -> None:
    print(f"  · {text}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, few repetitions")
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated: {','.join(PARTS)}"
    )
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT / "var" / "bench")
    parser.add_argument("--fresh", action="store_true", help="generate the big database again")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg-url", default=os.environ.get("TUI_POS_PG_URL", ""))
    parser.add_argument("--markdown", type=Path, help="also write the summary table here")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}")
    started = time.perf_counter()
    print("tui-pos benchmarks" + (" (quick)" if args.quick else ""))
    for line in machine():
        print("  " + line)
    with tempfile.TemporaryDirectory(prefix="tui-pos-bench-") as tmp:
        suite = Suite(args, Path(tmp))
        for part in PARTS:
            if part in parts:
                step: Callable[[], None] = getattr(suite, part)
                step()
    elapsed = time.perf_counter() - started
    heading(f"Summary ({elapsed / 60:.1f} min)")
    summary = table(suite.figures)
    print(summary)
    missed = [f.name for f in suite.figures if f.passed is False]
    print(f"\n{len(missed)} target(s) missed" + (": " + "; ".join(missed) if missed else ""))
    if args.markdown:
        args.markdown.write_text("\n".join([*machine(), "", summary, ""]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
