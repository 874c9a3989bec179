"""The evdev key-event decoder: layouts, shift/AltGr/Ctrl, Enter, prefix/suffix, repeats."""

import pytest
from evdev import ecodes
from scanner_events import ALTGR, SHIFT, key, syn, tap, typed

from tui_pos.core.errors import InvalidInput
from tui_pos.hardware.keymaps import LAYOUTS, get_layout
from tui_pos.hardware.scanner_decoder import KeyDecoder


def decode_all(decoder: KeyDecoder, events: list) -> list[str]:
    return list(decoder.decode(events))


def test_digits_and_enter_give_a_code() -> None:
    events = [e for d in "5901234123457" for e in tap(ecodes.ecodes[f"KEY_{d}"])]
    events += tap(ecodes.KEY_ENTER)
    assert decode_all(KeyDecoder(), events) == ["5901234123457"]


def test_nothing_before_enter() -> None:
    decoder = KeyDecoder()
    assert decode_all(decoder, typed("123", enter=False)) == []
    assert decode_all(decoder, tap(ecodes.KEY_ENTER)) == ["123"]


def test_left_and_right_shift() -> None:
    events = tap(ecodes.KEY_A, ecodes.KEY_LEFTSHIFT) + tap(ecodes.KEY_B, ecodes.KEY_RIGHTSHIFT)
    events += tap(ecodes.KEY_C) + tap(ecodes.KEY_1, SHIFT) + tap(ecodes.KEY_ENTER)
    assert decode_all(KeyDecoder(), events) == ["ABc!"]


def test_shift_is_released() -> None:
    events = tap(ecodes.KEY_A, SHIFT) + tap(ecodes.KEY_A) + tap(ecodes.KEY_KPENTER)
    assert decode_all(KeyDecoder(), events) == ["Aa"]


def test_several_codes_in_one_stream_and_empty_enters_ignored() -> None:
    events = typed("ABC-1") + tap(ecodes.KEY_ENTER) + typed("x/y")
    assert decode_all(KeyDecoder(), events) == ["ABC-1", "x/y"]


def test_key_repeat_is_ignored() -> None:
    events = [
        key(ecodes.KEY_7, 1),
        key(ecodes.KEY_7, 2),
        key(ecodes.KEY_7, 2),
        key(ecodes.KEY_7, 0),
    ]
    events += tap(ecodes.KEY_ENTER)
    assert decode_all(KeyDecoder(), events) == ["7"]


def test_non_key_events_are_ignored() -> None:
    events = [syn(), *typed("42", enter=False), syn(), *tap(ecodes.KEY_ENTER)]
    assert decode_all(KeyDecoder(), events) == ["42"]


def test_unknown_keys_type_nothing() -> None:
    events = typed("1", enter=False) + tap(ecodes.KEY_F5) + typed("2")
    assert decode_all(KeyDecoder(), events) == ["12"]


def test_prefix_and_suffix_are_stripped() -> None:
    decoder = KeyDecoder(prefix="#", suffix="!")
    assert decode_all(decoder, typed("#12345!")) == ["12345"]
    assert decode_all(decoder, typed("12345")) == ["12345"]  # absent: left as is
    assert decode_all(decoder, typed("#!")) == []


def test_tab_as_configured_terminator() -> None:
    decoder = KeyDecoder(terminators={ecodes.KEY_TAB})
    events = typed("123", enter=False) + tap(ecodes.KEY_TAB)
    assert decode_all(decoder, events) == ["123"]


def test_ctrl_right_bracket_is_group_separator() -> None:
    events = typed("0112", enter=False) + tap(ecodes.KEY_RIGHTBRACE, ecodes.KEY_LEFTCTRL)
    events += typed("10AB")
    assert decode_all(KeyDecoder(), events) == ["0112\x1d10AB"]


def test_alt_keypad_code_gives_that_character() -> None:
    alt = ecodes.KEY_LEFTALT
    events = [*typed("01", enter=False), key(alt, 1)]
    events += tap(ecodes.KEY_KP0) + tap(ecodes.KEY_KP2) + tap(ecodes.KEY_KP9) + [key(alt, 0)]
    events += typed("10")
    assert decode_all(KeyDecoder(), events) == ["01\x1d10"]


def test_reset_forgets_half_code_and_held_shift() -> None:
    decoder = KeyDecoder()
    decode_all(decoder, [key(SHIFT, 1), *typed("ab", enter=False)])
    decoder.reset()
    assert decode_all(decoder, typed("c1")) == ["c1"]


# --- layouts -----------------------------------------------------------------------------------


def test_german_layout_swaps_y_and_z_and_has_altgr_at() -> None:
    events = tap(ecodes.KEY_Y) + tap(ecodes.KEY_Z, SHIFT) + tap(ecodes.KEY_Q, ALTGR)
    events += tap(ecodes.KEY_MINUS) + tap(ecodes.KEY_SLASH) + tap(ecodes.KEY_ENTER)
    assert decode_all(KeyDecoder(LAYOUTS["de"]), events) == ["zY@ß-"]


def test_norwegian_layout() -> None:
    events = tap(ecodes.KEY_2, SHIFT) + tap(ecodes.KEY_2, ALTGR) + tap(ecodes.KEY_LEFTBRACE)
    events += (
        tap(ecodes.KEY_SEMICOLON, SHIFT) + tap(ecodes.KEY_APOSTROPHE) + tap(ecodes.KEY_7, SHIFT)
    )
    events += tap(ecodes.KEY_ENTER)
    assert decode_all(KeyDecoder(LAYOUTS["no"]), events) == ['"@åØæ/']


def test_same_keys_read_differently_per_layout() -> None:
    events = tap(ecodes.KEY_SLASH) + tap(ecodes.KEY_SEMICOLON) + tap(ecodes.KEY_ENTER)
    assert decode_all(KeyDecoder(LAYOUTS["us"]), events) == ["/;"]
    assert decode_all(KeyDecoder(LAYOUTS["se"]), events) == ["-ö"]
    assert decode_all(KeyDecoder(LAYOUTS["dk"]), events) == ["-æ"]


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_layout_round_trips_a_gs1_like_code(name: str) -> None:
    layout = LAYOUTS[name]
    text = "(01)08712345678906(10)AbZy-7/9"
    assert decode_all(KeyDecoder(layout), typed(text, layout)) == [text]


def test_layout_overrides_from_config() -> None:
    layout = get_layout("us", {"KEY_Q": ["q", "Q", "@"]})
    events = tap(ecodes.KEY_Q, ALTGR) + tap(ecodes.KEY_Q) + tap(ecodes.KEY_ENTER)
    assert decode_all(KeyDecoder(layout), events) == ["@q"]
    assert LAYOUTS["us"].char(ecodes.KEY_Q, altgr=True) == ""  # the built-in one is unchanged


@pytest.mark.parametrize(
    ("name", "overrides"),
    [("klingon", None), ("us", {"KEY_NOPE": ["x"]}), ("us", {"KEY_Q": ["qq"]})],
)
def test_bad_layout_config_is_refused(name: str, overrides: dict | None) -> None:
    with pytest.raises(InvalidInput):
        get_layout(name, overrides)
