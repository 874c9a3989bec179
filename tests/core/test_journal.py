"""The journal hash chain shows gaps, broken links and altered entries."""

from dataclasses import replace
from datetime import UTC, datetime

from tui_pos.core.journal import make_entry, verify_chain

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def chain(n: int) -> list:
    entries, seq, prev = [], 0, ""
    for i in range(n):
        e = make_entry(
            prev_seq=seq,
            prev_hash=prev,
            created_at=NOW,
            till_id="T1",
            actor="a",
            kind="sale",
            ref=str(i),
            data={"total": str(i)},
        )
        entries.append(e)
        seq, prev = e.seq, e.hash
    return entries


def test_intact_chain_verifies() -> None:
    assert verify_chain(chain(5)) == []


def test_altered_entry_is_detected() -> None:
    entries = chain(5)
    entries[2] = replace(entries[2], data='{"total":"999"}')
    problems = verify_chain(entries)
    assert any("entry 3" in p and "altered" in p for p in problems)


def test_removed_entry_is_detected() -> None:
    entries = chain(5)
    del entries[1]
    problems = verify_chain(entries)
    assert any("gap" in p for p in problems)
    assert any("does not link" in p for p in problems)
