"""A minimal Streamlit client that speaks the browser's websocket protocol.

The browser opens `ws://<host>/_stcore/stream` with the subprotocol "streamlit" and sends `BackMsg`
protobufs; the server answers with `ForwardMsg`s (new_session, delta, page_info_changed, script_finished...).
A page view or an interaction is a `BackMsg.rerun_script` carrying the browser's `ClientState`: the page
(`page_name` is the URL path, e.g. "Decision_walker"), the query string, and the widget values. The time
from sending it to receiving `script_finished` is what a student waits for (less the browser's drawing).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.common import user_key_from_element_id

FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
FINISHED_EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
ERROR_ALERT = 1  # streamlit.proto.Alert.Format.ERROR


@dataclass
class Run:
    """What one rerun sent back."""

    seconds: float
    messages: int = 0
    bytes: int = 0
    status: int | None = None
    exceptions: list[str] = field(default_factory=list)
    error_alerts: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    widgets: dict[str, object] = field(default_factory=dict)
    page_not_found: bool = False
    auto_reruns: list[str] = field(default_factory=list)  # fragments the page asks to rerun on a timer (run_every)

    @property
    def failed(self) -> bool:
        """A traceback, a script that did not compile, a missing page or a data-file error on screen."""
        return bool(self.exceptions or self.error_alerts or self.page_not_found or self.status not in FINISHED_OK)


class StreamlitSession:
    """One browser tab: one websocket, its query string and the widget values it has set."""

    def __init__(self, base_url: str, timeout: float = 60):
        self.base_url = base_url
        self.timeout = timeout
        self.query_string = ""
        self.page_name = ""
        self.page_script_hash = ""  # of the page last run, as the server named it (new_session)
        self.widget_states: dict[str, WidgetState] = {}
        self.widget_fragments: dict[str, str] = {}  # widget id -> the fragment drawing it (st.fragment)
        self.keep_texts = False
        self._ws = None

    async def connect(self) -> None:
        ws_url = self.base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self._ws = await websockets.connect(ws_url, subprotocols=["streamlit"], origin=self.base_url,
                                            max_size=None, open_timeout=self.timeout, proxy=None)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def open_page(self, page_name: str, query_string: str = "") -> Run:
        """What typing the page's URL does: a rerun of that page with no widget values."""
        self.page_name = page_name
        self.query_string = query_string
        self.widget_states.clear()
        self.widget_fragments.clear()
        return await self.rerun()

    async def rerun(self, query_string: str | None = None, fragment_id: str = "", timer: bool = False) -> Run:
        """Rerun the current page, or with `fragment_id` only that fragment (`timer`: as the browser does for a
        `run_every` fragment's timer); with `query_string`, as if the URL's query string had changed."""
        if query_string is not None:
            self.query_string = query_string
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page_name
        if fragment_id:  # the browser names the page by its hash then; an st.rerun() in the fragment reruns it
            state.fragment_id = fragment_id
            state.is_auto_rerun = timer
            state.page_script_hash = self.page_script_hash
        state.widget_states.widgets.extend(self.widget_states.values())
        start = time.perf_counter()
        await self.send(message)
        return await self._collect(start, fragment_id)

    async def send(self, message) -> None:
        """Send one BackMsg as the browser would, without waiting for anything back."""
        await self._ws.send(message.SerializeToString())

    async def set_widget(self, widget_id: str, **value) -> Run:
        """A widget interaction, e.g. `set_widget(radio_id, int_value=1)` for the second option.

        As in the browser, a widget drawn by a fragment reruns that fragment only.
        """
        self.widget_states[widget_id] = WidgetState(id=widget_id, **value)
        run = await self.rerun(fragment_id=self.widget_fragments.get(widget_id, ""))
        for kind in ("trigger_value", "string_trigger_value", "json_trigger_value"):
            if kind in value:  # a click is an event: the browser does not send it again
                self.widget_states.pop(widget_id, None)
        return run

    async def _collect(self, start: float, fragment_id: str = "") -> Run:
        run = Run(seconds=0.0)
        deadline = start + self.timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished within {self.timeout} s")
            data = await _recv(self._ws, remaining)
            message = ForwardMsg()
            message.ParseFromString(data)
            run.messages += 1
            run.bytes += len(data)
            kind = message.WhichOneof("type")
            if kind == "delta":
                self._read_delta(message.delta, run)
                for widget_id in run.widgets.keys() - self.widget_fragments.keys():
                    self.widget_fragments[widget_id] = message.delta.fragment_id
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "new_session":
                self.page_script_hash = next((p.page_script_hash for p in message.new_session.app_pages
                                              if p.url_pathname == self.page_name), "")
            elif kind == "auto_rerun":
                run.auto_reruns.append(message.auto_rerun.fragment_id)
            elif kind == "script_finished":
                if message.script_finished == FINISHED_EARLY_FOR_RERUN:
                    continue  # a newer run follows (the page called st.rerun or the client sent another)
                run.status = message.script_finished
                run.seconds = time.perf_counter() - start
                # The browser sends the values of the widgets on screen only; a fragment's run redraws its own.
                self.widget_states = {k: v for k, v in self.widget_states.items() if k in run.widgets
                                      or (fragment_id and self.widget_fragments.get(k) != fragment_id)}
                return run

    def _read_delta(self, delta, run: Run) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "alert" and element.alert.format == ERROR_ALERT:
            run.error_alerts.append(element.alert.body)
        elif kind is not None:
            proto = getattr(element, kind)
            widget_id = getattr(proto, "id", "")
            if widget_id:
                run.widgets[widget_id] = proto
            if self.keep_texts:
                for attr in ("body", "label", "value", "code_text"):
                    text = getattr(proto, attr, None)
                    if isinstance(text, str) and text:
                        run.texts.append(text)


async def _recv(ws, timeout: float) -> bytes:
    data = await asyncio.wait_for(ws.recv(), timeout)
    if isinstance(data, str):
        raise RuntimeError("Streamlit sent a text frame; expected a ForwardMsg")
    return data


def find_widget(run: Run, key: str):
    """The proto of the widget with this user key in a run's deltas, or None."""
    for widget_id, proto in run.widgets.items():
        if user_key_from_element_id(widget_id) == key:
            return widget_id, proto
    return None
