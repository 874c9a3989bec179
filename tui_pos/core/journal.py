"""The electronic journal's hash chain (INT-1): each entry's hash covers the previous hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = ""


@dataclass(frozen=True)
class JournalRecord:
    seq: int
    created_at: datetime
    till_id: str
    actor: str
    kind: str  # sale | line_void | sale_void | park | resume | drawer_open | copy_receipt | ...
    ref: str
    data: str  # canonical JSON
    prev_hash: str
    hash: str


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)


def entry_hash(
    prev_hash: str,
    seq: int,
    created_at: datetime,
    till_id: str,
    actor: str,
    kind: str,
    ref: str,
    data: str,
) -> str:
    payload = "\x1f".join(
        [prev_hash, str(seq), created_at.isoformat(), till_id, actor, kind, ref, data]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def make_entry(
    *,
    prev_seq: int,
    prev_hash: str,
    created_at: datetime,
    till_id: str,
    actor: str,
    kind: str,
    ref: str,
    data: dict[str, Any],
) -> JournalRecord:
    seq = prev_seq + 1
    body = canonical(data)
    digest = entry_hash(prev_hash, seq, created_at, till_id, actor, kind, ref, body)
    return JournalRecord(seq, created_at, till_id, actor, kind, ref, body, prev_hash, digest)


def verify_chain(entries: Iterable[JournalRecord]) -> list[str]:
    """Problems found walking the chain in seq order: gaps, broken links, altered entries."""
    problems: list[str] = []
    prev_hash, prev_seq = GENESIS, 0
    for e in entries:
        if e.seq != prev_seq + 1:
            problems.append(f"entry {e.seq}: expected seq {prev_seq + 1} (gap)")
        if e.prev_hash != prev_hash:
            problems.append(f"entry {e.seq}: does not link to the previous entry")
        expected = entry_hash(
            e.prev_hash, e.seq, e.created_at, e.till_id, e.actor, e.kind, e.ref, e.data
        )
        if expected != e.hash:
            problems.append(f"entry {e.seq}: content does not match its hash (altered)")
        prev_hash, prev_seq = e.hash, e.seq
    return problems
