"""Print documents as JSON for the spool, and COPY marking."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_pos.core.printdoc import (
    Cut,
    Feed,
    OpenDrawer,
    PrintDocument,
    PrintPayloadError,
    QrCode,
    Rule,
    Text,
    deserialize,
    mark_copy,
    serialize,
)

blocks = st.one_of(
    st.builds(
        Text,
        st.text(),
        align=st.sampled_from(["left", "center", "right"]),
        bold=st.booleans(),
        double=st.booleans(),
    ),
    st.builds(Rule, st.text(min_size=1, max_size=1)),
    st.builds(QrCode, st.text(), size=st.integers(1, 16)),
    st.builds(Feed, st.integers(0, 10)),
    st.just(Cut()),
    st.builds(OpenDrawer, st.sampled_from([2, 5])),
)
documents = st.builds(
    PrintDocument,
    kind=st.sampled_from(["receipt", "copy", "order_slip"]),
    ref=st.text(max_size=20),
    width=st.integers(24, 64),
    blocks=st.lists(blocks, max_size=12),
)


@given(documents)
def test_serialize_round_trips(doc: PrintDocument) -> None:
    assert deserialize(serialize(doc)) == doc


def test_payload_is_readable_json_with_a_version() -> None:
    doc = PrintDocument("receipt", "R-1").add(Text("Totaal € 12,50", bold=True), Cut())
    data = json.loads(serialize(doc))
    assert data["v"] == 1
    assert data["blocks"][0] == {
        "type": "text",
        "text": "Totaal € 12,50",
        "align": "left",
        "bold": True,
        "double": False,
    }
    assert "€" in serialize(doc)  # stored as text, not \\u escapes


def test_payload_without_version_is_read_as_version_one() -> None:
    payload = json.dumps(
        {
            "kind": "receipt",
            "ref": "R-1",
            "width": 42,
            "blocks": [{"type": "qr", "data": "R-1", "size": 6}, {"type": "drawer", "pin": 2}],
        }
    )
    assert deserialize(payload).blocks == [QrCode("R-1", 6), OpenDrawer(2)]


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        "[]",
        '{"v": 2, "kind": "receipt", "ref": "R", "width": 42, "blocks": []}',
        '{"kind": "receipt", "ref": "R", "width": 42}',
        '{"kind": "receipt", "ref": "R", "width": true, "blocks": []}',
        '{"kind": "receipt", "ref": "R", "width": 42, "blocks": [{"type": "logo"}]}',
        '{"kind": "receipt", "ref": "R", "width": 42, "blocks": [{"type": "text"}]}',
        '{"kind": "receipt", "ref": "R", "width": 42, "blocks": [{"type": "text", "text": 5}]}',
        '{"kind": "r", "ref": "R", "width": 42, "blocks": [{"type": "text", "text": "",'
        ' "align": "justify"}]}',
        '{"kind": "receipt", "ref": "R", "width": 42, "blocks": ["text"]}',
    ],
)
def test_unreadable_payloads_raise_payload_error(payload: str) -> None:
    with pytest.raises(PrintPayloadError):
        deserialize(payload)


def test_mark_copy_adds_a_header_drops_the_drawer_kick_and_keeps_the_rest() -> None:
    doc = PrintDocument("receipt", "R-1", width=32).add(Text("Bon"), OpenDrawer(), Cut())
    copy = mark_copy(doc)
    assert (copy.kind, copy.ref, copy.width) == ("copy", "R-1", 32)
    assert copy.blocks == [Text("*** COPY ***", align="center", bold=True), Text("Bon"), Cut()]
    assert copy.plain_text().splitlines()[0].strip() == "*** COPY ***"
    assert doc.blocks == [Text("Bon"), OpenDrawer(), Cut()]  # the original is untouched
    assert mark_copy(copy) == copy
