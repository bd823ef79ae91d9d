"""A forged widget value reads as the widget's default, never as an error in the sender's page (issue 15).

The unit tests pin the seam `vcf_ui.widget_guard` wraps in Streamlit (so an upgrade that moves it fails here);
the fuzz slice sends forged values of every kind to the widgets of every page of a served app.
"""

from __future__ import annotations

import math
import random

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.common import WidgetMetadata
from streamlit.runtime.state.session_state import Serialized, WStates

from benchmarks import fuzz
from vcf_ui import widget_guard

OPTIONS = ["No", "Yes", "Not known"]


def _states(sent: WidgetState) -> WStates:
    def deserialize(index):
        return OPTIONS[0] if index is None else OPTIONS[index]

    states = WStates()
    states.set_widget_metadata(WidgetMetadata(id="radio", deserializer=deserialize, serializer=OPTIONS.index,
                                              value_type="int_value"))
    states["radio"] = Serialized(sent)
    return states


@pytest.fixture(autouse=True)
def guarded():
    widget_guard.install()


def test_a_value_the_browser_would_send_is_read_as_sent():
    assert _states(WidgetState(id="radio", int_value=1))["radio"] == "Yes"


@pytest.mark.parametrize("sent", [WidgetState(id="radio", int_value=99), WidgetState(id="radio", int_value=-9),
                                  WidgetState(id="radio", double_value=math.nan),
                                  WidgetState(id="radio", string_value="Yes"),
                                  WidgetState(id="radio", trigger_value=True)],
                         ids=["index no option has", "negative index", "NaN", "text", "a click"])
def test_a_forged_value_reads_as_the_default(sent):
    states = _states(sent)
    assert states["radio"] == "No"
    assert states["radio"] == "No"  # and stays read, not re-deserialized


def test_non_finite_numbers_are_never_a_widgets_value():
    assert not widget_guard._finite(WidgetState(id="s", double_value=math.inf))
    probe = WidgetState(id="s")
    probe.double_array_value.data.extend([1.0, math.nan])
    assert not widget_guard._finite(probe)
    assert widget_guard._finite(WidgetState(id="s", double_value=-0.0))


def test_forged_widget_values_on_every_page(app_server):
    tally = fuzz.fuzz_widgets(random.Random("ci-widgets"), 80, base_url=app_server)
    assert tally.cases == 80
    assert tally.tracebacks == 0 and tally.hangs == 0 and tally.rendered == 0, tally.examples
