"""A widget value forged by a client is dropped at the door: the widget reads as not set, never as an error.

The browser sends each widget's value in a field of the kind the widget declared (a radio's option index as
`int_value`, a slider's ends as `double_array_value`). Streamlit 1.67 trusts that: a client that sends another
kind, a non-finite number or an index no option has makes the widget's deserializer raise inside the page
script, and the sender's page shows an error box instead of the page. `install` wraps the one place where a
sent value is turned into the widget's value (`WStates.__getitem__`): a value of the wrong kind, with NaN or
infinity, or that the deserializer refuses, is replaced by the widget's default, as if nothing had been sent.
Only the sender's own session sees the difference; the value a real browser sends always passes.
`tests/test_widget_guard.py` tells when a Streamlit upgrade moves that place.
"""

from __future__ import annotations

import math
from copy import deepcopy

from streamlit.runtime.state import session_state as _session_state


def _finite(proto) -> bool:
    field = proto.WhichOneof("value")
    if field == "double_value":
        return math.isfinite(proto.double_value)
    if field == "double_array_value":
        return all(math.isfinite(v) for v in proto.double_array_value.data)
    return True


def _as_sent(metadata, proto):
    """The widget's value from what the client sent; None when it is not a value this widget can have."""
    if proto.WhichOneof("value") != metadata.value_type or not _finite(proto):
        return None
    try:
        return (metadata.deserializer(_session_state.unpack_widget_state_value(proto)),)
    except (ValueError, TypeError, IndexError, KeyError, OverflowError, AttributeError):
        return None


def _guarded_getitem(states, key: str):
    state, metadata = states.states.get(key), states.widget_metadata.get(key)
    if not isinstance(state, _session_state.Serialized) or metadata is None:
        return _ORIGINAL_GETITEM(states, key)  # a value already read, or no widget yet: Streamlit's own way
    sent = _as_sent(metadata, state.value)
    value = sent[0] if sent else deepcopy(metadata.deserializer(None))
    states.states[key] = _session_state.Value(value)
    return value


_ORIGINAL_GETITEM = _session_state.WStates.__getitem__


def install() -> None:
    """Guard every session's widget values in this process (idempotent)."""
    _session_state.WStates.__getitem__ = _guarded_getitem
