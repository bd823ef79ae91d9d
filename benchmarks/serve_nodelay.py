"""`streamlit run`, with TCP_NODELAY on every accepted connection: `python -m benchmarks.serve_nodelay app.py ...`.

Streamlit 1.67 serves through uvicorn on a listening socket it creates with `socket.socket(family)`, so the
socket's `proto` is 0; asyncio sets TCP_NODELAY only on accepted sockets whose proto is IPPROTO_TCP. Nagle's
algorithm then holds every ForwardMsg after the first of a rerun until the browser's delayed ACK (40 ms on
Linux, longer elsewhere). Same root cause as uvicorn issue #3149. The benchmarks use this launcher to measure
what the fix is worth; the app can adopt it (or an upstream fix) to serve students.
"""

from __future__ import annotations

import asyncio.base_events
import socket
import sys


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def main() -> None:
    asyncio.base_events._set_nodelay = _set_nodelay  # read at each accept by asyncio's socket transports
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
